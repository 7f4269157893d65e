package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// MaxNeighbors caps the entities [Index.Neighbors] returns; a
// neighbourhood cut there is marked Truncated.
const MaxNeighbors = 500

// MaxDepth is the deepest neighbourhood [Index.Neighbors] explores.
const MaxDepth = 6

// ErrNoPath is returned (wrapped) by [Index.Path] when no chain of facts
// connects the two entities.
var ErrNoPath = errors.New("no connection")

// NotFoundError is returned by [Index.Resolve] when no entity matches.
type NotFoundError struct {
	Query string
}

// Error names the query that matched nothing.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no entity matches %q", e.Query)
}

// AmbiguousError is returned by [Index.Resolve] when several entities match
// equally well; Candidates lists them.
type AmbiguousError struct {
	Query      string
	Candidates []Ref
}

// Error lists the candidates on one line.
func (e *AmbiguousError) Error() string {
	names := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		names[i] = fmt.Sprintf("%s (%s)", c.Label, c.Type)
	}
	return fmt.Sprintf("%q is ambiguous: %d entities match: %s", e.Query, len(e.Candidates), strings.Join(names, "; "))
}

// Ref names an entity for display: its IRI, type and label.
type Ref struct {
	IRI   quad.IRI     `json:"iri"`
	Type  extract.Type `json:"type"`
	Label string       `json:"label"`
}

// Source is a document facts come from.
type Source struct {
	IRI       quad.IRI `json:"iri"`
	ID        string   `json:"id"`
	Title     string   `json:"title,omitempty"`
	URL       string   `json:"url,omitempty"`
	Lang      string   `json:"lang,omitempty"`
	Published string   `json:"published,omitempty"`
	// Facts counts the facts the document gives about the entity asked
	// for ([Index.Sources]); 0 elsewhere.
	Facts int `json:"facts,omitempty"`
}

// Claim is one fact as a document states it, with its ends and source
// resolved for display: what one source says, and the sentence that says
// it.
type Claim struct {
	Statement quad.IRI          `json:"statement"`
	Subject   Ref               `json:"subject"`
	Predicate extract.Predicate `json:"predicate"`
	Object    Ref               `json:"object"`
	// Status is "asserted" for a positive, asserted fact (one that is an
	// edge of the graph), else the modality with "negated" before it:
	// "negated asserted", "planned", "negated possible", ...
	Status     string           `json:"status"`
	Negated    bool             `json:"negated"`
	Modality   extract.Modality `json:"modality"`
	Confidence float64          `json:"confidence"`
	Cue        string           `json:"cue,omitempty"`
	Evidence   string           `json:"evidence"`
	Start      int              `json:"start"`
	End        int              `json:"end"`
	Date       string           `json:"date,omitempty"`
	CAMEO      string           `json:"cameo,omitempty"`
	Source     Source           `json:"source"`
}

// Asserted reports whether the claim is positive and asserted.
func (c Claim) Asserted() bool { return !c.Negated && c.Modality == extract.Asserted }

// Profile is everything the graph says about one entity.
type Profile struct {
	Entity   Ref      `json:"entity"`
	Aliases  []string `json:"aliases,omitempty"`
	ISOCode  string   `json:"isoCode,omitempty"`
	Wikidata string   `json:"wikidata,omitempty"`
	// Claims are the facts with the entity as subject or object.
	Claims []Claim `json:"facts"`
	// Sources are the documents that mention the entity.
	Sources []Source `json:"sources"`
	// Merged are the links cross-document resolution made to fold other
	// nodes into this one: the names and sources of both ends, the
	// score and the reasons.
	Merged []MergeInfo `json:"merged,omitempty"`
	// Affiliates are the people whose role links them to the entity (a
	// state's ministers, a company's chief), each with the facts they
	// take part in.
	Affiliates []Affiliate `json:"affiliates,omitempty"`
}

