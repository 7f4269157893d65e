package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const seeds = "../../testdata/seeds"

// newsgraph runs one command line in process and returns its output.
func newsgraph(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), err
}

func stats(t *testing.T, db string) string {
	t.Helper()
	out, _, err := newsgraph(t, "", "--db", db, "query", "stats")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBuildSamples(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ng.db")
	out := filepath.Join(dir, "out")
	_, stderr, err := newsgraph(t, "", "--db", db, "build", "--out", out, seeds)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	for _, f := range []string{"graph.dot", "graph.svg", "graph.nq"} {
		if fi, err := os.Stat(filepath.Join(out, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	nq, err := os.ReadFile(filepath.Join(out, "graph.nq"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"#signed>", "#attended>", "#refused>", "#buildsOn>"} {
		edge := regexp.MustCompile(`^<[^>]+/id/[a-z]+/[^>]+> <[^>]+` + regexp.QuoteMeta(p) + ` <[^>]+/id/[a-z]+/[^>]+> <[^>]+/id/doc/[0-9a-f]+> \.$`)
		found := false
		for _, line := range strings.Split(string(nq), "\n") {
			if edge.MatchString(line) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no direct %s edge in graph.nq", p)
		}
	}
	// The real tools accept what build wrote.
	for _, c := range [][]string{
		{"dot", "-Tsvg", "-o", os.DevNull, filepath.Join(out, "graph.dot")},
		{"rapper", "-q", "-c", "-i", "nquads", filepath.Join(out, "graph.nq")},
	} {
		if _, err := exec.LookPath(c[0]); err != nil {
			if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
				t.Errorf("%s not installed", c[0])
			}
			continue
		}
		cmd := exec.Command(c[0], c[1:]...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("%s rejects build output: %v\n%s", c[0], err, stderr.String())
		}
	}
	first := stats(t, db)
	if _, stderr, err := newsgraph(t, "", "--db", db, "build", seeds); err != nil {
		t.Fatalf("rebuild: %v\n%s", err, stderr)
	} else if !strings.Contains(stderr, "0 changed, 5 unchanged") {
		t.Errorf("rebuild reported changes: %s", stderr)
	}
	if again := stats(t, db); again != first {
		t.Errorf("rebuild changed the store:\n%s\nvs\n%s", first, again)
	}
}

func TestBadInputLosesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ng.db")
	if _, stderr, err := newsgraph(t, "", "--db", db, "build", seeds); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	before := stats(t, db)
	bin := filepath.Join(dir, "image.txt")
	os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), 0o644)
	latin := filepath.Join(dir, "latin1.txt")
	os.WriteFile(latin, []byte("K\xf6ln \x81\x8d und Br\xfcssel unterzeichneten."), 0o644)
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	tests := []struct {
		name string
		path string
		want string
	}{
		{"missing", filepath.Join(dir, "nope.txt"), "nope.txt"},
		{"binary", bin, "image.txt: byte 8: binary data"},
		{"invalid utf-8", latin, "latin1.txt: byte 1: invalid UTF-8"},
		{"no articles", empty, "no articles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := newsgraph(t, "", "--db", db, "build", tt.path)
			if err == nil {
				t.Fatal("bad input accepted")
			}
			if code := exitCodeOf(err); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr %q: want a line naming %q", stderr, tt.want)
			}
		})
	}
	if after := stats(t, db); after != before {
		t.Errorf("bad input changed the store:\n%s\nvs\n%s", before, after)
	}
}

func exitCodeOf(err error) int {
	f, _ := os.CreateTemp("", "stderr")
	defer os.Remove(f.Name())
	defer f.Close()
	return exitCode(err, f)
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"build"},
		{"export"},
		{"export", "--format", "xml"},
		{"extract", "--format", "pdf", seeds},
		{"--lang", "fr", "extract", seeds},
	} {
		_, _, err := newsgraph(t, "", args...)
		var ue *usageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: error %v, want a usage error", args, err)
		}
	}
	_, _, err := newsgraph(t, "", "export", "--format", "xml")
	if err == nil || !strings.Contains(err.Error(), "dot, nquads, png, svg") {
		t.Errorf("unknown format: %v should list the formats", err)
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ng.db")
	if _, stderr, err := newsgraph(t, "", "--db", db, "build", seeds); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	for _, f := range []string{"dot", "svg", "nquads", "png"} {
		path := filepath.Join(dir, "g."+f)
		if _, stderr, err := newsgraph(t, "", "--db", db, "export", "--format", f, "-o", path); err != nil {
			t.Fatalf("export %s: %v\n%s", f, err, stderr)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("export %s wrote nothing", f)
		}
	}
	a, _, _ := newsgraph(t, "", "--db", db, "export", "--format", "dot")
	b, _, _ := newsgraph(t, "", "--db", db, "export", "--format", "dot")
	if a != b || a == "" {
		t.Error("DOT export not deterministic")
	}
	if _, _, err := newsgraph(t, "", "--db", filepath.Join(dir, "none.db"), "export", "--format", "dot"); err == nil || !strings.Contains(err.Error(), "no store") {
		t.Errorf("export of a missing store: %v", err)
	}
	if _, err := exec.LookPath("dot"); err == nil {
		cmd := exec.Command("dot", "-Tsvg", "-o", os.DevNull, filepath.Join(dir, "g.dot"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("system dot rejects the export: %v %s", err, stderr.String())
		}
	} else if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
		t.Error("dot not installed")
	}
}

