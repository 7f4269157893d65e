package extract

import (
	"sort"
	"strings"
)

// This file generates the candidates the relation model decides on and the
// features it sees. A candidate is a pair of entities: an actor (person,
// state, organisation, or a place acting as a party) with an agreement,
// event or initiative, or two agreements or initiatives for builds-on. Its
// instances are the pairs of their mentions that meet within a window of
// sentences, or the actor's mentions with the document's salient event or
// agreement. Every instance gets features; the candidate's features are
// the union of its instances' features and a few of the pair itself. The
// features are listed and explained in features.md beside the model.

// window is how many sentences apart an actor and a thing may be mentioned
// to make an instance.
const window = 2

// maxPartners bounds the targets one occurrence is paired with: the
// nearest maxPartners. In the real corpora an occurrence has at most 18
// targets in reach; only pathological input (one "sentence" of thousands
// of names) reaches the bound, which keeps the work linear in the text.
const maxPartners = 32

// nearestOccs keeps the maxPartners occurrences of os nearest to a, in
// their order; it may reorder os.
func nearestOccs(os []occ, a occ, dist func(a, b occ) int) []occ {
	if len(os) <= maxPartners {
		return os
	}
	idx := make([]int, len(os))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return dist(a, os[idx[i]]) < dist(a, os[idx[j]]) })
	idx = idx[:maxPartners]
	sort.Ints(idx)
	out := make([]occ, len(idx))
	for i, k := range idx {
		out[i] = os[k]
	}
	return out
}

// occ is one occurrence of an entity: a mention, or a referent of a plural
// mention ("beide Länder").
type occ struct {
	e      *entity
	m      *mention
	sent   int
	i, j   int // tokens
	plural bool
}

// inst is one instance of a candidate: two occurrences.
type inst struct {
	a, t  occ
	feats []uint64
	names []string // feature names, kept only when training
}

// cand is a candidate pair with its instances and features.
type cand struct {
	s, o      *entity
	kind      candKind
	insts     []inst
	feats     []uint64 // union of the instances' and the pair's features
	pair      []uint64 // the pair's own features
	names     []string // feature names (union), kept only when training
	pairNames []string
}

type candKind uint8

const (
	actorCand  candKind = iota // actor × agreement, event or initiative
	buildsCand                 // agreement or initiative × agreement or initiative
)

// sentInfo is what the features need to know of a sentence.
type sentInfo struct {
	clauseOf []int16 // token -> clause
	nClauses int
	cues     []cueHit   // every cue in the sentence, in order
	passive  []bool     // cues[i] is in a passive construction
	mods     []modHit   // negation and modality words
	classes  []classHit // cue classes (cueclasses.tsv)
}

// modHit is a negation or modality word at token k.
type modHit struct {
	k   int
	eff string
}

func isTarget(t Type) bool { return t == Agreement || t == Event || t == Initiative }

func isParty(t Type) bool { return isActor(t) || t == Place }

// analyse fills the per-sentence information once.
func (x *run) sentInfos() []sentInfo {
	out := make([]sentInfo, len(x.sents))
	for si := range x.sents {
		toks := x.sents[si].Tokens
		inf := &out[si]
		inf.clauseOf = make([]int16, len(toks))
		cls := x.clauses(toks)
		inf.nClauses = len(cls)
		for ci, cl := range cls {
			for k := cl.a; k < cl.b; k++ {
				inf.clauseOf[k] = int16(ci)
			}
			inf.cues = append(inf.cues, x.findCues(toks, cl)...)
		}
		inf.passive = make([]bool, len(inf.cues))
		for i, h := range inf.cues {
			inf.passive[i] = x.isPassive(toks, clause{0, len(toks)}, h)
		}
		inf.classes = x.cueClassesIn(toks)
		for k, t := range toks {
			if t.Kind != Word {
				continue
			}
			if eff := x.tokModality(t); eff != "" {
				inf.mods = append(inf.mods, modHit{k, eff})
			}
		}
	}
	return out
}

