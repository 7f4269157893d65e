package extract

import (
	"strings"
	"unicode/utf8"
)

// isPersonStart reports whether toks[i] starts a person's name by the
// given-name rule: a given name followed by a name token or an initial.
func (x *run) isPersonStart(toks []Token, i int) bool {
	if i+1 >= len(toks) || !x.tokGiven(toks[i]) {
		return false
	}
	return x.tokName(toks[i+1]) || isInitial(toks, i+1) || nameParticles[toks[i+1].Text] && i+2 < len(toks) && x.tokName(toks[i+2])
}

// nameEnd returns the end of a person's name that starts at i: given
// names, initials ("M.") and particles ("von der", "van"), then one
// surname. A name not starting with a given name is a single surname. A
// token claimed by another mention ends the name.
func (x *run) nameEnd(toks []Token, i int, claimed []bool) int {
	j := i
	surname := func(k int) bool {
		if k >= len(toks) || claimed[k] || !x.tokName(toks[k]) {
			return false
		}
		if e, _ := x.match(toks, k); e != nil && e.Type != Person {
			return false // "... Scindia Indien": a state ends the name
		}
		if h, _, _ := x.tokHead(toks[k]); h != "" {
			return false
		}
		return true
	}
	for j < len(toks) && j-i < 6 && !claimed[j] {
		switch {
		case isInitial(toks, j) && j > i:
			j += 2
			continue
		case x.tokGiven(toks[j]) && (surname(j+1) || isInitial(toks, j+1) || j+1 < len(toks) && nameParticles[toks[j+1].Text]):
			j++
			continue
		case nameParticles[toks[j].Text] && j > i && j+1 < len(toks) && (x.tokName(toks[j+1]) || nameParticles[toks[j+1].Text]):
			j++
			continue
		case surname(j):
			// "Lula da Silva", "van der Leyen": particles and one more
			// name after the surname.
			e := j + 1
			for e < len(toks) && nameParticles[toks[e].Text] && e+1 < len(toks) {
				e++
			}
			if e > j+1 && surname(e) {
				return e + 1
			}
			// Two surnames: "Aminata Ndiaye Sall", "Gabriel García Márquez",
			// when nothing name-like follows the second.
			if j > i && surname(j+1) && !x.tokNoun(toks[j+1]) && (j+2 >= len(toks) || !toks[j+2].Upper() || toks[j+2].Kind == Punct) {
				return j + 2
			}
			return j + 1
		}
		break
	}
	// Do not end on an initial or a particle.
	for j > i && (nameParticles[toks[j-1].Text] || toks[j-1].Text == ".") {
		if toks[j-1].Text == "." {
			j -= 2
			continue
		}
		j--
	}
	return j
}

