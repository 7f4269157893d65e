package graph

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/gencorpus"
)

// pgTestDSN returns the DSN of a new, empty schema in the throwaway
// database NEWSGRAPH_TEST_PG names (scripts/pg-start prints it); the
// schema is dropped when the test ends. Without NEWSGRAPH_TEST_PG the test
// is skipped, or fails when NEWSGRAPH_REQUIRE_TOOLS=1.
func pgTestDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("NEWSGRAPH_TEST_PG")
	if base == "" {
		if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
			t.Fatal("NEWSGRAPH_TEST_PG is not set and NEWSGRAPH_REQUIRE_TOOLS=1: start a throwaway server with eval \"$(scripts/pg-start)\"")
		}
		t.Skip("PostgreSQL tests need NEWSGRAPH_TEST_PG (eval \"$(scripts/pg-start)\")")
	}
	schema := pgNewSchema(t, base)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("NEWSGRAPH_TEST_PG: %v", redactURLError(err))
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// pgNewSchema creates a schema with a random name in the database dsn
// names and drops it (with everything in it) when the test ends.
func pgNewSchema(t testing.TB, dsn string) string {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "ngtest_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatalf("create schema in %s: %v", redact(dsn), err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

// synthArticle returns synthetic article i (gencorpus.Synthetic).
func synthArticle(i int) *extract.Document {
	a := gencorpus.Synthetic(i)
	published, _ := time.Parse("2006-01-02", a.Published)
	return &extract.Document{ID: a.ID, Title: a.Title, Lang: a.Lang, Text: a.Text, Published: published}
}

var synthExtractor = sync.OnceValues(func() (*extract.Extractor, error) {
	lx, err := extract.DefaultLexicon()
	if err != nil {
		return nil, err
	}
	return extract.New(lx, extract.WithRules())
})

// synthResults extracts articles from to to-1.
func synthResults(t testing.TB, from, to int) []*extract.Result {
	t.Helper()
	x, err := synthExtractor()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*extract.Result, 0, to-from)
	for i := from; i < to; i++ {
		res, err := x.Extract(synthArticle(i))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res)
	}
	return out
}

// putAll writes results into st.
func putAll(t testing.TB, st *Store, results []*extract.Result) {
	t.Helper()
	for _, res := range results {
		if _, err := st.Put(context.Background(), res); err != nil {
			t.Fatal(err)
		}
	}
}

// quadSet returns the store's quads as sorted N-Quads lines.
func quadSet(t testing.TB, st *Store) []string {
	t.Helper()
	qs, err := st.Quads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	return out
}

// usedValues counts the distinct values the store's quads use: with no
// orphan nodes, the store's node count.
func usedValues(t testing.TB, st *Store) int64 {
	t.Helper()
	seen := map[quad.Value]bool{}
	err := st.Each(context.Background(), func(q quad.Quad) error {
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if v != nil {
				seen[v] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return int64(len(seen))
}

// checkCounts fails the test when the store has orphan nodes or, on
// PostgreSQL, a node whose reference count is not the number of places
// quads use it.
func checkCounts(t testing.TB, st *Store) {
	t.Helper()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if used := usedValues(t, st); used != stats.Nodes {
		t.Errorf("%d nodes for %d distinct values: orphan or missing nodes", stats.Nodes, used)
	}
	if pg, ok := st.qs.(*pgQuadStore); ok {
		bad, err := pg.refMismatches(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 {
			t.Errorf("%d nodes with wrong reference counts, e.g. %s", len(bad), bad[0])
		}
	}
}
