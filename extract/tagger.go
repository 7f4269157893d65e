package extract

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The tagger is a learned named-entity tagger: an averaged perceptron that
// reads a sentence left to right and gives each token a tag, O (outside a
// name) or B-TYPE / I-TYPE (begins or continues a name of that type). Its
// features are the token's words and shapes, its neighbours, the lexicons'
// answers (known names, given names, role words, head nouns) and what the
// rule-based mention finder made of the token; decoding adds the previous
// tag. tools/train learns it from the real corpora, where every name the
// gold lists is found in the text and tagged.
//
// The extractor uses it to check and extend the rules' mentions: a name the
// rules guessed (no lexicon entry behind it) that the tagger does not tag
// is dropped, one it tags with other bounds or another type is replaced by
// the tagger's, and the tagger's names the rules missed are added.

// TagNames lists the tagger's tags: "O", then "B-TYPE" and "I-TYPE" for
// each of [Types].
var TagNames = func() []string {
	out := []string{"O"}
	for _, t := range Types {
		out = append(out, "B-"+string(t), "I-"+string(t))
	}
	return out
}()

const nTags = 17

// tagType returns the type of tag k (k > 0).
func tagType(k int) Type { return Types[(k-1)/2] }

func tagBegin(k int) bool { return k > 0 && k%2 == 1 }

// TagAllowed reports whether tag may follow prev: I-TYPE only after B-TYPE
// or I-TYPE of the same type.
func TagAllowed(prev, tag int) bool {
	if tag == 0 || tagBegin(tag) {
		return true
	}
	return prev > 0 && (prev+1)/2 == (tag+1)/2
}

// Tagger is a trained tagger.
type Tagger struct {
	w     hashTable[[nTags]float32]
	fixed func(doc *Document, sentence int) []int
	mu    sync.Mutex
	trans map[string]*TagMatrix // by token shape
}

// weights returns the weights of feature h for each tag, or nil.
func (t *Tagger) weights(h uint64) *[nTags]float32 { return t.w.get(h) }

// FixedTagger returns a tagger that gives each sentence the tags tags
// returns for it (indexes into [TagNames], one a token), and decodes with
// t where tags returns none of the right length: names from elsewhere,
// such as another tagger or a gold standard in an experiment.
func FixedTagger(t *Tagger, tags func(doc *Document, sentence int) []int) *Tagger {
	if t == nil {
		t = &Tagger{}
	}
	return &Tagger{w: t.w, fixed: tags}
}