// MergeInfo is one link of cross-document resolution, as [Index.Show]
// and [Index.Merges] report it.
type MergeInfo struct {
	// Into is the node both ends are shown as.
	Into    Ref      `json:"into"`
	A       string   `json:"a"`
	B       string   `json:"b"`
	AIRI    quad.IRI `json:"aIri"`
	BIRI    quad.IRI `json:"bIri"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
	Forced  bool     `json:"forced,omitempty"`
	Sources []Source `json:"sources"`
}

// Affiliate is a person linked by a role to an entity.
type Affiliate struct {
	Person Ref `json:"person"`
	// Roles are the role words of the affiliation ("Minister").
	Roles []string `json:"roles"`
	// Claims are the affiliation's own facts, then the person's other
	// facts.
	Claims []Claim `json:"facts"`
}

// NodeAt is an entity of a neighbourhood with its distance, in facts, from
// the centre.
type NodeAt struct {
	Ref
	Distance int `json:"distance"`
}

// Neighborhood is the part of the graph around an entity.
type Neighborhood struct {
	Center Ref `json:"center"`
	Depth  int `json:"depth"`
	// Nodes are ordered by distance, then type and label; the centre is
	// first.
	Nodes []NodeAt `json:"nodes"`
	// Claims are the facts between any two of the Nodes.
	Claims []Claim `json:"facts"`
	// Truncated reports that MaxNeighbors cut the neighbourhood.
	Truncated bool `json:"truncated,omitempty"`
}

// Hop is one step of a [Index.Path]: two entities and the facts, in either
// direction, that connect them.
type Hop struct {
	From   Ref     `json:"from"`
	To     Ref     `json:"to"`
	Claims []Claim `json:"facts"`
}

// FactFilter selects facts for [Index.Facts]. Zero fields match anything.
type FactFilter struct {
	Predicate extract.Predicate
	Subject   quad.IRI
	Object    quad.IRI
	// AssertedOnly drops negated and non-asserted facts.
	AssertedOnly bool
}

// Summary counts what an index holds.
type Summary struct {
	Quads       int                       `json:"quads"`
	Documents   int                       `json:"documents"`
	Entities    int                       `json:"entities"`
	Facts       int                       `json:"facts"`
	Edges       int                       `json:"edges"`
	ByType      map[extract.Type]int      `json:"byType"`
	ByPredicate map[extract.Predicate]int `json:"byPredicate"`
}

// Index answers analysts' questions over a graph read back from quads:
// entities found by name, alias or ISO code in either language; their
// facts, neighbourhoods, connecting paths and sources; and where sources
// disagree ([Index.Conflicts]). Every answer carries the evidence sentence
// and the source of each fact. An Index never changes after [NewIndex], so
// it is safe for concurrent use.
type Index struct {
	model *Model
	quads []quad.Quad
	iso   map[quad.IRI]string
	// names maps folded labels and ISO codes (tier 0), aliases (tier 1),
	// and all of them without spaces (tier 2) to entities.
	names [3]map[string][]quad.IRI
	// folded lists every entity's folded names for partial matches.
	folded map[quad.IRI][]string
	// adj lists, for each entity, the indexes into model.Facts of the
	// facts it takes part in.
	adj map[quad.IRI][]int
}

// NewIndex builds an index over quads (as [Store.Quads] returns them). It
// keeps quads for [Index.Subgraph]; the caller must not change them.
func NewIndex(quads []quad.Quad) *Index {
	ix := &Index{
		model:  NewModel(quads),
		quads:  quads,
		iso:    map[quad.IRI]string{},
		names:  [3]map[string][]quad.IRI{{}, {}, {}},
		folded: map[quad.IRI][]string{},
		adj:    map[quad.IRI][]int{},
	}
	for _, q := range quads {
		if q.Predicate != ngISOCode {
			continue
		}
		if s, ok := q.Subject.(quad.IRI); ok {
			ix.iso[s] = literal(q.Object)
		}
	}
	add := func(tier int, key string, iri quad.IRI) {
		if key == "" {
			return
		}
		ix.names[tier][key] = appendUnique(ix.names[tier][key], iri)
		ix.folded[iri] = appendUniqueString(ix.folded[iri], key)
		compact := strings.ReplaceAll(key, " ", "")
		ix.names[2][compact] = appendUnique(ix.names[2][compact], iri)
	}
	for _, n := range ix.model.SortedNodes() {
		add(0, extract.Fold(n.Label), n.IRI)
		if c := ix.iso[n.IRI]; c != "" {
			add(0, extract.Fold(c), n.IRI)
		}
		for _, a := range n.Aliases {
			add(1, extract.Fold(a), n.IRI)
		}
	}
	for i, f := range ix.model.Facts {
		ix.adj[f.Subject] = append(ix.adj[f.Subject], i)
		if f.Object != f.Subject {
			ix.adj[f.Object] = append(ix.adj[f.Object], i)
		}
	}
	return ix
}

// Index reads the whole store into an [Index].
func (s *Store) Index(ctx context.Context) (*Index, error) {
	if err := s.rlock(); err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	return s.index(ctx)
}

// index is Index for a caller holding s.mu.
func (s *Store) index(ctx context.Context) (*Index, error) {
	quads, err := s.quads(ctx)
	if err != nil {
		return nil, err
	}
	return NewIndex(Canonicalize(quads)), nil
}

// Model returns the model the index answers from.
func (ix *Index) Model() *Model { return ix.model }

func appendUnique(s []quad.IRI, v quad.IRI) []quad.IRI {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func appendUniqueString(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// Ref returns the display reference of an entity IRI; an IRI the index
// does not know is its own label.
func (ix *Index) Ref(iri quad.IRI) Ref {
	if n := ix.model.Nodes[iri]; n != nil {
		return Ref{IRI: n.IRI, Type: n.Type, Label: n.Label}
	}
	return Ref{IRI: iri, Label: string(iri)}
}

// Resolve finds the entity a person means by name: an entity IRI, a label
// or ISO code, an alias (German or English, as the documents spelled it),
// the same without spaces ("Sicherheits-Konferenz" for
// "Sicherheitskonferenz"), or failing those, whole words of a label or
// alias ("REAIM" for "REAIM-Gipfel"). Matching ignores case, accents,
// hyphens and spacing ([extract.Fold]). When several entities match equally well it returns an
// [*AmbiguousError] listing them; when none does, a [*NotFoundError].
func (ix *Index) Resolve(name string) (Ref, error) {
	iri := quad.IRI(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(name), "<"), ">"))
	if _, ok := ix.model.Nodes[iri]; ok {
		return ix.Ref(iri), nil
	}
	key := extract.Fold(name)
	if key == "" {
		return Ref{}, &NotFoundError{Query: name}
	}
	for i, tier := range ix.names {
		k := key
		if i == 2 {
			k = strings.ReplaceAll(key, " ", "")
		}
		if m := tier[k]; len(m) > 0 {
			return ix.pick(name, m)
		}
	}
	var words []quad.IRI
	for _, n := range ix.model.SortedNodes() {
		for _, f := range ix.folded[n.IRI] {
			if containsWords(f, key) {
				words = append(words, n.IRI)
				break
			}
		}
	}
	if len(words) == 0 {
		return Ref{}, &NotFoundError{Query: name}
	}
	return ix.pick(name, words)
}

// pick returns the only match or an ambiguity error.
func (ix *Index) pick(name string, m []quad.IRI) (Ref, error) {
	if len(m) == 1 {
		return ix.Ref(m[0]), nil
	}
	refs := make([]Ref, len(m))
	for i, iri := range m {
		refs[i] = ix.Ref(iri)
	}
	sortRefs(refs)
	return Ref{}, &AmbiguousError{Query: name, Candidates: refs}
}

// containsWords reports whether the folded key occurs in the folded name
// as whole words.
func containsWords(name, key string) bool {
	for i := 0; ; {
		j := strings.Index(name[i:], key)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(key)
		if (j == 0 || name[j-1] == ' ') && (end == len(name) || name[end] == ' ') {
			return true
		}
		i = j + 1
	}
}

// Search lists up to max entities whose label, alias or ISO code contains
// the folded query anywhere, best matches first (exact label, exact alias,
// then partial), for suggestions as a person types.
func (ix *Index) Search(q string, max int) []Ref {
	key := extract.Fold(q)
	if key == "" || max <= 0 {
		return nil
	}
	type hit struct {
		ref  Ref
		rank int
	}
	var hits []hit
	for _, n := range ix.model.SortedNodes() {
		rank := -1
		for _, f := range ix.folded[n.IRI] {
			r := -1
			switch {
			case f == key && contains(ix.names[0][key], n.IRI):
				r = 0
			case f == key:
				r = 1
			case strings.HasPrefix(f, key):
				r = 2
			case strings.Contains(f, key):
				r = 3
			}
			if r >= 0 && (rank < 0 || r < rank) {
				rank = r
			}
		}
		if rank >= 0 {
			hits = append(hits, hit{ix.Ref(n.IRI), rank})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	if len(hits) > max {
		hits = hits[:max]
	}
	out := make([]Ref, len(hits))
	for i, h := range hits {
		out[i] = h.ref
	}
	return out
}

func contains(s []quad.IRI, v quad.IRI) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// ParsePredicate reads a predicate as people write it: "signed",
// "attended", "refused", "builds-on" (also "buildsOn", "builds on"), or its
// IRI.
func ParsePredicate(s string) (extract.Predicate, error) {
	if p, ok := PredicateOf(quad.IRI(strings.Trim(s, "<>"))); ok {
		return p, nil
	}
	key := strings.ReplaceAll(extract.Fold(s), " ", "")
	for _, p := range extract.Predicates {
		if strings.ReplaceAll(extract.Fold(string(p)), " ", "") == key {
			return p, nil
		}
	}
	names := make([]string, len(extract.Predicates))
	for i, p := range extract.Predicates {
		names[i] = string(p)
	}
	return "", fmt.Errorf("unknown predicate %q: want one of %s", s, strings.Join(names, ", "))
}

// status describes a fact's polarity and modality in one word or two.
func status(f Fact) string {
	mod := string(f.Modality)
	if mod == "" {
		mod = string(extract.Asserted)
	}
	if f.Negated {
		return "negated " + mod
	}
	return mod
}

// Claim resolves a fact's ends and source.
func (ix *Index) Claim(f Fact) Claim {
	return Claim{
		Statement:  f.Statement,
		Subject:    ix.Ref(f.Subject),
		Predicate:  f.Predicate,
		Object:     ix.Ref(f.Object),
		Status:     status(f),
		Negated:    f.Negated,
		Modality:   f.Modality,
		Confidence: f.Confidence,
		Cue:        f.Cue,
		Evidence:   f.Evidence,
		Start:      f.Start,
		End:        f.End,
		Date:       f.Date,
		CAMEO:      f.CAMEO,
		Source:     ix.source(f.Doc),
	}
}

// source returns the document's display form.
func (ix *Index) source(d quad.IRI) Source {
	doc := ix.model.Docs[d]
	if doc == nil {
		return Source{IRI: d, ID: string(d)}
	}
	return Source{IRI: d, ID: doc.ID, Title: doc.Title, URL: doc.URL, Lang: doc.Lang, Published: doc.Published}
}

// claims resolves facts by index into model.Facts, sorted for display.
func (ix *Index) claims(idx []int) []Claim {
	out := make([]Claim, 0, len(idx))
	for _, i := range idx {
		out = append(out, ix.Claim(ix.model.Facts[i]))
	}
	SortClaims(out)
	return out
}

// SortClaims orders claims for display: by subject label, predicate,
// object label, source and position in the source.
func SortClaims(c []Claim) {
	sort.SliceStable(c, func(i, j int) bool {
		a, b := c[i], c[j]
		switch {
		case a.Subject.Label != b.Subject.Label:
			return a.Subject.Label < b.Subject.Label
		case a.Subject.IRI != b.Subject.IRI:
			return a.Subject.IRI < b.Subject.IRI
		case a.Predicate != b.Predicate:
			return predicateRank(a.Predicate) < predicateRank(b.Predicate)
		case a.Object.Label != b.Object.Label:
			return a.Object.Label < b.Object.Label
		case a.Object.IRI != b.Object.IRI:
			return a.Object.IRI < b.Object.IRI
		case a.Source.ID != b.Source.ID:
			return a.Source.ID < b.Source.ID
		case a.Start != b.Start:
			return a.Start < b.Start
		}
		return a.Statement < b.Statement
	})
}

func predicateRank(p extract.Predicate) int {
	for i, x := range extract.Predicates {
		if x == p {
			return i
		}
	}
	return len(extract.Predicates)
}

func sortRefs(r []Ref) {
	sort.Slice(r, func(i, j int) bool {
		if r[i].Type != r[j].Type {
			return r[i].Type < r[j].Type
		}
		if r[i].Label != r[j].Label {
			return r[i].Label < r[j].Label
		}
		return r[i].IRI < r[j].IRI
	})
}

// Show returns everything the graph says about an entity: its names, the
// facts it takes part in (negated and planned ones too) with their
// evidence, and the documents that mention it.
func (ix *Index) Show(entity quad.IRI) Profile {
	p := Profile{Entity: ix.Ref(entity), ISOCode: ix.iso[entity], Claims: ix.claims(ix.adj[entity]), Sources: ix.Sources(entity)}
	if n := ix.model.Nodes[entity]; n != nil {
		p.Aliases = n.Aliases
		p.Wikidata = n.Wikidata
	}
	for _, m := range ix.Merges() {
		if m.Into.IRI == entity {
			p.Merged = append(p.Merged, m)
		}
	}
	p.Affiliates = ix.affiliates(entity)
	return p
}

// Merges returns every link cross-document resolution made, ordered by
// the node they fold into and the names.
func (ix *Index) Merges() []MergeInfo {
	var out []MergeInfo
	into := func(x quad.IRI) quad.IRI {
		if c, ok := ix.model.SameAs[x]; ok {
			return c
		}
		return x
	}
	for _, m := range ix.model.Merges {
		mi := MergeInfo{Into: ix.Ref(into(m.A)), A: m.AName, B: m.BName, AIRI: m.A, BIRI: m.B,
			Score: m.Score, Reasons: m.Reasons, Forced: m.Forced, Sources: []Source{}}
		for _, d := range m.Docs {
			mi.Sources = append(mi.Sources, ix.source(d))
		}
		sortSources(mi.Sources)
		out = append(out, mi)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Into.Label != b.Into.Label {
			return a.Into.Label < b.Into.Label
		}
		if a.Into.IRI != b.Into.IRI {
			return a.Into.IRI < b.Into.IRI
		}
		if a.A != b.A {
			return a.A < b.A
		}
		return a.B < b.B
	})
	return out
}

// affiliates returns the people affiliated with entity, by name, each
// with the affiliation facts and then the person's other facts.
func (ix *Index) affiliates(entity quad.IRI) []Affiliate {
	by := map[quad.IRI]*Affiliate{}
	var order []quad.IRI
	for _, i := range ix.adj[entity] {
		f := ix.model.Facts[i]
		if f.Predicate != extract.AffiliatedWith || f.Object != entity || f.Negated {
			continue
		}
		a := by[f.Subject]
		if a == nil {
			a = &Affiliate{Person: ix.Ref(f.Subject)}
			by[f.Subject] = a
			order = append(order, f.Subject)
		}
		if f.Cue != "" {
			a.Roles = appendUniqueString(a.Roles, f.Cue)
		}
	}
	var out []Affiliate
	for _, person := range order {
		a := by[person]
		var own, other []int
		for _, i := range ix.adj[person] {
			f := ix.model.Facts[i]
			if f.Predicate == extract.AffiliatedWith && f.Object == entity {
				own = append(own, i)
			} else if f.Predicate != extract.AffiliatedWith {
				other = append(other, i)
			}
		}
		a.Claims = append(ix.claims(own), ix.claims(other)...)
		sort.Strings(a.Roles)
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return refLess(out[i].Person, out[j].Person) })
	return out
}

// Facts returns the facts that match the filter, with their evidence.
func (ix *Index) Facts(f FactFilter) []Claim {
	var idx []int
	for i, fact := range ix.model.Facts {
		if (f.Predicate == "" || fact.Predicate == f.Predicate) &&
			(f.Subject == "" || fact.Subject == f.Subject) &&
			(f.Object == "" || fact.Object == f.Object) &&
			(!f.AssertedOnly || fact.Asserted()) {
			idx = append(idx, i)
		}
	}
	return ix.claims(idx)
}

// neighbors returns the entities one fact away from n, sorted.
func (ix *Index) neighbors(n quad.IRI) []quad.IRI {
	var out []quad.IRI
	for _, i := range ix.adj[n] {
		f := ix.model.Facts[i]
		other := f.Object
		if other == n {
			other = f.Subject
		}
		out = appendUnique(out, other)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Neighbors returns the entities within depth facts of the centre (in
// either direction; negated and planned facts connect too) and every fact
// between them. depth is clamped to 1..MaxDepth and the result to
// MaxNeighbors entities.
func (ix *Index) Neighbors(center quad.IRI, depth int) Neighborhood {
	depth = max(1, min(depth, MaxDepth))
	nb := Neighborhood{Center: ix.Ref(center), Depth: depth}
	dist := map[quad.IRI]int{center: 0}
	frontier := []quad.IRI{center}
	for d := 1; d <= depth && len(frontier) > 0 && !nb.Truncated; d++ {
		var next []quad.IRI
		for _, n := range frontier {
			for _, m := range ix.neighbors(n) {
				if _, ok := dist[m]; ok {
					continue
				}
				if len(dist) >= MaxNeighbors {
					nb.Truncated = true
					break
				}
				dist[m] = d
				next = append(next, m)
			}
		}
		frontier = next
	}
	for iri, d := range dist {
		nb.Nodes = append(nb.Nodes, NodeAt{Ref: ix.Ref(iri), Distance: d})
	}
	sort.Slice(nb.Nodes, func(i, j int) bool {
		a, b := nb.Nodes[i], nb.Nodes[j]
		if a.Distance != b.Distance {
			return a.Distance < b.Distance
		}
		return refLess(a.Ref, b.Ref)
	})
	var idx []int
	for i, f := range ix.model.Facts {
		_, s := dist[f.Subject]
		_, o := dist[f.Object]
		if s && o {
			idx = append(idx, i)
		}
	}
	nb.Claims = ix.claims(idx)
	return nb
}

func refLess(a, b Ref) bool {
	if a.Type != b.Type {
		return a.Type < b.Type
	}
	if a.Label != b.Label {
		return a.Label < b.Label
	}
	return a.IRI < b.IRI
}

// Path returns a shortest chain of facts connecting two entities, in
// either direction of each fact, with every fact that backs each hop. The
// chain for an entity and itself is empty. When nothing connects them the
// error wraps [ErrNoPath].
func (ix *Index) Path(from, to quad.IRI) ([]Hop, error) {
	if from == to {
		return []Hop{}, nil
	}
	prev := map[quad.IRI]quad.IRI{from: ""}
	frontier := []quad.IRI{from}
	for len(frontier) > 0 {
		var next []quad.IRI
		for _, n := range frontier {
			for _, m := range ix.neighbors(n) {
				if _, ok := prev[m]; ok {
					continue
				}
				prev[m] = n
				if m == to {
					return ix.hops(from, to, prev), nil
				}
				next = append(next, m)
			}
		}
		frontier = next
	}
	return nil, fmt.Errorf("%s and %s: %w", ix.Ref(from).Label, ix.Ref(to).Label, ErrNoPath)
}

// hops walks prev back from to and builds the hops from the start.
func (ix *Index) hops(from, to quad.IRI, prev map[quad.IRI]quad.IRI) []Hop {
	var chain []quad.IRI
	for n := to; n != from; n = prev[n] {
		chain = append(chain, n)
	}
	chain = append(chain, from)
	hops := make([]Hop, 0, len(chain)-1)
	for i := len(chain) - 1; i > 0; i-- {
		a, b := chain[i], chain[i-1]
		var idx []int
		for _, k := range ix.adj[a] {
			f := ix.model.Facts[k]
			if (f.Subject == a && f.Object == b) || (f.Subject == b && f.Object == a) {
				idx = append(idx, k)
			}
		}
		hops = append(hops, Hop{From: ix.Ref(a), To: ix.Ref(b), Claims: ix.claims(idx)})
	}
	return hops
}

// Sources returns the documents that mention an entity or state a fact
// about it, each with the number of such facts, oldest first.
func (ix *Index) Sources(entity quad.IRI) []Source {
	count := map[quad.IRI]int{}
	if n := ix.model.Nodes[entity]; n != nil {
		for _, d := range n.Docs {
			count[d] += 0
		}
	}
	for _, i := range ix.adj[entity] {
		count[ix.model.Facts[i].Doc]++
	}
	out := make([]Source, 0, len(count))
	for d, c := range count {
		s := ix.source(d)
		s.Facts = c
		out = append(out, s)
	}
	sortSources(out)
	return out
}

func sortSources(s []Source) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Published != s[j].Published {
			return s[i].Published < s[j].Published
		}
		if s[i].ID != s[j].ID {
			return s[i].ID < s[j].ID
		}
		return s[i].IRI < s[j].IRI
	})
}

// Summary counts the index's documents, entities and facts.
func (ix *Index) Summary() Summary {
	s := Summary{
		Quads:       len(ix.quads),
		Documents:   len(ix.model.Docs),
		Entities:    len(ix.model.Nodes),
		Facts:       len(ix.model.Facts),
		Edges:       len(ix.model.Edges()),
		ByType:      map[extract.Type]int{},
		ByPredicate: map[extract.Predicate]int{},
	}
	for _, n := range ix.model.Nodes {
		s.ByType[n.Type]++
	}
	for _, f := range ix.model.Facts {
		s.ByPredicate[f.Predicate]++
	}
	return s
}

// Subgraph returns the quads behind a query's answer, for export: the
// statements of the claims with all their qualifiers, the direct edges of
// the asserted ones, the descriptions (type, label, aliases, sameAs,
// ISO code) of their ends and of the extra entities, and the documents
// they come from. Each quad keeps its document label. Links to entities
// outside the answer are left out, so the result is a closed graph.
func (ix *Index) Subgraph(claims []Claim, entities ...quad.IRI) []quad.Quad {
	stmts := map[quad.IRI]bool{}
	ents := map[quad.IRI]bool{}
	docs := map[quad.IRI]bool{}
	type spo struct{ s, p, o quad.IRI }
	edges := map[spo]bool{}
	for _, e := range entities {
		ents[e] = true
	}
	for _, c := range claims {
		stmts[c.Statement] = true
		ents[c.Subject.IRI] = true
		ents[c.Object.IRI] = true
		docs[c.Source.IRI] = true
		if c.Asserted() {
			edges[spo{c.Subject.IRI, Predicate(c.Predicate), c.Object.IRI}] = true
		}
	}
	var out []quad.Quad
	for _, q := range ix.quads {
		s, ok := q.Subject.(quad.IRI)
		if !ok {
			continue
		}
		p, _ := q.Predicate.(quad.IRI)
		o, oIRI := q.Object.(quad.IRI)
		switch {
		case stmts[s]:
			out = append(out, q)
		case ents[s]:
			if _, rel := PredicateOf(p); rel {
				if edges[spo{s, p, o}] {
					out = append(out, q)
				}
				continue
			}
			if oIRI && ix.model.Nodes[o] != nil && !ents[o] {
				continue
			}
			out = append(out, q)
		case docs[s]:
			if p == schemaMentions && !ents[o] {
				continue
			}
			out = append(out, q)
		}
	}
	return out
}

// Among returns the facts a set of IRIs names: statements given by their
// IRI, and every fact whose subject and object are both in the set (for
// exporting the answer of a Gizmo query, [GizmoResult.IRIs]).
func (ix *Index) Among(iris []quad.IRI) []Claim {
	in := make(map[quad.IRI]bool, len(iris))
	for _, iri := range iris {
		in[iri] = true
	}
	var idx []int
	for i, f := range ix.model.Facts {
		if in[f.Statement] || (in[f.Subject] && in[f.Object]) {
			idx = append(idx, i)
		}
	}
	return ix.claims(idx)
}

// Entities returns those of iris that are entities of the index.
func (ix *Index) Entities(iris []quad.IRI) []quad.IRI {
	var out []quad.IRI
	for _, iri := range iris {
		if ix.model.Nodes[iri] != nil {
			out = append(out, iri)
		}
	}
	return out
}
