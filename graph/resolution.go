package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/proto"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/resolve"
)

// Cross-document resolution. Each document's quads name entities by IRIs
// minted from that document alone, so the same declaration, named
// "Absichtserklärung" by one source and "gemeinsame Erklärung" by
// another, has two IRIs. [Store.Resolve] decides, over the whole store,
// which nodes are one thing (package resolve) and records it in a graph of
// its own, the resolution graph (<base>id/resolution):
//
//	<member> ng:sameAs <canonical> .
//	<merge>  a ng:Merge ; ng:mergeSubject <a> ; ng:mergeObject <b> ; ng:score 0.95 ;
//	         ng:reason "same name (aachen)" ; prov:wasDerivedFrom <doc> ...
//
// Documents' graphs are never changed. Readers see one node per thing:
// [Canonicalize] rewrites the quads outside the resolution graph so that a
// member's facts, mentions and names belong to its canonical node (its
// label becomes an alias). Resolution is a function of the documents the
// store holds and the merge rules, recomputed after every build and
// remove, so the graph does not depend on input order or on how the
// documents were split into builds, and removing a document withdraws
// its part of every merge.

var (
	ngSameAs     = quad.IRI(NS + "sameAs")
	ngMerge      = quad.IRI(NS + "Merge")
	ngScore      = quad.IRI(NS + "score")
	ngReason     = quad.IRI(NS + "reason")
	ngForced     = quad.IRI(NS + "forced")
	ngMergeRules = quad.IRI(NS + "mergeRules")
	ngStale      = quad.IRI(NS + "stale")
	ngMergeA     = quad.IRI(NS + "mergeSubject")
	ngMergeB     = quad.IRI(NS + "mergeObject")
	ngAName      = quad.IRI(NS + "mergeSubjectName")
	ngBName      = quad.IRI(NS + "mergeObjectName")
)

// SameAsPredicate is ng:sameAs, the predicate that points a merged node at
// its canonical node.
var SameAsPredicate = ngSameAs

// Resolution returns the IRI of the resolution graph.
func (m Minter) Resolution() quad.IRI { return quad.IRI(m.base + "id/resolution") }

// Merge returns the IRI of the record of a link between two nodes.
func (m Minter) Merge(a, b quad.IRI) quad.IRI {
	return quad.IRI(m.base + "id/merge/" + shortHash(string(a)+"\x00"+string(b)))
}

// Things returns the model's nodes that resolution considers, with what
// the model says about them: names, documents, dates, parties.
func (m *Model) Things() []resolve.Thing {
	iso := map[quad.IRI]string{}
	for iri, n := range m.Nodes {
		if n.ISO != "" {
			iso[iri] = n.ISO
		}
	}
	party := func(iri quad.IRI) string {
		if c := iso[iri]; c != "" {
			return c
		}
		return string(iri)
	}
	// Affiliations of people: the states and organisations they act for.
	aff := map[quad.IRI][]string{}
	for iri, n := range m.Nodes {
		if n.Type == extract.Person && n.Nationality != "" {
			aff[iri] = appendUniqueString(aff[iri], party(n.Nationality))
		}
	}
	for _, f := range m.Facts {
		if f.Predicate == extract.AffiliatedWith && !f.Negated {
			aff[f.Subject] = appendUniqueString(aff[f.Subject], party(f.Object))
		}
	}
	type acc struct {
		dates, parties, actors []string
	}
	about := map[quad.IRI]*acc{}
	for _, f := range m.Facts {
		// Who signed or attended a thing takes part in it; who refused
		// it, or a thing built on it, says less about which it is.
		if f.Negated || f.Predicate != extract.Signed && f.Predicate != extract.Attended {
			continue
		}
		a := about[f.Object]
		if a == nil {
			a = &acc{}
			about[f.Object] = a
		}
		if f.Date != "" && f.Modality == extract.Asserted {
			a.dates = appendUniqueString(a.dates, f.Date)
		}
		a.actors = appendUniqueString(a.actors, string(f.Subject))
		if sub := m.Nodes[f.Subject]; sub != nil {
			switch sub.Type {
			case extract.Country, extract.Organization:
				a.parties = appendUniqueString(a.parties, party(f.Subject))
			case extract.Person:
				for _, p := range aff[f.Subject] {
					a.parties = appendUniqueString(a.parties, p)
				}
			}
		}
	}
	var out []resolve.Thing
	for _, n := range m.SortedNodes() {
		if !resolve.Resolvable(n.Type) {
			continue
		}
		t := resolve.Thing{ID: string(n.IRI), Type: n.Type, Names: append([]string{n.Label}, n.Aliases...)}
		for _, d := range n.Docs {
			t.Docs = append(t.Docs, string(d))
			if doc := m.Docs[d]; doc != nil && doc.Published != "" {
				t.Published = appendUniqueString(t.Published, doc.Published)
			}
		}
		if n.Date != "" {
			t.Dates = append(t.Dates, n.Date)
		}
		if a := about[n.IRI]; a != nil {
			for _, d := range a.dates {
				t.Dates = appendUniqueString(t.Dates, d)
			}
			t.Parties, t.Actors = a.parties, a.actors
		}
		if n.Type == extract.Person {
			if ps := aff[n.IRI]; len(ps) > 0 && len(ps[0]) == 2 {
				t.Country = ps[0]
			}
		}
		sort.Strings(t.Dates)
		sort.Strings(t.Parties)
		sort.Strings(t.Actors)
		out = append(out, t)
	}
	return out
}

