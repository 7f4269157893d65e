package extract

import (
	"sort"
	"strings"
)

// clause is a token range [a, b) of a sentence.
type clause struct{ a, b int }

// auxiliaries start the verb of a new main clause after a comma and a name.
var auxiliaries = map[string]bool{
	"hat": true, "haben": true, "hatte": true, "hatten": true, "ist": true, "sind": true, "war": true, "waren": true,
	"wird": true, "werden": true, "will": true, "wollen": true, "soll": true, "sollen": true, "kann": true,
	"has": true, "have": true, "had": true, "is": true, "are": true, "was": true, "were": true, "did": true, "does": true,
}

// clauseStarters open a subordinate or relative clause after a comma.
var clauseStarters = map[string]bool{
	"dass": true, "daß": true, "weil": true, "obwohl": true, "während": true, "wenn": true, "als": true,
	"nachdem": true, "bevor": true, "damit": true, "sodass": true, "welche": true, "welcher": true,
	"welches": true, "wobei": true, "womit": true, "wodurch": true, "doch": true, "aber": true, "sondern": true,
	"die": true, "der": true, "das": true, "denen": true, "dessen": true, "deren": true,
	"which": true, "who": true, "whom": true, "that": true, "while": true, "because": true, "although": true,
	"after": true, "before": true, "but": true, "whereas": true, "where": true, "when": true, "so": true,
}

// clauses splits a sentence into clauses at semicolons, colons, dashes and
// commas that open a subordinate clause.
//
// The result is valid until the next call: the clauses of one sentence
// are needed only while its relations are found, so each call reuses the
// buffer of the one before.
func (x *run) clauses(toks []Token) []clause {
	out := x.clauseBuf[:0]
	a := 0
	for k, t := range toks {
		split := false
		switch t.Text {
		case ";", ":":
			split = true
		case "–", "—":
			// A dash between spaces; "2026–2030" is a range.
			split = !(k > 0 && toks[k-1].End == t.Start && k+1 < len(toks) && toks[k+1].Start == t.End)
		case "-":
			// A hyphen between spaces is a dash: "KIGALI (Reuters) - Five
			// ...", and so is a double hyphen: "/PRNewswire/ -- Acme ...".
			split = k > 0 && toks[k-1].End < t.Start && k+1 < len(toks) && toks[k+1].Start > t.End ||
				k+1 < len(toks) && toks[k+1].Text == "-" && toks[k+1].Start == t.End
		case ",":
			// "Mauretanien, das ... hat, verweigerte ...": after a relative
			// clause, a comma and a finite verb resume the main clause.
			if k > a && a > 0 && toks[a-1].Text == "," && relativePronouns[lowerWord(toks[a])] && k+1 < len(toks) && toks[k+1].Lower() && x.finiteVerbLike(toks[k+1]) {
				split = true
				break
			}
			// ", Österreich hat ihn nicht unterzeichnet": a new main clause.
			if k+2 < len(toks) && toks[k+1].Upper() && auxiliaries[lowerWord(toks[k+2])] {
				split = true
				break
			}
			if k+1 < len(toks) && clauseStarters[lowerWord(toks[k+1])] {
				// "die" after a comma may also start a list item: ", die USA"
				if lw := lowerWord(toks[k+1]); (lw == "die" || lw == "der" || lw == "das") && k+2 < len(toks) && toks[k+2].Upper() {
					break
				}
				split = true
			}
		}
		if split {
			if k > a {
				out = append(out, clause{a, k})
			}
			a = k + 1
		}
	}
	if a < len(toks) {
		out = append(out, clause{a, len(toks)})
	}
	x.clauseBuf = out
	return out
}

// finiteVerbLike reports a lower-case word that may be a finite verb: an
// auxiliary, a cue, or a German past tense ("verweigerte").
func (x *run) finiteVerbLike(t Token) bool {
	lw := lowerWord(t)
	if auxiliaries[lw] || x.isCueWord(lw) {
		return true
	}
	return x.lang == "de" && (strings.HasSuffix(lw, "te") || strings.HasSuffix(lw, "ten"))
}

// cueHit is a cue found in a clause.
type cueHit struct {
	c      *cue
	k, end int  // tokens of the cue word(s)
	negate bool // the relation is denied by its context ("refused to attend")
}

// findCues returns the cues in toks[cl.a:cl.b].
func (x *run) findCues(toks []Token, cl clause) []cueHit {
	var out []cueHit
	for k := cl.a; k < cl.b; k++ {
		if toks[k].Kind != Word {
			continue
		}
		lw := lowerWord(toks[k])
		if h, ok := x.cueAt(toks, cl, k, lw); ok {
			out = append(out, h)
		}
	}
	return out
}

// cuesOf returns the cues of the language whose first word is lw, and the
// single-word prefix cues lw starts with, each in the order cueAt tries
// them.
func (lx *Lexicon) cuesOf(lang, lw string) (first, prefix []int) {
	first = lx.cueFirst[lang+"/"+lw]
	for _, ci := range lx.cuePrefix[lang] {
		if strings.HasPrefix(lw, lx.cues[ci].Words[0]) {
			prefix = append(prefix, ci)
		}
	}
	return first, prefix
}

// cueAt returns the cue starting at token k (lw is its lower-case text),
// if any.
func (x *run) cueAt(toks []Token, cl clause, k int, lw string) (cueHit, bool) {
	try := func(ci int) (cueHit, bool) {
		c := &x.lx.cues[ci]
		n := len(c.Words)
		if k+n > cl.b {
			return cueHit{}, false
		}
		for w := 0; w < n; w++ {
			tw := lowerWord(toks[k+w])
			if w == n-1 && c.Prefix {
				if !strings.HasPrefix(tw, c.Words[w]) {
					return cueHit{}, false
				}
			} else if tw != c.Words[w] {
				return cueHit{}, false
			}
		}
		if c.Particle != "" && !x.closesWith(toks, cl, k+n, c.Particle) {
			return cueHit{}, false
		}
		if c.Role == "verb" && x.lang == "en" && strings.HasSuffix(lw, "ing") && k > 0 && (articles[lowerWord(toks[k-1])] || possessives[lowerWord(toks[k-1])]) {
			// "the signing of the accord by X": a noun here.
			nc := *c
			nc.Role = "noun"
			return cueHit{c: &nc, k: k, end: k + n}, true
		}
		return cueHit{c: c, k: k, end: k + n}, true
	}
	first, prefix := x.tokCues(toks[k])
	for _, ci := range first {
		if h, ok := try(ci); ok {
			return h, true
		}
	}
	for _, ci := range prefix {
		if h, ok := try(ci); ok {
			return h, true
		}
	}
	return cueHit{}, false
}

// closesWith reports whether the clause's last word after from is particle
// (a German separable verb: "baut ... auf", "nahm ... teil").
func (x *run) closesWith(toks []Token, cl clause, from int, particle string) bool {
	for k := cl.b - 1; k >= from; k-- {
		if toks[k].Kind == Punct {
			continue
		}
		return lowerWord(toks[k]) == particle
	}
	return false
}