// LoadTagger reads a tagger file, plain or gzip-compressed: comments,
// then one "FEATURE\tTAG\tWEIGHT" a line.
func LoadTagger(r io.Reader) (*Tagger, error) {
	r, err := gunzipped(r)
	if err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	t := &Tagger{}
	w := map[uint64]*[nTags]float32{}
	idx := map[string]int{}
	for i, n := range TagNames {
		idx[n] = i
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	var last []byte // the previous line's feature: lines come sorted by feature
	var a *[nTags]float32
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		i := bytes.IndexByte(b, '\t')
		j := -1
		if i >= 0 {
			j = bytes.IndexByte(b[i+1:], '\t')
		}
		if i < 0 || j < 0 {
			return nil, fmt.Errorf("tagger line %d: want FEATURE TAG WEIGHT", line)
		}
		feat, tag, num := b[:i], b[i+1:i+1+j], b[i+2+j:]
		k, ok := idx[string(tag)]
		if !ok {
			return nil, fmt.Errorf("tagger line %d: unknown tag %q", line, tag)
		}
		v, err := strconv.ParseFloat(string(num), 32)
		if err != nil {
			return nil, fmt.Errorf("tagger line %d: %v", line, err)
		}
		if a == nil || !bytes.Equal(feat, last) {
			h := featureHashBytes(feat)
			if a = w[h]; a == nil {
				a = new([nTags]float32)
				w[h] = a
			}
			last = append(last[:0], feat...)
		}
		a[k] += float32(v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	t.w = newHashTable(w)
	return t, nil
}

// TagWeight is one weight of a tagger, for writing one.
type TagWeight struct {
	Feature string
	Tag     int
	Value   float64
}

// WriteTagger writes a tagger file that [LoadTagger] reads, sorted by
// feature and tag, so that the same weights give the same bytes.
func WriteTagger(w io.Writer, comment string, ws []TagWeight) error {
	bw := bufio.NewWriter(w)
	for _, line := range strings.Split(strings.TrimSpace(comment), "\n") {
		fmt.Fprintf(bw, "# %s\n", line)
	}
	ws = append([]TagWeight(nil), ws...)
	sort.Slice(ws, func(i, j int) bool {
		if ws[i].Feature != ws[j].Feature {
			return ws[i].Feature < ws[j].Feature
		}
		return ws[i].Tag < ws[j].Tag
	})
	for _, x := range ws {
		if strings.ContainsAny(x.Feature, "\t\n") {
			return fmt.Errorf("tagger: feature %q holds a tab or newline", x.Feature)
		}
		fmt.Fprintf(bw, "%s\t%s\t%s\n", x.Feature, TagNames[x.Tag], ftoa(x.Value))
	}
	return bw.Flush()
}

var defaultTagger = sync.OnceValues(func() (*Tagger, error) {
	b, err := modelFS.ReadFile("data/tagger.model.gz")
	if err != nil {
		return nil, nil // no tagger: the rules alone find names
	}
	return LoadTagger(bytes.NewReader(b))
})

// DefaultTagger returns the embedded tagger, or nil when the package has
// none.
func DefaultTagger() (*Tagger, error) { return defaultTagger() }

// TaggedToken is a token with the names of its tagger features, for
// training.
type TaggedToken struct {
	Text       string
	Start, End int // byte offsets in the document
	Shape      string
	Features   []string
}

// PrevTagFeatures returns the names of the features the tagger adds for
// the tag before a token.
func PrevTagFeatures(prev int, t TaggedToken) []string {
	return []string{"ptag=" + TagNames[prev], "ptagshape=" + TagNames[prev] + "|" + t.Shape}
}

// shape is a token's short shape: X for a run of capitals, x of small
// letters, d of digits, other characters as they are ("Xx", "X", "d.d",
// "Xx-Xx").
func shape(s string) string {
	var b strings.Builder
	var last rune = -1
	for _, r := range s {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c != last {
			b.WriteRune(c)
			last = c
		}
		if b.Len() > 8 {
			break
		}
	}
	return b.String()
}

// shapeOf is shape(s), memoised for the run.
func (x *run) shapeOf(s string) string {
	if v, ok := x.shapes[s]; ok {
		return v
	}
	if x.shapes == nil {
		x.shapes = map[string]string{}
	}
	v := shape(s)
	x.shapes[s] = v
	return v
}

// tokInfo is what the tagger knows of a token before decoding.
type tokInfo struct {
	shape string
	feats []uint64
	names []string
}

// tokenFeatures computes the features of every token of sentence si, given
// the rules' mentions in it.
func (x *run) tokenFeatures(si int, ms []*mention, names bool) []tokInfo {
	toks := x.sents[si].Tokens
	out := make([]tokInfo, len(toks))
	// What the lexicons and rules say, by token: "B-"/"I-", the type, and
	// for the rules who found the mention.
	type said struct{ bi, typ, src string }
	lex := make([]said, len(toks))
	rule := make([]said, len(toks))
	for i := 0; i < len(toks); i++ {
		if e, n := x.match(toks, i); e != nil {
			lex[i] = said{"B-", string(e.Type), ""}
			for k := i + 1; k < i+n && k < len(toks); k++ {
				lex[k] = said{"I-", string(e.Type), ""}
			}
			i += n - 1
		}
	}
	for _, m := range ms {
		if m.inner {
			continue
		}
		src := "/" + kindName(m.kind)
		if m.lex != nil {
			src = "/lex"
		}
		for k := m.i; k < m.j && k < len(toks); k++ {
			bi := "I-"
			if k == m.i {
				bi = "B-"
			}
			rule[k] = said{bi, string(m.typ), src}
		}
	}
	words := make([]string, len(toks))
	shapes := make([]string, len(toks))
	for i, t := range toks {
		words[i] = x.word(t)
		shapes[i] = x.shapeOf(t.Text)
	}
	f := &featBuf{keep: names, hs: make([]uint64, 0, 40*len(toks))}
	w := func(k int) string {
		if k < 0 {
			return "<s>"
		}
		if k >= len(toks) {
			return "</s>"
		}
		return words[k]
	}
	sh := func(k int) string {
		if k < 0 {
			return "<s>"
		}
		if k >= len(toks) {
			return "</s>"
		}
		return shapes[k]
	}
	for i, t := range toks {
		start := len(f.hs)
		f.names = f.names[:0]
		lw := words[i]
		f.add("bias", "")
		f.add("w", lw)
		f.add("shape", shapes[i])
		if t.Kind == Word && utf8.RuneCountInString(lw) > 4 {
			f.add("suf3", lastRunes(lw, 3))
			f.add("suf4", lastRunes(lw, 4))
			f.add("pre4", firstRunes(lw, 4))
		}
		f.add("w-1", w(i-1))
		f.add("w+1", w(i+1))
		f.add("w-2", w(i-2))
		f.add("w+2", w(i+2))
		f.add("sh-1", sh(i-1))
		f.add("sh+1", sh(i+1))
		f.addp("w-1w", w(i-1), "|", lw)
		f.addp("ww+1", lw, "|", w(i+1))
		f.addp("shsh", sh(i-1), "|", shapes[i], "|", sh(i+1))
		if i == 0 {
			f.add("first", shapes[i])
		}
		f.addp("lex", lex[i].bi, lex[i].typ)
		if i+1 < len(toks) {
			f.addp("lex+1", lex[i+1].bi, lex[i+1].typ)
		}
		if i > 0 {
			f.addp("lex-1", lex[i-1].bi, lex[i-1].typ)
		}
		f.addp("rule", rule[i].bi, rule[i].typ, rule[i].src)
		if i > 0 {
			f.addp("rule-1", rule[i-1].bi, rule[i-1].typ, rule[i-1].src)
		}
		if t.Kind == Word {
			if x.tokGiven(t) {
				f.add("given", "")
			}
			if x.tokRole(t) {
				f.add("role", "")
			}
			if i > 0 && toks[i-1].Kind == Word && x.tokRole(toks[i-1]) {
				f.add("role-1", "")
			}
			if h, typ, exact := x.tokHead(t); h != "" {
				f.add("head", string(typ))
				if exact {
					f.add("headexact", string(typ))
				}
			}
			if o := x.tokOrg(t); o != 0 {
				f.add("org", itoa(int(o)))
			}
			if x.tokStop(t) {
				f.add("stop", "")
			}
			if x.lx.titles[lw] {
				f.add("title", "")
			}
			if x.adjectiveOfState(lw) {
				f.add("stateadj", "")
			}
			if x.tokPlace(t) {
				f.add("placeword", "")
			}
			if isAcronym(t.Text) {
				f.add("acronym", "")
			}
		}
		if t.Kind == Word {
			// How the document writes the word elsewhere: a word written
			// with a capital in mid-sentence is a name more likely, one also
			// written in lower case less.
			switch c := x.docCase()[lw]; {
			case c&1 != 0 && c&2 != 0:
				f.add("doccase", "both")
			case c&1 != 0:
				f.add("doccase", "upper")
			case c&2 != 0:
				f.add("doccase", "lower")
			}
		}
		if i > 0 {
			switch toks[i-1].Text {
			case "(", "„", "“", "\"", "«", "»", ":":
				f.add("after", toks[i-1].Text)
			}
		}
		f.add("lang", x.lang)
		out[i] = tokInfo{shape: shapes[i], feats: f.hs[start:len(f.hs):len(f.hs)]}
		if names {
			out[i].names = append([]string(nil), f.names...)
		}
	}
	return out
}

// docCase returns, by lower-case word, how the document writes it past
// the first word of a sentence: bit 1 with a capital, bit 2 in lower case.
func (x *run) docCase() map[string]uint8 {
	if x.caseOf != nil {
		return x.caseOf
	}
	x.caseOf = map[string]uint8{}
	for _, s := range x.sents {
		for k, t := range s.Tokens {
			if k == 0 || t.Kind != Word || isOpenQuote(s.Tokens[k-1].Text) {
				continue
			}
			lw := x.word(t)
			switch {
			case t.Upper():
				x.caseOf[lw] |= 1
			case t.Lower():
				x.caseOf[lw] |= 2
			}
		}
	}
	return x.caseOf
}

func lastRunes(s string, n int) string {
	k := len(s)
	for c := 0; c < n && k > 0; c++ {
		_, size := utf8.DecodeLastRuneInString(s[:k])
		k -= size
	}
	return s[k:]
}

func firstRunes(s string, n int) string {
	k := 0
	for c := 0; c < n && k < len(s); c++ {
		_, size := utf8.DecodeRuneInString(s[k:])
		k += size
	}
	return s[:k]
}

// decode tags a sentence: the best sequence of tags under the weights
// (Viterbi), with the tag before a token as a feature of it.
func (t *Tagger) decode(info []tokInfo) []int {
	emit := make([]TagScores, len(info))
	trans := make([]*TagMatrix, len(info))
	for i, ti := range info {
		for _, h := range ti.feats {
			if a := t.weights(h); a != nil {
				for k := range emit[i] {
					emit[i][k] += float64(a[k])
				}
			}
		}
		trans[i] = t.transitions(ti.shape)
	}
	return Viterbi(emit, trans, nil)
}

// TagScores are scores of each tag at a token.
type TagScores [NumTags]float64

// TagMatrix are scores of each tag (second index) after each tag (first).
type TagMatrix [NumTags][NumTags]float64

// NumTags is the number of the tagger's tags ([TagNames]).
const NumTags = nTags

// transitions returns the weights of the previous tag before a token of
// the given shape, computed once per shape.
func (t *Tagger) transitions(shape string) *TagMatrix {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tr := t.trans[shape]; tr != nil {
		return tr
	}
	tr := new(TagMatrix)
	for p := 0; p < nTags; p++ {
		for _, h := range []uint64{featHash("ptag", TagNames[p]), featHash("ptagshape", TagNames[p]+"|"+shape)} {
			if a := t.weights(h); a != nil {
				for k := range tr[p] {
					tr[p][k] += float64(a[k])
				}
			}
		}
	}
	if t.trans == nil {
		t.trans = map[string]*TagMatrix{}
	}
	if len(t.trans) < 1<<12 {
		t.trans[shape] = tr
	}
	return tr
}

// Viterbi returns the best tags for a sentence: emit[i][k] is the score of
// tag k at token i, trans[i][p][k] that of tag k after tag p at token i
// (tag 0, O, stands before the first token; a nil matrix scores nothing);
// tags follow [TagAllowed]. When fixed is not nil, a token i with
// fixed[i] >= 0 must take that tag.
func Viterbi(emit []TagScores, trans []*TagMatrix, fixed []int) []int {
	n := len(emit)
	if n == 0 {
		return nil
	}
	const none = -1e300
	best := make([]TagScores, n)
	back := make([][nTags]int8, n)
	var zero TagMatrix
	for i := 0; i < n; i++ {
		tr := trans[i]
		if tr == nil {
			tr = &zero
		}
		if i == 0 {
			for k := 0; k < nTags; k++ {
				best[0][k] = none
				if (fixed == nil || fixed[0] < 0 || fixed[0] == k) && TagAllowed(0, k) {
					best[0][k] = emit[0][k] + tr[0][k]
				}
			}
			continue
		}
		prev := &best[i-1]
		for k := 0; k < nTags; k++ {
			best[i][k] = none
			if fixed != nil && fixed[i] >= 0 && fixed[i] != k {
				continue
			}
			b, bp := none, 0
			for _, p := range before[k] {
				if prev[p] == none {
					continue
				}
				if v := prev[p] + tr[p][k]; v > b {
					b, bp = v, p
				}
			}
			if b > none {
				best[i][k], back[i][k] = b+emit[i][k], int8(bp)
			}
		}
	}
	tags := make([]int, n)
	for k := 1; k < nTags; k++ {
		if best[n-1][k] > best[n-1][tags[n-1]] {
			tags[n-1] = k
		}
	}
	for i := n - 1; i > 0; i-- {
		tags[i-1] = int(back[i][tags[i]])
	}
	return tags
}

// before lists, for each tag, the tags it may follow (TagAllowed).
var before = func() (b [nTags][]int) {
	for k := range b {
		for p := 0; p < nTags; p++ {
			if TagAllowed(p, k) {
				b[k] = append(b[k], p)
			}
		}
	}
	return b
}()

// Tag tags a sentence of tokens as [Extractor.TokenFeatures] gives them,
// returning indexes into [TagNames].
func (t *Tagger) Tag(toks []TaggedToken) []int {
	info := make([]tokInfo, len(toks))
	for i, tok := range toks {
		info[i].shape = tok.Shape
		for _, f := range tok.Features {
			info[i].feats = append(info[i].feats, FeatureHash(f))
		}
	}
	return t.decode(info)
}

// tagSpan is a name the tagger found: tokens [i, j) of a type.
type tagSpan struct {
	i, j int
	typ  Type
}

func spans(tags []int) []tagSpan {
	var out []tagSpan
	for i := 0; i < len(tags); i++ {
		if tags[i] == 0 {
			continue
		}
		j := i + 1
		for j < len(tags) && tags[j] != 0 && !tagBegin(tags[j]) && (tags[j]+1)/2 == (tags[i]+1)/2 {
			j++
		}
		out = append(out, tagSpan{i, j, tagType(tags[i])})
		i = j - 1
	}
	return out
}

// TokenFeatures returns, for each sentence of doc, its tokens with their
// tagger features (without those of the previous tag): what tools/train
// learns the tagger from.
func (e *Extractor) TokenFeatures(doc *Document) ([][]TaggedToken, error) {
	var out [][]TaggedToken
	_, _, err := e.analyse(doc, func(x *run, si int, ms []*mention) {
		info := x.tokenFeatures(si, ms, true)
		toks := x.sents[si].Tokens
		sent := make([]TaggedToken, len(toks))
		for i, t := range toks {
			sent[i] = TaggedToken{Text: t.Text, Start: t.Start, End: t.End, Shape: info[i].shape, Features: info[i].names}
		}
		out = append(out, sent)
	}, nil)
	return out, err
}

// checkMentions reconciles the rules' mentions of sentence si with the
// tagger's names.
func (x *run) checkMentions(t *Tagger, si int, ms []*mention) []*mention {
	var tags []int
	if t.fixed != nil {
		tags = t.fixed(x.doc, si)
	}
	if len(tags) != len(x.sents[si].Tokens) {
		tags = t.decode(x.tokenFeatures(si, ms, false))
	}
	sp := spans(tags)
	toks := x.sents[si].Tokens
	covered := make([]bool, len(toks))
	out := ms[:0:0]
	for _, m := range ms {
		guess := m.kind == named && m.lex == nil && m.ent == nil && !m.inner && m.base == nil
		if !guess {
			out = append(out, m)
			for k := m.i; k < m.j; k++ {
				covered[k] = true
			}
			continue
		}
		var over []tagSpan
		for _, s := range sp {
			if s.i < m.j && m.i < s.j {
				over = append(over, s)
			}
		}
		switch {
		case len(over) == 0:
			continue // the tagger sees no name here
		case len(over) == 1 && over[0].i == m.i && over[0].j == m.j:
			m.src = srcConfirmed
			if over[0].typ != m.typ {
				m.typ = over[0].typ
				if m.typ != Event && m.typ != Agreement && m.typ != Initiative {
					m.head = ""
				}
			}
			out = append(out, m)
			for k := m.i; k < m.j; k++ {
				covered[k] = true
			}
		}
		// Other bounds: the tagger's spans are added below.
	}
	for _, s := range sp {
		free := true
		for k := s.i; k < s.j; k++ {
			if covered[k] {
				free = false
			}
		}
		if !free {
			continue
		}
		m := &mention{sent: si, i: s.i, j: s.j, typ: s.typ, kind: named, name: x.span(toks[s.i].Start, toks[s.j-1].End), src: srcTagger}
		if p, ok := stripPossessive(m.name); ok && s.j-s.i == 1 {
			m.name = p
		}
		if s.typ == Event || s.typ == Agreement || s.typ == Initiative {
			if h, _, _ := x.tokHead(toks[s.j-1]); h != "" {
				m.head = h
			}
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].i < out[b].i })
	return out
}
