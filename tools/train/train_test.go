package main

import (
	"bytes"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/gold"
)

// TestTrainingIsReproducible trains twice on the same documents: the
// tagger and model files must be the same bytes, and hold every head.
func TestTrainingIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains twice")
	}
	ds, err := gold.Load("../../testdata/real")
	if err != nil {
		t.Fatal(err)
	}
	base, err := extract.New(nil, extract.WithRules())
	if err != nil {
		t.Fatal(err)
	}
	var docs []*doc
	for i, d := range ds {
		if i%12 != 0 {
			continue // a spread of the corpus: every kind of fact
		}
		dd := &doc{Doc: d}
		if err := dd.load(base); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, dd)
	}
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	o := options{l2: 1, posWeight: 1, minCount: 2, iters: 50, tagger: true, epochs: 3, seed: 1, max: true, prune: 0.01, tagPrune: 1}
	files := func() (string, string) {
		ft := fit(docs, idx, o, nil)
		var m, tg bytes.Buffer
		if err := extract.WriteModel(&m, "test", o.max, ft.heads); err != nil {
			t.Fatal(err)
		}
		if err := extract.WriteTagger(&tg, "test", ft.tagWeights); err != nil {
			t.Fatal(err)
		}
		return m.String(), tg.String()
	}
	m1, t1 := files()
	m2, t2 := files()
	if m1 != m2 || t1 != t2 {
		t.Fatal("two trainings on the same documents wrote different files")
	}
	m, err := extract.LoadModel(bytes.NewReader([]byte(m1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"entity", "signed", "attended", "refused", "builds-on"} {
		if m.Head(h) == nil || m.Head(h).Features() == 0 {
			t.Errorf("head %s missing or empty", h)
		}
	}
}
