package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
)

// graphs collects what EachGraph (or each) passes on.
func graphs(t *testing.T, each func(context.Context, func(quad.Value, []quad.Quad) error) error) (labels []quad.Value, quads [][]quad.Quad) {
	t.Helper()
	err := each(context.Background(), func(l quad.Value, qs []quad.Quad) error {
		labels = append(labels, l)
		quads = append(quads, append([]quad.Quad(nil), qs...))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return labels, quads
}

// checkGraphs checks that graphs come in the order of their names, hold
// quads of their name only, sorted, and together every quad of the store
// once.
func checkGraphs(t *testing.T, st *Store, labels []quad.Value, quads [][]quad.Quad) {
	t.Helper()
	var all []quad.Quad
	for i, l := range labels {
		if i > 0 && valueKey(labels[i-1]) >= valueKey(l) {
			t.Errorf("graph %v after %v", l, labels[i-1])
		}
		for _, q := range quads[i] {
			if q.Label != l {
				t.Errorf("graph %v holds %v", l, q)
			}
		}
		sorted := append([]quad.Quad(nil), quads[i]...)
		SortQuads(sorted)
		if !reflect.DeepEqual(sorted, quads[i]) {
			t.Errorf("graph %v is not sorted", l)
		}
		all = append(all, quads[i]...)
	}
	want, err := st.Quads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	SortQuads(all)
	if len(all) != len(want) || !reflect.DeepEqual(all, want) {
		t.Errorf("the graphs hold %d quads, the store %d", len(all), len(want))
	}
}

// TestEachGraph compares EachGraph through the label index with the
// whole store read into memory, on a store whose documents were changed
// and removed (the index still lists their deleted quads) and that holds
// a quad without a label.
func TestEachGraph(t *testing.T) {
	ctx := context.Background()
	st := queryStore(t)
	for i := range 3 {
		id := fmt.Sprintf("changed-%d.txt", i)
		for _, agreement := range []string{"Handelsabkommen", "Klimapakt"} {
			if _, err := st.Put(ctx, sample(id, agreement)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := st.Remove(ctx, "changed-1.txt"); err != nil {
		t.Fatal(err)
	}
	loose := quad.Make(quad.IRI("https://example.org/a"), quad.IRI("https://example.org/p"), quad.String("no label"), nil)
	if err := st.qs.ApplyDeltas([]cgraph.Delta{{Quad: loose, Action: cgraph.Add}}, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}

	labels, quads := graphs(t, st.EachGraph)
	if done, err := st.eachGraphIndexed(ctx, func(quad.Value, []quad.Quad) error { return nil }); !done || err != nil {
		t.Fatalf("the store was not read through its label index: %v, %v", done, err)
	}
	if len(labels) < 20 || labels[0] != nil {
		t.Errorf("%d graphs, the first %v: want the default graph first and every document", len(labels), labels[0])
	}
	for _, l := range labels {
		if l == quad.Value(st.m.Document("changed-1.txt")) {
			t.Errorf("the removed document is still passed on")
		}
	}
	checkGraphs(t, st, labels, quads)
	memLabels, memQuads := graphs(t, st.eachGraphInMemory)
	if !reflect.DeepEqual(labels, memLabels) || !reflect.DeepEqual(quads, memQuads) {
		t.Errorf("the label index and the whole store give different graphs")
	}
}

// TestEachGraphWithoutLabelIndex reads a store created before the label
// index: EachGraph falls back to reading it whole.
func TestEachGraphWithoutLabelIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := boltkv.Open(path, boltkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opts := cgraph.Options{"no_bloom": true}
	if err := kv.Init(db, opts); err != nil {
		t.Fatal(err)
	}
	qs, err := kv.New(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := NewMinter("")
	var deltas []cgraph.Delta
	for _, id := range []string{"b.txt", "a.txt", "c.txt"} {
		for _, q := range DocumentQuads(m, sample(id, "Abkommen "+id)) {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	if err := qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}

	st, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if done, err := st.eachGraphIndexed(ctx, func(quad.Value, []quad.Quad) error { return nil }); done || err != nil {
		t.Fatalf("a store without a label index was read through one: %v, %v", done, err)
	}
	labels, quads := graphs(t, st.EachGraph)
	if len(labels) != 3 {
		t.Errorf("%d graphs, want 3", len(labels))
	}
	checkGraphs(t, st, labels, quads)
}