// resolutionQuads records links in the resolution graph: each member of a
// group points at the group's canonical node, each link is a Merge with
// its score, reasons and the documents of both ends.
func resolutionQuads(mn Minter, m *Model, links []resolve.Link, rules string) []quad.Quad {
	g := mn.Resolution()
	var out []quad.Quad
	add := func(s, p, o quad.Value) {
		out = append(out, quad.Quad{Subject: s, Predicate: p, Object: o, Label: g})
	}
	if rules != "" {
		add(g, ngMergeRules, text(rules))
	}
	for _, grp := range resolve.Groups(links) {
		c := canonical(m, grp)
		for _, x := range grp {
			if quad.IRI(x) != c {
				add(quad.IRI(x), ngSameAs, c)
			}
		}
	}
	for _, l := range links {
		a, b := quad.IRI(l.A), quad.IRI(l.B)
		r := mn.Merge(a, b)
		add(r, rdfType, ngMerge)
		add(r, ngMergeA, a)
		add(r, ngMergeB, b)
		if n := m.Nodes[a]; n != nil {
			add(r, ngAName, text(n.Label))
		}
		if n := m.Nodes[b]; n != nil {
			add(r, ngBName, text(n.Label))
		}
		add(r, ngScore, xsd(strconv.FormatFloat(l.Score, 'f', 2, 64), "decimal"))
		for _, why := range l.Reasons {
			add(r, ngReason, text(why))
		}
		if l.Forced {
			add(r, ngForced, xsd("true", "boolean"))
		}
		// The documents of both ends, up to maxMergeSources of each:
		// enough to find the evidence, not every article that mentions a
		// much-mentioned thing.
		var docs []quad.IRI
		for _, x := range []quad.IRI{a, b} {
			if n := m.Nodes[x]; n != nil {
				for _, d := range n.Docs[:min(len(n.Docs), maxMergeSources)] {
					docs = appendUnique(docs, d)
				}
			}
		}
		for _, d := range docs {
			add(r, provDerived, d)
		}
	}
	SortQuads(out)
	return out
}

// maxMergeSources bounds the documents a Merge record lists per end.
const maxMergeSources = 8

// canonical picks the node a group is shown as: the one most documents
// mention, then the one with the shortest label, then the smallest IRI.
// It depends on the group and the documents only.
func canonical(m *Model, grp []string) quad.IRI {
	best := quad.IRI(grp[0])
	score := func(x quad.IRI) (int, int) {
		n := m.Nodes[x]
		if n == nil {
			return 0, 1 << 30
		}
		return len(n.Docs), len([]rune(n.Label))
	}
	bd, bl := score(best)
	for _, x := range grp[1:] {
		d, l := score(quad.IRI(x))
		if d > bd || d == bd && l < bl {
			best, bd, bl = quad.IRI(x), d, l
		}
	}
	return best
}

