package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// mentionKind says how specific a mention is.
type mentionKind uint8

const (
	named    mentionKind = iota // a proper name: lexicon, person, capitalised name
	specific                    // a compound or descriptive phrase that denotes one thing when definite
	generic                     // a bare head noun ("die Absichtserklärung", "the summit"): refers back
	plural                      // "beide Länder", "the two ministers": refers back to several
)

// mention is an occurrence of an entity in a sentence: tokens [i, j).
type mention struct {
	sent       int
	i, j       int
	typ        Type
	kind       mentionKind
	name       string    // surface name, articles removed
	head       string    // lower-case head noun for agreements and events
	lex        *LexEntry // lexicon entry, if any
	definite   bool
	possessive bool // definite through a possessive ("seines Programms"): no name
	count      int  // for plural mentions: how many referents
	country    string
	ent        *entity   // resolved entity
	refs       []*entity // resolved referents of a plural mention
	personLk   bool      // found by a person pattern
	back       bool      // a head that only refers back ("the text"): no entity of its own
	inner      bool      // a name inside another name ("USA" in "USA China KI Militär Abkommen")
	base       *entity   // for "OZG 2.0": the entity it versions
	src        mentionSrc
}

// mentionSrc says who found a mention.
type mentionSrc uint8

const (
	srcRules     mentionSrc = 1 << iota // the rules, unchecked (lexicon names, descriptions)
	srcConfirmed                        // the rules, and the tagger agrees
	srcTagger                           // the tagger alone
)

// entity is the extractor's working record of an entity.
type entity struct {
	Entity
	idx      int // the position in run.ents (newEntity and mergeSameNames keep it)
	head     string
	kind     mentionKind
	lastSeen int // sentence index of the last mention
	firstPos int // byte offset of the first mention
	surnames []string
	keep     bool // output even without relations
	srcs     mentionSrc
	lexed    bool                // a lexicon entry stands behind it
	inRule   bool                // a rule relation names it
	prob     float64             // the entity model's probability that it is a real name, -1 before it ran
	feats    map[string][]uint64 // entityFeatures' hashes by prefix
}

var articles = map[string]bool{
	"der": true, "die": true, "das": true, "des": true, "dem": true, "den": true,
	"the": true, "this": true, "these": true, "that": true,
	"dieser": true, "diese": true, "dieses": true, "diesem": true, "diesen": true,
	"jener": true, "jene": true, "jenes": true,
}

var indefinites = map[string]bool{
	"ein": true, "eine": true, "einer": true, "eines": true, "einem": true, "einen": true,
	"a": true, "an": true, "another": true, "kein": true, "keine": true, "keinen": true, "keiner": true,
}

// possessives count as definite: "ihre Partnerschaft", "its agreement".
var possessives = map[string]bool{
	"ihre": true, "ihrer": true, "ihren": true, "ihrem": true, "ihr": true, "ihres": true,
	"seine": true, "seiner": true, "seinen": true, "seinem": true, "sein": true, "seines": true,
	"their": true, "its": true, "his": true, "her": true, "unsere": true, "our": true,
}

// pluralNouns are the heads of plural references to actors.
var pluralNouns = map[string]Type{
	"länder": Country, "ländern": Country, "staaten": Country, "nationen": Country, "mächte": Country,
	"regierungen": Country, "partnerländer": Country, "supermächte": Country, "großmächte": Country,
	"seiten": Country, "countries": Country, "states": Country, "nations": Country, "powers": Country,
	"governments": Country, "sides": Country, "superpowers": Country,
	"minister": Person, "ministerinnen": Person, "politiker": Person, "ministers": Person, "leaders": Person,
	"staatschefs": Person, "regierungschefs": Person, "präsidenten": Person, "presidents": Person,
	"städte": Place, "gemeinden": Place, "kommunen": Place, "regionen": Place, "cities": Place, "towns": Place,
	"municipalities": Place, "regions": Place, "provinces": Place, "provinzen": Place, "bundesländer": Place,
	"unternehmen": Organization, "firmen": Organization, "konzerne": Organization, "organisationen": Organization,
	"universitäten": Organization, "hochschulen": Organization, "behörden": Organization, "companies": Organization,
	"firms": Organization, "organisations": Organization, "organizations": Organization, "universities": Organization,
	"agencies": Organization, "institutions": Organization, "institutionen": Organization,
}

