package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// Vocabulary terms.
var (
	rdfType          = quad.IRI(RDF + "type")
	rdfsLabel        = quad.IRI(RDFS + "label")
	owlSameAs        = quad.IRI(OWL + "sameAs")
	schemaAltName    = quad.IRI(Schema + "alternateName")
	schemaHeadline   = quad.IRI(Schema + "headline")
	schemaURL        = quad.IRI(Schema + "url")
	schemaLanguage   = quad.IRI(Schema + "inLanguage")
	schemaPublished  = quad.IRI(Schema + "datePublished")
	schemaIdentifier = quad.IRI(Schema + "identifier")
	schemaMentions   = quad.IRI(Schema + "mentions")
	schemaNationalty = quad.IRI(Schema + "nationality")
	schemaArticle    = quad.IRI(Schema + "NewsArticle")
	provDerived      = quad.IRI(PROV + "wasDerivedFrom")

	ngStatement   = quad.IRI(NS + "Statement")
	ngSubject     = quad.IRI(NS + "subject")
	ngPredicate   = quad.IRI(NS + "predicate")
	ngObject      = quad.IRI(NS + "object")
	ngPolarity    = quad.IRI(NS + "polarity")
	ngModality    = quad.IRI(NS + "modality")
	ngConfidence  = quad.IRI(NS + "confidence")
	ngCue         = quad.IRI(NS + "cue")
	ngEvidence    = quad.IRI(NS + "evidence")
	ngStart       = quad.IRI(NS + "start")
	ngEnd         = quad.IRI(NS + "end")
	ngDate        = quad.IRI(NS + "date")
	ngCAMEO       = quad.IRI(NS + "cameo")
	ngContentHash = quad.IRI(NS + "contentHash")
	ngISOCode     = quad.IRI(NS + "isoCode")
)

// Exported vocabulary terms that readers and exporters match on.
var (
	// TypePredicate is rdf:type.
	TypePredicate = rdfType
	// LabelPredicate is rdfs:label.
	LabelPredicate = rdfsLabel
	// StatementClass is the class of statement nodes.
	StatementClass = ngStatement
)

// MaxLiteral caps the code points of a text literal written to the store
// (an evidence sentence from a 100 MB line, a 20 KB name). The offsets
// still point at the whole text.
const MaxLiteral = 4000

// Literal helpers: full XSD datatype IRIs, never the CURIEs quad v1.1.0
// writes for Go values.
func xsd(v, typ string) quad.TypedString {
	return quad.TypedString{Value: quad.String(v), Type: quad.IRI(XSD + typ)}
}

func text(s string) quad.String { return quad.String(capRunes(s, MaxLiteral)) }

func capRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// DateLiteral types a date of the extractor (YYYY, YYYY-MM or YYYY-MM-DD)
// as xsd:gYear, xsd:gYearMonth or xsd:date.
func DateLiteral(d string) (quad.TypedString, bool) {
	switch len(d) {
	case 4:
		return xsd(d, "gYear"), true
	case 7:
		return xsd(d, "gYearMonth"), true
	case 10:
		if _, err := time.Parse("2006-01-02", d); err == nil {
			return xsd(d, "date"), true
		}
	}
	return quad.TypedString{}, false
}

// CAMEO returns the CAMEO event code of a relation: 057 sign formal
// agreement, 044 meet at a third location, 120 reject, and for planned
// signings and attendances 030 and 036 (express intent to cooperate, to
// meet). builds-on has none.
func CAMEO(p extract.Predicate, mod extract.Modality) string {
	planned := mod == extract.Planned
	switch p {
	case extract.Signed:
		if planned {
			return "030"
		}
		return "057"
	case extract.Attended:
		if planned {
			return "036"
		}
		return "044"
	case extract.Refused:
		return "120"
	}
	return ""
}

// ContentHash returns the hash recorded for a document's content.
func ContentHash(doc *extract.Document) string {
	h := sha256.Sum256([]byte(doc.Text))
	return hex.EncodeToString(h[:])
}

// DocumentQuads returns every quad for one extraction result, each labelled
// with the document's IRI, without duplicates, in a deterministic order.
func DocumentQuads(m Minter, res *extract.Result) []quad.Quad {
	doc := res.Doc
	d := m.Document(doc.ID)
	var out []quad.Quad
	seen := map[quad.Quad]bool{}
	add := func(s, p, o quad.Value) {
		q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: d}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	add(d, rdfType, schemaArticle)
	add(d, schemaIdentifier, text(doc.ID))
	if doc.Title != "" {
		add(d, schemaHeadline, text(doc.Title))
	}
	if doc.URL != "" {
		add(d, schemaURL, xsd(capRunes(doc.URL, MaxLiteral), "anyURI"))
	}
	if res.Lang != "" {
		add(d, schemaLanguage, quad.String(res.Lang))
	}
	if !doc.Published.IsZero() {
		add(d, schemaPublished, xsd(doc.Published.Format("2006-01-02"), "date"))
	}
	add(d, ngContentHash, quad.String(ContentHash(doc)))

	iri := make(map[string]quad.IRI, len(res.Entities))
	for _, e := range res.Entities {
		ei := m.Entity(e.Type, e.Key)
		iri[e.ID] = ei
		add(ei, rdfType, Class(e.Type))
		add(ei, rdfsLabel, text(e.Name))
		for i, a := range e.Aliases {
			if i >= 32 {
				break
			}
			add(ei, schemaAltName, text(a))
		}
		if e.Wikidata != "" {
			add(ei, owlSameAs, quad.IRI(Wikidata+escapeSegment(e.Wikidata)))
		}
		if e.Type == extract.Country {
			add(ei, ngISOCode, quad.String(e.Key))
		}
		if e.Type == extract.Person && len(e.Country) == 2 {
			add(ei, schemaNationalty, m.Entity(extract.Country, e.Country))
		}
		if dl, ok := DateLiteral(e.Date); ok && (e.Type == extract.Agreement || e.Type == extract.Event) {
			add(ei, ngDate, dl)
		}
		add(d, schemaMentions, ei)
	}
	for _, r := range res.Relations {
		s, o := iri[r.Subject], iri[r.Object]
		if s == "" || o == "" {
			continue
		}
		p := Predicate(r.Predicate)
		if r.Asserted() {
			add(s, p, o)
		}
		st := m.Statement(d, s, r.Predicate, o, r.Span, r.Negated, r.Modality)
		add(st, rdfType, ngStatement)
		add(st, ngSubject, s)
		add(st, ngPredicate, p)
		add(st, ngObject, o)
		pol := "positive"
		if r.Negated {
			pol = "negative"
		}
		add(st, ngPolarity, quad.String(pol))
		add(st, ngModality, quad.String(string(r.Modality)))
		add(st, ngConfidence, xsd(strconv.FormatFloat(r.Confidence, 'f', 2, 64), "decimal"))
		if r.Cue != "" {
			add(st, ngCue, text(r.Cue))
		}
		add(st, ngEvidence, text(r.Sentence))
		add(st, ngStart, xsd(strconv.Itoa(r.Span.Start), "integer"))
		add(st, ngEnd, xsd(strconv.Itoa(r.Span.End), "integer"))
		if dl, ok := DateLiteral(r.Date); ok {
			add(st, ngDate, dl)
		}
		if c := CAMEO(r.Predicate, r.Modality); c != "" {
			add(st, ngCAMEO, quad.String(c))
		}
		add(st, provDerived, d)
	}
	return out
}
