package graph

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// Filter selects part of a graph for export. The zero Filter keeps
// everything. Conditions combine with AND; the values of one list
// condition (Predicates, Types, Sources, Focus) with OR.
//
// A filter works on facts (statement nodes) and keeps whole entities,
// statements and documents: [Filter.Apply] returns every quad a kept
// entity, statement or document needs (types, labels, aliases, Wikidata
// links, evidence, offsets, the document's title and date), so an RDF
// export of the result stays complete and every format sees the same
// selection.
type Filter struct {
	// Focus names the centres of an ego network: an entity IRI, or a label
	// or alias compared case- and accent-insensitively ([extract.Fold]).
	// A name may match several entities; all become centres.
	Focus []string
	// Depth is the number of hops from Focus (0: the focus entities alone).
	// Facts of every polarity and modality count as hops; every fact
	// between two entities within reach is kept (the induced subgraph, as
	// networkx's ego_graph).
	Depth int
	// Predicates keeps facts with one of these relations.
	Predicates []extract.Predicate
	// Types keeps entities of these types, and facts whose two ends both
	// have one of them (focus entities are always kept).
	Types []extract.Type
	// Sources keeps facts, entities and document records from these
	// documents, named by document ID, IRI, or the base name of the ID.
	Sources []string
	// Since and Until bound a fact's date (YYYY, YYYY-MM or YYYY-MM-DD,
	// inclusive); a fact without a date of its own is dated by its
	// document's publication date, and one with neither is dropped when a
	// bound is set. A partial date matches when its period overlaps the
	// bounds.
	Since, Until string
	// MinConfidence drops facts with a lower confidence (0 to 1).
	MinConfidence float64
}

// IsZero reports whether f keeps everything.
func (f *Filter) IsZero() bool {
	return len(f.Focus) == 0 && len(f.Predicates) == 0 && len(f.Types) == 0 && len(f.Sources) == 0 &&
		f.Since == "" && f.Until == "" && f.MinConfidence == 0
}

// factFilter reports whether f has a condition on facts themselves; then
// only the ends of kept facts are kept.
func (f *Filter) factFilter() bool {
	return len(f.Predicates) > 0 || f.Since != "" || f.Until != "" || f.MinConfidence > 0
}

// Validate checks f's values and returns an error naming the bad value and
// the valid ones.
func (f *Filter) Validate() error {
	if f.Depth < 0 {
		return fmt.Errorf("depth %d: want 0 or more hops", f.Depth)
	}
	for _, p := range f.Predicates {
		if _, err := ParseFilterPredicate(string(p)); err != nil {
			return err
		}
	}
	for _, t := range f.Types {
		if _, err := ParseType(string(t)); err != nil {
			return err
		}
	}
	if f.MinConfidence < 0 || f.MinConfidence > 1 {
		return fmt.Errorf("minimum confidence %g: want a number from 0 to 1", f.MinConfidence)
	}
	since, _, err := dateRange(f.Since)
	if err != nil {
		return fmt.Errorf("since: %w", err)
	}
	_, until, err := dateRange(f.Until)
	if err != nil {
		return fmt.Errorf("until: %w", err)
	}
	if f.Since != "" && f.Until != "" && until.Before(since) {
		return fmt.Errorf("since %s is after until %s", f.Since, f.Until)
	}
	return nil
}

// ParseFilterPredicate reads a relation name as users write it: "signed",
// "attended", "refused", "builds-on" (also "buildsOn", "builds_on"), in
// any case, or the relation's IRI.
func ParseFilterPredicate(s string) (extract.Predicate, error) {
	if p, ok := PredicateOf(quad.IRI(strings.Trim(s, "<>"))); ok {
		return p, nil
	}
	key := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, p := range extract.Predicates {
		if strings.ReplaceAll(string(p), "-", "") == key {
			return p, nil
		}
	}
	names := make([]string, len(extract.Predicates))
	for i, p := range extract.Predicates {
		names[i] = string(p)
	}
	return "", fmt.Errorf("unknown relation %q: want one of %s", s, strings.Join(names, ", "))
}

// ParseType reads an entity type name in any case ("person", "Agreement")
// or a class IRI.
func ParseType(s string) (extract.Type, error) {
	if t, ok := TypeOf(quad.IRI(strings.Trim(s, "<>"))); ok {
		return t, nil
	}
	for _, t := range extract.Types {
		if strings.EqualFold(string(t), strings.TrimSpace(s)) {
			return t, nil
		}
	}
	names := make([]string, len(extract.Types))
	for i, t := range extract.Types {
		names[i] = string(t)
	}
	return "", fmt.Errorf("unknown entity type %q: want one of %s", s, strings.Join(names, ", "))
}

