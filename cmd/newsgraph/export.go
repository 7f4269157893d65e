package main

import (
	"context"
	"flag"
	"io"
	"strings"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
)

func cmdExport(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	g.register(fs)
	format := fs.String("format", "", "export format: "+strings.Join(export.Names(), ", "))
	outPath := fs.String("o", "", "write to this file instead of standard output")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("export: unexpected argument %q", rest[0])
	}
	if *format == "" {
		return usagef("export: --format is required: one of %s", strings.Join(export.Names(), ", "))
	}
	f, err := export.Lookup(*format)
	if err != nil {
		return usagef("export: %v", err)
	}
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	quads, err := st.Quads(ctx)
	if err != nil {
		return err
	}
	in := export.NewInput(quads, "newsgraph")
	if *outPath == "" || *outPath == "-" {
		return f.Write(ctx, stdout, in)
	}
	return writeFileAtomic(*outPath, func(w io.Writer) error { return f.Write(ctx, w, in) })
}
