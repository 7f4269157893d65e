package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokenKind classifies a token.
type TokenKind uint8

// Token kinds.
const (
	Word   TokenKind = iota // letters, possibly with digits, hyphens, apostrophes
	Number                  // digits, possibly with . , : separators
	Punct                   // any other single character
)

// Token is a word, number or punctuation mark of a sentence. Start and End
// are byte offsets into the document text.
type Token struct {
	Text       string
	Start, End int
	Kind       TokenKind
	cs         caseBits
	wb         wordFlags // the flags of the run's word memo, when w > 0
	w          int32     // number of the text in the run's word memo, 0 for none
	lower      string    // Text in lower case, once known (see lowerWord)
}

// Upper reports whether the token starts with an upper-case letter.
func (t Token) Upper() bool {
	if t.cs&caseKnown != 0 {
		return t.cs&caseUpper != 0
	}
	return caseOf(t.Text)&caseUpper != 0
}

// Lower reports whether the token starts with a lower-case letter.
func (t Token) Lower() bool {
	if t.cs&caseKnown != 0 {
		return t.cs&caseLower != 0
	}
	return caseOf(t.Text)&caseLower != 0
}

// caseBits hold the answers of Token.Upper and Token.Lower, computed when
// the tokenizer makes the token (a Token made otherwise has none).
type caseBits uint8

const (
	caseKnown caseBits = 1 << iota
	caseUpper
	caseLower
)

// caseOf returns the caseBits of a token's text.
func caseOf(text string) caseBits {
	r, _ := utf8.DecodeRuneInString(text)
	cs := caseKnown
	if unicode.IsUpper(r) {
		cs |= caseUpper
	}
	if unicode.IsLower(r) {
		cs |= caseLower
	}
	return cs
}

// Sentence is a sentence of a document. Start and End are byte offsets into
// the document text.
type Sentence struct {
	Text       string
	Start, End int
	Tokens     []Token
}

// newToken makes a word or number token. Its lower-case form is left to
// the run's word table (indexWords), which computes it once per word and
// not once per occurrence.
func newToken(text string, start, end int, kind TokenKind) Token {
	return Token{Text: text, Start: start, End: end, Kind: kind, cs: caseOf(text)}
}

// isHyphen reports whether r joins the parts of a compound word: the ASCII
// hyphen-minus and the Unicode hyphens (U+2010, U+2011 non-breaking).
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Tokenize splits s, which starts at byte offset base of the document, into
// tokens. Hyphenated compounds ("deutsch-kanadische", "KI-Allianz"),
// apostrophes inside words ("Canada's"), dotted abbreviations ("U.S.",
// "z.B.") and numbers with separators ("2.0", "1,5") stay single tokens.
func Tokenize(s string, base int) []Token {
	toks := tokenizeAppend(make([]Token, 0, len(s)/5+1), s, base)
	if len(toks) == 0 {
		return nil
	}
	return toks
}

// tokenizeAppend is [Tokenize] appending to toks.
func tokenizeAppend(toks []Token, s string, base int) []Token {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII fast paths: white space and lower-case words, the
			// bulk of the text, without decoding runes.
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
				i++
				continue
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
				j := scanWord(s, i)
				toks = append(toks, newToken(s[i:j], base+i, base+j, Word))
				i = j
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || unicode.Is(unicode.Cf, r):
			i += n
		case unicode.IsDigit(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsDigit(r2) {
					j += n2
					continue
				}
				if (r2 == '.' || r2 == ',' || r2 == ':') && j+n2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+n2:])
					if unicode.IsDigit(r3) {
						j += n2
						continue
					}
				}
				break
			}
			// A number glued to letters ("5G", "6G-Standards") is a word.
			if j < len(s) {
				if r2, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsLetter(r2) || isHyphen(r2) {
					j = scanWord(s, i)
					toks = append(toks, newToken(s[i:j], base+i, base+j, Word))
					i = j
					continue
				}
			}
			toks = append(toks, newToken(s[i:j], base+i, base+j, Number))
			i = j
		case isWordRune(r):
			j := scanWord(s, i)
			toks = append(toks, newToken(s[i:j], base+i, base+j, Word))
			i = j
		default:
			toks = append(toks, Token{Text: s[i : i+n], Start: base + i, End: base + i + n, Kind: Punct, cs: caseOf(s[i : i+n]), lower: s[i : i+n]})
			i += n
		}
	}
	return toks
}

