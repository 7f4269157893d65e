package export

import (
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph"
)

// namespace is a prefix and the IRI it stands for.
type namespace struct{ prefix, iri string }

// stdNamespaces are the vocabularies Turtle, TriG and JSON-LD abbreviate,
// in the order their declarations are written.
var stdNamespaces = []namespace{
	{"rdf", graph.RDF},
	{"rdfs", graph.RDFS},
	{"owl", graph.OWL},
	{"xsd", graph.XSD},
	{"schema", graph.Schema},
	{"prov", graph.PROV},
	{"ng", graph.NS},
	{"oa", OA},
	{"wd", graph.Wikidata},
}

// prefixes abbreviates IRIs as prefixed names.
type prefixes struct {
	used  []namespace // declared, in declaration order
	byLen []namespace // candidates, longest IRI first
}

// newPrefixes returns the namespaces the quads use: the standard ones and,
// when safe, one per kind of minted IRI (<base>id/person/, <base>id/doc/,
// <base>id/stmt/, ...). A minted namespace is used only if its IRI needs
// no escaping, its name is a plain word that no other prefix or JSON-LD
// term has, and no other base mints the same kind.
func newPrefixes(qs []quad.Quad) *prefixes {
	reserved := map[string]bool{}
	for _, ns := range stdNamespaces {
		reserved[ns.prefix] = true
	}
	for _, t := range jsonldTerms {
		reserved[t.name] = true
	}
	minted := map[string]string{} // prefix -> namespace IRI; "" when ambiguous
	each(qs, func(v quad.IRI) {
		s := string(v)
		i := strings.LastIndex(s, "/id/")
		if i < 0 {
			return
		}
		rest := s[i+len("/id/"):]
		j := strings.IndexByte(rest, '/')
		if j <= 0 {
			return
		}
		name, ns := rest[:j], s[:i+len("/id/")+j+1]
		if reserved[name] || !validPrefix(name) || EscapeIRI(ns) != ns {
			return
		}
		if old, ok := minted[name]; ok && old != ns {
			minted[name] = ""
			return
		}
		minted[name] = ns
	})
	cands := append([]namespace(nil), stdNamespaces...)
	var names []string
	for name, ns := range minted {
		if ns != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		cands = append(cands, namespace{name, minted[name]})
	}
	all := &prefixes{byLen: append([]namespace(nil), cands...)}
	sort.SliceStable(all.byLen, func(i, j int) bool { return len(all.byLen[i].iri) > len(all.byLen[j].iri) })
	// Declare only what is used.
	used := map[string]bool{}
	each(qs, func(v quad.IRI) {
		if ns, _, ok := all.match(string(v)); ok {
			used[ns.prefix] = true
		}
	})
	for _, ns := range cands {
		if used[ns.prefix] {
			all.used = append(all.used, ns)
		}
	}
	all.byLen = append(all.byLen[:0], all.used...)
	sort.SliceStable(all.byLen, func(i, j int) bool { return len(all.byLen[i].iri) > len(all.byLen[j].iri) })
	return all
}

// each calls fn for every IRI in qs, datatypes included.
func each(qs []quad.Quad, fn func(quad.IRI)) {
	visit := func(v quad.Value) {
		switch v := v.(type) {
		case quad.IRI:
			fn(v)
		case quad.TypedString:
			fn(v.Type)
		}
	}
	for _, q := range qs {
		visit(q.Subject)
		visit(q.Predicate)
		visit(q.Object)
		visit(q.Label)
	}
}

// match finds the namespace that abbreviates iri (unescaped) and its
// local name.
func (p *prefixes) match(iri string) (namespace, string, bool) {
	esc := EscapeIRI(iri)
	for _, ns := range p.byLen {
		if strings.HasPrefix(esc, ns.iri) {
			if local := esc[len(ns.iri):]; validLocal(local) {
				return ns, local, true
			}
		}
	}
	return namespace{}, "", false
}

// compact returns iri as a Turtle prefixed name ('#' escaped as \#), or
// "" when it cannot be one.
func (p *prefixes) compact(iri string) string {
	if ns, local, ok := p.match(iri); ok {
		return ns.prefix + ":" + strings.ReplaceAll(local, "#", `\#`)
	}
	return ""
}

// compactOr returns iri as a JSON-LD compact IRI, or the escaped IRI in
// full.
func (p *prefixes) compactOr(iri string) string {
	if ns, local, ok := p.match(iri); ok {
		return ns.prefix + ":" + local
	}
	return EscapeIRI(iri)
}

// validPrefix reports whether s is a plain prefix name: a letter, then
// letters, digits, '-' or '_'.
func validPrefix(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '_'):
		default:
			return false
		}
	}
	return true
}

// validLocal reports whether s can be the local part of a prefixed name in
// Turtle, TriG and JSON-LD: ASCII letters, digits, '_', '-', '.' and '#'
// (not first; '.' not last; Turtle escapes '#' as \#) and %XX escapes.
// This is stricter than Turtle's PN_LOCAL, so that every parser reads it
// alike; anything else is written as a full IRI.
func validLocal(s string) bool {
	if s == "" || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_':
		case c == '-' || c == '.' || c == '#':
			if i == 0 {
				return false
			}
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
