package graph

import (
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// Node is an entity of the graph.
type Node struct {
	IRI      quad.IRI
	Type     extract.Type
	Label    string
	Aliases  []string
	Wikidata string
	// ISO is a state's ISO code.
	ISO string
	// Nationality is, for a person, the state the extractor read from a
	// nationality word.
	Nationality quad.IRI
	// Date is an agreement's or event's own date, when a source gives it.
	Date string
	// Docs are the documents that mention the node.
	Docs []quad.IRI
	// Merged are the nodes resolution folded into this one.
	Merged []quad.IRI
}

// Merge is a link resolution made between two nodes ([Store.Resolve]).
type Merge struct {
	IRI          quad.IRI
	A, B         quad.IRI
	AName, BName string
	Score        float64
	Reasons      []string
	Forced       bool
	Docs         []quad.IRI
}

// Fact is one statement: an extracted relation with its evidence.
type Fact struct {
	Statement  quad.IRI
	Subject    quad.IRI
	Predicate  extract.Predicate
	Object     quad.IRI
	Negated    bool
	Modality   extract.Modality
	Confidence float64
	Cue        string
	Evidence   string
	Start, End int
	Date       string
	CAMEO      string
	Doc        quad.IRI
}

// Asserted reports whether the fact is positive and asserted: only such
// facts are edges.
func (f Fact) Asserted() bool { return !f.Negated && f.Modality == extract.Asserted }

// Doc is a source document.
type Doc struct {
	IRI       quad.IRI
	ID        string
	Title     string
	URL       string
	Lang      string
	Published string
}

// Model is the graph read back from quads: entities, statements and
// documents. Exporters draw it; it never touches the store.
type Model struct {
	Nodes map[quad.IRI]*Node
	Facts []Fact
	Docs  map[quad.IRI]*Doc
	// Merges are resolution's links, ordered by IRI; SameAs maps each
	// merged node to the node it is shown as.
	Merges []Merge
	SameAs map[quad.IRI]quad.IRI
}

// NewModel builds a model from quads (any order). Quads it does not know
// are ignored.
func NewModel(quads []quad.Quad) *Model {
	m := &Model{Nodes: map[quad.IRI]*Node{}, Docs: map[quad.IRI]*Doc{}, SameAs: map[quad.IRI]quad.IRI{}}
	stmts := map[quad.IRI]*Fact{}
	merges := map[quad.IRI]*Merge{}
	node := func(v quad.IRI) *Node {
		n := m.Nodes[v]
		if n == nil {
			n = &Node{IRI: v}
			m.Nodes[v] = n
		}
		return n
	}
	doc := func(v quad.IRI) *Doc {
		d := m.Docs[v]
		if d == nil {
			d = &Doc{IRI: v}
			m.Docs[v] = d
		}
		return d
	}
	fact := func(v quad.IRI) *Fact {
		f := stmts[v]
		if f == nil {
			f = &Fact{Statement: v}
			stmts[v] = f
		}
		return f
	}
	// Pass 1: types, so that we know what each subject is.
	kind := map[quad.IRI]string{}
	for _, q := range quads {
		s, ok := q.Subject.(quad.IRI)
		if !ok || q.Predicate != rdfType {
			continue
		}
		o, _ := q.Object.(quad.IRI)
		switch {
		case o == ngStatement:
			kind[s] = "stmt"
		case o == schemaArticle:
			kind[s] = "doc"
		case o == ngMerge:
			kind[s] = "merge"
			merges[s] = &Merge{IRI: s}
		default:
			if t, ok := TypeOf(o); ok {
				kind[s] = "node"
				node(s).Type = t
			}
		}
	}
	for _, q := range quads {
		s, ok := q.Subject.(quad.IRI)
		if !ok {
			continue
		}
		p, _ := q.Predicate.(quad.IRI)
		if p == ngSameAs {
			if o, ok := q.Object.(quad.IRI); ok {
				m.SameAs[s] = o
			}
			continue
		}
		switch kind[s] {
		case "merge":
			r := merges[s]
			switch p {
			case ngMergeA:
				r.A, _ = q.Object.(quad.IRI)
			case ngMergeB:
				r.B, _ = q.Object.(quad.IRI)
			case ngAName:
				r.AName = literal(q.Object)
			case ngBName:
				r.BName = literal(q.Object)
			case ngScore:
				r.Score, _ = strconv.ParseFloat(literal(q.Object), 64)
			case ngReason:
				r.Reasons = append(r.Reasons, literal(q.Object))
			case ngForced:
				r.Forced = literal(q.Object) == "true"
			case provDerived:
				if o, ok := q.Object.(quad.IRI); ok {
					r.Docs = append(r.Docs, o)
				}
			}
		case "node":
			n := node(s)
			switch p {
			case rdfsLabel:
				n.Label = literal(q.Object)
			case schemaAltName:
				n.Aliases = append(n.Aliases, literal(q.Object))
			case owlSameAs:
				if o, ok := q.Object.(quad.IRI); ok {
					n.Wikidata = strings.TrimPrefix(string(o), Wikidata)
				}
			case ngISOCode:
				n.ISO = literal(q.Object)
			case schemaNationalty:
				n.Nationality, _ = q.Object.(quad.IRI)
			case ngDate:
				n.Date = literal(q.Object)
			}
		case "doc":
			d := doc(s)
			switch p {
			case schemaIdentifier:
				d.ID = literal(q.Object)
			case schemaHeadline:
				d.Title = literal(q.Object)
			case schemaURL:
				d.URL = literal(q.Object)
			case schemaLanguage:
				d.Lang = literal(q.Object)
			case schemaPublished:
				d.Published = literal(q.Object)
			case schemaMentions:
				if o, ok := q.Object.(quad.IRI); ok {
					n := node(o)
					n.Docs = append(n.Docs, s)
				}
			}
		case "stmt":
			f := fact(s)
			switch p {
			case ngSubject:
				f.Subject, _ = q.Object.(quad.IRI)
			case ngObject:
				f.Object, _ = q.Object.(quad.IRI)
			case ngPredicate:
				if o, ok := q.Object.(quad.IRI); ok {
					f.Predicate, _ = PredicateOf(o)
				}
			case ngPolarity:
				f.Negated = literal(q.Object) == "negative"
			case ngModality:
				f.Modality = extract.Modality(literal(q.Object))
			case ngConfidence:
				f.Confidence, _ = strconv.ParseFloat(literal(q.Object), 64)
			case ngCue:
				f.Cue = literal(q.Object)
			case ngEvidence:
				f.Evidence = literal(q.Object)
			case ngStart:
				f.Start, _ = strconv.Atoi(literal(q.Object))
			case ngEnd:
				f.End, _ = strconv.Atoi(literal(q.Object))
			case ngDate:
				f.Date = literal(q.Object)
			case ngCAMEO:
				f.CAMEO = literal(q.Object)
			case provDerived:
				f.Doc, _ = q.Object.(quad.IRI)
			}
		}
	}
	for _, n := range m.Nodes {
		sort.Strings(n.Aliases)
		n.Aliases = dedupeStrings(n.Aliases)
		sort.Slice(n.Docs, func(i, j int) bool { return n.Docs[i] < n.Docs[j] })
		n.Docs = dedupeIRIs(n.Docs)
		if n.Label == "" {
			n.Label = string(n.IRI)
		}
	}
	for member, c := range m.SameAs {
		if n := m.Nodes[c]; n != nil {
			n.Merged = append(n.Merged, member)
		}
	}
	for _, n := range m.Nodes {
		sort.Slice(n.Merged, func(i, j int) bool { return n.Merged[i] < n.Merged[j] })
	}
	for _, r := range merges {
		sort.Strings(r.Reasons)
		sort.Slice(r.Docs, func(i, j int) bool { return r.Docs[i] < r.Docs[j] })
		m.Merges = append(m.Merges, *r)
	}
	sort.Slice(m.Merges, func(i, j int) bool { return m.Merges[i].IRI < m.Merges[j].IRI })
	for _, f := range stmts {
		if f.Subject == "" || f.Object == "" || f.Predicate == "" {
			continue
		}
		m.Facts = append(m.Facts, *f)
	}
	sort.Slice(m.Facts, func(i, j int) bool { return factLess(m.Facts[i], m.Facts[j]) })
	return m
}

func factLess(a, b Fact) bool {
	if a.Subject != b.Subject {
		return a.Subject < b.Subject
	}
	if a.Predicate != b.Predicate {
		return a.Predicate < b.Predicate
	}
	if a.Object != b.Object {
		return a.Object < b.Object
	}
	if a.Doc != b.Doc {
		return a.Doc < b.Doc
	}
	return a.Statement < b.Statement
}

// literal returns the lexical form of a literal value.
func literal(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	case quad.IRI:
		return string(v)
	case nil:
		return ""
	default:
		return v.String()
	}
}

func dedupeStrings(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func dedupeIRIs(s []quad.IRI) []quad.IRI {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// SortedNodes returns the nodes ordered by type, then label, then IRI.
func (m *Model) SortedNodes() []*Node {
	out := make([]*Node, 0, len(m.Nodes))
	for _, n := range m.Nodes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		if out[i].Label != out[j].Label {
			return out[i].Label < out[j].Label
		}
		return out[i].IRI < out[j].IRI
	})
	return out
}

// Edge is an asserted relation between two nodes with the facts that
// support it (from one or more documents).
type Edge struct {
	Subject   quad.IRI
	Predicate extract.Predicate
	Object    quad.IRI
	Facts     []Fact
}

// Edges groups the asserted facts by subject, predicate and object, in a
// deterministic order.
func (m *Model) Edges() []Edge {
	var out []Edge
	for _, f := range m.Facts {
		if !f.Asserted() {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Subject == f.Subject && out[n-1].Predicate == f.Predicate && out[n-1].Object == f.Object {
			out[n-1].Facts = append(out[n-1].Facts, f)
			continue
		}
		out = append(out, Edge{Subject: f.Subject, Predicate: f.Predicate, Object: f.Object, Facts: []Fact{f}})
	}
	return out
}
