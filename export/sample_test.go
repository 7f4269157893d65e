package export

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

var (
	sampleOnce  sync.Once
	sampleQuads []quad.Quad
	sampleErr   error
)

// sampleInput returns the sample articles of testdata/seeds as the store
// holds them: extracted, written with Put into a store in a temporary
// directory, and read back. The store is built once per test binary.
func sampleInput(t testing.TB) *Input {
	t.Helper()
	sampleOnce.Do(func() { sampleQuads, sampleErr = buildSample(t) })
	if sampleErr != nil {
		t.Fatalf("build the sample store: %v", sampleErr)
	}
	return NewInput(append([]quad.Quad(nil), sampleQuads...), "seeds")
}

func buildSample(t testing.TB) ([]quad.Quad, error) {
	ctx := context.Background()
	x, err := extract.New(nil, extract.WithRules()) // the facts the rules find in the samples: fixed, whatever the model learns
	if err != nil {
		return nil, err
	}
	dir, err := tempDir()
	if err != nil {
		return nil, err
	}
	st, err := graph.Open(filepath.Join(dir, "sample.db"), graph.Options{})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	err = extract.Walk([]string{filepath.Join("..", "testdata", "seeds")}, nil, func(doc *extract.Document) error {
		res, err := x.Extract(doc)
		if err != nil {
			return err
		}
		_, err = st.Put(ctx, res)
		return err
	}, nil)
	if err != nil {
		return nil, err
	}
	return st.Quads(ctx)
}