// scanWord returns the end of the word starting at i.
func scanWord(s string, i int) int {
	j := i
	for j < len(s) {
		if c := s[j]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			j += n
			continue
		}
		if (isHyphen(r) || r == '\'' || r == '’' || r == '.' || r == '&') && j+n < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j+n:])
			if !isWordRune(r2) {
				break
			}
			if r == '.' {
				// Keep dots only inside abbreviations of single letters:
				// "U.S.", "z.B.", "e.g.".
				prevLetters := j - lastNonLetter(s[:j])
				if prevLetters > 1 || !unicode.IsLetter(r2) {
					break
				}
				j += n + n2
				if j < len(s) && s[j] == '.' {
					j++
				}
				continue
			}
			if r == '&' && !unicode.IsUpper(r2) {
				break
			}
			j += n
			continue
		}
		break
	}
	return j
}

// lastNonLetter returns the byte index after the last non-letter in s.
func lastNonLetter(s string) int {
	for k := len(s); k > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:k])
		if !unicode.IsLetter(r) {
			return k
		}
		k -= n
	}
	return 0
}

// abbreviations end with a dot that does not end a sentence.
var abbreviations = map[string]bool{
	"z.B": true, "z.b": true, "u.a": true, "d.h": true, "bzw": true, "ca": true, "Dr": true, "Prof": true,
	"Nr": true, "St": true, "Mr": true, "Mrs": true, "Ms": true, "Jr": true, "Sr": true, "vs": true,
	"etc": true, "Inc": true, "Ltd": true, "Co": true, "Corp": true, "e.g": true, "i.e": true, "U.S": true,
	"U.K": true, "U.N": true, "E.U": true, "Gen": true, "Sen": true, "Rep": true, "Gov": true, "Hon": true,
	"Abs": true, "Art": true, "Mio": true, "Mrd": true, "Bd": true, "evtl": true, "ggf": true, "inkl": true,
	"vgl": true, "usw": true, "sog": true, "Hr": true, "Fr": true, "No": true, "Dipl": true, "Ing": true,
	"Mt": true, "Ft": true, "Pres": true, "Min": true, "Gouv": true, "Verf": true, "bspw": true, "Jh": true,
	"Jan": true, "Feb": true, "Mär": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true, "Sep": true,
	"Sept": true, "Okt": true, "Oct": true, "Nov": true, "Dez": true, "Dec": true, "v. Chr": true,
}

// Sentences splits text into sentences. Every line break ends a sentence
// (news text puts headlines, datelines and paragraphs on lines of their
// own); inside a line a sentence ends at '.', '!' or '?' (and closing quotes
// after them) followed by white space and an upper-case letter, digit or
// opening quote, unless the dot ends an abbreviation, an initial ("M.") or a
// German ordinal ("14. Februar", "21. Jahrhundert").
func Sentences(text string) []Sentence {
	sents, _ := splitSentences(text, nil, nil, false)
	return sents
}

