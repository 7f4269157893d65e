package graph

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

// queryStore writes the sample and development articles into a store.
func queryStore(t *testing.T) *Store {
	t.Helper()
	x, err := extract.New(nil, extract.WithRules()) // the facts the rules find in the samples: fixed, whatever the model learns
	if err != nil {
		t.Fatal(err)
	}
	st := openTemp(t)
	ctx := context.Background()
	w, err := st.NewWriter(WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	err = extract.Walk([]string{filepath.Join("..", "testdata", "seeds"), filepath.Join("..", "testdata", "dev", "docs")}, nil, func(doc *extract.Document) error {
		res, err := x.Extract(doc)
		if err != nil {
			return err
		}
		_, err = w.Put(ctx, res)
		return err
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// answer resolves name on ix and describes the outcome.
func resolved(ix *Index, name string) (Ref, string) {
	ref, err := ix.Resolve(name)
	var amb *AmbiguousError
	var nf *NotFoundError
	switch {
	case errors.As(err, &amb):
		b, _ := json.Marshal(amb.Candidates)
		return ref, "ambiguous " + string(b)
	case errors.As(err, &nf):
		return ref, "not found"
	case err != nil:
		return ref, err.Error()
	}
	return ref, ""
}

// TestShowAndPathIndex compares the answers of ShowIndex and PathIndex
// with those of the whole store's index, for every entity by label, IRI,
// alias and ISO code, and for paths between many pairs: with subgraph set
// (all the quads --export needs) and without (the quick reading).
func TestShowAndPathIndex(t *testing.T) {
	ctx := context.Background()
	st := queryStore(t)
	full, err := st.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range full.Model().SortedNodes() {
		names = append(names, n.Label, "<"+string(n.IRI)+">")
		names = append(names, n.Aliases...)
	}
	names = append(names, "DE", "germany", "KANADA", "no such thing", "REAIM")
	nodes := full.Model().SortedNodes()
	for _, opt := range []ShowOptions{{}, {Rows: 1}, {Rows: 3}, {Subgraph: true}} {
		subgraph := opt.Subgraph
		shown := 0
		for _, name := range names {
			ix, err := st.ShowIndex(ctx, name, opt)
			if err != nil {
				t.Fatalf("ShowIndex(%q, %+v): %v", name, opt, err)
			}
			want, wantErr := resolved(full, name)
			got, gotErr := resolved(ix, name)
			if want != got || wantErr != gotErr {
				t.Errorf("subgraph=%v: Resolve(%q) = %v %s, whole index %v %s", subgraph, name, got, gotErr, want, wantErr)
				continue
			}
			if wantErr != "" {
				continue
			}
			shown++
			gotP, wantP := ix.Show(got.IRI), full.Show(want.IRI)
			gotS, wantS := ix.Sources(got.IRI), full.Sources(want.IRI)
			if opt.Rows > 0 {
				// The first rows whole, and as many as the whole index.
				if len(gotP.Claims) != len(wantP.Claims) || len(gotP.Sources) != len(wantP.Sources) || len(gotS) != len(wantS) {
					t.Errorf("%+v: Show(%q): %d facts and %d sources (Sources: %d), want %d and %d (%d)", opt, name,
						len(gotP.Claims), len(gotP.Sources), len(gotS), len(wantP.Claims), len(wantP.Sources), len(wantS))
					continue
				}
				gotP.Claims, wantP.Claims = gotP.Claims[:min(opt.Rows, len(gotP.Claims))], wantP.Claims[:min(opt.Rows, len(wantP.Claims))]
				gotP.Sources, wantP.Sources = gotP.Sources[:min(opt.Rows, len(gotP.Sources))], wantP.Sources[:min(opt.Rows, len(wantP.Sources))]
				gotS, wantS = gotS[:min(opt.Rows, len(gotS))], wantS[:min(opt.Rows, len(wantS))]
			}
			if g, w := asJSON(t, gotP), asJSON(t, wantP); g != w {
				t.Errorf("%+v: Show(%q):\n got %s\nwant %s", opt, name, g, w)
			}
			if g, w := asJSON(t, gotS), asJSON(t, wantS); g != w {
				t.Errorf("%+v: Sources(%q):\n got %s\nwant %s", opt, name, g, w)
			}
			if !subgraph {
				continue
			}
			p := full.Show(want.IRI)
			if g, w := asJSON(t, ix.Subgraph(p.Claims, want.IRI)), asJSON(t, full.Subgraph(p.Claims, want.IRI)); g != w {
				t.Errorf("Subgraph of Show(%q) differs", name)
			}
		}
		if shown < 50 {
			t.Errorf("%+v: only %d names shown", opt, shown)
		}
		if opt.Rows > 0 {
			continue
		}
		paths := 0
		for i := 0; i < len(nodes); i += 7 {
			for j := 3; j < len(nodes); j += 11 {
				a, b := nodes[i], nodes[j]
				from, to := "<"+string(a.IRI)+">", "<"+string(b.IRI)+">"
				ix, err := st.PathIndex(ctx, from, to, subgraph)
				if err != nil {
					t.Fatal(err)
				}
				want, werr := full.Path(a.IRI, b.IRI)
				got, gerr := ix.Path(a.IRI, b.IRI)
				if (werr == nil) != (gerr == nil) || asJSON(t, got) != asJSON(t, want) {
					t.Errorf("subgraph=%v: Path(%s, %s) = %v, %v; whole index %v, %v", subgraph, a.Label, b.Label, asJSON(t, got), gerr, asJSON(t, want), werr)
				}
				if werr == nil {
					paths++
				}
				if !subgraph {
					continue
				}
				var claims []Claim
				for _, h := range want {
					claims = append(claims, h.Claims...)
				}
				if g, w := asJSON(t, ix.Subgraph(claims, a.IRI, b.IRI)), asJSON(t, full.Subgraph(claims, a.IRI, b.IRI)); g != w {
					t.Errorf("Subgraph of Path(%s, %s) differs", a.Label, b.Label)
				}
			}
		}
		if paths < 20 {
			t.Errorf("subgraph=%v: only %d paths found", subgraph, paths)
		}
	}
}

// TestShowIndexRowsTies checks ShowIndex with Rows where facts differ in
// their statements only (the last key Show orders by, which the first
// reading leaves out): the first rows are those of the whole index.
func TestShowIndexRowsTies(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	w, err := st.NewWriter(WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := "Alpha signed the accord with Beta. Alpha met Beta again."
	for i, id := range []string{"doc-b", "doc-a"} {
		res := &extract.Result{
			Doc:  &extract.Document{ID: id, Title: "Title " + id, Text: text},
			Lang: "en",
			Entities: []extract.Entity{
				{ID: "e1", Type: extract.Person, Name: "Alpha", Key: "alpha"},
				{ID: "e2", Type: extract.Person, Name: "Beta", Key: "beta"},
			},
		}
		// Four facts at one place, as negated, planned or not.
		for _, neg := range []bool{false, true} {
			for _, mod := range []extract.Modality{extract.Asserted, extract.Planned} {
				res.Relations = append(res.Relations, extract.Relation{Subject: "e1", Predicate: extract.Signed, Object: "e2",
					Negated: neg, Modality: mod, Confidence: 0.5, Sentence: text[:34], Span: extract.Span{Start: 0, End: 34}})
			}
		}
		if i == 1 {
			res.Relations = append(res.Relations, extract.Relation{Subject: "e2", Predicate: extract.Attended, Object: "e1",
				Modality: extract.Asserted, Confidence: 0.7, Sentence: text[35:], Span: extract.Span{Start: 35, End: len(text)}})
		}
		if _, err := w.Put(ctx, res); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	full, err := st.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Alpha", "Beta"} {
		ref, err := full.Resolve(name)
		if err != nil {
			t.Fatal(err)
		}
		want := full.Show(ref.IRI)
		if len(want.Claims) != 9 {
			t.Fatalf("Show(%s): %d facts, want 9", name, len(want.Claims))
		}
		for rows := 1; rows <= len(want.Claims)+1; rows++ {
			ix, err := st.ShowIndex(ctx, name, ShowOptions{Rows: rows})
			if err != nil {
				t.Fatal(err)
			}
			got := ix.Show(ref.IRI)
			if len(got.Claims) != len(want.Claims) || len(got.Sources) != len(want.Sources) {
				t.Fatalf("Rows %d: Show(%s): %d facts, %d sources; want %d, %d", rows, name, len(got.Claims), len(got.Sources), len(want.Claims), len(want.Sources))
			}
			n, m := min(rows, len(want.Claims)), min(rows, len(want.Sources))
			if g, w := asJSON(t, got.Claims[:n]), asJSON(t, want.Claims[:n]); g != w {
				t.Errorf("Rows %d: Show(%s) facts:\n got %s\nwant %s", rows, name, g, w)
			}
			if g, w := asJSON(t, got.Sources[:m]), asJSON(t, want.Sources[:m]); g != w {
				t.Errorf("Rows %d: Show(%s) sources:\n got %s\nwant %s", rows, name, g, w)
			}
		}
	}
}
