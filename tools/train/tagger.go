package main

import (
	"math"
	"math/rand"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/gold"
)

// tagSentence is a sentence for the tagger: its tokens with features and
// the tags the gold gives them.
type tagSentence struct {
	toks []extract.TaggedToken
	tags []int
}

// project finds the gold's names in the document's sentences and tags
// their tokens: every occurrence of a name the gold lists for an entity,
// whole tokens only, longer names first, no overlaps.
func project(g *gold.File, sents [][]extract.TaggedToken) []tagSentence {
	type nameSeq struct {
		words []string
		typ   extract.Type
	}
	var names []nameSeq
	for _, e := range g.Entities {
		seen := map[string]bool{}
		for _, n := range e.Names {
			w := strings.Fields(gold.Norm(n))
			if len(w) == 0 || seen[strings.Join(w, " ")] {
				continue
			}
			seen[strings.Join(w, " ")] = true
			names = append(names, nameSeq{w, extract.Type(e.Type)})
		}
	}
	typeIdx := map[extract.Type]int{}
	for i, t := range extract.Types {
		typeIdx[t] = i
	}
	var out []tagSentence
	for _, toks := range sents {
		// The sentence as normalised words, each knowing its token.
		type word struct {
			w           string
			tok         int
			first, last bool
		}
		var words []word
		for ti, t := range toks {
			ws := strings.Fields(gold.Norm(stripPossessive(t.Text)))
			for k, w := range ws {
				words = append(words, word{w, ti, k == 0, k == len(ws)-1})
			}
		}
		type span struct{ i, j, typ, n int }
		var found []span
		for _, ns := range names {
			n := len(ns.words)
			for a := 0; a+n <= len(words); a++ {
				if !words[a].first || !words[a+n-1].last {
					continue
				}
				ok := true
				for k := 0; k < n; k++ {
					if words[a+k].w != ns.words[k] {
						ok = false
						break
					}
				}
				if ok {
					i, j := words[a].tok, words[a+n-1].tok+1
					if ns.typ == extract.Person {
						// A person's name without the role words and forms
						// of address the gold may list with it
						// ("Landwirtschaftsminister Peter Hauk").
						for i < j-1 && titleLike(toks[i]) {
							i++
						}
					}
					found = append(found, span{i, j, typeIdx[ns.typ], j - i})
				}
			}
		}
		sort.SliceStable(found, func(a, b int) bool {
			if found[a].n != found[b].n {
				return found[a].n > found[b].n
			}
			return found[a].i < found[b].i
		})
		tags := make([]int, len(toks))
		taken := make([]bool, len(toks))
		for _, s := range found {
			free := true
			for k := s.i; k < s.j; k++ {
				if taken[k] {
					free = false
				}
			}
			if !free {
				continue
			}
			for k := s.i; k < s.j; k++ {
				taken[k] = true
				tags[k] = 2 + 2*s.typ // I-
			}
			tags[s.i] = 1 + 2*s.typ // B-
			if s.j == s.i+1 && generic(toks[s.i]) {
				// A bare common noun ("die Stadt", "the summit",
				// "Unterzeichnung") refers to a thing without naming it:
				// the rules resolve such references, and the tagger is
				// neither taught to tag them nor to leave them.
				tags[s.i] = ignore
			}
		}
		out = append(out, tagSentence{toks, tags})
	}
	return out
}

// ignore marks a token the tagger is not trained on.
const ignore = -1

// generic reports a token that is a common noun rather than a name: a bare
// head noun of an agreement, event or initiative, a place word, a role
// word, or a lower-case word.
func generic(t extract.TaggedToken) bool {
	if t.Text == "" || strings.ToLower(t.Text[:1]) == t.Text[:1] {
		return true
	}
	for _, f := range t.Features {
		if strings.HasPrefix(f, "headexact=") || f == "placeword=" || f == "role=" {
			return true
		}
	}
	return false
}

// titleLike reports a token that may stand before a person's name without
// being part of it: a role word, a form of address, a state adjective or
// a lower-case word.
func titleLike(t extract.TaggedToken) bool {
	if t.Text == "" || strings.ToLower(t.Text[:1]) == t.Text[:1] {
		return true
	}
	for _, f := range t.Features {
		if f == "role=" || f == "title=" || f == "stateadj=" {
			return true
		}
	}
	return false
}

