package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
)

// commandFlags returns the flags command c parses: what it hands back
// when asked for help.
func commandFlags(t *testing.T, c *command) []*flag.Flag {
	t.Helper()
	var o, e bytes.Buffer
	err := c.run(context.Background(), newGlobals(), []string{"--help"}, &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e})
	var hr *helpRequest
	if !errors.As(err, &hr) {
		t.Fatalf("%s --help: %v, want a help request", c.name, err)
	}
	if o.Len() > 0 || e.Len() > 0 {
		t.Errorf("%s --help wrote before the help was printed: %q %q", c.name, o.String(), e.String())
	}
	return flagsOf(hr.fs)
}

// flagName is how the help names a flag: -o, --format.
func flagName(f *flag.Flag) string {
	if len(f.Name) == 1 {
		return "-" + f.Name
	}
	return "--" + f.Name
}

// hasWord reports whether s contains w delimited by white space or the
// ends of s.
func hasWord(s, w string) bool {
	return regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(w) + `(\s|$)`).MatchString(s)
}

// TestHelpEveryCommand asks every command of the command table for help
// in every way: exit 0, the help on stdout naming the command, each of
// its flags and an example, nothing on stderr.
func TestHelpEveryCommand(t *testing.T) {
	for _, c := range commands() {
		flags := commandFlags(t, c)
		for _, args := range [][]string{
			{c.name, "--help"},
			{c.name, "-h"},
			{c.name, "-help"},
			{"help", c.name},
			{"--db", "elsewhere.db", c.name, "--lang", "de", "--help"},
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				out, stderr, err := newsgraph(t, "", args...)
				if code := exitCodeOf(err); err != nil || code != 0 {
					t.Fatalf("exit %d: %v", code, err)
				}
				if stderr != "" {
					t.Errorf("stderr not empty: %q", stderr)
				}
				if want := "Usage: newsgraph " + c.name + " "; !strings.HasPrefix(out, want) {
					t.Errorf("help does not start with %q:\n%s", want, out)
				}
				for _, f := range flags {
					if !hasWord(out, flagName(f)) {
						t.Errorf("help does not list %s:\n%s", flagName(f), out)
					}
				}
				_, examples, ok := strings.Cut(out, "\nExamples:\n")
				if !ok {
					t.Fatalf("no examples:\n%s", out)
				}
				found := false
				for _, line := range strings.Split(examples, "\n") {
					if strings.HasPrefix(line, "  ") && strings.Contains(line, "newsgraph ") && hasWord(line, c.name) {
						found = true
					}
				}
				if !found {
					t.Errorf("no example runs %s:\n%s", c.name, examples)
				}
			})
		}
	}
}

// TestHelpOverview checks the help of newsgraph itself.
func TestHelpOverview(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"help"}, {"--db", "x.db", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, stderr, err := newsgraph(t, "", args...)
			if err != nil {
				t.Fatalf("exit %d: %v", exitCodeOf(err), err)
			}
			if stderr != "" {
				t.Errorf("stderr not empty: %q", stderr)
			}
			if !strings.Contains(out, "Usage: newsgraph ") {
				t.Errorf("no usage line:\n%s", out)
			}
			for _, c := range commands() {
				if !regexp.MustCompile(`(?m)^  ` + c.name + ` +` + regexp.QuoteMeta(c.summary) + `$`).MatchString(out) {
					t.Errorf("%s is not listed with its summary %q:\n%s", c.name, c.summary, out)
				}
			}
			for _, f := range flagsOf(globalFlags()) {
				if !hasWord(out, flagName(f)) {
					t.Errorf("global flag %s missing:\n%s", flagName(f), out)
				}
			}
			for _, w := range []string{"--help", "--version"} {
				if !hasWord(out, w) {
					t.Errorf("%s missing:\n%s", w, out)
				}
			}
			if !regexp.MustCompile(`(?m)^Examples:\n  newsgraph build `).MatchString(out) {
				t.Errorf("no example:\n%s", out)
			}
		})
	}
}

