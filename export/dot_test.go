package export

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-graphviz"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// largeInput is a synthetic graph of about n entities over ten documents:
// people and states signing agreements and attending events, with
// confidences from 0.6 to 0.9.
func largeInput(t testing.TB, n int) *Input {
	t.Helper()
	m, err := graph.NewMinter("")
	if err != nil {
		t.Fatal(err)
	}
	var all = make([]*extract.Result, 10)
	for d := range all {
		text := strings.Repeat("x", 100)
		all[d] = &extract.Result{Doc: &extract.Document{ID: fmt.Sprintf("doc%02d.txt", d), Title: fmt.Sprintf("Report %d", d), Text: text,
			Published: time.Date(2026, 1, 1+d, 0, 0, 0, 0, time.UTC)}, Lang: "en"}
	}
	actors, targets := n*3/4, n/4
	for i := 0; i < actors+targets; i++ {
		typ := extract.Person
		switch {
		case i >= actors && i%5 == 0:
			typ = extract.Event
		case i >= actors:
			typ = extract.Agreement
		case i%3 == 0:
			typ = extract.Country
		}
		name := fmt.Sprintf("%s %03d", typ, i)
		for _, r := range all {
			r.Entities = append(r.Entities, extract.Entity{ID: fmt.Sprintf("e%d", i), Type: typ, Name: name, Key: extract.Slug(name), Mentions: []extract.Span{{Start: 0, End: 1}}})
		}
	}
	for i := 0; i < actors; i++ {
		for k := 0; k < 2; k++ {
			j := actors + (i*7+k*13)%targets
			r := all[(i+k)%len(all)]
			p := extract.Signed
			if r.Entities[j].Type == extract.Event {
				p = extract.Attended
			}
			r.Relations = append(r.Relations, extract.Relation{Subject: fmt.Sprintf("e%d", i), Predicate: p, Object: fmt.Sprintf("e%d", j),
				Modality: extract.Asserted, Confidence: 0.6 + float64((i+k)%4)/10, Cue: "signed", Sentence: "x", Span: extract.Span{Start: 0, End: 10}})
		}
	}
	var qs = graph.DocumentQuads(m, all[0])
	for _, r := range all[1:] {
		qs = append(qs, graph.DocumentQuads(m, r)...)
	}
	return NewInput(qs, "large")
}

// dotVariants are diagram options worth checking with Graphviz.
var dotVariants = []struct {
	name string
	opt  DiagramOptions
}{
	{"default", DiagramOptions{}},
	{"cluster-event", DiagramOptions{Cluster: ClusterEvent}},
	{"cluster-source", DiagramOptions{Cluster: ClusterSource}},
	{"hide-below", DiagramOptions{HideBelow: 0.8}},
	{"sfdp", DiagramOptions{Layout: LayoutSFDP}},
	{"neato", DiagramOptions{Layout: LayoutNeato}},
}

