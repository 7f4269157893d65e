package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/gencorpus"
)

// The tests in this file run newsgraph against PostgreSQL: several build
// processes writing into one database, and a build whose server stops
// under it. They need NEWSGRAPH_TEST_PG (eval "$(scripts/pg-start)") and
// are skipped without it, unless NEWSGRAPH_REQUIRE_TOOLS=1.

// pgSkip skips the test without NEWSGRAPH_TEST_PG, or fails it when CI
// requires every tool, and returns the DSN.
func pgSkip(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("NEWSGRAPH_TEST_PG")
	if dsn == "" {
		if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
			t.Fatal("NEWSGRAPH_TEST_PG is not set and NEWSGRAPH_REQUIRE_TOOLS=1: start a throwaway server with eval \"$(scripts/pg-start)\"")
		}
		t.Skip("PostgreSQL tests need NEWSGRAPH_TEST_PG (eval \"$(scripts/pg-start)\")")
	}
	return dsn
}

// pgDSN returns the DSN of a new schema in the database base names (by
// default NEWSGRAPH_TEST_PG's), dropped when the test ends.
func pgDSN(t *testing.T, base string) string {
	t.Helper()
	if base == "" {
		base = pgSkip(t)
	}
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "ngtest_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal("NEWSGRAPH_TEST_PG is not a URL")
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// pgBinary builds the newsgraph binary into a temporary directory.
func pgBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	path := filepath.Join(t.TempDir(), "newsgraph")
	if out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return path
}

// synthLine returns synthetic article i (gencorpus.Synthetic) as a JSON
// Lines record.
func synthLine(i int) []byte {
	a := gencorpus.Synthetic(i)
	line, _ := json.Marshal(map[string]string{
		"id": a.ID, "title": a.Title, "lang": a.Lang, "published": a.Published, "text": a.Text,
	})
	return append(line, '\n')
}

// writeSynth writes articles 0 to n-1 into parts JSON Lines files in dir,
// article i into file i mod parts, and returns their paths.
func writeSynth(t *testing.T, dir string, n, parts int) []string {
	t.Helper()
	paths := make([]string, parts)
	files := make([]*bufio.Writer, parts)
	for p := range parts {
		paths[p] = filepath.Join(dir, fmt.Sprintf("part%d.jsonl", p))
		f, err := os.Create(paths[p])
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		files[p] = bufio.NewWriter(f)
	}
	for i := range n {
		files[i%parts].Write(synthLine(i))
	}
	for _, w := range files {
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// storeQuads returns a store's quads as sorted N-Quads lines, and its
// counts.
func storeQuads(t *testing.T, dsn string) ([]string, graph.Stats) {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(dsn, graph.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	qs, err := st.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = q.NQuad()
	}
	slices.Sort(lines)
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return lines, stats
}

// pgRefProblems counts the nodes of the store at dsn whose reference
// count differs from the number of quad directions using them (orphans
// count as used 0 times), and the quads that appear more than once.
func pgRefProblems(t *testing.T, dsn string) (badRefs, dupQuads int) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.QueryRow(`WITH uses AS (
	SELECT h, count(*) AS n FROM (
		SELECT subject_hash AS h FROM quads UNION ALL SELECT predicate_hash FROM quads
		UNION ALL SELECT object_hash FROM quads UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL) u
	GROUP BY h)
SELECT count(*) FROM nodes n FULL JOIN uses u ON u.h = n.hash WHERE n.refs IS DISTINCT FROM u.n`).Scan(&badRefs)
	if err != nil {
		t.Fatal(err)
	}
	err = db.QueryRow(`SELECT count(*) FROM (SELECT 1 FROM quads
GROUP BY subject_hash, predicate_hash, object_hash, label_hash HAVING count(*) > 1) d`).Scan(&dupQuads)
	if err != nil {
		t.Fatal(err)
	}
	return badRefs, dupQuads
}

// compareWithSequential checks that the store at dsn holds what one
// sequential build of inputs into an embedded store holds.
func compareWithSequential(t *testing.T, bin, dsn string, inputs []string) {
	t.Helper()
	seq := filepath.Join(t.TempDir(), "seq.db")
	if out, err := exec.Command(bin, append([]string{"build", "--db", seq}, inputs...)...).CombinedOutput(); err != nil {
		t.Fatalf("sequential build: %v\n%s", err, out)
	}
	want, wantStats := storeQuads(t, seq)
	got, gotStats := storeQuads(t, dsn)
	if !slices.Equal(got, want) {
		t.Errorf("PostgreSQL holds %d quads, the sequential build %d: they differ", len(got), len(want))
	}
	if gotStats != wantStats {
		t.Errorf("PostgreSQL: %+v, sequential build: %+v", gotStats, wantStats)
	}
	if bad, dup := pgRefProblems(t, dsn); bad != 0 || dup != 0 {
		t.Errorf("%d nodes with wrong reference counts, %d duplicated quads", bad, dup)
	}
}

// TestPostgresParallelBuilders runs four build processes on disjoint
// inputs into one database at once: the result equals a sequential
// build, with exact reference counts.
func TestPostgresParallelBuilders(t *testing.T) {
	const builders = 4
	dsn := pgDSN(t, "")
	bin := pgBinary(t)
	inputs := writeSynth(t, t.TempDir(), 240, builders)
	var wg sync.WaitGroup
	outs := make([][]byte, builders)
	errs := make([]error, builders)
	for i := range builders {
		wg.Go(func() {
			// --batch 1: one transaction per document, the most
			// interleaving.
			outs[i], errs[i] = exec.Command(bin, "build", "--batch", "1", "--db", dsn, inputs[i]).CombinedOutput()
		})
	}
	wg.Wait()
	for i := range builders {
		if errs[i] != nil {
			t.Fatalf("builder %d: %v\n%s", i, errs[i], outs[i])
		}
		if strings.Contains(string(outs[i]), pgPassword(dsn)) {
			t.Errorf("builder %d printed the password: %s", i, outs[i])
		}
	}
	compareWithSequential(t, bin, dsn, inputs)
}

// pgPassword returns the password in dsn, or a string no output holds.
func pgPassword(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "\x00"
	}
	if p, ok := u.User.Password(); ok && p != "" {
		return p
	}
	return "\x00"
}

