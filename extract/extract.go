package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Extractor finds entities and relations in documents. It is safe for
// concurrent use: each call to Extract works on its own state.
type Extractor struct {
	lx     *Lexicon
	lang   string // forced language, "" or "auto" to detect
	caches *wordCaches
	model  *Model  // decides the relations; nil: the rules do
	tagger *Tagger // checks and extends the rules' names; nil: the rules alone
	rules  bool    // WithRules: no model or tagger even if one is embedded
	// WithModel and WithTagger were given: nil means none, not the
	// embedded one.
	modelSet, taggerSet bool
}

// Option configures an Extractor.
type Option func(*Extractor)

// WithLanguage forces the language of every document ("de" or "en");
// "auto" or "" detects it per document.
func WithLanguage(lang string) Option { return func(e *Extractor) { e.lang = lang } }

// WithModel makes the extractor decide relations with m instead of the
// embedded model; a nil m leaves them to the rules.
func WithModel(m *Model) Option { return func(e *Extractor) { e.model, e.modelSet = m, true } }

// WithTagger makes the extractor check names with t instead of the
// embedded tagger; a nil t leaves them to the rules.
func WithTagger(t *Tagger) Option { return func(e *Extractor) { e.tagger, e.taggerSet = t, true } }

// WithRules makes the extractor find names and decide relations with its
// hand-written rules alone, without a model or tagger.
func WithRules() Option { return func(e *Extractor) { e.rules = true } }

// New returns an extractor using lx; a nil lx uses [DefaultLexicon].
func New(lx *Lexicon, opts ...Option) (*Extractor, error) {
	if lx == nil {
		var err error
		if lx, err = DefaultLexicon(); err != nil {
			return nil, err
		}
	}
	e := &Extractor{lx: lx, caches: &wordCaches{}}
	for _, o := range opts {
		o(e)
	}
	switch e.lang {
	case "", "auto", "de", "en":
	default:
		return nil, fmt.Errorf("language %q: want auto, de or en", e.lang)
	}
	if e.rules {
		e.model, e.tagger = nil, nil
	} else {
		if !e.modelSet {
			m, err := DefaultModel()
			if err != nil {
				return nil, fmt.Errorf("relation model: %w", err)
			}
			e.model = m
		}
		if !e.taggerSet {
			t, err := DefaultTagger()
			if err != nil {
				return nil, fmt.Errorf("tagger: %w", err)
			}
			e.tagger = t
		}
	}
	return e, nil
}

// run is the state of one extraction.
type run struct {
	lx        *Lexicon
	doc       *Document
	lang      string
	ref       time.Time
	sents     []Sentence
	mentions  [][]*mention
	ents      []*entity
	byKey     map[string]*entity
	people    map[string]*entity // full name -> person
	surnames  map[string]*entity // surname -> person; nil when ambiguous
	aliases   map[string]*entity // acronyms defined in the text
	rels      []Relation
	relSeen   map[relKey]bool // the relations in rels; nil until needed
	runeAt    runeIndex
	heads     map[string]headResult
	roles     map[string]bool
	names     map[string]bool
	orgWords  map[string]uint8     // 1: org noun before a name, 2: after, 3: both
	local     map[string]*LexEntry // places named in this document ("die Stadt Viljandi")
	clauseBuf []clause             // see clauses
	dates     map[[2]int][]DateMention
	words     *wordTable        // answers by Token.w
	winfo     []wordInfo        // words.words once indexWords has run
	folds     map[string]string // Fold memo
	dateless  []int8            // by sentence: 1 holds a digit or date word, 2 neither
	slugs     map[string]string // Slug memo
	entMin    float64           // the entity model's threshold; 0 without one
	nTargets  map[Type]int      // distinct events, agreements, initiatives (candidates)
	caseOf    map[string]uint8  // see docCase
	phrases   map[string][]int  // see phrasesFor
	shapes    map[string]string // see shapeOf
	affs      []affiliation     // see affiliations
	roleKinds map[string]string // see roleKind
}

// Extract analyses one document.
func (e *Extractor) Extract(doc *Document) (*Result, error) {
	res, _, err := e.extract(doc, false)
	return res, err
}

