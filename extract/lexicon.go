package extract

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dataFS holds the lexicons, the learned models (relations.model.gz and
// tagger.model.gz, written by tools/train) and their documentation.
//
//go:embed data
var dataFS embed.FS

var modelFS = dataFS

// LexEntry is a known entity: a state, place, organisation or a user's
// addition.
type LexEntry struct {
	Type     Type
	Key      string // ISO code for states, otherwise a stable key
	Name     string // canonical name
	NameDE   string // German name, when the data gives one
	Names    []string
	Wikidata string
	Country  string // ISO code of the state it belongs to
	Kind     string // finer class from the data file (city, company, ministry, ...)
}

// roleInfo describes a role word.
type roleInfo struct {
	Kind string
	Lang string
}

// cue is a relation trigger from cues.tsv.
type cue struct {
	Lang      string
	Predicate Predicate
	Form      string // lower case, without the trailing *
	Prefix    bool
	Words     []string // multiword forms ("took part")
	Particle  string
	Role      string
	Weight    float64
}

// Lexicon holds everything the extractor looks words up in. It is safe for
// concurrent use once built.
type Lexicon struct {
	entries []*LexEntry
	trie    *trieNode
	// byKey finds entries by type and key.
	byKey map[string]*LexEntry
	// adjectives maps an inflected adjective or demonym (lower case) to a state.
	adjectives map[string]string
	// cityAdj maps a German place adjective ("Münchner") to the place.
	cityAdj     map[string]*LexEntry
	roles       map[string]roleInfo // lower-case form
	givenNames  map[string]bool
	heads       map[string]Type // lower-case head noun
	headsByLen  []string        // German heads, longest first, for compound suffix matching
	germanHeads map[string]bool
	backHeads   map[string]bool           // heads that only refer back ("the text")
	portfolio   map[string]bool           // words of a minister's portfolio ("environment", "digitales")
	titles      map[string]bool           // forms of address before a name ("herr", "mr", "dr.")
	cueClasses  map[string]*cueClassTable // by language: the model's cue classes
	cues        []cue
	cueFirst    map[string][]int  // lang+"/"+first word -> cues
	cuePrefix   map[string][]int  // lang -> single-word prefix cues
	modality    map[string]string // lower-case word -> effect
	modPrefix   map[string]string
	stopwords   map[string]string // lower-case word -> lang
	ambiguous   map[string]bool   // "lang/name" of names that are also ordinary words
	orgBefore   map[string]bool
	metonyms    map[string]*LexEntry // capital name -> what it stands for
	stateKinds  map[string]bool      // role kinds held for a state (affiliations.tsv)
	notOrgRoles map[string]bool      // role words held in no organisation (affiliations.tsv)
	settings    map[string][]string  // lang -> verbs that act at a setting (see settings.tsv)
	orgAfter    map[string]bool
	// orgBeforeList and orgAfterList hold the keys of orgBefore and
	// orgAfter, sorted, for suffix matching.
	orgBeforeList, orgAfterList []string
	// names counts the names put into trie, so that caches of its lookups
	// see a change.
	names int
}

type trieNode struct {
	next  map[string]*trieNode
	entry *LexEntry
}

// DefaultLexicon returns the lexicon built from the embedded data files.
func DefaultLexicon() (*Lexicon, error) {
	lx := newLexicon()
	for _, f := range []struct {
		name string
		load func(*Lexicon, *tsv) error
	}{
		{"data/countries.tsv", loadCountries},
		{"data/places.tsv", loadPlaces},
		{"data/organizations.tsv", loadOrganizations},
		{"data/roles.tsv", loadRoles},
		{"data/keywords.tsv", loadKeywords},
		{"data/cues.tsv", loadCues},
		{"data/modality.tsv", loadModality},
		{"data/stopwords.tsv", loadStopwords},
		{"data/orgheads.tsv", loadOrgHeads},
		{"data/ambiguous.tsv", loadAmbiguous},
		{"data/metonyms.tsv", loadMetonyms},
		{"data/settings.tsv", loadSettings},
		{"data/cueclasses.tsv", loadCueClasses},
		{"data/affiliations.tsv", loadAffiliations},
	} {
		r, err := dataFS.Open(f.name)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s: %w", f.name, err)
		}
		t := newTSV(f.name, r)
		err = f.load(lx, t)
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	lx.titles = map[string]bool{}
	b, err := dataFS.ReadFile("data/titles.txt")
	if err != nil {
		return nil, fmt.Errorf("lexicon titles: %w", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lx.titles[l] = true
		}
	}
	r, err := dataFS.Open("data/given_names.txt")
	if err != nil {
		return nil, fmt.Errorf("lexicon given names: %w", err)
	}
	defer r.Close()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if n := strings.TrimSpace(sc.Text()); n != "" && !strings.HasPrefix(n, "#") {
			lx.givenNames[n] = true
		}
	}
	lx.finish()
	return lx, sc.Err()
}