// clauseMentions returns the sentence's mentions inside a clause.
// A name belongs to the clause it starts in. The sentence's mentions are
// in token order, so the clause's are a run of them; the slice returned
// shares their array and must not be modified.
func (x *run) clauseMentions(si int, cl clause) []*mention {
	ms := x.mentions[si]
	lo := 0
	for lo < len(ms) && ms[lo].i < cl.a {
		lo++
	}
	hi := lo
	for hi < len(ms) && ms[hi].i < cl.b {
		hi++
	}
	return ms[lo:hi:hi]
}

func isActor(t Type) bool { return t == Person || t == Country || t == Organization }

// representatives act for the state named after them.
var representatives = map[string]bool{
	"representatives": true, "officials": true, "delegations": true, "delegates": true, "envoys": true, "leaders": true,
	"vertreter": true, "vertreterinnen": true, "delegationen": true, "delegierte": true, "gesandte": true,
}

// listWords introduce examples of a group: "32 countries including France".
var listWords = map[string]bool{"including": true, "includes": true, "darunter": true, "einschließlich": true, "inklusive": true, "namely": true, "notably": true}

// carriedPreps govern every item of a comma-separated list.
var carriedPreps = map[string]bool{
	"": true, "von": true, "by": true, "durch": true, "mit": true, "with": true, "zwischen": true, "between": true,
	"für": true, "for": true, "alongside": true, "des": true, "of": true,
}

// coordinators join actors into one list.
var coordinators = map[string]bool{"und": true, "and": true, ",": true, "sowie": true, "oder": true, "or": true, "&": true}

// excludingPreps put an actor in a role other than the subject.
var excludingPreps = map[string]bool{
	"in": true, "aus": true, "nach": true, "gegen": true, "für": true, "über": true, "vom": true, "bei": true,
	"beim": true, "auf": true, "an": true, "im": true, "am": true, "zu": true, "zum": true, "zur": true, "wie": true,
	"unter": true, "vor": true, "seit": true, "gegenüber": true, "als": true, "außer": true, "ohne": true,
	"from": true, "against": true, "for": true, "about": true, "to": true, "into": true, "at": true, "on": true,
	"of": true, "like": true, "as": true, "than": true, "under": true, "over": true, "without": true,
	"des": true, "der": true, "von": true, "durch": true, "by": true, "mit": true, "with": true, "zwischen": true,
	"between": true, "alongside": true,
}

// prepAt returns the preposition governing the mention and its index (-1
// when there is none), skipping articles, possessives, adjectives and role
// words before it ("mit dem kanadischen Minister X", "von
// Bundesverteidigungsminister X"). It returns "," and the coordinator's
// index when the mention is coordinated with what precedes it ("...,
// seinem polnischen Kollegen X und ...").
func (x *run) prepAt(toks []Token, m *mention, cl clause) (string, int) {
	for k := m.i - 1; k >= cl.a && k >= m.i-7; k-- {
		lw := lowerWord(toks[k])
		if articles[lw] && lw != "der" && lw != "des" || indefinites[lw] || possessives[lw] {
			continue
		}
		if lw == "der" || lw == "des" {
			// "der" is an article of the subject at the clause start, or a
			// genitive after a noun: "Verteidigungsminister der Niederlande".
			if k > cl.a && toks[k-1].Upper() && toks[k-1].Kind == Word && !x.tokStop(toks[k-1]) && !excludingPreps[lowerWord(toks[k-1])] && !eventPreps[lowerWord(toks[k-1])] {
				return "des", k
			}
			continue
		}
		if toks[k].Kind == Word && toks[k].Lower() && x.adjectiveLike(toks[k].Text) && !excludingPreps[lw] && !eventPreps[lw] && !coordinators[lw] && !listWords[lw] {
			continue
		}
		if toks[k].Kind == Word && (x.tokRole(toks[k]) || x.lx.portfolio[lw] || x.adjectiveOfState(lw)) {
			continue
		}
		// An organisation or state naming whose role it is: "Nexora Chief
		// Executive Officer X", "Canada's Minister X".
		if o := x.mentionAt(m.sent, k); o != nil && o != m && o.ent != nil && (o.ent.Type == Organization || o.ent.Type == Country) && o.j < len(toks) && (x.tokRole(toks[o.j]) || x.lx.portfolio[lowerWord(toks[o.j])]) {
			k = o.i
			continue
		}
		// "and" inside a role: "President and CEO", "Business and Trade
		// Secretary".
		if (lw == "and" || lw == "und" || lw == "&") && k > cl.a && k+1 < m.i && (x.tokRole(toks[k-1]) || x.lx.portfolio[lowerWord(toks[k-1])]) && (x.tokRole(toks[k+1]) || x.lx.portfolio[lowerWord(toks[k+1])]) {
			continue
		}
		// "on behalf of Canada", "im Namen Kanadas": the state signs.
		if (lw == "behalf" || lw == "namen") && k > cl.a {
			return "für", k
		}
		// "by 32 countries including France": the list takes the
		// preposition of the phrase it extends.
		if listWords[lw] {
			for j := k - 1; j >= cl.a && j >= k-4; j-- {
				if lj := lowerWord(toks[j]); excludingPreps[lj] {
					return lj, j
				}
			}
			return "", -1
		}
		// "ministers from the three countries", "Vertreter aus Polen": the
		// state acts through them.
		if (lw == "from" || lw == "aus" || lw == "of") && k > cl.a && (x.tokRole(toks[k-1]) || representatives[lowerWord(toks[k-1])]) {
			return "", k
		}
		if excludingPreps[lw] || eventPreps[lw] {
			return lw, k
		}
		// "alongside her Kenyan counterpart, Cabinet Secretary X": a comma
		// after a role word opens an apposition to it.
		if lw == "," && k > cl.a && x.tokRole(toks[k-1]) {
			continue
		}
		if coordinators[lw] {
			return ",", k
		}
		return "", -1
	}
	return "", -1
}

// adjectiveOfState reports a state adjective ("polnischen", "Canadian").
func (x *run) adjectiveOfState(lw string) bool {
	_, ok := x.lx.adjectives[lw]
	return ok
}

// actorRef is a resolved actor with the confidence factor of how it was
// found.
type actorRef struct {
	e    *entity
	f    float64
	at   int // token index
	prep string
}

// actors lists the clause's actors: named people, states and organisations,
// and the referents of plural mentions ("beide Länder").
func (x *run) actors(si int, cl clause) []actorRef {
	toks := x.sents[si].Tokens
	var out []actorRef
	seen := map[*entity]bool{}
	lastPrep, lastEnd := "", -1
	// prep returns the preposition governing m; an actor coordinated with
	// the one before it ("von Frankreich und Polen") shares its preposition.
	prep := func(m *mention) string {
		p, k := x.prepAt(toks, m, cl)
		if p == "," {
			// Only agent and partner prepositions carry over a comma: "in
			// Rio, Japan and Brazil signed" starts a new phrase.
			if lastEnd >= 0 && k <= lastEnd+1 && (toks[k].Text != "," || carriedPreps[lastPrep]) {
				return lastPrep
			}
			return ""
		}
		return p
	}
	for _, m := range x.clauseMentions(si, cl) {
		if m.kind == plural {
			p := prep(m)
			for _, e := range m.refs {
				if !seen[e] {
					seen[e] = true
					out = append(out, actorRef{e, 0.85, m.i, p})
				}
			}
			lastPrep, lastEnd = p, m.j-1
			continue
		}
		// Places act too when nothing places them: "Die Länder Niedersachsen
		// und Bremen unterzeichneten", "the city of Lüneburg signed".
		if m.ent == nil || m.inner || !isActor(m.ent.Type) && m.ent.Type != Place || seen[m.ent] {
			continue
		}
		// A name in parentheses is an aside ("(Reuters)", "(AfDB)"), not a
		// party to the clause.
		if m.i > cl.a && toks[m.i-1].Text == "(" && m.j < cl.b && toks[m.j].Text == ")" {
			continue
		}
		p := prep(m)
		seen[m.ent] = true
		out = append(out, actorRef{m.ent, 1, m.i, p})
		lastPrep, lastEnd = p, m.j-1
	}
	return out
}

