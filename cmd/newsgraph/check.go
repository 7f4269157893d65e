package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/newsgraph/newsgraph/graph"
)

// cmdCheck verifies the store's integrity (see graph.Store.Check). It
// prints a one-line summary on stdout, followed by one line per problem
// when there are any, in which case it fails.
func cmdCheck(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	g.register(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("check: unexpected argument %q", rest[0])
	}
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, r.Summary())
	for _, p := range r.Problems {
		fmt.Fprintf(stdout, "  %s\n", p)
	}
	if r.Omitted > 0 {
		fmt.Fprintf(stdout, "  and %d more\n", r.Omitted)
	}
	if !r.OK() {
		return fmt.Errorf("check: %s is not sound: %d problems", redactDSN(g.db), len(r.Problems)+r.Omitted)
	}
	return nil
}