// dateRange returns the first and last day of a date given as YYYY,
// YYYY-MM or YYYY-MM-DD; an empty date gives zero times.
func dateRange(d string) (lo, hi time.Time, err error) {
	switch len(d) {
	case 0:
		return lo, hi, nil
	case 4:
		if lo, err = time.Parse("2006", d); err == nil {
			return lo, lo.AddDate(1, 0, -1), nil
		}
	case 7:
		if lo, err = time.Parse("2006-01", d); err == nil {
			return lo, lo.AddDate(0, 1, -1), nil
		}
	case 10:
		if lo, err = time.Parse("2006-01-02", d); err == nil {
			return lo, lo, nil
		}
	}
	return time.Time{}, time.Time{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", d)
}

// FactDate returns the date a fact is filed under: its own date, else its
// document's publication date, else "".
func (m *Model) FactDate(f Fact) string {
	if f.Date != "" {
		return f.Date
	}
	if d := m.Docs[f.Doc]; d != nil {
		return d.Published
	}
	return ""
}

// Apply returns the quads of the selection, in their order. It fails when
// a value is invalid or a focus or source names nothing in quads; the
// error lists what would have matched.
func (f *Filter) Apply(quads []quad.Quad) ([]quad.Quad, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f.IsZero() {
		return quads, nil
	}
	m := NewModel(quads)
	sel := selection{ents: map[quad.IRI]bool{}, docs: map[quad.IRI]bool{}, stmts: map[quad.IRI]bool{}, edges: map[quad.Quad]bool{}}

	// Documents named by Sources.
	var sources map[quad.IRI]bool
	if len(f.Sources) > 0 {
		sources = map[quad.IRI]bool{}
		for _, s := range f.Sources {
			ds := m.findDocs(s)
			if len(ds) == 0 {
				return nil, fmt.Errorf("source %q: no such document; documents are %s", s, m.docList(12))
			}
			for _, d := range ds {
				sources[d] = true
			}
		}
	}

	// Entities that may be kept.
	types := map[extract.Type]bool{}
	for _, t := range f.Types {
		tt, _ := ParseType(string(t))
		types[tt] = true
	}
	candidate := map[quad.IRI]bool{}
	for iri, n := range m.Nodes {
		if n.Type == "" {
			continue
		}
		if len(types) > 0 && !types[n.Type] {
			continue
		}
		if sources != nil && !anyIn(n.Docs, sources) {
			continue
		}
		candidate[iri] = true
	}
	focus := map[quad.IRI]bool{}
	for _, name := range f.Focus {
		ms := m.findEntities(name)
		if len(ms) == 0 {
			return nil, fmt.Errorf("focus %q: no entity has this IRI, name or alias%s", name, m.suggest(name, 8))
		}
		for _, e := range ms {
			focus[e] = true
		}
	}
	ok := func(e quad.IRI) bool { return candidate[e] || focus[e] }

	// Facts.
	preds := map[extract.Predicate]bool{}
	for _, p := range f.Predicates {
		pp, _ := ParseFilterPredicate(string(p))
		preds[pp] = true
	}
	since, _, _ := dateRange(f.Since)
	_, until, _ := dateRange(f.Until)
	var facts []Fact
	for _, fa := range m.Facts {
		if len(preds) > 0 && !preds[fa.Predicate] {
			continue
		}
		if fa.Confidence < f.MinConfidence {
			continue
		}
		if sources != nil && !sources[fa.Doc] {
			continue
		}
		if !ok(fa.Subject) || !ok(fa.Object) {
			continue
		}
		if f.Since != "" || f.Until != "" {
			lo, hi, err := dateRange(m.FactDate(fa))
			if err != nil || lo.IsZero() {
				continue
			}
			if f.Since != "" && hi.Before(since) || f.Until != "" && lo.After(until) {
				continue
			}
		}
		facts = append(facts, fa)
	}

	// The ego network: entities within Depth hops, facts between them.
	if len(focus) > 0 {
		reach := egoNetwork(focus, facts, f.Depth)
		kept := facts[:0]
		for _, fa := range facts {
			if reach[fa.Subject] && reach[fa.Object] {
				kept = append(kept, fa)
			}
		}
		facts = kept
		for e := range reach {
			sel.ents[e] = true
		}
	} else if f.factFilter() {
		for _, fa := range facts {
			sel.ents[fa.Subject], sel.ents[fa.Object] = true, true
		}
	} else {
		for e := range candidate {
			sel.ents[e] = true
		}
	}

	for _, fa := range facts {
		sel.stmts[fa.Statement] = true
		sel.docs[fa.Doc] = true
		if fa.Asserted() {
			sel.edges[quad.Quad{Subject: fa.Subject, Predicate: Predicate(fa.Predicate), Object: fa.Object, Label: fa.Doc}] = true
		}
	}
	// Documents that describe kept entities without a kept fact: the
	// focus entities always, every kept entity when no condition is on
	// facts.
	for e := range sel.ents {
		if n := m.Nodes[e]; n != nil && (focus[e] || len(focus) == 0 && !f.factFilter()) {
			for _, d := range n.Docs {
				sel.docs[d] = true
			}
		}
	}
	if sources != nil {
		sel.docs = sources
	}
	return sel.quads(m, quads), nil
}

// selection is what a filter keeps.
type selection struct {
	ents, docs, stmts map[quad.IRI]bool
	// edges are the direct relation quads (with their document as label)
	// that a kept asserted fact supports.
	edges map[quad.Quad]bool
}

// quads returns the quads the selection needs.
func (s *selection) quads(m *Model, all []quad.Quad) []quad.Quad {
	stmt := make(map[quad.IRI]bool, len(m.Facts))
	for _, f := range m.Facts {
		stmt[f.Statement] = true
	}
	var out []quad.Quad
	for _, q := range all {
		if l, isIRI := q.Label.(quad.IRI); q.Label != nil && (!isIRI || !s.docs[l]) {
			continue
		}
		subj, _ := q.Subject.(quad.IRI)
		obj, _ := q.Object.(quad.IRI)
		switch {
		case m.Nodes[subj] != nil && m.Nodes[subj].Type != "":
			if !s.ents[subj] {
				continue
			}
			if p, isIRI := q.Predicate.(quad.IRI); isIRI {
				if _, rel := PredicateOf(p); rel {
					if !s.edges[q] {
						continue
					}
				}
			}
			if on := m.Nodes[obj]; on != nil && on.Type != "" && !s.ents[obj] {
				continue // a link (nationality) to an entity left out
			}
		case m.Docs[subj] != nil:
			if !s.docs[subj] {
				continue
			}
			if q.Predicate == schemaMentions && !s.ents[obj] {
				continue
			}
		case stmt[subj]:
			if !s.stmts[subj] {
				continue
			}
		default:
			// Unknown subjects stay with their document unless they point
			// at an entity or statement that is left out.
			if on := m.Nodes[obj]; on != nil && on.Type != "" && !s.ents[obj] {
				continue
			}
		}
		out = append(out, q)
	}
	return out
}

// egoNetwork returns the entities at most depth hops from focus along facts
// (in either direction).
func egoNetwork(focus map[quad.IRI]bool, facts []Fact, depth int) map[quad.IRI]bool {
	adj := map[quad.IRI][]quad.IRI{}
	for _, f := range facts {
		adj[f.Subject] = append(adj[f.Subject], f.Object)
		adj[f.Object] = append(adj[f.Object], f.Subject)
	}
	reach := map[quad.IRI]bool{}
	var frontier []quad.IRI
	for e := range focus {
		reach[e] = true
		frontier = append(frontier, e)
	}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		var next []quad.IRI
		for _, e := range frontier {
			for _, n := range adj[e] {
				if !reach[n] {
					reach[n] = true
					next = append(next, n)
				}
			}
		}
		frontier = next
	}
	return reach
}