// subjects picks the subjects of a cue among the clause's actors.
func (x *run) subjects(si int, cl clause, h cueHit, acts []actorRef) []actorRef {
	toks := x.sents[si].Tokens
	passive := x.isPassive(toks, cl, h)
	var out []actorRef
	if h.c.Role == "agent" {
		// "signatories", "Unterzeichner", "participants" name the actors
		// themselves: every actor of the clause not governed by a
		// preposition is one.
		for _, a := range acts {
			if a.prep == "" {
				out = append(out, a)
			}
		}
		return out
	}
	if h.c.Role == "noun" && h.k > 0 && possessives[lowerWord(toks[h.k-1])] {
		// "put their signatures to the text", "setzten ihre Unterschrift
		// unter": the noun's owner is the clause's subject.
		nc := *h.c
		nc.Role = "verb"
		h.c = &nc
	}
	if h.c.Role == "noun" {
		// A nominalisation names its agent with "durch"/"by"/"von", a
		// genitive after it ("der Rückzug der USA") or a possessive before
		// it ("Hungary's refusal", "Polens Ablehnung").
		for _, a := range acts {
			switch {
			case a.prep == "durch" || a.prep == "by" || (a.prep == "von" || a.prep == "des" || a.prep == "of") && a.at > h.k:
				out = append(out, a)
			case a.prep == "" && a.at < h.k && x.possessiveBefore(toks, a, h):
				out = append(out, a)
			}
		}
		return out
	}
	for _, a := range acts {
		switch a.prep {
		case "":
			if passive {
				continue
			}
			if x.lang == "en" && a.at > h.k && h.c.Role != "noun" {
				// English subjects come before the verb.
				continue
			}
		case "von", "by", "durch":
			if !passive && h.c.Role != "noun" && a.prep != "durch" {
				continue
			}
		case "zwischen", "between":
			a.f *= 0.9
		case "für", "for":
			// "Für Deutschland unterzeichnete X", "For Germany, X signed":
			// the state signs through its representative.
			if h.c.Predicate != Signed || a.at > h.k || a.e.Type != Country {
				continue
			}
			a.f *= 0.8
		case "mit", "with", "alongside":
			if passive || h.c.Predicate != Signed {
				continue // partners sign together; nobody refuses "with" someone
			}
			a.f *= 0.8
		default:
			continue
		}
		out = append(out, a)
	}
	// Prefer people: a state named next to its minister is an affiliation.
	hasPerson := false
	for _, a := range out {
		if a.e.Type == Person {
			hasPerson = true
		}
	}
	if hasPerson {
		var people []actorRef
		for _, a := range out {
			if a.e.Type == Person || a.e.Type == Country && (a.prep == "für" || a.prep == "for" || !x.affiliationOf(a.e, out)) {
				people = append(people, a)
			}
		}
		out = people
	}
	if len(out) == 0 && h.c.Role != "noun" && h.c.Role != "participle" || passive && len(out) == 0 && h.c.Predicate != BuildsOn {
		if e := x.pronounSubject(si, cl); e != nil {
			out = append(out, e...)
		} else if a, ok := x.relativeAntecedent(si, cl); ok && !passive {
			out = append(out, a)
		} else if a, ok := x.sentenceSubject(si, cl); ok && !passive {
			out = append(out, a)
		}
	}
	return out
}

var relativePronouns = map[string]bool{
	"which": true, "who": true, "that": true, "der": true, "die": true, "das": true, "welche": true, "welcher": true, "welches": true,
}

// relativeAntecedent returns the actor a relative clause is about: "Egypt,
// which attended the summit", "Minister X, der ebenfalls teilnahm".
func (x *run) relativeAntecedent(si int, cl clause) (actorRef, bool) {
	toks := x.sents[si].Tokens
	if cl.a < 2 || toks[cl.a-1].Text != "," || !relativePronouns[lowerWord(toks[cl.a])] {
		return actorRef{}, false
	}
	for _, m := range x.mentions[si] {
		if m.j == cl.a-1 && m.ent != nil && !m.inner && isActor(m.ent.Type) {
			return actorRef{m.ent, 0.85, m.i, ""}, true
		}
	}
	return actorRef{}, false
}

// sentenceOpeners may stand before a sentence's subject.
var sentenceOpeners = map[string]bool{
	"doch": true, "aber": true, "auch": true, "zudem": true, "jedoch": true, "allerdings": true, "dagegen": true,
	"but": true, "however": true, "also": true, "meanwhile": true, "and": true, "und": true, "yet": true,
}

// relativeObject returns the agreement a relative clause is attached to.
func (x *run) relativeObject(si int, cl clause) *mention {
	toks := x.sents[si].Tokens
	if cl.a < 2 || toks[cl.a-1].Text != "," || !relativePronouns[lowerWord(toks[cl.a])] && lowerWord(toks[cl.a]) != "den" {
		return nil
	}
	end := cl.a - 1
	if end > 0 && toks[end-1].Text == ")" {
		// "das Abkommen über ... (WTZ-Abkommen), das ...": the parenthesis
		// names the same thing.
		for end--; end > 0 && toks[end].Text != "("; end-- {
		}
	}
	// The antecedent may carry its parties: "the Defence Cooperation
	// Agreement between Finland and the United States, which ...".
	for k := end - 1; k > 0 && k >= end-10; k-- {
		lw := lowerWord(toks[k])
		if lw == "between" || lw == "zwischen" || lw == "with" || lw == "mit" {
			end = k
			break
		}
	}
	var best *mention
	for _, m := range x.mentions[si] {
		if m.ent != nil && (m.ent.Type == Agreement || m.ent.Type == Initiative) && m.j <= cl.a-1 && m.j >= end-4 && !m.inner {
			best = m
		}
	}
	return best
}

// sentenceSubject returns the actor that opens the sentence when a later
// clause has no subject of its own: "Egypt, which attended the summit with
// a large delegation, declined to sign".
func (x *run) sentenceSubject(si int, cl clause) (actorRef, bool) {
	toks := x.sents[si].Tokens
	if cl.a == 0 {
		return actorRef{}, false
	}
	for _, m := range x.mentions[si] {
		if m.inner || m.ent == nil {
			continue
		}
		start := 0
		for start < len(toks) && (articles[lowerWord(toks[start])] || sentenceOpeners[lowerWord(toks[start])]) {
			start++
		}
		if m.i != start || !isActor(m.ent.Type) || m.j >= len(toks) || toks[m.j].Text != "," {
			return actorRef{}, false
		}
		return actorRef{m.ent, 0.7, m.i, ""}, true
	}
	return actorRef{}, false
}