// personAt finds a person whose name starts at or is announced at toks[i]:
//   - a given name and a surname: "Evan Solomon", "Jyotiraditya M. Scindia";
//   - a role word, then a name: "Digitalminister Karsten Wildberger",
//     "Minister für Künstliche Intelligenz, Evan Solomon", "President Lula";
//   - a title: "Dr. X", "Herr X", "Mr X".
func (x *run) personAt(toks []Token, i int, claimed []bool) *mention {
	t := toks[i]
	// Given name + surname, unless a company word follows ("Aurora
	// Maritime Systems Oy").
	if x.isPersonStart(toks, i) {
		j := x.nameEnd(toks, i+1, claimed)
		if j > i+1 && !(j < len(toks) && toks[j].Upper() && x.tokOrg(toks[j])&2 != 0) {
			return x.personMention(toks, i, j, 0.9)
		}
	}
	// Role word + name.
	if t.Kind == Word && x.tokRole(t) {
		k := i + 1
		// Skip a complement of the role: "für digitale Transformation",
		// "der Niederlande" is a country, not a name; "of Canada".
		if k < len(toks) {
			switch lowerWord(toks[k]) {
			case "für", "for", "of", "des", "der", "im", "für,":
				k = x.skipRoleComplement(toks, k+1)
			}
		}
		// English portfolios come before "of"-less names: "Environment
		// Minister Bola Adeyemi"; German ones after: "Minister für Digitales".
		if k < len(toks) && toks[k].Text == "," {
			k++
		}
		// A title between role and name: "Ministerpräsidentin Dr. X".
		for k+1 < len(toks) && titles[toks[k].Text] && toks[k+1].Text == "." {
			k += 2
		}
		for k < len(toks) && titles[toks[k].Text] && toks[k].Text != "Dr" && toks[k].Text != "Prof" {
			k++
		}
		// "Vice President JD Vance": initials written as one word.
		if k+1 < len(toks) && len(toks[k].Text) == 2 && isAcronym(toks[k].Text) && x.plainSurname(toks, k+1, claimed) {
			return x.personMention(toks, k, k+2, 0.75)
		}
		if k < len(toks) && !claimed[k] && x.tokName(toks[k]) && !x.tokNoun(toks[k]) && !x.lx.portfolio[lowerWord(toks[k])] {
			if h, _, _ := x.tokHead(toks[k]); h == "" {
				j := x.nameEnd(toks, k, claimed)
				// After a role, two name-like words are a name even when
				// the first is no given name we know: "Minister Claudine
				// Mukamana".
				if j == k+1 && x.plainSurname(toks, k+1, claimed) {
					j = k + 2
				}
				// "Secretary of State for the Sea, Camille Duret": a name
				// after the comma is the name; the word before was the
				// portfolio.
				if j == k+1 && j+1 < len(toks) && toks[j].Text == "," && !claimed[j+1] && (x.isPersonStart(toks, j+1) || x.tokName(toks[j+1]) && x.plainSurname(toks, j+2, claimed)) {
					k = j + 1
					j = x.nameEnd(toks, k, claimed)
					if j == k+1 && x.plainSurname(toks, k+1, claimed) {
						j = k + 2
					}
				}
				if j > k && j-k <= 4 && (j-k >= 2 || x.surnameContext(toks, j)) {
					return x.personMention(toks, k, j, 0.8)
				}
			}
		}
	}
	// Title + name.
	switch t.Text {
	case "Dr", "Prof", "Herr", "Frau", "Mr", "Mrs", "Ms", "Sir", "Dame":
		k := i + 1
		if k < len(toks) && toks[k].Text == "." {
			k++
		}
		if k < len(toks) && x.tokName(toks[k]) && !x.tokNoun(toks[k]) {
			j := x.nameEnd(toks, k, claimed)
			if j > k {
				return x.personMention(toks, k, j, 0.75)
			}
		}
	}
	// Name followed by an apposition with a role: "Ruben Brekelmans,
	// Verteidigungsminister der Niederlande".
	if x.tokName(t) && !x.tokNoun(t) && (i == 0 || !toks[i-1].Upper() || toks[i-1].Kind == Punct) {
		j := x.nameEnd(toks, i, claimed)
		if j-i >= 2 && j-i <= 4 && j+1 < len(toks) && toks[j].Text == "," && x.tokRole(toks[j+1]) {
			return x.personMention(toks, i, j, 0.75)
		}
	}
	return nil
}

// titles stand between a role and a name.
var titles = map[string]bool{"Dr": true, "Prof": true, "Professor": true, "Professorin": true, "Dame": true, "Sir": true}

// skipRoleComplement skips the portfolio or state after "Minister für",
// "Minister of", "Verteidigungsminister der" ("digitale Transformation",
// "Foreign Affairs", "Niederlande") and returns the index after it. It stops
// at a punctuation mark, a given name, or a capitalised word that is neither
// a portfolio word nor a known name.
func (x *run) skipRoleComplement(toks []Token, k int) int {
	start := k
	for k < len(toks) && k < start+8 {
		t := toks[k]
		if t.Text == "," && k+1 < len(toks) && !x.isPersonStart(toks, k+1) && (x.lx.portfolio[lowerWord(toks[k+1])] || x.lang == "de" && x.tokNoun(toks[k+1])) {
			k++ // "für Forschung, Technologie und Raumfahrt"
			continue
		}
		if t.Kind == Punct || x.isPersonStart(toks, k) {
			return k
		}
		lw := lowerWord(t)
		switch {
		case t.Lower() || lw == "und" || lw == "and":
			k++
		case x.lx.portfolio[lw] || x.tokRole(t):
			k++
		default:
			if e, n := x.match(toks, k); e != nil && e.Type != Person {
				k += n
				continue
			}
			if x.lang == "de" && x.tokNoun(t) {
				k++ // "Minister für Bildung und Forschung"
				continue
			}
			return k
		}
	}
	return k
}

// plainSurname reports whether toks[k] can end a name after a first name:
// a name-like word that is no common noun, head, state or known name.
func (x *run) plainSurname(toks []Token, k int, claimed []bool) bool {
	if k >= len(toks) || claimed[k] || !x.tokName(toks[k]) || x.tokNoun(toks[k]) || x.lx.portfolio[lowerWord(toks[k])] {
		return false
	}
	if e, _ := x.match(toks, k); e != nil {
		return false
	}
	h, _, _ := x.tokHead(toks[k])
	return h == ""
}

