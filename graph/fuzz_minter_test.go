package graph

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract"
)

// FuzzMinter mints entity, document and statement IRIs from fuzzed bases,
// keys and IDs. NewMinter must reject a base that is not UTF-8. Whenever
// it accepts a base, every IRI it mints must be an absolute http(s) IRI
// that parses, holds no character N-Quads or Turtle forbid in an IRI,
// starts with the base and stays under it (and an entity IRI under its
// type's path) once percent-decoded and dot segments are resolved.
func FuzzMinter(f *testing.F) {
	for _, s := range [][3]string{
		{"", "Karsten Wildberger", "a.txt"},
		{"https://example.org/kg", "a>b <c>", "../../etc/passwd"},
		{"http://x.example/a/b/", "x\"y{}|^`\\", "feed.jsonl#3"},
		{"https://ex.org/", "\u202eevil\x00\n\t", "-"},
		{"https://ex.org/base/", "%2e%2E", "%00"},
		{"https://ex.org/", "..", "."},
		{"https://user:pw@ex.org:8443/k%20g/", "ä/ö?#", ""},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, base, key, id string) {
		m, err := NewMinter(base)
		if err != nil {
			return
		}
		if !utf8.ValidString(base) {
			t.Fatalf("NewMinter(%q) accepted a base that is not UTF-8", base)
		}
		b := m.Base()
		if !strings.HasSuffix(b, "/") {
			t.Fatalf("base %q without a trailing slash", b)
		}
		check := func(iri, under string) {
			t.Helper()
			if !strings.HasPrefix(iri, under) {
				t.Fatalf("IRI %q is not under %q", iri, under)
			}
			for _, r := range iri {
				if r <= ' ' || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\", r) || r == '\uFFFD' {
					t.Fatalf("IRI %q holds %q", iri, r)
				}
			}
			u, err := url.Parse(iri)
			if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("IRI %q does not parse as an absolute http(s) IRI: %v", iri, err)
			}
			rest := iri[len(b):]
			if strings.ContainsAny(rest, "?#") || strings.Contains(rest, "%") && !validEscapes(rest) {
				t.Fatalf("IRI %q: minted part %q has a query, fragment or a bad escape", iri, rest)
			}
			if got := removeDotSegments(u.Path); !strings.HasPrefix(got, removeDotSegments(underPath(under))) {
				t.Fatalf("IRI %q resolves to path %q, outside %q", iri, got, under)
			}
		}
		for _, typ := range extract.Types {
			check(string(m.Entity(typ, key)), b+"id/"+strings.ToLower(string(typ))+"/")
		}
		d := m.Document(id)
		check(string(d), b+"id/doc/")
		if m.Document(id) != d {
			t.Fatalf("Document(%q) is not stable", id)
		}
		s := m.Statement(d, m.Entity(extract.Person, key), extract.Signed, m.Entity(extract.Agreement, id), extract.Span{Start: 1, End: 2}, false, extract.Asserted)
		check(string(s), b+"id/stmt/")
	})
}

// validEscapes reports whether every % in s starts a %XX escape.
func validEscapes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// underPath returns the path of an IRI prefix.
func underPath(prefix string) string {
	u, err := url.Parse(prefix)
	if err != nil {
		return prefix
	}
	return u.Path
}

// removeDotSegments resolves "." and ".." segments as RFC 3986 (5.2.4)
// does, keeping a trailing slash.
func removeDotSegments(p string) string {
	var out []string
	segs := strings.Split(p, "/")
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return strings.Join(out, "/")
}
