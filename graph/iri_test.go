package graph

import (
	"net/url"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

// TestMinterDotKeys mints entities whose keys are or look like dot
// segments: every IRI must stay under its type's path however it is
// resolved (as is, and percent-decoded), parse back to itself, and differ
// from the IRIs of the other keys.
func TestMinterDotKeys(t *testing.T) {
	m, err := NewMinter("https://example.org/kg/")
	if err != nil {
		t.Fatal(err)
	}
	const under = "https://example.org/kg/id/person/"
	tests := []struct {
		key, segment string
	}{
		{".", "!."},
		{"..", "!.."},
		{"...", "..."},
		{".a", ".a"},
		{"a.", "a."},
		{"%2e", "%252e"},
		{"%2E%2E", "%252E%252E"},
		{"!.", "%21."},
		{"!..", "%21.."},
		{"", "_"},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		iri := string(m.Entity(extract.Person, tt.key))
		if want := under + tt.segment; iri != want {
			t.Errorf("Entity(%q) = %s, want %s", tt.key, iri, want)
		}
		if other, ok := seen[iri]; ok {
			t.Errorf("keys %q and %q both mint %s", other, tt.key, iri)
		}
		seen[iri] = tt.key
		u, err := url.Parse(iri)
		if err != nil {
			t.Errorf("Entity(%q) = %s does not parse: %v", tt.key, iri, err)
			continue
		}
		if u.String() != iri {
			t.Errorf("Entity(%q) = %s parses back as %s", tt.key, iri, u)
		}
		// Resolving a reference against the IRI removes its dot
		// segments (RFC 3986, 5.2.4), on the path as written and as
		// decoded.
		base, _ := url.Parse("https://example.org/")
		if got := base.ResolveReference(u).String(); !strings.HasPrefix(got, under) {
			t.Errorf("Entity(%q) = %s resolves to %s, outside %s", tt.key, iri, got, under)
		}
		if got := removeDotSegments(u.Path); !strings.HasPrefix(got, "/kg/id/person/") || got == "/kg/id/person/" {
			t.Errorf("Entity(%q) = %s: decoded path resolves to %s", tt.key, iri, got)
		}
	}
}

// TestNewMinterBases checks which bases NewMinter accepts, the base it
// keeps, and that its errors name the problem.
func TestNewMinterBases(t *testing.T) {
	tests := []struct {
		base    string
		want    string // the minter's base; "" when rejected
		wantErr string // part of the error
	}{
		{"", DefaultBase, ""},
		{"https://example.org/kg", "https://example.org/kg/", ""},
		{"http://x.example/a/b/", "http://x.example/a/b/", ""},
		{"https://user:pw@ex.org:8443/k%20g/", "https://user:pw@ex.org:8443/k%20g/", ""},
		{"https://[2001:db8::1]/kg/", "https://[2001:db8::1]/kg/", ""},
		{"https://bücher.example/straße/", "https://bücher.example/straße/", ""},
		{"https://ex.org/a;b=c/(d)!$'*+,@:~/", "https://ex.org/a;b=c/(d)!$'*+,@:~/", ""},
		{"https://ex.org/\U0001F600/", "https://ex.org/\U0001F600/", ""},

		{"http://\xff", "", "not valid UTF-8"},
		{"https://ex.org/k\xc3g/", "", "not valid UTF-8"},
		{"https://ex.org/\xed\xa0\x80/", "", "not valid UTF-8"}, // a surrogate
		{"https://ex.org/\uFFFD/", "", "U+FFFD"},
		{"https://ex.org/\uFDD0/", "", "U+FDD0"},
		{"https://ex.org/\U0001FFFF/", "", "U+1FFFF"},
		{"https://ex.org/\u0085/", "", "U+0085"},
		{"https://ex.org/%zz/", "", "does not start a %XX escape"},
		{"https://ex.org/a%2/", "", "does not start a %XX escape"},
		{"https://ex.org/a%", "", "does not start a %XX escape"},
		{"https://ex.org/a b", "", `' '`},
		{"https://ex.org/a\tb", "", `'\t'`},
		{"https://ex.org/a<b>/", "", `'<'`},
		{"https://ex.org/a|b/", "", `'|'`},
		{"https://ex.org/a[1]/", "", "outside the host"},
		{"https://ex.org/?q=1", "", "without query or fragment"},
		{"https://ex.org/kg?", "", "without query or fragment"},
		{"https://ex.org/kg#", "", "without query or fragment"},
		{"ftp://ex.org/", "", "http(s)"},
		{"example.org", "", "http(s)"},
		{"mailto:x@y", "", "http(s)"},
	}
	for _, tt := range tests {
		m, err := NewMinter(tt.base)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("NewMinter(%q) accepted it, base %q", tt.base, m.Base())
		case tt.want == "" && !strings.Contains(err.Error(), tt.wantErr):
			t.Errorf("NewMinter(%q): %v, want an error saying %q", tt.base, err, tt.wantErr)
		case tt.want != "" && err != nil:
			t.Errorf("NewMinter(%q): %v", tt.base, err)
		case tt.want != "" && m.Base() != tt.want:
			t.Errorf("NewMinter(%q) has base %q, want %q", tt.base, m.Base(), tt.want)
		}
	}
}
