package boltkv

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/cayleygraph/cayley"
	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/writer"
	"github.com/cayleygraph/quad"
	"go.etcd.io/bbolt"
)

// cayleyOpts are the options newsgraph passes to Cayley's kv quad store.
var cayleyOpts = graph.Options{"no_bloom": true}

// openQuadStore opens the store at path and wraps it in Cayley's kv quad
// store, initializing it first if init is set.
func openQuadStore(t *testing.T, path string, opt Options, init bool) graph.QuadStore {
	t.Helper()
	db, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if init {
		if err := ckv.Init(db, cayleyOpts); err != nil {
			db.Close()
			t.Fatalf("kv.Init: %v", err)
		}
	}
	qs, err := ckv.New(db, cayleyOpts)
	if err != nil {
		db.Close()
		t.Fatalf("kv.New: %v", err)
	}
	return qs
}

// allQuads returns the store's quads as sorted N-Quads strings.
func allQuads(t *testing.T, qs graph.QuadStore) []string {
	t.Helper()
	ctx := context.Background()
	it := qs.QuadsAllIterator()
	defer it.Close()
	var out []string
	for it.Next(ctx) {
		out = append(out, qs.Quad(it.Result()).NQuad())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func nquads(qs []quad.Quad) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	sort.Strings(out)
	return out
}

func stats(t *testing.T, qs graph.QuadStore) (nodes, quads int64) {
	t.Helper()
	st, err := qs.Stats(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	return st.Nodes.Size, st.Quads.Size
}

// TestCayleyRoundTrip writes quads through Cayley, reopens the store and
// reads them back, then deletes some and checks no orphans remain.
func TestCayleyRoundTrip(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "newsgraph.db")
	base := []quad.Quad{
		quad.MakeIRI("article/1", "mentions", "person/alice", ""),
		quad.MakeIRI("article/1", "mentions", "person/bob", ""),
		quad.MakeIRI("article/2", "mentions", "person/alice", "feed/a"),
		quad.Make(quad.IRI("article/1"), quad.IRI("title"), quad.String("Hello, world"), nil),
		quad.Make(quad.IRI("article/2"), quad.IRI("published"), quad.Int(2024), nil),
	}

	qs := openQuadStore(t, path, Options{}, true)
	qw, err := writer.NewSingleReplication(qs, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := graph.NewWriter(qw)
	if _, err := w.WriteQuads(base); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := qw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}

	// Initializing an existing store is refused.
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ckv.Init(db, cayleyOpts); err != graph.ErrDatabaseExists {
		t.Errorf("second kv.Init: err = %v, want ErrDatabaseExists", err)
	}
	db.Close()

	// Reopen read-only: everything is there.
	qs = openQuadStore(t, path, Options{ReadOnly: true}, false)
	if got, want := allQuads(t, qs), nquads(base); !reflect.DeepEqual(got, want) {
		t.Errorf("after reopen:\n got %q\nwant %q", got, want)
	}
	mentioned, err := cayley.StartPath(qs, quad.IRI("article/1")).Out(quad.IRI("mentions")).Iterate(ctx).AllValues(qs)
	if err != nil {
		t.Fatal(err)
	}
	if got := valueStrings(mentioned); !reflect.DeepEqual(got, []string{"<person/alice>", "<person/bob>"}) {
		t.Errorf("article/1 mentions %q", got)
	}
	baseNodes, baseQuads := stats(t, qs)
	// article/1, article/2, mentions, person/alice, person/bob, feed/a,
	// title, "Hello, world", published, 2024.
	if baseNodes != 10 || baseQuads != int64(len(base)) {
		t.Errorf("Stats = %d nodes, %d quads; want 10, %d", baseNodes, baseQuads, len(base))
	}
	qs.Close()

	// Add quads with new and shared nodes, then delete them again.
	extra := []quad.Quad{
		quad.MakeIRI("article/3", "mentions", "person/carol", ""),
		quad.MakeIRI("article/3", "mentions", "person/alice", ""),
		quad.MakeIRI("article/1", "cites", "article/3", "feed/b"),
	}
	qs = openQuadStore(t, path, Options{}, false)
	defer qs.Close() // idempotent
	deltas := func(qs []quad.Quad, action graph.Procedure) []graph.Delta {
		d := make([]graph.Delta, len(qs))
		for i, q := range qs {
			d[i] = graph.Delta{Quad: q, Action: action}
		}
		return d
	}
	if err := qs.ApplyDeltas(deltas(extra, graph.Add), graph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if got, want := allQuads(t, qs), nquads(append(append([]quad.Quad{}, base...), extra...)); !reflect.DeepEqual(got, want) {
		t.Errorf("after adding:\n got %q\nwant %q", got, want)
	}
	// New nodes: article/3, person/carol, cites, feed/b.
	if n, q := stats(t, qs); n != baseNodes+4 || q != baseQuads+int64(len(extra)) {
		t.Errorf("after adding: Stats = %d nodes, %d quads; want %d, %d", n, q, baseNodes+4, baseQuads+int64(len(extra)))
	}
	if err := qs.ApplyDeltas(deltas(extra, graph.Delete), graph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if got, want := allQuads(t, qs), nquads(base); !reflect.DeepEqual(got, want) {
		t.Errorf("after deleting:\n got %q\nwant %q", got, want)
	}
	if n, q := stats(t, qs); n != baseNodes || q != baseQuads {
		t.Errorf("after deleting: Stats = %d nodes, %d quads; want %d, %d", n, q, baseNodes, baseQuads)
	}
	for _, v := range []quad.Value{quad.IRI("article/3"), quad.IRI("person/carol"), quad.IRI("cites"), quad.IRI("feed/b")} {
		if ref := qs.ValueOf(v); ref != nil {
			t.Errorf("orphan node %v still has ref %v", v, ref)
		}
	}

	// Deleting everything empties the store.
	if err := qs.ApplyDeltas(deltas(base, graph.Delete), graph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if n, q := stats(t, qs); n != 0 || q != 0 {
		t.Errorf("after deleting all: Stats = %d nodes, %d quads; want 0, 0", n, q)
	}

	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}

	// The file passes bbolt's own consistency check.
	db, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Bolt().View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("bbolt check: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func valueStrings(vs []quad.Value) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	sort.Strings(out)
	return out
}
