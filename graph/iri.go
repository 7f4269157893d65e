// Package graph turns extraction results into quads, keeps them in a cayley
// quad store, and reads them back as a model that exporters draw.
//
// Every quad written for a document carries the document's IRI as its label
// (cayley's fourth element), so re-ingesting a document replaces exactly its
// quads and removing it removes them. Facts are kept twice: as a direct edge
// (subject ng:signed object) only when asserted and positive, and as a
// statement node with polarity, modality, confidence, evidence sentence,
// offsets, date and source for every extracted relation.
//
// This is the only package that imports cayley (as cgraph).
package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// DefaultBase is the base IRI entity, document and statement IRIs are
// minted under unless configured otherwise. It uses the reserved top-level
// domain .invalid (RFC 2606, RFC 6761): the identifiers are stable and
// well-formed but can never resolve to, or be confused with, anyone's
// published data. Set a base of your own (--base) before publishing.
const DefaultBase = "https://newsgraph.invalid/"

// NS is the namespace of newsgraph's own vocabulary: the four relations,
// the statement class and its qualifiers. It does not change with the base.
const NS = "https://newsgraph.invalid/ns#"

// Vocabularies used alongside NS.
const (
	RDF      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFS     = "http://www.w3.org/2000/01/rdf-schema#"
	OWL      = "http://www.w3.org/2002/07/owl#"
	XSD      = "http://www.w3.org/2001/XMLSchema#"
	Schema   = "https://schema.org/"
	PROV     = "http://www.w3.org/ns/prov#"
	Wikidata = "http://www.wikidata.org/entity/"
)

// Minter mints IRIs under a base.
type Minter struct {
	base string
}

