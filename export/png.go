package export

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/fogleman/gg"
	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/cgraph"
	"github.com/goccy/go-graphviz/gvc"

	"github.com/golang/freetype/truetype"
	"github.com/newsgraph/newsgraph/internal/rendercache"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// go-graphviz compiled Graphviz while the packages were initialised, with
// TMPDIR pointed at a private cache by rendercache; the rest of the
// program sees TMPDIR as it was.
func init() { rendercache.Restore() }

// pngRenderer draws Graphviz's PNG output in pure Go. It replaces
// go-graphviz v0.2.9's own image renderer, which receives every shape with
// the "filled" flag set (the flag does not survive its WebAssembly bridge):
// that renderer fills edge splines, so curved edges become solid polygons
// and straight ones vanish, and it never outlines filled nodes.
//
// This renderer decides from the object being drawn instead: edge splines
// and polylines are stroked, never filled; arrowheads are filled unless
// the edge's arrow is an open one ("empty", "o..."); node and cluster
// shapes are filled when their style says so (the object state's fill
// type, which does cross the bridge) and always outlined; the page
// background is filled. Text is drawn with the Go fonts, embedded, so
// output does not depend on the fonts installed.
type pngRenderer struct {
	*gvc.DefaultRenderEngine
	dc    *gg.Context
	faces map[faceKey]font.Face // not shared: a face caches glyphs unsafely
}

// newPNGGraphviz returns a Graphviz context whose "png" output is drawn by
// pngRenderer.
func newPNGGraphviz(ctx context.Context) (*graphviz.Graphviz, error) {
	rp, err := gvc.NewRenderPlugin(ctx, "png", &pngRenderer{DefaultRenderEngine: new(gvc.DefaultRenderEngine)})
	if err != nil {
		return nil, fmt.Errorf("png renderer: %w", err)
	}
	dp, err := gvc.PNGDevicePlugin(ctx)
	if err != nil {
		return nil, fmt.Errorf("png device: %w", err)
	}
	return graphviz.NewWithPlugins(ctx, rp, dp)
}

// BeginPage starts a canvas the size of the page.
func (r *pngRenderer) BeginPage(_ context.Context, job *gvc.Job) error {
	r.dc = gg.NewContext(int(job.Width()), int(job.Height()))
	t, s := job.Translation(), job.Scale()
	r.dc.Translate(s.X()*t.X(), -s.Y()*t.Y())
	return nil
}

// EndPage encodes the canvas as the job's output.
func (r *pngRenderer) EndPage(_ context.Context, job *gvc.Job) error {
	var buf bytes.Buffer
	if err := r.dc.EncodePNG(&buf); err != nil {
		return fmt.Errorf("encode PNG: %w", err)
	}
	job.SetOutputData(buf.Bytes())
	job.SetOutputDataPosition(uint(buf.Len()))
	return nil
}

// pt converts a Graphviz point (y up) to canvas coordinates (y down).
func (r *pngRenderer) pt(job *gvc.Job, p *gvc.PointFloat) (x, y float64) {
	s := job.Scale()
	return s.X() * p.X(), -s.Y() * p.Y()
}

// fills reports whether the current shape is to be filled.
func fills(job *gvc.Job) bool {
	o := job.Object()
	switch o.Type() {
	case gvc.RootGraphObjectType:
		return true // the page background
	case gvc.EdgeObjectType:
		return !openArrow(o.Edge())
	default:
		return o.Fill() != gvc.FillNone
	}
}

// openArrow reports whether an edge's arrowheads are drawn open.
func openArrow(e *cgraph.Edge) bool {
	if e == nil {
		return false
	}
	name := e.GetStr("arrowhead")
	if e.GetStr("dir") == "back" {
		name = e.GetStr("arrowtail")
	}
	name = strings.TrimLeft(name, "lr")
	return name == "empty" || name == "invempty" || name == "ediamond" || strings.HasPrefix(name, "o") && name != "open"
}

func setColor(dc *gg.Context, c *gvc.Color) bool {
	v := c.RGBAUint()
	if v[3] == 0 {
		return false
	}
	dc.SetRGBA255(int(v[0]), int(v[1]), int(v[2]), int(v[3]))
	return true
}

