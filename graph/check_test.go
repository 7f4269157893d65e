package graph

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	bolt "go.etcd.io/bbolt"
)

// mustCheck runs Check and fails the test on a read error.
func mustCheck(t *testing.T, st *Store) *CheckReport {
	t.Helper()
	r, err := st.Check(context.Background())
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return r
}

// apply writes deltas straight into cayley, bypassing Put: the way a bug
// (or another tool) could damage the store.
func apply(t *testing.T, st *Store, action cgraph.Procedure, ignoreDup bool, qs ...quad.Quad) {
	t.Helper()
	d := make([]cgraph.Delta, len(qs))
	for i, q := range qs {
		d[i] = cgraph.Delta{Quad: q, Action: action}
	}
	if err := st.qs.ApplyDeltas(d, cgraph.IgnoreOpts{IgnoreDup: ignoreDup, IgnoreMissing: ignoreDup}); err != nil {
		t.Fatal(err)
	}
}

func TestCheckSound(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	r := mustCheck(t, st)
	if !r.OK() || r.Quads != 0 || r.Documents != 0 {
		t.Fatalf("empty store: %s %q", r.Summary(), r.Problems)
	}
	for _, id := range []string{"a.txt", "b.txt", "c.txt"} {
		if _, err := st.Put(ctx, sample(id, "Handelsabkommen "+id)); err != nil {
			t.Fatal(err)
		}
	}
	// Replacing and removing documents keeps the store sound.
	if _, err := st.Put(ctx, sample("a.txt", "Fischereiabkommen")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Remove(ctx, "b.txt"); err != nil {
		t.Fatal(err)
	}
	r = mustCheck(t, st)
	stats := mustStats(t, st)
	if !r.OK() {
		t.Fatalf("sound store: %s\n%s", r.Summary(), strings.Join(r.Problems, "\n"))
	}
	if r.Documents != 2 || r.Statements != 8 || r.Quads != stats.Quads || r.Nodes != stats.Nodes {
		t.Errorf("report %s; want 2 documents, 8 statements and %+v", r.Summary(), stats)
	}
	if want := "sound: 2 documents, 8 statements"; !strings.Contains(r.Summary(), want) || strings.Contains(r.Summary(), "\n") {
		t.Errorf("summary %q: want one line with %q", r.Summary(), want)
	}
}

// TestCheckFindsDamage damages a sound store in the ways the check is
// there for and expects each to be reported.
func TestCheckFindsDamage(t *testing.T) {
	m, _ := NewMinter("")
	doc := m.Document("a.txt")
	quadsOf := func(t *testing.T, st *Store, match func(quad.Quad) bool) []quad.Quad {
		t.Helper()
		all, err := st.Quads(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var out []quad.Quad
		for _, q := range all {
			if match(q) {
				out = append(out, q)
			}
		}
		if len(out) == 0 {
			t.Fatal("no quad to damage")
		}
		return out
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, st *Store)
		want   string // part of a reported problem
	}{
		{"unlabelled quad", func(t *testing.T, st *Store) {
			apply(t, st, cgraph.Add, false, quad.MakeIRI("https://x.example/a", "https://x.example/p", "https://x.example/b", ""))
		}, "is not labelled with a document"},
		{"label is no document", func(t *testing.T, st *Store) {
			apply(t, st, cgraph.Add, false, quad.Quad{Subject: quad.IRI("https://x.example/a"), Predicate: rdfsLabel, Object: quad.String("x"), Label: quad.IRI("https://x.example/stray")})
		}, "document <https://x.example/stray> (1 quads) lacks its rdf:type schema:NewsArticle, schema:identifier, ng:contentHash quad"},
		{"document type lost", func(t *testing.T, st *Store) {
			apply(t, st, cgraph.Delete, false, quad.Quad{Subject: doc, Predicate: rdfType, Object: schemaArticle, Label: doc})
		}, "which is not a document in the store"},
		{"statement without its document", func(t *testing.T, st *Store) {
			apply(t, st, cgraph.Delete, false, quadsOf(t, st, func(q quad.Quad) bool { return q.Predicate == provDerived })[0])
		}, "has 0 prov:wasDerivedFrom, want 1"},
		{"statement derived from another document", func(t *testing.T, st *Store) {
			q := quadsOf(t, st, func(q quad.Quad) bool { return q.Predicate == provDerived })[0]
			apply(t, st, cgraph.Delete, false, q)
			q.Object = m.Document("b.txt")
			apply(t, st, cgraph.Add, false, q)
		}, "is derived from <https://newsgraph.invalid/id/doc/"},
		{"statement half written", func(t *testing.T, st *Store) {
			apply(t, st, cgraph.Delete, false, quadsOf(t, st, func(q quad.Quad) bool { return q.Predicate == ngEvidence })[0])
		}, "lacks ng:evidence"},
		{"statement type lost", func(t *testing.T, st *Store) {
			apply(t, st, cgraph.Delete, false, quadsOf(t, st, func(q quad.Quad) bool { return q.Object == ngStatement })[0])
		}, "has statement properties but no rdf:type ng:Statement"},
		{"edge without statement", func(t *testing.T, st *Store) {
			apply(t, st, cgraph.Add, false, quad.Quad{Subject: m.Entity(extract.Country, "PE"), Predicate: Predicate(extract.Signed), Object: m.Entity(extract.Country, "CL"), Label: doc})
		}, "has no asserted statement behind it"},
		{"reference count inflated (cayley issue 737)", func(t *testing.T, st *Store) {
			apply(t, st, cgraph.Add, true, quad.Quad{Subject: doc, Predicate: rdfType, Object: schemaArticle, Label: doc})
		}, "has reference count 2 but quads use it 1 times"},
		{"orphan node", func(t *testing.T, st *Store) {
			// Inflate the counts of a quad's values, then delete it: its
			// nodes outlive it.
			q := quad.Quad{Subject: quad.IRI("https://x.example/orphan"), Predicate: rdfsLabel, Object: quad.String("orphan"), Label: doc}
			apply(t, st, cgraph.Add, false, q)
			apply(t, st, cgraph.Add, true, q)
			apply(t, st, cgraph.Delete, false, q)
		}, `orphan node "orphan": no quad uses it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			if _, err := st.Put(context.Background(), sample("a.txt", "Handelsabkommen")); err != nil {
				t.Fatal(err)
			}
			tt.damage(t, st)
			r := mustCheck(t, st)
			if r.OK() {
				t.Fatalf("damage not found: %s", r.Summary())
			}
			found := false
			for _, p := range r.Problems {
				if strings.Contains(p, "\n") {
					t.Errorf("problem %q is not one line", p)
				}
				found = found || strings.Contains(p, tt.want)
			}
			if !found {
				t.Errorf("problems:\n%s\nwant one containing %q", strings.Join(r.Problems, "\n"), tt.want)
			}
			if !strings.Contains(r.Summary(), "problem") {
				t.Errorf("summary %q does not say there are problems", r.Summary())
			}
		})
	}
}

// TestCheckDamagedFile overwrites a page of the bbolt file and expects
// bbolt's own check to report it, without a panic.
func TestCheckDamagedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "damaged.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a.txt", "b.txt", "c.txt", "d.txt"} {
		if _, err := st.Put(ctx, sample(id, "Abkommen "+id)); err != nil {
			t.Fatal(err)
		}
	}
	if r := mustCheck(t, st); !r.OK() {
		t.Fatalf("before the damage: %q", r.Problems)
	}
	pageSize := st.db.Bolt().Info().PageSize
	// The root page of cayley's log bucket, which every quad and node is in.
	var page int64
	err = st.db.Bolt().View(func(tx *bolt.Tx) error {
		page = int64(tx.Bucket([]byte("log")).Root())
		return nil
	})
	if err != nil || page < 2 {
		t.Fatalf("log bucket root page %d: %v", page, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	garbage := []byte(strings.Repeat("\xde\xad\xbe\xef", pageSize/4))
	if _, err := f.WriteAt(garbage, page*int64(pageSize)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		// A damaged file may be refused outright; that is a clear outcome too.
		if !strings.Contains(err.Error(), path) {
			t.Fatalf("open of a damaged store: %v does not name it", err)
		}
		t.Logf("open refused: %v", err)
		return
	}
	defer ro.Close()
	r, err := ro.Check(ctx)
	if err != nil {
		if !strings.Contains(err.Error(), "damaged") {
			t.Fatalf("Check: %v", err)
		}
		t.Logf("check failed: %v", err)
		return
	}
	if r.OK() {
		t.Fatal("damaged file passes the check")
	}
	t.Logf("%s: %q", r.Summary(), r.Problems)
	if !strings.HasPrefix(r.Problems[0], "bbolt: ") {
		t.Errorf("first problem %q: want bbolt's report", r.Problems[0])
	}
}
