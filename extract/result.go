package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// result assembles the output: the entities worth reporting (named ones,
// definite descriptions, and anything a relation mentions), numbered in order
// of first mention, with generic agreement and event names qualified by
// parties, place and date.
func (x *run) result() *Result {
	res := &Result{Doc: x.doc, Lang: x.lang}
	idx := map[string]string{} // placeholder -> final ID
	order := make([]int, 0, len(x.ents))
	for i, e := range x.ents {
		if e.keep && len(e.Mentions) > 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return x.ents[order[a]].firstPos < x.ents[order[b]].firstPos })
	for n, i := range order {
		e := x.ents[i]
		x.qualify(e)
		id := fmt.Sprintf("e%d", n+1)
		idx["#"+itoa(i)] = id
		out := e.Entity
		out.ID = id
		if out.Key == "" {
			out.Key = Slug(out.Name)
		}
		sortSpans(out.Mentions)
		if res.Entities == nil {
			res.Entities = make([]Entity, 0, len(order))
		}
		res.Entities = append(res.Entities, out)
	}
	for _, r := range x.rels {
		s, ok1 := idx[r.Subject]
		o, ok2 := idx[r.Object]
		if !ok1 || !ok2 {
			continue
		}
		r.Subject, r.Object = s, o
		if res.Relations == nil {
			res.Relations = make([]Relation, 0, len(x.rels))
		}
		res.Relations = append(res.Relations, r)
	}
	return res
}

func sortSpans(s []Span) {
	// Mentions are mostly recorded in text order already; spans with
	// strictly increasing starts have only one order, so sorting could
	// not change them.
	for i := 1; i < len(s); i++ {
		if s[i].Start <= s[i-1].Start {
			sort.Slice(s, func(a, b int) bool { return s[a].Start < s[b].Start })
			return
		}
	}
}

// qualify gives a generic agreement a name that does not merge it with
// others of its kind: "Absichtserklärung Deutschland–Kanada, 2026-02-14".
// Parties are the states of its signers and the states named by
// adjectives in its mentions ("deutsch-kanadische").
func (x *run) qualify(e *entity) {
	if e.kind != generic {
		return
	}
	if e.Type != Agreement {
		// "the summit" of one article is not that of another: keep generic
		// events and initiatives apart by document.
		e.Key = Slug(e.Name + " " + x.doc.ID)
		return
	}
	var parties []string
	addParty := func(code string) {
		if code != "" && !contains(parties, code) {
			parties = append(parties, code)
		}
	}
	id := "#" + itoa(x.index(e))
	for _, r := range x.rels {
		if r.Object != id || !r.Asserted() || r.Predicate != Signed {
			continue // parties are the signers, not those who refused
		}
		if s := x.byPlaceholder(r.Subject); s != nil {
			if s.Type == Country {
				addParty(s.Key)
			} else {
				addParty(s.Country)
			}
		}
	}
	for _, a := range e.Aliases {
		for _, w := range strings.FieldsFunc(strings.ToLower(a), func(r rune) bool { return r == ' ' || isHyphen(r) }) {
			addParty(x.lx.adjectives[w])
		}
	}
	var b strings.Builder
	b.WriteString(e.Name)
	var names []string
	for _, p := range parties {
		names = append(names, x.countryName(p))
	}
	if len(names) > 0 {
		b.WriteString(" ")
		b.WriteString(strings.Join(names, "–"))
	}
	if e.Date != "" {
		if len(names) > 0 {
			b.WriteString(",")
		}
		b.WriteString(" ")
		b.WriteString(e.Date)
	}
	if len(parties) == 0 {
		// Nothing qualifies it: keep it apart from same-named things in other
		// documents by the document.
		e.Key = Slug(e.Name + " " + x.doc.ID)
	} else {
		// The key holds what identifies the agreement across articles:
		// kind, parties and year (the article's when the text gives no
		// date), so two reports of one declaration meet in one node while
		// declarations of other parties or years stay apart.
		year := ""
		if len(e.Date) >= 4 {
			year = e.Date[:4]
		} else if !x.ref.IsZero() {
			year = fmt.Sprint(x.ref.Year())
		}
		sorted := append([]string(nil), parties...)
		sort.Strings(sorted)
		e.Key = Slug(e.head + " " + strings.Join(sorted, " ") + " " + year)
	}
	if b.String() == e.Name {
		return
	}
	if !contains(e.Aliases, e.Name) {
		e.Aliases = append(e.Aliases, e.Name)
	}
	e.Name = b.String()
}

