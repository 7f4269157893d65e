package extract_test

import (
	"bytes"
	"path/filepath"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

// TestExtractIndependentOfHistory checks that an Extractor's word caches,
// kept from one document to the next, never change a result: every
// document extracts the same by a fresh extractor, by one that has seen
// all the others (in reverse order), and by one shared by goroutines.
func TestExtractIndependentOfHistory(t *testing.T) {
	var docs []*extract.Document
	err := extract.Walk([]string{filepath.Join("..", "testdata", "seeds"), filepath.Join("..", "testdata", "dev", "docs")}, nil,
		func(d *extract.Document) error { docs = append(docs, d); return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	render := func(x *extract.Extractor, d *extract.Document) string {
		res, err := x.Extract(d)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := extract.WriteJSONL(&b, res); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	fresh := make([]string, len(docs))
	for i, d := range docs {
		x, err := extract.New(nil)
		if err != nil {
			t.Fatal(err)
		}
		fresh[i] = render(x, d)
	}
	warm, err := extract.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(docs) - 1; i >= 0; i-- {
		if got := render(warm, docs[i]); got != fresh[i] {
			t.Errorf("%s: extraction after the other documents differs", docs[i].ID)
		}
	}
	var wg sync.WaitGroup
	got := make([]string, len(docs))
	for i, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := warm.Extract(d)
			if err != nil {
				return
			}
			var b bytes.Buffer
			extract.WriteJSONL(&b, res)
			got[i] = b.String()
		}()
	}
	wg.Wait()
	for i := range docs {
		if got[i] != fresh[i] {
			t.Errorf("%s: concurrent extraction differs", docs[i].ID)
		}
	}
}
