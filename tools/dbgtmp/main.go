package main

import (
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/newsgraph/newsgraph/extract"
)

func main() {
	mf, _ := os.Open(os.Args[1])
	m, err := extract.LoadModel(mf)
	if err != nil {
		panic(err)
	}
	tf, _ := os.Open(os.Args[2])
	t, _ := extract.LoadTagger(tf)
	x, _ := extract.New(nil, extract.WithModel(m), extract.WithTagger(t))
	var doc *extract.Document
	extract.Walk([]string{os.Args[3]}, nil, func(d *extract.Document) error { doc = d; return nil }, func(e error) error { return e })
	cs, _, _, _ := x.Candidates(doc)
	h := m.Head(os.Args[4])
	for _, c := range cs {
		if c.Subject.Name != os.Args[5] || len(os.Args) > 6 && c.Object.Name != os.Args[6] {
			continue
		}
		fmt.Printf("== %s | %s  p=%.3f bias=%.2f\n", c.Subject.Name, c.Object.Name, h.Prob(hashes(c.Features)), h.Bias)
		type fw struct {
			f string
			w float64
		}
		var ws []fw
		for _, f := range c.Features {
			p := h.Prob(hashes([]string{f}))
			w := math.Log(p/(1-p)) - h.Bias
			ws = append(ws, fw{f, w})
		}
		sort.Slice(ws, func(i, j int) bool { return ws[i].w > ws[j].w })
		for _, w := range ws {
			if math.Abs(w.w) > 0.15 {
				fmt.Printf("   %+.2f %s\n", w.w, w.f)
			}
		}
	}
}

func hashes(fs []string) []uint64 {
	var out []uint64
	for _, f := range fs {
		out = append(out, extract.FeatureHash(f))
	}
	return out
}
