package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph"
)

// jsonldTerm is a term of the JSON-LD context: a short name for a property
// and, when all its values are IRIs ("@id") or of one datatype, that type,
// so they can be written as plain strings.
type jsonldTerm struct{ name, iri, coerce string }

const xsdDecimal, xsdInteger = graph.XSD + "decimal", graph.XSD + "integer"

// jsonldTerms are the terms of the context, in the order written.
var jsonldTerms = []jsonldTerm{
	{"label", graph.RDFS + "label", ""},
	{"sameAs", graph.OWL + "sameAs", "@id"},
	{"alternateName", graph.Schema + "alternateName", ""},
	{"identifier", graph.Schema + "identifier", ""},
	{"headline", graph.Schema + "headline", ""},
	{"url", graph.Schema + "url", graph.XSD + "anyURI"},
	{"inLanguage", graph.Schema + "inLanguage", ""},
	{"datePublished", graph.Schema + "datePublished", graph.XSD + "date"},
	{"mentions", graph.Schema + "mentions", "@id"},
	{"nationality", graph.Schema + "nationality", "@id"},
	{"wasDerivedFrom", graph.PROV + "wasDerivedFrom", "@id"},
	{"signed", graph.NS + "signed", "@id"},
	{"attended", graph.NS + "attended", "@id"},
	{"refused", graph.NS + "refused", "@id"},
	{"buildsOn", graph.NS + "buildsOn", "@id"},
	{"subject", graph.NS + "subject", "@id"},
	{"predicate", graph.NS + "predicate", "@id"},
	{"object", graph.NS + "object", "@id"},
	{"polarity", graph.NS + "polarity", ""},
	{"modality", graph.NS + "modality", ""},
	{"confidence", graph.NS + "confidence", xsdDecimal},
	{"cue", graph.NS + "cue", ""},
	{"evidence", graph.NS + "evidence", ""},
	{"start", graph.NS + "start", xsdInteger},
	{"end", graph.NS + "end", xsdInteger},
	{"date", graph.NS + "date", ""},
	{"cameo", graph.NS + "cameo", ""},
	{"contentHash", graph.NS + "contentHash", ""},
	{"isoCode", graph.NS + "isoCode", ""},
	{"motivatedBy", OA + "motivatedBy", "@id"},
	{"hasTarget", OA + "hasTarget", "@id"},
	{"hasSource", OA + "hasSource", "@id"},
	{"hasSelector", OA + "hasSelector", "@id"},
	{"exact", OA + "exact", ""},
}

var jsonldByIRI = func() map[quad.IRI]jsonldTerm {
	m := map[quad.IRI]jsonldTerm{}
	for _, t := range jsonldTerms {
		m[quad.IRI(t.iri)] = t
	}
	return m
}()

// WriteJSONLD writes the RDF of in ([RDFQuads]) as JSON-LD 1.1: a compact
// @context (the prefixes of [WriteTurtle] and a short term for every
// property newsgraph writes, with IRI and datatype coercions), then one
// named graph object per source document ({"@id": document, "@graph":
// [...]}), each node with "@id", "@type" and its properties. Values that
// do not fit a term's coercion are written as full value objects, so
// expanding the document gives back exactly the quads.
func WriteJSONLD(w io.Writer, in *Input) error {
	qs := RDFQuads(in)
	px := newPrefixes(qs)
	bw := bufio.NewWriter(w)
	j := &jsonld{w: bw, px: px}
	j.context()
	bw.WriteString(",\n  \"@graph\": [")
	for gi, g := range byGraph(qs) {
		if gi > 0 {
			bw.WriteByte(',')
		}
		if g.name == nil {
			j.nodes(g.quads, "\n    ")
			continue
		}
		bw.WriteString("\n    {\n      \"@id\": ")
		j.id(g.name)
		bw.WriteString(",\n      \"@graph\": [")
		j.nodes(g.quads, "\n        ")
		bw.WriteString("\n      ]\n    }")
	}
	bw.WriteString("\n  ]\n}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write JSON-LD: %w", err)
	}
	return nil
}

type jsonld struct {
	w  *bufio.Writer
	px *prefixes
}