// Candidate is a pair of entities the relation model decides on, with the
// names of its features: what tools/train learns from.
type Candidate struct {
	// Subject and Object carry the names and aliases the extractor found.
	Subject, Object Entity
	// Builds marks a builds-on candidate (two agreements or initiatives);
	// the others pair an actor with an agreement, event or initiative.
	Builds bool
	// Features are the candidate's feature names, sorted: those of the
	// pair and of all its instances.
	Features []string
	// Pair are the features of the pair itself; Instances those of each
	// pair of mentions.
	Pair      []string
	Instances [][]string
}

// Candidates returns the relation and entity candidates of a document
// with their features, and the extractor's result for it.
func (e *Extractor) Candidates(doc *Document) ([]Candidate, []EntityCandidate, *Result, error) {
	var ents []EntityCandidate
	res, cs, err := e.analyse(doc, nil, func(x *run) {
		f := &featBuf{keep: true}
		for _, en := range x.ents {
			if !en.keep || len(en.Mentions) == 0 {
				continue
			}
			f.reset()
			x.entityFeatures(f, en, "")
			c := EntityCandidate{Entity: en.Entity, Features: append([]string(nil), f.names...)}
			c.Entity.Aliases = append([]string(nil), en.Aliases...)
			ents = append(ents, c)
		}
	})
	if err != nil {
		return nil, nil, nil, err
	}
	out := make([]Candidate, len(cs))
	for i, c := range cs {
		out[i] = Candidate{Subject: c.s.Entity, Object: c.o.Entity, Builds: c.kind == buildsCand, Features: c.names, Pair: c.pairNames}
		for _, in := range c.insts {
			out[i].Instances = append(out[i].Instances, in.names)
		}
		out[i].Subject.Aliases = append([]string(nil), c.s.Aliases...)
		out[i].Object.Aliases = append([]string(nil), c.o.Aliases...)
	}
	return out, ents, res, nil
}

func (e *Extractor) extract(doc *Document, names bool) (*Result, []*cand, error) {
	return e.analyse(doc, nil, nil)
}

// analyse runs an extraction; hook, when not nil, sees the rules' mentions
// of each sentence before the tagger checks them.
//
// With after not nil, the candidates get the names of their features, and
// after sees the run once the result is made.
func (e *Extractor) analyse(doc *Document, hook func(x *run, si int, ms []*mention), after func(x *run)) (*Result, []*cand, error) {
	if doc == nil {
		return nil, nil, fmt.Errorf("extract: nil document")
	}
	if !utf8.ValidString(doc.Text) {
		return nil, nil, fmt.Errorf("extract %s: %w", doc.ID, ErrInvalidUTF8)
	}
	x := newRun(e.lx, doc)
	x.runeAt = newRuneIndex(doc.Text)
	var c *wordCache
	if e.caches != nil {
		c = e.caches.get(e.lx)
		defer e.caches.put(c, len(doc.Text))
		// Nothing of the sentences and tokens outlives the run: their
		// buffers go back with the caches.
		x.sents, c.toks = splitSentences(doc.Text, c.toks, c.sents, true)
		c.sents = x.sents
		x.rels = c.rels[:0]
		x.dates, x.folds, x.slugs = c.dates, c.folds, c.slugs
	} else {
		x.sents = Sentences(doc.Text)
	}
	switch {
	case e.lang == "de" || e.lang == "en":
		x.lang = e.lang
	case doc.Lang == "de" || doc.Lang == "en":
		x.lang = doc.Lang
	default:
		x.lang = e.lx.DetectLanguage(x.sents)
	}
	if c != nil {
		x.heads, x.roles, x.names, x.orgWords = c.heads, c.roles, c.names, c.orgFor(x.lang)
		x.words = c.wordsFor(x.lang)
	}
	x.indexWords()
	x.mentions = make([][]*mention, len(x.sents))
	for si := range x.sents {
		ms := x.sentenceMentions(si)
		if hook != nil {
			hook(x, si, ms)
		}
		if e.tagger != nil {
			ms = x.checkMentions(e.tagger, si, ms)
		}
		x.mentions[si] = ms
		for _, m := range ms {
			x.resolve(m)
		}
		x.acronymDefinitions(si, ms)
		x.entityDates(si, ms)
	}
	if !e.rules {
		x.mergeSameNames()
	}
	for si := range x.sents {
		x.relations(si)
	}
	x.successors()
	x.nameFormsAll()
	x.markRuleEntities()
	if e.model != nil {
		x.entityProbs(e.model)
		if h := e.model.Head("entity"); h != nil {
			x.entMin = h.Threshold
		}
	}
	var cands []*cand
	if after != nil {
		cands = x.candidates(true, true)
	}
	if e.model != nil {
		x.decide(e.model, cands)
	}
	res := x.result()
	if after != nil {
		after(x)
	}
	if c != nil {
		c.rels = x.rels // result copied them
		c.dates, c.folds, c.slugs = x.dates, x.folds, x.slugs
	}
	return res, cands, nil
}

