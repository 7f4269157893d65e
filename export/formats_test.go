package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	qjsonld "github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
	"github.com/goccy/go-graphviz"
	"github.com/newsgraph/newsgraph/graph"
)

// parsers check in Go that a format's output parses again, and return a
// count to compare: quads or triples for RDF, nodes+edges for graph
// formats, rows for CSV; -1 when there is nothing to count.
var parsers = map[string]func([]byte) (int, error){
	"nquads":    countNQuads,
	"ntriples":  countNQuads,
	"turtle":    noCount(nonEmpty),
	"trig":      noCount(nonEmpty),
	"ontology":  noCount(nonEmpty),
	"jsonld":    countJSONLD,
	"nodelink":  countJSON("nodes", "links"),
	"cytoscape": countCytoscape,
	"graphml":   countXML("node", "edge"),
	"gexf":      countXML("node", "edge"),
	"csv":       countZipCSV,
	"dot":       noCount(func(b []byte) error { _, err := graphviz.ParseBytes(b); return err }),
	"svg": noCount(func(b []byte) error {
		if !bytes.Contains(b, []byte("<svg")) || bytes.Contains(b, []byte("<img")) {
			return errors.New("no <svg> element, or unescaped markup")
		}
		return wellFormedXML(b)
	}),
	"png": noCount(func(b []byte) error {
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			return errors.New("no PNG signature")
		}
		return nil
	}),
}

func noCount(f func([]byte) error) func([]byte) (int, error) {
	return func(b []byte) (int, error) { return -1, f(b) }
}

func nonEmpty(b []byte) error {
	if len(b) == 0 {
		return errors.New("empty")
	}
	if !strings.Contains(string(b), "@prefix") {
		return errors.New("no prefixes")
	}
	return nil
}

func countNQuads(b []byte) (int, error) {
	r := nquads.NewReader(bytes.NewReader(b), false)
	n := 0
	for {
		_, err := r.ReadQuad()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("quad %d: %w", n+1, err)
		}
		n++
	}
}

// countJSONLD reads JSON-LD with cayley's reader (gojsonld, JSON-LD 1.0).
func countJSONLD(b []byte) (int, error) {
	if !json.Valid(b) {
		return 0, errors.New("not JSON")
	}
	r := qjsonld.NewReader(bytes.NewReader(b))
	n := 0
	for {
		_, err := r.ReadQuad()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("quad %d: %w", n+1, err)
		}
		n++
	}
}

func countJSON(keys ...string) func([]byte) (int, error) {
	return func(b []byte) (int, error) {
		var v map[string][]json.RawMessage
		dec := json.NewDecoder(bytes.NewReader(b))
		var raw map[string]json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return 0, err
		}
		n := 0
		v = map[string][]json.RawMessage{}
		for _, k := range keys {
			var list []json.RawMessage
			if err := json.Unmarshal(raw[k], &list); err != nil {
				return 0, fmt.Errorf("%s: %w", k, err)
			}
			v[k] = list
			n += len(list)
		}
		return n, nil
	}
}

func countCytoscape(b []byte) (int, error) {
	var v struct {
		Elements struct {
			Nodes, Edges []struct{ Data map[string]any }
		}
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return 0, err
	}
	for _, e := range v.Elements.Edges {
		for _, k := range []string{"id", "source", "target", "relation", "confidence", "quote", "document"} {
			if _, ok := e.Data[k]; !ok {
				return 0, fmt.Errorf("edge without %s", k)
			}
		}
	}
	return len(v.Elements.Nodes) + len(v.Elements.Edges), nil
}

func wellFormedXML(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func countXML(node, edge string) func([]byte) (int, error) {
	return func(b []byte) (int, error) {
		d := xml.NewDecoder(bytes.NewReader(b))
		d.Strict = true
		n := 0
		for {
			tok, err := d.Token()
			if err == io.EOF {
				return n, nil
			}
			if err != nil {
				return n, err
			}
			if se, ok := tok.(xml.StartElement); ok && (se.Name.Local == node || se.Name.Local == edge) {
				n++
			}
		}
	}
}

func countZipCSV(b []byte) (int, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		rows, err := csv.NewReader(rc).ReadAll()
		rc.Close()
		if err != nil {
			return 0, fmt.Errorf("%s: %w", f.Name, err)
		}
		n += len(rows) - 1 // the header
	}
	return n, nil
}

// wantCount is what parsers should count for a format.
func wantCount(name string, in *Input) int {
	switch name {
	case "nquads", "jsonld":
		return len(RDFQuads(in))
	case "ntriples":
		return len(triples(RDFQuads(in)))
	case "nodelink", "cytoscape", "graphml", "gexf", "csv":
		t := newTable(in)
		return len(t.nodes) + len(t.edges)
	}
	return -1
}

// TestEveryFormat writes the sample and the hostile graph in every format,
// twice, and checks that the bytes are the same and parse again in Go
// with everything in them.
func TestEveryFormat(t *testing.T) {
	for _, tc := range inputs {
		for _, f := range Formats {
			t.Run(tc.name+"/"+f.Name, func(t *testing.T) {
				ctx := context.Background()
				var a, b bytes.Buffer
				if err := f.Write(ctx, &a, tc.in(t)); err != nil {
					t.Fatal(err)
				}
				if err := f.Write(ctx, &b, tc.in(t)); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Error("same input, different output")
				}
				parse := parsers[f.Name]
				if parse == nil {
					t.Fatalf("no parser for %s in this test", f.Name)
				}
				n, err := parse(a.Bytes())
				if err != nil {
					t.Fatalf("output does not parse: %v", err)
				}
				if want := wantCount(f.Name, tc.in(t)); n != want {
					t.Errorf("parsed %d items, want %d", n, want)
				}
				if f.Name != "png" && f.Name != "csv" && bytes.ContainsRune(a.Bytes(), 0) {
					t.Error("raw NUL in the output")
				}
			})
		}
	}
}