// surnameContext reports whether a single name token after a role is likely
// a surname: it is followed by punctuation, a verb-like lower-case word, a
// conjunction or the end of the sentence.
func (x *run) surnameContext(toks []Token, j int) bool {
	if j >= len(toks) {
		return true
	}
	t := toks[j]
	if t.Text == ":" {
		return false // a label: "Investor Relations: ..."
	}
	if t.Kind == Punct {
		return true
	}
	lw := lowerWord(t)
	return t.Lower() && !articles[lw] || lw == "und" || lw == "and"
}

// personMention makes the mention of a person named toks[i:j], merging it
// with a person already known in the document by full name or surname.
func (x *run) personMention(toks []Token, i, j int, conf float64) *mention {
	name := x.span(toks[i].Start, toks[j-1].End)
	// Genitive or possessive: "Trump's", and in German "Donald Trumps
	// Rückkehr" (an s-ending name before a noun).
	if s, ok := stripPossessive(name); ok {
		name = s
	} else if x.lang == "de" && j-i >= 2 && strings.HasSuffix(name, "s") && j < len(toks) && toks[j].Upper() && toks[j].Kind == Word && !x.tokStop(toks[j]) {
		name = strings.TrimSuffix(name, "s")
	}
	if p := x.knownPerson(name); p != nil {
		return &mention{i: i, j: j, typ: Person, kind: named, name: p.Name, ent: p, personLk: true}
	}
	if j == i+1 {
		// "Staatssekretär Behrendt" after "Florian Behrendt".
		if p := x.knownSurname(name); p != nil {
			return &mention{i: i, j: j, typ: Person, kind: named, name: p.Name, ent: p, personLk: true}
		}
	}
	m := &mention{i: i, j: j, typ: Person, kind: named, name: name, personLk: true}
	// Nationality from an adjective or a possessive state before the role:
	// "sein kanadischer Amtskollege Evan Solomon", "der kanadische Minister
	// ..., Evan Solomon", "Canada's Prime Minister Justin Trudeau".
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if c, ok := x.lx.adjectives[lowerWord(toks[k])]; ok {
			m.country = c
			break
		}
		if s, ok := stripPossessive(toks[k].Text); ok {
			if e, n := x.match([]Token{{Text: s, Kind: Word}}, 0); e != nil && n == 1 && e.Type == Country {
				m.country = e.Country
				break
			}
		}
		if toks[k].Text == "." || toks[k].Text == ";" {
			break
		}
	}
	return m
}

// knownPerson finds a person of the document by full name, or by the name
// without a genitive s.
func (x *run) knownPerson(name string) *entity {
	if p := x.people[name]; p != nil {
		return p
	}
	if strings.HasSuffix(name, "s") {
		if p := x.people[strings.TrimSuffix(name, "s")]; p != nil {
			return p
		}
	}
	return nil
}

// knownSurname finds a person of the document by surname ("Wildberger",
// "Trumps").
func (x *run) knownSurname(w string) *entity {
	if len(x.surnames) == 0 {
		return nil
	}
	if p := x.surnames[w]; p != nil {
		return p
	}
	if s, ok := stripPossessive(w); ok {
		if p := x.surnames[s]; p != nil {
			return p
		}
	}
	if strings.HasSuffix(w, "s") && len(w) > 3 {
		return x.surnames[strings.TrimSuffix(w, "s")]
	}
	return nil
}

