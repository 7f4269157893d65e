package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
)

// The tests in this file run the real newsgraph binary as separate
// processes: they kill it, lock its store from outside, starve it of disk
// and run it without permissions. NEWSGRAPH_LONG=1 makes them longer.

// longRun reports whether the long versions of the tests were asked for.
func longRun() bool { return os.Getenv("NEWSGRAPH_LONG") == "1" }

// requireTools reports whether a missing tool or privilege must fail a
// test rather than skip it.
func requireTools() bool { return os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" }

// skipf skips the test with a reason, or fails it when CI requires every
// tool.
func skipf(t *testing.T, format string, a ...any) {
	t.Helper()
	if requireTools() {
		t.Fatalf(format, a...)
	}
	t.Skipf(format, a...)
}

// raceEnabled reports whether the test runs with the race detector; the
// binary is then built with it too.
func raceEnabled() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" {
				return s.Value == "true"
			}
		}
	}
	return false
}

// binary is a newsgraph executable built for the test.
type binary string

// buildBinary compiles the command into dir.
func buildBinary(t *testing.T, dir string) binary {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	path := filepath.Join(dir, "newsgraph")
	args := []string{"build", "-o", path}
	if raceEnabled() {
		args = append(args, "-race")
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return binary(path)
}

// result is how one run of the binary ended.
type result struct {
	stdout, stderr string
	code           int // exit code; -1 when killed
	elapsed        time.Duration
}

// run runs the binary to completion, at most for a minute.
func (b binary) run(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	return b.runCmd(t, stdin, nil, args...)
}

// runCmd runs the binary with prepare, if not nil, adjusting the command.
func (b binary) runCmd(t *testing.T, stdin io.Reader, prepare func(*exec.Cmd), args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, string(b), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &stdout, &stderr
	if prepare != nil {
		prepare(cmd)
	}
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("newsgraph %q: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("newsgraph %q did not finish within a minute", args)
	}
	return r
}

// mustCheck runs "newsgraph check" and fails the test unless the store is
// sound.
func (b binary) mustCheck(t *testing.T, db string) {
	t.Helper()
	r := b.run(t, nil, "--db", db, "check")
	if r.code != 0 || !strings.Contains(r.stdout, ": sound: ") {
		t.Fatalf("check %s: exit %d\n%s%s", db, r.code, r.stdout, r.stderr)
	}
}

// States, topics, places and months the synthetic articles draw from.
var (
	statesDE = []string{"Frankreich", "Polen", "Deutschland", "Kanada", "Japan", "Italien", "Spanien", "Mexiko", "Chile", "Peru", "Brasilien", "Indien", "Norwegen", "Schweden", "Österreich", "Ungarn", "Dänemark", "Finnland", "Portugal", "Griechenland"}
	statesEN = []string{"France", "Poland", "Germany", "Canada", "Japan", "Italy", "Spain", "Mexico", "Chile", "Peru", "Brazil", "India", "Norway", "Sweden", "Austria", "Hungary", "Denmark", "Finland", "Portugal", "Greece"}
	topicsDE = []string{"Zölle", "Fischerei", "Klimaschutz", "Datenschutz", "Energie", "Rohstoffe", "Wasserstoff", "Halbleiter"}
	topicsEN = []string{"tariffs", "fisheries", "climate protection", "data protection", "energy", "raw materials", "hydrogen", "semiconductors"}
	citiesDE = []string{"Rom", "Paris", "Wien", "Madrid", "Lissabon", "Oslo", "Berlin", "Warschau"}
	citiesEN = []string{"Rome", "Paris", "Vienna", "Madrid", "Lisbon", "Oslo", "Berlin", "Warsaw"}
	monthsDE = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
	monthsEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// synthArticle writes synthetic article i of a corpus variant: German for even
// i, English for odd, with states, topic, places and dates drawn from a
// generator seeded by i and the variant, so that the same name gets new
// facts in another variant.
func synthArticle(i, variant int) string {
	rng := rand.New(rand.NewPCG(uint64(i), uint64(variant)))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	perm := rng.Perm(len(statesDE))
	topic, city, city2 := rng.IntN(len(topicsDE)), rng.IntN(len(citiesDE)), rng.IntN(len(citiesDE))
	day, month := 1+rng.IntN(28), rng.IntN(12)
	var b strings.Builder
	if i%2 == 0 {
		s := func(k int) string { return statesDE[perm[k]] }
		fmt.Fprintf(&b, "%s und %s einigen sich über %s\n", s(0), s(1), topicsDE[topic])
		fmt.Fprintf(&b, "%s, %d. %s 2026 – %s und %s unterzeichneten am %d. %s ein Abkommen über %s.", citiesDE[city], day, monthsDE[month], s(0), s(1), day, monthsDE[month], topicsDE[topic])
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&b, " %s verweigerte die Unterschrift.", s(2))
		}
		fmt.Fprintf(&b, " Beide Länder nahmen am Gipfel in %s teil.", citiesDE[city2])
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&b, " %s will das Abkommen im Herbst unterzeichnen.", s(3))
		}
		fmt.Fprintf(&b, " %s %s die Gespräche.\n", s(4), pick([]string{"begrüßte", "kritisierte", "verfolgte"}))
		return b.String()
	}
	s := func(k int) string { return statesEN[perm[k]] }
	fmt.Fprintf(&b, "%s and %s sign %s agreement\n", s(0), s(1), topicsEN[topic])
	fmt.Fprintf(&b, "%s, %d %s 2026 - %s and %s signed an agreement on %s on %d %s.", citiesEN[city], day, monthsEN[month], s(0), s(1), topicsEN[topic], day, monthsEN[month])
	if rng.IntN(2) == 0 {
		fmt.Fprintf(&b, " %s refused to sign the agreement.", s(2))
	}
	fmt.Fprintf(&b, " %s attended the summit in %s.", s(3), citiesEN[city2])
	if rng.IntN(2) == 0 {
		fmt.Fprintf(&b, " %s did not attend the summit.", s(4))
	}
	b.WriteString("\n")
	return b.String()
}

