package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/resolve"
)

// mergeRulesFlag is --merge-rules FILE of build, rm and resolve: a file
// of "same" and "different" rules that override cross-document
// resolution (see resolve.ParseRules). The store keeps the rules, so
// later builds apply them too.
type mergeRulesFlag struct {
	path  string
	clear bool
}

func (m *mergeRulesFlag) register(fs *flag.FlagSet, withClear bool) {
	fs.StringVar(&m.path, "merge-rules", "", "merge rules `FILE` (same/different NAME NAME a line); the store keeps them for later builds")
	if withClear {
		fs.BoolVar(&m.clear, "no-merge-rules", false, "drop the merge rules the store keeps")
	}
}

// options reads and checks the rules file, if one was given.
func (m *mergeRulesFlag) options() (graph.ResolveOptions, error) {
	var opt graph.ResolveOptions
	if m.clear && m.path != "" {
		return opt, usagef("--merge-rules and --no-merge-rules exclude each other")
	}
	if m.clear {
		empty := ""
		opt.Rules = &empty
		return opt, nil
	}
	if m.path == "" {
		return opt, nil
	}
	b, err := os.ReadFile(m.path)
	if err != nil {
		return opt, fmt.Errorf("merge rules: %w", err)
	}
	text := string(b)
	if _, err := resolve.ParseRules(strings.NewReader(text)); err != nil {
		return opt, fmt.Errorf("%s: %w", m.path, err)
	}
	opt.Rules = &text
	return opt, nil
}

// resolveStore recomputes cross-document resolution and says what it
// found on stderr.
func resolveStore(ctx context.Context, st *graph.Store, opt graph.ResolveOptions, stderr io.Writer) error {
	r, err := st.Resolve(ctx, opt)
	if err != nil {
		return err
	}
	rules := ""
	if r.Rules > 0 {
		rules = fmt.Sprintf(", %d merge rules", r.Rules)
	}
	fmt.Fprintf(stderr, "resolve: %d nodes folded into %d across documents%s\n", r.Merged, r.Groups, rules)
	return nil
}

// cmdResolve recomputes cross-document resolution, with new merge rules
// if given.
func cmdResolve(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("resolve", flag.ContinueOnError)
	g.register(fs)
	var rules mergeRulesFlag
	rules.register(fs, true)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("resolve: unexpected argument %q", rest[0])
	}
	opt, err := rules.options()
	if err != nil {
		return err
	}
	st, err := graph.Open(g.db, graph.Options{Base: g.base})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := resolveStore(ctx, st, opt, stderr); err != nil {
		return err
	}
	return st.Close()
}

// cmdMerges lists the links of cross-document resolution with their
// reasons, score and sources.
func cmdMerges(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	q := newQueryFlags("merges", g)
	rest, err := parse(q.fs, args)
	if err != nil {
		return err
	}
	if err := q.only("merges"); err != nil {
		return err
	}
	if q.format != "" {
		return usagef("merges: --export does not apply")
	}
	if len(rest) > 0 {
		return usagef("merges: unexpected argument %q", rest[0])
	}
	ctx, cancel := context.WithTimeout(ctx, q.timeout)
	defer cancel()
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	if stale, err := st.Stale(ctx); err != nil {
		return err
	} else if stale {
		fmt.Fprintln(stderr, "merges: documents changed since the last resolution (an interrupted build or rm): run newsgraph resolve")
	}
	ix, err := st.MergesIndex(ctx)
	if err != nil {
		return err
	}
	ms := ix.Merges()
	t := mergesTable(ms)
	c := table{head: []string{"into_iri", "into", "name", "name_iri", "same_as", "same_as_iri", "score", "reasons", "forced", "sources"}}
	for _, m := range ms {
		c.rows = append(c.rows, []string{string(m.Into.IRI), m.Into.Label, m.A, string(m.AIRI), m.B, string(m.BIRI),
			fmt.Sprintf("%.2f", m.Score), strings.Join(m.Reasons, "; "), fmt.Sprint(m.Forced), strings.Join(sourceIDs(m), "; ")})
	}
	if ms == nil {
		ms = []graph.MergeInfo{}
	}
	return emit(ctx, ix, answer{value: ms, text: []table{t}, csv: c, title: "merges across documents"}, q, stdout, stderr)
}
