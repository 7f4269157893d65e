package graph

import (
	"context"
	"fmt"
	"testing"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
)

// TestWriterBatches writes documents in batches, with a document twice in
// one batch, and compares the store with one written document by
// document.
func TestWriterBatches(t *testing.T) {
	ctx := context.Background()
	one, many := openTemp(t), openTemp(t)
	var docs []string
	for i := 0; i < 12; i++ {
		docs = append(docs, fmt.Sprintf("doc%02d.txt", i))
	}
	w, err := many.NewWriter(WriterOptions{BatchQuads: 200})
	if err != nil {
		t.Fatal(err)
	}
	for round, agreement := range []string{"Abkommen", "Vertrag", "Vertrag"} {
		for i, id := range docs {
			if round == 1 && i%2 == 0 {
				continue // only some change
			}
			res := sample(id, agreement+" "+id)
			r1, err := one.Put(ctx, res)
			if err != nil {
				t.Fatal(err)
			}
			r2, err := w.Put(ctx, res)
			if err != nil {
				t.Fatal(err)
			}
			if r1 != r2 {
				t.Errorf("round %d %s: Writer.Put = %+v, Put = %+v", round, id, r2, r1)
			}
		}
		if round == 2 && w.Pending() != 0 {
			t.Errorf("unchanged documents pending: %d", w.Pending())
		}
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	a, b := mustStats(t, one), mustStats(t, many)
	if a != b {
		t.Errorf("batched %+v, one by one %+v", b, a)
	}
	for _, st := range []*Store{one, many} {
		if r := mustCheck(t, st); !r.OK() {
			t.Errorf("%s: %q", r.Summary(), r.Problems)
		}
		c, err := st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c != a {
			t.Errorf("Counts = %+v, Stats = %+v", c, a)
		}
	}
}

// TestCurrent checks what makes a stored document current.
func TestCurrent(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	w, err := st.NewWriter(WriterOptions{Extractor: "x/1"})
	if err != nil {
		t.Fatal(err)
	}
	res := sample("a.txt", "Abkommen")
	if cur, err := st.Current(ctx, res.Doc, "", "x/1"); err != nil || cur {
		t.Fatalf("Current before writing = %v, %v", cur, err)
	}
	if _, err := w.Put(ctx, res); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	doc := *res.Doc
	for _, tt := range []struct {
		name      string
		change    func()
		lang, ext string
		want      bool
	}{
		{"same", func() {}, "", "x/1", true},
		{"same, language known", func() {}, "de", "x/1", true},
		{"other language", func() {}, "en", "x/1", false},
		{"other extractor", func() {}, "", "x/2", false},
		{"no extractor", func() {}, "", "", false},
		{"other text", func() { doc.Text += " Ende." }, "", "x/1", false},
		{"other title", func() { doc.Title = "Neu" }, "", "x/1", false},
		{"no title", func() { doc.Title = "" }, "", "x/1", false},
		{"other URL", func() { doc.URL = "https://example.org/a" }, "", "x/1", false},
		{"other date", func() { doc.Published = doc.Published.AddDate(0, 0, 1) }, "", "x/1", false},
		{"other ID", func() { doc.ID = "b.txt" }, "", "x/1", false},
	} {
		doc = *res.Doc
		tt.change()
		cur, err := st.Current(ctx, &doc, tt.lang, tt.ext)
		if err != nil || cur != tt.want {
			t.Errorf("%s: Current = %v, %v; want %v", tt.name, cur, err, tt.want)
		}
	}
	// Written without an extractor, a document is never current.
	if _, err := st.Put(ctx, sample("a.txt", "Vertrag")); err != nil {
		t.Fatal(err)
	}
	if cur, _ := st.Current(ctx, res.Doc, "", "x/1"); cur {
		t.Error("a document written by Put is current")
	}
}

// TestLabelIndex checks that a new store finds a document's quads through
// an index on the label, not by scanning every quad.
func TestLabelIndex(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	if _, err := st.Put(ctx, sample("a.txt", "Abkommen")); err != nil {
		t.Fatal(err)
	}
	d := st.m.Document("a.txt")
	it := st.qs.QuadIterator(quad.Label, st.qs.ValueOf(d))
	defer it.Close()
	if _, ok := it.(*ckv.QuadIterator); !ok {
		t.Errorf("label lookup uses %T, want an index (*kv.QuadIterator)", it)
	}
	n := 0
	for it.Next(ctx) {
		if q := st.qs.Quad(it.Result()); q.Label != d {
			t.Errorf("quad of another document: %v", q)
		}
		n++
	}
	if want := len(DocumentQuads(st.m, sample("a.txt", "Abkommen"))); n != want {
		t.Errorf("%d quads by label, want %d", n, want)
	}
}
