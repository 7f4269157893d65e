package export

import (
	"bufio"
	"fmt"
	"io"
)

// WriteNodeLink writes the table of in as node-link JSON, the format of
// networkx's node_link_data: {"directed": true, "multigraph": true,
// "graph": {...}, "nodes": [{"id", ...}], "links": [{"source", "target",
// "key", ...}]}, every node and edge attribute of [NodeColumns] and
// [EdgeColumns] a member, empty ones as "" (an edge's id is its "key"). networkx reads it
// with node_link_graph(data) (networkx 3.4 and later: node_link_graph(data,
// edges="links")).
func WriteNodeLink(w io.Writer, in *Input) error {
	t := newTable(in)
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"directed": true, "multigraph": true, "graph": {"name": `)
	writeJSONString(bw, in.title())
	bw.WriteString("},\n\"nodes\": [")
	for i, n := range t.nodes {
		jsonObject(bw, i, "\n  ", NodeColumns, n.values(), -1)
	}
	bw.WriteString("\n],\n\"links\": [")
	cols := append([]string{"key"}, EdgeColumns[1:]...)
	for i, e := range t.edges {
		jsonObject(bw, i, "\n  ", cols, e.values(), 4)
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write node-link JSON: %w", err)
	}
	return nil
}

// WriteCytoscape writes the table of in as Cytoscape.js elements JSON:
// {"data": {"name"}, "elements": {"nodes": [{"data": {...}, "classes"}],
// "edges": [{"data": {...}, "classes"}]}}, each element's data holding
// the [NodeColumns] or [EdgeColumns], its class the entity type or the
// relation. cy.json(data) or cytoscape({elements: data.elements}) loads it.
func WriteCytoscape(w io.Writer, in *Input) error {
	t := newTable(in)
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"data": {"name": `)
	writeJSONString(bw, in.title())
	bw.WriteString("},\n\"elements\": {\"nodes\": [")
	for i, n := range t.nodes {
		element(bw, i, NodeColumns, n.values(), -1, n.Type)
	}
	bw.WriteString("\n],\n\"edges\": [")
	for i, e := range t.edges {
		element(bw, i, EdgeColumns, e.values(), 4, e.Relation)
	}
	bw.WriteString("\n]}}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write Cytoscape.js JSON: %w", err)
	}
	return nil
}

func element(w *bufio.Writer, i int, cols, vals []string, number int, class string) {
	if i > 0 {
		w.WriteByte(',')
	}
	w.WriteString("\n  {\"data\": ")
	jsonObject(w, 0, "", cols, vals, number)
	w.WriteString(`, "classes": `)
	writeJSONString(w, class)
	w.WriteByte('}')
}

// jsonObject writes {"col": value, ...}, every column, empty ones as "";
// the value at index number (if any) is written as a JSON number.
func jsonObject(w *bufio.Writer, i int, indent string, cols, vals []string, number int) {
	if i > 0 {
		w.WriteByte(',')
	}
	w.WriteString(indent + "{")
	for k, v := range vals {
		if k > 0 {
			w.WriteString(", ")
		}
		writeJSONString(w, cols[k])
		w.WriteString(": ")
		if k == number {
			w.WriteString(v)
		} else {
			writeJSONString(w, v)
		}
	}
	w.WriteByte('}')
}
