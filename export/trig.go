package export

import (
	"bufio"
	"fmt"
	"io"
	"sort"

	"github.com/cayleygraph/quad"
)

// WriteTriG writes the RDF of in ([RDFQuads]) as TriG: one graph block per
// graph name — each source document's quads in the document's named graph,
// the label cayley stores with them — with the prefixes of [WriteTurtle].
// Quads without a graph name go to the default graph block.
func WriteTriG(w io.Writer, in *Input) error {
	qs := RDFQuads(in)
	px := newPrefixes(qs)
	bw := bufio.NewWriter(w)
	px.writeDecls(bw)
	for _, g := range byGraph(qs) {
		if g.name == nil {
			bw.WriteString("{\n")
		} else {
			writeTerm(bw, g.name)
			bw.WriteString(" {\n")
		}
		writeTriples(bw, px, triples(g.quads), "    ")
		bw.WriteString("}\n\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write TriG: %w", err)
	}
	return nil
}

// namedGraph is the quads of one graph name.
type namedGraph struct {
	name  quad.Value // nil for the default graph
	quads []quad.Quad
}

// byGraph splits sorted quads by graph name, the default graph first, then
// by name; each graph's quads stay sorted.
func byGraph(qs []quad.Quad) []namedGraph {
	idx := map[quad.Value]int{}
	var out []namedGraph
	for _, q := range qs {
		i, ok := idx[q.Label]
		if !ok {
			i = len(out)
			idx[q.Label] = i
			out = append(out, namedGraph{name: q.Label})
		}
		out[i].quads = append(out[i].quads, q)
	}
	key := func(v quad.Value) string {
		if v == nil {
			return ""
		}
		return v.String()
	}
	sort.SliceStable(out, func(i, j int) bool { return key(out[i].name) < key(out[j].name) })
	return out
}