// resolutionInput are the predicates of the quads [Model.Things] reads.
var resolutionInput = map[quad.IRI]bool{
	rdfType: true, rdfsLabel: true, schemaAltName: true, ngISOCode: true, schemaNationalty: true,
	ngDate: true, schemaMentions: true, schemaPublished: true,
	ngSubject: true, ngObject: true, ngPredicate: true, ngPolarity: true, ngModality: true, ngCue: true, provDerived: true,
}

// ResolveOptions configure [Store.Resolve].
type ResolveOptions struct {
	// Rules, when not nil, replaces the merge rules the store keeps (an
	// empty string removes them); nil keeps them.
	Rules *string
}

// ResolveResult says what a resolution found.
type ResolveResult struct {
	// Groups is the number of groups of nodes that are one thing, Merged
	// the number of nodes folded into another.
	Groups, Merged int
	// Rules is the number of merge rules applied.
	Rules int
	// Changed reports whether the resolution graph changed.
	Changed bool
}

// Resolve recomputes which nodes of the store are one thing and writes
// the resolution graph (see the top of this file). On PostgreSQL it holds
// an advisory lock from reading the store to writing the result, so the
// last of several concurrent builders resolves over everything all of
// them wrote.
func (s *Store) Resolve(ctx context.Context, opt ResolveOptions) (ResolveResult, error) {
	var res ResolveResult
	if s.ro {
		return res, fmt.Errorf("resolve: store opened read-only")
	}
	unlock, err := s.resolveLock(ctx)
	if err != nil {
		return res, fmt.Errorf("resolve: %w", err)
	}
	defer unlock()
	g := s.m.Resolution()
	if err := s.rlock(); err != nil {
		return res, fmt.Errorf("resolve %w", err)
	}
	docs, rulesText, err := s.resolutionInputs(ctx)
	s.mu.RUnlock()
	if err != nil {
		return res, fmt.Errorf("resolve: %w", err)
	}
	if opt.Rules != nil {
		rulesText = *opt.Rules
	}
	rules, err := resolve.ParseRules(strings.NewReader(rulesText))
	if err != nil {
		return res, err
	}
	m := NewModel(docs)
	links, err := resolve.Resolve(m.Things(), rules)
	if err != nil {
		return res, err
	}
	quads := resolutionQuads(s.m, m, links, rulesText)
	r, err := s.putQuads(ctx, g, quads)
	if err != nil {
		return res, fmt.Errorf("resolve: %w", err)
	}
	for _, grp := range resolve.Groups(links) {
		res.Groups++
		res.Merged += len(grp) - 1
	}
	res.Rules = rules.Len()
	res.Changed = !r.Unchanged()
	return res, nil
}

// MarkUnresolved records in the resolution graph that documents are about
// to change, so that a build, rm or copy that stops before it resolves
// leaves a store that says its resolution is out of date ([CheckReport]
// Stale, [Store.Stale]); [Store.Resolve] clears the mark. It writes only
// when the mark is not there yet.
func (s *Store) MarkUnresolved(ctx context.Context) error {
	if s.ro {
		return fmt.Errorf("mark resolution: store opened read-only")
	}
	if err := s.lock(); err != nil {
		return fmt.Errorf("mark resolution: %w", err)
	}
	defer s.mu.Unlock()
	_, stale, err := s.resolutionHeader(ctx)
	if err != nil || stale {
		return err
	}
	g := s.m.Resolution()
	mark := []cgraph.Delta{{Quad: quad.Quad{Subject: g, Predicate: ngStale, Object: xsd("true", "boolean"), Label: g}, Action: cgraph.Add}}
	if _, ok := s.qs.(*pgQuadStore); ok {
		// Another process may add it meanwhile; PostgreSQL's writer
		// counts exactly what it inserted.
		err = s.qs.ApplyDeltas(mark, cgraph.IgnoreOpts{IgnoreDup: true})
	} else {
		err = s.applyDeltas(ctx, mark) // one writing process: checked above
	}
	if err != nil {
		return fmt.Errorf("mark resolution in %s: %w", s.path, err)
	}
	return nil
}