// TestHelpKeepsUsageErrors checks that mistakes in the command line are
// still usage errors (exit 2) with a message, and print no help on stdout.
func TestHelpKeepsUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--frob"},
		{"build", "--frob", seeds},
		{"export", "--format"},
		{"query", "--nope", "stats"},
		{"help", "nope"},
		{"help", "build", "export"},
		{"help", "--frob"},
		{"version", "extra"},
		{"version", "--frob"},
	} {
		out, _, err := newsgraph(t, "", args...)
		var ue *usageError
		if !errors.As(err, &ue) || exitCodeOf(err) != 2 {
			t.Errorf("%q: %v, want a usage error (exit 2)", args, err)
		}
		if out != "" {
			t.Errorf("%q wrote to stdout: %q", args, out)
		}
	}
	// Without a command, the overview goes to stderr with the error.
	_, stderr, _ := newsgraph(t, "")
	if !strings.Contains(stderr, "Usage: newsgraph ") {
		t.Errorf("no usage on stderr without a command: %q", stderr)
	}
	_, _, err := newsgraph(t, "", "build", "--frob", seeds)
	if err == nil || err.Error() != "build: flag provided but not defined: -frob" {
		t.Errorf("unknown flag: %v", err)
	}
	_, _, err = newsgraph(t, "", "frobnicate")
	if err == nil || !strings.Contains(err.Error(), "want build, extract, export, query, conflicts, merges, resolve, serve, rm, check, copy, help or version") {
		t.Errorf("unknown command: %v", err)
	}
}

// cayleyVersion is the cayley version this test binary contains, which a
// newsgraph built from the same module contains too.
func cayleyVersion(t *testing.T) string {
	t.Helper()
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information in the test binary")
	}
	v := depVersion(bi, cayleyModule)
	if !regexp.MustCompile(`^v\d+\.\d+\.\d+`).MatchString(v) {
		t.Fatalf("cayley version %q", v)
	}
	return v
}