// wordCaches keeps the memo tables of the per-word lexicon lookups
// (run.headOf, run.roleOf, run.nameToken, run.orgWord, and the answers
// about token texts in a wordTable) from one document to the next. Profiles showed those lookups, recomputed for every document
// (German compound suffix scans over every head and role), at 30-40% of
// extraction time; across documents most words recur.
//
// It is sound only because each cached lookup is a pure function of the
// lexicon and the word (orgWord also of the language, so it and the
// wordTable get a table per language). A lookup that comes to depend on a document's own state
// must not be cached in these tables.
//
// Each run takes a set of tables for itself and gives it back, so the
// Extractor stays safe for concurrent use. A returned set is compacted now
// and then: its keys are token texts, substrings of documents, and would
// keep those documents in memory; and it is emptied when it grows past
// maxCached entries or the lexicon changed (a user lexicon added after
// New).
type wordCaches struct {
	mu   sync.Mutex
	free []*wordCache
}

// maxCached bounds each table of a wordCache; pinnedLimit the bytes of
// document text a set's keys may refer to before they are copied.
const (
	maxCached   = 1 << 16
	pinnedLimit = 4 << 20
)

type wordCache struct {
	stamp  [11]int // lexicon table sizes when the tables were filled
	heads  map[string]headResult
	roles  map[string]bool
	names  map[string]bool
	org    map[string]map[string]uint8 // by language
	words  map[string]*wordTable       // by language
	pinned int
	// Buffers for the sentences, tokens and relations of the next run,
	// emptied by put so that they keep no document in memory.
	sents []Sentence
	toks  []Token
	rels  []Relation
	// The run's memo tables, emptied by put.
	dates        map[[2]int][]DateMention
	folds, slugs map[string]string
}

// lexStamp sums up the lexicon tables the cached lookups read; a user
// lexicon loaded after New changes it.
func lexStamp(lx *Lexicon) [11]int {
	return [11]int{len(lx.heads), len(lx.headsByLen), len(lx.roles), len(lx.stopwords), len(lx.adjectives),
		len(lx.orgBefore), len(lx.orgAfter), len(lx.givenNames), len(lx.entries), lx.names, len(lx.cues)}
}

func (c *wordCache) reset(stamp [11]int) {
	*c = wordCache{stamp: stamp, sents: c.sents, toks: c.toks, rels: c.rels, dates: c.dates, folds: c.folds, slugs: c.slugs, heads: map[string]headResult{}, roles: map[string]bool{}, names: map[string]bool{},
		org: map[string]map[string]uint8{}, words: map[string]*wordTable{}}
}

func (c *wordCache) wordsFor(lang string) *wordTable {
	t := c.words[lang]
	if t == nil {
		t = &wordTable{}
		c.words[lang] = t
	}
	return t
}

func (c *wordCache) orgFor(lang string) map[string]uint8 {
	m := c.org[lang]
	if m == nil {
		m = map[string]uint8{}
		c.org[lang] = m
	}
	return m
}

func (w *wordCaches) get(lx *Lexicon) *wordCache {
	stamp := lexStamp(lx)
	w.mu.Lock()
	var c *wordCache
	if n := len(w.free); n > 0 {
		c = w.free[n-1]
		w.free = w.free[:n-1]
	}
	w.mu.Unlock()
	if c == nil {
		c = &wordCache{}
		c.reset(stamp)
	} else if c.stamp != stamp {
		c.reset(stamp)
	}
	return c
}