// splitSentences is [Sentences] with the buffers of an earlier call: the
// sentences go into sents[:0] and their tokens into toks[:0] when these
// are large enough. It returns the sentences and the token buffer last
// used, for the next call once nothing refers to these tokens any more.
// keep says that the buffers are kept for later calls, and so are worth
// making larger.
func splitSentences(text string, toks []Token, sents []Sentence, keep bool) ([]Sentence, []Token) {
	// The tokens of all sentences share one buffer, sized for the whole
	// text: one allocation instead of a growing slice per sentence. A
	// buffer to keep gets room for the worst case of emit (a token for
	// every two bytes), so that it need not start another one near the
	// end.
	n := len(text)/5 + 8
	if keep {
		n = len(text)/2 + 64
	}
	sp := splitter{toks: toks[:0], out: sents[:0]}
	if cap(sp.toks) < n {
		sp.toks = make([]Token, 0, n)
	}
	if cap(sp.out) < len(text)/100+4 {
		sp.out = make([]Sentence, 0, len(text)/100+4)
	}
	lineStart := 0
	for lineStart <= len(text) {
		end := strings.IndexByte(text[lineStart:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += lineStart
		}
		sp.splitLine(text, lineStart, end)
		lineStart = end + 1
	}
	return sp.out, sp.toks
}

// splitter collects a text's sentences and their tokens.
type splitter struct {
	toks []Token
	out  []Sentence
}

// emit adds the sentence text[a:b], trimmed of white space, if any is left.
func (sp *splitter) emit(text string, a, b int) {
	seg := text[a:b]
	l := len(seg) - len(strings.TrimLeftFunc(seg, unicode.IsSpace))
	r := len(strings.TrimRightFunc(seg, unicode.IsSpace))
	if l >= r {
		return
	}
	a, b = a+l, a+r
	if cap(sp.toks)-len(sp.toks) < (b-a)/2+2 {
		// Too little room left for the worst case: a new buffer, so that
		// appends never move tokens earlier sentences already hold.
		sp.toks = make([]Token, 0, max(cap(sp.toks), (b-a)/2+2))
	}
	k := len(sp.toks)
	sp.toks = tokenizeAppend(sp.toks, text[a:b], a)
	toks := sp.toks[k:len(sp.toks):len(sp.toks)]
	if len(toks) == 0 {
		toks = nil
	}
	for len(toks) > MaxSentenceTokens {
		cut := longCut(toks)
		pa, pb := toks[0].Start, toks[cut-1].End
		sp.out = append(sp.out, Sentence{Text: text[pa:pb], Start: pa, End: pb, Tokens: toks[:cut:cut]})
		toks = toks[cut:]
		a = toks[0].Start
	}
	sp.out = append(sp.out, Sentence{Text: text[a:b], Start: a, End: b, Tokens: toks})
}

// MaxSentenceTokens bounds a sentence. A longer run of text without a
// sentence end (a table flattened into one line, a list of thousands of
// names) is cut into pieces of at most this many tokens, so that the work
// per sentence stays bounded. The longest sentence of the real corpora
// has 209 tokens.
const MaxSentenceTokens = 250

// longCut returns where to cut an over-long token run: after the last
// semicolon or comma in the second half of the allowed length, else at
// the length.
func longCut(toks []Token) int {
	for k := MaxSentenceTokens - 1; k >= MaxSentenceTokens/2; k-- {
		if t := toks[k].Text; t == ";" || t == "," {
			return k + 1
		}
	}
	return MaxSentenceTokens
}

func (sp *splitter) splitLine(text string, start, end int) {
	emit := func(a, b int) { sp.emit(text, a, b) }
	segStart := start
	i := start
	for i < end {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			i++
			continue
		}
		j := i + 1
		// Runs of terminators and closing quotes/brackets belong to the sentence.
		for j < end {
			r, n := utf8.DecodeRuneInString(text[j:])
			if r == '.' || r == '!' || r == '?' || r == '"' || r == '\'' || r == '“' || r == '”' || r == '»' || r == '«' || r == '’' || r == ')' {
				j += n
				continue
			}
			break
		}
		if j >= end {
			break
		}
		r, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r) {
			i = j
			continue
		}
		k := j
		for k < end {
			r, n := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsSpace(r) {
				break
			}
			k += n
		}
		if k >= end {
			break
		}
		next, _ := utf8.DecodeRuneInString(text[k:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"'„“‚‘»«(–-*•", next)) {
			i = j
			continue
		}
		if c == '.' && noBreakBefore(text[segStart:i]) {
			i = j
			continue
		}
		emit(segStart, j)
		segStart = k
		i = k
	}
	emit(segStart, end)
}

