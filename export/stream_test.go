package export

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// TestNQuadsByGraph checks the order of N-Quads exports: one named graph
// after the other, by name, each written as RDFQuads writes it, and
// together exactly the quads of RDFQuads of the whole input.
func TestNQuadsByGraph(t *testing.T) {
	in := sampleInput(t)
	f, err := Lookup("nquads")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := f.Write(context.Background(), &got, in); err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if err := WriteNQuads(&whole, RDFQuads(in)); err != nil {
		t.Fatal(err)
	}
	lines := func(b *bytes.Buffer) []string {
		l := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		slices.Sort(l)
		return l
	}
	if g, w := lines(&got), lines(&whole); !slices.Equal(g, w) {
		t.Errorf("the export holds %d lines, RDFQuads of the whole input %d", len(g), len(w))
	}

	r := nquads.NewReader(bytes.NewReader(got.Bytes()), false)
	var graphs []string
	var prev quad.Quad
	for {
		q, err := r.ReadQuad()
		if err != nil {
			break
		}
		name := q.Label.String()
		if len(graphs) == 0 || graphs[len(graphs)-1] != name {
			if slices.Contains(graphs, name) {
				t.Fatalf("graph %s comes twice", name)
			}
			graphs = append(graphs, name)
		} else if quadKey(q) < quadKey(prev) {
			t.Errorf("in graph %s, %v comes after %v", name, q, prev)
		}
		prev = q
	}
	if len(graphs) < 5 || !slices.IsSorted(graphs) {
		t.Errorf("graphs %q: want the five documents, sorted", graphs)
	}
}

// quadKey is the key sortQuads orders a graph's quads by.
func quadKey(q quad.Quad) string {
	k := func(v quad.Value) string {
		if iri, ok := v.(quad.IRI); ok {
			return "<" + string(iri)
		}
		return v.String()
	}
	return k(q.Subject) + "\x00" + k(q.Predicate) + "\x00" + k(q.Object)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errFull }

var errFull = bytesError("no space left on device")

type bytesError string

func (e bytesError) Error() string { return string(e) }

// TestStreamNQuadsErrors checks that a write error and a source's error
// reach the caller.
func TestStreamNQuadsErrors(t *testing.T) {
	in := sampleInput(t)
	if err := StreamNQuads(context.Background(), failingWriter{}, in); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Errorf("writing to a full disk: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := StreamNQuads(ctx, &bytes.Buffer{}, in); err == nil {
		t.Errorf("a cancelled export returned no error")
	}
}