// possessiveBefore reports whether actor a stands right before the cue noun
// as its possessor: "Hungary's refusal", "Polens Ablehnung", "die
// US-amerikanische Ablehnung" does not count.
func (x *run) possessiveBefore(toks []Token, a actorRef, h cueHit) bool {
	k := a.at
	for k < h.k-1 && toks[k+1].Kind == Word && toks[k+1].Upper() && k+1 < h.k {
		k++ // the rest of a multiword name
	}
	if k != h.k-1 {
		return false
	}
	w := toks[a.at].Text
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "s") && x.lang == "de"
}

// affiliationOf reports whether state c is the nationality of a person
// among the actors.
func (x *run) affiliationOf(c *entity, acts []actorRef) bool {
	for _, a := range acts {
		if a.e.Type == Person && a.e.Country != "" && a.e.Country == c.Key {
			return true
		}
	}
	return false
}

// isPassive reports a passive clause: an auxiliary and the cue as
// participle, with "von"/"by" after it or anywhere in the clause.
func (x *run) isPassive(toks []Token, cl clause, h cueHit) bool {
	aux := false
	by := false
	for k := cl.a; k < cl.b; k++ {
		switch lowerWord(toks[k]) {
		case "wurde", "wurden", "worden", "ist", "sind", "war", "waren", "werden", "wird", "was", "were", "been", "being", "is", "are", "be":
			aux = true
		case "von", "by", "durch":
			by = true
		}
	}
	lw := lowerWord(toks[h.end-1])
	participle := strings.HasSuffix(lw, "t") || strings.HasSuffix(lw, "en") || strings.HasSuffix(lw, "ed")
	if participle && h.end < cl.b && (lowerWord(toks[h.end]) == "by" || lowerWord(toks[h.end]) == "durch") {
		return true // "the accord, signed by X and Y, ..."
	}
	return aux && participle && (by || h.c.Role == "participle")
}

// pronounSubject resolves a subject pronoun in the clause: "er"/"he"/"she"
// to the last person, "sie"/"they" to the last plural reference or the last
// actor.
func (x *run) pronounSubject(si int, cl clause) []actorRef {
	toks := x.sents[si].Tokens
	for k := cl.a; k < cl.b; k++ {
		switch lowerWord(toks[k]) {
		case "er", "he", "she":
			if e := x.lastActor(si, toks[k].Start, Person); e != nil {
				return []actorRef{{e, 0.7, k, ""}}
			}
			return nil
		case "sie", "they":
			if k+1 < cl.b && lowerWord(toks[k+1]) == "sich" {
				continue
			}
			if e := x.lastActor(si, toks[k].Start, ""); e != nil {
				return []actorRef{{e, 0.65, k, ""}}
			}
			return nil
		}
	}
	return nil
}

// lastActor returns the last actor of type t (any actor type when t is "")
// mentioned before byte offset pos, within two sentences.
func (x *run) lastActor(si, pos int, t Type) *entity {
	for s := si; s >= 0 && s >= si-2; s-- {
		ms := x.mentions[s]
		for k := len(ms) - 1; k >= 0; k-- {
			m := ms[k]
			if m.ent == nil || !isActor(m.ent.Type) || t != "" && m.ent.Type != t {
				continue
			}
			if s == si && x.sents[s].Tokens[m.i].Start >= pos {
				continue
			}
			return m.ent
		}
	}
	return nil
}

// objects returns the clause's mentions of the given types, nearest to the
// cue first (after it before before it).
func (x *run) objects(si int, cl clause, h cueHit, types ...Type) []*mention {
	var after, before []*mention
	for _, m := range x.clauseMentions(si, cl) {
		if m.ent == nil || m.kind == plural {
			continue
		}
		ok := false
		for _, t := range types {
			if m.ent.Type == t {
				ok = true
			}
		}
		if !ok {
			continue
		}
		if m.i >= h.end {
			after = append(after, m)
		} else {
			before = append([]*mention{m}, before...)
		}
	}
	return append(after, before...)
}

// relations finds the relations stated in sentence si.
func (x *run) relations(si int) {
	s := &x.sents[si]
	toks := s.Tokens
	cls := x.clauses(toks)
	refusal := -1 // the clause of a refusal: signings in it and after it are what was refused
	for ci, cl := range cls {
		acts := x.actors(si, cl)
		hits := x.findCues(toks, cl)
		for _, h := range hits {
			if h.c.Predicate == Refused && refusal < 0 {
				refusal = ci
			}
		}
		for _, h := range hits {
			if h.c.Predicate == Signed && refusal >= 0 && ci <= refusal+1 {
				continue
			}
			if h.c.Predicate == Attended && refusal >= 0 && ci <= refusal+1 {
				h.negate = true // "refused to attend", "boycotted ... to attend"
			}
			switch h.c.Predicate {
			case Signed, Refused:
				x.signOrRefuse(si, cl, cls, ci, h, acts)
			case Attended:
				x.attend(si, cl, h, acts)
			case BuildsOn:
				x.buildsOn(si, cl, h)
			}
		}
		x.attendByPlace(si, cl, acts, hits)
	}
	x.ceremony(si)
	x.carriedSetting(si)
}

// carriedSetting: when a sentence is set at an event ("Beim Gipfel in
// Lissabon haben 41 Staaten ... unterzeichnet") and the next sentence says
// who signed or refused without naming a setting of its own ("Russland und
// China verweigerten ihre Unterschrift"), those actors were at the event.
func (x *run) carriedSetting(si int) {
	if si == 0 {
		return
	}
	for _, m := range x.mentions[si] {
		if m.ent != nil && m.ent.Type == Event {
			return // a setting of its own
		}
	}
	prev := x.sents[si-1].Tokens
	var event *entity
	for _, m := range x.mentions[si-1] {
		if m.ent != nil && m.ent.Type == Event && !m.inner && x.eventSetting(prev, m, clause{0, len(prev)}) {
			event = m.ent
			break
		}
	}
	if event == nil {
		return
	}
	start := x.runeAt.at(x.sents[si].Start)
	toks := x.sents[si].Tokens
	// addRelationFrom only appends: the relations found before are the
	// first n.
	for _, r := range x.rels[:len(x.rels):len(x.rels)] {
		if r.Span.Start != start || (r.Predicate != Signed && r.Predicate != Refused) || r.Negated || r.Modality != Asserted {
			continue
		}
		s := x.byPlaceholder(r.Subject)
		if s == nil || !isActor(s.Type) {
			continue
		}
		c := cue{Predicate: Attended, Form: "setting", Weight: 0.6}
		x.addRelationFrom(si-1, si, clause{0, len(toks)}, cueHit{c: &c, k: 0, end: 1}, s, Attended, event, 0.6, "")
	}
}

// ceremonyNouns name a signing as an occasion.
var ceremonyNouns = map[string]bool{
	"zeremonie": true, "unterzeichnung": true, "feier": true, "unterzeichnungszeremonie": true, "ceremony": true,
	"signing": true, "signature": true, "signing ceremony": true,
}

