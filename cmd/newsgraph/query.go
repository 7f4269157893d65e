package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// queryUsage is printed on stderr when the subcommand is missing or
// unknown.
const queryUsage = "newsgraph query SUBCOMMAND [flags]:\n" + querySubcommands

// querySubcommands lists the query subcommands, for queryUsage and the
// command's help.
const querySubcommands = `  stats                                   count documents, quads, nodes, entities and facts
  show ENTITY                             every fact about an entity, with evidence and sources
  facts [--predicate P] [--subject S] [--object O] [--asserted]
                                          facts matching a pattern
  neighbors ENTITY [--depth N]            entities within N facts and the facts between them
  path A B                                shortest chain of facts connecting two entities
  sources ENTITY                          documents that mention an entity
  gizmo (SCRIPT | -f FILE | -)            a Gizmo (JavaScript) query, bounded by --timeout,
                                          --limit and --max-memory
output: an aligned table, or --json, --csv; --export FORMAT [-o FILE] writes the
facts of the answer as a subgraph instead (or besides, with -o)`

// queryFlags are the flags of the query subcommands and of conflicts.
type queryFlags struct {
	fs        *flag.FlagSet
	json, csv bool
	format    string
	out       string
	limit     int
	timeout   time.Duration
	maxMemory int
	depth     int
	predicate string
	subject   string
	object    string
	asserted  bool
	file      string
}