// put gives a set back after a run over n bytes of text.
func (w *wordCaches) put(c *wordCache, n int) {
	clear(c.sents)
	clear(c.toks)
	clear(c.rels)
	c.sents, c.toks, c.rels = c.sents[:0], c.toks[:0], c.rels[:0]
	clear(c.dates)
	clear(c.folds)
	clear(c.slugs)
	c.pinned += n
	big := len(c.heads) > maxCached || len(c.roles) > maxCached || len(c.names) > maxCached
	for _, m := range c.org {
		big = big || len(m) > maxCached
	}
	for _, t := range c.words {
		big = big || len(t.ids) > maxCached
	}
	switch {
	case big:
		c.reset(c.stamp)
	case c.pinned > pinnedLimit:
		c.heads = cloneKeys(c.heads)
		c.roles = cloneKeys(c.roles)
		c.names = cloneKeys(c.names)
		for lang, m := range c.org {
			c.org[lang] = cloneKeys(m)
		}
		for _, t := range c.words {
			t.compact()
		}
		c.pinned = 0
	}
	w.mu.Lock()
	w.free = append(w.free, c)
	w.mu.Unlock()
}

// cloneKeys copies a table with keys that share no memory with documents.
func cloneKeys[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[strings.Clone(k)] = v
	}
	return out
}

// newRun prepares the state of one extraction.
func newRun(lx *Lexicon, doc *Document) *run {
	return &run{
		lx: lx, doc: doc, ref: doc.Published,
		byKey: map[string]*entity{}, people: map[string]*entity{},
		surnames: map[string]*entity{}, aliases: map[string]*entity{},
		heads: map[string]headResult{}, roles: map[string]bool{}, names: map[string]bool{},
		orgWords: map[string]uint8{}, local: map[string]*LexEntry{},
	}
}

// DetectLanguage returns "de" or "en" by counting function words.
func (lx *Lexicon) DetectLanguage(sents []Sentence) string {
	de, en := 0, 0
	n := 0
	for _, s := range sents {
		for _, t := range s.Tokens {
			switch lang, _ := lowerLookup(lx.stopwords, t.Text); lang {
			case "de":
				de++
			case "en":
				en++
			}
			n++
		}
		if n > 3000 {
			break
		}
	}
	if en > de {
		return "en"
	}
	return "de"
}

// key returns the map key of an entity.
func entKey(t Type, key string) string { return string(t) + "/" + key }

// newEntity registers a new working entity.
func (x *run) newEntity(t Type, key, name string, m *mention) *entity {
	e := &entity{Entity: Entity{Type: t, Key: key, Name: name}, head: m.head, kind: m.kind, firstPos: x.sents[m.sent].Tokens[m.i].Start}
	if key != "" {
		x.byKey[entKey(t, key)] = e
	}
	e.idx = len(x.ents)
	x.ents = append(x.ents, e)
	return e
}