// pgCluster is a throwaway PostgreSQL server of the test's own, started
// with scripts/pg-start, so that stopping it disturbs no other test.
type pgCluster struct {
	dsn, dir string
}

// startCluster starts a server for the test and stops it at the end.
func startCluster(t *testing.T) *pgCluster {
	t.Helper()
	pgSkip(t)
	out, err := exec.Command("../../scripts/pg-start").Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("scripts/pg-start: %v\n%s", err, stderr)
	}
	c := &pgCluster{}
	for _, line := range strings.Split(string(out), "\n") {
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			continue
		}
		v = strings.Trim(v, "'")
		switch k {
		case "NEWSGRAPH_TEST_PG":
			c.dsn = v
		case "NEWSGRAPH_TEST_PG_DIR":
			c.dir = v
		}
	}
	if c.dsn == "" || c.dir == "" {
		t.Fatalf("scripts/pg-start printed no DSN and directory:\n%s", out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("../../scripts/pg-stop", c.dir).CombinedOutput(); err != nil {
			t.Logf("scripts/pg-stop: %v\n%s", err, out)
		}
	})
	return c
}

// ctl runs pg_ctl on the cluster.
func (c *pgCluster) ctl(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command(filepath.Join(c.dir, "ctl"), args...).CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestPostgresServerStopsMidBuild stops the server (immediate shutdown,
// as in a crash) while a build of a few hundred documents writes: the
// build fails with one line naming the lost connection and no password;
// after a restart the same build completes, and the store equals a
// sequential build, no document duplicated or partial.
func TestPostgresServerStopsMidBuild(t *testing.T) {
	c := startCluster(t)
	bin := pgBinary(t)
	input := writeSynth(t, t.TempDir(), 300, 1)
	dsn := pgDSN(t, c.dsn)
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// --batch 1: one transaction per document.
	cmd := exec.Command(bin, "build", "--batch", "1", "--db", dsn, input[0])
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Stop the server once a tenth of the documents are in.
	for {
		select {
		case err := <-done:
			t.Fatalf("the build ended (%v) before the server could be stopped under it; stderr:\n%s", err, stderr.String())
		default:
		}
		var exists bool
		if err := db.QueryRow(`SELECT to_regclass('quads') IS NOT NULL`).Scan(&exists); err != nil {
			t.Fatal(err)
		}
		docs := 0
		if exists {
			if err := db.QueryRow(`SELECT count(DISTINCT label_hash) FROM quads`).Scan(&docs); err != nil {
				t.Fatal(err)
			}
		}
		if docs >= 30 {
			c.ctl(t, "stop", "-m", "immediate")
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	err = <-done
	if err == nil {
		t.Fatalf("the build succeeded although the server stopped; stderr:\n%s", stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	t.Logf("the build failed as it should: %s", last)
	if !strings.HasPrefix(last, "newsgraph: ") || !strings.Contains(last, "lost the connection to PostgreSQL") {
		t.Errorf("last line of stderr %q: want newsgraph: ... lost the connection to PostgreSQL ...", last)
	}
	if strings.Contains(stderr.String(), pgPassword(dsn)) {
		t.Errorf("stderr holds the password:\n%s", stderr.String())
	}

	c.ctl(t, "start", "-w", "-t", "60")
	if out, err := exec.Command(bin, "build", "--db", dsn, input[0]).CombinedOutput(); err != nil {
		t.Fatalf("build after the restart: %v\n%s", err, out)
	}
	compareWithSequential(t, bin, dsn, input)
}
