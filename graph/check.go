package graph

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	bolt "go.etcd.io/bbolt"
)

// MaxProblems caps the problems a [CheckReport] lists; the rest are counted
// in Omitted.
const MaxProblems = 100

// CheckReport is what [Store.Check] found: the store's size and every
// inconsistency, one line each. A sound store has no problems.
type CheckReport struct {
	Path       string // the store checked
	Documents  int    // documents (quad labels)
	Statements int    // statement nodes (rdf:type ng:Statement)
	Quads      int64  // live quads
	Nodes      int64  // live nodes
	// Problems describes the first MaxProblems inconsistencies found, in a
	// deterministic order; Omitted counts the others.
	Problems []string
	Omitted  int
	// Damaged is set when bbolt's own check failed; the check then stops
	// and the counts stay zero.
	Damaged bool
	// Stale is set when the resolution graph is out of date: a build, rm
	// or copy stopped before it resolved (see [Store.MarkUnresolved]).
	// The store is sound; `newsgraph resolve` brings resolution up to
	// date, and the resolution graph is not checked meanwhile.
	Stale bool
}

// OK reports whether the check found no problem.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

// Summary describes the report on one line.
func (r *CheckReport) Summary() string {
	verdict := "sound"
	if !r.OK() {
		n := len(r.Problems) + r.Omitted
		verdict = fmt.Sprintf("%d problem", n)
		if n != 1 {
			verdict += "s"
		}
	}
	if r.Damaged {
		return fmt.Sprintf("check %s: %s: the bbolt file is damaged", r.Path, verdict)
	}
	stale := ""
	if r.Stale {
		stale = "; cross-document resolution is out of date (an interrupted build or rm): run newsgraph resolve"
	}
	return fmt.Sprintf("check %s: %s: %d documents, %d statements, %d quads, %d nodes%s",
		r.Path, verdict, r.Documents, r.Statements, r.Quads, r.Nodes, stale)
}

func (r *CheckReport) problemf(format string, a ...any) {
	if len(r.Problems) >= MaxProblems {
		r.Omitted++
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf(format, a...))
}

// statementInfo collects what the store says about one statement node.
type statementInfo struct {
	typed   bool              // has rdf:type ng:Statement
	labels  map[quad.IRI]bool // labels of its quads
	derived []quad.Value      // prov:wasDerivedFrom objects
	props   map[quad.IRI]quad.Value
}

// statementProps are the properties every statement node has.
var statementProps = []quad.IRI{ngSubject, ngPredicate, ngObject, ngPolarity, ngModality, ngConfidence, ngEvidence, ngStart, ngEnd}

// docInfo collects what the store says about one document label.
type docInfo struct {
	quads   int
	article bool // <d> rdf:type schema:NewsArticle <d>
	ident   bool // <d> schema:identifier "..." <d>
	hash    bool // <d> ng:contentHash "..." <d>
}