func TestExtractJSONL(t *testing.T) {
	out, stderr, err := newsgraph(t, "", "extract", "--format", "jsonl", seeds)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	kinds := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("not JSON: %s", sc.Text())
		}
		kind, _ := rec["kind"].(string)
		kinds[kind]++
		if kind == "relation" {
			ev, _ := rec["evidence"].(map[string]any)
			if ev == nil || ev["sentence"] == "" || ev["doc"] == "" || ev["end"].(float64) <= ev["start"].(float64) {
				t.Errorf("relation without evidence: %s", sc.Text())
			}
		}
	}
	if kinds["document"] != 5 || kinds["entity"] == 0 || kinds["relation"] == 0 {
		t.Errorf("record kinds %v", kinds)
	}
	if out, _, err := newsgraph(t, "Frankreich und Polen unterzeichneten ein Abkommen über Zölle.", "extract", "--format", "text", "-"); err != nil || !strings.Contains(out, "signed") {
		t.Errorf("text from stdin: %v\n%s", err, out)
	}
}

// TestExtractWorkers checks that extracting on several goroutines gives
// exactly the output of one, in input order, read errors included.
func TestExtractWorkers(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "zz-binary.txt"), []byte("\x00\x01\x02 not text \xff\xfe\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := []string{seeds, "../../testdata/dev", dir, "../../testdata/holdout"}
	for _, format := range []string{"jsonl", "nquads", "text"} {
		args := append([]string{"extract", "--format", format, "--workers", "1"}, inputs...)
		want, wantErr, err1 := newsgraph(t, "", args...)
		args[4] = "7"
		got, gotErr, err2 := newsgraph(t, "", args...)
		if exitCodeOf(err1) != 1 || exitCodeOf(err2) != 1 || !strings.Contains(gotErr, "zz-binary.txt") {
			t.Fatalf("%s: want exit 1 for the binary file: %v, %v\n%s", format, err1, err2, gotErr)
		}
		if got != want || gotErr != wantErr {
			t.Errorf("%s: --workers 7 output differs from --workers 1 (%d and %d bytes)", format, len(got), len(want))
		}
		if len(want) < 10000 {
			t.Errorf("%s: only %d bytes of output", format, len(want))
		}
	}
}

// TestExtractionFloor runs the evaluation tool in ../shared/eval on the
// sample articles, on the invented development and holdout sets in
// testdata, and on the real corpus, and fails below the scores reached so
// far, so that extraction cannot silently regress.
//
// The rules (--rules) keep their floors on the texts they were written
// for. The learned extractor, the default, scores lower on the samples
// than the issue that introduced it asks (0.90): README "Extraction" lists
// it. On the real corpus the learned extractor is scored on documents it
// was trained on: that floor checks that the embedded model and the
// extractor's features agree with training (a stale or mismatched model
// scores far lower there), and says nothing of generality, which
// scripts/crossval and the blind set measure.
func TestExtractionFloor(t *testing.T) {
	score, _ := filepath.Abs("../../../shared/eval/score")
	if _, err := os.Stat(score); err != nil {
		if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
			t.Fatalf("evaluation tool missing: %v", err)
		}
		t.Skip("no ../shared/eval beside the repository")
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dev := []string{"--gold", "../../testdata/dev/gold", "--docs", "../../testdata/dev/docs"}
	holdout := []string{"--gold", "../../testdata/holdout/gold", "--docs", "../../testdata/holdout/docs"}
	real := []string{"--gold", "../../../shared/eval/real/gold", "--docs", "../../../shared/eval/real/docs"}
	tests := []struct {
		name           string
		flags          string // extractor flags
		args           []string
		minEnt, minRel float64
	}{
		{"rules/samples", "--rules", nil, 0.90, 0.90},
		{"rules/dev", "--rules", dev, 0.88, 0.78},
		{"rules/holdout", "--rules", holdout, 0.80, 0.44},
		{"learned/samples", "", nil, 0.74, 0.35},
		{"learned/dev", "", dev, 0.86, 0.55},
		{"learned/holdout", "", holdout, 0.84, 0.48},
		{"learned/real-trained-on", "", real, 0.90, 0.84},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := strings.TrimSpace(bin + " extract --format jsonl " + tt.flags + " {doc}")
			args := append([]string{"--cmd", cmd, "-v"}, tt.args...)
			out, err := exec.Command(score, args...).CombinedOutput()
			if err != nil {
				t.Fatalf("score: %v\n%s", err, out)
			}
			m := regexp.MustCompile(`summary: entities P=[\d.]+ R=[\d.]+ F1=([\d.]+); relations P=[\d.]+ R=[\d.]+ F1=([\d.]+)`).FindSubmatch(out)
			if m == nil {
				t.Fatalf("no summary in:\n%s", out)
			}
			ent, _ := strconv.ParseFloat(string(m[1]), 64)
			rel, _ := strconv.ParseFloat(string(m[2]), 64)
			t.Logf("entities F1 %.2f, relations F1 %.2f", ent, rel)
			if ent < tt.minEnt || rel < tt.minRel {
				t.Errorf("below the floor (entities %.2f < %.2f or relations %.2f < %.2f):\n%s", ent, tt.minEnt, rel, tt.minRel, out)
			}
		})
	}
}
