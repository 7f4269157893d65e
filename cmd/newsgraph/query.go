package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/newsgraph/newsgraph/graph"
)

func cmdQuery(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	g.register(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || rest[0] != "stats" {
		return usagef("query: want a subcommand: stats")
	}
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "documents\t%d\nquads\t%d\nnodes\t%d\n", s.Documents, s.Quads, s.Nodes)
	return err
}
