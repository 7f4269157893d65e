package graph

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/internal/gencorpus"
)

// A storeKind makes new, empty stores of one kind: fresh returns the DSN
// of a store no other test uses (created by the first Open), so that
// every test stands alone.
type storeKind struct {
	name  string
	fresh func(t testing.TB) string
}

// storeKinds are the stores the conformance suite runs on: the embedded
// file store, and PostgreSQL (a new schema per test) when
// NEWSGRAPH_TEST_PG names a throwaway database.
var storeKinds = []storeKind{
	{"embedded", func(t testing.TB) string { return filepath.Join(t.TempDir(), "test.db") }},
	{"postgres", pgTestDSN},
}

// conformanceTests hold for every kind of store.
var conformanceTests = []struct {
	name string
	run  func(t *testing.T, dsn string)
}{
	{"PutIsIdempotent", confPutIsIdempotent},
	{"PutReplacesChangedDocument", confPutReplaces},
	{"Remove", confRemove},
	{"Stats", confStats},
	{"CountsEmpty", confCountsEmpty},
	{"NoOrphanNodes", confNoOrphanNodes},
	{"ReopenReadOnly", confReopenReadOnly},
	{"QuadsOrder", confQuadsOrder},
	{"ValuesRoundTrip", confValuesRoundTrip},
	{"SameAsEmbedded", confSameAsEmbedded},
}

// TestConformance runs the store tests on every kind of store.
func TestConformance(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			for _, tc := range conformanceTests {
				t.Run(tc.name, func(t *testing.T) {
					tc.run(t, kind.fresh(t))
				})
			}
		})
	}
}