func dotOf(t *testing.T, in *Input, opt DiagramOptions) []byte {
	t.Helper()
	in.Diagram = opt
	var buf bytes.Buffer
	if err := WriteDOT(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDOTVariantsParse checks every diagram option on the sample, hostile
// and a large graph with system dot (exit 0, nothing on stderr) and with
// the pure-Go renderer.
func TestDOTVariantsParse(t *testing.T) {
	ins := map[string]*Input{"seeds": sampleInput(t), "hostile": hostileInput(t), "large": largeInput(t, 240)}
	for _, name := range []string{"seeds", "hostile", "large"} {
		for _, v := range dotVariants {
			if name == "large" && v.name != "default" && v.name != "cluster-source" {
				continue // the layouts are the same code; keep the run short
			}
			t.Run(name+"/"+v.name, func(t *testing.T) {
				src := dotOf(t, ins[name], v.opt)
				if _, err := graphviz.ParseBytes(src); err != nil {
					t.Fatalf("go-graphviz cannot parse: %v", err)
				}
				requireTool(t, "dot")
				path := filepath.Join(t.TempDir(), "g.dot")
				if err := os.WriteFile(path, src, 0o644); err != nil {
					t.Fatal(err)
				}
				run(t, "dot", "-Tsvg", "-o", os.DevNull, path) // dot follows the graph's layout attribute
			})
		}
	}
}

// TestDiagramOptions checks what each option does to the DOT source.
func TestDiagramOptions(t *testing.T) {
	in := sampleInput(t)
	tests := []struct {
		name      string
		in        *Input
		opt       DiagramOptions
		want, not []string
	}{
		{"default small is dot", in, DiagramOptions{}, []string{`rankdir="LR"`, `label="signed"`, "cluster_"}, []string{"layout=", "concentrate"}},
		{"cluster by event", in, DiagramOptions{Cluster: ClusterEvent}, []string{`label="Münchner Sicherheitskonferenz";labeljust="l"`}, nil},
		{"cluster by source", in, DiagramOptions{Cluster: ClusterSource}, []string{`, 2026-02-14";labeljust="l"`}, nil},
		{"hide below", in, DiagramOptions{HideBelow: 0.85}, []string{"signed"}, []string{"attended", "refused"}},
		{"large is sfdp", largeInput(t, 240), DiagramOptions{}, []string{`layout="sfdp"`, `splines="false"`, `outputorder="edgesfirst"`, `shape="plain"`}, []string{`label="signed"`, "cluster_"}},
		{"large dot concentrates", largeInput(t, 240), DiagramOptions{Layout: LayoutDot}, []string{`concentrate="true"`}, []string{"layout="}},
		{"large clustered stays dot", largeInput(t, 240), DiagramOptions{Cluster: ClusterSource}, []string{`concentrate="true"`, `label="Report 0, 2026-01-01"`}, []string{"layout="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := string(dotOf(t, tt.in, tt.opt))
			for _, w := range tt.want {
				if !strings.Contains(src, w) {
					t.Errorf("DOT lacks %s", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(src, n) {
					t.Errorf("DOT has %s", n)
				}
			}
		})
	}
}

func TestParseDiagramOptions(t *testing.T) {
	for _, s := range []string{"", "none", "event", "source"} {
		if _, err := ParseCluster(s); err != nil {
			t.Errorf("ParseCluster(%q): %v", s, err)
		}
	}
	if _, err := ParseCluster("topic"); err == nil || !strings.Contains(err.Error(), "none, event or source") {
		t.Errorf("ParseCluster(topic): %v should list the valid values", err)
	}
	for _, s := range []string{"", "auto", "dot", "sfdp", "neato"} {
		if _, err := ParseLayout(s); err != nil {
			t.Errorf("ParseLayout(%q): %v", s, err)
		}
	}
	if _, err := ParseLayout("circo"); err == nil || !strings.Contains(err.Error(), "auto, dot, sfdp or neato") {
		t.Errorf("ParseLayout(circo): %v should list the valid values", err)
	}
}

// TestPNGStrokesEdges is the regression test for go-graphviz v0.2.9's
// image renderer, which filled every edge spline: curved edges became
// solid slivers, straight ones vanished, filled nodes had no outline. It
// renders a chain a-b-c-d of straight pure red edges and two curved edges
// a-d beside it, and measures the red pixels: with strokes they cover
// about 6% of the box around them and the box spans the chain (about 100
// pixels wide); the old renderer filled about 28% of a 17-pixel-wide box
// (the chain gone).
func TestPNGStrokesEdges(t *testing.T) {
	src := `digraph { node [shape=box style=filled fillcolor="#ffffff" color="#0000ff"];
		edge [color="#ff0000" arrowhead=none penwidth=2];
		a -> b -> c -> d; a -> d; a -> d; }`
	var buf bytes.Buffer
	if err := RenderDOT(context.Background(), &buf, []byte(src), graphviz.PNG); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	red, blue := 0, 0
	var box image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch {
			case r > 0xc000 && g < 0x4000 && bl < 0x4000:
				red++
				box = box.Union(image.Rect(x, y, x+1, y+1))
			case bl > 0xc000 && r < 0x4000 && g < 0x4000:
				blue++
			}
		}
	}
	area := box.Dx() * box.Dy()
	t.Logf("%d red pixels in a %dx%d box, %d blue outline pixels", red, box.Dx(), box.Dy(), blue)
	if red == 0 || area == 0 {
		t.Fatal("no edge drawn")
	}
	if box.Dx() < 60 {
		t.Errorf("red box %d pixels wide: the straight edges are missing", box.Dx())
	}
	if red*100 > area*15 {
		t.Errorf("edges filled: %d red pixels in a box of %d", red, area)
	}
	if blue == 0 {
		t.Error("filled nodes drawn without their outline")
	}
}

// TestRenderLarge renders a graph of hundreds of nodes in pure Go with
// the automatic (sfdp) layout.
func TestRenderLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a large graph")
	}
	in := largeInput(t, 300)
	var buf bytes.Buffer
	start := time.Now()
	if err := WriteSVG(context.Background(), &buf, in); err != nil {
		t.Fatal(err)
	}
	t.Logf("SVG of %d entities in %v", len(in.Model.Nodes), time.Since(start))
	if !bytes.Contains(buf.Bytes(), []byte("<svg")) {
		t.Error("no SVG")
	}
}