func newLexicon() *Lexicon {
	return &Lexicon{
		trie:        &trieNode{},
		byKey:       map[string]*LexEntry{},
		adjectives:  map[string]string{},
		cityAdj:     map[string]*LexEntry{},
		roles:       map[string]roleInfo{},
		givenNames:  map[string]bool{},
		heads:       map[string]Type{},
		germanHeads: map[string]bool{},
		backHeads:   map[string]bool{},
		portfolio:   map[string]bool{},
		modality:    map[string]string{},
		cueFirst:    map[string][]int{},
		cuePrefix:   map[string][]int{},
		modPrefix:   map[string]string{},
		stopwords:   map[string]string{},
		orgBefore:   map[string]bool{},
		metonyms:    map[string]*LexEntry{},
		settings:    map[string][]string{},
		ambiguous:   map[string]bool{},
		orgAfter:    map[string]bool{},
		stateKinds:  map[string]bool{},
		notOrgRoles: map[string]bool{},
	}
}

// finish builds derived tables after all data is loaded.
func (lx *Lexicon) finish() {
	lx.headsByLen = lx.headsByLen[:0]
	for h := range lx.germanHeads {
		lx.headsByLen = append(lx.headsByLen, h)
	}
	// Longest first, so "sicherheitskonferenz" prefers "konferenz" over "enz".
	sortByLenDesc(lx.headsByLen)
	lx.orgBeforeList, lx.orgAfterList = sortedKeys(lx.orgBefore), sortedKeys(lx.orgAfter)
	// Longest prefix cue first: "unterzeichnung*" (a noun) before
	// "unterzeichn*" (the verb).
	for _, list := range lx.cuePrefix {
		sort.SliceStable(list, func(i, j int) bool { return len(lx.cues[list[i]].Form) > len(lx.cues[list[j]].Form) })
	}
}

