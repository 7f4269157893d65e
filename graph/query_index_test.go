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
	x, err := extract.New(nil)
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
	for _, subgraph := range []bool{false, true} {
		shown := 0
		for _, name := range names {
			ix, err := st.ShowIndex(ctx, name, subgraph)
			if err != nil {
				t.Fatalf("ShowIndex(%q, %v): %v", name, subgraph, err)
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
			if g, w := asJSON(t, ix.Show(got.IRI)), asJSON(t, full.Show(want.IRI)); g != w {
				t.Errorf("subgraph=%v: Show(%q):\n got %s\nwant %s", subgraph, name, g, w)
			}
			if g, w := asJSON(t, ix.Sources(got.IRI)), asJSON(t, full.Sources(want.IRI)); g != w {
				t.Errorf("subgraph=%v: Sources(%q):\n got %s\nwant %s", subgraph, name, g, w)
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
			t.Errorf("subgraph=%v: only %d names shown", subgraph, shown)
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