// resolve links a mention to an entity, creating it when needed.
func (x *run) resolve(m *mention) {
	toks := x.sents[m.sent].Tokens
	switch {
	case m.kind == plural:
		m.refs = x.recent(m.typ, m.count, m.sent, toks[m.i].Start)
		return
	case m.back:
		// "das Dokument", "the text": the agreement named before, if any.
		if !m.definite {
			return
		}
		m.ent = x.antecedent(m)
		if m.ent == nil {
			return
		}
	case m.ent != nil:
	case m.lex != nil:
		k := entKey(m.lex.Type, m.lex.Key)
		e := x.byKey[k]
		if e == nil {
			e = x.newEntity(m.lex.Type, m.lex.Key, m.lex.Name, m)
			e.Wikidata = m.lex.Wikidata
			e.Country = m.lex.Country
			e.lexed = true
		}
		m.ent = e
	case m.typ == Person && x.people[m.name] != nil:
		// A name the tagger found again.
		m.ent = x.people[m.name]
	case m.typ == Person:
		e := x.newEntity(Person, x.slug(m.name), m.name, m)
		e.Country = m.country
		x.people[m.name] = e
		parts := strings.Fields(m.name)
		if len(parts) > 1 {
			sur := parts[len(parts)-1]
			if old, ok := x.surnames[sur]; ok && old != e {
				x.surnames[sur] = nil // two people share it: ambiguous
			} else {
				x.surnames[sur] = e
			}
			e.surnames = append(e.surnames, sur)
		}
		m.ent = e
	case m.kind == named:
		key := x.slug(m.name)
		if e := x.byKey[entKey(m.typ, key)]; e != nil {
			m.ent = e
		} else if e := x.findByName(m.name, m.typ); e != nil {
			m.ent = e
		} else {
			m.ent = x.newEntity(m.typ, key, m.name, m)
		}
	case m.kind == specific && (m.definite || m.j-m.i > 1 && !x.hasIndefinite(m)):
		name := x.trimName(m)
		if e := x.findByName(name, m.typ); e != nil {
			m.ent = e
		} else if e := x.sameHead(m); e != nil && m.definite && e.keep && m.j-m.i > 1 && x.hasComplement(m) && x.bareHead(m) && !x.placedElsewhere(m, e) {
			// "Der Gipfel zur ..." after "REAIM-Gipfel": a definite
			// description of something already named.
			m.ent = e
		} else {
			m.ent = x.newEntity(m.typ, "", name, m)
		}
	case m.kind == generic && m.definite || m.kind == specific && m.definite:
		if e := x.antecedent(m); e != nil {
			m.ent = e
		} else {
			m.ent = x.newEntity(m.typ, "", x.headName(m), m)
		}
	default:
		// Indefinite: a new thing, output only if something is said of it.
		name := x.trimName(m)
		if m.kind == generic {
			name = x.headName(m)
		}
		m.ent = x.newEntity(m.typ, "", name, m)
	}
	e := m.ent
	if m.src == 0 {
		m.src = srcRules
	}
	e.srcs |= m.src
	x.shortForm(m)
	// English common nouns are lower case: "a serious financial instrument"
	// or "the closing ceremony" is no name unless something is said of it.
	capital := m.kind == named || x.lang != "en" || x.capitalHead(m)
	if m.kind == named || m.kind == specific && m.j-m.i > 1 && capital && !m.possessive {
		e.keep = true
	}
	if m.kind == specific && m.definite && !m.possessive && capital {
		e.keep = true
	}
	e.lastSeen = m.sent
	a, b := toks[m.i].Start, toks[m.j-1].End
	surface := x.doc.Text[a:b]
	if s, ok := stripPossessive(surface); ok && m.j-m.i == 1 {
		surface = s
	}
	e.addAlias(x.trimArticle(surface))
	if m.kind != named && m.head != "" {
		e.addAlias(x.headSurface(m))
	}
	e.Mentions = append(e.Mentions, Span{x.runeAt.at(a), x.runeAt.at(b)})
}

func (e *entity) addAlias(s string) {
	s = strings.TrimSpace(s)
	if s == "" || s == e.Name || contains(e.Aliases, s) {
		return
	}
	e.Aliases = append(e.Aliases, s)
}

func (x *run) hasIndefinite(m *mention) bool {
	toks := x.sents[m.sent].Tokens
	return m.i > 0 && indefinites[lowerWord(toks[m.i-1])]
}

// trimArticle removes a leading article or demonstrative.
func (x *run) trimArticle(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 && (inLower(articles, s[:i]) || inLower(indefinites, s[:i])) {
		return s[i+1:]
	}
	return s
}

// trimName is a mention's name without evaluative adjectives at its start
// ("entsprechende", "eigene", "weitere").
func (x *run) trimName(m *mention) string {
	name := x.trimArticle(m.name)
	for {
		i := strings.IndexByte(name, ' ')
		if i >= 0 && inLower(evaluative, name[:i]) {
			name = name[i+1:]
			continue
		}
		return name
	}
}

var evaluative = map[string]bool{
	"entsprechende": true, "entsprechenden": true, "eigene": true, "eigenen": true, "weitere": true, "weiteren": true,
	"neue": true, "neuen": true, "jüngste": true, "jüngsten": true, "bestehende": true, "bestehenden": true,
	"erste": true, "ersten": true, "sogenannte": true, "sogenannten": true, "besagte": true, "besagten": true,
	"new": true, "first": true, "latest": true, "recent": true, "so-called": true, "existing": true, "own": true,
	"bereits": true, "kürzlich": true,
}

// headName is the name of a generic mention: its words without article
// and evaluative adjectives ("Absichtserklärung", "trade agreement").
func (x *run) headName(m *mention) string {
	if x.lang == "en" {
		return x.trimName(m)
	}
	return x.headSurface(m)
}

func (x *run) headSurface(m *mention) string {
	toks := x.sents[m.sent].Tokens
	for k := m.j - 1; k >= m.i; k-- {
		if h, _, _ := x.tokHead(toks[k]); h != "" && h == m.head {
			w := toks[k].Text
			// Drop a German genitive ending: "Gipfels" -> "Gipfel".
			lw := lowerWord(toks[k])
			if hasSuffixes(lw, h, "s") {
				w = w[:len(w)-1]
			} else if hasSuffixes(lw, h, "es") {
				w = w[:len(w)-2]
			}
			return w
		}
	}
	return x.trimArticle(m.name)
}

