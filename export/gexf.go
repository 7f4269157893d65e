package export

import (
	"bufio"
	"fmt"
	"io"
)

// WriteGEXF writes the table of in as GEXF 1.2 (the format of Gephi): a
// static directed graph whose node and edge attributes are declared first
// (type, iri, wikidata for nodes; the [EdgeColumns] after relation for
// edges, confidence as a double), every entity as a node with its label,
// and one edge per asserted fact with the relation as label and kind and
// the confidence as weight. An empty value has no <attvalue>. networkx
// reads it with read_gexf.
func WriteGEXF(w io.Writer, in *Input) error {
	t := newTable(in)
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">
  <meta>
    <creator>newsgraph</creator>
    <description>`)
	xmlEscape(bw, in.title())
	bw.WriteString(`</description>
  </meta>
  <graph mode="static" defaultedgetype="directed">
    <attributes class="node" mode="static">
`)
	nodeAttrs := NodeColumns[2:] // id and label are GEXF's own
	for _, c := range nodeAttrs {
		fmt.Fprintf(bw, "      <attribute id=\"%s\" title=\"%s\" type=\"string\"/>\n", c, c)
	}
	bw.WriteString("    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n")
	edgeAttrs := EdgeColumns[3:]
	for _, c := range edgeAttrs {
		typ := "string"
		if c == "confidence" {
			typ = "double"
		}
		fmt.Fprintf(bw, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", c, c, typ)
	}
	bw.WriteString("    </attributes>\n    <nodes>\n")
	for _, n := range t.nodes {
		bw.WriteString(`      <node id="`)
		xmlEscape(bw, n.ID)
		bw.WriteString(`" label="`)
		xmlEscape(bw, n.Label)
		bw.WriteString("\">\n")
		gexfValues(bw, nodeAttrs, n.values()[2:])
		bw.WriteString("      </node>\n")
	}
	bw.WriteString("    </nodes>\n    <edges>\n")
	for _, e := range t.edges {
		bw.WriteString(`      <edge id="`)
		xmlEscape(bw, e.ID)
		bw.WriteString(`" source="`)
		xmlEscape(bw, e.Source)
		bw.WriteString(`" target="`)
		xmlEscape(bw, e.Target)
		bw.WriteString(`" label="`)
		xmlEscape(bw, e.Relation)
		bw.WriteString(`" kind="`)
		xmlEscape(bw, e.Relation)
		fmt.Fprintf(bw, "\" weight=\"%s\">\n", e.confidence())
		gexfValues(bw, edgeAttrs, e.values()[3:])
		bw.WriteString("      </edge>\n")
	}
	bw.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write GEXF: %w", err)
	}
	return nil
}

// gexfValues writes an <attvalues> element; empty values are left out.
func gexfValues(w *bufio.Writer, ids, vals []string) {
	w.WriteString("        <attvalues>\n")
	for i, v := range vals {
		if v == "" {
			continue
		}
		fmt.Fprintf(w, "          <attvalue for=\"%s\" value=\"", ids[i])
		xmlEscape(w, v)
		w.WriteString("\"/>\n")
	}
	w.WriteString("        </attvalues>\n")
}