func (x *run) index(e *entity) int {
	for i, f := range x.ents {
		if f == e {
			return i
		}
	}
	return -1
}

func (x *run) byPlaceholder(id string) *entity {
	n := atoi(strings.TrimPrefix(id, "#"))
	if n < 0 || n >= len(x.ents) {
		return nil
	}
	return x.ents[n]
}

// countryName is a state's name in the document's language.
func (x *run) countryName(code string) string {
	e := x.lx.byKey[entKey(Country, code)]
	if e == nil {
		return code
	}
	if x.lang == "de" && e.NameDE != "" {
		return e.NameDE
	}
	return e.Name
}

// jsonEntity and jsonRelation are the JSON Lines records of WriteJSONL.
type jsonEntity struct {
	Kind     string   `json:"kind"`
	ID       string   `json:"id"`
	Type     Type     `json:"type"`
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases"`
	Key      string   `json:"key"`
	Wikidata string   `json:"wikidata,omitempty"`
	Country  string   `json:"country,omitempty"`
	Date     string   `json:"date,omitempty"`
	Mentions []Span   `json:"mentions"`
}

type jsonEvidence struct {
	Doc      string `json:"doc"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

type jsonRelation struct {
	Kind       string       `json:"kind"`
	Subject    string       `json:"subject"`
	Predicate  Predicate    `json:"predicate"`
	Object     string       `json:"object"`
	Negated    bool         `json:"negated"`
	Modality   Modality     `json:"modality"`
	Confidence float64      `json:"confidence"`
	Cue        string       `json:"cue"`
	Date       string       `json:"date,omitempty"`
	Evidence   jsonEvidence `json:"evidence"`
}

type jsonDocument struct {
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Lang      string `json:"lang"`
	Published string `json:"published,omitempty"`
}

// WriteJSONL writes r as JSON Lines: one "document" record, then one
// "entity" record per entity and one "relation" record per relation, each
// relation with its evidence (sentence and code-point offsets). The entity
// and relation records follow the contract of the evaluation tool.
//
// The records of a result go to w in one Write, not one a line: the
// command line writes to an unbuffered standard output.
func WriteJSONL(w io.Writer, r *Result) error {
	buf := jsonlBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			jsonlBuffers.Put(buf)
		}
	}()
	buf.Reset()
	if err := encodeJSONL(buf, r); err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write %s: %w", r.Doc.ID, err)
	}
	return nil
}

// jsonlBuffers holds the buffers of WriteJSONL.
var jsonlBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// encodeJSONL writes the records of WriteJSONL to buf.
func encodeJSONL(buf *bytes.Buffer, r *Result) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	d := jsonDocument{Kind: "document", ID: r.Doc.ID, Title: r.Doc.Title, URL: r.Doc.URL, Lang: r.Lang}
	if !r.Doc.Published.IsZero() {
		d.Published = r.Doc.Published.Format("2006-01-02")
	}
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("write %s: %w", r.Doc.ID, err)
	}
	for _, e := range r.Entities {
		aliases := e.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		je := jsonEntity{Kind: "entity", ID: e.ID, Type: e.Type, Name: e.Name, Aliases: aliases, Key: e.Key,
			Wikidata: e.Wikidata, Country: e.Country, Date: e.Date, Mentions: e.Mentions}
		if err := enc.Encode(je); err != nil {
			return fmt.Errorf("write %s: %w", r.Doc.ID, err)
		}
	}
	for _, rel := range r.Relations {
		jr := jsonRelation{Kind: "relation", Subject: rel.Subject, Predicate: rel.Predicate, Object: rel.Object,
			Negated: rel.Negated, Modality: rel.Modality, Confidence: rel.Confidence, Cue: rel.Cue, Date: rel.Date,
			Evidence: jsonEvidence{Doc: r.Doc.ID, Sentence: rel.Sentence, Start: rel.Span.Start, End: rel.Span.End}}
		if err := enc.Encode(jr); err != nil {
			return fmt.Errorf("write %s: %w", r.Doc.ID, err)
		}
	}
	return nil
}