// newQueryFlags registers the global flags and the output flags.
func newQueryFlags(name string, g *globals) *queryFlags {
	q := &queryFlags{fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	g.register(q.fs)
	q.fs.BoolVar(&q.json, "json", false, "write JSON")
	q.fs.BoolVar(&q.csv, "csv", false, "write CSV")
	q.fs.StringVar(&q.format, "export", "", "write the answer's facts as a subgraph in `FORMAT`: "+strings.Join(export.Names(), ", "))
	q.fs.StringVar(&q.out, "o", "", "with --export: write the subgraph to `FILE`, and the answer to standard output")
	q.fs.DurationVar(&q.timeout, "timeout", graph.DefaultGizmoTimeout, "give up after `DURATION` (such as 30s or 2m)")
	return q
}

// addQueryOnly registers the flags only query subcommands take.
func (q *queryFlags) addQueryOnly() {
	q.fs.IntVar(&q.limit, "limit", 0, "at most `N` results (gizmo: default 1000)")
	q.fs.IntVar(&q.maxMemory, "max-memory", graph.DefaultGizmoMemory>>20, "gizmo: stop a query whose memory grows past `N` MiB")
	q.fs.IntVar(&q.depth, "depth", 1, "neighbors: at most `N` facts away")
	q.fs.StringVar(&q.predicate, "predicate", "", "facts: the `RELATION`: signed, attended, refused or builds-on")
	q.fs.StringVar(&q.subject, "subject", "", "facts: the subject `ENTITY`")
	q.fs.StringVar(&q.object, "object", "", "facts: the object `ENTITY`")
	q.fs.BoolVar(&q.asserted, "asserted", false, "facts: only asserted, positive facts (the graph's edges)")
	q.fs.StringVar(&q.file, "f", "", "gizmo: read the script from `FILE` (- for standard input)")
}

// only fails when a flag outside allowed was set: a flag that would be
// silently ignored is a mistake worth saying.
func (q *queryFlags) only(cmd string, allowed ...string) error {
	ok := map[string]bool{"db": true, "lang": true, "lexicon": true, "base": true, "model": true, "tagger": true, "rules": true, "json": true, "csv": true, "export": true, "o": true, "timeout": true}
	for _, a := range allowed {
		ok[a] = true
	}
	var bad string
	q.fs.Visit(func(f *flag.Flag) {
		if !ok[f.Name] && bad == "" {
			bad = f.Name
		}
	})
	if bad != "" {
		return usagef("%s: --%s does not apply", cmd, bad)
	}
	if q.json && q.csv {
		return usagef("%s: --json and --csv exclude each other", cmd)
	}
	if q.out != "" && q.format == "" {
		return usagef("%s: -o needs --export FORMAT", cmd)
	}
	if q.format != "" {
		if _, err := export.Lookup(q.format); err != nil {
			return usagef("%s: --export: %v", cmd, err)
		}
	}
	if q.timeout <= 0 {
		return usagef("%s: --timeout must be positive", cmd)
	}
	return nil
}

func cmdQuery(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	q := newQueryFlags("query", g)
	q.addQueryOnly()
	rest, err := parse(q.fs, args)
	if err != nil {
		return err
	}
	const subcommands = "stats, show, facts, neighbors, path, sources or gizmo"
	if len(rest) == 0 {
		fmt.Fprintln(stderr, queryUsage)
		return usagef("query: want a subcommand: %s", subcommands)
	}
	sub, rest := rest[0], rest[1:]
	nargs := func(n int, what string) error {
		if len(rest) != n {
			return usagef("query %s: want %s", sub, what)
		}
		return nil
	}
	var check error
	switch sub {
	case "stats":
		check = errors.Join(q.only("query stats"), nargs(0, "no arguments"))
	case "show", "sources":
		check = errors.Join(q.only("query "+sub, "limit"), nargs(1, "one entity"))
	case "facts":
		check = errors.Join(q.only("query facts", "limit", "predicate", "subject", "object", "asserted"), nargs(0, "no arguments: --predicate, --subject, --object select"))
	case "neighbors", "neighbours":
		sub = "neighbors"
		check = errors.Join(q.only("query neighbors", "limit", "depth"), nargs(1, "one entity"))
		if check == nil && (q.depth < 1 || q.depth > graph.MaxDepth) {
			check = usagef("query neighbors: --depth must be 1 to %d", graph.MaxDepth)
		}
	case "path":
		check = errors.Join(q.only("query path"), nargs(2, "two entities"))
	case "gizmo":
		check = q.only("query gizmo", "limit", "max-memory", "f")
		if check == nil && q.file == "" {
			check = nargs(1, "a script (quote it), or -f FILE")
		} else if check == nil {
			check = nargs(0, "either a script or -f FILE, not both")
		}
		if check == nil && q.maxMemory <= 0 {
			check = usagef("query gizmo: --max-memory must be positive")
		}
	default:
		fmt.Fprintln(stderr, queryUsage)
		return usagef("query: unknown subcommand %q: want %s", sub, subcommands)
	}
	if check != nil {
		return check
	}
	if q.limit < 0 {
		return usagef("query %s: --limit must not be negative", sub)
	}
	if sub == "gizmo" {
		// The query bounds its own run time, with a clearer message.
		return runGizmo(ctx, g, q, rest, os.Stdin, stdout, stderr)
	}
	ctx, cancel := context.WithTimeout(ctx, q.timeout)
	defer cancel()
	ix, err := queryIndex(ctx, g, sub, rest, q)
	if err != nil {
		return err
	}
	return answerQuery(ctx, g, ix, sub, rest, q, stdout, stderr)
}

// answerQuery answers a query subcommand other than gizmo from ix and
// writes the answer as the flags ask.
func answerQuery(ctx context.Context, g *globals, ix *graph.Index, sub string, rest []string, q *queryFlags, stdout, stderr io.Writer) error {
	var err error
	resolve := func(name string) (graph.Ref, error) { return resolveEntity(ix, name, q, stdout, stderr) }
	var ans answer
	switch sub {
	case "stats":
		st, err := storeStats(ctx, g)
		if err != nil {
			return err
		}
		ans = statsAnswer(st, ix.Summary())
	case "show":
		e, err := resolve(rest[0])
		if err != nil {
			return err
		}
		ans = showAnswer(ix.Show(e.IRI))
	case "sources":
		e, err := resolve(rest[0])
		if err != nil {
			return err
		}
		ans = sourcesAnswer(e, ix.Sources(e.IRI))
	case "facts":
		var f graph.FactFilter
		if q.predicate != "" {
			if f.Predicate, err = graph.ParsePredicate(q.predicate); err != nil {
				return usagef("query facts: --predicate: %v", err)
			}
		}
		for _, x := range []struct {
			name string
			iri  *quad.IRI
		}{{q.subject, &f.Subject}, {q.object, &f.Object}} {
			if x.name == "" {
				continue
			}
			e, err := resolve(x.name)
			if err != nil {
				return err
			}
			*x.iri = e.IRI
		}
		f.AssertedOnly = q.asserted
		ans = claimsAnswer(ix.Facts(f))
	case "neighbors":
		e, err := resolve(rest[0])
		if err != nil {
			return err
		}
		ans = neighborsAnswer(ix.Neighbors(e.IRI, q.depth))
	case "path":
		a, err := resolve(rest[0])
		if err != nil {
			return err
		}
		b, err := resolve(rest[1])
		if err != nil {
			return err
		}
		hops, err := ix.Path(a.IRI, b.IRI)
		if err != nil {
			return err
		}
		ans = pathAnswer(a, b, hops)
	}
	return emit(ctx, ix, ans, q, stdout, stderr)
}

// loadIndex opens the store read-only, reads it into an index and closes
// it again, so that a build is blocked only while the store is read.
func loadIndex(ctx context.Context, g *globals) (*graph.Index, error) {
	return queryIndex(ctx, g, "", nil, &queryFlags{})
}

// queryIndex is loadIndex for a query subcommand: show, sources and path
// read only the quads their answer needs (see [graph.Store.ShowIndex] and
// [graph.Store.PathIndex]), with --export also those of the subgraph it
// writes, and with --limit cutting a table (not JSON, not --export) only
// what orders the rows after the limit; the answers are those of the
// whole store's index. Other subcommands read the whole store.
func queryIndex(ctx context.Context, g *globals, sub string, args []string, q *queryFlags) (*graph.Index, error) {
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	subgraph := q.format != ""
	switch sub {
	case "show", "sources":
		opt := graph.ShowOptions{Subgraph: subgraph}
		if !subgraph && !q.json {
			opt.Rows = q.limit
		}
		return st.ShowIndex(ctx, args[0], opt)
	case "path":
		return st.PathIndex(ctx, args[0], args[1], subgraph)
	}
	return st.Index(ctx)
}

func storeStats(ctx context.Context, g *globals) (graph.Stats, error) {
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return graph.Stats{}, err
	}
	defer st.Close()
	return st.Stats(ctx)
}

