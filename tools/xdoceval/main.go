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

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/gold"
	"github.com/newsgraph/newsgraph/resolve"
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

// acrossTypes are the types across.json annotates.
var acrossTypes = map[string]bool{"Agreement": true, "Event": true, "Initiative": true}

// labels names extracted nodes for -v.
var labels func(map[string]bool) []string

// mention is a gold entity of one document.
type mention struct {
	doc, id, thing, name, typ string
	nodes                     map[string]bool
	// raw are the nodes as minted, before resolution.
	raw map[string]bool
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("xdoceval: ")
	dir := flag.String("dir", "testdata/xdoc", "the cluster set: docs/, gold/, clusters.json")
	types := flag.String("types", "Agreement,Event,Initiative", "entity types whose pairs count")
	verbose := flag.Bool("v", false, "list the pairs merged wrongly and the pairs missed")
	rules := flag.Bool("rules", false, "extract with the rules alone")
	noResolve := flag.Bool("noresolve", false, "measure the minted IRIs alone, without cross-document resolution")
	explain := flag.Bool("explain", false, "with -v, say why each missed pair's nodes stay apart")
	part := flag.String("part", "all", "clusters to score: all, dev (x01-x10) or test (x11-x20)")
	flag.Parse()

	// across.json names the things of different clusters that are one.
	var across struct {
		Across []struct {
			Same []string `json:"same"`
		} `json:"across"`
	}
	if b, err := os.ReadFile(filepath.Join(*dir, "across.json")); err == nil {
		if err := json.Unmarshal(b, &across); err != nil {
			log.Fatalf("across.json: %v", err)
		}
	}
	oneThing := map[string]string{} // cluster:thing -> first cluster:thing of its entry
	for _, a := range across.Across {
		for _, t := range a.Same {
			oneThing[t] = a.Same[0]
		}
	}
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

	// Extract every document once and resolve over all of them, as a
	// build of the whole set does.
	results := map[string]*extract.Result{}
	var all []quad.Quad
	for _, c := range cs.Clusters {
		for _, d := range c.Docs {
			text, err := os.ReadFile(filepath.Join(*dir, "docs", d+".txt"))
			if err != nil {
				log.Fatal(err)
			}
			res, err := x.Extract(&extract.Document{ID: d, Text: string(text)})
			if err != nil {
				log.Fatalf("%s: %v", d, err)
			}
			results[d] = res
			all = append(all, graph.DocumentQuads(m, res)...)
		}
	}
	canon := map[string]string{}
	model := graph.NewModel(all)
	things := model.Things()
	labels = func(nodes map[string]bool) []string {
		var out []string
		for n := range nodes {
			if x := model.Nodes[quad.IRI(n)]; x != nil {
				out = append(out, fmt.Sprintf("%q", x.Label))
			} else {
				out = append(out, n)
			}
		}
		sort.Strings(out)
		return out
	}
	if !*noResolve {
		links, err := resolve.Resolve(things, nil)
		if err != nil {
			log.Fatal(err)
		}
		for _, g := range resolve.Groups(links) {
			for _, x := range g {
				canon[x] = g[0]
			}
		}
		if *verbose {
			for _, l := range links {
				fmt.Printf("link %.2f %s ~ %s: %s\n", l.Score, model.Nodes[quad.IRI(l.A)].Label, model.Nodes[quad.IRI(l.B)].Label, strings.Join(l.Reasons, "; "))
			}
		}
	}
	node := func(iri string) string {
		if c, ok := canon[iri]; ok {
			return c
		}
		return iri
	}

	var tp, fp, fn, bothFound, bothMerged, addRight, addWrong int
	// byResolution counts the pairs resolution merged that minting alone
	// did not.
	byResolution := func(a, b *mention, same bool) {
		for n := range a.nodes {
			if b.nodes[n] {
				for r := range a.raw {
					if b.raw[r] {
						return
					}
				}
				if same {
					addRight++
				} else {
					addWrong++
					if *verbose {
						fmt.Printf("resolution merged wrongly: %s:%q ~ %s:%q\n", a.doc, a.name, b.doc, b.name)
					}
				}
				return
			}
		}
	}
	var wrong, missed []string
	var every []*mention
	clusterOf := map[*mention]string{}
	for ci, c := range cs.Clusters {
		if *part == "dev" && ci >= 10 || *part == "test" && ci < 10 {
			continue
		}
		thing := map[string]string{} // doc:id -> thing
		for _, t := range c.Things {
			id := c.ID + ":" + t.ID
			if o, ok := oneThing[id]; ok {
				id = o
			}
			for _, s := range t.Same {
				thing[s] = id
			}
		}
		for _, d := range c.Docs {
			g := golds[d]
			if g == nil {
				log.Fatalf("cluster %s: no gold for %s", c.ID, d)
			}
			res := results[d]
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
				mn := &mention{doc: d, id: e.ID, typ: e.Type, thing: thing[k], nodes: map[string]bool{}, raw: map[string]bool{}}
				if len(e.Names) > 0 {
					mn.name = e.Names[0]
				}
				for _, xe := range res.Entities {
					if string(xe.Type) != e.Type {
						continue
					}
					if e.Matches(gold.NormAll(append([]string{xe.Name}, xe.Aliases...))) {
						mn.nodes[node(string(m.Entity(xe.Type, xe.Key)))] = true
						mn.raw[string(m.Entity(xe.Type, xe.Key))] = true
					}
				}
				every = append(every, mn)
				clusterOf[mn] = c.ID
			}
		}
	}
	// Every pair of mentions in different documents: within a cluster,
	// and across clusters (the same thing only where across.json says so;
	// it covers agreements, events and initiatives, so the states, people
	// and organisations of two clusters are not compared).
	for i, a := range every {
		for _, b := range every[i+1:] {
			ca, cb := clusterOf[a], clusterOf[b]
			if a.doc == b.doc || ca != cb && (!acrossTypes[a.typ] || !acrossTypes[b.typ]) {
				continue
			}
			same := a.thing == b.thing
			merged := false
			for n := range a.nodes {
				merged = merged || b.nodes[n]
			}
			byResolution(a, b, same)
			where := ca
			if ca != cb {
				where = "across clusters"
			}
			pair := fmt.Sprintf("%s %s:%q ~ %s:%q", where, a.doc, a.name, b.doc, b.name)
			found := len(a.nodes) > 0 && len(b.nodes) > 0
			if same && found {
				bothFound++
				if merged {
					bothMerged++
				}
			}
			switch {
			case same && merged:
				tp++
			case merged:
				fp++
				wrong = append(wrong, pair)
			case same:
				fn++
				if found {
					pair += " [found as " + strings.Join(labels(a.nodes), " / ") + " ~ " + strings.Join(labels(b.nodes), " / ") + "]"
					if *explain {
						for x := range a.nodes {
							for y := range b.nodes {
								why, _ := resolve.Explain(things, x, y)
								pair += "\n    " + labels(map[string]bool{x: true})[0] + " ~ " + labels(map[string]bool{y: true})[0] + ": " + why
							}
						}
					}
				}
				missed = append(missed, pair)
			}
		}
	}
	found := 0
	for _, mn := range every {
		if len(mn.nodes) > 0 {
			found++
		}
	}
	fmt.Printf("gold mentions: %d, found by extraction: %d\n", len(every), found)
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	fmt.Printf("pairs of %s mentions across documents: %d same, %d merged, %d merged rightly\n", *types, tp+fn, tp+fp, tp)
	fmt.Printf("merge precision %.2f, recall %.2f\n", p, r)
	fmt.Printf("pairs resolution merged that minting alone did not: %d, right %d (precision %.2f)\n", addRight+addWrong, addRight, ratio(addRight, addRight+addWrong))
	fmt.Printf("same-thing pairs whose both mentions extraction found: %d, merged %d (recall %.2f)\n", bothFound, bothMerged, ratio(bothMerged, bothFound))
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
