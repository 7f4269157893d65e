package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
)

// WriteGraphML writes the table of in (see [NodeColumns] and [EdgeColumns])
// as GraphML: typed attribute keys (attr.type "string", "double" for
// confidence), every entity as a node, one directed edge per asserted fact,
// its statement's hash as the edge ID. An empty value has no <data>
// element (GraphML's missing value). networkx reads it with
// read_graphml (as a MultiDiGraph when a relation has several sources);
// yEd, Gephi and igraph read it too.
func WriteGraphML(w io.Writer, in *Input) error {
	t := newTable(in)
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
`)
	for _, c := range NodeColumns[1:] {
		fmt.Fprintf(bw, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"string\"/>\n", c, c)
	}
	for _, c := range EdgeColumns[3:] {
		typ := "string"
		if c == "confidence" {
			typ = "double"
		}
		fmt.Fprintf(bw, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", c, c, typ)
	}
	bw.WriteString(`  <graph id="`)
	xmlEscape(bw, in.title())
	bw.WriteString("\" edgedefault=\"directed\">\n")
	for _, n := range t.nodes {
		bw.WriteString(`    <node id="`)
		xmlEscape(bw, n.ID)
		bw.WriteString("\">\n")
		for i, v := range n.values()[1:] {
			graphMLData(bw, "n_"+NodeColumns[i+1], v)
		}
		bw.WriteString("    </node>\n")
	}
	for _, e := range t.edges {
		bw.WriteString(`    <edge id="`)
		xmlEscape(bw, e.ID)
		bw.WriteString(`" source="`)
		xmlEscape(bw, e.Source)
		bw.WriteString(`" target="`)
		xmlEscape(bw, e.Target)
		bw.WriteString("\">\n")
		for i, v := range e.values()[3:] {
			graphMLData(bw, "e_"+EdgeColumns[i+3], v)
		}
		bw.WriteString("    </edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write GraphML: %w", err)
	}
	return nil
}

// graphMLData writes one <data> element; empty values are left out.
func graphMLData(w *bufio.Writer, key, v string) {
	if v == "" {
		return
	}
	fmt.Fprintf(w, "      <data key=\"%s\">", key)
	xmlEscape(w, v)
	w.WriteString("</data>\n")
}

// xmlEscape writes s escaped for XML text and attribute values (line
// breaks and tabs as character references, so attribute values keep them).
func xmlEscape(w io.Writer, s string) {
	_ = xml.EscapeText(w, []byte(cleanCell(s))) // errors surface at Flush
}