// openConf opens dsn for writing and closes it when the test ends.
func openConf(t *testing.T, dsn string) *Store {
	t.Helper()
	st, err := Open(dsn, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func confStatsOf(t *testing.T, st *Store) Stats {
	t.Helper()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func confPutIsIdempotent(t *testing.T, dsn string) {
	ctx := context.Background()
	st := openConf(t, dsn)
	res := synthResults(t, 0, 1)[0]
	r1, err := st.Put(ctx, res)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Added == 0 || r1.Deleted != 0 {
		t.Fatalf("first put: %+v", r1)
	}
	before := confStatsOf(t, st)
	r2, err := st.Put(ctx, res)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Unchanged() {
		t.Errorf("second put changed the store: %+v", r2)
	}
	if after := confStatsOf(t, st); after != before {
		t.Errorf("stats changed: %+v -> %+v", before, after)
	}
	checkCounts(t, st)
}

func confPutReplaces(t *testing.T, dsn string) {
	ctx := context.Background()
	st := openConf(t, dsn)
	rs := synthResults(t, 0, 3)
	putAll(t, st, rs[:2])
	// Document 0 gets the text of document 2 under its own ID.
	changed := synthResults(t, 2, 3)[0]
	changed.Doc.ID = rs[0].Doc.ID
	r, err := st.Put(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	if r.Added == 0 || r.Deleted == 0 {
		t.Errorf("changed document: %+v", r)
	}
	old := gencorpus.SyntheticAgreement(0)
	for _, line := range quadSet(t, st) {
		if strings.Contains(line, old+" signed") {
			t.Errorf("stale quad after replace: %s", line)
		}
	}
	if got := confStatsOf(t, st).Documents; got != 2 {
		t.Errorf("documents = %d, want 2", got)
	}
	checkCounts(t, st)
}

func confRemove(t *testing.T, dsn string) {
	ctx := context.Background()
	st := openConf(t, dsn)
	rs := synthResults(t, 0, 2)
	putAll(t, st, rs[:1])
	only := confStatsOf(t, st)
	onlyQuads := quadSet(t, st)
	putAll(t, st, rs[1:])
	n, err := st.Remove(ctx, rs[1].Doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("removed nothing")
	}
	if got := confStatsOf(t, st); got != only {
		t.Errorf("after removing the second document: %+v, want %+v (as before adding it)", got, only)
	}
	if got := quadSet(t, st); !slices.Equal(got, onlyQuads) {
		t.Errorf("after removing the second document the quads differ from before adding it")
	}
	if n, err := st.Remove(ctx, "no-such-document"); n != 0 || err != nil {
		t.Errorf("removing a missing document: %d, %v", n, err)
	}
	if _, err := st.Remove(ctx, rs[0].Doc.ID); err != nil {
		t.Fatal(err)
	}
	if got := confStatsOf(t, st); got != (Stats{}) {
		t.Errorf("empty store has %+v", got)
	}
}

func confStats(t *testing.T, dsn string) {
	st := openConf(t, dsn)
	rs := synthResults(t, 0, 5)
	putAll(t, st, rs)
	want := Stats{Documents: int64(len(rs))}
	quads := map[quad.Quad]bool{}
	values := map[quad.Value]bool{}
	for _, res := range rs {
		for _, q := range DocumentQuads(st.Minter(), res) {
			quads[q] = true
			for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
				values[v] = true
			}
		}
	}
	want.Quads, want.Nodes = int64(len(quads)), int64(len(values))
	if got := confStatsOf(t, st); got != want {
		t.Errorf("stats %+v, want %+v", got, want)
	}
}

// confCountsEmpty counts a store nothing was ever written to (cayley
// creates its quad counter with the first write), the same store opened
// read-only, and a store emptied again: zero documents, quads and nodes,
// as Stats says, and no error.
func confCountsEmpty(t *testing.T, dsn string) {
	ctx := context.Background()
	tests := []struct {
		name string
		opt  Options
		// write changes the store before it is counted.
		write func(t *testing.T, st *Store)
	}{
		{"never written", Options{NoSync: true}, nil},
		{"never written, read-only", Options{ReadOnly: true}, nil},
		{"emptied", Options{NoSync: true}, func(t *testing.T, st *Store) {
			res := sample("a.txt", "Abkommen")
			if _, err := st.Put(ctx, res); err != nil {
				t.Fatal(err)
			}
			if n, err := st.Remove(ctx, res.Doc.ID); err != nil || n == 0 {
				t.Fatalf("remove: %d quads, %v", n, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Open(dsn, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if tt.write != nil {
				tt.write(t, st)
			}
			got, err := st.Counts(ctx)
			if err != nil || got != (Stats{}) {
				t.Errorf("Counts = %+v, %v; want zero, no error", got, err)
			}
			if got := confStatsOf(t, st); got != (Stats{}) {
				t.Errorf("Stats = %+v, want zero", got)
			}
			if rep := mustCheck(t, st); !rep.OK() {
				t.Errorf("%s: %q", rep.Summary(), rep.Problems)
			}
		})
	}
}

func confNoOrphanNodes(t *testing.T, dsn string) {
	ctx := context.Background()
	st := openConf(t, dsn)
	rs := synthResults(t, 0, 30)
	putAll(t, st, rs)
	checkCounts(t, st)
	// Replace every third document by another's text, remove every
	// fifth: nodes that only the old versions used must go.
	other := synthResults(t, 100, 110)
	for i := 0; i < len(rs); i += 3 {
		r := other[i/3]
		r.Doc.ID = rs[i].Doc.ID
		if _, err := st.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	checkCounts(t, st)
	for i := 0; i < len(rs); i += 5 {
		if _, err := st.Remove(ctx, rs[i].Doc.ID); err != nil {
			t.Fatal(err)
		}
	}
	checkCounts(t, st)
}

func confReopenReadOnly(t *testing.T, dsn string) {
	ctx := context.Background()
	if _, err := Open(dsn, Options{ReadOnly: true}); !errors.Is(err, ErrNoStore) {
		t.Errorf("read-only open of a store never written: %v, want ErrNoStore", err)
	}
	st, err := Open(dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, st, synthResults(t, 0, 3))
	want := quadSet(t, st)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(dsn, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got := quadSet(t, ro); len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("reopened store has %d quads, want the %d written", len(got), len(want))
	}
	if _, err := ro.Put(ctx, synthResults(t, 3, 4)[0]); err == nil {
		t.Error("put into a read-only store succeeded")
	}
	if _, err := ro.Remove(ctx, "synth/000000"); err == nil {
		t.Error("remove from a read-only store succeeded")
	}
}

func confQuadsOrder(t *testing.T, dsn string) {
	ctx := context.Background()
	st := openConf(t, dsn)
	putAll(t, st, synthResults(t, 0, 4))
	got, err := st.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var each []quad.Quad
	if err := st.Each(ctx, func(q quad.Quad) error { each = append(each, q); return nil }); err != nil {
		t.Fatal(err)
	}
	SortQuads(each)
	if !slices.Equal(got, each) {
		t.Error("Quads differs from Each's quads, sorted")
	}
	sorted := slices.Clone(got)
	SortQuads(sorted)
	if !slices.Equal(got, sorted) {
		t.Error("Quads is not sorted by subject, predicate, object and label")
	}
	if len(got) == 0 {
		t.Error("no quads")
	}
}

// confValuesRoundTrip writes values of every kind newsgraph or cayley
// stores, and strings that break naive SQL or array encodings, and
// reads them back unchanged.
func confValuesRoundTrip(t *testing.T, dsn string) {
	ctx := context.Background()
	st := openConf(t, dsn)
	label := quad.IRI("https://newsgraph.invalid/id/doc/values")
	s := quad.IRI("https://newsgraph.invalid/id/x")
	objects := []quad.Value{
		quad.String(""), quad.String("NULL"), quad.String(`back\slash`), quad.String(`"quoted"`),
		quad.String("{a,b}"), quad.String("line\nbreak\ttab"), quad.String("nul\x00byte"),
		quad.String("Überprüfung „Zitat“ 北京"), quad.String("'; DROP TABLE quads; --"),
		quad.LangString{Value: "Abkommen", Lang: "de"},
		quad.TypedString{Value: "2026-02-14", Type: XSD + "date"},
		quad.TypedString{Value: "0.90", Type: XSD + "decimal"},
		quad.IRI("https://example.org/a%20b"), quad.BNode("b1"),
		quad.Int(-42), quad.Bool(true), quad.Bool(false), quad.Float(0.5),
	}
	var want []quad.Quad
	var deltas []cgraph.Delta
	for i, o := range objects {
		q := quad.Quad{Subject: s, Predicate: quad.IRI("https://newsgraph.invalid/ns#p" + string(rune('a'+i))), Object: o, Label: label}
		want = append(want, q)
		deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	if err := st.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	SortQuads(want)
	if len(got) != len(want) {
		t.Fatalf("%d quads back, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("quad %d: got %#v, want %#v", i, got[i].Object, want[i].Object)
		}
	}
	// Adding a quad that exists, without IgnoreDup, fails as in cayley
	// and changes nothing.
	dup := append([]cgraph.Delta{{Quad: quad.Quad{Subject: s, Predicate: s, Object: s, Label: label}, Action: cgraph.Add}}, deltas[0])
	err = st.qs.ApplyDeltas(dup, cgraph.IgnoreOpts{})
	if !cgraph.IsQuadExist(err) {
		t.Errorf("adding an existing quad: %v, want a quad-exists error", err)
	} else if de := err.(*cgraph.DeltaError); de.Delta.Quad != deltas[0].Quad {
		t.Errorf("adding an existing quad: the error names %v, want %v", de.Delta.Quad, deltas[0].Quad)
	}
	if n := len(quadSet(t, st)); n != len(want) {
		t.Errorf("a failed batch changed the store: %d quads, want %d", n, len(want))
	}
	checkCounts(t, st)
}

// confSameAsEmbedded builds the same documents into the store and into
// an embedded one: the quads and counts must agree.
func confSameAsEmbedded(t *testing.T, dsn string) {
	st := openConf(t, dsn)
	ref := openConf(t, filepath.Join(t.TempDir(), "ref.db"))
	rs := synthResults(t, 0, 20)
	putAll(t, st, rs)
	putAll(t, ref, rs)
	if got, want := quadSet(t, st), quadSet(t, ref); !slices.Equal(got, want) {
		t.Errorf("%d quads, the embedded store %d: they differ", len(got), len(want))
	}
	if got, want := confStatsOf(t, st), confStatsOf(t, ref); got != want {
		t.Errorf("stats %+v, the embedded store %+v", got, want)
	}
}
