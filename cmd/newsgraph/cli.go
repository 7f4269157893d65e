package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// errReported means the command already reported its errors on stderr.
var errReported = errors.New("errors reported")

// globals are the flags every command takes.
type globals struct {
	db      string
	lang    string
	lexicon string
	base    string
	model   string // relation model file instead of the embedded one
	tagger  string // name tagger file instead of the embedded one
	rules   bool   // the hand-written rules alone, no model or tagger
}

// newGlobals returns the global flags' defaults.
func newGlobals() *globals {
	g := &globals{db: os.Getenv("NEWSGRAPH_DB"), lang: "auto", base: graph.DefaultBase}
	if g.db == "" {
		g.db = "newsgraph.db"
	}
	return g
}

// register adds the global flags to fs, with their current values as
// defaults, so that flags given before the command survive its parsing.
func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.db, "db", g.db, "the store: a file `PATH` for the embedded store, or a postgres:// URL (env NEWSGRAPH_DB)")
	fs.StringVar(&g.lang, "lang", g.lang, "document language `LANG`: auto, de or en")
	fs.StringVar(&g.lexicon, "lexicon", g.lexicon, "user lexicon `FILE` adding entities and aliases (see README)")
	fs.StringVar(&g.base, "base", g.base, "base `IRI` for minted entity, document and statement IRIs")
	fs.StringVar(&g.model, "model", g.model, "relation model `FILE` (from go run ./tools/train) instead of the built-in one")
	fs.StringVar(&g.tagger, "tagger", g.tagger, "name tagger `FILE` (from go run ./tools/train) instead of the built-in one")
	fs.BoolVar(&g.rules, "rules", g.rules, "find names and relations with the hand-written rules alone")
}

func (g *globals) extractor() (*extract.Extractor, error) {
	lx, err := extract.DefaultLexicon()
	if err != nil {
		return nil, err
	}
	if g.lexicon != "" {
		if err := lx.LoadUserLexicon(g.lexicon); err != nil {
			return nil, err
		}
	}
	switch g.lang {
	case "auto", "de", "en":
	default:
		return nil, usagef("--lang %q: want auto, de or en", g.lang)
	}
	opts := []extract.Option{extract.WithLanguage(g.lang)}
	if g.rules {
		if g.model != "" || g.tagger != "" {
			return nil, usagef("--rules takes no --model or --tagger")
		}
		opts = append(opts, extract.WithRules())
	}
	if g.model != "" {
		m, err := loadFile(g.model, extract.LoadModel)
		if err != nil {
			return nil, err
		}
		opts = append(opts, extract.WithModel(m))
	}
	if g.tagger != "" {
		t, err := loadFile(g.tagger, extract.LoadTagger)
		if err != nil {
			return nil, err
		}
		opts = append(opts, extract.WithTagger(t))
	}
	return extract.New(lx, opts...)
}

// loadFile reads a model or tagger file with load.
func loadFile[T any](path string, load func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	v, err := load(f)
	if err != nil {
		return v, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// run executes one command line. When stderr is a terminal, long commands
// show their progress there.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runEnv(ctx, args, &env{stdin: stdin, stdout: stdout, stderr: stderr,
		progress: progressConfig{on: isTerminal(stderr), every: progressEvery}})
}

// runEnv executes one command line in e.
func runEnv(ctx context.Context, args []string, e *env) error {
	g := newGlobals()
	top := flag.NewFlagSet("newsgraph", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	g.register(top)
	version := top.Bool("version", false, "print the versions")
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return writeOverview(e.stdout)
		}
		return usagef("%v", err)
	}
	if *version {
		return writeVersion(e.stdout, g)
	}
	args = top.Args()
	if len(args) == 0 {
		_ = writeOverview(e.stderr) // the usage error says what matters
		return usagef("no command")
	}
	c := lookupCommand(args[0])
	if c == nil {
		return usagef("unknown command %q: want %s", args[0], commandNames())
	}
	return runCommand(ctx, g, c, args[1:], e)
}