// noBreakBefore reports whether the dot after before is not a sentence end.
func noBreakBefore(before string) bool {
	w := before[lastSpace(before):]
	w = strings.TrimLeft(w, "(\"'„“‚‘»«")
	if w == "" {
		return false
	}
	if abbreviations[w] {
		return true
	}
	// A single upper-case letter is an initial: "Jyotiraditya M. Scindia".
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	// Ordinals: one or two digits before the dot ("14. Februar",
	// "21. Jahrhundert"); a year ("Ende 2025.") ends a sentence.
	if len(w) <= 2 && isDigits(w) {
		return true
	}
	// Dates written 17.02. or dotted abbreviations like "U.S."
	if strings.Count(w, ".") > 0 && len(w) <= 6 && !strings.ContainsAny(w, "aeiouäöü") {
		return true
	}
	return false
}

func lastSpace(s string) int {
	for k := len(s); k > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:k])
		if unicode.IsSpace(r) {
			return k
		}
		k -= n
	}
	return 0
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// lowerLookup returns m[strings.ToLower(w)] without making the lower-case
// string when w is a short ASCII word, as most looked-up words are.
func lowerLookup[V any](m map[string]V, w string) (V, bool) {
	var buf [32]byte
	if len(w) <= len(buf) {
		ascii := true
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if ascii {
			v, ok := m[string(buf[:len(w)])]
			return v, ok
		}
	}
	v, ok := m[strings.ToLower(w)]
	return v, ok
}

// inLower reports whether m[strings.ToLower(w)] is true (see lowerLookup).
func inLower(m map[string]bool, w string) bool {
	v, _ := lowerLookup(m, w)
	return v
}

// hasSuffixes reports whether s ends in a+b, without concatenating them.
func hasSuffixes(s, a, b string) bool {
	return strings.HasSuffix(s, b) && strings.HasSuffix(s[:len(s)-len(b)], a)
}

// runeLen is the number of code points in s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// Fold returns the key names are compared by: case-folded, accents and
// hyphen/space differences removed, ß as ss. "Münchner Sicherheits-Konferenz"
// and "munchner sicherheits konferenz" fold alike.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isHyphen(r) || unicode.IsSpace(r) || r == '_' || r == '–' || r == '—' || r == '/' {
			space = b.Len() > 0
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '&' {
			if unicode.Is(unicode.Mn, r) {
				continue
			}
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var foldMap = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'ä': "a", 'Ä': "a", 'ö': "o", 'Ö': "o", 'ü': "u", 'Ü': "u",
	'á': "a", 'à': "a", 'â': "a", 'ã': "a", 'å': "a", 'Á': "a", 'À': "a", 'Â': "a", 'Å': "a",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'É': "e", 'È': "e", 'Ê': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'Í': "i", 'Î': "i",
	'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ø': "o", 'Ó': "o", 'Ô': "o", 'Ø': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'Ú': "u", 'Û': "u",
	'ç': "c", 'Ç': "c", 'ñ': "n", 'Ñ': "n", 'ý': "y", 'ÿ': "y", 'ł': "l", 'Ł': "l",
	'ś': "s", 'Ś': "s", 'š': "s", 'Š': "s", 'ž': "z", 'Ž': "z", 'ź': "z", 'ż': "z",
	'č': "c", 'Č': "c", 'ć': "c", 'ř': "r", 'ě': "e", 'ę': "e", 'ą': "a", 'ń': "n", 'ğ': "g",
	'ı': "i", 'İ': "i", 'ş': "s", 'Ş': "s", 'æ': "ae", 'œ': "oe",
}