// occurrences lists the occurrences of parties and of targets.
func (x *run) occurrences() (parties, targets []occ) {
	for si, ms := range x.mentions {
		for _, m := range ms {
			if m.inner {
				continue
			}
			if m.kind == plural {
				for _, e := range m.refs {
					if isParty(e.Type) {
						parties = append(parties, occ{e, m, si, m.i, m.j, true})
					}
				}
				continue
			}
			if m.ent == nil {
				continue
			}
			switch {
			case isParty(m.ent.Type):
				parties = append(parties, occ{m.ent, m, si, m.i, m.j, false})
			case isTarget(m.ent.Type):
				targets = append(targets, occ{m.ent, m, si, m.i, m.j, false})
			}
		}
	}
	return parties, targets
}

// salient returns the document's most mentioned entity of type t (the
// first mentioned among equals), or nil.
func (x *run) salient(t Type) *entity {
	var best *entity
	for _, e := range x.ents {
		if e.Type == t && len(e.Mentions) > 0 && (best == nil || len(e.Mentions) > len(best.Mentions)) {
			best = e
		}
	}
	return best
}

// candidates builds the candidates of the run, with their features: with
// union, also the union of the instances' features ([Model.Max] false);
// with names, the features' names.
func (x *run) candidates(names, union bool) []*cand {
	infos := x.sentInfos()
	parties, targets := x.occurrences()
	type key struct{ s, o *entity }
	byKey := map[key]*cand{}
	var out []*cand
	get := func(s, o *entity, kind candKind) *cand {
		k := key{s, o}
		c := byKey[k]
		if c == nil {
			c = &cand{s: s, o: o, kind: kind}
			byKey[k] = c
			out = append(out, c)
		}
		return c
	}
	salient := map[*entity]bool{}
	for _, t := range []Type{Event, Agreement} {
		if e := x.salient(t); e != nil {
			salient[e] = true
		}
	}
	f := &featBuf{keep: names}
	rank := x.targetRanks()
	x.nTargets = map[Type]int{}
	for e := range rank {
		x.nTargets[e.Type]++
	}
	// pos is an occurrence's token offset in the document.
	starts := make([]int, len(x.sents)+1)
	for i, s := range x.sents {
		starts[i+1] = starts[i] + len(s.Tokens)
	}
	dist := func(a, b occ) int {
		d := starts[b.sent] + b.i - starts[a.sent] - a.i
		if d < 0 {
			return -d
		}
		return d
	}
	var near []occ
	for _, a := range parties {
		nearEv, nearAg := x.nearest(a, targets)
		near = near[:0]
		for _, t := range targets {
			d := t.sent - a.sent
			if (d < -window || d > window) && !salient[t.e] || a.e == t.e {
				continue
			}
			near = append(near, t)
		}
		for _, t := range nearestOccs(near, a, dist) {
			c := get(a.e, t.e, actorCand)
			f.reset()
			x.actorFeatures(f, infos, a, t, t.e == nearEv || t.e == nearAg, rank[t.e])
			in := inst{a: a, t: t, feats: f.take()}
			if names {
				c.names = append(c.names, f.names...)
				in.names = append([]string(nil), f.names...)
			}
			c.insts = append(c.insts, in)
		}
	}
	for _, a := range targets {
		if a.e.Type == Event {
			continue
		}
		near = near[:0]
		for _, b := range targets {
			if d := b.sent - a.sent; b.e.Type == Event || a.e == b.e || d < -1 || d > 1 {
				continue
			}
			near = append(near, b)
		}
		for _, b := range nearestOccs(near, a, dist) {
			c := get(a.e, b.e, buildsCand)
			f.reset()
			x.buildsFeatures(f, infos, a, b)
			in := inst{a: a, t: b, feats: f.take()}
			if names {
				c.names = append(c.names, f.names...)
				in.names = append([]string(nil), f.names...)
			}
			c.insts = append(c.insts, in)
		}
	}
	rules := x.ruleIndex()
	for _, c := range out {
		f.reset()
		x.pairFeatures(f, c, salient, rules)
		c.pair = f.take()
		if names {
			c.names = append(c.names, f.names...)
			c.pairNames = append([]string(nil), f.names...)
		}
		if !union {
			continue // a model that pools by the maximum needs no union
		}
		c.feats = append([]uint64(nil), c.pair...)
		for _, in := range c.insts {
			c.feats = append(c.feats, in.feats...)
		}
		c.feats = uniq(c.feats)
		if names {
			sort.Strings(c.names)
			c.names = uniqStrings(c.names)
		}
	}
	return out
}