// resolveEntity resolves an entity argument. When it is ambiguous, it lists
// the candidates (on stderr, or as JSON on stdout with --json) and fails.
func resolveEntity(ix *graph.Index, name string, q *queryFlags, stdout, stderr io.Writer) (graph.Ref, error) {
	ref, err := ix.Resolve(name)
	var amb *graph.AmbiguousError
	var nf *graph.NotFoundError
	switch {
	case errors.As(err, &amb):
		if q.json {
			writeJSON(stdout, map[string]any{"error": "ambiguous", "query": name, "candidates": amb.Candidates})
		}
		fmt.Fprintf(stderr, "newsgraph: %q is ambiguous: %d entities match; name one of them (label, alias or IRI):\n", name, len(amb.Candidates))
		t := table{head: []string{"TYPE", "ENTITY", "IRI"}}
		for _, c := range amb.Candidates {
			t.rows = append(t.rows, []string{string(c.Type), c.Label, string(c.IRI)})
		}
		t.writeText(stderr)
		return graph.Ref{}, fmt.Errorf("ambiguous entity: %w", errReported)
	case errors.As(err, &nf):
		if s := ix.Search(name, 5); len(s) > 0 {
			names := make([]string, len(s))
			for i, r := range s {
				names[i] = r.Label
			}
			return graph.Ref{}, fmt.Errorf("%w; did you mean: %s", err, strings.Join(names, "; "))
		}
	}
	return ref, err
}

// answer is a query's result in every form it can be written: JSON,
// one table for CSV, several titled tables for people, and the facts
// and entities behind it for export.
type answer struct {
	value    any
	csv      table
	text     []table
	claims   []graph.Claim
	entities []quad.IRI
	title    string
}

// table is a header and rows of cells.
type table struct {
	title string
	head  []string
	rows  [][]string
}

// writeText writes the table aligned with tabwriter. Control characters
// in cells (tabs and newlines, terminal escapes from a hostile document)
// become spaces or U+FFFD, so a cell can neither break the alignment nor
// drive the terminal.
func (t table) writeText(w io.Writer) error {
	if t.title != "" {
		fmt.Fprintln(w, cleanCell(t.title))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(r []string) {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = cleanCell(c)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if len(t.head) > 0 {
		line(t.head)
	}
	if len(t.rows) == 0 {
		fmt.Fprintln(tw, "(none)")
	}
	for _, r := range t.rows {
		line(r)
	}
	return tw.Flush()
}

func cleanCell(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r) || r == '\u202e' || r == '\u202d':
			return '\uFFFD'
		}
		return r
	}, s)
}

