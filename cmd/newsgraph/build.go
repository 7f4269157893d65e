package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

func cmdBuild(ctx context.Context, g *globals, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	g.register(fs)
	out := fs.String("out", "", "also write graph.dot, graph.svg and graph.nq into this directory")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("build: no input: give files, directories or - for stdin")
	}
	x, err := g.extractor()
	if err != nil {
		return err
	}
	st, err := graph.Open(g.db, graph.Options{Base: g.base})
	if err != nil {
		return err
	}
	defer st.Close()
	var read, changed, failed int
	err = extract.Walk(paths, stdin, func(doc *extract.Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		read++
		res, err := x.Extract(doc)
		if err != nil {
			failed++
			reportReadError(stderr, err)
			return nil
		}
		r, err := st.Put(ctx, res)
		if err != nil {
			return err
		}
		if !r.Unchanged() {
			changed++
		}
		return nil
	}, func(err error) error {
		failed++
		reportReadError(stderr, err)
		return nil
	})
	if err != nil {
		return err
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "build: %d documents read, %d changed, %d unchanged, %d failed; %s holds %d documents, %d quads, %d nodes\n",
		read, changed, read-changed, failed, g.db, stats.Documents, stats.Quads, stats.Nodes)
	if *out != "" {
		if err := writeOut(ctx, st, *out, stderr); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("build: %d inputs failed: %w", failed, errReported)
	}
	return nil
}

// writeOut writes the standard exports of the store into dir.
func writeOut(ctx context.Context, st *graph.Store, dir string, stderr io.Writer) error {
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
