package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// listFlag is a repeatable flag; with split set, each value may also be a
// comma-separated list.
type listFlag struct {
	vals  []string
	split bool
}

// String returns the values given so far, joined by commas.
func (l *listFlag) String() string { return strings.Join(l.vals, ",") }

// Set adds a value (or, with split, each of a comma-separated list).
func (l *listFlag) Set(s string) error {
	if !l.split {
		l.vals = append(l.vals, s)
		return nil
	}
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			l.vals = append(l.vals, v)
		}
	}
	return nil
}

// exportOptions are the export command's flags.
type exportOptions struct {
	format     string
	out        string
	title      string
	filter     graph.Filter
	diagram    export.DiagramOptions
	focus      listFlag
	predicates listFlag
	types      listFlag
	sources    listFlag
	minConf    string
	hideBelow  string
	cluster    string
	layout     string
}

func (o *exportOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "", "export `FORMAT`: "+strings.Join(export.Names(), ", "))
	fs.StringVar(&o.out, "o", "", "write to `FILE` instead of standard output; for csv a directory (existing, or ending in /) gets nodes.csv and edges.csv")
	fs.StringVar(&o.title, "title", "newsgraph", "`TITLE` of diagrams and graphs")
	o.predicates.split, o.types.split = true, true
	fs.Var(&o.focus, "focus", "keep the ego network of `ENTITY` (IRI, name or alias; repeatable)")
	fs.IntVar(&o.filter.Depth, "depth", 1, "`N` hops from --focus")
	fs.Var(&o.predicates, "predicate", "keep facts with `RELATION`: signed, attended, refused, builds-on (repeatable, or comma-separated)")
	fs.Var(&o.types, "type", "keep entities of `TYPE`: "+typeNames()+" (repeatable, or comma-separated)")
	fs.Var(&o.sources, "source", "keep what `DOC` says: its ID, IRI or file name (repeatable)")
	fs.StringVar(&o.filter.Since, "since", "", "keep facts dated on or after `DATE`, YYYY[-MM[-DD]] (a fact's date, else its document's)")
	fs.StringVar(&o.filter.Until, "until", "", "keep facts dated on or before `DATE`, YYYY[-MM[-DD]]")
	fs.StringVar(&o.minConf, "min-confidence", "", "keep facts with at least confidence `X` (0 to 1)")
	fs.StringVar(&o.hideBelow, "hide-below", "", "diagrams: hide edges whose facts all have a confidence below `X` (0 to 1)")
	fs.StringVar(&o.cluster, "cluster", "none", "diagrams: group nodes by `KIND`: none, event or source")
	fs.StringVar(&o.layout, "layout", "auto", "diagrams: layout engine `LAYOUT`: auto, dot, sfdp or neato (auto: sfdp from "+strconv.Itoa(export.LargeGraph)+" nodes unless clustering)")
}

func typeNames() string {
	names := make([]string, len(extract.Types))
	for i, t := range extract.Types {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// check validates the flags and fills in the filter and diagram options.
func (o *exportOptions) check() error {
	f := &o.filter
	f.Focus = o.focus.vals
	f.Sources = o.sources.vals
	for _, p := range o.predicates.vals {
		pp, err := graph.ParseFilterPredicate(p)
		if err != nil {
			return usagef("export: --predicate: %v", err)
		}
		f.Predicates = append(f.Predicates, pp)
	}
	for _, t := range o.types.vals {
		tt, err := graph.ParseType(t)
		if err != nil {
			return usagef("export: --type: %v", err)
		}
		f.Types = append(f.Types, tt)
	}
	var err error
	if f.MinConfidence, err = confidence("min-confidence", o.minConf); err != nil {
		return err
	}
	if o.diagram.HideBelow, err = confidence("hide-below", o.hideBelow); err != nil {
		return err
	}
	if err := f.Validate(); err != nil {
		return usagef("export: %v", err)
	}
	if o.diagram.Cluster, err = export.ParseCluster(o.cluster); err != nil {
		return usagef("export: --cluster: %v", err)
	}
	if o.diagram.Layout, err = export.ParseLayout(o.layout); err != nil {
		return usagef("export: --layout: %v", err)
	}
	return nil
}

// confidence parses a confidence flag value; empty means 0.
func confidence(name, s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 1 {
		return 0, usagef("export: --%s %q: want a number from 0 to 1", name, s)
	}
	return v, nil
}

func cmdExport(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	g.register(fs)
	var o exportOptions
	o.register(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("export: unexpected argument %q", rest[0])
	}
	if o.format == "" {
		return usagef("export: --format is required: one of %s", strings.Join(export.Names(), ", "))
	}
	f, err := export.Lookup(o.format)
	if err != nil {
		return usagef("export: %v", err)
	}
	if err := o.check(); err != nil {
		return err
	}
	if f.Stream != nil && o.filter.IsZero() {
		return streamExport(ctx, g, f, o.out, stdout)
	}
	var in *export.Input
	if f.Name == "ontology" {
		in = export.NewInput(nil, o.title) // the vocabulary needs no store
	} else if in, err = loadInput(ctx, g, &o); err != nil {
		return err
	}
	in.Diagram = o.diagram
	if len(f.Parts) > 0 && isDir(o.out) {
		return writeParts(ctx, f, in, o.out, stderr)
	}
	if o.out == "" || o.out == "-" {
		return f.Write(ctx, stdout, in)
	}
	return writeFileAtomic(o.out, func(w io.Writer) error { return f.Write(ctx, w, in) })
}

// streamExport writes the whole store in a format that can be written one
// document at a time (N-Quads), reading the store document by document
// ([graph.Store.EachGraph]) instead of into memory.
func streamExport(ctx context.Context, g *globals, f export.Format, out string, stdout io.Writer) error {
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	write := func(w io.Writer) error { return f.Stream(ctx, w, st) }
	if out == "" || out == "-" {
		return write(stdout)
	}
	return writeFileAtomic(out, write)
}

// loadInput reads the whole store into memory and applies the filter:
// every format but a streamed one (see [export.Format.Stream]) needs the
// whole selection at once, and a filter needs the whole graph to choose
// (an ego network, the entities of the facts kept in any document).
func loadInput(ctx context.Context, g *globals, o *exportOptions) (*export.Input, error) {
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	quads, err := st.Quads(ctx)
	if err != nil {
		return nil, err
	}
	if quads, err = o.filter.Apply(quads); err != nil {
		return nil, usagef("export: %v", err)
	}
	return export.NewInput(quads, o.title), nil
}

// isDir reports whether path names a directory to write a multi-file
// format into: an existing directory, or a path ending in a separator.
func isDir(path string) bool {
	if path == "" || path == "-" {
		return false
	}
	if strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(os.PathSeparator)) {
		return true
	}
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// writeParts writes each file of a multi-file format into dir.
func writeParts(ctx context.Context, f export.Format, in *export.Input, dir string, stderr io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	for _, p := range f.Parts {
		path := filepath.Join(dir, p.Name)
		if err := writeFileAtomic(path, func(w io.Writer) error { return p.Write(ctx, w, in) }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", path)
	}
	return nil
}
