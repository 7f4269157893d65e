package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/gold"
)

// errorKinds sorts a result's wrong and missed relations into kinds, for
// -errors: what to work on next.
type errorKinds map[string]int

var showLoose = os.Getenv("TRAIN_LOOSE") != ""

func (k errorKinds) add(g *gold.File, res *extract.Result) {
	ents := map[string]extract.Entity{}
	for _, e := range res.Entities {
		ents[e.ID] = e
	}
	exact := func(e extract.Entity) []*gold.Entity {
		return g.Match(gold.NormAll(append([]string{e.Name}, e.Aliases...)))
	}
	loose := func(e extract.Entity) []*gold.Entity {
		var out []*gold.Entity
		names := gold.NormAll(append([]string{e.Name}, e.Aliases...))
		for i := range g.Entities {
			ge := &g.Entities[i]
			for _, gn := range ge.Names {
				n := " " + gold.Norm(gn) + " "
				for _, pn := range names {
					p := " " + pn + " "
					if len(pn) > 2 && len(n) > 4 && (strings.Contains(p, n) || strings.Contains(n, p)) {
						out = append(out, ge)
					}
				}
			}
		}
		return out
	}
	has := func(es []*gold.Entity, id string) bool {
		for _, e := range es {
			if e.ID == id {
				return true
			}
		}
		return false
	}
	_, outs := g.Score(res)
	for _, o := range outs {
		if o.Hit != -1 {
			continue
		}
		r := o.Relation
		s, ob := ents[r.Subject], ents[r.Object]
		se, oe := exact(s), exact(ob)
		p := string(r.Predicate)
		why := ""
		switch {
		case len(se) == 0 && len(loose(s)) == 0:
			why = "subject is no gold entity"
		case len(oe) == 0 && len(loose(ob)) == 0:
			why = "object is no gold entity"
		case len(se) == 0 || len(oe) == 0:
			sl, ol := append(se, loose(s)...), append(oe, loose(ob)...)
			why = "named loosely, no relation"
			for _, gr := range g.Relations {
				if gr.P == p && has(sl, gr.S) && has(ol, gr.O) {
					why = "named loosely, relation right"
				}
			}
		default:
			why = "no such relation"
			for _, gr := range g.Relations {
				if has(se, gr.S) && has(oe, gr.O) {
					why = "other predicate: " + gr.P
				}
				if has(se, gr.O) && has(oe, gr.S) {
					why = "reversed"
				}
			}
		}
		k["FP "+p+": "+why]++
		if showLoose && why == os.Getenv("TRAIN_LOOSE") {
			fmt.Printf("ERR %s %.2f %q | %q  <<%s>>\n", p, r.Confidence, s.Name, ob.Name, strings.Join(strings.Fields(r.Sentence), " "))
		}
	}
}

func (k errorKinds) report(w io.Writer) {
	var keys []string
	for x := range k {
		keys = append(keys, x)
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "false facts by kind:")
	for _, x := range keys {
		fmt.Fprintf(w, "  %-55s %d\n", x, k[x])
	}
}