// parse parses a command's flags, which may be mixed with its arguments.
// When they ask for help (-h, -help or --help) it returns a
// *helpRequest, on which [runCommand] prints the command's help.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpRequest{fs}
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// reportReadError prints a document that could not be read as one line.
func reportReadError(stderr io.Writer, err error) {
	fmt.Fprintf(stderr, "newsgraph: %v\n", err)
}

// writeFileAtomic writes a file through a temporary file in the same
// directory and renames it into place, so a failed write never leaves a
// truncated export behind.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	// A device or pipe ("-o /dev/null", "-o /dev/stdout") is written in
	// place: renaming over it would replace the device with a file.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		if err := write(f); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	ok = true
	return nil
}

func cmdExtract(ctx context.Context, g *globals, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	g.register(fs)
	format := fs.String("format", "jsonl", "output `FORMAT`: jsonl, nquads or text")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "extract `N` documents at once (the output keeps the input order)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("extract: no input: give files, directories or - for stdin")
	}
	if *workers < 1 {
		return usagef("extract: --workers must be at least 1")
	}
	switch *format {
	case "jsonl", "nquads", "text":
	default:
		return usagef("extract: unknown format %q: want jsonl, nquads or text", *format)
	}
	x, err := g.extractor()
	if err != nil {
		return err
	}
	m, err := graph.NewMinter(g.base)
	if err != nil {
		return err
	}
	// Documents are extracted on several goroutines at once; each renders
	// its output into a buffer, and the buffers are written in input order.
	type input struct {
		doc *extract.Document
		err error // a read error
	}
	type output struct {
		text bytes.Buffer
		err  error // a read or extraction error to report
		ok   bool  // text holds the document's output
	}
	failed := 0
	err = pipeline(ctx, *workers, inFlight,
		func(send func(input, int64) error) error {
			return extract.Walk(paths, stdin, func(doc *extract.Document) error {
				return send(input{doc: doc}, docWeight(len(doc.Text)))
			}, func(err error) error {
				return send(input{err: err}, 1)
			})
		},
		func(ctx context.Context, in input) *output {
			out := &output{err: in.err}
			if in.doc == nil || ctx.Err() != nil {
				return out
			}
			res, err := x.Extract(in.doc)
			if err != nil {
				out.err = err
				return out
			}
			switch *format {
			case "jsonl":
				out.err = extract.WriteJSONL(&out.text, res)
			case "nquads":
				out.err = export.WriteNQuads(&out.text, graph.DocumentQuads(m, res))
			default:
				out.err = writeText(&out.text, res)
			}
			out.ok = out.err == nil
			return out
		},
		func(out *output) error {
			if out.err != nil {
				failed++
				reportReadError(stderr, out.err)
				return nil
			}
			if !out.ok {
				return ctx.Err() // cancelled before it was extracted
			}
			_, err := out.text.WriteTo(stdout)
			return err
		})
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("extract: %d inputs failed: %w", failed, errReported)
	}
	return nil
}

// writeText prints an extraction for people: entities by type, then facts
// with their evidence.
func writeText(w io.Writer, res *extract.Result) error {
	fmt.Fprintf(w, "# %s (%s)\n", res.Doc.ID, res.Lang)
	ents := append([]extract.Entity(nil), res.Entities...)
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Type < ents[j].Type })
	for _, e := range ents {
		fmt.Fprintf(w, "%-12s %s", e.Type, e.Name)
		if len(e.Aliases) > 0 {
			fmt.Fprintf(w, "  (%s)", strings.Join(e.Aliases, "; "))
		}
		fmt.Fprintln(w)
	}
	for _, r := range res.Relations {
		s, o := res.Entity(r.Subject), res.Entity(r.Object)
		status := string(r.Modality)
		if r.Negated {
			status = "negated " + status
		}
		fmt.Fprintf(w, "\n%s %s %s [%s, %.2f", s.Name, r.Predicate, o.Name, status, r.Confidence)
		if r.Date != "" {
			fmt.Fprintf(w, ", %s", r.Date)
		}
		fmt.Fprintf(w, "]\n  “%s” (%d-%d)\n", r.Sentence, r.Span.Start, r.Span.End)
	}
	_, err := fmt.Fprintln(w)
	return err
}
