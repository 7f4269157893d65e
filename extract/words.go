package extract

import "strings"

// Per-word memos.
//
// The mention and relation finders ask the same questions of the same
// token many times: is it a head noun, a role word, a function word, can
// it be part of a name, does a lexicon name start with it. Each answer is a
// pure function of the token's text, the lexicon and the language, but
// costs a map lookup or more. A run therefore looks up each token's text
// once in the wordTable of its language, which the Extractor keeps from
// one document to the next (see wordCaches), gives the token the number of
// its entry (Token.w), and reads and fills the answers there.

// wordBits name the answers of a wordInfo that are computed on first
// use.
type wordBits uint8

const (
	wHead wordBits = 1 << iota // headOf
	wRoot                      // the first step of Lexicon.match
	wMod                       // modalityOf
	wCues                      // cuesOf
)

// wordFlags are the answers that are true or false. They are computed for
// a word when the table first sees it, and every token of the word
// carries them (Token.wb), so that reading them touches no memory beyond
// the token.
type wordFlags uint16

const (
	fRole       wordFlags = 1 << iota // roleOf
	fName                             // nameToken
	fStop                             // isStop
	fGiven                            // isGiven
	fCue                              // isCueWord
	fNoun                             // looksLikeCommonNoun
	fEnglish                          // isEnglishWord
	fPlace                            // placeNouns
	fCeremony                         // ceremonyNouns
	fPlural                           // a key of pluralCount
	fStopEN                           // an English stop word only
	fNoStopLang                       // no stop-word language
	fOrgBefore                        // orgWord bit 1
	fOrgAfter                         // orgWord bit 2

	allFlags = 1<<iota - 1
)

// wordInfo holds the answers known about one token text.
type wordInfo struct {
	have wordBits // which answers are filled
	head headResult
	mod  string // effect from modality.tsv
	// cueFirst and cuePrefix are the word's cues (Lexicon.cuesOf).
	cueFirst, cuePrefix []int
	// root is the lexicon trie's node after the word, nil when no name
	// starts with it; rootPoss is then the entry named by the word without
	// a possessive ending ("Canada's"), if any.
	root     *trieNode
	rootPoss *LexEntry
}

// wordTable holds the answers known about token texts, numbered from 1.
//
// The lower-case forms and the boolean answers, which every token gets a
// copy of, are kept in arrays of their own: dense, they stay in the cache.
type wordTable struct {
	ids    map[string]int32
	words  []wordInfo
	lowers []string    // strings.ToLower of the text
	flags  []wordFlags // the answers that are true or false
}

// compact copies the table's strings that may share memory with the
// documents they came from.
func (t *wordTable) compact() {
	t.ids = cloneKeys(t.ids)
	for i := range t.lowers {
		t.lowers[i] = strings.Clone(t.lowers[i])
	}
	for i := range t.words {
		t.words[i].head.head = strings.Clone(t.words[i].head.head)
	}
}

// indexWords gives every token of the run's sentences the number of its
// text in the run's word table, adding the texts it does not hold yet, its
// lower-case form and its flags.
func (x *run) indexWords() {
	t := x.words
	if t == nil {
		t = &wordTable{}
		x.words = t
	}
	if t.ids == nil {
		t.ids = map[string]int32{}
		// 0: no memo
		t.words = append(t.words[:0], wordInfo{})
		t.lowers = append(t.lowers[:0], "")
		t.flags = append(t.flags[:0], 0)
	}
	for si := range x.sents {
		toks := x.sents[si].Tokens
		for k := range toks {
			tok := &toks[k]
			id, ok := t.ids[tok.Text]
			if !ok {
				id = int32(len(t.words))
				t.ids[tok.Text] = id
				t.words = append(t.words, wordInfo{})
				tok.lower = strings.ToLower(tok.Text)
				t.lowers = append(t.lowers, tok.lower)
				var flags wordFlags
				for f := wordFlags(1); f&allFlags != 0; f <<= 1 {
					if x.answer(*tok, f) {
						flags |= f
					}
				}
				t.flags = append(t.flags, flags)
			}
			tok.w = id
			tok.lower = t.lowers[id]
			tok.wb = t.flags[id]
		}
	}
	// The table does not grow again during the run.
	x.winfo = t.words
}

// info returns the memo of t's text, nil for a token the run did not number.
func (x *run) info(t Token) *wordInfo {
	if t.w <= 0 || int(t.w) >= len(x.winfo) {
		return nil
	}
	return &x.winfo[t.w]
}

// flag returns the answer f for t.
func (x *run) flag(t Token, f wordFlags) bool {
	if t.w > 0 {
		return t.wb&f != 0
	}
	return x.answer(t, f)
}

// answer computes the answer f for t.
func (x *run) answer(t Token, f wordFlags) bool {
	switch f {
	case fRole:
		return x.roleOf(t.Text)
	case fName:
		return x.nameToken(t)
	case fStop:
		return x.lx.isStop(t.Text)
	case fGiven:
		return x.lx.isGiven(t.Text)
	case fCue:
		return x.isCueWord(lowerWord(t))
	case fNoun:
		return looksLikeCommonNoun(t.Text)
	case fEnglish:
		return x.isEnglishWord(t.Text)
	case fPlace:
		return placeNouns[lowerWord(t)]
	case fCeremony:
		return ceremonyNouns[lowerWord(t)]
	case fPlural:
		_, ok := pluralCount[lowerWord(t)]
		return ok
	case fStopEN:
		return x.lx.stopwords[lowerWord(t)] == "en"
	case fNoStopLang:
		return x.lx.stopwords[lowerWord(t)] == ""
	case fOrgBefore:
		return x.orgWord(lowerWord(t))&1 != 0
	case fOrgAfter:
		return x.orgWord(lowerWord(t))&2 != 0
	}
	panic("extract: no word flag " + itoa(int(f)))
}