func uniq(h []uint64) []uint64 {
	sort.Slice(h, func(i, j int) bool { return h[i] < h[j] })
	n := 0
	for i, v := range h {
		if i == 0 || v != h[n-1] {
			h[n] = v
			n++
		}
	}
	return h[:n]
}

func uniqStrings(s []string) []string {
	n := 0
	for i, v := range s {
		if i == 0 || v != s[n-1] {
			s[n] = v
			n++
		}
	}
	return s[:n]
}

// ruleKey is a rule relation's subject, object and predicate.
type ruleKey struct {
	s, o string
	p    Predicate
}

// ruleIndex lists what the rules said of each pair: the strongest
// modality per predicate.
func (x *run) ruleIndex() map[ruleKey]string {
	out := map[ruleKey]string{}
	for _, r := range x.rels {
		k := ruleKey{r.Subject, r.Object, r.Predicate}
		v := string(r.Modality)
		if r.Negated {
			v = "negated"
		}
		if old, ok := out[k]; !ok || old != "asserted" {
			out[k] = v
		}
	}
	return out
}

// pairFeatures are the features of the candidate as a whole.
func (x *run) pairFeatures(f *featBuf, c *cand, salient map[*entity]bool, rules map[ruleKey]string) {
	tp := string(c.s.Type) + ">" + string(c.o.Type)
	f.add("types", tp)
	x.entityFeatures(f, c.s, "s.")
	x.entityFeatures(f, c.o, "o.")
	f.add("lang", x.lang)
	if salient[c.o] {
		f.add("salient", tp)
	}
	minD := 99
	for _, in := range c.insts {
		d := in.t.sent - in.a.sent
		if d < 0 {
			d = -d
		}
		if d < minD {
			minD = d
		}
	}
	f.add("mindist", bucket(minD, 0, 1, 2, 3))
	f.add("ninst", bucket(len(c.insts), 1, 2, 3, 5))
	f.add("smentions", bucket(len(c.s.Mentions), 1, 2, 3, 5))
	f.add("omentions", bucket(len(c.o.Mentions), 1, 2, 3, 5))
	f.add("okind", kindName(c.o.kind))
	if c.o.head != "" {
		f.add("ohead", c.o.head)
	}
	if c.kind == actorCand {
		if c.s.Wikidata != "" {
			f.add("slex", string(c.s.Type))
		}
		if c.s.Country != "" {
			f.add("scountry", string(c.s.Type))
		}
	}
	if c.kind == buildsCand {
		if c.s.head != "" {
			f.add("shead", c.s.head)
		}
		if c.s.head != "" && c.s.head == c.o.head {
			f.add("samehead", "")
		}
		switch {
		case c.s.Date != "" && c.o.Date != "" && c.s.Date > c.o.Date:
			f.add("dates", "newer")
		case c.s.Date != "" && c.o.Date != "" && c.s.Date < c.o.Date:
			f.add("dates", "older")
		case c.s.Date != "" || c.o.Date != "":
			f.add("dates", "one")
		}
		if strings.HasPrefix(x.fold(c.s.Name), x.fold(c.o.Name)) {
			f.add("extendsname", "")
		}
	}
	si, oi := x.idOf(c.s), x.idOf(c.o)
	any := false
	for _, p := range Extracted {
		if v, ok := rules[ruleKey{si, oi, p}]; ok {
			f.addp("rule", string(p), "/", v)
			any = true
		}
		if v, ok := rules[ruleKey{oi, si, p}]; ok {
			f.addp("rulerev", string(p), "/", v)
			any = true
		}
	}
	if !any {
		f.add("rule", "none")
	}
}

func kindName(k mentionKind) string {
	switch k {
	case named:
		return "named"
	case specific:
		return "specific"
	case generic:
		return "generic"
	}
	return "plural"
}

// bucket names the first bound v is at most, or ">" the last.
func bucket(v int, bounds ...int) string {
	for _, b := range bounds {
		if v <= b {
			return itoa(b)
		}
	}
	return ">" + itoa(bounds[len(bounds)-1])
}

func (x *run) word(t Token) string {
	if t.Kind == Number {
		if isYear(t.Text) {
			return "<year>"
		}
		return "<num>"
	}
	return lowerWord(t)
}