// MergeRules returns the merge rules the store keeps ("" for none).
func (s *Store) MergeRules(ctx context.Context) (string, error) {
	if err := s.rlock(); err != nil {
		return "", fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	rules, _, err := s.resolutionHeader(ctx)
	return rules, err
}

// Stale reports whether documents changed after the last resolution
// (see [Store.MarkUnresolved]).
func (s *Store) Stale(ctx context.Context) (bool, error) {
	if err := s.rlock(); err != nil {
		return false, fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	_, stale, err := s.resolutionHeader(ctx)
	return stale, err
}

// resolutionHeader reads what the resolution graph says about itself:
// the merge rules and the stale mark. The caller holds s.mu.
func (s *Store) resolutionHeader(ctx context.Context) (rules string, stale bool, err error) {
	ref := s.qs.ValueOf(s.m.Resolution())
	if ref == nil {
		return "", false, nil
	}
	it := s.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	for it.Next(ctx) {
		switch q := s.qs.Quad(it.Result()); q.Predicate {
		case ngMergeRules:
			rules = literal(q.Object)
		case ngStale:
			stale = true
		}
	}
	return rules, stale, it.Err()
}

// resolveLock serialises resolutions of one PostgreSQL store across
// processes; the embedded store allows one writing process anyway.
func (s *Store) resolveLock(ctx context.Context) (func(), error) {
	pg, ok := s.qs.(*pgQuadStore)
	if !ok || pg.cockroach {
		return func() {}, nil
	}
	conn, err := pg.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	const key = "1852270451, hashtext(coalesce(current_schema(), ''))"
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock("+key+")"); err != nil {
		conn.Close()
		return nil, err
	}
	return func() {
		conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock("+key+")")
		conn.Close()
	}, nil
}

// Canonicalize returns quads as readers see them after resolution: every
// quad outside the resolution graph that names a merged node names its
// canonical node instead, and a merged node's label becomes an alias of
// the canonical node. Quads without resolution come back unchanged. The
// result is sorted and has no duplicates.
func Canonicalize(quads []quad.Quad) []quad.Quad {
	canon := sameAsMap(quads)
	if len(canon) == 0 {
		return quads
	}
	return rewrite(quads, canon)
}

// sameAsMap returns the canonical node of every merged node the quads
// name, by the graph they are named in.
func sameAsMap(quads []quad.Quad) map[quad.IRI]quad.IRI {
	canon := map[quad.IRI]quad.IRI{}
	for _, q := range quads {
		if q.Predicate != ngSameAs {
			continue
		}
		s, ok1 := q.Subject.(quad.IRI)
		o, ok2 := q.Object.(quad.IRI)
		if ok1 && ok2 {
			canon[s] = o
		}
	}
	return canon
}

// rewrite applies canon to the quads outside the resolution graph (those
// of ng:sameAs and ng:Merge records stay), sorted, without duplicates.
func rewrite(quads []quad.Quad, canon map[quad.IRI]quad.IRI) []quad.Quad {
	resGraph := map[quad.Value]bool{}
	for _, q := range quads {
		if q.Predicate == ngSameAs || q.Object == ngMerge {
			resGraph[q.Label] = true
		}
	}
	out := make([]quad.Quad, 0, len(quads))
	seen := make(map[quad.Quad]bool, len(quads))
	for _, q := range quads {
		if !resGraph[q.Label] {
			if s, ok := q.Subject.(quad.IRI); ok {
				if c, ok := canon[s]; ok {
					q.Subject = c
					if q.Predicate == rdfsLabel {
						q.Predicate = schemaAltName
					}
				}
			}
			if o, ok := q.Object.(quad.IRI); ok {
				if c, ok := canon[o]; ok {
					q.Object = c
				}
			}
		}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	SortQuads(out)
	return out
}

// resolutionInputs reads what resolution looks at: the quads of
// resolutionInput outside the resolution graph, sorted, and the merge
// rules the store keeps. The embedded store is read from cayley's log in
// one pass of a cursor; PostgreSQL with one query that selects the
// predicates. The caller holds s.mu.
func (s *Store) resolutionInputs(ctx context.Context) (docs []quad.Quad, rules string, err error) {
	g := s.m.Resolution()
	keep := func(q quad.Quad) {
		if q.Label == g {
			if q.Predicate == ngMergeRules {
				rules = literal(q.Object)
			}
			return
		}
		if p, ok := q.Predicate.(quad.IRI); ok && resolutionInput[p] {
			docs = append(docs, q)
		}
	}
	switch {
	case s.db != nil:
		err = s.scanLog(ctx, append(predicateList(), ngMergeRules), keep)
	default:
		if pg, ok := s.qs.(*pgQuadStore); ok {
			err = pg.quadsWithPredicates(ctx, append(predicateList(), ngMergeRules), keep)
			break
		}
		err = s.each(ctx, func(q quad.Quad) error { keep(q); return nil })
	}
	if err != nil {
		return nil, "", err
	}
	SortQuads(docs) // a node's label is the greatest, as everywhere
	return docs, rules, nil
}

func predicateList() []quad.IRI {
	out := make([]quad.IRI, 0, len(resolutionInput))
	for p := range resolutionInput {
		out = append(out, p)
	}
	return out
}

// scanLog calls fn with every live quad of the embedded store whose
// predicate is one of preds, reading cayley's log bucket with one cursor
// (see storeReader): much faster than an iterator, which looks every
// node up on its own.
func (s *Store) scanLog(ctx context.Context, preds []quad.IRI, fn func(quad.Quad)) error {
	r, ok, err := s.reader(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return s.each(ctx, func(q quad.Quad) error { fn(q); return nil })
	}
	defer r.close()
	if r.log == nil {
		return nil
	}
	want := map[uint64]bool{}
	for _, p := range preds {
		if id := r.id(p); id != 0 {
			want[id] = true
		}
	}
	var recs []rec
	c := r.log.Cursor()
	n := 0
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var p proto.Primitive
		if err := p.Unmarshal(v); err != nil {
			return fmt.Errorf("read %s: %w", s.path, err)
		}
		if p.IsNode() || p.Deleted || !want[p.Predicate] {
			continue
		}
		recs = append(recs, rec{s: p.Subject, p: p.Predicate, o: p.Object, l: p.Label, live: true})
	}
	f := r.fast()
	ids := make([]uint64, 0, 4*len(recs))
	for _, q := range recs {
		ids = append(ids, q.s, q.p, q.o, q.l)
	}
	f.loadValues(ids)
	if r.err != nil {
		return r.err
	}
	for _, q := range recs {
		fn(quad.Quad{Subject: r.vals[q.s], Predicate: r.vals[q.p], Object: r.vals[q.o], Label: r.vals[q.l]})
	}
	return ctx.Err()
}

// MergesIndex returns an Index that answers [Index.Merges] as the whole
// store's does, reading only the resolution graph and the names, types
// and headers of the nodes and documents it names.
func (s *Store) MergesIndex(ctx context.Context) (*Index, error) {
	if err := s.rlock(); err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	res, err := s.docQuads(ctx, s.m.Resolution())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.path, err)
	}
	out := append([]quad.Quad(nil), res...)
	seen := map[quad.Value]bool{}
	describe := func(v quad.Value, preds map[quad.IRI]bool) error {
		if seen[v] {
			return nil
		}
		seen[v] = true
		ref := s.qs.ValueOf(v)
		if ref == nil {
			return nil
		}
		it := s.qs.QuadIterator(quad.Subject, ref)
		defer it.Close()
		for it.Next(ctx) {
			q := s.qs.Quad(it.Result())
			if p, ok := q.Predicate.(quad.IRI); ok && preds[p] {
				out = append(out, q)
			}
		}
		return it.Err()
	}
	names := map[quad.IRI]bool{rdfType: true, rdfsLabel: true}
	header := map[quad.IRI]bool{rdfType: true, schemaIdentifier: true, schemaHeadline: true, schemaURL: true, schemaLanguage: true, schemaPublished: true}
	for _, q := range res {
		var err error
		switch q.Predicate {
		case ngSameAs:
			err = describe(q.Object, names)
		case provDerived:
			err = describe(q.Object, header)
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", s.path, err)
		}
	}
	SortQuads(out)
	return NewIndex(Canonicalize(out)), ctx.Err()
}
