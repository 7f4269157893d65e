package extract

import "strings"

// cuePhrase is a phrase of cueclasses.tsv: its words (each possibly a
// prefix) and its class.
type cuePhrase struct {
	words  []string
	prefix []bool
	class  string
}

// cueClassTable holds the phrases of one language: by first word, and
// those whose first word is a prefix.
type cueClassTable struct {
	exact  map[string][]int
	prefix []int
	list   []cuePhrase
}

func loadCueClasses(lx *Lexicon, t *tsv) error {
	lx.cueClasses = map[string]*cueClassTable{}
	for t.next() {
		lang, class := t.get("lang"), t.get("class")
		tab := lx.cueClasses[lang]
		if tab == nil {
			tab = &cueClassTable{exact: map[string][]int{}}
			lx.cueClasses[lang] = tab
		}
		var p cuePhrase
		p.class = class
		for _, w := range strings.Fields(strings.ToLower(t.get("form"))) {
			pre := strings.HasSuffix(w, "*")
			p.words = append(p.words, strings.TrimSuffix(w, "*"))
			p.prefix = append(p.prefix, pre)
		}
		if len(p.words) == 0 {
			return t.errorf("empty form")
		}
		tab.list = append(tab.list, p)
		i := len(tab.list) - 1
		if p.prefix[0] {
			tab.prefix = append(tab.prefix, i)
		} else {
			tab.exact[p.words[0]] = append(tab.exact[p.words[0]], i)
		}
	}
	return t.err()
}

// classHit is a cue class found at tokens [k, end) of a sentence.
type classHit struct {
	k, end int
	class  string
}

// cueClassesIn returns the cue classes of a sentence's tokens, in order.
func (x *run) cueClassesIn(toks []Token) []classHit {
	tab := x.lx.cueClasses[x.lang]
	if tab == nil {
		return nil
	}
	var out []classHit
	match := func(p *cuePhrase, k int) bool {
		if k+len(p.words) > len(toks) {
			return false
		}
		for w, pw := range p.words {
			tw := lowerWord(toks[k+w])
			if p.prefix[w] && !strings.HasPrefix(tw, pw) || !p.prefix[w] && tw != pw {
				return false
			}
		}
		return true
	}
	for k, t := range toks {
		if t.Kind != Word {
			continue
		}
		lw := lowerWord(t)
		seen := ""
		for _, i := range x.phrasesFor(tab, lw) {
			p := &tab.list[i]
			if p.class != seen && match(p, k) {
				out = append(out, classHit{k, k + len(p.words), p.class})
				seen = p.class
			}
		}
	}
	return out
}

// phrasesFor returns the phrases whose first word matches lw, memoised
// for the run's language.
func (x *run) phrasesFor(tab *cueClassTable, lw string) []int {
	if ps, ok := x.phrases[lw]; ok {
		return ps
	}
	ps := tab.exact[lw]
	for _, i := range tab.prefix {
		if strings.HasPrefix(lw, tab.list[i].words[0]) {
			ps = append(ps[:len(ps):len(ps)], i)
		}
	}
	if x.phrases == nil {
		x.phrases = map[string][]int{}
	}
	x.phrases[lw] = ps
	return ps
}
