package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// sample builds an extraction result by hand: two states sign an
// agreement, one refuses, and a planned signing that must not become an edge.
func sample(docID, agreement string) *extract.Result {
	text := "Kanada und Mexiko unterzeichneten das " + agreement + ". Chile verweigerte die Unterschrift. Peru will es unterzeichnen."
	doc := &extract.Document{ID: docID, Title: "Test <&> \"title\"", Lang: "de", Text: text, Published: time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)}
	n := len([]rune(text))
	s1 := extract.Span{Start: 0, End: len([]rune("Kanada und Mexiko unterzeichneten das " + agreement + "."))}
	return &extract.Result{Doc: doc, Lang: "de",
		Entities: []extract.Entity{
			{ID: "e1", Type: extract.Country, Name: "Canada", Key: "CA", Wikidata: "Q16", Mentions: []extract.Span{{Start: 0, End: 6}}},
			{ID: "e2", Type: extract.Country, Name: "Mexico", Key: "MX", Mentions: []extract.Span{{Start: 11, End: 17}}},
			{ID: "e3", Type: extract.Agreement, Name: agreement, Key: extract.Slug(agreement), Aliases: []string{"Abkommen"}, Date: "2026-02", Mentions: []extract.Span{{Start: 38, End: 38 + len([]rune(agreement))}}},
			{ID: "e4", Type: extract.Country, Name: "Chile", Key: "CL", Mentions: []extract.Span{{Start: s1.End + 1, End: s1.End + 6}}},
			{ID: "e5", Type: extract.Country, Name: "Peru", Key: "PE", Mentions: []extract.Span{{Start: n - 24, End: n - 20}}},
		},
		Relations: []extract.Relation{
			{Subject: "e1", Predicate: extract.Signed, Object: "e3", Modality: extract.Asserted, Confidence: 0.9, Cue: "unterzeichneten", Sentence: "s1", Span: s1, Date: "2026-02-14"},
			{Subject: "e2", Predicate: extract.Signed, Object: "e3", Modality: extract.Asserted, Confidence: 0.9, Cue: "unterzeichneten", Sentence: "s1", Span: s1},
			{Subject: "e4", Predicate: extract.Refused, Object: "e3", Modality: extract.Asserted, Confidence: 0.8, Cue: "verweigerte", Sentence: "s2", Span: extract.Span{Start: s1.End + 1, End: n - 26}},
			{Subject: "e5", Predicate: extract.Signed, Object: "e3", Modality: extract.Planned, Confidence: 0.8, Cue: "unterzeichnen", Sentence: "s3", Span: extract.Span{Start: n - 25, End: n}},
		},
	}
}