// writeCorpus writes n synthetic articles of a variant into dir (as
// dir/NNNN.txt, overwriting an earlier variant) plus one JSON Lines file
// of 20 more, and returns how many documents that is.
func writeCorpus(t *testing.T, dir string, n, variant int) int {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d.txt", i)), []byte(synthArticle(i, variant)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var jl strings.Builder
	for i := 0; i < 20; i++ {
		text := strings.ReplaceAll(synthArticle(n+i, variant), "\n", `\n`)
		fmt.Fprintf(&jl, `{"id":"feed-%d","published":"2026-03-%02d","text":"%s"}`+"\n", i, 1+i, strings.ReplaceAll(text, `"`, `\"`))
	}
	if err := os.WriteFile(filepath.Join(dir, "feed.jsonl"), []byte(jl.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return n + 20
}

// docQuads groups N-Quads lines by their graph (the document IRI), each
// group sorted and joined: one string per document to compare.
func docQuads(t *testing.T, nquads string) map[string]string {
	t.Helper()
	label := regexp.MustCompile(` <([^>]*)> \.$`)
	lines := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(nquads), "\n") {
		if line == "" {
			continue
		}
		m := label.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("N-Quads line without a graph: %s", line)
		}
		lines[m[1]] = append(lines[m[1]], line)
	}
	out := make(map[string]string, len(lines))
	for d, l := range lines {
		sort.Strings(l)
		out[d] = strings.Join(l, "\n")
	}
	return out
}

// extractedQuads is what "newsgraph extract --format nquads" gives for the
// documents under paths, by document.
func extractedQuads(t *testing.T, paths ...string) map[string]string {
	t.Helper()
	out, stderr, err := newsgraph(t, "", append([]string{"extract", "--format", "nquads"}, paths...)...)
	if err != nil {
		t.Fatalf("extract: %v\n%s", err, stderr)
	}
	return docQuads(t, out)
}