func stripPossessive(s string) string {
	for _, suf := range []string{"'s", "’s"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

// trainTagger learns a structured averaged perceptron (Collins 2002) from
// tagged sentences, in epochs over the sentences in an order fixed by the
// seed: each sentence is decoded with extract.Viterbi under the current
// weights and, where it differs from the gold's tags (ignored tokens
// filled in by the best sequence that agrees with the rest), the gold
// path's features gain and the predicted path's lose.
func trainTagger(sents []tagSentence, epochs int, seed int64, prune float64) []extract.TagWeight {
	const nt = 17
	index := map[string]int{}
	var names []string
	id := func(f string) int {
		if k, ok := index[f]; ok {
			return k
		}
		index[f] = len(names)
		names = append(names, f)
		return len(names) - 1
	}
	// Intern every token's features and the previous-tag features it can
	// have, once.
	ids := make([][][]int, len(sents))
	prevIDs := make([][][]int, len(sents)) // [sentence][token][prev tag*2 + which]
	for s, sent := range sents {
		ids[s] = make([][]int, len(sent.toks))
		prevIDs[s] = make([][]int, len(sent.toks))
		for i, t := range sent.toks {
			for _, f := range t.Features {
				ids[s][i] = append(ids[s][i], id(f))
			}
			for p := 0; p < nt; p++ {
				for _, f := range extract.PrevTagFeatures(p, t) {
					prevIDs[s][i] = append(prevIDs[s][i], id(f))
				}
			}
		}
	}
	w := make([][nt]float64, len(names))
	total := make([][nt]float64, len(names))
	stamp := make([][nt]int, len(names))
	now := 0
	update := func(f, tag int, d float64) {
		total[f][tag] += float64(now-stamp[f][tag]) * w[f][tag]
		stamp[f][tag] = now
		w[f][tag] += d
	}
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewSource(seed))
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, s := range order {
			sent := sents[s]
			n := len(sent.toks)
			if n == 0 {
				continue
			}
			now++
			emit := make([]extract.TagScores, n)
			trans := make([]*extract.TagMatrix, n)
			for i := 0; i < n; i++ {
				for _, f := range ids[s][i] {
					for k := 0; k < nt; k++ {
						emit[i][k] += w[f][k]
					}
				}
				trans[i] = new(extract.TagMatrix)
				for p := 0; p < nt; p++ {
					for _, f := range prevIDs[s][i][p*2 : p*2+2] {
						for k := 0; k < nt; k++ {
							trans[i][p][k] += w[f][k]
						}
					}
				}
			}
			pred := extract.Viterbi(emit, trans, nil)
			gold := extract.Viterbi(emit, trans, sent.tags)
			for i := 0; i < n; i++ {
				gp, pp := 0, 0
				if i > 0 {
					gp, pp = gold[i-1], pred[i-1]
				}
				if gold[i] == pred[i] && gp == pp {
					continue
				}
				for _, f := range ids[s][i] {
					update(f, gold[i], 1)
					update(f, pred[i], -1)
				}
				for _, f := range prevIDs[s][i][gp*2 : gp*2+2] {
					update(f, gold[i], 1)
				}
				for _, f := range prevIDs[s][i][pp*2 : pp*2+2] {
					update(f, pred[i], -1)
				}
			}
		}
	}
	// The averaged weights, in units of the largest, rounded; weights below
	// prune of it are left out (they change few decisions and make most of
	// the file).
	avg := make([][nt]float64, len(names))
	top := 0.0
	for f := range names {
		for k := 0; k < nt; k++ {
			avg[f][k] = (total[f][k] + float64(now-stamp[f][k])*w[f][k]) / float64(now)
			top = math.Max(top, math.Abs(avg[f][k]))
		}
	}
	var out []extract.TagWeight
	for f := range names {
		for k := 0; k < nt; k++ {
			if v := avg[f][k] / top; math.Abs(v) >= prune/100 && math.Abs(v) > 0 {
				out = append(out, extract.TagWeight{Feature: names[f], Tag: k, Value: math.Round(v*1e5) / 1e5})
			}
		}
	}
	return out
}