// shorten cuts s to n code points, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (t table) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(t.head))
	for i, h := range t.head {
		head[i] = strings.ToLower(h)
	}
	cw.Write(head)
	cw.WriteAll(t.rows)
	return cw.Error()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// limitRows cuts every table to n rows (0: no cut) and reports whether it
// cut.
func (a *answer) limitRows(n int) bool {
	if n <= 0 {
		return false
	}
	cut := false
	if len(a.csv.rows) > n {
		a.csv.rows, cut = a.csv.rows[:n], true
	}
	for i := range a.text {
		if len(a.text[i].rows) > n {
			a.text[i].rows, cut = a.text[i].rows[:n], true
		}
	}
	return cut
}

// emit writes an answer as the flags ask.
func emit(ctx context.Context, ix *graph.Index, a answer, q *queryFlags, stdout, stderr io.Writer) error {
	if q.format != "" {
		f, _ := export.Lookup(q.format)
		in := export.NewInput(ix.Subgraph(a.claims, a.entities...), a.title)
		write := func(w io.Writer) error { return f.Write(ctx, w, in) }
		if q.out == "" || q.out == "-" {
			return write(stdout)
		}
		if err := writeFileAtomic(q.out, write); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s (%d facts, %d quads)\n", q.out, len(a.claims), len(in.Quads))
	}
	if a.limitRows(q.limit) {
		fmt.Fprintf(stderr, "newsgraph: showing the first %d rows (--limit)\n", q.limit)
	}
	switch {
	case q.json:
		return writeJSON(stdout, a.value)
	case q.csv:
		return a.csv.writeCSV(stdout)
	}
	for i, t := range a.text {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if err := t.writeText(stdout); err != nil {
			return err
		}
	}
	return nil
}

// claimTables returns the text and CSV tables of claims; extra columns
// lead each row.
func claimTables(claims []graph.Claim, extraHead []string, extra func(i int) []string) (text, csvT table) {
	text.head = append(append([]string{}, extraHead...), "SUBJECT", "PREDICATE", "OBJECT", "STATUS", "CONF", "DATE", "SOURCE", "EVIDENCE")
	csvT.head = append(append([]string{}, extraHead...), "subject", "subject_iri", "predicate", "object", "object_iri", "status", "confidence", "date", "cameo",
		"source", "source_iri", "source_title", "published", "start", "end", "cue", "evidence", "statement")
	for i, c := range claims {
		var pre []string
		if extra != nil {
			pre = extra(i)
		}
		conf := strconv.FormatFloat(c.Confidence, 'f', 2, 64)
		text.rows = append(text.rows, append(append([]string{}, pre...),
			c.Subject.Label, string(c.Predicate), c.Object.Label, c.Status, conf, c.Date, c.Source.ID, "“"+c.Evidence+"”"))
		csvT.rows = append(csvT.rows, append(append([]string{}, pre...),
			c.Subject.Label, string(c.Subject.IRI), string(c.Predicate), c.Object.Label, string(c.Object.IRI), c.Status, conf, c.Date, c.CAMEO,
			c.Source.ID, string(c.Source.IRI), c.Source.Title, c.Source.Published, strconv.Itoa(c.Start), strconv.Itoa(c.End), c.Cue, c.Evidence, string(c.Statement)))
	}
	return text, csvT
}

func claimsAnswer(claims []graph.Claim) answer {
	text, csvT := claimTables(claims, nil, nil)
	if claims == nil {
		claims = []graph.Claim{}
	}
	return answer{value: claims, text: []table{text}, csv: csvT, claims: claims, title: "newsgraph facts"}
}

func sourcesTable(sources []graph.Source) table {
	t := table{head: []string{"PUBLISHED", "FACTS", "SOURCE", "TITLE", "URL"}}
	for _, s := range sources {
		t.rows = append(t.rows, []string{s.Published, strconv.Itoa(s.Facts), s.ID, shorten(s.Title, 80), s.URL})
	}
	return t
}