// storedQuads reads the store and returns its quads by document, written
// as N-Quads the way extract writes them. It leaves out the extractor
// version build records on each document, which extract does not write.
func storedQuads(t *testing.T, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(db, graph.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The documents' graphs as written, without the resolution graph
	// (which build computes from them) and without the readers' view of
	// merged nodes.
	m, err := graph.NewMinter("")
	if err != nil {
		t.Fatal(err)
	}
	var quads []quad.Quad
	err = st.Each(ctx, func(q quad.Quad) error {
		if q.Predicate != quad.IRI(graph.NS+"extractor") && q.Label != m.Resolution() {
			quads = append(quads, q)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	graph.SortQuads(quads)
	var b bytes.Buffer
	if err := export.WriteNQuads(&b, quads); err != nil {
		t.Fatal(err)
	}
	return docQuads(t, b.String())
}

// TestProcesses runs the binary as separate processes; the subtests share
// one build of it.
func TestProcesses(t *testing.T) {
	bin := buildBinary(t, t.TempDir())
	t.Run("CrashSafety", func(t *testing.T) { t.Parallel(); testCrashSafety(t, bin) })
	t.Run("Locking", func(t *testing.T) { t.Parallel(); testLocking(t, bin) })
	// Under the race detector only the tests above run: they exercise the
	// build's concurrency, the ones below single-threaded error paths.
	if raceEnabled() {
		return
	}
	t.Run("DiskFull", func(t *testing.T) { t.Parallel(); testDiskFull(t, bin) })
	t.Run("ReadOnly", func(t *testing.T) { t.Parallel(); testReadOnly(t, bin) })
	t.Run("OtherUser", func(t *testing.T) { t.Parallel(); testOtherUser(t, bin) })
}

// testCrashSafety kills a build with SIGKILL at random moments (seeded)
// and checks after each kill that the store is sound, that every document
// in it is exactly one of its two versions (never a mix, never a part),
// and that a rerun completes the build. The corpus alternates between two
// variants of the same documents, so every round rewrites every document.
func testCrashSafety(t *testing.T, bin binary) {
	n, kills := 150, 24
	switch {
	case longRun():
		n, kills = 1000, 100
	case raceEnabled():
		n, kills = 20, 6 // the binary runs with the race detector, slowly
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	var want [2]map[string]string
	docs := 0
	for v := 1; v >= 0; v-- {
		docs = writeCorpus(t, corpus, n, v)
		want[v] = extractedQuads(t, corpus)
		if len(want[v]) != docs {
			t.Fatalf("variant %d: extract gave %d documents, want %d", v, len(want[v]), docs)
		}
	}
	for d := range want[0] {
		if want[0][d] == want[1][d] {
			t.Fatalf("document %s is the same in both variants", d)
		}
	}

	// A full build, timed, shows how long a build runs and that it stores
	// exactly what extract gives.
	ref := filepath.Join(dir, "ref.db")
	r := bin.run(t, nil, "--db", ref, "build", corpus)
	if r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	full := r.elapsed
	if got := storedQuads(t, ref); !equalDocs(got, want[0]) {
		t.Fatalf("a complete build does not store what extract gives")
	}
	t.Logf("%d documents; a full build takes %v", docs, full)

	// classify says which variant each stored document is; a document that
	// is neither is a partial or mixed write.
	classify := func(db string) (counts [2]int) {
		t.Helper()
		for d, q := range storedQuads(t, db) {
			switch q {
			case want[0][d]:
				counts[0]++
			case want[1][d]:
				counts[1]++
			default:
				t.Fatalf("document %s is neither version: a partial write survived the kill", d)
			}
		}
		return counts
	}

	summary := regexp.MustCompile(`(\d+) changed, .* holds (\d+) documents`)
	rng := rand.New(rand.NewPCG(20260222, 1))
	db := filepath.Join(dir, "crash.db")
	midWrite, fresh, midInit := 0, 0, 0
	// The kills land at random moments of a build's measured length; on a
	// busy machine builds run slower than measured and the kills land
	// early, so more rounds run (up to three times as many) until one has
	// landed while documents were being written.
	k := 0
	for ; k < kills || midWrite == 0 && k < 3*kills; k++ {
		v := k % 2
		var c [2]int // documents of each variant after the kill
		writeCorpus(t, corpus, n, v)
		if k%6 == 5 {
			// Now and then start from nothing and kill early, while the
			// store is being created.
			if err := os.Remove(db); err != nil {
				t.Fatal(err)
			}
			fresh++
		}
		delay := time.Duration(rng.Int64N(int64(full)))
		if k%6 == 5 {
			delay = time.Duration(rng.Int64N(int64(300 * time.Millisecond)))
		}
		// Odd rounds commit each document on its own, even ones in
		// batches (the default).
		args := []string{"--db", db, "build", corpus}
		if k%2 == 1 {
			args = append(args, "--batch", "1")
		}
		cmd := exec.Command(string(bin), args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		timer := time.AfterFunc(delay, func() { cmd.Process.Kill() })
		err := cmd.Wait()
		killed := !timer.Stop() && err != nil
		// The first round starts without a store too: a kill that lands
		// while it is being created is the same case.
		startedEmpty := k == 0 || k%6 == 5
		if r := bin.run(t, nil, "--db", db, "check"); r.code != 0 && startedEmpty &&
			(strings.Contains(r.stderr, "no store here yet") || strings.Contains(r.stderr, "not initialized")) {
			// Killed while creating the store: the rerun must recover.
			t.Logf("kill %d after %v, while creating the store: %s", k+1, delay.Round(time.Millisecond), strings.TrimSpace(r.stderr))
			midInit++
		} else if _, statErr := os.Stat(db); statErr == nil {
			if r.code != 0 || !strings.Contains(r.stdout, ": sound: ") {
				t.Fatalf("check after kill %d: exit %d\n%s%s", k+1, r.code, r.stdout, r.stderr)
			}
			c = classify(db)
			if c[v] > 0 && c[v] < docs {
				midWrite++
			}
			t.Logf("kill %d after %v (killed: %t): %d documents new, %d old, %d absent", k+1, delay.Round(time.Millisecond), killed, c[v], c[1-v], docs-c[0]-c[1])
		} else {
			t.Logf("kill %d after %v: no store yet", k+1, delay.Round(time.Millisecond))
		}

		// A rerun completes the build: it rewrites exactly the documents
		// the killed build did not get to, and then holds all of them.
		r := bin.run(t, nil, "--db", db, "build", corpus)
		if r.code != 0 {
			t.Fatalf("rerun after kill %d: exit %d\n%s", k+1, r.code, r.stderr)
		}
		if m := summary.FindStringSubmatch(r.stderr); m != nil {
			if changed, held := atoi(m[1]), atoi(m[2]); changed != docs-c[v] || held != docs {
				t.Fatalf("rerun after kill %d: %d changed and %d held, want %d and %d", k+1, changed, held, docs-c[v], docs)
			}
		} else if c := classify(db); c[v] != docs {
			t.Fatalf("after the rerun: %d of %d documents are current", c[v], docs)
		}
	}
	if c := classify(db); c[(k-1)%2] != docs {
		t.Fatalf("at the end: %d of %d documents are current", c[(k-1)%2], docs)
	}
	bin.mustCheck(t, db)
	t.Logf("%d kills survived (%d while writing documents, %d of %d in a fresh store while creating it); no document lost or partly written", k, midWrite, midInit, fresh)
	if midWrite == 0 && kills >= 20 {
		t.Errorf("no kill landed while documents were being written")
	}
}

// atoi converts digits matched by a regular expression.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// equalDocs reports whether two quad sets by document are equal.
func equalDocs(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for d, q := range a {
		if b[d] != q {
			return false
		}
	}
	return true
}

// lockedBy reports whether another process holds an exclusive lock on the
// file, as a writing newsgraph does.
func lockedBy(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return false
	}
	if !errors.Is(err, syscall.EWOULDBLOCK) {
		t.Fatalf("flock %s: %v", path, err)
	}
	return true
}

// testLocking holds the store with one process and runs others against
// it: a second writer and readers fail after the lock timeout (2 s) with
// a message naming the locked store; once the holder is gone they work. A
// reader holding the store keeps writers out but lets other readers in.
func testLocking(t *testing.T, bin binary) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ng.db")
	if r := bin.run(t, nil, "--db", db, "build", seeds); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}

	// A build reading standard input holds the store until its input ends.
	holder := exec.Command(string(bin), "--db", db, "build", "-")
	in, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var holderErr bytes.Buffer
	holder.Stderr = &holderErr
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Process.Kill()
	// More than the 512 bytes the reader looks at to tell JSON Lines.
	first := fmt.Sprintf(`{"id":"live-1","text":"%s"}`+"\n", strings.ReplaceAll(synthArticle(1, 0)+synthArticle(3, 0)+synthArticle(5, 0), "\n", `\n`))
	if _, err := io.WriteString(in, first); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !lockedBy(t, db) {
		if time.Now().After(deadline) {
			t.Fatalf("the build reading stdin never took the store's lock\n%s", holderErr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	// How long each one waits is logged, not asserted: on a busy machine
	// process start alone can take seconds. That it gives up at all, with
	// the message, shows the lock timeout works; runCmd fails a command
	// that hangs for a minute.
	for _, args := range [][]string{
		{"build", seeds},
		{"rm", "live-1"},
		{"export", "--format", "nquads"},
		{"query", "stats"},
		{"check"},
	} {
		r := bin.run(t, nil, append([]string{"--db", db}, args...)...)
		t.Logf("%s while a build holds the store: exit %d after %v: %s", args[0], r.code, r.elapsed.Round(time.Millisecond), strings.TrimSpace(r.stderr))
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1", args[0], r.code)
		}
		msg := strings.TrimSpace(r.stderr)
		if !strings.Contains(msg, "locked by another process") || !strings.Contains(msg, db) || strings.Count(msg, "\n") > 0 {
			t.Errorf("%s: message %q: want one line saying %s is locked", args[0], msg, db)
		}
	}

	// Once the holder's input ends it finishes, and everyone gets in.
	in.Close()
	if err := holder.Wait(); err != nil {
		t.Fatalf("the holding build: %v\n%s", err, holderErr.String())
	}
	for _, args := range [][]string{{"export", "--format", "nquads"}, {"query", "stats"}, {"check"}} {
		if r := bin.run(t, nil, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Errorf("%s after the writer finished: exit %d: %s", args[0], r.code, r.stderr)
		}
	}
	if got := storedQuads(t, db); len(got) != 6 {
		t.Errorf("store holds %d documents, want the 5 seeds and live-1", len(got))
	}

	// A reader holding the store (a shared lock, as a read-only open takes)
	// keeps writers out and lets readers in.
	f, err := os.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		t.Fatal(err)
	}
	if r := bin.run(t, nil, "--db", db, "build", seeds); r.code != 1 || !strings.Contains(r.stderr, "locked by another process") {
		t.Errorf("build while a reader holds the store: exit %d after %v: %s", r.code, r.elapsed, r.stderr)
	}
	if r := bin.run(t, nil, "--db", db, "query", "stats"); r.code != 0 {
		t.Errorf("query while another reader holds the store: exit %d: %s", r.code, r.stderr)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	if r := bin.run(t, nil, "--db", db, "build", seeds); r.code != 0 {
		t.Errorf("build after the reader left: exit %d: %s", r.code, r.stderr)
	}
}