// Check verifies the store's integrity and returns what it found; the
// error is for failures to read the store, not for problems in it. It
// checks that
//
//   - the bbolt file passes bbolt's own consistency check (pages, free
//     list, bucket structure);
//   - every quad has a subject, predicate, object and a label, and every
//     label is a document holding its own rdf:type schema:NewsArticle,
//     schema:identifier and ng:contentHash quads;
//   - every statement node has all its properties, all labelled with one
//     document, and prov:wasDerivedFrom exactly that document;
//   - every direct fact edge (subject ng:signed object and the like) is
//     backed by a positive, asserted statement of the same document;
//   - cayley's counts are exact: its quad counter matches the quads, its
//     nodes are exactly the distinct values the quads use (no orphans), and
//     each node's reference count is the number of places quads use it.
//
// The bbolt check and the reference counts apply to the embedded store
// only; the counts are read where cayley v0.7.7's key-value store keeps
// them (bucket 'n'+hash[0:2], key hash).
//
// When bbolt's check fails, Check reports its problems and reads no
// further. A panic while reading a damaged store is returned as an error.
func (s *Store) Check(ctx context.Context) (rep *CheckReport, err error) {
	if err := s.rlock(); err != nil {
		return nil, fmt.Errorf("check %w", err)
	}
	defer s.mu.RUnlock()
	r := &CheckReport{Path: s.path}
	if err := s.checkBolt(r); err != nil {
		return nil, err
	}
	if !r.OK() {
		r.Damaged = true
		return r, nil
	}
	defer func() {
		if p := recover(); p != nil {
			rep, err = nil, fmt.Errorf("check %s: the store is damaged: reading it failed: %v", s.path, p)
		}
	}()

	docs := map[quad.IRI]*docInfo{}
	stmts := map[quad.Value]*statementInfo{}
	uses := map[quad.Value]int64{}
	type edge struct {
		s, p, o quad.Value
		doc     quad.IRI
	}
	var edges []edge
	stmt := func(v quad.Value) *statementInfo {
		si := stmts[v]
		if si == nil {
			si = &statementInfo{labels: map[quad.IRI]bool{}, props: map[quad.IRI]quad.Value{}}
			stmts[v] = si
		}
		return si
	}
	resGraph := s.m.Resolution()
	var resQuads []quad.Quad
	typed := map[quad.Value]bool{}
	isStatementProp := map[quad.IRI]bool{provDerived: true}
	for _, p := range statementProps {
		isStatementProp[p] = true
	}
	err = s.each(ctx, func(q quad.Quad) error {
		r.Quads++
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if v != nil {
				uses[v]++
			}
		}
		if q.Subject == nil || q.Predicate == nil || q.Object == nil {
			r.problemf("quad %s has a missing term", q.NQuad())
			return nil
		}
		label, ok := q.Label.(quad.IRI)
		if !ok {
			r.problemf("quad %s is not labelled with a document", q.NQuad())
			return nil
		}
		if label == resGraph {
			resQuads = append(resQuads, q)
			return nil
		}
		if q.Predicate == rdfType {
			if o, ok := q.Object.(quad.IRI); ok {
				if _, isEntity := TypeOf(o); isEntity {
					typed[q.Subject] = true
				}
			}
		}
		d := docs[label]
		if d == nil {
			d = &docInfo{}
			docs[label] = d
		}
		d.quads++
		pred, _ := q.Predicate.(quad.IRI)
		if q.Subject == label {
			switch {
			case pred == rdfType && q.Object == schemaArticle:
				d.article = true
			case pred == schemaIdentifier:
				d.ident = true
			case pred == ngContentHash:
				d.hash = true
			}
		}
		switch {
		case pred == rdfType && q.Object == ngStatement:
			si := stmt(q.Subject)
			si.typed = true
			si.labels[label] = true
		case pred == provDerived:
			si := stmt(q.Subject)
			si.derived = append(si.derived, q.Object)
			si.labels[label] = true
		case isStatementProp[pred]:
			si := stmt(q.Subject)
			si.props[pred] = q.Object
			si.labels[label] = true
		}
		if _, ok := PredicateOf(pred); ok {
			edges = append(edges, edge{q.Subject, q.Predicate, q.Object, label})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", s.path, err)
	}
	r.Documents = len(docs)

	for _, d := range sortedIRIs(docs) {
		di := docs[d]
		var missing []string
		if !di.article {
			missing = append(missing, "rdf:type schema:NewsArticle")
		}
		if !di.ident {
			missing = append(missing, "schema:identifier")
		}
		if !di.hash {
			missing = append(missing, "ng:contentHash")
		}
		if len(missing) > 0 {
			r.problemf("document %s (%d quads) lacks its %s quad", d, di.quads, strings.Join(missing, ", "))
		}
	}

	for _, v := range sortedValues(stmts) {
		si := stmts[v]
		if !si.typed {
			r.problemf("statement %s has statement properties but no rdf:type ng:Statement", v)
			continue
		}
		r.Statements++
		var missing []string
		for _, p := range statementProps {
			if si.props[p] == nil {
				missing = append(missing, shortIRI(p))
			}
		}
		if len(missing) > 0 {
			r.problemf("statement %s lacks %s", v, strings.Join(missing, ", "))
		}
		if len(si.labels) != 1 {
			r.problemf("statement %s is spread over %d documents", v, len(si.labels))
			continue
		}
		var label quad.IRI
		for l := range si.labels {
			label = l
		}
		switch {
		case len(si.derived) != 1:
			r.problemf("statement %s has %d prov:wasDerivedFrom, want 1", v, len(si.derived))
		case si.derived[0] != label:
			r.problemf("statement %s in document %s is derived from %s", v, label, si.derived[0])
		case docs[label] == nil || !docs[label].article:
			r.problemf("statement %s is derived from %s, which is not a document in the store", v, label)
		}
	}

	backed := map[edge]bool{}
	for _, si := range stmts {
		if !si.typed || si.props[ngPolarity] != quad.String("positive") || si.props[ngModality] != quad.String(extract.Asserted) {
			continue
		}
		for l := range si.labels {
			backed[edge{si.props[ngSubject], si.props[ngPredicate], si.props[ngObject], l}] = true
		}
	}
	var unbacked []string
	for _, e := range edges {
		if !backed[e] {
			unbacked = append(unbacked, fmt.Sprintf("fact %s %s %s in %s has no asserted statement behind it", e.s, e.p, e.o, e.doc))
		}
	}
	sort.Strings(unbacked)
	for _, p := range unbacked {
		r.problemf("%s", p)
	}

	for _, q := range resQuads {
		if q.Predicate == ngStale {
			r.Stale = true
		}
	}
	if !r.Stale {
		checkResolution(r, resQuads, typed)
	}
	if err := s.checkCounts(ctx, r, uses); err != nil {
		return nil, err
	}
	return r, nil
}

// checkResolution checks the resolution graph (resolution.go): every
// ng:sameAs joins two entities some document holds, no merged node is
// itself the canonical node of another, and every Merge record names
// its two ends and its score.
func checkResolution(r *CheckReport, quads []quad.Quad, typed map[quad.Value]bool) {
	canon := map[quad.Value]quad.Value{}
	merges := map[quad.Value]map[quad.IRI]bool{}
	for _, q := range quads {
		p, _ := q.Predicate.(quad.IRI)
		switch {
		case p == ngSameAs:
			if !typed[q.Subject] || !typed[q.Object] {
				r.problemf("resolution: %s ng:sameAs %s names an entity no document holds", q.Subject, q.Object)
			}
			canon[q.Subject] = q.Object
		case p == rdfType && q.Object == ngMerge:
			if merges[q.Subject] == nil {
				merges[q.Subject] = map[quad.IRI]bool{}
			}
			merges[q.Subject][rdfType] = true
		case p == ngMergeA || p == ngMergeB || p == ngScore:
			if merges[q.Subject] == nil {
				merges[q.Subject] = map[quad.IRI]bool{}
			}
			merges[q.Subject][p] = true
		}
	}
	for _, m := range sortedValues(canon) {
		if _, chained := canon[canon[m]]; chained {
			r.problemf("resolution: %s is merged into %s, which is merged itself", m, canon[m])
		}
	}
	for _, m := range sortedValues(merges) {
		for _, p := range []quad.IRI{rdfType, ngMergeA, ngMergeB, ngScore} {
			if !merges[m][p] {
				r.problemf("resolution: merge %s lacks %s", m, shortIRI(p))
			}
		}
	}
}

// checkBolt runs bbolt's consistency check on the store's file, if it is
// one. The caller holds s.mu.
func (s *Store) checkBolt(r *CheckReport) error {
	if s.db == nil {
		return nil
	}
	err := s.db.Bolt().View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			r.problemf("bbolt: %v", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("check %s: %w", s.path, err)
	}
	return nil
}

// checkCounts compares cayley's quad counter, nodes and reference counts
// with the values the quads use. The caller holds s.mu.
func (s *Store) checkCounts(ctx context.Context, r *CheckReport, uses map[quad.Value]int64) error {
	st, err := s.qs.Stats(ctx, false)
	if errors.Is(err, kv.ErrNoBucket) {
		st.Quads.Size, err = 0, nil // nothing written yet
	}
	if err != nil {
		return fmt.Errorf("check %s: count quads: %w", s.path, err)
	}
	if st.Quads.Size != r.Quads {
		r.problemf("cayley counts %d quads, the store holds %d", st.Quads.Size, r.Quads)
	}

	var orphans []string
	seen := make(map[quad.Value]bool, len(uses))
	it := s.qs.NodesAllIterator()
	for it.Next(ctx) {
		r.Nodes++
		v := s.qs.NameOf(it.Result())
		if v == nil {
			orphans = append(orphans, fmt.Sprintf("node %v has no value", it.Result()))
			continue
		}
		if seen[v] {
			orphans = append(orphans, fmt.Sprintf("value %s has two nodes", v))
		}
		seen[v] = true
		if uses[v] == 0 {
			orphans = append(orphans, fmt.Sprintf("orphan node %s: no quad uses it", v))
		}
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return fmt.Errorf("check %s: read nodes: %w", s.path, err)
	}
	sort.Strings(orphans)
	for _, o := range orphans {
		r.problemf("%s", o)
	}
	if n := int64(len(uses)); r.Nodes != n {
		r.problemf("%d nodes for %d distinct values used by quads", r.Nodes, n)
	}

	if s.db == nil {
		return nil // not cayley's key-value store: no reference counts to read
	}
	values := sortedValues(uses)
	var refEntries int64
	err = s.db.Bolt().View(func(tx *bolt.Tx) error {
		for _, v := range values {
			h := cgraph.HashOf(v)
			var refs uint64
			if b := tx.Bucket([]byte{'n', h[0], h[1]}); b != nil {
				if raw := b.Get(h[:]); raw != nil {
					refs, _ = binary.Uvarint(raw)
				}
			}
			if int64(refs) != uses[v] {
				r.problemf("node %s has reference count %d but quads use it %d times", v, refs, uses[v])
			}
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if len(name) == 3 && name[0] == 'n' {
				refEntries += int64(b.Stats().KeyN)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("check %s: read reference counts: %w", s.path, err)
	}
	if refEntries != int64(len(uses)) {
		r.problemf("%d reference counts for %d distinct values used by quads", refEntries, len(uses))
	}
	return nil
}

// shortIRI abbreviates an IRI of newsgraph's vocabulary for messages.
func shortIRI(p quad.IRI) string {
	s := string(p)
	for prefix, ns := range map[string]string{"ng:": NS, "prov:": PROV} {
		if strings.HasPrefix(s, ns) {
			return prefix + s[len(ns):]
		}
	}
	return p.String()
}

func sortedIRIs[V any](m map[quad.IRI]V) []quad.IRI {
	out := make([]quad.IRI, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func sortedValues[V any](m map[quad.Value]V) []quad.Value {
	out := make([]quad.Value, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}