func showAnswer(p graph.Profile) answer {
	head := table{head: []string{"ENTITY", p.Entity.Label}}
	head.rows = append(head.rows, []string{"type", string(p.Entity.Type)}, []string{"iri", string(p.Entity.IRI)})
	if p.ISOCode != "" {
		head.rows = append(head.rows, []string{"iso code", p.ISOCode})
	}
	if p.Wikidata != "" {
		head.rows = append(head.rows, []string{"wikidata", p.Wikidata})
	}
	if len(p.Aliases) > 0 {
		head.rows = append(head.rows, []string{"aliases", strings.Join(p.Aliases, "; ")})
	}
	head.rows = append(head.rows, []string{"facts", strconv.Itoa(len(p.Claims))})
	text, csvT := claimTables(p.Claims, nil, nil)
	tables := []table{head, text}
	claims := p.Claims
	if len(p.Affiliates) > 0 {
		var affClaims []graph.Claim
		for _, a := range p.Affiliates {
			affClaims = append(affClaims, a.Claims...)
		}
		t, _ := claimTables(affClaims, nil, nil)
		t.title = fmt.Sprintf("people affiliated with %s (%d) and their facts", p.Entity.Label, len(p.Affiliates))
		tables = append(tables, t)
		claims = append(append([]graph.Claim{}, claims...), affClaims...)
	}
	if len(p.Merged) > 0 {
		t := mergesTable(p.Merged)
		t.title = fmt.Sprintf("merged from %d names across documents", len(p.Merged)+1)
		tables = append(tables, t)
	}
	tables = append(tables, sourcesTable(p.Sources))
	return answer{value: p, text: tables, csv: csvT,
		claims: claims, entities: []quad.IRI{p.Entity.IRI}, title: p.Entity.Label}
}

// mergesTable lists links of cross-document resolution: the two names,
// the score, the reasons and the sources.
func mergesTable(ms []graph.MergeInfo) table {
	t := table{head: []string{"INTO", "NAME", "SAME AS", "SCORE", "REASONS", "SOURCES"}}
	for _, m := range ms {
		why := strings.Join(m.Reasons, "; ")
		if m.Forced {
			why = "forced: " + why
		}
		t.rows = append(t.rows, []string{m.Into.Label, m.A, m.B, strconv.FormatFloat(m.Score, 'f', 2, 64), why, strings.Join(sourceIDs(m), ", ")})
	}
	return t
}

// sourceIDs returns the IDs of a merge's sources.
func sourceIDs(m graph.MergeInfo) []string {
	out := make([]string, len(m.Sources))
	for i, s := range m.Sources {
		out[i] = s.ID
	}
	return out
}

func sourcesAnswer(e graph.Ref, sources []graph.Source) answer {
	t := sourcesTable(sources)
	c := table{head: append([]string{"SOURCE_IRI"}, t.head...)}
	for i, s := range sources {
		c.rows = append(c.rows, append([]string{string(s.IRI)}, t.rows[i]...))
	}
	if sources == nil {
		sources = []graph.Source{}
	}
	return answer{value: map[string]any{"entity": e, "sources": sources}, text: []table{t}, csv: c,
		entities: []quad.IRI{e.IRI}, title: "sources of " + e.Label}
}

func neighborsAnswer(nb graph.Neighborhood) answer {
	nodes := table{head: []string{"DIST", "TYPE", "ENTITY", "IRI"}}
	var ents []quad.IRI
	for _, n := range nb.Nodes {
		nodes.rows = append(nodes.rows, []string{strconv.Itoa(n.Distance), string(n.Type), n.Label, string(n.IRI)})
		ents = append(ents, n.IRI)
	}
	text, csvT := claimTables(nb.Claims, nil, nil)
	a := answer{value: nb, text: []table{nodes, text}, csv: csvT, claims: nb.Claims, entities: ents,
		title: fmt.Sprintf("%s and its neighbours (depth %d)", nb.Center.Label, nb.Depth)}
	return a
}

func pathAnswer(from, to graph.Ref, hops []graph.Hop) answer {
	var claims []graph.Claim
	var hopOf []string
	for i, h := range hops {
		for _, c := range h.Claims {
			claims = append(claims, c)
			hopOf = append(hopOf, strconv.Itoa(i+1))
		}
	}
	text, csvT := claimTables(claims, []string{"HOP"}, func(i int) []string { return []string{hopOf[i]} })
	csvT.head[0] = "hop"
	text.title = fmt.Sprintf("%s → %s: %d hops", from.Label, to.Label, len(hops))
	return answer{value: map[string]any{"from": from, "to": to, "hops": hops}, text: []table{text}, csv: csvT,
		claims: claims, entities: []quad.IRI{from.IRI, to.IRI}, title: from.Label + " → " + to.Label}
}

