package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The entity head of the model decides whether an entity the rules and
// the tagger found is a real name of one of the eight types: "Mayor",
// "Natural Resources" or "promoting dialogue" are not. Its features
// describe who found the entity, the shape and words of its name, and how
// often and how the text mentions it. tools/train labels an entity real
// when one of its names is a name the gold lists, optional ones included.

// entityFeatures adds the features of e, each kind prefixed by prefix
// ("" for the entity head; "s." and "o." for the subject and object of a
// relation candidate).
func (x *run) entityFeatures(f *featBuf, e *entity, prefix string) {
	if !f.keep {
		// The features of an entity are the same for every candidate it
		// is part of: computed once per prefix.
		if e.feats == nil {
			e.feats = map[string][]uint64{}
		}
		hs, ok := e.feats[prefix]
		if !ok {
			g := &featBuf{}
			x.entityFeaturesOf(g, e, prefix)
			hs = g.hs
			e.feats[prefix] = hs
		}
		f.hs = append(f.hs, hs...)
		return
	}
	x.entityFeaturesOf(f, e, prefix)
}

func (x *run) entityFeaturesOf(f *featBuf, e *entity, prefix string) {
	t := string(e.Type)
	add := func(kind, val string) { f.add(prefix+kind, val) }
	add("etype", t)
	add("esrc", t+"/"+srcName(e.srcs))
	add("ekind", t+"/"+kindName(e.kind))
	if e.lexed {
		add("elex", t)
	}
	add("ementions", t+"/"+bucket(len(e.Mentions), 1, 2, 3, 5))
	words := strings.Fields(e.Name)
	add("ewords", t+"/"+bucket(len(words), 1, 2, 3, 5))
	if len(words) == 0 {
		return
	}
	first, last := words[0], words[len(words)-1]
	r, _ := utf8.DecodeRuneInString(first)
	switch {
	case unicode.IsLower(r):
		add("eshape", t+"/lower")
	case isAcronym(first) && len(words) == 1:
		add("eshape", t+"/acronym")
	case strings.ToUpper(e.Name) == e.Name:
		add("eshape", t+"/caps")
	}
	if strings.ContainsAny(e.Name, "0123456789") {
		add("edigit", t)
	}
	if strings.ContainsAny(e.Name, "()[]\"„“”'’") {
		add("epunct", t)
	}
	add("efirst", t+"/"+strings.ToLower(first))
	add("elast", t+"/"+strings.ToLower(last))
	lower, roles := 0, 0
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			lower++
		}
		if x.roleOf(w) {
			roles++
		}
	}
	if lower > 0 {
		add("elowerwords", t+"/"+bucket(lower, 1, 2))
	}
	if roles > 0 {
		add("erole", t)
	}
	if x.lx.isStop(first) {
		add("estopfirst", t)
	}
	if len(words) > 1 && x.lx.isStop(last) {
		add("estoplast", t)
	}
	if e.Type == Person {
		if x.lx.isGiven(first) {
			add("egiven", "")
		}
		if len(words) == 1 {
			add("esingle", "")
		}
	}
	if len(words) == 1 {
		if h, _, exact := x.headOf(first); h != "" && exact {
			add("ebarehead", t)
		}
	}
	if _, ok := stripPossessive(last); ok {
		add("eposs", t)
	}
	if e.inRule {
		add("erule", t)
	}
	add("elang", x.lang)
}

func srcName(s mentionSrc) string {
	var parts []string
	if s&srcRules != 0 {
		parts = append(parts, "rules")
	}
	if s&srcConfirmed != 0 {
		parts = append(parts, "confirmed")
	}
	if s&srcTagger != 0 {
		parts = append(parts, "tagger")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "+")
}

// entityProbs gives every entity the entity head's probability, or 1
// without a head.
func (x *run) entityProbs(m *Model) {
	h := m.Head("entity")
	f := &featBuf{}
	x.markRuleEntities()
	for _, e := range x.ents {
		e.prob = 1
		if h == nil {
			continue
		}
		f.reset()
		x.entityFeatures(f, e, "")
		e.prob = h.Prob(f.hs)
	}
}

// markRuleEntities marks the entities the rules' relations name.
func (x *run) markRuleEntities() {
	for _, r := range x.rels {
		if s := x.byPlaceholder(r.Subject); s != nil {
			s.inRule = true
		}
		if o := x.byPlaceholder(r.Object); o != nil {
			o.inRule = true
		}
	}
}

// EntityCandidate is an entity the entity head decides on, with the names
// of its features: what tools/train learns the head from.
type EntityCandidate struct {
	Entity   Entity
	Features []string
}