// actorFeatures are the features of one actor occurrence with one target
// occurrence.
func (x *run) actorFeatures(f *featBuf, infos []sentInfo, a, t occ, near bool, rank int) {
	d := t.sent - a.sent
	f.add("dist", signedBucket(d))
	nr := "far"
	if near {
		nr = "nearest"
	}
	f.addp("near", nr, "/", signedBucket(d))
	f.addp("trank", string(t.e.Type), "/", bucket(rank, 1, 2, 3))
	f.addp("ntargets", string(t.e.Type), "/", bucket(x.nTargets[t.e.Type], 1, 2, 3))
	// Another thing of the target's kind in the actor's sentence: the
	// actor more likely relates to that one.
	other := false
	for _, m := range x.mentions[a.sent] {
		if m.ent != nil && m.ent != t.e && !m.inner && sameGroup(m.ent.Type, t.e.Type) {
			other = true
		}
	}
	if other {
		f.add("aother", signedBucket(d))
	}
	// The words around the actor, whatever the target: the verb that
	// says what the actor did.
	toks := x.sents[a.sent].Tokens
	for k := maxInt(0, a.i-4); k < minInt(len(toks), a.j+4); k++ {
		if k < a.i || k >= a.j {
			f.add("aw", x.stem(toks[k]))
		}
	}
	cl := infos[a.sent].clauseOf[a.i]
	for _, h := range infos[a.sent].classes {
		where := "sent"
		switch {
		case h.k >= a.i-5 && h.k < a.j+5:
			where = "near"
		case infos[a.sent].clauseOf[h.k] == cl:
			where = "clause"
		}
		f.addp("acc", h.class, "/", where)
		f.addp("accd", h.class, "/", where, "/", nr, "/", signedBucket(d))
	}
	if d != 0 {
		for _, h := range infos[t.sent].classes {
			f.add("tcc", h.class)
		}
	}
	for _, h := range infos[a.sent].cues {
		if infos[a.sent].clauseOf[h.k] == cl {
			f.addp("aclcue", string(h.c.Predicate), "/", nr, "/", string(t.e.Type))
			for _, m := range infos[a.sent].mods {
				if infos[a.sent].clauseOf[m.k] == cl {
					f.addp("aclcuemod", string(h.c.Predicate), "/", m.eff)
				}
			}
		}
	}
	if a.plural {
		f.add("plural", "")
	}
	x.contextFeatures(f, "a", a)
	x.contextFeatures(f, "t", t)
	if d == 0 {
		x.sameSentence(f, infos[a.sent], a, t)
		return
	}
	// Different sentences: what each sentence says.
	for _, h := range infos[a.sent].cues {
		f.addp("acue", string(h.c.Predicate), "/", h.c.Role)
		f.addp("acued", string(h.c.Predicate), "/", signedBucket(d))
	}
	for _, h := range infos[t.sent].cues {
		f.addp("tcue", string(h.c.Predicate), "/", h.c.Role)
	}
	for _, m := range infos[a.sent].mods {
		f.add("amod", m.eff)
	}
	// Is the actor the first party of its sentence (its subject, mostly)?
	if x.firstParty(a) {
		f.add("afirst", signedBucket(d))
	}
}

// sameGroup reports whether two target types compete for an actor: events
// with events, agreements and initiatives with each other.
func sameGroup(a, b Type) bool { return (a == Event) == (b == Event) }

// nearest returns the event and the agreement or initiative mentioned
// nearest to an actor's occurrence: fewest sentences apart, then fewest
// tokens.
func (x *run) nearest(a occ, targets []occ) (ev, ag *entity) {
	best := [2]int{1 << 30, 1 << 30}
	var out [2]*entity
	for _, t := range targets {
		g := 1
		if t.e.Type == Event {
			g = 0
		}
		d := t.sent - a.sent
		if d < 0 {
			d = -d
		}
		k := 0
		if d == 0 {
			k = t.i - a.i
			if k < 0 {
				k = -k
			}
		}
		if v := d*1000 + k; v < best[g] {
			best[g], out[g] = v, t.e
		}
	}
	return out[0], out[1]
}

