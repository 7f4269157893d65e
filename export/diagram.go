package export

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/emicklei/dot"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// DiagramOptions configure the diagrams (DOT, SVG, PNG). The zero value
// draws every asserted fact with the dot layout, unclustered.
type DiagramOptions struct {
	// Cluster groups the nodes in boxes.
	Cluster Cluster
	// HideBelow hides the facts with a lower confidence, and the edges and
	// nodes left without one. Unlike a [graph.Filter], the facts stay in
	// every other format.
	HideBelow float64
	// Layout chooses the Graphviz layout.
	Layout Layout
}

// Cluster is how a diagram groups its nodes.
type Cluster string

// The ways to cluster a diagram. Clusters need the dot layout (sfdp and
// neato ignore them), so LayoutAuto keeps dot when clustering.
const (
	// ClusterNone draws no clusters.
	ClusterNone Cluster = ""
	// ClusterEvent boxes each event with the entities whose edges lead to
	// it most often (an entity at two summits joins the one with more
	// edges; ties go to the event sorted first); an entity without an edge
	// to an event (an agreement signed there) joins the event most of its
	// neighbours joined.
	ClusterEvent Cluster = "event"
	// ClusterSource boxes the entities by the source document that
	// supports most of their drawn facts (ties: the earlier publication,
	// then the document IRI); the box is labelled with the document's
	// title and date.
	ClusterSource Cluster = "source"
)

// ParseCluster reads "none" (or ""), "event" or "source".
func ParseCluster(s string) (Cluster, error) {
	switch s {
	case "", "none":
		return ClusterNone, nil
	case "event", "source":
		return Cluster(s), nil
	}
	return "", fmt.Errorf("unknown clustering %q: want none, event or source", s)
}

// Layout is a Graphviz layout engine.
type Layout string

// The layouts a diagram can ask for.
const (
	// LayoutAuto uses dot below LargeGraph nodes or when clustering, sfdp
	// otherwise.
	LayoutAuto Layout = ""
	// LayoutDot ranks the graph left to right (actors, then what they
	// signed or attended). Large graphs get concentrated edges and tighter
	// ranks.
	LayoutDot Layout = "dot"
	// LayoutSFDP is the scalable force-directed layout for hundreds or
	// thousands of nodes: straight edges drawn under the nodes, overlaps
	// removed.
	LayoutSFDP Layout = "sfdp"
	// LayoutNeato is the spring model layout, with the same attributes.
	LayoutNeato Layout = "neato"
)

// LargeGraph is the number of drawn nodes from which a diagram counts as
// large: LayoutAuto switches to sfdp, edge labels are left out (colour and
// legend give the relation, the tooltip the evidence) and node labels are
// shorter.
const LargeGraph = 150

// ParseLayout reads "auto" (or ""), "dot", "sfdp" or "neato".
func ParseLayout(s string) (Layout, error) {
	switch s {
	case "", "auto":
		return LayoutAuto, nil
	case "dot", "sfdp", "neato":
		return Layout(s), nil
	}
	return "", fmt.Errorf("unknown layout %q: want auto, dot, sfdp or neato", s)
}

// layout resolves LayoutAuto for a diagram of n nodes.
func (o DiagramOptions) layout(n int) Layout {
	if o.Layout != LayoutAuto {
		return o.Layout
	}
	if n >= LargeGraph && o.Cluster == ClusterNone {
		return LayoutSFDP
	}
	return LayoutDot
}

