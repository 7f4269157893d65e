package export

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/emicklei/dot"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// nodeStyle is how a diagram draws an entity type.
type nodeStyle struct{ shape, fill string }

var nodeStyles = map[extract.Type]nodeStyle{
	extract.Person:       {"ellipse", "#cfe2ff"},
	extract.Country:      {"hexagon", "#ffe69c"},
	extract.Organization: {"box", "#d1e7dd"},
	extract.Place:        {"house", "#e2e3e5"},
	extract.Event:        {"octagon", "#ffd8a8"},
	extract.Agreement:    {"note", "#fff3bf"},
	extract.Initiative:   {"component", "#e5dbff"},
	extract.Product:      {"cds", "#f8d7da"},
}

// edgeStyle is how a diagram draws a relation: refused is red with a bar
// head, builds-on a heavy purple chain.
type edgeStyle struct {
	color, style, arrow string
	width               string
	weight              int
}

var edgeStyles = map[extract.Predicate]edgeStyle{
	extract.Signed:   {"#2b8a3e", "solid", "normal", "1.6", 2},
	extract.Attended: {"#1971c2", "dashed", "normal", "1.2", 1},
	extract.Refused:  {"#e03131", "bold", "tee", "2.2", 2},
	extract.BuildsOn: {"#7048e8", "bold", "empty", "2.4", 8},
	// A person's role for a state or organisation: thin and grey, so
	// that the four relations stand out.
	extract.AffiliatedWith: {"#868e96", "dotted", "odot", "1.0", 1},
}

// MaxLabel caps the code points of a diagram label; tooltips get more.
const (
	MaxLabel   = 48
	MaxTooltip = 600
)