// ceremony handles "Die Zeremonie fand zum Auftakt der Konferenz statt",
// "The signing ... took place at ... the Summit": whoever signed in this
// sentence or the two before attended the event named as the setting.
func (x *run) ceremony(si int) {
	toks := x.sents[si].Tokens
	hasNoun, tookPlace := false, false
	for k, t := range toks {
		lw := lowerWord(t)
		if x.tokCeremony(t) {
			hasNoun = true
		}
		if lw == "statt" || lw == "stattfand" || lw == "held" || lw == "place" && k > 0 && lowerWord(toks[k-1]) == "took" {
			tookPlace = true
		}
	}
	if !hasNoun || !tookPlace {
		return
	}
	var event *mention
	for _, m := range x.mentions[si] {
		if m.ent != nil && m.ent.Type == Event && !m.inner && x.eventSetting(toks, m, clause{0, len(toks)}) {
			event = m
			break
		}
		if m.ent != nil && m.ent.Type == Event && m.i > 0 && (lowerWord(toks[m.i-1]) == "zum" || lowerWord(toks[m.i-1]) == "zur") {
			event = m
			break
		}
	}
	if event == nil {
		return
	}
	for from := maxInt(0, si-2); from <= si; from++ {
		start := x.runeAt.at(x.sents[from].Start)
		// addRelationFrom only appends: the relations found before are
		// the first n.
		for _, r := range x.rels[:len(x.rels):len(x.rels)] {
			if r.Predicate != Signed || r.Span.Start != start || !r.Asserted() {
				continue
			}
			s := x.byPlaceholder(r.Subject)
			if s == nil || !isActor(s.Type) {
				continue
			}
			c := cue{Predicate: Attended, Form: "ceremony", Weight: 0.7}
			x.addRelationFrom(from, si, clause{0, len(toks)}, cueHit{c: &c, k: event.i, end: event.j}, s, Attended, event.ent, 0.7, "")
		}
	}
}

func (x *run) signOrRefuse(si int, cl clause, cls []clause, ci int, h cueHit, acts []actorRef) {
	toks := x.sents[si].Tokens
	if h.c.Predicate == Refused && x.declinedOther(toks, h) {
		return // "declined to comment on the agreement"
	}
	// An attributive participle ("die im Januar unterzeichnete
	// Absichtserklärung") names no signer unless "von X" stands in it.
	if h.c.Role == "participle" || h.c.Role == "verb" && x.lang == "de" && h.end < len(toks) && x.mentionAt(si, h.end) != nil && x.mentionAt(si, h.end).typ == Agreement && x.attributive(toks, h) {
		if m := x.mentionAt(si, h.end); m != nil && m.ent != nil && (m.ent.Type == Agreement || m.ent.Type == Initiative) {
			var subs []actorRef
			for _, a := range acts {
				if (a.prep == "von" || a.prep == "by") && a.at < h.k {
					subs = append(subs, a)
				}
			}
			for _, a := range subs {
				x.addRelation(si, cl, h, a.e, h.c.Predicate, m.ent, h.c.Weight*a.f)
			}
			return
		}
	}
	objs := x.objects(si, cl, h, Agreement, Initiative)
	if len(objs) == 0 {
		// "the accord, which both countries signed in 2020", "die
		// Partnerschaft, die 2019 von beiden Regierungen unterzeichnet
		// worden war": a relative clause's object is its antecedent.
		if m := x.relativeObject(si, cl); m != nil {
			objs = []*mention{m}
		}
	}
	if len(objs) == 0 && h.c.Predicate == Refused && ci > 0 && (h.end >= cl.b || toks[h.end].Kind == Punct) {
		// "invited Estonia to take part in Project X, but the ministry
		// declined": what was refused stands in the clause before.
		prev := cls[ci-1]
		objs = x.objects(si, prev, cueHit{k: prev.b, end: prev.b}, Agreement, Initiative)
	}
	if len(objs) == 0 && ci+1 < len(cls) {
		// "die Weigerung beider Staaten, der Erklärung beizutreten":
		// the object may stand in the infinitive clause that follows.
		next := cls[ci+1]
		objs = x.objects(si, next, cueHit{k: next.a, end: next.a}, Agreement, Initiative)
	}
	if len(objs) == 0 && h.c.Predicate == Refused && x.refusesSigning(toks, h) {
		// "Egypt declined to sign": the agreement the text is about.
		if e := x.agreementUnderDiscussion(si, toks[h.k].Start); e != nil {
			for _, a := range x.subjects(si, cl, h, acts) {
				x.addRelation(si, cl, h, a.e, Refused, e, h.c.Weight*a.f*0.85)
			}
			return
		}
	}
	if len(objs) == 0 && h.c.Predicate == Signed && (h.c.Role == "agent" || h.c.Role == "verb" && x.finitePast(toks, h)) {
		// "Auch Frankreich und Japan gehören zu den Unterzeichnern",
		// "Brekke, who signed for Oslo": the agreement under discussion.
		if e := x.agreementUnderDiscussion(si, toks[h.k].Start); e != nil {
			for _, a := range x.subjects(si, cl, h, acts) {
				if a.e != e {
					x.addRelation(si, cl, h, a.e, Signed, e, h.c.Weight*a.f*0.75)
				}
			}
			return
		}
	}
	if len(objs) == 0 {
		if h.c.Predicate == Refused {
			// Refusing or boycotting an event is not attending it.
			if evs := x.objects(si, cl, h, Event); len(evs) > 0 {
				h.negate = true
				for _, a := range x.subjects(si, cl, h, acts) {
					x.addRelation(si, cl, h, a.e, Attended, evs[0].ent, h.c.Weight*a.f)
				}
			}
		}
		return
	}
	obj := objs[0]
	subs := x.subjects(si, cl, h, acts)
	for _, a := range subs {
		if a.e == obj.ent || a.at >= obj.i && a.at < obj.j {
			continue // "ein Abkommen mit Kenia": a party named inside the object's name
		}
		x.addRelation(si, cl, h, a.e, h.c.Predicate, obj.ent, h.c.Weight*a.f)
	}
}

// commitVerbs are what one refuses when refusing an agreement or event.
var commitVerbs = map[string]bool{
	"sign": true, "join": true, "ratify": true, "endorse": true, "accept": true, "back": true, "support": true,
	"attend": true, "participate": true, "take": true, "approve": true, "adopt": true, "accede": true, "commit": true,
}

// declinedOther reports a refusal of something else: "declined to comment",
// "refused to say", "declined to give a date".
func (x *run) declinedOther(toks []Token, h cueHit) bool {
	if x.lang != "en" || h.end+1 >= len(toks) || lowerWord(toks[h.end]) != "to" {
		return false
	}
	return !commitVerbs[lowerWord(toks[h.end+1])]
}

// finitePast reports a past-tense signing verb that can stand without an
// object: "who signed for Oslo", "unterzeichnete Bürgermeister X",
// "unterschrieb als Letzter".
func (x *run) finitePast(toks []Token, h cueHit) bool {
	lw := lowerWord(toks[h.end-1])
	if x.lang == "en" {
		return strings.HasSuffix(lw, "ed")
	}
	return strings.HasSuffix(lw, "te") || strings.HasSuffix(lw, "ten") || lw == "unterschrieb" || lw == "unterschrieben"
}

