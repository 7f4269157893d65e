package export

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/goccy/go-graphviz"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

var update = flag.Bool("update", false, "rewrite golden files")

// hostileNames break naive exporters: quotes, backslashes, line breaks, NUL,
// angle brackets, braces, right-to-left overrides, markup and 20 KB.
var hostileNames = []string{
	`Quote "double" and 'single'`,
	`Back\slash \N \l \" end\`,
	"New\nline\r\nand\ttab",
	"NUL\x00byte",
	"<img src=x onerror=alert(1)>",
	"{braces} |pipe| ^caret^ `tick`",
	"\u202eRTL override\u202c and \u200f marks",
	"> <http://evil/> <http://evil/> .",
	strings.Repeat("Langer Name ", 1700),
}

// result builds an extraction with the given entity names: each name signs
// the next one's agreement.
func result(docID string, names []string) *extract.Result {
	text := strings.Join(names, " ")
	n := len([]rune(text))
	r := &extract.Result{Doc: &extract.Document{ID: docID, Title: "Hostile " + docID + " <b>\"x\"</b>", Lang: "de", Text: text,
		Published: time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)}, Lang: "de"}
	for i, name := range names {
		typ := extract.Person
		if i%2 == 1 {
			typ = extract.Agreement
		}
		r.Entities = append(r.Entities, extract.Entity{ID: "e" + string(rune('a'+i)), Type: typ, Name: name, Key: name,
			Aliases: []string{name + " alias"}, Mentions: []extract.Span{{Start: 0, End: 1}}})
	}
	for i := 0; i+1 < len(names); i += 2 {
		r.Relations = append(r.Relations, extract.Relation{Subject: r.Entities[i].ID, Predicate: extract.Signed, Object: r.Entities[i+1].ID,
			Modality: extract.Asserted, Confidence: 0.9, Cue: "signed", Sentence: names[i] + " signed " + names[i+1], Span: extract.Span{Start: 0, End: n}, Date: "2026-02-14"})
	}
	r.Relations = append(r.Relations, extract.Relation{Subject: r.Entities[0].ID, Predicate: extract.Refused, Object: r.Entities[1].ID,
		Modality: extract.Asserted, Confidence: 0.7, Cue: "refused", Sentence: "refused", Span: extract.Span{Start: 0, End: n}})
	return r
}

func hostileInput(t *testing.T) *Input {
	t.Helper()
	m, err := graph.NewMinter("")
	if err != nil {
		t.Fatal(err)
	}
	quads := graph.DocumentQuads(m, result("hostile.txt", hostileNames))
	quads = append(quads, graph.DocumentQuads(m, result("plain.txt", []string{"Ana Lima", "Pacto de Lima", "Rui Costa", "Acordo"}))...)
	return NewInput(quads, "test")
}

func TestNQuadsRoundTrip(t *testing.T) {
	in := hostileInput(t)
	var buf bytes.Buffer
	if err := WriteNQuads(&buf, in.Quads); err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(buf.String(), "\n")
	if lines != len(in.Quads) {
		t.Fatalf("%d lines for %d quads: a value broke a line", lines, len(in.Quads))
	}
	r := nquads.NewReader(bytes.NewReader(buf.Bytes()), false)
	n := 0
	for {
		q, err := r.ReadQuad()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("parse quad %d: %v", n+1, err)
		}
		want := in.Quads[n]
		if s, ok := want.Object.(quad.String); ok && !strings.ContainsRune(string(s), '\x00') {
			if got, ok := q.Object.(quad.String); ok && got != s {
				t.Errorf("literal changed in round trip: %q -> %q", s, got)
			}
		}
		n++
	}
	if n != len(in.Quads) {
		t.Errorf("parsed %d quads, wrote %d", n, len(in.Quads))
	}
	requireTool(t, "rapper")
	path := filepath.Join(t.TempDir(), "g.nq")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("rapper", "-q", "-i", "nquads", "-c", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("rapper rejects the N-Quads: %v\n%s", err, stderr.String())
	}
}

func TestDOTIsDeterministicAndParses(t *testing.T) {
	in := hostileInput(t)
	var a, b bytes.Buffer
	if err := WriteDOT(&a, in); err != nil {
		t.Fatal(err)
	}
	in2 := hostileInput(t)
	if err := WriteDOT(&b, in2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same input, different DOT")
	}
	if strings.Contains(a.String(), "\x00") || strings.Contains(a.String(), "\u202e") {
		t.Error("control or bidi characters reached the DOT")
	}
	if _, err := graphviz.ParseBytes(a.Bytes()); err != nil {
		t.Fatalf("go-graphviz cannot parse the DOT: %v", err)
	}
	requireTool(t, "dot")
	cmd := exec.Command("dot", "-Tsvg", "-o", os.DevNull)
	cmd.Stdin = bytes.NewReader(a.Bytes())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("dot rejects the DOT: %v\n%s", err, stderr.String())
	}
}

func TestSVGAndPNG(t *testing.T) {
	in := hostileInput(t)
	ctx := context.Background()
	var svg bytes.Buffer
	if err := WriteSVG(ctx, &svg, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg.Bytes(), []byte("<svg")) || bytes.Contains(svg.Bytes(), []byte("<img")) {
		t.Errorf("SVG: no <svg> element or unescaped markup (%d bytes)", svg.Len())
	}
	var png bytes.Buffer
	if err := WritePNG(ctx, &png, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")) {
		t.Error("PNG output has no PNG signature")
	}
}

func TestDOTGolden(t *testing.T) {
	m, _ := graph.NewMinter("")
	in := NewInput(graph.DocumentQuads(m, result("golden.txt", []string{"Ana Lima", "Pacto de Lima", "Rui Costa", "Acordo de Porto"})), "golden")
	var buf bytes.Buffer
	if err := WriteDOT(&buf, in); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden.dot")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("DOT differs from %s (go test ./export -update refreshes it):\n%s", golden, buf.String())
	}
}

func TestLookup(t *testing.T) {
	if _, err := Lookup("nquads"); err != nil {
		t.Error(err)
	}
	_, err := Lookup("xml")
	if err == nil || !strings.Contains(err.Error(), "dot, nquads, png, svg") {
		t.Errorf("unknown format error %v should list the formats", err)
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"a\nb\tc", 10, "a b c"},
		{"\u202eabc\x00", 10, "abc"},
		{"abcdefghij", 5, "abcd…"},
		{"  lead", 10, "lead"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in, tt.max); got != tt.want {
			t.Errorf("CleanText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// requireTool skips a test when a system tool is missing, unless
// NEWSGRAPH_REQUIRE_TOOLS=1 (as in CI) makes that a failure.
func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s not installed (NEWSGRAPH_REQUIRE_TOOLS=1)", name)
		}
		t.Skipf("%s not installed", name)
	}
}

// tempDir is a directory removed when the test binary exits (TestMain),
// for data built once and shared by several tests.
func tempDir() (string, error) {
	sharedOnce.Do(func() { sharedDir, sharedErr = os.MkdirTemp("", "newsgraph-export-test") })
	return sharedDir, sharedErr
}

var (
	sharedOnce sync.Once
	sharedDir  string
	sharedErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}
