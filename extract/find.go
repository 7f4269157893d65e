package extract

import (
	"strings"
)

// sentenceMentions finds the entity mentions of one sentence, in token
// order, without overlaps.
func (x *run) sentenceMentions(si int) []*mention {
	s := &x.sents[si]
	toks := s.Tokens
	claimed := make([]bool, len(toks))
	var out []*mention
	free := func(i, j int) bool {
		if i < 0 || j > len(toks) || i >= j {
			return false
		}
		for k := i; k < j; k++ {
			if claimed[k] {
				return false
			}
		}
		return true
	}
	add := func(m *mention) {
		m.sent = si
		for k := m.i; k < m.j; k++ {
			claimed[k] = true
		}
		out = append(out, m)
	}
	lx := x.lx

	// An English headline in title case ("Acme Signs Memorandum of
	// Understanding with Ministry of Defence") capitalises every word: only
	// known names and people are trusted there.
	title := x.titleCase(toks)

	// 0. A dateline names the place of the report: "A Coruña, Spanien,
	// 05. Februar 2026 –", "Kananaskis, Alberta, June 17 (Reuters) –".
	if m := x.dateline(toks); m != nil {
		add(m)
	}

	// 1. Quoted names: „KI-Fabrik“, "Digital Europe Programme".
	for i := 0; i < len(toks); i++ {
		if !isOpenQuote(toks[i].Text) {
			continue
		}
		j := i + 1
		for j < len(toks) && j-i <= 14 && !isCloseQuote(toks[j].Text) {
			j++
		}
		if j >= len(toks) || j == i+1 || !isCloseQuote(toks[j].Text) {
			continue
		}
		// Names in quotes are short, unless they open with a head noun:
		// „Partnerschaft von Dakar für Mobilität, Beschäftigung und Schutz“.
		if j-i > 5 {
			if h, _, _ := x.tokHead(toks[i+1]); h == "" || j-i > 14 {
				continue
			}
		}
		// A quote glued to a following hyphen is part of a compound
		// („Once-Only“-Prinzip): not a name.
		if j+1 < len(toks) && toks[j+1].Start == toks[j].End && isHyphenTok(toks[j+1].Text) {
			continue
		}
		inner := toks[i+1 : j]
		if !inner[0].Upper() && !isAcronym(inner[0].Text) {
			continue
		}
		name := x.span(inner[0].Start, inner[len(inner)-1].End)
		typ, head := Type(""), ""
		if h, t, _ := x.tokHead(inner[len(inner)-1]); h != "" {
			typ, head = t, h
		}
		if e, n := x.match(inner, 0); e != nil && n == len(inner) {
			continue // a lexicon name in quotes is found below
		}
		hasMark := false
		for _, t := range inner {
			if strings.ContainsAny(t.Text, "-‐‑") || isAcronym(t.Text) || t.Kind == Number || strings.ContainsAny(t.Text, "0123456789") {
				hasMark = true
			}
		}
		if typ == "" {
			typ = x.contextType(toks, i)
		}
		if typ == "" && !hasMark {
			continue
		}
		if typ == "" {
			typ = Initiative
		}
		add(&mention{i: i + 1, j: j, typ: typ, kind: named, name: name, head: head})
		claimed[i], claimed[j] = true, true
	}

	// 2. Capitalised multiword names ending in a head: "Sovereign Technology
	// Alliance", "Münchner Sicherheitskonferenz", "USA China KI Militär Abkommen".
	for j := len(toks) - 1; j > 0 && !title; j-- {
		if claimed[j] || toks[j].Kind != Word || !toks[j].Upper() {
			continue
		}
		head, typ, _ := x.tokHead(toks[j])
		if head == "" {
			continue
		}
		i := j
		marked := false
		for i > 0 && !claimed[i-1] {
			if k := truncatedCompound(toks, i); k < i {
				i = k // "Energie- und Rohstoffpartnerschaft"
				continue
			}
			// "Constitutional Reform and Governance Act": "and" between
			// capitalised words of an English name.
			if x.lang == "en" && i >= 2 && lowerWord(toks[i-1]) == "and" && toks[i-2].Upper() && !claimed[i-2] && !x.tokStop(toks[i-2]) {
				i -= 2
				continue
			}
			if !(toks[i-1].Kind == Word && (toks[i-1].Upper() || isAcronym(toks[i-1].Text)) && !x.tokStop(toks[i-1]) && !x.tokRole(toks[i-1]) && !x.isPersonStart(toks, i-1)) {
				break
			}
			i--
			t := toks[i].Text
			if lx.cityAdj[t] != nil || isAcronym(t) || x.tokEnglish(toks[i]) || strings.ContainsAny(t, "0123456789") || x.properAdjective(toks, i) {
				marked = true
			} else if e, _ := x.match(toks, i); e != nil {
				marked = true
			}
		}
		// "Treaty of Rome", "Conference on Security": head first is rare in
		// news; keep to the common head-last names.
		if i == j || !marked {
			continue
		}
		// "Deutschlands Strategie", "Germany's strategy": a possessive.
		if e, n := x.match(toks, i); e != nil && i+n == j && (e.Type == Country || e.Type == Place) && (strings.HasSuffix(toks[i+n-1].Text, "s") && !strings.HasSuffix(e.Name, "s") || strings.Contains(toks[i+n-1].Text, "'")) {
			continue
		}
		// Skip a capitalised first word that is only capitalised because it
		// starts the sentence and is a German adjective ("Internationale").
		if i == 0 && lx.cityAdj[toks[i].Text] == nil && !isAcronym(toks[i].Text) && strings.HasSuffix(lowerWord(toks[i]), "e") && !x.tokEnglish(toks[i]) {
			i++
			if i == j {
				continue
			}
		}
		end := j + 1
		if end < len(toks) && isYear(toks[end].Text) {
			end++ // "Data Protection Act 2025"
			if end+1 < len(toks) && (toks[end].Text == "–" || toks[end].Text == "-" || toks[end].Text == "/") && isYear(toks[end+1].Text) {
				end += 2
			}
		} else if end+1 < len(toks) && (toks[end].Text == "," || lowerWord(toks[end]) == "of") && isYear(toks[end+1].Text) && (end+2 == len(toks) || toks[end+2].Kind == Punct) {
			end += 2 // "Data Protection Act, 2025", "Act of 2012"
		}
		if x.lang == "en" && end == j+1 {
			// "Convention on Biological Diversity", "Treaty on the
			// Non-Proliferation of Nuclear Weapons": a capitalised complement.
			end = x.properComplementEnd(toks, end, claimed)
		}
		name := x.span(toks[i].Start, toks[end-1].End)
		if end == j+1 {
			name = dropGenitive(name, head) // "des Deutsch-Chilenischen Wirtschaftsforums"
		}
		add(&mention{i: i, j: end, typ: typ, kind: named, name: name, head: head})
		// States named inside the name ("USA China KI Militär Abkommen") are
		// mentioned too, though not as actors of the clause.
		for k := i; k < j; k++ {
			if e, n := x.match(toks, k); e != nil && (e.Type == Country || e.Type == Organization && n > 1) {
				out = append(out, &mention{sent: si, i: k, j: k + n, typ: e.Type, kind: named, name: x.span(toks[k].Start, toks[k+n-1].End), lex: e, inner: true})
				k += n - 1
			}
		}
	}

	// 2b. English head-first names: "Project SEAGUARD", "Operation Atalanta".
	for i := 0; i+1 < len(toks) && x.lang == "en" && !title; i++ {
		if claimed[i] || claimed[i+1] || !toks[i].Upper() || !headFirst[lowerWord(toks[i])] {
			continue
		}
		n := toks[i+1]
		if n.Kind != Word || !n.Upper() || x.tokStop(n) || x.tokRole(n) {
			continue
		}
		if e, _ := x.match(toks, i+1); e != nil {
			continue
		}
		if !isAcronym(n.Text) && len(n.Text) < 4 {
			continue
		}
		_, typ, _ := x.tokHead(toks[i])
		if typ == "" {
			continue
		}
		add(&mention{i: i, j: i + 2, typ: typ, kind: named, name: x.span(toks[i].Start, n.End), head: lowerWord(toks[i])})
	}

	// 3. Multiword lexicon names ("Deutsche Telekom", "Vereinigten Staaten").
	for i := 0; i < len(toks); i++ {
		if claimed[i] {
			continue
		}
		e, n := x.match(toks, i)
		if e == nil || n < 2 || !free(i, i+n) || x.uncorroborated(toks, i, n) {
			continue
		}
		add(x.lexMention(e, toks, i, n))
		i += n - 1
	}

	// 3b. Places named by their kind: "die Stadt Viljandi", "the town of
	// Kananaskis", "der Landkreis Harburg".
	for i := 0; i+1 < len(toks); i++ {
		if claimed[i] || !x.tokPlace(toks[i]) {
			continue
		}
		k := i + 1
		if x.lang == "en" && lowerWord(toks[k]) == "of" && k+1 < len(toks) {
			k++
		}
		if claimed[k] || !x.tokName(toks[k]) || x.tokNoun(toks[k]) {
			continue
		}
		if e, _ := x.match(toks, k); e != nil {
			continue
		}
		if h, _, _ := x.tokHead(toks[k]); h != "" {
			continue
		}
		name := x.span(toks[k].Start, toks[k].End)
		e := &LexEntry{Type: Place, Key: placeKey("", name), Name: name, Names: []string{name}, Kind: "city"}
		add(&mention{i: k, j: k + 1, typ: Place, kind: named, name: name, lex: e})
		x.local[name] = e
	}

	// 4. People.
	for i := 0; i < len(toks); i++ {
		if claimed[i] {
			continue
		}
		if m := x.personAt(toks, i, claimed); m != nil {
			add(m)
			i = m.j - 1
		}
	}

	// 5. Organisations by pattern: "Meinungsplattform Verivox", "Acme
	// Institute", "Bundesministerium für Bildung und Forschung".
	for i := 0; i < len(toks) && !title; i++ {
		if claimed[i] {
			continue
		}
		if m := x.orgAt(toks, i, claimed); m != nil {
			add(m)
			i = m.j - 1
		}
	}

	// 6. Single-token lexicon names, known surnames and acronyms defined in
	// the document.
	for i := 0; i < len(toks); i++ {
		if claimed[i] || toks[i].Kind == Punct {
			continue
		}
		t := toks[i].Text
		if e, n := x.match(toks, i); e != nil && n == 1 {
			if x.ambiguousWord(toks, i, e) {
				continue
			}
			m := x.lexMention(e, toks, i, 1)
			x.metonymy(m, toks)
			add(m)
			continue
		}
		if e := x.local[t]; e != nil && toks[i].Upper() {
			add(&mention{i: i, j: i + 1, typ: e.Type, kind: named, name: t, lex: e})
			continue
		}
		if toks[i].Upper() {
			if p := x.knownSurname(t); p != nil {
				add(&mention{i: i, j: i + 1, typ: Person, kind: named, name: p.Name, ent: p, personLk: true})
				continue
			}
		}
		if e := x.alias(t); e != nil {
			m := &mention{i: i, j: i + 1, typ: e.Type, kind: named, name: t, ent: e}
			// "OZG 2.0": a version number makes a successor.
			if i+1 < len(toks) && toks[i+1].Kind == Number && strings.Contains(toks[i+1].Text, ".") && !claimed[i+1] {
				m.j = i + 2
				m.name = x.span(toks[i].Start, toks[i+1].End)
				m.base, m.ent = e, nil
			}
			add(m)
		}
	}

	// 7. Agreement, event and initiative phrases around a head noun.
	for i := 0; i < len(toks) && !title; i++ {
		if claimed[i] || toks[i].Kind != Word || !toks[i].Upper() && x.lang != "en" {
			continue
		}
		head, typ, exact := x.tokHead(toks[i])
		if head == "" || x.isPluralHead(lowerWord(toks[i]), head) {
			continue
		}
		if x.lang == "en" && x.headFollows(toks, i, claimed) {
			continue // "partnership agreement", "framework cooperation agreement": the last head takes the first
		}
		m := &mention{i: i, j: i + 1, typ: typ, head: head, back: lx.backHeads[head]}
		// Left: adjectives and the article.
		a := i
		// An English head written with a capital is part of a name: its
		// lower-case neighbours ("Dakar-based think tank Initiative") are not.
		enProper := x.lang == "en" && toks[i].Upper()
		for a > 0 && !enProper && !claimed[a-1] && (evaluative[lowerWord(toks[a-1])] && toks[a-1].Lower() || (toks[a-1].Kind == Word || x.lang == "en" && toks[a-1].Kind == Number) && (toks[a-1].Lower() || lx.cityAdj[toks[a-1].Text] != nil || x.lang == "en") && !x.tokStop(toks[a-1]) && (x.adjectiveLike(toks[a-1].Text) || toks[a-1].Kind == Number) && !x.tokCue(toks[a-1])) {
			a--
		}
		if k := truncatedCompound(toks, a); k < a && !claimed[k] {
			a = k // "die Energie- und Rohstoffpartnerschaft"
			for a > 0 && !claimed[a-1] && toks[a-1].Kind == Word && toks[a-1].Lower() && !x.tokStop(toks[a-1]) && x.adjectiveLike(toks[a-1].Text) {
				a--
			}
		}
		// A lower-case word right after a name or noun is a verb, not an
		// adjective: "Kanada schmieren strategische KI-Allianz".
		if a < i && a > 0 && toks[a-1].Kind == Word && toks[a-1].Upper() && !x.tokStop(toks[a-1]) && !eventPreps[lowerWord(toks[a-1])] {
			a++
		}
		det := ""
		if a > 0 {
			det = lowerWord(toks[a-1])
		}
		m.definite = articles[det] || possessives[det]
		m.possessive = possessives[det]
		if det == "vom" || det == "im" || det == "zum" || det == "zur" || det == "beim" || det == "am" {
			m.definite = true
		}
		// Right: a year ("Klimaschutzgesetz 2026", "Data Protection Act,
		// 2025"), then a complement "zur Regulierung ...", "über ...",
		// "on ...", "in Neu-Delhi".
		b := i + 1
		if b < len(toks) && isYear(toks[b].Text) && !claimed[b] {
			b++
			if b+1 < len(toks) && (toks[b].Text == "–" || toks[b].Text == "-" || toks[b].Text == "/") && isYear(toks[b+1].Text) {
				b += 2 // "2026–2030"
			}
		} else if b+1 < len(toks) && toks[b].Text == "," && isYear(toks[b+1].Text) && (b+2 == len(toks) || toks[b+2].Kind == Punct) {
			b += 2
		}
		if enProper && b == i+1 {
			if e := x.properComplementEnd(toks, b, claimed); e > b {
				b = e
			} else {
				b = x.complementEnd(toks, b, claimed)
			}
		} else {
			b = x.complementEnd(toks, b, claimed)
		}
		if m.i > a {
			m.i = a
		}
		m.j = b
		name := x.span(toks[a].Start, toks[b-1].End)
		if g := dropGenitiveLower(toks[i].Text, lowerWord(toks[i]), head); g != toks[i].Text && !x.isPluralHead(lowerWord(toks[i]), head) {
			// "des Abkommens über Stahl" is the "Abkommen über Stahl".
			name = x.span(toks[a].Start, toks[i].Start) + g + x.span(toks[i].End, toks[b-1].End)
		}
		// English names put proper modifiers before the head: "the NATO
		// summit", "the G20 summit" (NATO is a mention of its own).
		if x.lang == "en" && a > 0 && claimed[a-1] && toks[a-1].Upper() {
			name = x.span(toks[a-1].Start, toks[b-1].End)
			m.i = a - 1
		}
		m.name = name
		switch {
		case b > i+1:
			m.kind = specific // a descriptive phrase
		case !exact:
			m.kind = specific // a compound: Bundesmodernisierungsagenda
			if strings.ContainsAny(toks[i].Text, "-‐‑") && (toks[i].Upper()) {
				// KI-Allianz, REAIM-Gipfel: a name; adjectives before it
				// are not part of it, a genitive ending is dropped.
				m.kind = named
				m.name = x.span(toks[i].Start, toks[b-1].End)
				if b == i+1 {
					m.name = dropGenitive(m.name, head)
				}
			}
		default:
			m.kind = generic
		}
		if pluralOnlyHeads[head] && m.kind == specific {
			m.kind = generic // "stundenlange Verhandlungen über den Wortlaut" describes, it does not name
		}
		if lx.isStop(det) && !m.definite && !indefinites[det] && det != "" {
			// "mit einer", "über" ... keep as is
		}
		if indefinites[det] {
			m.definite = false
		}
		// Demonstratives and possessives refer back.
		if det == "diese" || det == "dieser" || det == "dieses" || det == "diesem" || det == "diesen" || det == "this" || det == "these" {
			if m.kind == specific && b == i+1 {
				m.kind = generic
			}
		}
		add(m)
		i = b - 1
	}

	// 8. Plural references: "beide Länder", "die zwei führenden Mächte",
	// "both countries".
	for i := 0; i < len(toks); i++ {
		n, ok := x.tokPlural(toks[i])
		if !ok {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+4; j++ {
			if t, ok := pluralNouns[lowerWord(toks[j])]; ok {
				if free(i, j+1) {
					add(&mention{i: i, j: j + 1, typ: t, kind: plural, count: n, name: x.span(toks[i].Start, toks[j].End)})
				}
				break
			}
			if toks[j].Kind != Word || toks[j].Upper() && !x.adjectiveLike(toks[j].Text) {
				break
			}
		}
	}

	// 9. Products: a name with a version number ("Llama 3", "GPT-4").
	for i := 0; i+1 < len(toks); i++ {
		if claimed[i] || claimed[i+1] || toks[i].Kind != Word || !toks[i].Upper() || toks[i+1].Kind != Number {
			continue
		}
		if !x.productName(toks, i) {
			continue
		}
		add(&mention{i: i, j: i + 2, typ: Product, kind: named, name: x.span(toks[i].Start, toks[i+1].End)})
	}
	sortMentions(out)
	return out
}

func sortMentions(ms []*mention) {
	for a := 1; a < len(ms); a++ {
		for b := a; b > 0 && ms[b].i < ms[b-1].i; b-- {
			ms[b], ms[b-1] = ms[b-1], ms[b]
		}
	}
}

func isOpenQuote(s string) bool {
	return s == "„" || s == "\"" || s == "“" || s == "»" || s == "«" || s == "‚"
}
func isCloseQuote(s string) bool {
	return s == "“" || s == "\"" || s == "”" || s == "«" || s == "»" || s == "‘"
}
func isHyphenTok(s string) bool { return s == "-" || s == "‐" || s == "‑" }

// span returns the document text between two byte offsets.
func (x *run) span(a, b int) string { return x.doc.Text[a:b] }

// lexMention makes a mention of a lexicon entry.
func (x *run) lexMention(e *LexEntry, toks []Token, i, n int) *mention {
	name := x.span(toks[i].Start, toks[i+n-1].End)
	if s, ok := stripPossessive(name); ok && n == 1 {
		name = s
	}
	return &mention{i: i, j: i + n, typ: e.Type, kind: named, name: name, lex: e}
}

// ambiguousWord rejects lexicon hits that are likely ordinary words here: a
// company named like a common word ("Meta", "Apple", "Orange") at the start
// of a sentence, or a lower-case hit.
func (x *run) ambiguousWord(toks []Token, i int, e *LexEntry) bool {
	t := toks[i]
	if !t.Upper() && !isAcronym(t.Text) || x.tokStop(t) || x.uncorroborated(toks, i, 1) {
		return true
	}
	// A currency: "US$ 57 million", "A$", "HK$".
	if i+1 < len(toks) && toks[i+1].Start == t.End && strings.HasPrefix(toks[i+1].Text, "$") {
		return true
	}
	if e.Type == Organization && i == 0 && len(toks) > 1 && !isAcronym(t.Text) && toks[1].Lower() && x.lang == "en" {
		return x.tokStop(toks[1])
	}
	return false
}

// contextType guesses the type of a quoted name from the noun before it:
// "Förderprogramme wie „X“", "das Abkommen „X“".
func (x *run) contextType(toks []Token, q int) Type {
	for k := q - 1; k >= 0 && k >= q-3; k-- {
		w := toks[k].Text
		if strings.EqualFold(w, "wie") || strings.EqualFold(w, "like") || strings.EqualFold(w, "as") || strings.EqualFold(w, "namens") || strings.EqualFold(w, "called") {
			continue
		}
		if h, t, _ := x.headOf(w); h != "" {
			return t
		}
		if strings.HasSuffix(strings.ToLower(w), "e") {
			// plural heads: Programme, Initiativen
			if h, t, _ := x.headOf(strings.TrimSuffix(w, "e")); h != "" {
				return t
			}
		}
		if h, t, _ := x.headOf(strings.TrimSuffix(w, "n")); h != "" {
			return t
		}
	}
	return ""
}

// isPluralHead reports whether a head-word occurrence is a plural, which
// names a kind of thing rather than one: "Absichtserklärungen",
// "Förderprogramme", "Allianzen".
// lw is the word in lower case.
func (x *run) isPluralHead(lw, head string) bool {
	for _, suf := range []string{"en", "n", "e", "s"} {
		if hasSuffixes(lw, head, suf) {
			if suf == "s" && (strings.HasSuffix(head, "abkommen") || !strings.HasSuffix(head, "e") && x.lang == "de") {
				// German genitive -s: "des Abkommens", "des Gipfels".
				return false
			}
			return true
		}
	}
	return false
}

// adjectiveLike reports whether a lower-case word may be an attributive
// adjective or participle before a noun ("strategische", "im Januar
// unterzeichnete", "international").
func (x *run) adjectiveLike(w string) bool {
	lw := strings.ToLower(w)
	if x.lx.isStop(lw) || month(w) != 0 {
		return false
	}
	if x.lang == "en" {
		return !x.lx.isStop(lw)
	}
	for _, s := range []string{"e", "er", "en", "es", "em"} {
		if strings.HasSuffix(lw, s) {
			return true
		}
	}
	return false
}

// complementEnd extends a head noun to the right over a complement that
// belongs to its name: "Erklärung zur Regulierung künstlicher Intelligenz
// auf dem Schlachtfeld", "Treffen in Neu-Delhi", "agreement on trade".
// It returns the end token index (exclusive).
func (x *run) complementEnd(toks []Token, i int, claimed []bool) int {
	if i >= len(toks) {
		return i
	}
	p := lowerWord(toks[i])
	switch p {
	case "zur", "zum", "über", "für", "on", "for", "gegen", "against":
	case "aus":
		// "Klimaschutzgesetz aus dem Jahr 2011"
		if i+3 < len(toks) && lowerWord(toks[i+1]) == "dem" && lowerWord(toks[i+2]) == "jahr" && isYear(toks[i+3].Text) {
			return i + 4
		}
		return i
	case "in", "mit", "with", "von", "of":
		// "Act of 2012", "Abkommen von 1990"
		if (p == "of" || p == "von") && i+1 < len(toks) && isYear(toks[i+1].Text) {
			return i + 2
		}
		// "Treffen in Neu-Delhi", "Partnerschaft mit Indien", "Erklärung von
		// Lima", "Treaty of Rome": a place or a state after the head.
		if i+1 < len(toks) {
			if e, n := x.match(toks, i+1); e != nil && (e.Type == Place && p != "mit" && p != "with" || e.Type == Country) {
				return i + 1 + n
			}
		}
		if p != "of" {
			return i
		}
	default:
		return i
	}
	end := i
	j := i + 1
	nouns := 0
	for j < len(toks) && j-i <= 10 {
		t := toks[j]
		lw := lowerWord(t)
		if temporal[lw] || month(t.Text) != 0 {
			break
		}
		if _, ok := weekdays[lw]; ok {
			break
		}
		switch {
		case t.Kind == Word && t.Upper():
			if x.isPersonStart(toks, j) || x.tokRole(t) {
				return end
			}
			// A name right after a lower-case word that is no article or
			// preposition starts a new phrase: "... über Fischerei gehören
			// Chile und Peru".
			if e, _ := x.match(toks, j); e != nil && isActor(e.Type) && j > i+1 && toks[j-1].Lower() && !articles[lowerWord(toks[j-1])] && !x.tokStop(toks[j-1]) {
				return end
			}
			nouns++
			end = j + 1
		case t.Kind == Word && (lw == "der" || lw == "des" || lw == "dem" || lw == "den" || lw == "die" || lw == "das" || lw == "the" || lw == "a" || lw == "and" || lw == "und"):
			if nouns > 0 && (lw == "und" || lw == "and") {
				// "X und Y" may coordinate two phrases; stop unless a noun
				// follows directly.
				if j+1 >= len(toks) || !toks[j+1].Upper() {
					return end
				}
			}
		case t.Kind == Word && (lw == "auf" || lw == "im" || lw == "von" || lw == "in" || lw == "zur" || lw == "zum" || lw == "of" || lw == "for" || lw == "on"):
			if nouns == 0 {
				return end
			}
		case t.Kind == Word && t.Lower() && x.lang == "en" && !x.lx.isStop(lw) && !x.isCueWord(lw) && !x.roleOf(lw):
			// English nouns are lower case: "agreement on trade".
			nouns++
			end = j + 1
		case t.Kind == Word && t.Lower() && x.adjectiveLike(t.Text) && !x.isCueWord(lw):
			// an adjective must be followed by a noun to count
		default:
			if nouns == 0 {
				return i
			}
			return end
		}
		j++
	}
	if nouns == 0 {
		return i
	}
	return end
}

// isEnglishWord reports whether a capitalised word looks English rather
// than German in a German text: it is used to accept English proper names
// ("Sovereign Technology Alliance") inside German sentences.
func (x *run) isEnglishWord(w string) bool {
	lw := strings.ToLower(w)
	if _, ok := x.lx.heads[lw]; ok {
		return false
	}
	if x.lang == "en" {
		return true
	}
	// German nouns rarely end in these letter groups; English ones often do.
	for _, s := range []string{"gy", "ty", "cy", "ry", "ly", "ign", "ance", "ence", "ing", "ship", "ment", "ional", "ive", "al", "ic", "ed"} {
		if strings.HasSuffix(lw, s) {
			return true
		}
	}
	return false
}

// isCueWord reports whether lw is a relation cue word, so that a phrase
// does not swallow the verb after it.
func (x *run) isCueWord(lw string) bool {
	for _, c := range x.lx.cues {
		if len(c.Words) != 1 {
			continue
		}
		if lw == c.Form || c.Prefix && strings.HasPrefix(lw, c.Form) {
			return true
		}
	}
	return false
}

// productName reports whether toks[i] followed by a number names a product
// ("Llama 3", "Windows 11") rather than a numbered thing ("Artikel 5").
func (x *run) productName(toks []Token, i int) bool {
	t := toks[i].Text
	num := toks[i+1].Text
	if len(num) == 4 || len(num) > 4 || x.lx.isStop(t) || x.roleOf(t) || month(t) != 0 {
		return false
	}
	if _, ok := numberedNouns[strings.ToLower(t)]; ok {
		return false
	}
	if e, _ := x.match(toks, i); e != nil {
		return false
	}
	if x.aliases[t] != nil || x.knownSurname(t) != nil {
		return false
	}
	if h, _, _ := x.headOf(t); h != "" {
		return false
	}
	if i+2 < len(toks) {
		next := lowerWord(toks[i+2])
		if _, ok := units[next]; ok {
			return false
		}
	}
	if i > 0 && (toks[i-1].Text == "." || x.lang == "de" && looksLikeCommonNoun(t)) {
		return false
	}
	return i > 0 && !(x.lang == "de" && !x.isEnglishWord(t) && !isAcronym(t) && len(t) > 3 && toks[i-1].Lower() && articles[lowerWord(toks[i-1])])
}

var numberedNouns = map[string]bool{
	"artikel": true, "absatz": true, "kapitel": true, "seite": true, "stufe": true, "phase": true, "platz": true,
	"teil": true, "gruppe": true, "klasse": true, "nummer": true, "nr": true, "punkt": true, "tag": true,
	"woche": true, "jahr": true, "version": true, "level": true, "article": true, "chapter": true, "page": true,
	"section": true, "paragraph": true, "stage": true, "step": true, "part": true, "group": true, "class": true,
	"number": true, "day": true, "week": true, "year": true, "round": true, "runde": true, "folge": true, "band": true,
	"über": true, "rund": true, "etwa": true, "fast": true, "knapp": true, "bis": true, "nur": true, "zu": true,
	"seit": true, "von": true, "mit": true, "um": true, "auf": true, "für": true, "ab": true, "vor": true,
}

var units = map[string]bool{
	"prozent": true, "percent": true, "%": true, "millionen": true, "milliarden": true, "million": true,
	"billion": true, "euro": true, "dollar": true, "jahre": true, "jahren": true, "years": true, "tage": true,
	"tagen": true, "days": true, "länder": true, "ländern": true, "staaten": true, "nationen": true, "countries": true,
	"mal": true, "times": true, "services": true, "stunden": true, "minuten": true,
}

// dateline recognises a report's dateline at the start of a sentence:
// up to three capitalised words, a comma, then a known state or region and a
// comma, or a date. The words name a place, known or not.
func (x *run) dateline(toks []Token) *mention {
	if len(toks) < 4 || !toks[0].Upper() {
		return nil
	}
	j := 0
	for j < len(toks) && j < 3 && toks[j].Kind == Word && (toks[j].Upper() || j > 0 && nameParticles[toks[j].Text]) {
		j++
	}
	if j == 0 || j >= len(toks) || toks[j].Text != "," {
		return nil
	}
	k := j + 1
	country := ""
	if e, n := x.match(toks, k); e != nil && (e.Type == Country || e.Type == Place && e.Kind == "region") {
		country = e.Country
		k += n
		if k >= len(toks) || toks[k].Text != "," {
			return nil
		}
		k++
	}
	if k >= len(toks) || toks[k].Kind != Number && month(toks[k].Text) == 0 {
		return nil
	}
	if e, n := x.match(toks, 0); e != nil && n == j {
		if e.Type != Place {
			return nil
		}
		return &mention{i: 0, j: j, typ: Place, kind: named, name: x.span(toks[0].Start, toks[j-1].End), lex: e}
	}
	if j == 1 && x.tokStop(toks[0]) || x.tokRole(toks[0]) || month(toks[0].Text) != 0 {
		return nil
	}
	name := x.span(toks[0].Start, toks[j-1].End)
	e := &LexEntry{Type: Place, Key: placeKey(country, name), Name: name, Names: []string{name}, Country: country, Kind: "city"}
	return &mention{i: 0, j: j, typ: Place, kind: named, name: name, lex: e}
}

// metonymy turns a capital used for its government ("Berlin setzt auf ...",
// "Peking lehnt ... ab", "talks with Beijing") into a mention of the state.
// A capital after a preposition of place ("in Berlin", "nach Peking") or in
// a dateline ("Berlin, 20. Februar") stays a place.
func (x *run) metonymy(m *mention, toks []Token) {
	if m.lex == nil || m.lex.Kind != "capital" || m.lex.Country == "" {
		return
	}
	if m.i > 0 {
		switch lowerWord(toks[m.i-1]) {
		case "in", "nach", "aus", "bei", "von", "vom", "zu", "bis", "um", "ab", "über", "durch", "at", "to", "from", "into",
			"near", "via", "of", "around", "outside", "across", "throughout", "hauptstadt", "capital", "city", "stadt":
			return
		}
	}
	if m.j < len(toks) {
		next := toks[m.j]
		if next.Text == "," && m.j+1 < len(toks) && (toks[m.j+1].Kind == Number || month(toks[m.j+1].Text) != 0) {
			return
		}
		if next.Kind == Word && next.Upper() && !x.tokStop(next) {
			return // part of a longer name: "Berlin Morgen Zeitschrift"
		}
		if next.Text == "(" || next.Text == "-" {
			return
		}
	}
	if e := x.lx.metonyms[m.name]; e != nil {
		m.lex, m.typ = e, e.Type
		return
	}
	if c := x.lx.byKey[entKey(Country, m.lex.Country)]; c != nil {
		m.lex, m.typ = c, Country
	}
}

// dropGenitive removes a German genitive ending after a head: "REAIM-Gipfels"
// -> "REAIM-Gipfel", "Abkommens" -> "Abkommen".
func dropGenitive(name, head string) string {
	return dropGenitiveLower(name, strings.ToLower(name), head)
}

// dropGenitiveLower is dropGenitive given ln, the name in lower case.
func dropGenitiveLower(name, ln, head string) string {
	for _, suf := range []string{"es", "s"} {
		if hasSuffixes(ln, head, suf) {
			return name[:len(name)-len(suf)]
		}
	}
	return name
}

// pluralOnlyHeads name talks, not a thing with a name of its own.
var pluralOnlyHeads = map[string]bool{
	"verhandlungen": true, "gespräche": true, "konsultationen": true, "beratungen": true,
	"talks": true, "negotiations": true, "consultations": true, "discussions": true,
}

// placeNouns name the kind of a place before its name.
var placeNouns = map[string]bool{
	"stadt": true, "gemeinde": true, "landkreis": true, "kreis": true, "provinz": true, "region": true,
	"city": true, "town": true, "village": true, "province": true, "county": true, "municipality": true,
}

// headFirst heads start English names: "Project SEAGUARD".
var headFirst = map[string]bool{"project": true, "mission": true, "programme": true, "program": true}

// temporal words end a name's complement: "the declaration on migration
// next week".
var temporal = map[string]bool{
	"next": true, "last": true, "this": true, "week": true, "month": true, "year": true, "today": true,
	"yesterday": true, "tomorrow": true, "nächste": true, "nächsten": true, "letzte": true, "letzten": true,
	"heute": true, "gestern": true, "morgen": true, "woche": true, "jahr": true, "monat": true,
	"am": true, "on": false,
}

// corroborating words make an ambiguous name ("Bild", "Shell") a name.
var corroborating = map[string]bool{
	"konzern": true, "unternehmen": true, "firma": true, "zeitung": true, "magazin": true, "zeitschrift": true,
	"sender": true, "partei": true, "laut": true, "berichtete": true, "berichtet": true, "meldete": true,
	"company": true, "firm": true, "newspaper": true, "magazine": true, "party": true, "according": true,
	"reported": true, "reports": true, "told": true, "group": true, "giant": true, "maker": true,
}

// uncorroborated reports whether the lexicon name toks[i:i+n] is also an
// ordinary word in the document's language and nothing around it says it is
// a name here.
func (x *run) uncorroborated(toks []Token, i, n int) bool {
	name := x.span(toks[i].Start, toks[i+n-1].End)
	if s, ok := stripPossessive(name); ok {
		name = s
	}
	if !x.lx.ambiguous[x.lang+"/"+name] {
		return false
	}
	if x.lang == "en" && i > 0 && !isOpenQuote(toks[i-1].Text) && toks[i-1].Text != ":" {
		return false // a capital letter mid-sentence marks an English name
	}
	for k := i - 3; k < i+n+3; k++ {
		if k < 0 || k >= len(toks) || k >= i && k < i+n {
			continue
		}
		w := lowerWord(toks[k])
		if corroborating[w] || x.tokRole(toks[k]) || x.tokOrg(toks[k])&1 != 0 || strings.HasSuffix(w, "-chef") || strings.HasSuffix(w, "konzern") {
			return false
		}
	}
	return true
}

// properAdjective reports a German adjective written with a capital letter
// inside a sentence: only names do that ("die Baltische
// Sicherheitskonferenz", "des Deutsch-Chilenischen Wirtschaftsforums").
func (x *run) properAdjective(toks []Token, i int) bool {
	if x.lang != "de" || i == 0 || !toks[i].Upper() || isOpenQuote(toks[i-1].Text) || toks[i-1].Text == ":" {
		return false
	}
	lw := lowerWord(toks[i])
	for _, suf := range []string{"ische", "ischen", "ischer", "isches", "ischem", "ene", "enen", "ener", "ale", "alen", "aler", "ales"} {
		if strings.HasSuffix(lw, suf) && len(lw) > len(suf)+2 {
			return true
		}
	}
	return false
}

// isYear reports a four-digit year from 1900 to 2099.
func isYear(s string) bool {
	return len(s) == 4 && isDigits(s) && (s[:2] == "19" || s[:2] == "20")
}

// titleCase reports an English title-case headline: a line without a final
// full stop with at least two function words ("Of", "With") written with a
// capital letter after its first word, or four in five content words
// capitalised.
func (x *run) titleCase(toks []Token) bool {
	if x.lang != "en" {
		return false
	}
	stops, long, capital := 0, 0, 0
	for k := 1; k < len(toks); k++ {
		if toks[k].Kind != Word {
			continue
		}
		if toks[k].Upper() && !isAcronym(toks[k].Text) && month(toks[k].Text) == 0 && x.tokStopEN(toks[k]) {
			stops++
		}
		if len(toks[k].Text) > 3 && x.tokNoStopLang(toks[k]) {
			long++
			if toks[k].Upper() {
				capital++
			}
		}
	}
	// "Acme Signs Memorandum of Understanding with Ministry of Defence":
	// nearly every content word capitalised, even the verb.
	headline := len(toks) > 0 && toks[len(toks)-1].Text != "." && toks[len(toks)-1].Text != "!"
	return headline && (stops >= 2 || long >= 5 && capital*10 >= long*8)
}

// truncatedCompound returns the start of a German truncated compound that
// ends just before token i ("Energie- und" before "Rohstoffpartnerschaft"),
// or i when there is none.
func truncatedCompound(toks []Token, i int) int {
	if i < 3 {
		return i
	}
	c := lowerWord(toks[i-1])
	if c != "und" && c != "oder" && c != "sowie" && c != "bzw" {
		return i
	}
	if !isHyphenTok(toks[i-2].Text) || toks[i-3].End != toks[i-2].Start || toks[i-3].Kind != Word || !toks[i-3].Upper() {
		return i
	}
	return i - 3
}

// headFollows reports whether another head noun follows toks[i] within two
// lower-case words in English: "framework cooperation agreement".
func (x *run) headFollows(toks []Token, i int, claimed []bool) bool {
	for k := i + 1; k < len(toks) && k <= i+3; k++ {
		if claimed[k] || toks[k].Kind != Word || x.tokStop(toks[k]) {
			return false
		}
		if h, _, _ := x.tokHead(toks[k]); h != "" {
			return true
		}
		if !toks[k].Lower() {
			return false
		}
	}
	return false
}

// properComplementEnd extends an English capitalised name over a complement
// whose content words are all capitalised: "on Security Cooperation", "of
// the Sea". It returns i when there is none.
func (x *run) properComplementEnd(toks []Token, i int, claimed []bool) int {
	if i >= len(toks) {
		return i
	}
	switch lowerWord(toks[i]) {
	case "on", "of", "for", "against", "to":
	default:
		return i
	}
	end := i
	for j := i + 1; j < len(toks) && j <= i+8; j++ {
		t := toks[j]
		lw := lowerWord(t)
		switch {
		case claimed[j]:
			return end
		case t.Kind == Word && t.Upper() && !x.tokStop(t) && month(t.Text) == 0 && !isWeekday(lw):
			end = j + 1
		case lw == "the" || lw == "and" || x.lx.stopwords[lw] == "en" && len(lw) <= 7 && j+1 < len(toks) && toks[j+1].Upper():
			// "of Areas beyond National Jurisdiction"
			if end == i {
				if lw != "the" {
					return i
				}
				continue
			}
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

// alias finds an acronym or short form defined in the document, also in
// the possessive ("Aurora's").
func (x *run) alias(w string) *entity {
	if len(x.aliases) == 0 {
		return nil
	}
	if e := x.aliases[w]; e != nil {
		return e
	}
	if s, ok := stripPossessive(w); ok {
		return x.aliases[s]
	}
	return nil
}

// isWeekday reports a German or English weekday name (lower case).
func isWeekday(lw string) bool {
	_, ok := weekdays[lw]
	return ok
}
