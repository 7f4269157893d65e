package graph

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
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

// Synthetic articles: a few sentences in English stating all four
// relations, over states and cities from the extractor's lexicons and
// invented agreements and people. Article i builds on the agreement of
// article i-1, and states, people and events recur, so documents share
// nodes the way news does.
var (
	synthStates = []string{"Germany", "France", "Kenya", "Norway", "Chile", "Japan", "Brazil", "Egypt", "Ghana",
		"Canada", "Mexico", "Peru", "India", "Poland", "Spain", "Italy", "Austria", "Portugal", "Greece", "Finland"}
	synthCities = []string{"Lisbon", "Oslo", "Nairobi", "Lima", "Madrid", "Vienna", "Athens", "Helsinki", "Warsaw", "Cairo"}
	synthGiven  = []string{"Anna", "Peter", "Maria", "Thomas", "Laura", "David", "Julia", "Martin", "Sofia", "Daniel"}
	synthFamily = []string{"Keller", "Novak", "Lindqvist", "Moreau", "Okafor", "Brandt", "Silva", "Haddad", "Kowalski", "Tanaka"}
	synthSyl    = []string{"var", "quo", "tes", "lin", "dor", "ma", "ke", "sul", "ran", "bo", "vi", "ter", "no", "gal", "fer", "ost"}
	synthKinds  = []string{"Accord", "Treaty", "Pact", "Charter", "Agreement"}
	synthEvents = []string{"Summit", "Conference", "Forum"}
)

// synthAgreement names the agreement of article i.
func synthAgreement(i int) string {
	n := i
	var b strings.Builder
	for k := 0; k < 3; k++ {
		b.WriteString(synthSyl[n%len(synthSyl)])
		n /= len(synthSyl)
	}
	name := b.String()
	return strings.ToUpper(name[:1]) + name[1:] + fmt.Sprintf("%d %s", i/4096, synthKinds[i%len(synthKinds)])
}

// synthArticle returns synthetic article i.
func synthArticle(i int) *extract.Document {
	pick := func(list []string, k int) string { return list[(i*7+k*13)%len(list)] }
	a, prev := synthAgreement(i), synthAgreement(max(i-1, 0))
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)
	text := fmt.Sprintf("%s and %s signed the %s on %d %s %d. %s refused to sign the %s. %s plans to sign it. %s %s attended the %s %s. The %s builds on the %s.",
		pick(synthStates, 0), pick(synthStates, 1), a, date.Day(), date.Month(), date.Year(),
		pick(synthStates, 2), a, pick(synthStates, 3),
		synthGiven[i%len(synthGiven)], synthFamily[(i/len(synthGiven))%len(synthFamily)],
		pick(synthCities, 4), synthEvents[i%len(synthEvents)], a, prev)
	return &extract.Document{ID: fmt.Sprintf("synth/%06d", i), Title: a + " signed", Lang: "en", Text: text, Published: date}
}

var synthExtractor = sync.OnceValues(func() (*extract.Extractor, error) {
	lx, err := extract.DefaultLexicon()
	if err != nil {
		return nil, err
	}
	return extract.New(lx)
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
