package resolve

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/extract"
)

//go:embed data/words.tsv
var wordsTSV string

// vocab is what the resolver knows about words: kinds, function words,
// topics (words.tsv), and the names of states and places (the
// extractor's lexicons), all keyed by folded form.
type vocab struct {
	// concept maps a folded word or phrase to what it means:
	// "kind:GROUP", "stop", "topic:NAME", "country:ISO", "place:QID".
	concept map[string]string
	// maxWords is the longest phrase in concept, in words.
	maxWords int
}

var (
	vocabOnce sync.Once
	theVocab  *vocab
	vocabErr  error
)

// loadVocab reads the embedded word lists once.
func loadVocab() (*vocab, error) {
	vocabOnce.Do(func() { theVocab, vocabErr = newVocab() })
	return theVocab, vocabErr
}

func newVocab() (*vocab, error) {
	v := &vocab{concept: map[string]string{}}
	for n, line := range strings.Split(wordsTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		class := f[0]
		if class != "stop" && class != "mod" && !strings.HasPrefix(class, "kind:") && !strings.HasPrefix(class, "topic:") {
			return nil, fmt.Errorf("resolve: words.tsv:%d: unknown class %q", n+1, class)
		}
		for _, w := range f[1:] {
			v.add(extract.Fold(w), class, false)
		}
	}
	countries, err := extract.DataFile("countries.tsv")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(countries), "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "code\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 9 {
			continue
		}
		// Not the ISO codes themselves: folded, they are words ("de",
		// "in", "ki").
		c := "country:" + f[0]
		for _, col := range []int{2, 3, 4, 5, 8} {
			for _, w := range strings.Split(f[col], ";") {
				v.add(extract.Fold(w), c, false)
			}
		}
		// Capitals are places ("Madrid", "Hanoi").
		if len(f) > 11 && f[11] != "" {
			for _, w := range []string{f[9], f[10]} {
				if w = extract.Fold(w); w != "" {
					v.add(w, "place:"+f[11], true)
					for _, adj := range cityAdjectives(w) {
						v.add(adj, "place:"+f[11], true)
					}
				}
			}
		}
		// Adjectives: English as they are; German stems take endings
		// ("kanadisch" -> "kanadische", "kanadischen", ...).
		for _, w := range strings.Split(f[6], ";") {
			v.add(extract.Fold(w), c, false)
		}
		for _, w := range strings.Split(f[7], ";") {
			w = extract.Fold(w)
			for _, end := range []string{"", "e", "en", "er", "es", "em"} {
				v.add(w+end, c, false)
			}
		}
	}
	places, err := extract.DataFile("places.tsv")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(places), "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "wikidata\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 5 {
			continue
		}
		c := "place:" + f[0]
		if f[0] == "" {
			c = "place:" + f[1] + ":" + extract.Fold(f[3])
		}
		names := []string{f[3], f[4]}
		if len(f) > 5 {
			names = append(names, strings.Split(f[5], ";")...)
		}
		for _, w := range names {
			w = extract.Fold(w)
			if w == "" {
				continue
			}
			// Place names never override a state's name ("Luxembourg").
			v.add(w, c, true)
			if f[2] == "city" && !strings.Contains(w, " ") {
				// German city adjectives: Aachen -> Aachener,
				// München -> Münchner, Berlin -> Berliner.
				for _, adj := range cityAdjectives(w) {
					for _, end := range []string{"", "s"} {
						v.add(adj+end, c, true)
					}
				}
			}
		}
	}
	return v, nil
}

// cityAdjectives returns the German adjectives of a one-word city name.
func cityAdjectives(w string) []string {
	out := []string{w + "er"}
	if strings.HasSuffix(w, "en") {
		out = append(out, strings.TrimSuffix(w, "en")+"ner")
	}
	if strings.HasSuffix(w, "e") {
		out = append(out, w+"r")
	}
	return out
}

func (v *vocab) add(w, class string, weak bool) {
	if w == "" {
		return
	}
	if old, ok := v.concept[w]; ok && (weak || old != class && !strings.HasPrefix(class, "country:")) {
		return
	}
	v.concept[w] = class
	if n := strings.Count(w, " ") + 1; n > v.maxWords {
		v.maxWords = n
	}
}

// lookup returns the concept of a folded word, trying it without a
// genitive or plural s.
func (v *vocab) lookup(w string) (string, bool) {
	if c, ok := v.concept[w]; ok {
		return c, true
	}
	if len(w) > 4 && strings.HasSuffix(w, "s") {
		if c, ok := v.concept[strings.TrimSuffix(w, "s")]; ok {
			return c, true
		}
	}
	return "", false
}

// decompose splits a German compound into known words: "friedensgipfel"
// into "topic:peace" and "kind:summit", "ukrainegipfel" into a state and
// a kind. It returns nil unless every part is known (a linking s or es
// may follow a part).
func (v *vocab) decompose(w string, depth int) []string {
	if c, ok := v.lookup(w); ok {
		return []string{c}
	}
	if depth == 0 || len(w) < 7 {
		return nil
	}
	for i := len(w) - 3; i >= 3; i-- {
		rest := v.decompose(w[i:], depth-1)
		if rest == nil {
			continue
		}
		head := w[:i]
		for _, h := range []string{head, strings.TrimSuffix(head, "s"), strings.TrimSuffix(head, "es")} {
			if len(h) < 3 {
				continue
			}
			if c, ok := v.lookup(h); ok {
				return append([]string{c}, rest...)
			}
		}
	}
	return nil
}

