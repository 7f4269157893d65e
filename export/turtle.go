package export

import (
	"bufio"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
)

// WriteTurtle writes the RDF of in ([RDFQuads]) as Turtle: the distinct
// triples of all documents merged (the graph names are dropped; use TriG or
// N-Quads to keep them), grouped by subject, with prefixes for the
// vocabularies and for the minted IRIs where their local names allow.
// Literals are escaped as in [WriteNQuads]; an IRI whose local name would
// need escapes is written in full.
func WriteTurtle(w io.Writer, in *Input) error {
	qs := RDFQuads(in)
	px := newPrefixes(qs)
	bw := bufio.NewWriter(w)
	px.writeDecls(bw)
	writeTriples(bw, px, triples(qs), "")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write Turtle: %w", err)
	}
	return nil
}

// writeDecls writes the @prefix lines.
func (p *prefixes) writeDecls(w *bufio.Writer) {
	for _, ns := range p.used {
		fmt.Fprintf(w, "@prefix %s: <%s> .\n", ns.prefix, ns.iri)
	}
	w.WriteByte('\n')
}

// writeTriples writes triples (sorted by subject) as Turtle statements,
// one per subject, rdf:type first, each line starting with indent.
func writeTriples(w *bufio.Writer, p *prefixes, ts []triple, indent string) {
	for i := 0; i < len(ts); {
		j := i
		for j < len(ts) && ts[j].s == ts[i].s {
			j++
		}
		group := ts[i:j]
		w.WriteString(indent)
		p.writeTerm(w, group[0].s)
		// rdf:type first, then the rest in order.
		var prev quad.Value
		first := true
		emit := func(t triple) {
			switch {
			case first:
				w.WriteByte(' ')
				p.writePredicate(w, t.p)
				first = false
			case t.p == prev:
				w.WriteString(" ,\n" + indent + "        ")
			default:
				w.WriteString(" ;\n" + indent + "    ")
				p.writePredicate(w, t.p)
			}
			w.WriteByte(' ')
			p.writeTerm(w, t.o)
			prev = t.p
		}
		for _, t := range group {
			if t.p == rdfType {
				emit(t)
			}
		}
		for _, t := range group {
			if t.p != rdfType {
				emit(t)
			}
		}
		w.WriteString(" .\n\n")
		i = j
	}
}

func (p *prefixes) writePredicate(w *bufio.Writer, v quad.Value) {
	if v == rdfType {
		w.WriteByte('a')
		return
	}
	p.writeTerm(w, v)
}

// writeTerm writes a term in Turtle syntax: a prefixed name where one is
// safe, otherwise as in N-Triples.
func (p *prefixes) writeTerm(w *bufio.Writer, v quad.Value) {
	switch v := v.(type) {
	case quad.IRI:
		if c := p.compact(string(v)); c != "" {
			w.WriteString(c)
			return
		}
	case quad.TypedString:
		writeString(w, string(v.Value))
		w.WriteString("^^")
		p.writeTerm(w, v.Type)
		return
	}
	writeTerm(w, v)
}