// umbrella heads may refer back to an agreement or event of any kind ("der
// Pakt" for a declaration); other heads refer only to their own kind.
var umbrella = map[string]bool{
	"abkommen": true, "pakt": true, "vertrag": true, "treaty": true, "vereinbarung": true, "übereinkunft": true, "deal": true,
	"agreement": true, "pact": true, "accord": true, "arrangement": true,
	"treffen": true, "veranstaltung": true, "meeting": true, "event": true,
}

// shortForm lets the first word of a company's name stand for it later in
// the text ("Nexora Systems, Inc." ... "Nexora will contribute"), when that
// word is distinctive: no function word, state, role, head, given name or
// adjective.
func (x *run) shortForm(m *mention) {
	if m.ent == nil || m.ent.Type != Organization || m.j-m.i < 2 || m.inner {
		return
	}
	toks := x.sents[m.sent].Tokens
	first := toks[m.i]
	w := first.Text
	if first.Kind != Word || !first.Upper() || len(w) < 4 || isAcronym(w) || x.lx.isStop(w) || x.roleOf(w) || x.lx.isGiven(w) || x.adjectiveOfState(lowerWord(first)) || x.lx.portfolio[lowerWord(first)] {
		return
	}
	if h, _, _ := x.headOf(w); h != "" {
		return
	}
	if e, _ := x.match(toks, m.i); e != nil && e.Type != Organization {
		return
	}
	// Only companies go by the first word of their name; "World Health
	// Organization" is not "World".
	company := m.lex != nil && m.lex.Kind == "company"
	if m.lex == nil {
		last := lowerWord(toks[m.j-1])
		company = x.orgNounAfter(last) && !genericOrgWords[last]
	}
	if !company || genericFirstWords[lowerWord(first)] {
		return
	}
	if _, taken := x.aliases[w]; !taken {
		x.aliases[w] = m.ent
	}
}

// genericOrgWords end names of bodies rather than companies.
var genericOrgWords = map[string]bool{
	"ministry": true, "ministerium": true, "council": true, "rat": true, "commission": true, "kommission": true,
	"organization": true, "organisation": true, "union": true, "court": true, "gericht": true, "agency": true,
	"behörde": true, "amt": true, "office": true, "department": true, "party": true, "partei": true,
}

// genericFirstWords start many names and stand for none.
var genericFirstWords = map[string]bool{
	"world": true, "global": true, "international": true, "national": true, "united": true, "general": true,
	"european": true, "first": true, "new": true, "central": true, "federal": true, "royal": true, "state": true,
	"deutsche": true, "europäische": true, "internationale": true, "nationale": true,
}

// capitalHead reports whether the mention's head word is capitalised.
func (x *run) capitalHead(m *mention) bool {
	toks := x.sents[m.sent].Tokens
	for k := m.i; k < m.j; k++ {
		if h, _, _ := x.tokHead(toks[k]); h == m.head && h != "" {
			return toks[k].Upper()
		}
	}
	return false
}

// placedElsewhere reports whether the mention names a place that its
// candidate antecedent does not: "des Gipfels von Versailles" is not
// "der Gipfel in Brüssel".
func (x *run) placedElsewhere(m *mention, e *entity) bool {
	toks := x.sents[m.sent].Tokens
	for k := m.i; k < m.j; k++ {
		le, n := x.match(toks, k)
		if le == nil || le.Type != Place {
			continue // a state in the complement is a party ("mit Kanada"), not a venue
		}
		name := x.span(toks[k].Start, toks[k+n-1].End)
		if !strings.Contains(x.fold(e.Name), x.fold(name)) {
			return true
		}
	}
	return false
}

// bareHead reports whether the mention's head word is the head itself
// ("Gipfel"), not a compound of it ("Klimaschutzgesetz").
func (x *run) bareHead(m *mention) bool {
	toks := x.sents[m.sent].Tokens
	for k := m.i; k < m.j; k++ {
		if h, _, exact := x.tokHead(toks[k]); h == m.head && h != "" {
			return exact
		}
	}
	return false
}