// clusters creates the cluster subgraphs of g and returns the cluster each
// clustered node belongs to.
func clusters(g *dot.Graph, m *graph.Model, edges []graph.Edge, by Cluster) map[quad.IRI]*dot.Graph {
	// votes[node][anchor] counts the facts tying a node to a cluster anchor.
	votes := map[quad.IRI]map[quad.IRI]int{}
	vote := func(n, anchor quad.IRI, k int) {
		if votes[n] == nil {
			votes[n] = map[quad.IRI]int{}
		}
		votes[n][anchor] += k
	}
	var less func(a, b quad.IRI) bool
	var label func(a quad.IRI) string
	switch by {
	case ClusterEvent:
		isEvent := func(e quad.IRI) bool { n := m.Nodes[e]; return n != nil && n.Type == extract.Event }
		for _, e := range edges {
			for _, end := range []quad.IRI{e.Subject, e.Object} {
				if isEvent(end) {
					vote(end, end, 1<<20) // an event anchors its own cluster
				}
			}
			if isEvent(e.Object) && !isEvent(e.Subject) {
				vote(e.Subject, e.Object, len(e.Facts))
			}
			if isEvent(e.Subject) && !isEvent(e.Object) {
				vote(e.Object, e.Subject, len(e.Facts))
			}
		}
		// Second pass: an entity with no edge to an event (an agreement)
		// joins the event most of its neighbours joined.
		direct := map[quad.IRI]bool{}
		for n := range votes {
			direct[n] = true
		}
		for _, e := range edges {
			for _, pair := range [][2]quad.IRI{{e.Subject, e.Object}, {e.Object, e.Subject}} {
				n, nb := pair[0], pair[1]
				if direct[n] || !direct[nb] || isEvent(nb) {
					continue
				}
				if ev := bestVote(votes[nb], nil); ev != "" {
					vote(n, ev, len(e.Facts))
				}
			}
		}
		label = func(a quad.IRI) string { return m.Nodes[a].Label }
		less = func(a, b quad.IRI) bool {
			if la, lb := label(a), label(b); la != lb {
				return la < lb
			}
			return a < b
		}
	case ClusterSource:
		for _, e := range edges {
			for _, f := range e.Facts {
				vote(e.Subject, f.Doc, 1)
				vote(e.Object, f.Doc, 1)
			}
		}
		label = func(a quad.IRI) string {
			d := m.Docs[a]
			if d == nil {
				return string(a)
			}
			t := d.Title
			if t == "" {
				t = d.ID
			}
			t = CleanText(t, 60)
			if d.Published != "" {
				t += ", " + d.Published
			}
			return t
		}
		less = func(a, b quad.IRI) bool {
			var pa, pb string
			if d := m.Docs[a]; d != nil {
				pa = d.Published
			}
			if d := m.Docs[b]; d != nil {
				pb = d.Published
			}
			if pa != pb {
				return pa < pb
			}
			return a < b
		}
	default:
		return nil
	}
	member := map[quad.IRI]quad.IRI{}
	anchors := map[quad.IRI]bool{}
	for n, vs := range votes {
		best := bestVote(vs, less)
		member[n] = best
		anchors[best] = true
	}
	ordered := make([]quad.IRI, 0, len(anchors))
	for a := range anchors {
		ordered = append(ordered, a)
	}
	sort.Slice(ordered, func(i, j int) bool { return less(ordered[i], ordered[j]) })
	subs := map[quad.IRI]*dot.Graph{}
	for i, a := range ordered {
		sub := g.Subgraph(fmt.Sprintf("c%05d", i), dot.ClusterOption{})
		sub.Attr("label", dotString(label(a), 80))
		sub.Attr("labeljust", "l")
		sub.Attr("fontname", "Helvetica")
		sub.Attr("fontsize", "12")
		sub.Attr("style", "rounded,filled")
		sub.Attr("fillcolor", "#f8f9fa")
		sub.Attr("color", "#ced4da")
		subs[a] = sub
	}
	out := map[quad.IRI]*dot.Graph{}
	for n, a := range member {
		out[n] = subs[a]
	}
	return out
}

// bestVote returns the anchor with most votes; ties go to the one less
// orders first (by IRI when less is nil).
func bestVote(vs map[quad.IRI]int, less func(a, b quad.IRI) bool) quad.IRI {
	if less == nil {
		less = func(a, b quad.IRI) bool { return a < b }
	}
	var best quad.IRI
	for a, k := range vs {
		if best == "" || k > vs[best] || k == vs[best] && less(a, best) {
			best = a
		}
	}
	return best
}

// htmlLegend adds the legend as one node with an HTML table, for layouts
// without clusters.
func htmlLegend(g *dot.Graph, used map[quad.IRI]bool, m *graph.Model, edges []graph.Edge) {
	types := map[extract.Type]bool{}
	for iri := range used {
		if n := m.Nodes[iri]; n != nil {
			types[n.Type] = true
		}
	}
	if len(types) == 0 {
		return
	}
	preds := map[extract.Predicate]bool{}
	for _, e := range edges {
		preds[e.Predicate] = true
	}
	var b strings.Builder
	b.WriteString(`<table border="0" cellborder="1" cellspacing="0" cellpadding="3"><tr><td colspan="2">Legend</td></tr>`)
	for _, t := range extract.Types {
		if !types[t] {
			continue
		}
		st := nodeStyles[t]
		fmt.Fprintf(&b, `<tr><td bgcolor="%s">%s</td><td>%s</td></tr>`, st.fill, t, st.shape)
	}
	for _, p := range extract.Predicates {
		if !preds[p] {
			continue
		}
		st := edgeStyles[p]
		fmt.Fprintf(&b, `<tr><td><font color="%s">%s</font></td><td><font color="%s">%s %s</font></td></tr>`, st.color, p, st.color, st.style, st.arrow)
	}
	b.WriteString(`</table>`)
	n := g.Node("legend")
	n.Attr("shape", "plain")
	n.Attr("fontname", "Helvetica")
	n.Attr("fontsize", "10")
	n.Attr("label", dot.HTML(b.String()))
}
