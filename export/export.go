// Package export writes a newsgraph graph in the formats people draw and
// load it with: Graphviz DOT, SVG and PNG diagrams rendered in pure Go, and
// RDF N-Quads.
//
// Exporters consume quads or the [graph.Model] built from them; they never
// open a store. Formats are chosen from an explicit registry, [Formats].
package export

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph"
)

// Input is what an exporter writes: the quads and the model built from them.
type Input struct {
	Quads []quad.Quad
	Model *graph.Model
	// Title heads diagrams; empty means a default.
	Title string
}

// NewInput builds an Input from quads (sorted in place for deterministic
// output).
func NewInput(quads []quad.Quad, title string) *Input {
	graph.SortQuads(quads)
	return &Input{Quads: quads, Model: graph.NewModel(quads), Title: title}
}

// Format is one export format.
type Format struct {
	Name        string // the --format value
	Ext         string // file extension with the dot
	Description string
	Write       func(ctx context.Context, w io.Writer, in *Input) error
}

// Formats lists every export format, in the order help text shows them.
var Formats = []Format{
	{"dot", ".dot", "Graphviz DOT diagram source", func(_ context.Context, w io.Writer, in *Input) error { return WriteDOT(w, in) }},
	{"svg", ".svg", "SVG diagram, rendered in pure Go", WriteSVG},
	{"png", ".png", "PNG diagram, rendered in pure Go", WritePNG},
	{"nquads", ".nq", "RDF N-Quads, one named graph per source document", func(_ context.Context, w io.Writer, in *Input) error { return WriteNQuads(w, in.Quads) }},
}

// Lookup returns the format with the given name, or an error that lists the
// valid names.
func Lookup(name string) (Format, error) {
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown format %q: want one of %s", name, strings.Join(Names(), ", "))
}

// Names returns the format names.
func Names() []string {
	var out []string
	for _, f := range Formats {
		out = append(out, f.Name)
	}
	sort.Strings(out)
	return out
}