// Signature is what a name says about the thing it names.
type Signature struct {
	// Kinds are the kind groups ("treaty", "summit").
	Kinds []string
	// Countries are the ISO codes of states the name names.
	Countries []string
	// Places are the Wikidata IDs of places the name names.
	Places []string
	// Topics are the subjects the name names, in either language.
	Topics []string
	// Proper are the other words of the name that were written with a
	// capital letter, folded: what makes it this thing and not another
	// ("aachen", "cop15", "kunming"). German capitalises every noun, so
	// only Strong ones tell two things apart.
	Proper []string
	// Strong are the proper words written as acronyms or codes ("G7",
	// "NATO", "RCEP", "COP15"), folded.
	Strong []string
	// Years are four-digit years in the name.
	Years []string
	// Numbers are other numbers in the name: ordinals, editions and
	// versions ("48th Summit", "COP 15", "Élysée-Vertrag 2.0").
	Numbers []string
	// Initials are the first letters of the name's words, for acronyms.
	Initials string
}

// Sign analyses a name.
func Sign(name string) Signature {
	v, err := loadVocab()
	if err != nil {
		panic(err) // the embedded data is tested
	}
	return v.sign(name)
}

func (v *vocab) sign(name string) Signature {
	var s Signature
	words := splitWords(name)
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = extract.Fold(w)
	}
	var initials strings.Builder
	for i := 0; i < len(words); {
		// The longest known phrase from here.
		n, c := 0, ""
		for k := min(v.maxWords, len(words)-i); k >= 1; k-- {
			if x, ok := v.lookup(strings.Join(folded[i:i+k], " ")); ok {
				n, c = k, x
				break
			}
		}
		var concepts []string
		if n > 0 {
			concepts = []string{c}
		} else {
			n = 1
			concepts = v.decompose(folded[i], 3)
		}
		w := folded[i]
		if concepts == nil {
			switch {
			case w == "":
			case isYear(w):
				s.Years = appendNew(s.Years, w)
			case isNumber(w):
				s.Numbers = appendNew(s.Numbers, strings.TrimLeft(strings.TrimRight(w, "stndrh"), "0"))
			case capitalised(words[i]):
				w = strings.TrimSuffix(w, "’s")
				s.Proper = appendNew(s.Proper, w)
				if acronymLike(words[i]) {
					s.Strong = appendNew(s.Strong, w)
				}
				initials.WriteByte(w[0])
			}
			i++
			continue
		}
		for _, c := range concepts {
			switch {
			case strings.HasPrefix(c, "kind:"):
				s.Kinds = appendNew(s.Kinds, strings.TrimPrefix(c, "kind:"))
			case strings.HasPrefix(c, "country:"):
				s.Countries = appendNew(s.Countries, strings.TrimPrefix(c, "country:"))
			case strings.HasPrefix(c, "place:"):
				s.Places = appendNew(s.Places, strings.TrimPrefix(c, "place:"))
			case strings.HasPrefix(c, "topic:"):
				s.Topics = appendNew(s.Topics, strings.TrimPrefix(c, "topic:"))
			}
		}
		if concepts[0] != "stop" {
			for _, w := range folded[i : i+n] {
				if w != "" {
					initials.WriteByte(w[0])
				}
			}
		}
		i += n
	}
	s.Initials = initials.String()
	return s
}

// splitWords splits a name into words at spaces, hyphens, dashes,
// slashes and punctuation, keeping letters, digits and apostrophes.
func splitWords(name string) []string {
	return strings.FieldsFunc(name, func(r rune) bool {
		switch r {
		case '\'', '’':
			return false
		}
		return !isWordRune(r)
	})
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && r != '–' && r != '—' && r != '‘' && r != '“' && r != '”' && r != '„' && r != '«' && r != '»' && r != ' '
}

func capitalised(w string) bool {
	for _, r := range w {
		return r >= 'A' && r <= 'Z' || r > 0x7f && strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r) || r >= '0' && r <= '9'
	}
	return false
}

// acronymLike reports whether a word is written as an acronym or a code:
// two or more capitals ("NATO", "Asean" is not), or letters and digits
// ("G7", "COP15").
func acronymLike(w string) bool {
	caps, digits, letters := 0, 0, 0
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			caps++
			letters++
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z' || r > 0x7f:
			letters++
		}
	}
	return caps >= 2 || letters > 0 && digits > 0
}

// isNumber reports whether a folded word is a number or an English
// ordinal ("2", "48th", "1st").
func isNumber(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	switch strings.TrimLeft(w, "0123456789") {
	case "", "st", "nd", "rd", "th":
		return true
	}
	return false
}

func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	n, err := strconv.Atoi(w)
	return err == nil && n >= 1800 && n <= 2199
}

// union appends to s the strings of add it does not hold yet.
func union(s, add []string) []string {
	for _, x := range add {
		s = appendNew(s, x)
	}
	return s
}

func appendNew(s []string, x string) []string {
	for _, y := range s {
		if y == x {
			return s
		}
	}
	return append(s, x)
}
