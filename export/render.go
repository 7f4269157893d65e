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

// WritePNG renders the diagram of WriteDOT to PNG.
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

// RenderDOT lays out DOT source with the dot layout and writes it in format.
func RenderDOT(ctx context.Context, w io.Writer, src []byte, format graphviz.Format) error {
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("render %s: start graphviz: %w", format, err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return fmt.Errorf("render %s: parse DOT: %w", format, err)
	}
	defer g.Close()
	var out bytes.Buffer
	if err := gv.Render(ctx, g, format, &out); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	if _, err := w.Write(out.Bytes()); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	return nil
}