func sortByLenDesc(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && (len(s[j]) > len(s[j-1]) || len(s[j]) == len(s[j-1]) && s[j] < s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// tsv reads a tab-separated data file with a header line.
type tsv struct {
	name   string
	sc     *bufio.Scanner
	cols   map[string]int
	line   int
	fields []string
}

func newTSV(name string, r io.Reader) *tsv {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	return &tsv{name: name, sc: sc}
}

// next advances to the next data line.
func (t *tsv) next() bool {
	for t.sc.Scan() {
		t.line++
		line := strings.TrimRight(t.sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if t.cols == nil {
			t.cols = map[string]int{}
			for i, c := range f {
				t.cols[strings.TrimSpace(c)] = i
			}
			continue
		}
		t.fields = f
		return true
	}
	return false
}

func (t *tsv) get(col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(t.fields) {
		return ""
	}
	return strings.TrimSpace(t.fields[i])
}

func (t *tsv) list(col string) []string {
	var out []string
	for _, s := range strings.Split(t.get(col), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (t *tsv) errorf(format string, a ...any) error {
	return fmt.Errorf("lexicon %s:%d: %s", t.name, t.line, fmt.Sprintf(format, a...))
}

func (t *tsv) err() error {
	if err := t.sc.Err(); err != nil {
		return fmt.Errorf("lexicon %s: %w", t.name, err)
	}
	return nil
}

// Add puts an entry in the lexicon under all its names. An entry with the
// type and key of an existing one adds names to it.
func (lx *Lexicon) Add(e *LexEntry) {
	k := string(e.Type) + "/" + e.Key
	if old, ok := lx.byKey[k]; ok {
		for _, n := range e.Names {
			if !contains(old.Names, n) {
				old.Names = append(old.Names, n)
			}
		}
		if old.Wikidata == "" {
			old.Wikidata = e.Wikidata
		}
		e = old
	} else {
		lx.byKey[k] = e
		lx.entries = append(lx.entries, e)
	}
	for _, n := range e.Names {
		lx.addName(n, e)
	}
}

func (lx *Lexicon) addName(name string, e *LexEntry) {
	toks := Tokenize(name, 0)
	if len(toks) == 0 {
		return
	}
	n := lx.trie
	for _, t := range toks {
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c := n.next[t.Text]
		if c == nil {
			c = &trieNode{}
			n.next[t.Text] = c
		}
		n = c
	}
	lx.names++
	// The first entry to claim a name keeps it: states before places before
	// organisations, so "Georgia" is the state.
	if n.entry == nil {
		n.entry = e
	}
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// match returns the longest lexicon entry starting at toks[i] and the number
// of tokens it spans. A trailing possessive ("Canada's") is accepted.
func (lx *Lexicon) match(toks []Token, i int) (*LexEntry, int) {
	return walkTrie(lx.trie, toks, i, i, nil, 0)
}

// walkTrie continues a lexicon match of toks[i:] at node n, which toks[i:j]
// led to, with best (spanning bestLen tokens) the longest entry found so
// far, and returns the longest entry and the number of tokens it spans.
func walkTrie(n *trieNode, toks []Token, i, j int, best *LexEntry, bestLen int) (*LexEntry, int) {
	for ; j < len(toks); j++ {
		t := toks[j].Text
		c := n.next[t]
		if c == nil {
			if s, ok := stripPossessive(t); ok {
				if c2 := n.next[s]; c2 != nil && c2.entry != nil {
					best, bestLen = c2.entry, j-i+1
				}
			}
			break
		}
		n = c
		if n.entry != nil {
			best, bestLen = n.entry, j-i+1
		}
	}
	return best, bestLen
}

func stripPossessive(s string) (string, bool) {
	// Every ending below ends in 's', '\'' or the last byte of '’'.
	if s == "" {
		return s, false
	}
	if c := s[len(s)-1]; c != 's' && c != '\'' && c != "’"[2] {
		return s, false
	}
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf)+1 {
			return s[:len(s)-len(suf)], true
		}
	}
	return s, false
}

// germanGenitive returns the -s genitive of a German name ("Kanadas") or ""
// when the name ends in a sibilant and takes none.
func germanGenitive(name string) string {
	if name == "" || strings.ContainsAny(name[len(name)-1:], "sxzß") || strings.Contains(name, " ") {
		return ""
	}
	r, _ := utf8.DecodeLastRuneInString(name)
	if !unicode.IsLetter(r) || unicode.IsUpper(r) {
		return ""
	}
	return name + "s"
}

func loadCountries(lx *Lexicon, t *tsv) error {
	for t.next() {
		code := t.get("code")
		en, de := t.get("en"), t.get("de")
		if code == "" || en == "" {
			return t.errorf("country without code or English name")
		}
		e := &LexEntry{Type: Country, Key: code, Name: en, NameDE: de, Wikidata: t.get("wikidata"), Country: code, Kind: "state"}
		names := []string{en}
		if de != "" {
			names = append(names, de)
			if g := germanGenitive(de); g != "" {
				names = append(names, g)
			}
		}
		names = append(names, t.list("en_aliases")...)
		for _, a := range t.list("de_aliases") {
			names = append(names, a)
			if g := germanGenitive(a); g != "" && !strings.ContainsAny(a, " ") && len(a) > 3 && strings.ToUpper(a) != a {
				names = append(names, g)
			}
		}
		e.Names = dedupe(names)
		lx.Add(e)
		for _, a := range t.list("en_adj") {
			lx.adjectives[strings.ToLower(a)] = code
		}
		for _, stem := range t.list("de_adj") {
			stem = strings.ToLower(stem)
			for _, end := range []string{"", "e", "er", "en", "es", "em"} {
				lx.adjectives[stem+end] = code
			}
		}
		for _, d := range t.list("de_demonyms") {
			lx.adjectives[strings.ToLower(d)] = code
		}
		if cap := t.get("capital_en"); cap != "" {
			p := &LexEntry{Type: Place, Key: placeKey(code, cap), Name: cap, Wikidata: t.get("capital_wikidata"), Country: code, Kind: "capital"}
			p.Names = dedupe([]string{cap, t.get("capital_de")})
			lx.Add(p)
			lx.addCityAdjectives(p)
		}
	}
	return t.err()
}

func placeKey(country, name string) string {
	return country + "-" + Slug(name)
}

func loadPlaces(lx *Lexicon, t *tsv) error {
	for t.next() {
		en, de := t.get("en"), t.get("de")
		if en == "" {
			en = de
		}
		if en == "" {
			return t.errorf("place without a name")
		}
		e := &LexEntry{Type: Place, Key: placeKey(t.get("country"), en), Name: en, Wikidata: t.get("wikidata"), Country: t.get("country"), Kind: t.get("kind")}
		names := []string{en}
		if de != "" {
			names = append(names, de)
		}
		names = append(names, t.list("aliases")...)
		e.Names = dedupe(names)
		lx.Add(e)
		if e.Kind == "city" {
			lx.addCityAdjectives(e)
		}
	}
	return t.err()
}

// addCityAdjectives registers the German adjectives of a city: München ->
// Münchner, Berlin -> Berliner, Genf -> Genfer, Dresden -> Dresdner.
func (lx *Lexicon) addCityAdjectives(e *LexEntry) {
	for _, n := range e.Names {
		if strings.ContainsAny(n, " -") || len(n) < 3 {
			continue
		}
		forms := []string{n + "er"}
		switch {
		case strings.HasSuffix(n, "en"):
			forms = append(forms, n[:len(n)-2]+"ner", n[:len(n)-2]+"er")
		case strings.HasSuffix(n, "e"):
			forms = append(forms, n+"r")
		case strings.HasSuffix(n, "a"):
			forms = append(forms, n[:len(n)-1]+"aer")
		}
		for _, f := range forms {
			if _, ok := lx.cityAdj[f]; !ok {
				lx.cityAdj[f] = e
			}
		}
	}
}

func loadOrganizations(lx *Lexicon, t *tsv) error {
	for t.next() {
		en, de := t.get("en"), t.get("de")
		if en == "" {
			en = de
		}
		if en == "" {
			return t.errorf("organisation without a name")
		}
		e := &LexEntry{Type: Organization, Key: Slug(en), Name: en, Wikidata: t.get("wikidata"), Country: t.get("country"), Kind: t.get("kind")}
		names := []string{en}
		if de != "" {
			names = append(names, de)
		}
		names = append(names, t.list("aliases")...)
		e.Names = dedupe(names)
		lx.Add(e)
	}
	return t.err()
}

func loadRoles(lx *Lexicon, t *tsv) error {
	for t.next() {
		form := t.get("form")
		if form == "" {
			return t.errorf("role without a form")
		}
		lx.roles[strings.ToLower(form)] = roleInfo{Kind: t.get("kind"), Lang: t.get("lang")}
		// The other words of a multiword role name portfolios: "Environment
		// Minister", "Minister for Foreign Affairs".
		if words := strings.Fields(strings.ToLower(form)); len(words) > 1 {
			for _, w := range words {
				if _, isRole := lx.roles[w]; !isRole && len(w) > 3 {
					lx.portfolio[w] = true
				}
			}
		}
	}
	return t.err()
}

func loadKeywords(lx *Lexicon, t *tsv) error {
	for t.next() {
		head := strings.ToLower(t.get("head"))
		typ := Type(t.get("type"))
		switch typ {
		case Event, Agreement, Initiative:
		default:
			return t.errorf("keyword %q: type %q is not Event, Agreement or Initiative", head, typ)
		}
		if head != "" {
			if _, ok := lx.heads[head]; !ok {
				lx.heads[head] = typ
			}
			if t.get("lang") == "de" && !strings.Contains(head, " ") {
				lx.germanHeads[head] = true
			}
			if t.get("notes") == "refers back only" {
				lx.backHeads[head] = true
			}
		}
	}
	return t.err()
}

func loadCues(lx *Lexicon, t *tsv) error {
	for t.next() {
		form := strings.ToLower(t.get("form"))
		c := cue{Lang: t.get("lang"), Predicate: Predicate(t.get("predicate")), Particle: t.get("particle"), Role: t.get("role")}
		if _, err := fmt.Sscan(t.get("weight"), &c.Weight); err != nil {
			return t.errorf("cue %q: weight: %v", form, err)
		}
		if strings.HasSuffix(form, "*") {
			c.Prefix = true
			form = strings.TrimSuffix(form, "*")
		}
		c.Words = strings.Fields(form)
		c.Form = form
		lx.cues = append(lx.cues, c)
		i := len(lx.cues) - 1
		if c.Prefix && len(c.Words) == 1 {
			lx.cuePrefix[c.Lang] = append(lx.cuePrefix[c.Lang], i)
		} else {
			k := c.Lang + "/" + c.Words[0]
			lx.cueFirst[k] = append(lx.cueFirst[k], i)
		}
	}
	return t.err()
}

func loadModality(lx *Lexicon, t *tsv) error {
	for t.next() {
		w, eff := strings.ToLower(t.get("word")), t.get("effect")
		if strings.HasSuffix(w, "*") {
			lx.modPrefix[strings.TrimSuffix(w, "*")] = eff
		} else {
			lx.modality[w] = eff
		}
	}
	return t.err()
}

func loadStopwords(lx *Lexicon, t *tsv) error {
	for t.next() {
		w := strings.ToLower(t.get("word"))
		if _, ok := lx.stopwords[w]; ok && lx.stopwords[w] != t.get("lang") {
			lx.stopwords[w] = "both"
			continue
		}
		lx.stopwords[w] = t.get("lang")
	}
	return t.err()
}

// LoadUserLexicon adds the entries of a user lexicon file to lx. The format
// is documented in the README: tab-separated lines
//
//	type<TAB>name<TAB>aliases separated by ';'<TAB>Wikidata ID
//
// where type is an entity type (Person, Country, Organization, Place,
// Event, Agreement, Initiative, Product) or one of GivenName and Role, and
// the last two columns are optional. Lines starting with # are comments.
func (lx *Lexicon) LoadUserLexicon(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("lexicon %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if !utf8.ValidString(text) {
			return fmt.Errorf("lexicon %s:%d: invalid UTF-8", path, line)
		}
		f := strings.Split(text, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if len(f) < 2 || f[1] == "" {
			return fmt.Errorf("lexicon %s:%d: want type<TAB>name[<TAB>aliases[<TAB>wikidata]]", path, line)
		}
		typ, name := f[0], f[1]
		switch typ {
		case "GivenName":
			lx.givenNames[name] = true
			continue
		case "Role":
			lx.roles[strings.ToLower(name)] = roleInfo{Kind: "user"}
			continue
		}
		t, ok := parseType(typ)
		if !ok {
			return fmt.Errorf("lexicon %s:%d: unknown type %q (want one of %s, GivenName, Role)", path, line, typ, typeList())
		}
		e := &LexEntry{Type: t, Name: name, Names: []string{name}, Kind: "user"}
		if len(f) > 2 {
			for _, a := range strings.Split(f[2], ";") {
				if a = strings.TrimSpace(a); a != "" {
					e.Names = append(e.Names, a)
				}
			}
		}
		if len(f) > 3 && f[3] != "" {
			if !isWikidataID(f[3]) {
				return fmt.Errorf("lexicon %s:%d: %q is not a Wikidata ID (Q followed by digits)", path, line, f[3])
			}
			e.Wikidata = f[3]
		}
		e.Key = Slug(name)
		if t == Country && len(name) == 2 {
			e.Key = strings.ToUpper(name)
		}
		// A user entry for a state overrides by name: add aliases to the
		// state the name already denotes.
		if old, n := lx.match(Tokenize(name, 0), 0); old != nil && n == len(Tokenize(name, 0)) && old.Type == t {
			e.Key = old.Key
		}
		lx.Add(e)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("lexicon %s: %w", path, err)
	}
	return nil
}

func isWikidataID(s string) bool {
	return len(s) > 1 && s[0] == 'Q' && isDigits(s[1:])
}

func parseType(s string) (Type, bool) {
	for _, t := range Types {
		if strings.EqualFold(string(t), s) {
			return t, true
		}
	}
	return "", false
}

func typeList() string {
	var s []string
	for _, t := range Types {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, x := range s {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Slug turns a name into an IRI-safe key: folded, letters and digits
// joined by hyphens ("Münchner Sicherheitskonferenz" ->
// "muenchner-sicherheitskonferenz"... see Fold; umlauts fold to the base
// letter).
func Slug(s string) string {
	f := Fold(s)
	var b strings.Builder
	dash := false
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > 120 {
		out = out[:120]
		for !utf8.ValidString(out) {
			out = out[:len(out)-1]
		}
	}
	return out
}

func loadOrgHeads(lx *Lexicon, t *tsv) error {
	for t.next() {
		w := strings.ToLower(t.get("word"))
		switch t.get("position") {
		case "before":
			lx.orgBefore[w] = true
		case "after":
			lx.orgAfter[w] = true
		default:
			return t.errorf("organisation head %q: position must be before or after", w)
		}
	}
	return t.err()
}

func loadAmbiguous(lx *Lexicon, t *tsv) error {
	for t.next() {
		lang, name := t.get("lang"), t.get("name")
		if name == "" {
			return t.errorf("ambiguous name missing")
		}
		switch lang {
		case "de", "en":
			lx.ambiguous[lang+"/"+name] = true
		case "both":
			lx.ambiguous["de/"+name] = true
			lx.ambiguous["en/"+name] = true
		default:
			return t.errorf("ambiguous %q: lang must be de, en or both", name)
		}
	}
	return t.err()
}

// loadMetonyms runs after the entity files, so targets resolve.
func loadAffiliations(lx *Lexicon, t *tsv) error {
	for t.next() {
		w := t.get("word")
		switch t.get("use") {
		case "state_kind":
			lx.stateKinds[w] = true
		case "not_org_role":
			lx.notOrgRoles[strings.ToLower(w)] = true
		default:
			return t.errorf("affiliation word %q: unknown use %q", w, t.get("use"))
		}
	}
	return t.err()
}

func loadMetonyms(lx *Lexicon, t *tsv) error {
	for t.next() {
		name, typ, target := t.get("name"), Type(t.get("type")), t.get("target")
		var e *LexEntry
		for _, c := range lx.entries {
			if c.Type == typ && c.Name == target {
				e = c
				break
			}
		}
		if e == nil {
			return t.errorf("metonym %q: no %s named %q in the lexicon", name, typ, target)
		}
		lx.metonyms[name] = e
	}
	return t.err()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func loadSettings(lx *Lexicon, t *tsv) error {
	for t.next() {
		lang, form := t.get("lang"), strings.ToLower(t.get("form"))
		if form == "" {
			return t.errorf("setting verb missing")
		}
		lx.settings[lang] = append(lx.settings[lang], form)
	}
	return t.err()
}

// settingVerb reports whether lw (lower case) is a verb of acting at a
// setting in language lang.
func (lx *Lexicon) settingVerb(lang, lw string) bool {
	for _, f := range lx.settings[lang] {
		if strings.HasSuffix(f, "*") && strings.HasPrefix(lw, f[:len(f)-1]) || f == lw {
			return true
		}
	}
	return false
}