// TestGolden compares the small golden graph in every text format with
// testdata/golden.*; go test ./export -update refreshes them.
func TestGolden(t *testing.T) {
	for _, f := range Formats {
		if f.Name == "png" || f.Name == "svg" || f.Name == "ontology" {
			continue // rendered, or not from the input
		}
		t.Run(f.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.Write(context.Background(), &buf, goldenInput(t)); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden"+f.Ext)
			if f.Name == "csv" {
				golden = filepath.Join("testdata", "golden.csv.zip")
			}
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./export -update to create it)", err)
			}
			if !bytes.Equal(want, buf.Bytes()) {
				t.Errorf("%s output differs from %s (go test ./export -update refreshes it):\n%s", f.Name, golden, truncate(buf.String(), 3000))
			}
		})
	}
}

func goldenInput(t *testing.T) *Input {
	m, err := graph.NewMinter("")
	if err != nil {
		t.Fatal(err)
	}
	return NewInput(graph.DocumentQuads(m, result("golden.txt", []string{"Ana Lima", "Pacto de Lima", "Rui Costa", "Acordo de Porto"})), "golden")
}

// TestAnnotationQuads checks the Web Annotation of a statement: a
// TextPositionSelector with the statement's offsets and a
// TextQuoteSelector with its sentence, in the statement's graph.
func TestAnnotationQuads(t *testing.T) {
	in := goldenInput(t)
	f := in.Model.Facts[0]
	got := map[string]quad.Value{}
	for _, q := range AnnotationQuads(in.Model) {
		if q.Label != f.Doc {
			t.Errorf("annotation quad %v outside the document's graph", q)
		}
		if strings.HasPrefix(string(q.Subject.(quad.IRI)), string(f.Statement)) {
			got[strings.TrimPrefix(string(q.Subject.(quad.IRI)), string(f.Statement))+" "+string(q.Predicate.(quad.IRI))] = q.Object
		}
	}
	want := map[string]quad.Value{
		" " + graph.RDF + "type":      oaAnnotation,
		" " + OA + "hasTarget":        f.Statement + "#target",
		"#target " + OA + "hasSource": f.Doc,
		"#position " + OA + "start":   nonNegative(f.Start),
		"#position " + OA + "end":     nonNegative(f.End),
		"#quote " + OA + "exact":      quad.String(f.Evidence),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %v, want %v", k, got[k], v)
		}
	}
}

func TestValidLocal(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"karsten-wildberger", true},
		{"0d6b11433c3abe3ac900663b", true},
		{"0d6b#target", true},
		{"Pacto%20de%20Lima", true},
		{"Q183", true},
		{"", false},
		{"-lead", false},
		{"trail.", false},
		{"a.b", true},
		{"%2", false},
		{"%zz", false},
		{"a/b", false},
		{"a:b", false},
		{"münchen", false},
		{"#x", false},
	}
	for _, tt := range tests {
		if got := validLocal(tt.s); got != tt.want {
			t.Errorf("validLocal(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestMintedPrefixes checks that minted namespaces get prefixes only when
// they are safe and unambiguous.
func TestMintedPrefixes(t *testing.T) {
	q := func(s string) quad.Quad {
		return quad.Quad{Subject: quad.IRI(s), Predicate: quad.IRI(graph.RDFS + "label"), Object: quad.String("x")}
	}
	px := newPrefixes([]quad.Quad{
		q("https://a.invalid/id/person/x"),
		q("https://a.invalid/id/label/x"), // a JSON-LD term name
		q("https://a.invalid/id/place/x"), // two bases: ambiguous
		q("https://b.invalid/id/place/y"),
		q("https://a.invalid/id/9lives/x"), // not a prefix name
		q("https://a.invalid/id/doc/abc"),
	})
	var got []string
	for _, ns := range px.used {
		got = append(got, ns.prefix)
	}
	if want := "rdfs doc person"; strings.Join(got, " ") != want {
		t.Errorf("prefixes %q, want %q", got, want)
	}
	if c := px.compact("https://a.invalid/id/place/x"); c != "" {
		t.Errorf("ambiguous namespace compacted: %s", c)
	}
	if c := px.compact("https://a.invalid/id/person/a b"); c != "person:a%20b" {
		t.Errorf("IRI with a space compacted to %q, want its escaped form", c)
	}
	if c := px.compact("https://a.invalid/id/person/münchen"); c != "" {
		t.Errorf("non-ASCII local name compacted: %s", c)
	}
}

// TestTableColumns checks that GraphML, GEXF and CSV carry the same
// attributes.
func TestTableColumns(t *testing.T) {
	in := goldenInput(t)
	var nodes, edges, gml bytes.Buffer
	if err := WriteNodesCSV(&nodes, in); err != nil {
		t.Fatal(err)
	}
	if err := WriteEdgesCSV(&edges, in); err != nil {
		t.Fatal(err)
	}
	if err := WriteGraphML(&gml, in); err != nil {
		t.Fatal(err)
	}
	nh, _ := csv.NewReader(&nodes).Read()
	eh, _ := csv.NewReader(&edges).Read()
	if strings.Join(nh, ",") != strings.Join(NodeColumns, ",") || strings.Join(eh, ",") != strings.Join(EdgeColumns, ",") {
		t.Errorf("CSV headers %q, %q", nh, eh)
	}
	for _, c := range append(append([]string(nil), NodeColumns[1:]...), EdgeColumns[3:]...) {
		if !strings.Contains(gml.String(), `attr.name="`+c+`"`) {
			t.Errorf("GraphML has no key for %s", c)
		}
	}
}