// refusesSigning reports a refusal of a signature: "declined to sign",
// "refused to join", "verweigerte die Unterschrift", "weigerte sich, ... zu
// unterzeichnen".
func (x *run) refusesSigning(toks []Token, h cueHit) bool {
	for k := h.end; k < len(toks) && k <= h.end+4; k++ {
		switch lowerWord(toks[k]) {
		case "sign", "join", "ratify", "endorse", "unterschrift", "unterzeichnung", "unterzeichnen", "beizutreten", "unterschreiben", "zuzustimmen", "zustimmung", "unterschriften", "beitritt":
			return true
		}
	}
	return false
}

// agreementUnderDiscussion returns the agreement a subject-less or
// object-less signing or refusal is about: the last one something was
// already said to be signed or refused, else the last one mentioned.
func (x *run) agreementUnderDiscussion(si, pos int) *entity {
	for i := len(x.rels) - 1; i >= 0; i-- {
		r := x.rels[i]
		if r.Predicate != Signed && r.Predicate != Refused {
			continue
		}
		if e := x.byPlaceholder(r.Object); e != nil && e.Type == Agreement {
			return e
		}
	}
	// A named agreement before one just introduced in passing ("eine
	// eigene Vereinbarung").
	for s := si; s >= 0 && s >= si-6; s-- {
		ms := x.mentions[s]
		for k := len(ms) - 1; k >= 0; k-- {
			m := ms[k]
			if m.ent == nil || m.ent.Type != Agreement || !m.ent.keep || m.kind == plural {
				continue
			}
			if s == si && x.sents[s].Tokens[m.i].Start >= pos {
				continue
			}
			return m.ent
		}
	}
	return x.lastOf(si, pos, Agreement)
}

// lastOf returns the entity of type t mentioned last before byte offset
// pos, in sentence si or the six before it.
func (x *run) lastOf(si, pos int, t Type) *entity {
	for s := si; s >= 0 && s >= si-6; s-- {
		ms := x.mentions[s]
		for k := len(ms) - 1; k >= 0; k-- {
			m := ms[k]
			if m.ent == nil || m.ent.Type != t || m.kind == plural {
				continue
			}
			if s == si && x.sents[s].Tokens[m.i].Start >= pos {
				continue
			}
			return m.ent
		}
	}
	return nil
}

// attributive reports a German participle used as an adjective before its
// noun: "die im Januar unterzeichnete Erklärung", "der geschlossenen
// Allianz", as opposed to a finite verb: "X und Y unterzeichnen
// Absichtserklärung". It needs an adjective ending and, for -en, an article
// or preposition opening the phrase.
func (x *run) attributive(toks []Token, h cueHit) bool {
	lw := lowerWord(toks[h.end-1])
	switch {
	case strings.HasSuffix(lw, "te") || strings.HasSuffix(lw, "ter") || strings.HasSuffix(lw, "tes") || strings.HasSuffix(lw, "tem") ||
		strings.HasSuffix(lw, "ene") || strings.HasSuffix(lw, "ener") || strings.HasSuffix(lw, "enes") || strings.HasSuffix(lw, "enem"):
		return true
	case strings.HasSuffix(lw, "en"):
		for k := h.k - 1; k >= 0 && k >= h.k-5; k-- {
			w := lowerWord(toks[k])
			if articles[w] || possessives[w] || w == "im" || w == "am" || w == "vom" || w == "zum" || w == "zur" || w == "beim" {
				return true
			}
			if toks[k].Kind == Word && toks[k].Upper() && !isYear(toks[k].Text) && month(toks[k].Text) == 0 {
				return false
			}
		}
	}
	return false
}

// mentionAt returns the mention starting at token k of sentence si.
func (x *run) mentionAt(si, k int) *mention {
	for _, m := range x.mentions[si] {
		if m.i == k {
			return m
		}
		if m.i < k && m.j > k {
			return m
		}
	}
	return nil
}

func (x *run) attend(si int, cl clause, h cueHit, acts []actorRef) {
	objs := x.objects(si, cl, h, Event)
	if len(objs) == 0 {
		// "Britain, which attended as an observer", "Tanzania did not
		// attend": the event the text is about.
		if h.c.Role != "verb" && h.c.Role != "agent" {
			return
		}
		if e := x.lastOf(si, x.sents[si].Tokens[h.k].Start, Event); e != nil {
			for _, a := range x.subjects(si, cl, h, acts) {
				x.addRelation(si, cl, h, a.e, Attended, e, h.c.Weight*a.f*0.75)
			}
		}
		return
	}
	for _, a := range x.subjects(si, cl, h, acts) {
		x.addRelation(si, cl, h, a.e, Attended, objs[0].ent, h.c.Weight*a.f)
	}
}

// eventPreps put an event in the clause's setting: "auf der Konferenz
// unterzeichneten ...", "at the summit, ...".
var eventPreps = map[string]bool{
	"zum": true, "auf": true, "bei": true, "beim": true, "anlässlich": true, "während": true, "am": true, "an": true,
	"at": true, "during": true, "sidelines": true, "rande": true, "im": true,
}

// attendByPlace states that the clause's subjects attended an event in the
// clause's setting: "Auf der Münchner Sicherheitskonferenz unterzeichneten
// X und Y ..." says X and Y were there.
func (x *run) attendByPlace(si int, cl clause, acts []actorRef, hits []cueHit) {
	toks := x.sents[si].Tokens
	for _, m := range x.clauseMentions(si, cl) {
		if m.ent == nil || m.ent.Type != Event || m.kind == plural {
			continue
		}
		if !x.eventSetting(toks, m, cl) {
			continue
		}
		// Only clauses that say someone did something there: a relation
		// cue, or a verb of speaking or acting ("sagte", "warned").
		var h cueHit
		if len(hits) > 0 {
			h = hits[0]
		} else if k := x.settingVerbAt(toks, cl); k >= 0 {
			c := cue{Predicate: Attended, Role: "verb", Form: lowerWord(toks[k]), Weight: 0.7}
			h = cueHit{c: &c, k: k, end: k + 1}
		} else {
			continue
		}
		if h.c.Predicate == Attended && len(hits) > 0 {
			continue // said directly
		}
		for _, a := range x.subjects(si, cl, h, acts) {
			if a.e.Type == Organization && a.prep != "" {
				continue
			}
			c := cue{Predicate: Attended, Form: lowerWord(toks[m.i-1]), Weight: 0.75}
			x.addRelation(si, cl, cueHit{c: &c, k: m.i - 1, end: m.i}, a.e, Attended, m.ent, 0.75*a.f)
		}
	}
}

// settingVerbAt returns the index of a verb of acting at a setting in the
// clause, or -1.
func (x *run) settingVerbAt(toks []Token, cl clause) int {
	for k := cl.a; k < cl.b; k++ {
		if toks[k].Kind == Word && toks[k].Lower() && x.lx.settingVerb(x.lang, lowerWord(toks[k])) {
			return k
		}
	}
	return -1
}