var pluralCount = map[string]int{
	"beide": 2, "beiden": 2, "beider": 2, "zwei": 2, "both": 2, "two": 2, "drei": 3, "three": 3,
	"vier": 4, "four": 4, "fünf": 5, "five": 5,
}

// lowerWord returns the lower-case form of a token.
func lowerWord(t Token) string {
	if t.lower != "" || t.Text == "" {
		return t.lower
	}
	return strings.ToLower(t.Text)
}

// isAcronym reports whether s is an all-capitals word of 2 to 8 letters
// ("EU", "REAIM", "OZG"), digits allowed after the first letter.
func isAcronym(s string) bool {
	n := 0
	for i, r := range s {
		switch {
		case unicode.IsUpper(r):
			n++
		case i > 0 && unicode.IsDigit(r):
		default:
			return false
		}
	}
	return n >= 2 && n <= 8
}

// headResult is a cached headOf answer.
type headResult struct {
	head  string
	typ   Type
	exact bool
}

// roleOf is Lexicon.roleOf, cached for the run.
func (x *run) roleOf(w string) bool {
	if r, ok := x.roles[w]; ok {
		return r
	}
	r := x.lx.roleOf(w)
	x.roles[w] = r
	return r
}

// nameToken is Lexicon.nameToken, cached for the run by token text.
func (x *run) nameToken(t Token) bool {
	if r, ok := x.names[t.Text]; ok {
		return r
	}
	r := x.lx.nameToken(t)
	x.names[t.Text] = r
	return r
}

// headOf is Lexicon.headOf, cached for the run.
func (x *run) headOf(word string) (string, Type, bool) {
	if r, ok := x.heads[word]; ok {
		return r.head, r.typ, r.exact
	}
	h, t, e := x.lx.headOf(word)
	x.heads[word] = headResult{h, t, e}
	return h, t, e
}

// headOf returns the agreement/event/initiative head a word ends in, and the
// type, when the word is singular: "Sicherheitskonferenz" -> konferenz,
// "KI-Allianz" -> allianz, "Abkommens" -> abkommen. exact is true when the
// word is the bare head.
func (lx *Lexicon) headOf(word string) (head string, typ Type, exact bool) {
	lw := strings.ToLower(word)
	last := lw
	if k := lastHyphen(lw); k >= 0 {
		last = lw[k:]
		_, n := utf8.DecodeRuneInString(last)
		last = last[n:]
	}
	for _, w := range []string{last, strings.TrimSuffix(last, "s"), strings.TrimSuffix(last, "es")} {
		if t, ok := lx.heads[w]; ok && w != "" {
			return w, t, w == lw || w+"s" == lw || w+"es" == lw
		}
	}
	// German compounds: the longest head that ends the word, with at least
	// three letters before it.
	if !strings.ContainsAny(last, " ") {
		for _, h := range lx.headsByLen {
			if len(h) < 4 || len(last) < len(h)+3 {
				continue
			}
			for _, suf := range []string{"", "s", "es"} {
				if strings.HasSuffix(last, h+suf) && len(last)-len(h+suf) >= 3 {
					return h, lx.heads[h], false
				}
			}
		}
	}
	return "", "", false
}

func lastHyphen(s string) int {
	k := -1
	for i, r := range s {
		if isHyphen(r) {
			k = i
		}
	}
	return k
}

// isStop reports whether w (any case) is a function word.
func (lx *Lexicon) isStop(w string) bool {
	_, ok := lowerLookup(lx.stopwords, w)
	return ok
}

