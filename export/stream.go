package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph"
)

// GraphSource passes quads on one named graph at a time: the quads of
// each graph name, in the order of the names' N-Quads form, the default
// graph first. [*graph.Store] is one that reads a store document by
// document; [*Input] is one over quads in memory.
type GraphSource interface {
	EachGraph(ctx context.Context, fn func(name quad.Value, quads []quad.Quad) error) error
}

var (
	_ GraphSource = (*graph.Store)(nil)
	_ GraphSource = (*Input)(nil)
)

// EachGraph calls fn with the quads of each graph name of in.Quads, in
// the order of [GraphSource], and stops at fn's first error.
func (in *Input) EachGraph(ctx context.Context, fn func(name quad.Value, quads []quad.Quad) error) error {
	byName := map[quad.Value][]quad.Quad{}
	var names []quad.Value
	for _, q := range in.Quads {
		if _, ok := byName[q.Label]; !ok {
			names = append(names, q.Label)
		}
		byName[q.Label] = append(byName[q.Label], q)
	}
	key := func(v quad.Value) string {
		if v == nil {
			return ""
		}
		return v.String()
	}
	sort.Slice(names, func(i, j int) bool { return key(names[i]) < key(names[j]) })
	for _, n := range names {
		if err := fn(n, byName[n]); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// StreamNQuads writes the RDF of src as N-Quads, one named graph after
// the other: each graph's quads together with the Web Annotation
// description of its statements ([RDFQuads] of the graph), sorted. It
// holds one graph in memory at a time, so a store of any size is written
// in the memory of its largest document; the output is the same whether
// src reads a store or quads in memory.
func StreamNQuads(ctx context.Context, w io.Writer, src GraphSource) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	err := src.EachGraph(ctx, func(_ quad.Value, quads []quad.Quad) error {
		qs := RDFQuads(&Input{Quads: quads, Model: graph.NewModel(quads)})
		if err := WriteNQuads(bw, qs); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write N-Quads: %w", err)
	}
	return nil
}