// orgAt finds an organisation by pattern at toks[i]:
//   - a type noun before the name: "Meinungsplattform Verivox", "the
//     startup Acme";
//   - capitalised words ending in an organisation noun: "Deutsches
//     Forschungszentrum für Künstliche Intelligenz", "Vector Institute",
//     "Bundesministerium für Digitales und Staatsmodernisierung".
func (x *run) orgAt(toks []Token, i int, claimed []bool) *mention {
	t := toks[i]
	if t.Kind != Word {
		return nil
	}
	if x.tokOrg(t)&1 != 0 && i+1 < len(toks) && !claimed[i+1] && toks[i+1].Upper() && !x.tokStop(toks[i+1]) && !x.tokNoun(toks[i+1]) && utf8.RuneCountInString(toks[i+1].Text) > 2 {
		if h, _, _ := x.tokHead(toks[i+1]); h == "" && (x.lang == "en" || x.tokEnglish(toks[i+1]) || !x.germanNounLike(toks[i+1].Text) || isAcronym(toks[i+1].Text)) {
			j := i + 2
			for j < len(toks) && !claimed[j] && toks[j].Upper() && toks[j].Kind == Word && !x.tokStop(toks[j]) && j-i < 4 && (x.tokEnglish(toks[j]) || x.lang == "en") {
				j++
			}
			return &mention{i: i + 1, j: j, typ: Organization, kind: named, name: x.span(toks[i+1].Start, toks[j-1].End)}
		}
	}
	if !t.Upper() || x.tokStop(t) {
		return nil
	}
	// Name ending in an organisation noun, possibly with a "für/of"
	// complement.
	j := i
	for j < len(toks) && !claimed[j] && toks[j].Kind == Word && (toks[j].Upper() || j > i && x.lang == "de" && x.adjectiveLike(toks[j].Text) && !possessives[lowerWord(toks[j])] && !x.tokStop(toks[j])) && j-i < 6 {
		if x.tokOrg(toks[j])&2 != 0 {
			end := j + 1
			if end < len(toks) {
				switch lowerWord(toks[end]) {
				case "für", "of", "for":
					end = x.orgComplementEnd(toks, end, claimed)
				}
			}
			// A bare noun ("das Ministerium") is not a name; it needs a
			// modifier before it or a complement after it.
			if end == j+1 && j == i && !strings.Contains(lowerWord(toks[j]), "bundes") {
				return nil
			}
			if i == 0 && j > i && !x.tokStop(toks[i]) && toks[i].Upper() && x.lang == "de" && !x.adjectiveLike(toks[i].Text) && end == j+1 {
				return nil
			}
			return &mention{i: i, j: end, typ: Organization, kind: named, name: x.span(toks[i].Start, toks[end-1].End)}
		}
		j++
	}
	return nil
}

func (x *run) orgNounAfter(lw string) bool { return x.orgWord(lw)&2 != 0 }

// orgWord classifies lw as an organisation noun that stands before a name
// (bit 1: "Meinungsplattform Verivox") or ends one (bit 2: "Vector
// Institute"), German compounds included; cached for the run.
func (x *run) orgWord(lw string) uint8 {
	if r, ok := x.orgWords[lw]; ok {
		return r
	}
	var r uint8
	if x.lx.orgBefore[lw] {
		r |= 1
	} else {
		for _, w := range x.lx.orgBeforeList {
			if len(w) >= 5 && strings.HasSuffix(lw, w) {
				r |= 1
				break
			}
		}
	}
	if x.lx.orgAfter[lw] {
		r |= 2
	} else if x.lang == "de" {
		for _, w := range x.lx.orgAfterList {
			if len(w) >= 6 && strings.HasSuffix(lw, w) {
				r |= 2
				break
			}
		}
	}
	x.orgWords[lw] = r
	return r
}

// germanNounLike reports whether a capitalised word looks like an ordinary
// German noun rather than a brand: long, with a German ending.
func (x *run) germanNounLike(w string) bool {
	return looksLikeCommonNoun(w) || len(w) > 12
}

// orgComplementEnd extends an organisation's name over one prepositional
// phrase: "Ministry of Defence", "Bundesministerium für Bildung und
// Forschung", "Forschungszentrum für Künstliche Intelligenz"; a second
// preposition ends it ("Ministry of Defence on Mine Countermeasures").
func (x *run) orgComplementEnd(toks []Token, i int, claimed []bool) int {
	end := i
	for j := i + 1; j < len(toks) && j-i <= 8; j++ {
		t := toks[j]
		lw := lowerWord(t)
		switch {
		case t.Kind == Word && t.Upper() && !x.tokStop(t):
			if x.isPersonStart(toks, j) || x.tokRole(t) {
				return end
			}
			end = j + 1
		case (lw == "of" || lw == "for") && x.lang == "en" && end > i && j+1 < len(toks) && toks[j+1].Upper():
			// "Korea Institute for Advancement of Technology"
		case lw == "und" || lw == "and" || lw == "&" || lw == "der" || lw == "des" || lw == "the" || lw == ",":
			if end == i {
				continue
			}
			if j+1 >= len(toks) || !toks[j+1].Upper() && !(x.lang == "de" && toks[j+1].Lower()) {
				return end
			}
		case t.Kind == Word && t.Lower() && x.lang == "de" && x.adjectiveLike(t.Text):
			// "für digitale und staatliche Modernisierung"
		default:
			if end == i {
				return i
			}
			return end
		}
	}
	if end == i {
		return i
	}
	return end
}