// hasComplement reports whether the mention's phrase goes on after its head
// ("Gipfel zur ...").
func (x *run) hasComplement(m *mention) bool {
	toks := x.sents[m.sent].Tokens
	for k := m.i; k < m.j; k++ {
		if h, _, _ := x.tokHead(toks[k]); h == m.head {
			return k < m.j-1
		}
	}
	return false
}

// sameHead returns the most recent entity of the mention's type whose head
// is the mention's head.
func (x *run) sameHead(m *mention) *entity {
	var best *entity
	for _, e := range x.ents {
		if e.Type == m.typ && e.head == m.head && m.head != "" && (best == nil || e.lastSeen >= best.lastSeen) {
			best = e
		}
	}
	return best
}

// fold is Fold(s), memoised for the run: entity names are folded again
// for every comparison.
func (x *run) fold(s string) string {
	if f, ok := x.folds[s]; ok {
		return f
	}
	if x.folds == nil {
		x.folds = map[string]string{}
	}
	f := Fold(s)
	x.folds[s] = f
	return f
}

// slug is Slug(s), memoised for the run: a name is slugged at each of
// its mentions.
func (x *run) slug(s string) string {
	if k, ok := x.slugs[s]; ok {
		return k
	}
	if x.slugs == nil {
		x.slugs = map[string]string{}
	}
	k := Slug(s)
	x.slugs[s] = k
	return k
}

// findByName returns an entity of type t whose name or alias folds like name,
// or, for a hyphenated name, one whose name ends in it ("KI-Verordnung" is
// "EU-KI-Verordnung").
func (x *run) findByName(name string, t Type) *entity {
	f := x.fold(name)
	hyphen := strings.ContainsAny(name, "-‐‑")
	for _, e := range x.ents {
		if e.Type != t {
			continue
		}
		if fe := x.fold(e.Name); fe == f || hyphen && strings.HasSuffix(fe, " "+f) {
			return e
		}
		for _, a := range e.Aliases {
			if x.fold(a) == f {
				return e
			}
		}
	}
	return nil
}

// antecedent finds what a definite generic mention refers to: the most
// recently mentioned entity of the same type with the same head ("die
// Erklärung" -> the declaration named earlier, however far back), else, for
// an umbrella head ("der Pakt", "the agreement"), the most recent entity of
// the same type named in one of the 12 sentences before.
func (x *run) antecedent(m *mention) *entity {
	var best, sameHead *entity
	for _, e := range x.ents {
		if e.Type != m.typ {
			continue
		}
		if (umbrella[m.head] || m.back) && e.lastSeen < m.sent && m.sent-e.lastSeen <= 12 && (best == nil || e.lastSeen > best.lastSeen || e.lastSeen == best.lastSeen && e.firstPos > best.firstPos) {
			best = e
		}
		if e.head == m.head || strings.HasSuffix(x.fold(e.Name), x.fold(m.head)) {
			// The most talked-about one wins ("the summit" is the article's
			// summit, not one named in passing), then the most recent.
			if sameHead == nil || len(e.Mentions) > len(sameHead.Mentions) || len(e.Mentions) == len(sameHead.Mentions) && e.lastSeen > sameHead.lastSeen {
				sameHead = e
			}
		}
	}
	if sameHead != nil {
		return sameHead
	}
	return best
}

// recent returns the last n distinct entities of type t mentioned before
// byte offset pos (sentence si), most recent last.
func (x *run) recent(t Type, n, si, pos int) []*entity {
	var out []*entity
	seen := map[*entity]bool{}
	for s := si; s >= 0 && s >= si-8 && len(out) < n; s-- {
		ms := x.mentions[s]
		for k := len(ms) - 1; k >= 0 && len(out) < n; k-- {
			m := ms[k]
			if m.ent == nil || m.ent.Type != t || seen[m.ent] {
				continue
			}
			if s == si && x.sents[s].Tokens[m.i].Start >= pos {
				continue
			}
			seen[m.ent] = true
			out = append(out, m.ent)
		}
	}
	if len(out) < n {
		return nil
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].firstPos < out[b].firstPos })
	return out
}

