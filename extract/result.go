package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// result assembles the output: the entities worth reporting (named ones,
// definite descriptions, and anything a relation mentions), numbered in order
// of first mention, with generic agreement and event names qualified by
// parties, place and date.
func (x *run) result() *Result {
	res := &Result{Doc: x.doc, Lang: x.lang}
	idx := map[string]string{} // placeholder -> final ID
	order := make([]int, 0, len(x.ents))
	inRel := map[string]bool{}
	for _, r := range x.rels {
		inRel[r.Subject], inRel[r.Object] = true, true
	}
	for i, e := range x.ents {
		// An entity the entity model doubts stays only when a relation
		// names it.
		if e.keep && len(e.Mentions) > 0 && (e.prob >= x.entMin || inRel["#"+itoa(i)]) {
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
	x.affiliations()
	x.addAffiliations(res, idx)
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

// encodeJSONL writes the records of WriteJSONL to buf, as json.Encoder
// (without HTML escaping) writes jsonDocument, jsonEntity and jsonRelation
// values, field by field: reflection was most of the cost of writing.
// encodeJSONLReflect, kept for the tests, is the reference.
func encodeJSONL(buf *bytes.Buffer, r *Result) error {
	for _, rel := range r.Relations {
		if math.IsInf(rel.Confidence, 0) || math.IsNaN(rel.Confidence) {
			// Not representable: let encoding/json report it.
			return encodeJSONLReflect(buf, r)
		}
	}
	b := buf.AvailableBuffer()
	published := ""
	if !r.Doc.Published.IsZero() {
		published = r.Doc.Published.Format("2006-01-02")
	}
	b = append(b, `{"kind":"document","id":`...)
	b = appendJSONString(b, r.Doc.ID)
	if r.Doc.Title != "" {
		b = append(b, `,"title":`...)
		b = appendJSONString(b, r.Doc.Title)
	}
	if r.Doc.URL != "" {
		b = append(b, `,"url":`...)
		b = appendJSONString(b, r.Doc.URL)
	}
	b = append(b, `,"lang":`...)
	b = appendJSONString(b, r.Lang)
	if published != "" {
		b = append(b, `,"published":`...)
		b = appendJSONString(b, published)
	}
	b = append(b, "}\n"...)
	for _, e := range r.Entities {
		b = append(b, `{"kind":"entity","id":`...)
		b = appendJSONString(b, e.ID)
		b = append(b, `,"type":`...)
		b = appendJSONString(b, string(e.Type))
		b = append(b, `,"name":`...)
		b = appendJSONString(b, e.Name)
		b = append(b, `,"aliases":[`...)
		for i, a := range e.Aliases {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, a)
		}
		b = append(b, `],"key":`...)
		b = appendJSONString(b, e.Key)
		if e.Wikidata != "" {
			b = append(b, `,"wikidata":`...)
			b = appendJSONString(b, e.Wikidata)
		}
		if e.Country != "" {
			b = append(b, `,"country":`...)
			b = appendJSONString(b, e.Country)
		}
		if e.Date != "" {
			b = append(b, `,"date":`...)
			b = appendJSONString(b, e.Date)
		}
		b = append(b, `,"mentions":`...)
		if e.Mentions == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, m := range e.Mentions {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"start":`...)
				b = strconv.AppendInt(b, int64(m.Start), 10)
				b = append(b, `,"end":`...)
				b = strconv.AppendInt(b, int64(m.End), 10)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, "}\n"...)
	}
	for _, rel := range r.Relations {
		b = append(b, `{"kind":"relation","subject":`...)
		b = appendJSONString(b, rel.Subject)
		b = append(b, `,"predicate":`...)
		b = appendJSONString(b, string(rel.Predicate))
		b = append(b, `,"object":`...)
		b = appendJSONString(b, rel.Object)
		b = append(b, `,"negated":`...)
		b = strconv.AppendBool(b, rel.Negated)
		b = append(b, `,"modality":`...)
		b = appendJSONString(b, string(rel.Modality))
		b = append(b, `,"confidence":`...)
		b = appendJSONFloat(b, rel.Confidence)
		b = append(b, `,"cue":`...)
		b = appendJSONString(b, rel.Cue)
		if rel.Date != "" {
			b = append(b, `,"date":`...)
			b = appendJSONString(b, rel.Date)
		}
		b = append(b, `,"evidence":{"doc":`...)
		b = appendJSONString(b, r.Doc.ID)
		b = append(b, `,"sentence":`...)
		b = appendJSONString(b, rel.Sentence)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(rel.Span.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(rel.Span.End), 10)
		b = append(b, "}}\n"...)
	}
	buf.Write(b)
	return nil
}

// appendJSONString appends s as encoding/json writes a string without
// HTML escaping: quotes, backslashes and control characters escaped,
// invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONFloat appends a finite f as encoding/json writes a float64:
// like %g, but with the exponent from 1e21 and below 1e-6, unpadded.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// "e-09" -> "e-9"
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// encodeJSONLReflect is encodeJSONL by encoding/json.
func encodeJSONLReflect(buf *bytes.Buffer, r *Result) error {
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