// CleanText makes s safe and readable as diagram text: control and
// bidirectional-override characters removed, white space folded, cut to max
// code points with an ellipsis.
func CleanText(s string, max int) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				space = b.Len() > 0
			}
			continue
		}
		if space {
			if n+1 >= max {
				break
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		if n+1 >= max && utf8.RuneCountInString(s) > max {
			b.WriteRune('…')
			return b.String()
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// dotString makes s safe inside emicklei/dot's quoted attribute values,
// which are written with Go's %q: no characters Go would escape with \u or
// \x (unknown to Graphviz), and backslashes doubled only by %q itself.
func dotString(s string, max int) string {
	s = CleanText(s, max)
	var b strings.Builder
	for _, r := range s {
		if !strconvIsPrint(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func strconvIsPrint(r rune) bool { return unicode.IsPrint(r) }

// WriteDOT writes the asserted facts of in as a Graphviz digraph: one node
// per entity that takes part in a fact, shaped and coloured by type; one
// edge per subject-relation-object, styled by relation, with the evidence
// sentence, source and date in its tooltip; a title and a legend.
// in.Diagram can cluster the nodes, hide weak edges and choose a layout
// for large graphs (see [DiagramOptions]). The same input gives the same
// bytes.
func WriteDOT(w io.Writer, in *Input) error {
	g := BuildDOT(in)
	if _, err := io.WriteString(w, g.String()); err != nil {
		return fmt.Errorf("write DOT: %w", err)
	}
	return nil
}

// BuildDOT builds the diagram of WriteDOT.
func BuildDOT(in *Input) *dot.Graph {
	m := in.Model
	opt := in.Diagram
	edges := visibleEdges(m.Edges(), opt.HideBelow)
	used := map[quad.IRI]bool{}
	for _, e := range edges {
		used[e.Subject], used[e.Object] = true, true
	}
	layout := opt.layout(len(used))
	large := len(used) >= LargeGraph
	title := in.title()
	g := dot.NewGraph(dot.Directed)
	g.ID("newsgraph")
	g.Attr("label", dotString(fmt.Sprintf("%s — %d entities, %d facts, %d sources", title, len(used), len(edges), len(m.Docs)), 200))
	g.Attr("labelloc", "t")
	g.Attr("fontname", "Helvetica")
	g.Attr("fontsize", "16")
	g.Attr("tooltip", dotString(title, 200))
	switch layout {
	case LayoutDot:
		g.Attr("rankdir", "LR")
		g.Attr("overlap", "false")
		g.Attr("splines", "true")
		if large {
			// Hundreds of nodes: merge parallel edge runs, pack ranks.
			g.Attr("concentrate", "true")
			g.Attr("nodesep", "0.12")
			g.Attr("ranksep", "0.6")
		} else {
			g.Attr("nodesep", "0.35")
			g.Attr("ranksep", "0.9")
		}
	default:
		// Force-directed: straight edges under the nodes, overlaps removed.
		g.Attr("layout", string(layout))
		g.Attr("overlap", "prism")
		g.Attr("splines", "false")
		g.Attr("outputorder", "edgesfirst")
		g.Attr("sep", "+6")
		if layout == LayoutSFDP {
			g.Attr("K", "0.8")
			g.Attr("repulsiveforce", "1.5")
		}
	}
	maxLabel, fontsize := MaxLabel, "11"
	if large {
		maxLabel, fontsize = 28, "9"
	}

	parents := clusters(g, m, edges, opt.Cluster)
	nodes := map[quad.IRI]dot.Node{}
	for _, n := range m.SortedNodes() {
		if !used[n.IRI] {
			continue
		}
		st := nodeStyles[n.Type]
		if st.shape == "" {
			st = nodeStyle{"ellipse", "#ffffff"}
		}
		parent := g
		if p := parents[n.IRI]; p != nil {
			parent = p
		}
		dn := parent.Node(string(n.IRI))
		dn.Attr("label", dotString(n.Label, maxLabel))
		dn.Attr("shape", st.shape)
		dn.Attr("style", "filled")
		dn.Attr("fillcolor", st.fill)
		dn.Attr("fontname", "Helvetica")
		dn.Attr("fontsize", fontsize)
		dn.Attr("URL", graph.SafeURL(string(n.IRI)))
		tip := fmt.Sprintf("%s (%s)", n.Label, n.Type)
		if len(n.Aliases) > 0 {
			tip += "\nalso: " + strings.Join(n.Aliases, "; ")
		}
		if n.Wikidata != "" {
			tip += "\nWikidata " + n.Wikidata
		}
		dn.Attr("tooltip", dotString(tip, MaxTooltip))
		nodes[n.IRI] = dn
	}
	for _, e := range edges {
		from, ok1 := nodes[e.Subject]
		to, ok2 := nodes[e.Object]
		if !ok1 || !ok2 {
			continue
		}
		st := edgeStyles[e.Predicate]
		de := g.Edge(from, to)
		if !large {
			label := string(e.Predicate)
			if len(e.Facts) > 1 {
				label = fmt.Sprintf("%s (%d)", label, len(e.Facts))
			}
			de.Attr("label", label)
			de.Attr("fontcolor", st.color)
			de.Attr("fontname", "Helvetica")
			de.Attr("fontsize", "9")
		}
		de.Attr("color", st.color)
		de.Attr("style", st.style)
		de.Attr("arrowhead", st.arrow)
		de.Attr("penwidth", st.width)
		if layout == LayoutDot {
			de.Attr("weight", fmt.Sprint(st.weight))
		}
		de.Attr("URL", graph.SafeURL(string(e.Facts[0].Statement)))
		de.Attr("tooltip", dotString(edgeTooltip(m, e), MaxTooltip))
	}
	if layout == LayoutDot {
		legend(g, used, m, edges)
	} else {
		htmlLegend(g, used, m, edges)
	}
	return g
}

// visibleEdges keeps the facts of each edge with at least the given
// confidence, and the edges left with a fact.
func visibleEdges(edges []graph.Edge, min float64) []graph.Edge {
	if min <= 0 {
		return edges
	}
	var out []graph.Edge
	for _, e := range edges {
		var facts []graph.Fact
		for _, f := range e.Facts {
			if f.Confidence >= min {
				facts = append(facts, f)
			}
		}
		if len(facts) > 0 {
			e.Facts = facts
			out = append(out, e)
		}
	}
	return out
}

// edgeTooltip is the evidence of an edge: each supporting sentence with its
// source and date.
func edgeTooltip(m *graph.Model, e graph.Edge) string {
	var b strings.Builder
	for i, f := range e.Facts {
		if i > 0 {
			b.WriteString("\n")
		}
		src := string(f.Doc)
		if d := m.Docs[f.Doc]; d != nil {
			src = d.Title
			if src == "" {
				src = d.ID
			}
			if d.Published != "" {
				src += ", " + d.Published
			}
		}
		fmt.Fprintf(&b, "“%s” — %s", CleanText(f.Evidence, 300), CleanText(src, 120))
		if f.Date != "" {
			fmt.Fprintf(&b, " (date %s)", f.Date)
		}
		fmt.Fprintf(&b, " [confidence %.2f]", f.Confidence)
	}
	return b.String()
}

// legend adds a cluster explaining the node shapes and edge styles in use.
func legend(g *dot.Graph, used map[quad.IRI]bool, m *graph.Model, edges []graph.Edge) {
	types := map[extract.Type]bool{}
	for iri := range used {
		if n := m.Nodes[iri]; n != nil {
			types[n.Type] = true
		}
	}
	preds := map[extract.Predicate]bool{}
	for _, e := range edges {
		preds[e.Predicate] = true
	}
	if len(types) == 0 {
		return
	}
	lg := g.Subgraph("legend", dot.ClusterOption{})
	lg.Attr("label", "Legend")
	lg.Attr("fontname", "Helvetica")
	lg.Attr("fontsize", "11")
	lg.Attr("style", "rounded")
	lg.Attr("color", "#adb5bd")
	var keys []string
	for t := range types {
		keys = append(keys, string(t))
	}
	sort.Strings(keys)
	var prev dot.Node
	for i, k := range keys {
		st := nodeStyles[extract.Type(k)]
		n := lg.Node("legend:" + k)
		n.Attr("label", k)
		n.Attr("shape", st.shape)
		n.Attr("style", "filled")
		n.Attr("fillcolor", st.fill)
		n.Attr("fontname", "Helvetica")
		n.Attr("fontsize", "10")
		if i > 0 {
			lg.Edge(prev, n).Attr("style", "invis")
		}
		prev = n
	}
	for _, p := range extract.Predicates {
		if !preds[p] {
			continue
		}
		st := edgeStyles[p]
		a := lg.Node("legend:" + string(p) + ":from")
		b := lg.Node("legend:" + string(p) + ":to")
		for _, n := range []dot.Node{a, b} {
			n.Attr("label", "")
			n.Attr("shape", "point")
			n.Attr("width", "0.05")
		}
		e := lg.Edge(a, b)
		e.Attr("label", string(p))
		e.Attr("color", st.color)
		e.Attr("fontcolor", st.color)
		e.Attr("style", st.style)
		e.Attr("arrowhead", st.arrow)
		e.Attr("penwidth", st.width)
		e.Attr("fontname", "Helvetica")
		e.Attr("fontsize", "9")
	}
}
