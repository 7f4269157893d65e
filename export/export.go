package export

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph"
)

// Input is what an exporter writes: the quads and the model built from them.
type Input struct {
	Quads []quad.Quad
	Model *graph.Model
	// Title heads diagrams and names graphs; empty means a default.
	Title string
	// Diagram configures the DOT, SVG and PNG diagrams.
	Diagram DiagramOptions
}

// NewInput builds an Input from quads (sorted in place for deterministic
// output).
func NewInput(quads []quad.Quad, title string) *Input {
	graph.SortQuads(quads)
	return &Input{Quads: quads, Model: graph.NewModel(quads), Title: title}
}

func (in *Input) title() string {
	if in.Title == "" {
		return "newsgraph"
	}
	return in.Title
}

// Format is one export format.
type Format struct {
	Name        string // the --format value
	Ext         string // file extension with the dot
	Description string
	Write       func(ctx context.Context, w io.Writer, in *Input) error
	// Stream, when set, writes the format from quads read one named graph
	// at a time, never holding more than one in memory; for the same
	// quads it writes what Write writes. Formats without it need the
	// whole graph at once (diagrams lay it out, N-Triples and Turtle merge
	// the documents' triples, TriG and JSON-LD choose prefixes and terms
	// from all of it, the graph and table formats count edges).
	Stream func(ctx context.Context, w io.Writer, src GraphSource) error
	// Parts lists the files of a format made of several (csv). Write then
	// writes them as one zip archive; a caller that writes into a directory
	// can write each part as a file of its own.
	Parts []Part
}

// Part is one file of a format made of several.
type Part struct {
	Name  string // file name, such as "nodes.csv"
	Write func(ctx context.Context, w io.Writer, in *Input) error
}

func ignoreCtx(write func(io.Writer, *Input) error) func(context.Context, io.Writer, *Input) error {
	return func(_ context.Context, w io.Writer, in *Input) error { return write(w, in) }
}

// csvParts are the files of the csv format.
var csvParts = []Part{
	{"nodes.csv", ignoreCtx(WriteNodesCSV)},
	{"edges.csv", ignoreCtx(WriteEdgesCSV)},
}

// Formats lists every export format, in the order help text shows them:
// the first four are the original ones, then RDF, then graph and
// notebook formats.
var Formats = []Format{
	{Name: "dot", Ext: ".dot", Description: "Graphviz DOT diagram source", Write: ignoreCtx(WriteDOT)},
	{Name: "nquads", Ext: ".nq", Description: "RDF N-Quads, one named graph per source document", Write: func(ctx context.Context, w io.Writer, in *Input) error { return StreamNQuads(ctx, w, in) }, Stream: StreamNQuads},
	{Name: "png", Ext: ".png", Description: "PNG diagram, rendered in pure Go", Write: WritePNG},
	{Name: "svg", Ext: ".svg", Description: "SVG diagram, rendered in pure Go", Write: WriteSVG},
	{Name: "ntriples", Ext: ".nt", Description: "RDF N-Triples, the triples of all documents merged", Write: ignoreCtx(WriteNTriples)},
	{Name: "turtle", Ext: ".ttl", Description: "RDF Turtle with prefixes, the triples of all documents merged", Write: ignoreCtx(WriteTurtle)},
	{Name: "trig", Ext: ".trig", Description: "RDF TriG, one named graph per source document", Write: ignoreCtx(WriteTriG)},
	{Name: "jsonld", Ext: ".jsonld", Description: "JSON-LD with a compact context, one named graph per source document", Write: ignoreCtx(WriteJSONLD)},
	{Name: "ontology", Ext: ".ttl", Description: "the newsgraph vocabulary (RDFS/OWL, Turtle); ignores the store", Write: ignoreCtx(func(w io.Writer, _ *Input) error { return WriteOntology(w) })},
	{Name: "graphml", Ext: ".graphml", Description: "GraphML with typed attributes, one edge per supporting fact", Write: ignoreCtx(WriteGraphML)},
	{Name: "gexf", Ext: ".gexf", Description: "GEXF 1.2 (Gephi), one edge per supporting fact", Write: ignoreCtx(WriteGEXF)},
	{Name: "csv", Ext: ".zip", Description: "nodes.csv and edges.csv: a zip archive, or two files with -o DIR/", Write: writeZip(csvParts), Parts: csvParts},
	{Name: "nodelink", Ext: ".json", Description: "node-link JSON for networkx (node_link_graph)", Write: ignoreCtx(WriteNodeLink)},
	{Name: "cytoscape", Ext: ".cyjs", Description: "Cytoscape.js elements JSON", Write: ignoreCtx(WriteCytoscape)},
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

// Names returns the format names in the order of [Formats].
func Names() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = f.Name
	}
	return out
}

// zipTime is the modification time of every zip entry, so that the same
// input gives the same archive.
var zipTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// writeZip writes parts as the entries of one zip archive.
func writeZip(parts []Part) func(context.Context, io.Writer, *Input) error {
	return func(ctx context.Context, w io.Writer, in *Input) error {
		zw := zip.NewWriter(w)
		for _, p := range parts {
			f, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, Modified: zipTime})
			if err != nil {
				return fmt.Errorf("write zip entry %s: %w", p.Name, err)
			}
			if err := p.Write(ctx, f, in); err != nil {
				return err
			}
		}
		if err := zw.Close(); err != nil {
			return fmt.Errorf("write zip: %w", err)
		}
		return nil
	}
}
