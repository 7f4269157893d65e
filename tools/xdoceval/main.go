// Command xdoceval measures cross-document merging on testdata/xdoc: how
// often two mentions of the same agreement, event or initiative in
// different articles of a cluster end on one node of the graph, and how
// often mentions of different things do.
//
//	go run ./tools/xdoceval [-dir testdata/xdoc] [-types Agreement,Event,Initiative] [-v]
//
// Each document is extracted as build does; a gold entity is found where
// an extracted entity of its type has a name or alias that names it (the
// shared scorer's name matching), and it lands on the nodes those
// entities are minted to. A pair of gold entities of different documents
// of a cluster is merged when they share a node. Pairwise precision is
// the share of merged pairs that clusters.json calls the same thing;
// recall the share of same-thing pairs that are merged.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/gold"
)

type clusters struct {
	Clusters []struct {
		ID     string   `json:"id"`
		Docs   []string `json:"docs"`
		Things []struct {
			ID   string   `json:"id"`
			Type string   `json:"type"`
			Same []string `json:"same"`
		} `json:"things"`
	} `json:"clusters"`
}

// mention is a gold entity of one document.
type mention struct {
	doc, id, thing, name string
	nodes                map[string]bool
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("xdoceval: ")
	dir := flag.String("dir", "testdata/xdoc", "the cluster set: docs/, gold/, clusters.json")
	types := flag.String("types", "Agreement,Event,Initiative", "entity types whose pairs count")
	verbose := flag.Bool("v", false, "list the pairs merged wrongly and the pairs missed")
	rules := flag.Bool("rules", false, "extract with the rules alone")
	flag.Parse()

	var cs clusters
	b, err := os.ReadFile(filepath.Join(*dir, "clusters.json"))
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, &cs); err != nil {
		log.Fatalf("clusters.json: %v", err)
	}
	docs, err := gold.Load(*dir)
	if err != nil {
		log.Fatal(err)
	}
	golds := map[string]*gold.File{}
	for _, d := range docs {
		golds[strings.TrimSuffix(d.Gold.Doc, ".txt")] = d.Gold
	}
	var opts []extract.Option
	if *rules {
		opts = append(opts, extract.WithRules())
	}
	x, err := extract.New(nil, opts...)
	if err != nil {
		log.Fatal(err)
	}
	m, err := graph.NewMinter("")
	if err != nil {
		log.Fatal(err)
	}
	want := map[string]bool{}
	for _, t := range strings.Split(*types, ",") {
		want[t] = true
	}

	var tp, fp, fn int
	var wrong, missed []string
	for _, c := range cs.Clusters {
		thing := map[string]string{} // doc:id -> thing
		for _, t := range c.Things {
			for _, s := range t.Same {
				thing[s] = t.ID
			}
		}
		var ms []*mention
		for _, d := range c.Docs {
			g := golds[d]
			if g == nil {
				log.Fatalf("cluster %s: no gold for %s", c.ID, d)
			}
			text, err := os.ReadFile(filepath.Join(*dir, "docs", d+".txt"))
			if err != nil {
				log.Fatal(err)
			}
			res, err := x.Extract(&extract.Document{ID: d, Text: string(text)})
			if err != nil {
				log.Fatalf("%s: %v", d, err)
			}
			for i := range g.Entities {
				e := &g.Entities[i]
				if !want[e.Type] {
					continue
				}
				k := d + ":" + e.ID
				if thing[k] == "" {
					// clusters.json lists every agreement, event and
					// initiative; others only when two documents name them.
					if e.Type == "Agreement" || e.Type == "Event" || e.Type == "Initiative" {
						log.Fatalf("cluster %s: %s is in no thing", c.ID, k)
					}
					thing[k] = k
				}
				mn := &mention{doc: d, id: e.ID, thing: thing[k], nodes: map[string]bool{}}
				if len(e.Names) > 0 {
					mn.name = e.Names[0]
				}
				for _, xe := range res.Entities {
					if string(xe.Type) != e.Type {
						continue
					}
					if e.Matches(gold.NormAll(append([]string{xe.Name}, xe.Aliases...))) {
						mn.nodes[string(m.Entity(xe.Type, xe.Key))] = true
					}
				}
				ms = append(ms, mn)
			}
		}
		for i, a := range ms {
			for _, b := range ms[i+1:] {
				if a.doc == b.doc {
					continue
				}
				same := a.thing == b.thing
				merged := false
				for n := range a.nodes {
					merged = merged || b.nodes[n]
				}
				pair := fmt.Sprintf("%s %s:%q ~ %s:%q", c.ID, a.doc, a.name, b.doc, b.name)
				switch {
				case same && merged:
					tp++
				case merged:
					fp++
					wrong = append(wrong, pair)
				case same:
					fn++
					missed = append(missed, pair)
				}
			}
		}
	}
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	fmt.Printf("pairs of %s mentions across documents: %d same, %d merged, %d merged rightly\n", *types, tp+fn, tp+fp, tp)
	fmt.Printf("merge precision %.2f, recall %.2f\n", p, r)
	if *verbose {
		sort.Strings(wrong)
		sort.Strings(missed)
		for _, w := range wrong {
			fmt.Println("wrong merge:", w)
		}
		for _, w := range missed {
			fmt.Println("missed:", w)
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