// findEntities returns the entities named s: by IRI, else by label or
// alias compared with [extract.Fold].
func (m *Model) findEntities(s string) []quad.IRI {
	iri := quad.IRI(strings.Trim(s, "<>"))
	if n := m.Nodes[iri]; n != nil && n.Type != "" {
		return []quad.IRI{iri}
	}
	key := extract.Fold(s)
	if key == "" {
		return nil
	}
	var out []quad.IRI
	for iri, n := range m.Nodes {
		if n.Type == "" {
			continue
		}
		match := extract.Fold(n.Label) == key
		for _, a := range n.Aliases {
			match = match || extract.Fold(a) == key
		}
		if match {
			out = append(out, iri)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// suggest lists up to max entity labels that contain the folded name, as
// the tail of an error message.
func (m *Model) suggest(name string, max int) string {
	key := extract.Fold(name)
	var labels []string
	for _, n := range m.SortedNodes() {
		if n.Type != "" && key != "" && strings.Contains(extract.Fold(n.Label), key) {
			labels = append(labels, strconv.Quote(n.Label))
		}
	}
	if len(labels) == 0 {
		return fmt.Sprintf(" (the graph has %d entities)", len(m.Nodes))
	}
	if len(labels) > max {
		labels = append(labels[:max], "...")
	}
	return "; did you mean " + strings.Join(labels, ", ")
}

// findDocs returns the documents named s: by IRI, ID, or the base name of
// the ID.
func (m *Model) findDocs(s string) []quad.IRI {
	iri := quad.IRI(strings.Trim(s, "<>"))
	if m.Docs[iri] != nil {
		return []quad.IRI{iri}
	}
	var out []quad.IRI
	for iri, d := range m.Docs {
		if d.ID == s || path.Base(d.ID) == s {
			out = append(out, iri)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// docList lists up to max document IDs for an error message.
func (m *Model) docList(max int) string {
	var ids []string
	for _, d := range m.Docs {
		ids = append(ids, strconv.Quote(d.ID))
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return "none"
	}
	if len(ids) > max {
		ids = append(ids[:max], fmt.Sprintf("and %d more", len(ids)-max))
	}
	return strings.Join(ids, ", ")
}

func anyIn(s []quad.IRI, set map[quad.IRI]bool) bool {
	for _, v := range s {
		if set[v] {
			return true
		}
	}
	return false
}
