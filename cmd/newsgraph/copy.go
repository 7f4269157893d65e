package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/newsgraph/newsgraph/graph"
)

// cmdCopy copies a graph from one store to another, document by document
// (one transaction each, so every document keeps its quads and label):
// between the embedded store and PostgreSQL in either direction, or
// between two stores of one kind. --from defaults to --db. Documents the
// destination holds in another version are replaced; documents only the
// destination holds stay.
func cmdCopy(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("copy", flag.ContinueOnError)
	g.register(fs)
	from := fs.String("from", "", "the store `DB` to read (default --db)")
	to := fs.String("to", "", "the store `DB` to write: a file path or postgres://...")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("copy: unexpected argument %q: give the stores with --from and --to", rest[0])
	}
	if *from == "" {
		*from = g.db
	}
	if *to == "" {
		return usagef("copy: no destination: give --to DB (a file path or postgres://...)")
	}
	if *from == *to {
		return usagef("copy: --from and --to name the same store")
	}
	src, err := graph.Open(*from, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer src.Close()
	dst, err := graph.Open(*to, graph.Options{Base: g.base})
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer dst.Close()
	if err := dst.MarkUnresolved(ctx); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	st, err := graph.Copy(ctx, dst, src, nil)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	// The copied documents may join documents dst held: resolve over
	// all of them, with the merge rules the source keeps, if any (else
	// with those dst keeps).
	var opt graph.ResolveOptions
	rules, err := src.MergeRules(ctx)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	if rules != "" {
		opt.Rules = &rules
	}
	if err := resolveStore(ctx, dst, opt, stderr); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	if err := dst.Close(); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	fmt.Fprintf(stderr, "copy: %d documents, %d quads from %s to %s: %d quads added, %d deleted, %d documents unchanged\n",
		st.Documents, st.Quads, src.Path(), dst.Path(), st.Added, st.Deleted, st.Unchanged)
	return nil
}
