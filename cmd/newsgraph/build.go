package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// cmdBuild extracts the documents of the paths in args and loads them
// into the store; with e.progress.on it shows its progress on stderr.
func cmdBuild(ctx context.Context, g *globals, args []string, e *env) error {
	stderr := e.stderr
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	g.register(fs)
	out := fs.String("out", "", "also write graph.dot, graph.svg and graph.nq into `DIR`")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "extract `N` documents at once")
	batch := fs.Int("batch", graph.DefaultBatchQuads, "collect `N` changed quads before each commit (1: one transaction per document)")
	force := fs.Bool("force", false, "extract every document again, also those the store holds unchanged")
	var rules mergeRulesFlag
	rules.register(fs, false)
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("build: no input: give files, directories or - for stdin")
	}
	if *workers < 1 || *batch < 1 {
		return usagef("build: --workers and --batch must be at least 1")
	}
	resolveOpt, err := rules.options()
	if err != nil {
		return err
	}
	x, err := g.extractor()
	if err != nil {
		return err
	}
	version, err := g.extractorVersion()
	if err != nil {
		return err
	}
	st, err := graph.Open(g.db, graph.Options{Base: g.base})
	if err != nil {
		return err
	}
	defer st.Close()
	// Until the build resolves at its end, the store says resolution is
	// out of date: a build stopped halfway leaves that mark. A build that
	// changes no document writes nothing.
	w, err := st.NewWriter(graph.WriterOptions{Extractor: version, BatchQuads: *batch, BeforeFirstCommit: st.MarkUnresolved})
	if err != nil {
		return err
	}
	b := &builder{g: g, x: x, st: st, w: w, version: version, workers: *workers, force: *force, stderr: stderr}
	if err := b.runWithProgress(ctx, paths, e); err != nil {
		return err
	}
	if err := w.Close(ctx); err != nil {
		return err
	}
	if err := resolveStore(ctx, st, resolveOpt, stderr); err != nil {
		return err
	}
	stats, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "build: %d documents read, %d changed, %d unchanged, %d failed; %s holds %d documents, %d quads, %d nodes\n",
		b.read, b.changed, b.read-b.changed, b.failed, redactDSN(g.db), stats.Documents, stats.Quads, stats.Nodes)
	if *out != "" {
		if err := writeOut(ctx, st, *out, stderr); err != nil {
			return err
		}
	}
	if b.failed > 0 {
		return fmt.Errorf("build: %d inputs failed: %w", b.failed, errReported)
	}
	return nil
}

// extractorVersion names the extraction the flags ask for: the
// extractor's own version, and the user lexicon and forced language when
// given. The build records it on every document and skips documents the
// store holds with the same content and version.
func (g *globals) extractorVersion() (string, error) {
	v := extract.Version()
	if g.lexicon != "" {
		data, err := os.ReadFile(g.lexicon)
		if err != nil {
			return "", fmt.Errorf("lexicon %s: %w", g.lexicon, err)
		}
		h := sha256.Sum256(data)
		v += "+user." + hex.EncodeToString(h[:6])
	}
	for _, f := range []struct{ name, path string }{{"model", g.model}, {"tagger", g.tagger}} {
		if f.path == "" {
			continue
		}
		data, err := os.ReadFile(f.path)
		if err != nil {
			return "", fmt.Errorf("%s %s: %w", f.name, f.path, err)
		}
		h := sha256.Sum256(data)
		v += "+" + f.name + "." + hex.EncodeToString(h[:6])
	}
	if g.rules {
		v += "+rules"
	}
	if g.lang != "auto" && g.lang != "" {
		v += "+lang." + g.lang
	}
	return v, nil
}

// knownLang is the language the extractor will use for doc when that is
// known without extracting: forced by --lang or given with the document.
func (g *globals) knownLang(doc *extract.Document) string {
	switch {
	case g.lang == "de" || g.lang == "en":
		return g.lang
	case doc.Lang == "de" || doc.Lang == "en":
		return doc.Lang
	}
	return ""
}

// builder runs a build as a pipeline: one goroutine reads documents in
// order; workers check whether the store already holds each unchanged and
// extract those it does not, in parallel; the calling goroutine puts the
// results into the store's writer in input order, so the store ends as a
// sequential build would leave it, and the writer commits them in batches.
// At most a bounded amount of text is between reading and writing, so
// memory does not grow with the corpus.
type builder struct {
	g       *globals
	x       *extract.Extractor
	st      *graph.Store
	w       *graph.Writer
	version string
	workers int
	force   bool
	stderr  io.Writer // messages; the status line's writer when there is one
	status  *progress // nil without a status line

	read, changed, failed int
	readErrors            int // inputs that yielded no document
}