// settingNouns stand between a preposition and an event: "at the close of
// the summit", "am Rande des Gipfels", "im Rahmen der Konferenz".
var settingNouns = map[string]bool{
	"close": true, "end": true, "opening": true, "start": true, "sidelines": true, "margins": true, "margin": true,
	"conclusion": true, "course": true, "occasion": true, "rande": true, "rahmen": true, "abschluss": true,
	"auftakt": true, "ende": true, "eröffnung": true, "beginn": true, "verlauf": true, "anlass": true,
	"day": true, "tag": true, "session": true, "sitzung": true,
}

// eventSetting reports whether the event mention m is the setting of its
// clause: after "auf", "bei", "at", "during", "anlässlich", possibly through
// "the close of", "am Rande des".
func (x *run) eventSetting(toks []Token, m *mention, cl clause) bool {
	k := m.i - 1
	chain := false
	for steps := 0; k >= cl.a && steps < 8; steps++ {
		lw := lowerWord(toks[k])
		switch {
		case eventPreps[lw] || chain && (lw == "on" || lw == "zum" || lw == "zur"):
			return true
		case settingNouns[lw]:
			chain = true
			k--
		case articles[lw] || indefinites[lw] || possessives[lw] || lw == "of" || lw == "des" || lw == "der" || lw == "von":
			k--
		case toks[k].Kind == Number || toks[k].Kind == Word && toks[k].Lower() && x.adjectiveLike(toks[k].Text):
			k-- // "the two-day", "der zweitägigen"
		default:
			return false
		}
	}
	return false
}

func (x *run) buildsOn(si int, cl clause, h cueHit) {
	toks := x.sents[si].Tokens
	ms := x.clauseMentions(si, cl)
	things := func(before bool) []*mention {
		var out []*mention
		for _, m := range ms {
			if m.ent == nil || m.kind == plural || !(m.ent.Type == Agreement || m.ent.Type == Initiative) {
				continue
			}
			if before && m.j <= h.k || !before && m.i >= h.end {
				out = append(out, m)
			}
		}
		return out
	}
	before, after := things(true), things(false)
	var subj, obj *entity
	f := 1.0
	lw := lowerWord(toks[h.k])
	switch {
	case lw == "ausgebaut" || lw == "weiterentwickelt":
		// "X soll zu Y ausgebaut werden": Y builds on X. The successor is
		// defined by its predecessor, so the relation holds whatever the
		// state of the plan.
		var zu *mention
		for _, m := range before {
			k := m.i - 1
			for k > cl.a && isOpenQuote(toks[k].Text) {
				k--
			}
			if k >= cl.a {
				if p := lowerWord(toks[k]); p == "zu" || p == "zur" || p == "zum" || p == "to" || p == "into" {
					zu = m
				}
			}
		}
		if zu == nil {
			return
		}
		for _, m := range before {
			if m != zu && m.i < zu.i {
				obj = m.ent
			}
		}
		subj = zu.ent
		if obj == nil {
			return
		}
		x.addRelationMod(si, cl, h, subj, BuildsOn, obj, h.c.Weight, Asserted)
		return
	default:
		if len(after) == 0 {
			return
		}
		obj = after[0].ent
		if len(before) == 0 && (strings.HasPrefix(lw, "renew") || strings.HasPrefix(lw, "erneuer") || strings.HasPrefix(lw, "extend") || strings.HasPrefix(lw, "verlänger")) {
			// "Fiji, Samoa and Tonga renewed the accord": states renewing an
			// agreement sign it again.
			acts := x.actors(si, cl)
			signedSome := false
			for _, a := range acts {
				if a.prep == "" && a.at < h.k {
					c := cue{Predicate: Signed, Role: "verb", Form: lw, Weight: 0.7}
					x.addRelation(si, cl, cueHit{c: &c, k: h.k, end: h.end}, a.e, Signed, obj, 0.7*a.f)
					signedSome = true
				}
			}
			if signedSome {
				return
			}
		}
		if len(before) > 0 {
			subj = before[len(before)-1].ent
		} else {
			// "Basis ist X", "Die Kooperation baut auf X auf": without a
			// named subject, the topic of the sentences before builds on X.
			subj = x.topic(si, obj)
			f = 0.75
		}
	}
	if subj == nil || obj == nil || subj == obj {
		return
	}
	x.addRelation(si, cl, h, subj, BuildsOn, obj, h.c.Weight*f)
}

// topic returns the agreement or initiative the text was last about before
// sentence si, other than not: the first one named in the closest earlier
// sentence that names one (German and English put the topic first).
func (x *run) topic(si int, not *entity) *entity {
	recent := map[*entity]bool{}
	for s := si - 1; s >= 0 && s >= si-6; s-- {
		for _, m := range x.mentions[s] {
			if m.ent != nil {
				recent[m.ent] = true
			}
		}
	}
	// An agreement someone signed in the sentences before is what the text
	// is about.
	for i := len(x.rels) - 1; i >= 0; i-- {
		if r := x.rels[i]; r.Predicate == Signed {
			if e := x.byPlaceholder(r.Object); e != nil && e != not && recent[e] {
				return e
			}
		}
	}
	for s := si - 1; s >= 0 && s >= si-6; s-- {
		for _, m := range x.mentions[s] {
			if m.ent == nil || m.ent == not || m.kind == plural || m.inner {
				continue
			}
			if m.ent.Type == Agreement || m.ent.Type == Initiative {
				return m.ent
			}
		}
	}
	return nil
}

// addRelation records a relation with the modality of its clause.
func (x *run) addRelation(si int, cl clause, h cueHit, s *entity, p Predicate, o *entity, conf float64) {
	x.addRelationMod(si, cl, h, s, p, o, conf, "")
}

func (x *run) addRelationMod(si int, cl clause, h cueHit, s *entity, p Predicate, o *entity, conf float64, mod Modality) {
	x.addRelationFrom(si, si, cl, h, s, p, o, conf, mod)
}

// addRelationFrom records a relation whose evidence runs from sentence from
// to sentence si (a signing in one sentence, its setting in a later one).
func (x *run) addRelationFrom(from, si int, cl clause, h cueHit, s *entity, p Predicate, o *entity, conf float64, mod Modality) {
	if s == nil || o == nil || s == o {
		return
	}
	sent := &x.sents[si]
	toks := sent.Tokens
	// A relation already recorded with the same evidence is not recorded
	// again: look for it before working out the rest.
	subj, obj := x.idOf(s), x.idOf(o)
	span := Span{x.runeAt.at(x.sents[from].Start), x.runeAt.at(sent.End)}
	// A few relations are scanned; many (a long list of signers) indexed.
	key := relKey{subj, p, obj, span}
	if x.relSeen == nil && len(x.rels) >= 64 {
		x.relSeen = make(map[relKey]bool, 2*len(x.rels))
		for _, r := range x.rels {
			x.relSeen[relKey{r.Subject, r.Predicate, r.Object, r.Span}] = true
		}
	}
	if x.relSeen != nil {
		if x.relSeen[key] {
			return
		}
	} else {
		for _, old := range x.rels {
			if old.Subject == subj && old.Predicate == p && old.Object == obj && old.Span == span {
				return
			}
		}
	}
	neg, m := x.modality(toks, cl, h, sent)
	if h.negate {
		neg = true
	}
	if mod != "" {
		m = mod
	}
	if p == Refused && neg {
		// "did not refuse" is not a signing either; keep it as a negated refusal.
	}
	r := Relation{
		Predicate: p, Negated: neg, Modality: m, Confidence: round2(conf),
		Cue:      x.doc.Text[toks[h.k].Start:toks[h.end-1].End],
		Sentence: x.doc.Text[x.sents[from].Start:sent.End],
		Span:     span,
		Subject:  subj,
		Object:   obj,
	}
	// The date: one written in the clause, else in the sentence, else the
	// agreement's or event's own.
	if ds := x.findDates(si, toks[cl.a].Start, toks[cl.b-1].End); len(ds) > 0 {
		r.Date = ds[0].Value
	} else if ds := x.findDates(si, sent.Start, sent.End); len(ds) > 0 {
		r.Date = ds[0].Value
	} else if o.Date != "" && (p == Signed || p == Attended) {
		r.Date = o.Date
	}
	s.keep, o.keep = true, true
	x.rels = append(x.rels, r)
	if x.relSeen != nil {
		x.relSeen[key] = true
	}
}

