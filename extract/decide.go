package extract

// decide replaces the rules' asserted relations by the model's decisions.
// Each candidate gets a probability from each head that applies to it
// (signed, attended and refused for an actor with a thing; builds-on for
// two agreements); the heads that reach their threshold become asserted
// relations whose confidence is that probability. A refusal excludes a
// signing or attendance of the same thing: the likelier one stays. The
// evidence is the instance that speaks most for the decision. The rules'
// planned, possible and negated relations stay as statements, unless the
// model asserts the same fact.
func (x *run) decide(m *Model, cands []*cand) {
	if cands == nil {
		cands = x.candidates(false, !m.Max)
	}
	var out []Relation
	asserted := map[ruleKey]bool{}
	for _, c := range cands {
		heads := actorHeads
		if c.kind == buildsCand {
			heads = buildsHeads
		}
		var probs [4]float64
		for hi, p := range heads {
			h := m.Head(string(p))
			if h == nil {
				continue
			}
			if m.Max {
				for _, in := range c.insts {
					if p := sigmoid(h.Bias + h.dot(c.pair) + h.dot(in.feats)); p > probs[hi] {
						probs[hi] = p
					}
				}
			} else {
				probs[hi] = h.Prob(c.feats)
			}
			if probs[hi] < h.Threshold {
				probs[hi] = 0
			}
		}
		if c.kind == actorCand && probs[2] > 0 {
			// Refusing a thing excludes signing or attending it: the
			// likelier reading stays.
			for _, k := range []int{0, 1} {
				if probs[k] > 0 {
					if probs[k] >= probs[2] {
						probs[2] = 0
					} else {
						probs[k] = 0
					}
				}
			}
		}
		for hi, p := range heads {
			if probs[hi] == 0 {
				continue
			}
			h := m.Head(string(p))
			best, bestScore := -1, 0.0
			for k, in := range c.insts {
				if s := h.dot(in.feats); best < 0 || s > bestScore {
					best, bestScore = k, s
				}
			}
			r := x.evidence(c.insts[best], p, h.Confidence(probs[hi]))
			out = append(out, r)
			asserted[ruleKey{r.Subject, r.Object, p}] = true
			c.s.keep, c.o.keep = true, true
		}
	}
	for _, r := range x.rels {
		if r.Asserted() || asserted[ruleKey{r.Subject, r.Object, r.Predicate}] {
			continue
		}
		out = append(out, r)
	}
	x.rels = out
	x.relSeen = nil
}

var (
	actorHeads  = []Predicate{Signed, Attended, Refused}
	buildsHeads = []Predicate{BuildsOn}
)

// evidence makes the relation p of an instance, with the sentences from
// the first occurrence's to the second's as its evidence.
func (x *run) evidence(in inst, p Predicate, prob float64) Relation {
	from, to := in.a.sent, in.t.sent
	if from > to {
		from, to = to, from
	}
	a, b := x.sents[from].Start, x.sents[to].End
	r := Relation{
		Subject: x.idOf(in.a.e), Predicate: p, Object: x.idOf(in.t.e),
		Modality: Asserted, Confidence: round2(prob),
		Sentence: x.doc.Text[a:b],
		Span:     Span{x.runeAt.at(a), x.runeAt.at(b)},
	}
	// The cue: a word of the predicate in the evidence, else the thing's
	// mention.
	for si := from; si <= to && r.Cue == ""; si++ {
		toks := x.sents[si].Tokens
		for _, cl := range x.clauses(toks) {
			for _, h := range x.findCues(toks, cl) {
				if h.c.Predicate == p && r.Cue == "" {
					r.Cue = x.doc.Text[toks[h.k].Start:toks[h.end-1].End]
				}
			}
		}
	}
	if r.Cue == "" {
		toks := x.sents[in.t.sent].Tokens
		r.Cue = x.doc.Text[toks[in.t.i].Start:toks[in.t.j-1].End]
	}
	for si := from; si <= to && r.Date == ""; si++ {
		if ds := x.findDates(si, x.sents[si].Start, x.sents[si].End); len(ds) > 0 {
			r.Date = ds[0].Value
		}
	}
	if r.Date == "" && (p == Signed || p == Attended) {
		r.Date = in.t.e.Date
	}
	return r
}
