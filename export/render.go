package export

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/goccy/go-graphviz"
)

// WriteSVG renders the diagram of WriteDOT to SVG with Graphviz compiled to
// WebAssembly: no system Graphviz is needed.
func WriteSVG(ctx context.Context, w io.Writer, in *Input) error {
	return render(ctx, w, in, graphviz.SVG)
}

// WritePNG renders the diagram of WriteDOT to PNG, drawn in pure Go (see
// pngRenderer for why not with go-graphviz's own image renderer).
func WritePNG(ctx context.Context, w io.Writer, in *Input) error {
	return render(ctx, w, in, graphviz.PNG)
}

func render(ctx context.Context, w io.Writer, in *Input, format graphviz.Format) error {
	var src bytes.Buffer
	if err := WriteDOT(&src, in); err != nil {
		return err
	}
	return RenderDOT(ctx, w, src.Bytes(), format)
}

// layouts are the Graphviz layout engines a graph's "layout" attribute may
// name; anything else is laid out with dot.
var layouts = map[string]graphviz.Layout{
	"dot": graphviz.DOT, "neato": graphviz.NEATO, "sfdp": graphviz.SFDP, "fdp": graphviz.FDP,
	"circo": graphviz.CIRCO, "twopi": graphviz.TWOPI, "osage": graphviz.OSAGE,
}

// RenderDOT lays out DOT source with the engine its "layout" attribute
// names (dot by default) and writes it in format.
func RenderDOT(ctx context.Context, w io.Writer, src []byte, format graphviz.Format) error {
	var (
		gv  *graphviz.Graphviz
		err error
	)
	if format == graphviz.PNG {
		gv, err = newPNGGraphviz(ctx)
	} else {
		gv, err = graphviz.New(ctx)
	}
	if err != nil {
		return fmt.Errorf("render %s: start graphviz: %w", format, err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return fmt.Errorf("render %s: parse DOT: %w", format, err)
	}
	defer g.Close()
	if l, ok := layouts[g.GetStr("layout")]; ok {
		gv.SetLayout(l)
	}
	var out bytes.Buffer
	if err := gv.Render(ctx, g, format, &out); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	if out.Len() == 0 {
		return fmt.Errorf("render %s: Graphviz wrote nothing", format)
	}
	if _, err := w.Write(out.Bytes()); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	return nil
}