func openTemp(t *testing.T) *Store {
	t.Helper()
	st, err := Open(filepath.Join(t.TempDir(), "test.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// distinctValues counts the values the store's quads use: with no orphan
// nodes, it equals the store's node count.
func distinctValues(t *testing.T, st *Store) int64 {
	t.Helper()
	seen := map[string]bool{}
	err := st.Each(context.Background(), func(q quad.Quad) error {
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if v != nil {
				seen[quad.StringOf(v)+"\x00"+fmt.Sprintf("%T", v)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return int64(len(seen))
}

func mustStats(t *testing.T, st *Store) Stats {
	t.Helper()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPutIsIdempotent(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	r1, err := st.Put(ctx, sample("a.txt", "Handelsabkommen"))
	if err != nil {
		t.Fatal(err)
	}
	if r1.Added == 0 || r1.Deleted != 0 {
		t.Fatalf("first put: %+v", r1)
	}
	before := mustStats(t, st)
	r2, err := st.Put(ctx, sample("a.txt", "Handelsabkommen"))
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Unchanged() {
		t.Errorf("second put changed the store: %+v", r2)
	}
	after := mustStats(t, st)
	if before != after {
		t.Errorf("stats changed: %+v -> %+v", before, after)
	}
	if v := distinctValues(t, st); v != after.Nodes {
		t.Errorf("%d nodes for %d distinct values: orphan nodes", after.Nodes, v)
	}
}

func TestPutReplacesChangedDocument(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	if _, err := st.Put(ctx, sample("a.txt", "Handelsabkommen")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, sample("b.txt", "Zollabkommen")); err != nil {
		t.Fatal(err)
	}
	r, err := st.Put(ctx, sample("a.txt", "Fischereiabkommen"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Added == 0 || r.Deleted == 0 {
		t.Errorf("changed document: %+v", r)
	}
	quads, err := st.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range quads {
		if strings.Contains(quad.StringOf(q.Object), "Handelsabkommen") || strings.Contains(quad.StringOf(q.Subject), "handelsabkommen") {
			t.Errorf("stale quad after replace: %v", q)
		}
	}
	st2 := mustStats(t, st)
	if st2.Documents != 2 {
		t.Errorf("documents = %d, want 2", st2.Documents)
	}
	if v := distinctValues(t, st); v != st2.Nodes {
		t.Errorf("%d nodes for %d distinct values: orphan nodes", st2.Nodes, v)
	}
}

func TestRemove(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	if _, err := st.Put(ctx, sample("a.txt", "Handelsabkommen")); err != nil {
		t.Fatal(err)
	}
	only := mustStats(t, st)
	if _, err := st.Put(ctx, sample("b.txt", "Handelsabkommen")); err != nil {
		t.Fatal(err)
	}
	n, err := st.Remove(ctx, "b.txt")
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("removed nothing")
	}
	if got := mustStats(t, st); got != only {
		t.Errorf("after removing b.txt: %+v, want %+v (as before adding it)", got, only)
	}
	if _, err := st.Remove(ctx, "a.txt"); err != nil {
		t.Fatal(err)
	}
	if got := mustStats(t, st); got.Quads != 0 || got.Nodes != 0 {
		t.Errorf("empty store has %+v", got)
	}
}

func TestReopenReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, sample("a.txt", "Handelsabkommen")); err != nil {
		t.Fatal(err)
	}
	want, _ := st.Quads(ctx)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got, err := ro.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("reopened store has %d quads, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("quad %d: %v, want %v", i, got[i], want[i])
		}
	}
	if _, err := ro.Put(ctx, sample("b.txt", "x")); err == nil {
		t.Error("put into a read-only store succeeded")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing.db"), Options{ReadOnly: true}); !errors.Is(err, ErrNoStore) {
		t.Errorf("read-only open of a missing store: %v", err)
	}
	path := filepath.Join(dir, "held.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "held.db") {
		t.Errorf("second writer: %v, want ErrLocked naming the store", err)
	}
	if _, err := Open(path, Options{Base: "ftp://x"}); err == nil {
		t.Error("bad base accepted")
	}
}

func TestMinter(t *testing.T) {
	m, err := NewMinter("https://example.org/kg")
	if err != nil {
		t.Fatal(err)
	}
	hostile := []string{"a>b <c>", "x\"y", "new\nline", "\x00", "{}|^`\\", "\u202eevil", strings.Repeat("ä", 300)}
	for _, h := range hostile {
		iri := string(m.Entity(extract.Person, h))
		if !strings.HasPrefix(iri, "https://example.org/kg/id/person/") {
			t.Errorf("%q: IRI %s outside the base", h, iri)
		}
		for _, r := range iri {
			if r <= ' ' || strings.ContainsRune("<>\"{}|^`\\", r) || r > 127 {
				t.Errorf("%q: IRI %q holds %q", h, iri, r)
				break
			}
		}
	}
	m2, _ := NewMinter("https://example.org/kg/")
	if m.Document("a.txt") != m2.Document("a.txt") || m.Document("a.txt") == m.Document("b.txt") {
		t.Error("document IRIs not stable and distinct")
	}
	for _, bad := range []string{"", "example.org", "mailto:x@y", "https://x.org/?q=1", "https://x.org/a b"} {
		if bad == "" {
			continue
		}
		if _, err := NewMinter(bad); err == nil {
			t.Errorf("NewMinter(%q) accepted", bad)
		}
	}
}

func TestModel(t *testing.T) {
	m, _ := NewMinter("")
	res := sample("a.txt", "Handelsabkommen")
	model := NewModel(DocumentQuads(m, res))
	if len(model.Facts) != 4 {
		t.Fatalf("%d facts, want 4 (every relation is a statement)", len(model.Facts))
	}
	edges := model.Edges()
	if len(edges) != 3 {
		t.Fatalf("%d edges, want 3: the planned signing is no edge", len(edges))
	}
	for _, e := range edges {
		for _, f := range e.Facts {
			if !f.Asserted() || f.Evidence == "" || f.Doc != m.Document("a.txt") || f.End <= f.Start {
				t.Errorf("edge fact without evidence or document: %+v", f)
			}
		}
	}
	ca := model.Nodes[m.Entity(extract.Country, "CA")]
	if ca == nil || ca.Label != "Canada" || ca.Wikidata != "Q16" || ca.Type != extract.Country {
		t.Errorf("Canada node: %+v", ca)
	}
	d := model.Docs[m.Document("a.txt")]
	if d == nil || d.Published != "2026-02-14" || d.Lang != "de" || d.ID != "a.txt" {
		t.Errorf("document: %+v", d)
	}
}

func TestLiteralsUseFullDatatypeIRIs(t *testing.T) {
	m, _ := NewMinter("")
	for _, q := range DocumentQuads(m, sample("a.txt", "Handelsabkommen")) {
		if ts, ok := q.Object.(quad.TypedString); ok && !strings.HasPrefix(string(ts.Type), XSD) {
			t.Errorf("literal %v has datatype %s", ts, ts.Type)
		}
		if q.Label != m.Document("a.txt") {
			t.Errorf("quad %v not labelled with its document", q)
		}
	}
}

func ExampleStore_Put() {
	dir, _ := os.MkdirTemp("", "newsgraph-example")
	defer os.RemoveAll(dir)
	st, err := Open(filepath.Join(dir, "example.db"), Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	ctx := context.Background()
	res := sample("article.txt", "Handelsabkommen")
	first, _ := st.Put(ctx, res)
	again, _ := st.Put(ctx, res)
	fmt.Println(first.Added > 0, again.Unchanged())
	// Output: true true
}