// roleOf reports whether the word is a role word ("Außenministerin",
// "Digitalministers", "CEO"), through the list or as a German compound of
// a listed role.
func (lx *Lexicon) roleOf(w string) bool {
	lw := strings.ToLower(w)
	// "Nordwind-Geschäftsführerin", "EU-Kommissarin": the last part counts.
	if k := lastHyphen(lw); k > 0 && k < len(lw)-1 {
		_, n := utf8.DecodeRuneInString(lw[k:])
		if lx.roleOf(lw[k+n:]) {
			return true
		}
	}
	if _, ok := lx.roles[lw]; ok {
		return true
	}
	for _, suf := range []string{"s", "en", "n"} {
		if _, ok := lx.roles[strings.TrimSuffix(lw, suf)]; ok && strings.HasSuffix(lw, suf) {
			return true
		}
	}
	for _, base := range []string{"minister", "ministerin", "präsident", "präsidentin", "kanzler", "kanzlerin", "sekretär", "sekretärin", "botschafter", "botschafterin", "kommissar", "kommissarin", "chef", "chefin", "sprecher", "sprecherin", "kollege", "kollegin", "vorsitzende", "vorsitzender", "gesandte", "gesandter", "beauftragte", "beauftragter"} {
		if strings.HasSuffix(lw, base) || strings.HasSuffix(lw, base+"s") {
			return true
		}
	}
	return false
}

// nounSuffixes end German common nouns; a capitalised word ending in one is
// not taken for a surname.
var nounSuffixes = []string{"ung", "ungen", "heit", "keit", "schaft", "tion", "ismus", "ität", "chen", "lein", "nis", "tum", "ment", "ik", "ie", "enz", "anz", "ur", "ei", "ität", "ling"}

func looksLikeCommonNoun(w string) bool {
	lw := strings.ToLower(w)
	for _, s := range nounSuffixes {
		if strings.HasSuffix(lw, s) && len(lw) > len(s)+3 {
			return true
		}
	}
	return false
}

// nameToken reports whether t can be part of a person's name: capitalised,
// letters (hyphens and apostrophes allowed), not a function word, role,
// month or known non-person entity.
func (lx *Lexicon) nameToken(t Token) bool {
	if t.Kind != Word || !t.Upper() {
		return false
	}
	if lx.isStop(t.Text) || lx.roleOf(t.Text) || month(t.Text) != 0 {
		return false
	}
	if _, ok := weekdays[strings.ToLower(t.Text)]; ok {
		return false
	}
	if isAcronym(t.Text) {
		return false
	}
	if _, ok := lx.adjectives[strings.ToLower(t.Text)]; ok {
		return false
	}
	for _, r := range t.Text {
		if !unicode.IsLetter(r) && !isHyphen(r) && r != '\'' && r != '’' && r != '.' {
			return false
		}
	}
	// "Accra-based", "US-led", "EU-Staaten": a compound with a lower-case
	// or plural-noun part is no name.
	if k := strings.IndexAny(t.Text, "-‐‑"); k > 0 {
		rest := t.Text[k+1:]
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLower(r) || isAcronym(t.Text[:k]) {
			return false
		}
	}
	return true
}

// isInitial reports whether t is a middle initial ("M.").
func isInitial(toks []Token, i int) bool {
	if i+1 >= len(toks) || toks[i+1].Text != "." {
		return false
	}
	t := toks[i].Text
	return utf8.RuneCountInString(t) == 1 && toks[i].Upper()
}

var nameParticles = map[string]bool{
	"von": true, "van": true, "de": true, "da": true, "del": true, "der": true, "den": true, "di": true,
	"du": true, "la": true, "le": true, "bin": true, "al": true, "el": true, "ter": true, "zu": true, "dos": true, "ben": true,
}

// isGiven reports whether w is a given name, including hyphenated double
// names ("François-Philippe") whose parts are given names.
func (lx *Lexicon) isGiven(w string) bool {
	if lx.givenNames[w] {
		return true
	}
	if k := strings.IndexAny(w, "-‐‑"); k > 0 {
		parts := strings.FieldsFunc(w, isHyphen)
		for _, p := range parts {
			if !lx.givenNames[p] {
				return false
			}
		}
		return len(parts) > 1
	}
	return false
}