// NewMinter returns a minter for base, which must be an absolute http(s)
// IRI without query or fragment; a missing trailing slash is added. An
// empty base means DefaultBase.
//
// A base that is not a valid IRI (RFC 3987) is rejected with an error
// that says why, never escaped: the IRIs minted under it are identifiers
// the user chose, and silently minting others would publish data under a
// base nobody asked for. Rejected are a base that is not valid UTF-8, and
// one holding a character no IRI may hold: space and control characters,
// any of <>"{}|\^`, '[' or ']' outside the host, a '%' not followed by
// two hexadecimal digits, and non-ASCII characters outside RFC 3987's
// ucschar (such as U+FFFD, the replacement character, and the
// noncharacters).
func NewMinter(base string) (Minter, error) {
	if base == "" {
		base = DefaultBase
	}
	if !utf8.ValidString(base) {
		return Minter{}, fmt.Errorf("base IRI %q: not valid UTF-8", base)
	}
	if err := checkIRIChars(base); err != nil {
		return Minter{}, fmt.Errorf("base IRI %q: %w", base, err)
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(base, "?#") {
		return Minter{}, fmt.Errorf("base IRI %q: want an absolute http(s) IRI without query or fragment, such as %s", base, DefaultBase)
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return Minter{base: base}, nil
}

// checkIRIChars reports the first character of iri, valid UTF-8, that RFC
// 3987 does not allow there; brackets count as in the host up to the
// first '/' after "://".
func checkIRIChars(iri string) error {
	pathStart := len(iri)
	if i := strings.Index(iri, "://"); i >= 0 {
		if j := strings.IndexByte(iri[i+3:], '/'); j >= 0 {
			pathStart = i + 3 + j
		}
	}
	for i, r := range iri {
		switch {
		case r == '%':
			if i+2 >= len(iri) || !isHexDigit(iri[i+1]) || !isHexDigit(iri[i+2]) {
				return fmt.Errorf("'%%' at byte %d does not start a %%XX escape", i)
			}
		case r == '[' || r == ']':
			if i >= pathStart {
				return fmt.Errorf("holds %q outside the host", r)
			}
		case r < 0x80:
			if !isIRIASCII(byte(r)) {
				return fmt.Errorf("holds %q, which an IRI may not hold", r)
			}
		case !isUCSChar(r):
			return fmt.Errorf("holds %q (%U), which an IRI may not hold", r, r)
		}
	}
	return nil
}

// isIRIASCII reports whether c is an ASCII character an IRI may hold
// as it is (RFC 3986's unreserved, gen-delims and sub-delims; '%' and
// brackets are checked apart).
func isIRIASCII(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~:/?#@!$&'()*+,;=", c) >= 0
}

// isUCSChar reports whether r is a ucschar of RFC 3987: a non-ASCII
// character an IRI may hold outside its query.
func isUCSChar(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFEF:
		return true
	case r >= 0x10000 && r <= 0xDFFFD, r >= 0xE1000 && r <= 0xEFFFD:
		return r&0xFFFF <= 0xFFFD
	}
	return false
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// Base returns the base IRI.
func (m Minter) Base() string { return m.base }

// typeSegment is the path segment of an entity type.
func typeSegment(t extract.Type) string { return strings.ToLower(string(t)) }

// Entity mints the IRI of an entity: <base>id/<type>/<key>, the key
// percent-encoded so that no name can break out of the IRI, and the keys
// "." and ".." written "!." and "!.." so that they are not dot segments
// (see escapeSegment).
func (m Minter) Entity(t extract.Type, key string) quad.IRI {
	if t == extract.Country {
		key = strings.ToUpper(key)
	}
	return quad.IRI(m.base + "id/" + typeSegment(t) + "/" + escapeSegment(key))
}

// Document mints a document's IRI from its ID (path or record id): the IRI
// stays the same when the document's content changes.
func (m Minter) Document(id string) quad.IRI {
	return quad.IRI(m.base + "id/doc/" + shortHash(id))
}

// Statement mints the IRI of a statement from its document, ends, predicate
// and evidence span, so the same extraction mints the same IRI.
func (m Minter) Statement(doc, s quad.IRI, p extract.Predicate, o quad.IRI, span extract.Span, negated bool, mod extract.Modality) quad.IRI {
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%d\x00%d\x00%t\x00%s", doc, s, p, o, span.Start, span.End, negated, mod)
	return quad.IRI(m.base + "id/stmt/" + shortHash(key))
}

// Predicate returns the IRI of a relation.
func Predicate(p extract.Predicate) quad.IRI {
	switch p {
	case extract.BuildsOn:
		return quad.IRI(NS + "buildsOn")
	case extract.AffiliatedWith:
		return quad.IRI(NS + "affiliatedWith")
	default:
		return quad.IRI(NS + string(p))
	}
}

// PredicateOf maps a relation IRI back to its predicate.
func PredicateOf(iri quad.IRI) (extract.Predicate, bool) {
	for _, p := range extract.Predicates {
		if Predicate(p) == iri {
			return p, true
		}
	}
	return "", false
}

// Class returns the RDF class of an entity type: schema.org classes where
// they exist, newsgraph's own for Agreement and Initiative.
func Class(t extract.Type) quad.IRI {
	switch t {
	case extract.Person:
		return Schema + "Person"
	case extract.Country:
		return Schema + "Country"
	case extract.Organization:
		return Schema + "Organization"
	case extract.Place:
		return Schema + "Place"
	case extract.Event:
		return Schema + "Event"
	case extract.Product:
		return Schema + "Product"
	default:
		return quad.IRI(NS + string(t))
	}
}

// TypeOf maps a class IRI back to its entity type.
func TypeOf(iri quad.IRI) (extract.Type, bool) {
	for _, t := range extract.Types {
		if Class(t) == iri {
			return t, true
		}
	}
	return "", false
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:12])
}

// escapeSegment percent-encodes everything but unreserved ASCII
// characters, so a key can hold no '>', space, quote or control
// character. The segments "." and ".." are written "!." and "!..": as
// they are they would be dot segments, which resolving or normalising the
// IRI removes (taking the IRI out of its type's path), and percent-encoded
// dots are dot segments too once normalised (RFC 3986, 6.2.2) and to
// WHATWG URL parsers. escapeSegment writes '!' nowhere else (it encodes it
// as %21), so no other key mints the same segment.
func escapeSegment(s string) string {
	switch s {
	case "":
		return "_"
	case ".", "..":
		return "!" + s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.', r == '_', r == '~':
			b.WriteRune(r)
		default:
			var buf [4]byte
			n := encodeRune(buf[:], r)
			for _, c := range buf[:n] {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
	}
	return b.String()
}

func encodeRune(p []byte, r rune) int {
	s := string(r)
	return copy(p, s)
}

// SafeURL returns iri if it is an http(s) IRI minted safely, or "" — for
// links in diagrams and pages, where a javascript: or data: IRI from a
// hostile input must never become a link.
func SafeURL(iri string) string {
	if (strings.HasPrefix(iri, "https://") || strings.HasPrefix(iri, "http://")) && !strings.ContainsAny(iri, " <>\"{}|\\^`\n\r\t") {
		return iri
	}
	return ""
}