// paint fills (when fill) and outlines the current path, then clears it.
func (r *pngRenderer) paint(job *gvc.Job, fill, stroke bool) {
	o := job.Object()
	if fill && setColor(r.dc, o.FillColor()) {
		r.dc.FillPreserve()
	}
	if stroke && o.Pen() != gvc.PenNone && setColor(r.dc, o.PenColor()) {
		s := job.Scale().X()
		r.dc.SetLineWidth(o.PenWidth() * s)
		switch o.Pen() {
		case gvc.PenDashed:
			r.dc.SetDash(5*s, 2*s)
		case gvc.PenDotted:
			r.dc.SetDash(1*s, 5*s)
		default:
			r.dc.SetDash()
		}
		r.dc.StrokePreserve()
		r.dc.SetDash()
	}
	r.dc.ClearPath()
}

// Ellipse draws an ellipse given by its centre and a corner.
func (r *pngRenderer) Ellipse(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, _ bool) error {
	if len(p) < 2 {
		return nil
	}
	cx, cy := r.pt(job, p[0])
	ex, ey := r.pt(job, p[1])
	r.dc.NewSubPath()
	r.dc.DrawEllipse(cx, cy, abs(ex-cx), abs(ey-cy))
	r.paint(job, fills(job), true)
	return nil
}

// Polygon draws a closed polygon.
func (r *pngRenderer) Polygon(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, _ bool) error {
	if len(p) == 0 {
		return nil
	}
	r.path(job, p)
	r.dc.ClosePath()
	r.paint(job, fills(job), true)
	return nil
}

// Polyline strokes connected line segments.
func (r *pngRenderer) Polyline(_ context.Context, job *gvc.Job, p []*gvc.PointFloat) error {
	if len(p) == 0 {
		return nil
	}
	r.path(job, p)
	r.paint(job, false, true)
	return nil
}

// BezierCurve draws a cubic B-spline: stroked for edges, filled and
// outlined for shapes with rounded corners.
func (r *pngRenderer) BezierCurve(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, _ bool) error {
	if len(p) == 0 {
		return nil
	}
	x, y := r.pt(job, p[0])
	r.dc.NewSubPath()
	r.dc.MoveTo(x, y)
	for i := 1; i+2 < len(p); i += 3 {
		x1, y1 := r.pt(job, p[i])
		x2, y2 := r.pt(job, p[i+1])
		x3, y3 := r.pt(job, p[i+2])
		r.dc.CubicTo(x1, y1, x2, y2, x3, y3)
	}
	fill := job.Object().Type() != gvc.EdgeObjectType && fills(job)
	r.paint(job, fill, true)
	return nil
}

func (r *pngRenderer) path(job *gvc.Job, p []*gvc.PointFloat) {
	x, y := r.pt(job, p[0])
	r.dc.NewSubPath()
	r.dc.MoveTo(x, y)
	for _, q := range p[1:] {
		x, y := r.pt(job, q)
		r.dc.LineTo(x, y)
	}
}

// TextSpan draws one line of text on its baseline.
func (r *pngRenderer) TextSpan(_ context.Context, job *gvc.Job, p *gvc.PointFloat, span *gvc.TextSpan) error {
	f := span.Font()
	size := f.Size() * job.Scale().X()
	if size <= 0 {
		return nil
	}
	face, err := r.face(strings.Contains(strings.ToLower(f.Name()), "bold"), size)
	if err != nil {
		return err
	}
	if !setColor(r.dc, job.Object().PenColor()) {
		return nil
	}
	r.dc.SetFontFace(face)
	x, y := r.pt(job, p)
	w, _ := r.dc.MeasureString(span.Text())
	switch span.Just() {
	case 'r':
		x -= w
	case 'l':
	default:
		x -= w / 2
	}
	r.dc.DrawString(span.Text(), x, y)
	return nil
}

// The Go fonts, parsed once; a parsed font is read-only.
var (
	fontOnce          sync.Once
	fontReg, fontBold *truetype.Font
	fontErr           error
)

type faceKey struct {
	bold bool
	size float64
}

// face returns a Go font face of the given pixel size.
func (r *pngRenderer) face(bold bool, size float64) (font.Face, error) {
	fontOnce.Do(func() {
		if fontReg, fontErr = truetype.Parse(goregular.TTF); fontErr != nil {
			return
		}
		fontBold, fontErr = truetype.Parse(gobold.TTF)
	})
	if fontErr != nil {
		return nil, fmt.Errorf("load Go fonts: %w", fontErr)
	}
	k := faceKey{bold, size}
	if f, ok := r.faces[k]; ok {
		return f, nil
	}
	if r.faces == nil {
		r.faces = map[faceKey]font.Face{}
	}
	ft := fontReg
	if bold {
		ft = fontBold
	}
	f := truetype.NewFace(ft, &truetype.Options{Size: size, Hinting: font.HintingNone})
	r.faces[k] = f
	return f, nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
