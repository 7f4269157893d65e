package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/export"
)

// command is one entry of the command table: how to run a command and
// what its help says besides its flags, which come from the FlagSet the
// command parses (see [helpRequest]), so that the help cannot list a flag
// the command does not take or miss one it does.
type command struct {
	name     string
	args     string   // the arguments in the synopsis, after the flags: "PATH..."
	summary  string   // one line for the overview
	about    string   // what the command does, wrapped, for its own help
	examples []string // whole command lines
	run      func(ctx context.Context, g *globals, args []string, e *env) error
}

// env is what a command runs with besides its flags and arguments.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// progress says whether and how long commands show a status line on
	// stderr; its zero value shows none.
	progress progressConfig
}

// commands returns the command table, in the order the overview lists it.
func commands() []*command {
	return []*command{
		{
			name:    "build",
			args:    "PATH...",
			summary: "extract articles and load them into the store",
			about: `Reads the articles in each PATH, extracts entities and facts and stores
each document's quads in one transaction. PATH is a .txt, .md, .html or
.jsonl file, a directory of them (walked recursively), or - for standard
input. Documents the store already holds unchanged, from the same
extractor, are skipped. A file that cannot be read is reported and skipped;
the build goes on and exits 1 at the end. With --out it also writes
graph.dot, graph.svg and graph.nq. When standard error is a terminal, a
status line there shows the progress.`,
			examples: []string{
				"newsgraph build --db out/newsgraph.db --out out testdata/seeds",
				"newsgraph build --force --workers 4 articles.jsonl",
				"cat articles.jsonl | newsgraph build -",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdBuild(ctx, g, args, e)
			},
		},
		{
			name:    "extract",
			args:    "PATH...",
			summary: "print what the extractor finds, without a store",
			about: `Extracts entities and facts from each PATH (as for build) and prints them
in input order: jsonl, one document, entity or relation record a line (the
evaluation contract); nquads, the quads build would store; or text, for
people, with the evidence sentence of every fact.`,
			examples: []string{
				"newsgraph extract --format text testdata/seeds/004_54f3986458c6a991.txt",
				"echo 'Frankreich und Polen unterzeichneten ein Abkommen.' | newsgraph extract --format text -",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdExtract(ctx, g, args, e.stdin, e.stdout, e.stderr)
			},
		},
		{
			name:    "export",
			summary: fmt.Sprintf("write the store, or a filtered part of it, in one of %d formats", len(export.Formats)),
			about: `Writes the store in --format to standard output, or to -o FILE. The
filters (--focus, --predicate, --type, --source, --since, --until,
--min-confidence) work with every format; a filtered export keeps every
quad its entities, statements and documents need.

Formats:
` + formatList(),
			examples: []string{
				"newsgraph export --format svg --min-confidence 0.6 -o graph.svg",
				"newsgraph export --format graphml --focus China --depth 2 -o china.graphml",
				"newsgraph export --format csv -o out/",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdExport(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "query",
			args:    "SUBCOMMAND [ARGS]",
			summary: "ask the graph: stats, show, facts, neighbors, path, sources, gizmo",
			about: `Answers a question about the store. Subcommands:
` + querySubcommands + `

ENTITY is a name, an alias (in either language), an ISO code or an IRI,
matched case- and accent-insensitively; an ambiguous name lists the
candidates. A flag that does not apply to the subcommand is an error.`,
			examples: []string{
				"newsgraph query stats",
				"newsgraph query path Wildberger Digital-Allianz",
				"newsgraph query facts --predicate refused --json",
				"newsgraph query neighbors wildberger --depth 2 --export svg -o kw.svg",
				"newsgraph query gizmo --limit 10 'g.V().all()'",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdQuery(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "conflicts",
			summary: "list the facts sources disagree on, with both sides' evidence",
			about: `Lists what documents disagree on: signed against refused, asserted against
negated, differing signatories and differing dates. Each row is one fact,
numbered by conflict, with the side (A or B) it backs, its evidence and
its source.`,
			examples: []string{
				"newsgraph conflicts",
				"newsgraph conflicts --csv > conflicts.csv",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdConflicts(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "merges",
			summary: "list the nodes merged across documents, with reasons and score",
			about: `Lists every link cross-document resolution made: the two names, the node
both are shown as, the score, the reasons (same name after translation, an
acronym, shared parties and dates) and the sources of both. Build and rm
recompute resolution; resolve recomputes it with new merge rules.`,
			examples: []string{
				"newsgraph merges",
				"newsgraph merges --json",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdMerges(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "resolve",
			summary: "recompute which nodes are one thing across documents",
			about: `Decides over the whole store which agreements, events, initiatives and
people named differently by different documents are one thing, and
records each merge with its reasons and score (build and rm do this
after every change). --merge-rules FILE forces or forbids merges, one
rule a line, fields separated by a tab or " | ":

    same | Absichtserklärung Kanada | gemeinsame Erklärung zur KI-Zusammenarbeit
    different | G7 summit | NATO summit

A name is a label, an alias or an IRI. The store keeps the rules for
later builds; --no-merge-rules drops them.`,
			examples: []string{
				"newsgraph resolve --merge-rules merges.txt",
				"newsgraph resolve --no-merge-rules",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdResolve(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "serve",
			summary: "serve a read-only JSON API and web viewer on loopback",
			about: `Serves the store read-only until interrupted: search an entity, see its
neighbourhood, click edges for the evidence and source, find paths,
download the view in any format. It listens on a loopback address unless
--allow-remote is given.`,
			examples: []string{
				"newsgraph serve --db out/newsgraph.db",
				"newsgraph serve --addr 127.0.0.1:0",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdServe(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "rm",
			args:    "DOC...",
			summary: "remove documents and exactly the quads extracted from them",
			about: `Removes each DOC and everything extracted from it. DOC is a document ID as
given to build (the path, or a JSON Lines record id) or a document IRI.
Every DOC is looked up before anything is removed: an unknown one fails
the command and leaves the store as it was.`,
			examples: []string{
				"newsgraph rm testdata/seeds/000_e14c3703b0365c7d.txt",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdRm(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "check",
			summary: "verify the store's integrity; exit 1 if it is not sound",
			about: `Checks the store: its file structure, that every quad belongs to a
document that exists, that every statement is complete, and that the
store's counters match its quads. Prints a summary on standard output and
a line for each problem; exits 1 when there is any.`,
			examples: []string{
				"newsgraph check --db out/newsgraph.db",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdCheck(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "copy",
			summary: "copy a graph between stores, document by document",
			about: `Copies every document with its quads from --from (default --db) to --to,
one transaction per document: between the embedded store and PostgreSQL in
either direction, or between two stores of one kind. Documents the
destination holds in another version are replaced; documents only the
destination holds stay.`,
			examples: []string{
				"newsgraph copy --from out/newsgraph.db --to postgres://newsgraph@localhost/newsgraph",
			},
			run: func(ctx context.Context, g *globals, args []string, e *env) error {
				return cmdCopy(ctx, g, args, e.stdout, e.stderr)
			},
		},
		{
			name:    "help",
			args:    "[COMMAND]",
			summary: "show this overview, or a command's usage, flags and examples",
			about: `Without COMMAND, lists the commands and the global flags; with one, shows
its usage, flags and examples, as "newsgraph COMMAND --help" does.`,
			examples: []string{
				"newsgraph help build",
			},
			run: cmdHelp,
		},
		{
			name:    "version",
			summary: "print the versions of newsgraph, its extractor, Go and cayley",
			about: `Prints the version of newsgraph (with the revision and time of the
checkout it was built from, when the binary records them), the extractor
version a build records on every document (including what --lexicon,
--model, --tagger, --rules and --lang add), the Go version it was built
with and the cayley version it contains. "newsgraph --version" does the
same.`,
			examples: []string{
				"newsgraph version",
				"newsgraph --lexicon my-lexicon.tsv version",
			},
			run: cmdVersion,
		},
	}
}

// lookupCommand returns the command called name, or nil.
func lookupCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// commandNames lists the commands for a message: "a, b or c".
func commandNames() string {
	cs := commands()
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.name
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// formatList lists the export formats with their descriptions.
func formatList() string {
	rows := make([]row, len(export.Formats))
	for i, f := range export.Formats {
		rows[i] = row{f.Name, f.Description}
	}
	var b strings.Builder
	writeRows(&b, rows)
	return strings.TrimRight(b.String(), "\n")
}

// helpRequest is what parse returns when the command line asks for help
// (-h, -help or --help): the flags of the command, for [runCommand] to
// print the command's help with. It is not a failure.
type helpRequest struct{ fs *flag.FlagSet }

// Error says which command help was asked of.
func (h *helpRequest) Error() string { return h.fs.Name() + ": help requested" }

// runCommand runs c and, when its command line asks for help, prints the
// help on stdout instead of failing.
func runCommand(ctx context.Context, g *globals, c *command, args []string, e *env) error {
	err := c.run(ctx, g, args, e)
	var hr *helpRequest
	if errors.As(err, &hr) {
		return writeCommandHelp(e.stdout, c, hr.fs)
	}
	return err
}

// cmdHelp prints the overview, or the help of the command named.
func cmdHelp(ctx context.Context, g *globals, args []string, e *env) error {
	fs := flag.NewFlagSet("help", flag.ContinueOnError)
	g.register(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch len(rest) {
	case 0:
		return writeOverview(e.stdout)
	case 1:
		c := lookupCommand(rest[0])
		if c == nil {
			return usagef("help: unknown command %q: want %s", rest[0], commandNames())
		}
		return runCommand(ctx, g, c, []string{"--help"}, e)
	default:
		return usagef("help: want at most one command, not %q", strings.Join(rest, " "))
	}
}

// globalFlags returns a FlagSet of the global flags alone, with their
// defaults.
func globalFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("newsgraph", flag.ContinueOnError)
	newGlobals().register(fs)
	return fs
}

// flagsOf returns the flags of fs, sorted by name.
func flagsOf(fs *flag.FlagSet) []*flag.Flag {
	var fl []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { fl = append(fl, f) })
	return fl
}

// writeOverview prints the usage of newsgraph: the commands, the global
// flags and examples.
func writeOverview(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`newsgraph turns news articles into a knowledge graph: who signed, attended
and refused which agreements and events, and which agreement builds on
which, with the evidence behind every fact.

Usage: newsgraph [global flags] COMMAND [flags] [arguments]

Commands:
`)
	var rows []row
	for _, c := range commands() {
		rows = append(rows, row{c.name, c.summary})
	}
	writeRows(&b, rows)
	b.WriteString("\nGlobal flags (before or after the command):\n")
	rows = flagRows(flagsOf(globalFlags()))
	rows = append(rows,
		row{"-h, --help", `show this help; "newsgraph COMMAND --help" shows a command's`},
		row{"--version", "print the versions of newsgraph, its extractor, Go and cayley"})
	writeRows(&b, rows)
	b.WriteString(`
Examples:
  newsgraph build --db out/newsgraph.db --out out testdata/seeds
  newsgraph --db out/newsgraph.db query path Wildberger Digital-Allianz
  newsgraph export --db out/newsgraph.db --format svg --min-confidence 0.6 -o graph.svg

Run "newsgraph COMMAND --help" or "newsgraph help COMMAND" for the usage,
flags and examples of a command.
`)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("help: %w", err)
	}
	return nil
}

// writeCommandHelp prints the help of c, whose flags fs holds: its usage,
// what it does, its own flags, the global flags and examples.
func writeCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: newsgraph %s [flags]", c.name)
	if c.args != "" {
		b.WriteString(" " + c.args)
	}
	fmt.Fprintf(&b, "\n\n%s\n", c.about)
	global := map[string]bool{}
	globals := flagsOf(globalFlags())
	for _, f := range globals {
		global[f.Name] = true
	}
	var own []*flag.Flag
	for _, f := range flagsOf(fs) {
		if !global[f.Name] {
			own = append(own, f)
		}
	}
	if len(own) > 0 {
		b.WriteString("\nFlags:\n")
		writeRows(&b, flagRows(own))
	}
	b.WriteString("\nGlobal flags (before or after the command):\n")
	writeRows(&b, flagRows(globals))
	b.WriteString("\nExamples:\n")
	for _, ex := range c.examples {
		fmt.Fprintf(&b, "  %s\n", ex)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("%s --help: %w", c.name, err)
	}
	return nil
}

// row is one line of a two-column listing.
type row struct{ left, right string }

// flagRows describes flags as "--name VALUE" and their usage, with the
// default when it is not the zero value. VALUE is the word the usage
// string quotes in backquotes (see [flag.UnquoteUsage]).
func flagRows(fl []*flag.Flag) []row {
	rows := make([]row, 0, len(fl))
	for _, f := range fl {
		name, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if utf8.RuneCountInString(f.Name) == 1 {
			left = "-" + f.Name
		}
		if name != "" {
			left += " " + strings.ToUpper(name)
		}
		switch f.DefValue {
		case "", "0", "false", "0s":
		default:
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		rows = append(rows, row{left, usage})
	}
	return rows
}

const (
	helpWidth   = 80 // the width help text is wrapped to
	helpLeftMax = 24 // the widest left column; longer entries get a line of their own
)

// writeRows writes rows as two aligned columns indented by two spaces,
// the right column wrapped to helpWidth.
func writeRows(b *strings.Builder, rows []row) {
	lw := 0
	for _, r := range rows {
		if n := utf8.RuneCountInString(r.left); n <= helpLeftMax {
			lw = max(lw, n)
		}
	}
	indent := strings.Repeat(" ", 2+lw+2)
	for _, r := range rows {
		lines := wrapText(r.right, max(helpWidth-len(indent), 30))
		n := utf8.RuneCountInString(r.left)
		if n > lw && len(lines) > 0 {
			fmt.Fprintf(b, "  %s\n", r.left)
		} else {
			first := ""
			if len(lines) > 0 {
				first, lines = lines[0], lines[1:]
			}
			line := fmt.Sprintf("  %s%s  %s", r.left, strings.Repeat(" ", max(lw-n, 0)), first)
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
		for _, l := range lines {
			fmt.Fprintf(b, "%s%s\n", indent, l)
		}
	}
}

// wrapText breaks s into lines of at most width runes at spaces; a word
// longer than width gets a line of its own.
func wrapText(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
