package export

import (
	"sort"
	"strconv"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph"
)

// OA is the namespace of the W3C Web Annotation vocabulary.
const OA = "http://www.w3.org/ns/oa#"

// Web Annotation terms.
var (
	oaAnnotation       = quad.IRI(OA + "Annotation")
	oaSpecificResource = quad.IRI(OA + "SpecificResource")
	oaPositionSelector = quad.IRI(OA + "TextPositionSelector")
	oaQuoteSelector    = quad.IRI(OA + "TextQuoteSelector")
	oaMotivatedBy      = quad.IRI(OA + "motivatedBy")
	oaDescribing       = quad.IRI(OA + "describing")
	oaHasTarget        = quad.IRI(OA + "hasTarget")
	oaHasSource        = quad.IRI(OA + "hasSource")
	oaHasSelector      = quad.IRI(OA + "hasSelector")
	oaStart            = quad.IRI(OA + "start")
	oaEnd              = quad.IRI(OA + "end")
	oaExact            = quad.IRI(OA + "exact")
	rdfType            = quad.IRI(graph.RDF + "type")
)

// AnnotationQuads describes the evidence of every statement of m in the
// W3C Web Annotation vocabulary (oa:), so that annotation tools find the
// text span without knowing newsgraph's own ng:start/ng:end/ng:evidence.
//
// We chose Web Annotation over NIF: it targets a span of a document by its
// IRI (NIF wants an IRI per string with the offsets in it, and a context
// resource holding the whole text, which the store does not keep), and its
// TextPositionSelector counts Unicode code points with an exclusive end,
// exactly like ng:start and ng:end. Each statement S of document D gets,
// in D's graph:
//
//	S a oa:Annotation ; oa:motivatedBy oa:describing ; oa:hasTarget S#target .
//	S#target a oa:SpecificResource ; oa:hasSource D ;
//	    oa:hasSelector S#position, S#quote .
//	S#position a oa:TextPositionSelector ;
//	    oa:start "start"^^xsd:nonNegativeInteger ; oa:end "end"^^xsd:nonNegativeInteger .
//	S#quote a oa:TextQuoteSelector ; oa:exact "the evidence sentence" .
//
// The selector resources are fragment IRIs of the statement rather than
// blank nodes, so they are stable and every format writes them the same.
func AnnotationQuads(m *graph.Model) []quad.Quad {
	var out []quad.Quad
	for _, f := range m.Facts {
		if f.Doc == "" {
			continue
		}
		s := f.Statement
		target, pos, quote := s+"#target", s+"#position", s+"#quote"
		add := func(sub quad.IRI, p quad.IRI, o quad.Value) {
			out = append(out, quad.Quad{Subject: sub, Predicate: p, Object: o, Label: f.Doc})
		}
		add(s, rdfType, oaAnnotation)
		add(s, oaMotivatedBy, oaDescribing)
		add(s, oaHasTarget, target)
		add(target, rdfType, oaSpecificResource)
		add(target, oaHasSource, f.Doc)
		add(target, oaHasSelector, pos)
		add(target, oaHasSelector, quote)
		add(pos, rdfType, oaPositionSelector)
		add(pos, oaStart, nonNegative(f.Start))
		add(pos, oaEnd, nonNegative(f.End))
		if f.Evidence != "" {
			add(quote, rdfType, oaQuoteSelector)
			add(quote, oaExact, quad.String(f.Evidence))
		}
	}
	return out
}

func nonNegative(n int) quad.TypedString {
	return quad.TypedString{Value: quad.String(strconv.Itoa(n)), Type: quad.IRI(graph.XSD + "nonNegativeInteger")}
}

// RDFQuads returns what every RDF format writes: the input's quads and
// their Web Annotation description ([AnnotationQuads]), sorted, without
// duplicates, and without anything that is not valid RDF (a literal as
// subject, predicate or graph name).
func RDFQuads(in *Input) []quad.Quad {
	all := make([]quad.Quad, 0, len(in.Quads)*2)
	for _, q := range in.Quads {
		if validQuad(q) {
			all = append(all, q)
		}
	}
	all = append(all, AnnotationQuads(in.Model)...)
	sortQuads(all)
	out := all[:0]
	for i, q := range all {
		if i == 0 || q != all[i-1] {
			out = append(out, q)
		}
	}
	return out
}

// sortQuads sorts quads by subject, predicate, object and graph, IRIs by
// their text, so that a statement comes right before its #fragment
// resources.
func sortQuads(qs []quad.Quad) {
	key := func(v quad.Value) string {
		switch v := v.(type) {
		case nil:
			return ""
		case quad.IRI:
			return "<" + string(v)
		default:
			return v.String()
		}
	}
	sort.Slice(qs, func(i, j int) bool {
		a, b := qs[i], qs[j]
		if x, y := key(a.Subject), key(b.Subject); x != y {
			return x < y
		}
		if x, y := key(a.Predicate), key(b.Predicate); x != y {
			return x < y
		}
		if x, y := key(a.Object), key(b.Object); x != y {
			return x < y
		}
		return key(a.Label) < key(b.Label)
	})
}

func validQuad(q quad.Quad) bool {
	switch q.Subject.(type) {
	case quad.IRI, quad.BNode:
	default:
		return false
	}
	if _, ok := q.Predicate.(quad.IRI); !ok {
		return false
	}
	if q.Object == nil {
		return false
	}
	switch q.Label.(type) {
	case nil, quad.IRI, quad.BNode:
		return true
	}
	return false
}

// triple is a quad without its graph.
type triple struct{ s, p, o quad.Value }

// triples returns the distinct triples of sorted quads, in order.
func triples(qs []quad.Quad) []triple {
	out := make([]triple, 0, len(qs))
	for _, q := range qs {
		t := triple{q.Subject, q.Predicate, q.Object}
		if n := len(out); n > 0 && out[n-1] == t {
			continue
		}
		out = append(out, t)
	}
	return out
}