// targetRanks ranks the document's targets by their mentions within
// their type: 1 for the most mentioned.
func (x *run) targetRanks() map[*entity]int {
	out := map[*entity]int{}
	for _, e := range x.ents {
		if !isTarget(e.Type) || len(e.Mentions) == 0 {
			continue
		}
		r := 1
		for _, o := range x.ents {
			if o != e && o.Type == e.Type && len(o.Mentions) > len(e.Mentions) {
				r++
			}
		}
		out[e] = r
	}
	return out
}

// firstParty reports whether no other party mention precedes a in its
// sentence.
func (x *run) firstParty(a occ) bool {
	for _, m := range x.mentions[a.sent] {
		if m.i >= a.i {
			return true
		}
		if m.ent != nil && isParty(m.ent.Type) && !m.inner {
			return false
		}
	}
	return true
}

func signedBucket(d int) string {
	switch {
	case d < -2:
		return "<-2"
	case d > 2:
		return ">2"
	}
	return []string{"-2", "-1", "0", "+1", "+2"}[d+2]
}

// contextFeatures are the words around an occurrence and what governs it.
func (x *run) contextFeatures(f *featBuf, side string, o occ) {
	toks := x.sents[o.sent].Tokens
	sk := sideKinds[side]
	if o.i > 0 {
		f.add(sk[0], x.word(toks[o.i-1]))
		if o.i > 1 {
			f.add(sk[1], x.word(toks[o.i-2]))
		}
	} else {
		f.add(sk[0], "<s>")
	}
	if o.j < len(toks) {
		f.add(sk[2], x.word(toks[o.j]))
	} else {
		f.add(sk[2], "</s>")
	}
	if o.sent == 0 {
		f.add(sk[3], "")
	}
	if o.m != nil && !o.plural && side == "a" {
		if p, _ := x.prepAt(toks, o.m, clause{0, len(toks)}); p != "" {
			f.add("aprep", p)
		}
		for k := o.i - 1; k >= 0 && k >= o.i-3; k-- {
			if x.tokRole(toks[k]) {
				f.add("arole", "")
				break
			}
		}
	}
}

// sideKinds are the kinds of the context features of each side of a
// candidate: the words before and after it, and its being in the first
// sentence.
var sideKinds = map[string][4]string{
	"a": {"a-1", "a-2", "a+1", "afirst"},
	"t": {"t-1", "t-2", "t+1", "tfirst"},
	"s": {"s-1", "s-2", "s+1", "sfirst"},
	"o": {"o-1", "o-2", "o+1", "ofirst"},
}

