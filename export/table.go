package export

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph"
)

// The graph and notebook formats (GraphML, GEXF, CSV, node-link JSON,
// Cytoscape.js) share one table of nodes and one of edges, with these
// columns.
var (
	// NodeColumns are the node attributes: a short ID (the IRI's path
	// after <base>id/, such as "person/karsten-wildberger"), the label,
	// the entity type, the full IRI and the Wikidata ID.
	NodeColumns = []string{"id", "label", "type", "iri", "wikidata"}
	// EdgeColumns are the edge attributes. An edge is one asserted fact
	// (statement): source and target are node IDs, relation is "signed",
	// "attended", "refused" or "builds-on", date is the fact's date or else
	// the document's publication date, quote the evidence sentence,
	// document the source document's ID, title its headline, published its
	// publication date and statement the statement's IRI.
	EdgeColumns = []string{"id", "source", "target", "relation", "confidence", "date", "quote", "document", "title", "published", "statement"}
)

// nodeRow is one node of the table.
type nodeRow struct {
	ID, Label, Type, IRI, Wikidata string
}

func (n nodeRow) values() []string { return []string{n.ID, n.Label, n.Type, n.IRI, n.Wikidata} }

// edgeRow is one edge of the table.
type edgeRow struct {
	ID, Source, Target, Relation string
	Confidence                   float64
	Date, Quote, Document, Title string
	Published, Statement         string
}

// confidence formats the confidence as a JSON and XML number (0 for a
// value that is not a finite number).
func (e edgeRow) confidence() string {
	if math.IsNaN(e.Confidence) || math.IsInf(e.Confidence, 0) {
		return "0"
	}
	return strconv.FormatFloat(e.Confidence, 'f', -1, 64)
}

func (e edgeRow) values() []string {
	return []string{e.ID, e.Source, e.Target, e.Relation, e.confidence(), e.Date, e.Quote, e.Document, e.Title, e.Published, e.Statement}
}

// table is the graph as node and edge rows.
type table struct {
	nodes []nodeRow
	edges []edgeRow
}

// newTable builds the table of in: every entity as a node (ordered by
// type, label and IRI), and one edge per asserted fact — not one per
// subject-relation-object — so every edge carries exactly one piece of
// evidence; parallel edges are the several sources of one relation, and
// counting them gives the support. Negated and non-asserted statements
// are not edges (they are in the RDF exports). Text is cleaned for XML and
// CSV: invalid UTF-8 and control characters other than tab and line
// breaks become U+FFFD.
func newTable(in *Input) *table {
	m := in.Model
	t := &table{}
	nodes := m.SortedNodes()
	short := shortIDs(nodes)
	for _, n := range nodes {
		if n.Type == "" {
			continue
		}
		t.nodes = append(t.nodes, nodeRow{
			ID: short[n.IRI], Label: cleanCell(n.Label), Type: string(n.Type),
			IRI: EscapeIRI(string(n.IRI)), Wikidata: cleanCell(n.Wikidata),
		})
	}
	for _, f := range m.Facts {
		if !f.Asserted() {
			continue
		}
		src, ok1 := short[f.Subject]
		dst, ok2 := short[f.Object]
		if !ok1 || !ok2 {
			continue
		}
		e := edgeRow{
			ID: localID(string(f.Statement)), Source: src, Target: dst, Relation: string(f.Predicate),
			Confidence: f.Confidence, Date: cleanCell(m.FactDate(f)), Quote: cleanCell(f.Evidence),
			Statement: EscapeIRI(string(f.Statement)),
		}
		if d := m.Docs[f.Doc]; d != nil {
			e.Document, e.Title, e.Published = cleanCell(d.ID), cleanCell(d.Title), cleanCell(d.Published)
		}
		t.edges = append(t.edges, e)
	}
	return t
}

// shortIDs maps typed nodes to short IDs: the IRI's path after "/id/", or
// the whole (escaped) IRI when that is not unique.
func shortIDs(nodes []*graph.Node) map[quad.IRI]string {
	out := map[quad.IRI]string{}
	seen := map[string]bool{}
	unique := true
	for _, n := range nodes {
		if n.Type == "" {
			continue
		}
		id := localID(string(n.IRI))
		if seen[id] {
			unique = false
		}
		seen[id] = true
		out[n.IRI] = id
	}
	if !unique {
		for iri := range out {
			out[iri] = EscapeIRI(string(iri))
		}
	}
	return out
}

// localID returns the part of a minted IRI after its last "/id/", or the
// escaped IRI.
func localID(iri string) string {
	esc := EscapeIRI(iri)
	if i := strings.LastIndex(esc, "/id/"); i >= 0 && i+4 < len(esc) {
		return esc[i+4:]
	}
	return esc
}

// cleanCell replaces what XML 1.0 and CSV readers reject — invalid UTF-8,
// NUL and other control characters except tab, line feed and carriage
// return, U+FFFE and U+FFFF — with U+FFFD.
func cleanCell(s string) string {
	ok := utf8.ValidString(s)
	for i := 0; ok && i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f || c == 0xef {
			ok = false
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError, r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f, r == 0xFFFE, r == 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