func (j *jsonld) context() {
	w := j.w
	w.WriteString("{\n  \"@context\": {")
	first := true
	sep := func() {
		if !first {
			w.WriteByte(',')
		}
		first = false
		w.WriteString("\n    ")
	}
	declared := map[string]bool{}
	for _, ns := range append(append([]namespace(nil), stdNamespaces...), j.px.used...) {
		if declared[ns.prefix] {
			continue
		}
		declared[ns.prefix] = true
		sep()
		j.str(ns.prefix)
		w.WriteString(": ")
		j.str(ns.iri)
	}
	for _, t := range jsonldTerms {
		sep()
		j.str(t.name)
		w.WriteString(": ")
		id := j.px.compactOr(t.iri)
		if t.coerce == "" {
			j.str(id)
			continue
		}
		w.WriteString(`{"@id": `)
		j.str(id)
		w.WriteString(`, "@type": `)
		if t.coerce == "@id" {
			j.str("@id")
		} else {
			j.str(j.px.compactOr(t.coerce))
		}
		w.WriteByte('}')
	}
	w.WriteString("\n  }")
}

// nodes writes one node object per subject of quads (sorted by subject),
// each on lines starting with indent.
func (j *jsonld) nodes(qs []quad.Quad, indent string) {
	ts := triples(qs)
	w := j.w
	for i := 0; i < len(ts); {
		k := i
		for k < len(ts) && ts[k].s == ts[i].s {
			k++
		}
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(indent + "{")
		w.WriteString(indent + `  "@id": `)
		j.id(ts[i].s)
		group := ts[i:k]
		var types []quad.Value
		for _, t := range group {
			if t.p == rdfType {
				if _, ok := t.o.(quad.IRI); ok {
					types = append(types, t.o)
				}
			}
		}
		if len(types) > 0 {
			w.WriteString("," + indent + `  "@type": `)
			j.list(types, func(v quad.Value) { j.str(j.px.compactOr(string(v.(quad.IRI)))) })
		}
		for a := 0; a < len(group); {
			b := a
			for b < len(group) && group[b].p == group[a].p {
				b++
			}
			p := group[a].p.(quad.IRI)
			if p == rdfType && len(types) == b-a {
				a = b
				continue
			}
			term, named := jsonldByIRI[p]
			w.WriteString("," + indent + "  ")
			if named {
				j.str(term.name)
			} else {
				j.str(j.px.compactOr(string(p)))
			}
			w.WriteString(": ")
			var vals []quad.Value
			for _, t := range group[a:b] {
				if p == rdfType {
					if _, ok := t.o.(quad.IRI); ok {
						continue // written as @type
					}
				}
				vals = append(vals, t.o)
			}
			j.list(vals, func(v quad.Value) { j.value(v, term.coerce) })
			a = b
		}
		w.WriteString(indent + "}")
		i = k
	}
}

// list writes one value as itself and several as an array.
func (j *jsonld) list(vs []quad.Value, write func(quad.Value)) {
	if len(vs) == 1 {
		write(vs[0])
		return
	}
	j.w.WriteByte('[')
	for i, v := range vs {
		if i > 0 {
			j.w.WriteString(", ")
		}
		write(v)
	}
	j.w.WriteByte(']')
}

// id writes a node reference as an IRI or blank node string.
func (j *jsonld) id(v quad.Value) {
	switch v := v.(type) {
	case quad.IRI:
		j.str(j.px.compactOr(string(v)))
	case quad.BNode:
		j.str("_:" + bnodeLabel(string(v)))
	default:
		j.str(quad.StringOf(v))
	}
}

// value writes an object value, as a plain string when the term's
// coercion allows.
func (j *jsonld) value(v quad.Value, coerce string) {
	w := j.w
	switch v := v.(type) {
	case quad.IRI, quad.BNode:
		if coerce == "@id" {
			j.id(v)
			return
		}
		w.WriteString(`{"@id": `)
		j.id(v)
		w.WriteByte('}')
	case quad.String:
		if coerce == "" {
			j.str(string(v))
			return
		}
		w.WriteString(`{"@value": `)
		j.str(string(v))
		w.WriteByte('}')
	case quad.TypedString:
		if coerce == string(v.Type) {
			j.str(string(v.Value))
			return
		}
		w.WriteString(`{"@value": `)
		j.str(string(v.Value))
		w.WriteString(`, "@type": `)
		j.str(j.px.compactOr(string(v.Type)))
		w.WriteByte('}')
	case quad.LangString:
		w.WriteString(`{"@value": `)
		j.str(string(v.Value))
		w.WriteString(`, "@language": `)
		j.str(langTag(v.Lang))
		w.WriteByte('}')
	default:
		w.WriteString(`{"@value": `)
		j.str(quad.StringOf(v))
		w.WriteByte('}')
	}
}

// str writes s as a JSON string.
func (j *jsonld) str(s string) { writeJSONString(j.w, s) }

// writeJSONString writes s as a JSON string: invalid UTF-8 becomes U+FFFD,
// control characters are escaped, markup characters are not.
func writeJSONString(w io.Writer, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