// sameSentence are the features of two occurrences in one sentence.
func (x *run) sameSentence(f *featBuf, inf sentInfo, a, t occ) {
	toks := x.sents[a.sent].Tokens
	lo, hi := a.j, t.i
	order := "at"
	if t.i < a.i {
		lo, hi = t.j, a.i
		order = "ta"
	}
	if hi < lo {
		hi = lo // overlapping: "ein Abkommen mit Kenia"
		order = "in"
	}
	f.add("order", order)
	gap := hi - lo
	f.addp("gap", order, bucket(gap, 0, 2, 5, 10, 20))
	ca, ct := inf.clauseOf[a.i], inf.clauseOf[minInt(t.i, len(toks)-1)]
	if ca == ct {
		f.add("clause", "same")
	} else {
		f.add("clause", bucket(int(absInt16(ct-ca)), 1, 2))
	}
	if gap <= 12 {
		for k := lo; k < hi; k++ {
			f.add("bw", x.stem(toks[k]))
		}
	} else {
		for k := lo; k < lo+4; k++ {
			f.add("bwl", x.stem(toks[k]))
		}
		for k := hi - 4; k < hi; k++ {
			f.add("bwr", x.stem(toks[k]))
		}
	}
	for k := lo; k < hi; k++ {
		switch toks[k].Text {
		case ",", ";", ":", "(", ")", "–", "—":
			f.add("punct", toks[k].Text)
		}
	}
	for ci, h := range inf.cues {
		p := string(h.c.Predicate)
		var pos string
		switch {
		case h.k >= lo && h.k < hi:
			pos = "between"
		case h.k < lo && h.k < a.i && h.k < t.i:
			pos = "before"
		default:
			pos = "after"
		}
		hc := inf.clauseOf[h.k]
		where := "other"
		if hc == ca && hc == ct {
			where = "both"
		} else if hc == ca {
			where = "actor"
		} else if hc == ct {
			where = "target"
		}
		f.addp("cue", p, "/", pos, "/", where)
		f.addp("cuerole", p, "/", h.c.Role, "/", order)
		f.add("cueword", x.stem(toks[h.k]))
		for _, m := range inf.mods {
			if inf.clauseOf[m.k] == hc {
				f.addp("cuemod", p, "/", m.eff)
			}
		}
		if inf.passive[ci] {
			f.addp("passive", p, "/", order)
		}
	}
	if len(inf.cues) == 0 {
		f.add("cue", "none")
	}
	for _, h := range inf.classes {
		var pos string
		switch {
		case h.k >= lo && h.k < hi:
			pos = "between"
		case h.k < a.i && h.k < t.i:
			pos = "before"
		default:
			pos = "after"
		}
		hc := inf.clauseOf[h.k]
		where := "other"
		if hc == ca && hc == ct {
			where = "both"
		} else if hc == ca {
			where = "actor"
		} else if hc == ct {
			where = "target"
		}
		f.addp("cc", h.class, "/", pos, "/", where)
		f.addp("cco", h.class, "/", pos, "/", order)
	}
	for _, m := range inf.mods {
		if inf.clauseOf[m.k] == ca {
			f.add("amod", m.eff)
		}
		if m.k >= lo && m.k < hi {
			f.add("bmod", m.eff)
		}
	}
	// Lists: the actor coordinated with other parties.
	if a.i > 0 {
		if p := toks[a.i-1].Text; p == "," || coordinators[lowerWord(toks[a.i-1])] {
			f.add("alist", "before")
		}
	}
	if a.j < len(toks) && coordinators[lowerWord(toks[a.j])] {
		f.add("alist", "after")
	}
	for k := a.i - 1; k >= 0 && k >= a.i-8; k-- {
		if listWords[lowerWord(toks[k])] {
			f.add("alist", "including")
			break
		}
	}
}

func absInt16(v int16) int16 {
	if v < 0 {
		return -v
	}
	return v
}

// buildsFeatures are the features of two agreement or initiative
// occurrences for builds-on: does the first build on the second?
func (x *run) buildsFeatures(f *featBuf, infos []sentInfo, a, b occ) {
	d := b.sent - a.sent
	f.add("bdist", signedBucket(d))
	x.contextFeatures(f, "s", a)
	x.contextFeatures(f, "o", b)
	if d != 0 {
		for _, h := range infos[a.sent].cues {
			f.addp("bacue", string(h.c.Predicate), "/", signedBucket(d))
		}
		for _, h := range infos[a.sent].classes {
			f.addp("bacc", h.class, "/", signedBucket(d))
		}
		return
	}
	inf := infos[a.sent]
	toks := x.sents[a.sent].Tokens
	lo, hi, order := a.j, b.i, "so"
	if b.i < a.i {
		lo, hi, order = b.j, a.i, "os"
	}
	if hi < lo {
		hi, order = lo, "in"
	}
	f.add("border", order)
	f.addp("bgap", order, bucket(hi-lo, 0, 2, 5, 10, 20))
	if hi-lo <= 12 {
		for k := lo; k < hi; k++ {
			f.addp("bbw", order, "/", x.stem(toks[k]))
		}
	}
	for _, h := range inf.classes {
		pos := "out"
		if h.k >= lo && h.k < hi {
			pos = "between"
		}
		f.addp("bcc", h.class, "/", pos, "/", order)
	}
	for _, h := range inf.cues {
		pos := "out"
		if h.k >= lo && h.k < hi {
			pos = "between"
		}
		f.addp("bcue", string(h.c.Predicate), "/", pos, "/", order)
		if h.c.Predicate == BuildsOn {
			f.addp("bcueword", order, "/", x.stem(toks[h.k]))
		}
	}
}

// stem is a light stem of a word: lower case, without the commonest German
// and English inflection endings.
func (x *run) stem(t Token) string {
	w := x.word(t)
	if t.Kind != Word || len(w) <= 4 {
		return w
	}
	for _, suf := range stemSuffixes {
		if len(w)-len(suf) >= 4 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

var stemSuffixes = []string{"ungen", "ing", "ed", "en", "es", "er", "em", "e", "s", "t"}