// item is one input on its way through the pipeline: a document or a
// read error.
type item struct {
	doc     *extract.Document
	again   bool // the document's ID came before in this build
	current bool // the store holds it unchanged
	res     *graph.Prepared
	err     error // a read or extraction error to report
	fatal   error // a store error that stops the build
}

// runWithProgress runs the build with a status line on e.stderr when
// e.progress asks for one. The line is cleared before the build returns;
// the documents in all are counted on another goroutine meanwhile.
func (b *builder) runWithProgress(ctx context.Context, paths []string, e *env) error {
	if !e.progress.on {
		return b.run(ctx, paths, e.stdin)
	}
	b.status = newProgress(b.stderr, "build", e.progress)
	b.stderr = b.status
	ctx, cancel := context.WithCancel(ctx)
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		if n := countDocuments(ctx, paths); n >= 0 {
			b.status.setTotal(n)
		}
	}()
	err := b.run(ctx, paths, e.stdin)
	cancel()
	<-counted
	b.status.finish()
	b.stderr = b.status.w
	return err
}

func (b *builder) run(ctx context.Context, paths []string, stdin io.Reader) error {
	return pipeline(ctx, b.workers, inFlight,
		func(send func(*item, int64) error) error {
			seen := map[uint64]bool{}
			seed := maphash.MakeSeed()
			return extract.Walk(paths, stdin, func(doc *extract.Document) error {
				// A document whose ID came before is always extracted: the
				// store still holds the earlier version when it is checked.
				h := maphash.String(seed, doc.ID)
				again := seen[h]
				seen[h] = true
				return send(&item{doc: doc, again: again}, docWeight(len(doc.Text)))
			}, func(err error) error {
				return send(&item{err: err}, 1)
			})
		},
		func(ctx context.Context, it *item) *item {
			b.process(ctx, it)
			return it
		},
		func(it *item) error { return b.write(ctx, it) })
}

// process decides whether an item's document needs extracting and
// extracts it.
func (b *builder) process(ctx context.Context, it *item) {
	if it.doc == nil || ctx.Err() != nil {
		return
	}
	if !it.again && !b.force {
		cur, err := b.st.Current(ctx, it.doc, b.g.knownLang(it.doc), b.version)
		if err != nil {
			it.fatal = err
			return
		}
		if cur {
			it.current = true
			return
		}
	}
	res, err := b.x.Extract(it.doc)
	if err == nil {
		it.res, err = b.w.Prepare(res)
	}
	it.err = err
}

// write reports or writes one item.
func (b *builder) write(ctx context.Context, it *item) error {
	if it.fatal == nil {
		defer func() { b.status.update(int64(b.read + b.readErrors)) }()
	}
	switch {
	case it.fatal != nil:
		return it.fatal
	case it.doc == nil:
		b.failed++
		b.readErrors++
		reportReadError(b.stderr, it.err)
		return nil
	}
	b.read++
	if b.read%1000 == 0 {
		b.w.Trim() // see graph.Writer.Trim
	}
	switch {
	case it.err != nil:
		b.failed++
		reportReadError(b.stderr, it.err)
	case it.current:
	case it.res != nil:
		r, err := b.w.PutPrepared(ctx, it.res)
		if err != nil {
			return err
		}
		if !r.Unchanged() {
			b.changed++
		}
	default:
		return ctx.Err() // cancelled before it was processed
	}
	return nil
}

// writeOut writes the standard exports of the store into dir.
func writeOut(ctx context.Context, st *graph.Store, dir string, stderr io.Writer) error {
	// The path is cleaned first, so that "a/../b" makes b and not a: no
	// directory is created that a ".." climbs out of.
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	quads, err := st.Quads(ctx)
	if err != nil {
		return err
	}
	in := export.NewInput(quads, "newsgraph")
	for _, name := range []string{"dot", "svg", "nquads"} {
		f, _ := export.Lookup(name)
		path := filepath.Join(dir, "graph"+f.Ext)
		if err := writeFileAtomic(path, func(w io.Writer) error { return f.Write(ctx, w, in) }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", path)
	}
	return nil
}