// checkVersion checks the output of newsgraph --version: its own
// version, the extractor's, Go's and cayley's.
func checkVersion(t *testing.T, out, extractor string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines:\n%s", out)
	}
	want := []*regexp.Regexp{
		regexp.MustCompile(`^newsgraph +(\(devel\)|v\d\S*)(, revision [0-9a-f]+( \(modified\))?)?(, \S+)?$`),
		regexp.MustCompile(`^extractor +` + regexp.QuoteMeta(extractor) + `$`),
		regexp.MustCompile(`^go +` + regexp.QuoteMeta(runtime.Version()) + ` ` + runtime.GOOS + `/` + runtime.GOARCH + `$`),
		regexp.MustCompile(`^cayley +` + regexp.QuoteMeta(cayleyVersion(t)) + `$`),
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("line %d %q does not match %s", i+1, lines[i], re)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"--db", "x.db", "version"}, {"-version"}} {
		out, stderr, err := newsgraph(t, "", args...)
		if err != nil || stderr != "" {
			t.Fatalf("%q: %v %s", args, err, stderr)
		}
		checkVersion(t, out, extract.Version())
	}
	// The extractor version is the one a build with the same flags records.
	lex := filepath.Join(t.TempDir(), "lexicon.tsv")
	if err := os.WriteFile(lex, []byte("# nothing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := newGlobals()
	g.lexicon, g.rules = lex, true
	want, err := g.extractorVersion()
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := newsgraph(t, "", "--lexicon", lex, "version", "--rules")
	if err != nil {
		t.Fatal(err)
	}
	checkVersion(t, out, want)
	if !strings.Contains(want, "+user.") || !strings.Contains(want, "+rules") {
		t.Errorf("extractor version %q does not name the lexicon and --rules", want)
	}
	if _, _, err := newsgraph(t, "", "--lexicon", filepath.Join(t.TempDir(), "none.tsv"), "--version"); exitCodeOf(err) != 1 || !strings.Contains(err.Error(), "none.tsv") {
		t.Errorf("version with a missing lexicon: %v", err)
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/newsgraph/newsgraph", Version: "(devel)"},
		Deps: []*debug.Module{
			{Path: "github.com/cayleygraph/quad", Version: "v1.1.0"},
			{Path: cayleyModule, Version: "v0.7.7"},
		},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "38df643ab12c"},
			{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	if got, want := mainVersion(bi), "(devel), revision 38df643ab12c (modified), 2026-12-01T10:00:00Z"; got != want {
		t.Errorf("mainVersion = %q, want %q", got, want)
	}
	if got := depVersion(bi, cayleyModule); got != "v0.7.7" {
		t.Errorf("cayley %q", got)
	}
	bi.Deps[1].Replace = &debug.Module{Path: "../cayley"}
	if got := depVersion(bi, cayleyModule); got != "v0.7.7 => ../cayley" {
		t.Errorf("replaced cayley %q", got)
	}
	if got := mainVersion(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}); got != "v1.2.0" {
		t.Errorf("released version %q", got)
	}
	if mainVersion(nil) != "(devel)" || depVersion(nil, cayleyModule) != "unknown" || depVersion(bi, "example.com/none") != "unknown" {
		t.Error("no build information")
	}
}

// TestHelpAndVersionProcess runs the binary: the exit codes and streams
// of help, version and a usage error as a shell sees them.
func TestHelpAndVersionProcess(t *testing.T) {
	bin := buildBinary(t, t.TempDir())
	for _, args := range [][]string{{"--help"}, {"-h"}, {"build", "--help"}, {"help", "query"}, {"--version"}, {"version"}} {
		r := bin.run(t, nil, args...)
		if r.code != 0 || r.stderr != "" || r.stdout == "" {
			t.Errorf("%q: exit %d, %d bytes of stdout, stderr %q", args, r.code, len(r.stdout), r.stderr)
		}
		if args[len(args)-1] == "version" || args[0] == "--version" {
			checkVersion(t, r.stdout, extract.Version())
		} else if !strings.Contains(r.stdout, "Usage: newsgraph ") {
			t.Errorf("%q: no usage:\n%s", args, r.stdout)
		}
	}
	r := bin.run(t, nil, "build", "--frob", seeds)
	if r.code != 2 || r.stdout != "" || r.stderr != "newsgraph: build: flag provided but not defined: -frob\n" {
		t.Errorf("unknown flag: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// screen returns what a terminal shows after printing s: a carriage return
// goes back to the start of the line, which later text overwrites;
// trailing blanks are dropped.
func screen(s string) string {
	var b strings.Builder
	var line []rune
	col := 0
	flush := func() {
		b.WriteString(strings.TrimRight(string(line), " "))
		line, col = line[:0], 0
	}
	for _, r := range s {
		switch r {
		case '\r':
			col = 0
		case '\n':
			flush()
			b.WriteByte('\n')
		default:
			if col < len(line) {
				line[col] = r
			} else {
				line = append(line, r)
			}
			col++
		}
	}
	flush()
	return b.String()
}

// buildWithProgress runs a build in process with progress configured as
// given.
func buildWithProgress(t *testing.T, p progressConfig, args ...string) (stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = runEnv(context.Background(), args, &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e, progress: p})
	if o.Len() > 0 {
		t.Errorf("build wrote to stdout: %q", o.String())
	}
	return e.String(), err
}

// TestBuildProgress builds the same input, with a file that cannot be
// read, once with stderr piped and once as on a terminal: piped, stderr
// holds the messages alone; on a terminal the status line shows the
// counts, and once it is cleared the screen shows exactly the messages.
func TestBuildProgress(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(seeds)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(seeds, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(in, "002a-image.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	const docs = 6 // five articles and the image
	if n := countDocuments(context.Background(), []string{in}); n != docs {
		t.Errorf("countDocuments = %d, want %d", n, docs)
	}

	db := filepath.Join(dir, "piped.db")
	piped, err := buildWithProgress(t, progressConfig{}, "--db", db, "build", in)
	if exitCodeOf(err) != 1 {
		t.Fatalf("build: %v, want exit 1 for the image\n%s", err, piped)
	}
	// Exactly the lines the build printed before it had a status line.
	want := regexp.MustCompile(`^newsgraph: \S*002a-image.txt: byte 8: binary data, not text\n` +
		`resolve: \d+ nodes folded into \d+ across documents\n` +
		`build: 5 documents read, 5 changed, 0 unchanged, 1 failed; \S*piped.db holds 5 documents, \d+ quads, \d+ nodes\n$`)
	if !want.MatchString(piped) {
		t.Errorf("piped stderr:\n%q", piped)
	}
	// In process, a buffer is no terminal.
	if _, stderr, _ := newsgraph(t, "", "--db", filepath.Join(dir, "plain.db"), "build", in); strings.ContainsAny(stderr, "\r\x1b") || strings.Contains(stderr, "/s") {
		t.Errorf("progress on a buffer:\n%q", stderr)
	}

	tty, err := buildWithProgress(t, progressConfig{on: true}, "--db", filepath.Join(dir, "tty.db"), "build", in)
	if exitCodeOf(err) != 1 {
		t.Fatalf("build: %v, want exit 1 for the image\n%s", err, tty)
	}
	// Every update is drawn (every is 0); whether the total is known yet
	// depends on the counting goroutine.
	for i := 1; i <= docs; i++ {
		status := regexp.MustCompile(`\rbuild: ` + strconv.Itoa(i) + `(/6)? documents( \(\d+%\))?, [\d.]+/s(, \d\S* left)?`)
		if !status.MatchString(tty) {
			t.Errorf("no status line for %d documents:\n%q", i, tty)
		}
	}
	if got, want := screen(tty), strings.ReplaceAll(piped, "piped.db", "tty.db"); got != want {
		t.Errorf("the terminal shows\n%s\nwant\n%s", got, want)
	}
}

// TestProgressLine checks the status line with a clock the test moves:
// counts, rate, time left, redraws at most every cfg.every, and the
// clearing around messages.
func TestProgressLine(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var b bytes.Buffer
	p := newProgress(&b, "build", progressConfig{on: true, every: 250 * time.Millisecond, now: clock})
	now = now.Add(2 * time.Second)
	p.update(10)
	if got, want := b.String(), "\rbuild: 10 documents, 5.0/s"; got != want {
		t.Errorf("unknown total: %q, want %q", got, want)
	}
	p.setTotal(40)
	now = now.Add(100 * time.Millisecond)
	p.update(11)
	if b.String() != "\rbuild: 10 documents, 5.0/s" {
		t.Errorf("redrawn within 250ms: %q", b.String())
	}
	now = now.Add(1900 * time.Millisecond) // 4s in all
	b.Reset()
	p.update(20)
	if got, want := b.String(), "\rbuild: 20/40 documents (50%), 5.0/s, 4s left"; got != want {
		t.Errorf("known total: %q, want %q", got, want)
	}
	b.Reset()
	if _, err := p.Write([]byte("a message\n")); err != nil {
		t.Fatal(err)
	}
	width := len("build: 20/40 documents (50%), 5.0/s, 4s left")
	if got, want := b.String(), "\r"+strings.Repeat(" ", width)+"\ra message\n"; got != want {
		t.Errorf("message: %q, want %q", got, want)
	}
	b.Reset()
	p.update(21) // drawn at once after a message
	p.finish()
	p.finish()
	if got := screen(b.String()); got != "" {
		t.Errorf("finish left %q on the screen", got)
	}
	if !strings.HasPrefix(b.String(), "\rbuild: 21/40 documents") {
		t.Errorf("not redrawn after the message: %q", b.String())
	}
	// More documents than counted: the count was an estimate.
	b.Reset()
	p.update(45)
	if got := b.String(); !strings.HasPrefix(got, "\rbuild: 45/45 documents (100%)") || !strings.HasSuffix(got, ", 0s left") {
		t.Errorf("past the total: %q", got)
	}
	var none *progress
	none.update(1)
	none.setTotal(1)
	none.finish()
}

func TestCountDocuments(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.txt":          "one",
		"sub/b.md":       "two",
		"sub/c.jsonl":    "{\"text\":\"x\"}\n\n  \n{\"text\":\"y\"}\n{\"text\":\"z\"}",
		"sub/d.png":      "not an article",
		"articles":       "{\"text\":\"x\"}\n{\"text\":\"y\"}\n",
		"plain":          "some text\nmore\n",
		"empty/x.pdf":    "",
		"blank.jsonl":    "\n\n",
		"sub/deep/e.HTM": "<p>x</p>",
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, tt := range []struct {
		paths []string
		want  int64
	}{
		{[]string{p("sub")}, 5},                    // b, three records, e
		{[]string{p("articles")}, 2},               // named, no extension, starts with {
		{[]string{p("plain")}, 1},                  // named, no extension, text
		{[]string{p("sub/d.png")}, 1},              // named: read whatever its extension
		{[]string{p("empty")}, 1},                  // "no articles"
		{[]string{p("blank.jsonl")}, 1},            // "empty document"
		{[]string{p("missing.txt")}, 1},            // a read error
		{[]string{p("a.txt"), p("sub")}, 6},        // both
		{[]string{p("a.txt"), "-"}, -1},            // standard input: unknown
		{[]string{os.DevNull}, -1},                 // a device: not read twice
		{[]string{seeds, p("sub/c.jsonl")}, 5 + 3}, // the samples and three records
	} {
		if got := countDocuments(context.Background(), tt.paths); got != tt.want {
			t.Errorf("countDocuments(%q) = %d, want %d", tt.paths, got, tt.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := countDocuments(ctx, []string{dir}); got != -1 {
		t.Errorf("cancelled: %d, want -1", got)
	}
}

// TestIsTerminal checks that files, pipes, /dev/null and buffers are no
// terminals, so that a build writing to them shows no progress.
func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for name, out := range map[string]io.Writer{"pipe": w, "file": f, "/dev/null": null, "buffer": &bytes.Buffer{}} {
		if isTerminal(out) {
			t.Errorf("%s taken for a terminal", name)
		}
	}
}
