package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/newsgraph/newsgraph/graph"
)

// cmdRm removes documents and everything extracted from them. Each DOC is
// a document ID as given at build time (the path, or a JSON Lines record
// id) or a document IRI. Every DOC is looked up before anything is
// removed: an unknown one fails the command and leaves the store as it
// was.
func cmdRm(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rm", flag.ContinueOnError)
	g.register(fs)
	var rules mergeRulesFlag
	rules.register(fs, false)
	names, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return usagef("rm: no document: give document IDs (as given to build) or IRIs")
	}
	resolveOpt, err := rules.options()
	if err != nil {
		return err
	}
	st, err := graph.Open(g.db, graph.Options{Base: g.base})
	if err != nil {
		return err
	}
	defer st.Close()
	docs := make([]graph.Doc, 0, len(names))
	seen := map[string]bool{}
	for _, name := range names {
		d, err := st.FindDocument(ctx, name)
		if err != nil {
			return fmt.Errorf("rm: %w", err)
		}
		if !seen[string(d.IRI)] {
			seen[string(d.IRI)] = true
			docs = append(docs, d)
		}
	}
	if err := st.MarkUnresolved(ctx); err != nil {
		return fmt.Errorf("rm: %w", err)
	}
	total := 0
	for _, d := range docs {
		n, err := st.RemoveIRI(ctx, d.IRI)
		if err != nil {
			return fmt.Errorf("rm: %w", err)
		}
		total += n
		fmt.Fprintf(stderr, "removed %s (%s, %d quads)\n", d.ID, d.IRI, n)
	}
	// What the removed documents said is gone; so are the merges they
	// supported.
	if err := resolveStore(ctx, st, resolveOpt, stderr); err != nil {
		return fmt.Errorf("rm: %w", err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "rm: %d documents, %d quads removed; %s holds %d documents, %d quads, %d nodes\n",
		len(docs), total, redactDSN(g.db), stats.Documents, stats.Quads, stats.Nodes)
	return nil
}