// tokHead is headOf(t.Text).
func (x *run) tokHead(t Token) (string, Type, bool) {
	if w := uint(t.w); w < uint(len(x.winfo)) && x.winfo[w].have&wHead != 0 {
		r := &x.winfo[w].head
		return r.head, r.typ, r.exact
	}
	return x.tokHeadSlow(&t)
}

// tokHeadSlow is tokHead for an answer not known yet.
func (x *run) tokHeadSlow(t *Token) (string, Type, bool) {
	h, typ, exact := x.headOf(t.Text)
	if wi := x.info(*t); wi != nil {
		wi.head = headResult{h, typ, exact}
		wi.have |= wHead
	}
	return h, typ, exact
}

// tokRole is roleOf(t.Text).
func (x *run) tokRole(t Token) bool {
	return x.flag(t, fRole)
}

// tokName is nameToken(t).
func (x *run) tokName(t Token) bool {
	return x.flag(t, fName)
}

// tokStop is the lexicon's isStop(t.Text).
func (x *run) tokStop(t Token) bool {
	return x.flag(t, fStop)
}

// tokGiven is the lexicon's isGiven(t.Text).
func (x *run) tokGiven(t Token) bool {
	return x.flag(t, fGiven)
}

// tokCue is isCueWord(lowerWord(t)).
func (x *run) tokCue(t Token) bool {
	return x.flag(t, fCue)
}

// tokNoun is looksLikeCommonNoun(t.Text).
func (x *run) tokNoun(t Token) bool {
	return x.flag(t, fNoun)
}

// tokEnglish is isEnglishWord(t.Text).
func (x *run) tokEnglish(t Token) bool {
	return x.flag(t, fEnglish)
}

// tokPlace is placeNouns[lowerWord(t)].
func (x *run) tokPlace(t Token) bool {
	return x.flag(t, fPlace)
}

// tokCeremony is ceremonyNouns[lowerWord(t)].
func (x *run) tokCeremony(t Token) bool {
	return x.flag(t, fCeremony)
}

// tokPlural is pluralCount[lowerWord(t)].
func (x *run) tokPlural(t Token) (int, bool) {
	if !x.flag(t, fPlural) {
		return 0, false
	}
	n, ok := pluralCount[lowerWord(t)]
	return n, ok
}

// tokStopEN reports whether the lexicon's stopwords[lowerWord(t)] is "en".
func (x *run) tokStopEN(t Token) bool {
	return x.flag(t, fStopEN)
}

// tokNoStopLang reports whether the lexicon's stopwords[lowerWord(t)] is "".
func (x *run) tokNoStopLang(t Token) bool {
	return x.flag(t, fNoStopLang)
}

// tokOrg is orgWord(lowerWord(t)).
func (x *run) tokOrg(t Token) uint8 {
	if t.w <= 0 {
		return x.orgWord(lowerWord(t))
	}
	var r uint8
	if t.wb&fOrgBefore != 0 {
		r |= 1
	}
	if t.wb&fOrgAfter != 0 {
		r |= 2
	}
	return r
}

// tokModality is the lexicon's modalityOf(lowerWord(t)).
func (x *run) tokModality(t Token) string {
	wi := x.info(t)
	if wi == nil {
		return x.lx.modalityOf(lowerWord(t))
	}
	if wi.have&wMod == 0 {
		wi.mod = x.lx.modalityOf(lowerWord(t))
		wi.have |= wMod
	}
	return wi.mod
}

// tokCues is the lexicon's cuesOf(x.lang, lowerWord(t)).
func (x *run) tokCues(t Token) (first, prefix []int) {
	wi := x.info(t)
	if wi == nil {
		return x.lx.cuesOf(x.lang, lowerWord(t))
	}
	if wi.have&wCues == 0 {
		wi.cueFirst, wi.cuePrefix = x.lx.cuesOf(x.lang, lowerWord(t))
		wi.have |= wCues
	}
	return wi.cueFirst, wi.cuePrefix
}

// match is the lexicon's match(toks, i), with the first step of the walk
// down its trie, a lookup in its largest map, memoised for toks[i]'s text.
func (x *run) match(toks []Token, i int) (*LexEntry, int) {
	if i >= len(toks) {
		return nil, 0
	}
	wi := x.info(toks[i])
	if wi == nil {
		return x.lx.match(toks, i)
	}
	if wi.have&wRoot == 0 {
		t := toks[i].Text
		wi.root = x.lx.trie.next[t]
		if wi.root == nil {
			if s, ok := stripPossessive(t); ok {
				if c := x.lx.trie.next[s]; c != nil {
					wi.rootPoss = c.entry
				}
			}
		}
		wi.have |= wRoot
	}
	n := wi.root
	if n == nil {
		if wi.rootPoss != nil {
			return wi.rootPoss, 1
		}
		return nil, 0
	}
	var best *LexEntry
	bestLen := 0
	if n.entry != nil {
		best, bestLen = n.entry, 1
	}
	return walkTrie(n, toks, i, i+1, best, bestLen)
}