// acronymDefinitions records "Onlinezugangsgesetz (OZG)" and "DFKI
// (Deutsches Forschungszentrum ...)": the acronym becomes an alias of the
// entity and is recognised in later sentences.
func (x *run) acronymDefinitions(si int, ms []*mention) {
	toks := x.sents[si].Tokens
	for _, m := range ms {
		if m.ent == nil || m.kind == plural {
			continue
		}
		// NAME (ACR)
		if m.j+2 < len(toks) && toks[m.j].Text == "(" && toks[m.j+2].Text == ")" && isAcronym(toks[m.j+1].Text) {
			acr := toks[m.j+1].Text
			x.aliases[acr] = m.ent
			m.ent.addAlias(acr)
		}
		// ACR (NAME)
		if m.i >= 2 && toks[m.i-1].Text == "(" && m.j < len(toks) && toks[m.j].Text == ")" && isAcronym(toks[m.i-2].Text) {
			acr := toks[m.i-2].Text
			x.aliases[acr] = m.ent
			m.ent.addAlias(acr)
			a, b := toks[m.i-2].Start, toks[m.i-2].End
			m.ent.Mentions = append(m.ent.Mentions, Span{x.runeAt.at(a), x.runeAt.at(b)})
		}
	}
}

// entityDates gives agreements and events the date written right after
// them ("der Pakt vom 14. Februar 2026") or inside their phrase ("die im
// Januar unterzeichnete Absichtserklärung").
func (x *run) entityDates(si int, ms []*mention) {
	s := x.sents[si]
	for _, m := range ms {
		if m.ent == nil || (m.typ != Agreement && m.typ != Event) || m.ent.Date != "" {
			continue
		}
		toks := s.Tokens
		a := toks[m.i].Start
		// Look back over the attributive phrase: up to the article.
		for k := m.i - 1; k >= 0 && k >= m.i-6; k-- {
			if articles[lowerWord(toks[k])] || indefinites[lowerWord(toks[k])] {
				a = toks[k].Start
				break
			}
			if toks[k].Kind == Punct {
				break
			}
		}
		b := toks[m.j-1].End
		if m.j < len(toks) && (lowerWord(toks[m.j]) == "vom" || lowerWord(toks[m.j]) == "of" || lowerWord(toks[m.j]) == "from") {
			b = toks[minInt(m.j+5, len(toks)-1)].End
		}
		if ds := x.findDates(si, a, b); len(ds) > 0 {
			m.ent.Date = ds[0].Value
		}
	}
}

// findDates is [FindDates] on the document text [a, b) against the
// publication date, memoised for the run: relations of one clause or
// sentence ask for the same ranges again and again, and the regular
// expressions are among the most expensive steps of an extraction. The
// returned slice is shared and must not be modified.
//
// [a, b) lies in sentence si and starts and ends at token boundaries.
// FindDates of such a range needs a digit or a date word in it; a date
// word is a whole letter run, and the tokenizer never puts a token
// boundary between two letters, so the range can hold one only if the
// sentence does. A sentence without either, which is most, spares the
// look at its clauses.
func (x *run) findDates(si, a, b int) []DateMention {
	if x.dateless == nil {
		x.dateless = make([]int8, len(x.sents))
	}
	if x.dateless[si] == 0 {
		s := x.sents[si].Text
		x.dateless[si] = 1
		if !hasDigit(s) && !hasMonthOrRelative(s) {
			x.dateless[si] = 2
		}
	}
	if x.dateless[si] == 2 {
		return nil
	}
	k := [2]int{a, b}
	if ds, ok := x.dates[k]; ok {
		return ds
	}
	if x.dates == nil {
		x.dates = map[[2]int][]DateMention{}
	}
	ds := FindDates(x.doc.Text[a:b], x.ref)
	x.dates[k] = ds
	return ds
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// runeIndex converts byte offsets to code-point offsets.
type runeIndex struct {
	n int // length of the text in bytes
	// conts are the offsets of the text's UTF-8 continuation bytes, in
	// order: the code points before byte b are b less the continuation
	// bytes before it. News text has few.
	conts []int
}

func newRuneIndex(s string) runeIndex {
	var conts []int
	for i := 0; i < len(s); i++ {
		if !utf8.RuneStart(s[i]) {
			conts = append(conts, i)
		}
	}
	return runeIndex{len(s), conts}
}

// at returns the code-point offset of byte offset b.
func (ri runeIndex) at(b int) int {
	if b <= 0 {
		return 0
	}
	if b >= ri.n {
		b = ri.n
	}
	before, _ := slices.BinarySearch(ri.conts, b)
	return b - before
}