// relKey identifies a relation with its evidence.
type relKey struct {
	subject   string
	predicate Predicate
	object    string
	span      Span
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// idOf returns a placeholder ID for an entity, "" for one merged into
// another; result() renumbers.
func (x *run) idOf(e *entity) string {
	if e.idx < len(x.ents) && x.ents[e.idx] == e {
		return "#" + itoa(e.idx)
	}
	return ""
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}

// modalityRank orders modalities: the strongest found in a clause wins.
func modalityRank(m Modality) int {
	switch m {
	case Planned:
		return 2
	case Demanded:
		return 3
	case Possible:
		return 4
	}
	return 0
}

// modalityOf returns the effect of the lower-case word lw from
// modality.tsv ("negation", "planned", ...), "" when it has none.
func (lx *Lexicon) modalityOf(lw string) string {
	eff, ok := lx.modality[lw]
	if !ok {
		for p, e := range lx.modPrefix {
			if strings.HasPrefix(lw, p) {
				eff, ok = e, true
				break
			}
		}
	}
	if !ok {
		return ""
	}
	return eff
}

// modality reads negation and modality from the clause.
func (x *run) modality(toks []Token, cl clause, h cueHit, sent *Sentence) (bool, Modality) {
	neg := false
	mod := Asserted
	set := func(m Modality) {
		if modalityRank(m) > modalityRank(mod) {
			mod = m
		}
	}
	from, to := cl.a, cl.b
	if x.lang == "en" && h.k > 0 {
		// English modals and negation stand just before the verb: "will
		// sign", "did not attend", "is expected to sign".
		from, to = maxInt(cl.a, h.k-6), h.end
	}
	for k := from; k < to; k++ {
		lw := lowerWord(toks[k])
		if x.lang == "en" && k > 0 && toks[k].Upper() && !isOpenQuote(toks[k-1].Text) {
			continue // "in May", "Will Smith": English modals are lower case mid-sentence
		}
		if x.lang == "en" && (k == 0 || isOpenQuote(toks[k-1].Text)) && (lw == "had" || lw == "were" || lw == "should") && k+1 < cl.b && toks[k+1].Upper() {
			set(Possible) // "Had Norway signed, ...": an inverted conditional
			continue
		}
		eff := x.tokModality(toks[k])
		if eff == "" {
			continue
		}
		if eff == "negation" && k+1 < cl.b {
			next := lowerWord(toks[k+1])
			if next == "nur" || next == "only" || next == "zuletzt" || next == "least" {
				continue
			}
		}
		switch eff {
		case "negation":
			neg = true
		case "planned":
			set(Planned)
		case "possible", "hypothetical":
			set(Possible)
		case "demanded":
			set(Demanded)
		}
	}
	if strings.HasSuffix(strings.TrimRight(sent.Text, "\"“”»« "), "?") {
		set(Possible)
	}
	return neg, mod
}

// successors links "OZG 2.0" to "OZG": a versioned name builds on the name
// it versions.
// signingEvents: when some signers of an agreement are said to have
// signed it at an event, the agreement was signed there, and its other
// signers in the same article attended it too (0.6; the evidence spans the
// sentence that places the signing and the other signer's sentence).
func (x *run) signingEvents() {
	type key struct{ agreement, event string }
	placed := map[key]int{} // -> index of the attendance relation that placed the signing
	signed := map[string][]int{}
	for i, r := range x.rels {
		if r.Predicate == Signed && r.Asserted() {
			signed[r.Object] = append(signed[r.Object], i)
		}
	}
	type at struct {
		subject string
		span    Span
	}
	signedAt := map[at][]int{}
	for _, si := range signed {
		for _, k := range si {
			s := x.rels[k]
			signedAt[at{s.Subject, s.Span}] = append(signedAt[at{s.Subject, s.Span}], k)
		}
	}
	for i, r := range x.rels {
		if r.Predicate != Attended || !r.Asserted() {
			continue
		}
		for _, k := range signedAt[at{r.Subject, r.Span}] {
			if _, ok := placed[key{x.rels[k].Object, r.Object}]; !ok {
				placed[key{x.rels[k].Object, r.Object}] = i
			}
		}
	}
	keys := make([]key, 0, len(placed))
	for k := range placed {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return placed[keys[i]] < placed[keys[j]] })
	for _, k := range keys {
		at := x.rels[placed[k]]
		for _, si := range signed[k.agreement] {
			s := x.rels[si]
			subj, ev := x.byPlaceholder(s.Subject), x.byPlaceholder(k.event)
			if subj == nil || ev == nil || !isActor(subj.Type) {
				continue
			}
			from, to := x.sentenceAt(at.Span.Start), x.sentenceAt(s.Span.Start)
			if from < 0 || to < 0 {
				continue
			}
			if from > to {
				from, to = to, from
			}
			c := cue{Predicate: Attended, Form: "signing place", Weight: 0.6}
			toks := x.sents[to].Tokens
			x.addRelationFrom(from, to, clause{0, len(toks)}, cueHit{c: &c, k: 0, end: 1}, subj, Attended, ev, 0.6, "")
		}
	}
}

// sentenceAt returns the index of the sentence starting at code point
// offset start, or -1.
func (x *run) sentenceAt(start int) int {
	for i, s := range x.sents {
		if x.runeAt.at(s.Start) == start {
			return i
		}
	}
	return -1
}

func (x *run) successors() {
	x.signingEvents()
	done := map[[2]*entity]bool{}
	for si, ms := range x.mentions {
		for _, m := range ms {
			if m.base == nil || m.ent == nil || m.ent == m.base || done[[2]*entity{m.ent, m.base}] {
				continue
			}
			done[[2]*entity{m.ent, m.base}] = true
			toks := x.sents[si].Tokens
			c := cue{Predicate: BuildsOn, Form: "version", Weight: 0.6}
			x.addRelationMod(si, clause{0, len(toks)}, cueHit{c: &c, k: m.i, end: m.j}, m.ent, BuildsOn, m.base, 0.6, Asserted)
		}
	}
}