func statsAnswer(st graph.Stats, s graph.Summary) answer {
	t := table{}
	add := func(k string, v int64) { t.rows = append(t.rows, []string{k, strconv.FormatInt(v, 10)}) }
	add("documents", st.Documents)
	add("quads", st.Quads)
	add("nodes", st.Nodes)
	add("entities", int64(s.Entities))
	for _, ty := range extract.Types {
		if n := s.ByType[ty]; n > 0 {
			add("  "+strings.ToLower(string(ty)), int64(n))
		}
	}
	add("facts", int64(s.Facts))
	for _, p := range extract.Predicates {
		if n := s.ByPredicate[p]; n > 0 {
			add("  "+string(p), int64(n))
		}
	}
	add("edges", int64(s.Edges))
	value := map[string]any{"documents": st.Documents, "quads": st.Quads, "nodes": st.Nodes, "entities": s.Entities,
		"facts": s.Facts, "edges": s.Edges, "byType": s.ByType, "byPredicate": s.ByPredicate}
	return answer{value: value, text: []table{t}, csv: table{head: []string{"key", "value"}, rows: t.rows}, title: "newsgraph"}
}

// runGizmo runs a Gizmo script within the flags' bounds.
func runGizmo(ctx context.Context, g *globals, q *queryFlags, rest []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var src string
	switch {
	case q.file == "-" || (q.file == "" && rest[0] == "-"):
		b, err := io.ReadAll(io.LimitReader(stdin, 1<<20))
		if err != nil {
			return fmt.Errorf("query gizmo: read standard input: %w", err)
		}
		src = string(b)
	case q.file != "":
		b, err := os.ReadFile(q.file)
		if err != nil {
			return fmt.Errorf("query gizmo: %w", err)
		}
		src = string(b)
	default:
		src = rest[0]
	}
	limit := q.limit
	if limit == 0 {
		limit = graph.DefaultGizmoLimit
	}
	st, err := graph.Open(g.db, graph.Options{Base: g.base, ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.Gizmo(ctx, src, graph.GizmoOptions{Timeout: q.timeout, Limit: limit, MaxMemory: uint64(q.maxMemory) << 20})
	if err != nil {
		return err
	}
	if res.Truncated {
		fmt.Fprintf(stderr, "newsgraph: showing the first %d results (--limit)\n", limit)
	}
	a := gizmoAnswer(res)
	if q.format != "" {
		ix, err := st.Index(ctx)
		if err != nil {
			return err
		}
		iris := res.IRIs()
		a.claims, a.entities = ix.Among(iris), ix.Entities(iris)
		return emit(ctx, ix, a, q, stdout, stderr)
	}
	return emit(ctx, nil, a, q, stdout, stderr)
}

// gizmoAnswer tabulates Gizmo results: one column per tag ("id" first)
// when the results are tag maps, else one column of JSON values.
func gizmoAnswer(res graph.GizmoResult) answer {
	if res.Values == nil {
		res.Values = []any{}
	}
	a := answer{value: res, title: "gizmo query"}
	keys := map[string]bool{}
	maps := true
	for _, v := range res.Values {
		m, ok := v.(map[string]any)
		if !ok {
			maps = false
			break
		}
		for k := range m {
			keys[k] = true
		}
	}
	var t table
	if maps && len(keys) > 0 {
		var cols []string
		for k := range keys {
			if k != "id" {
				cols = append(cols, k)
			}
		}
		sort.Strings(cols)
		if keys["id"] {
			cols = append([]string{"id"}, cols...)
		}
		t.head = cols
		for _, v := range res.Values {
			m := v.(map[string]any)
			row := make([]string, len(cols))
			for i, c := range cols {
				row[i] = gizmoCell(m[c])
			}
			t.rows = append(t.rows, row)
		}
	} else {
		t.head = []string{"value"}
		for _, v := range res.Values {
			t.rows = append(t.rows, []string{gizmoCell(v)})
		}
	}
	a.csv = t
	text := t
	text.head = make([]string, len(t.head))
	for i, h := range t.head {
		text.head[i] = strings.ToUpper(h)
	}
	a.text = []table{text}
	return a
}

func gizmoCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
