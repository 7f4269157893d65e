package resolve

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract"
)

// FuzzResolveNames resolves two things whose names come from documents:
// any text, valid UTF-8 or not, never panics, gives the same answer both
// ways round, and every link is well formed.
func FuzzResolveNames(f *testing.F) {
	for _, s := range [][2]string{
		{"Aachener Vertrag", "Treaty of Aachen"},
		{"CETA", "Comprehensive Economic and Trade Agreement"},
		{"48th G7 Summit", "G7-Gipfel 2022"},
		{"Élysée-Vertrag 2.0", "\u0301\u0301 Vertrag"},
		{"'s", "’s 1st"},
		{"\xff\xfe", "-–—/"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		things := []Thing{
			{ID: "a", Type: extract.Agreement, Names: []string{a}, Docs: []string{"d1"}},
			{ID: "b", Type: extract.Agreement, Names: []string{b}, Docs: []string{"d2"}},
		}
		l1, err := Resolve(things, nil)
		if err != nil {
			t.Fatal(err)
		}
		things[0], things[1] = things[1], things[0]
		l2, err := Resolve(things, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(l1, l2) {
			t.Fatalf("order changed the links: %+v vs %+v", l1, l2)
		}
		for _, l := range l1 {
			if l.A != "a" || l.B != "b" || l.Score <= 0 || l.Score > 1 || len(l.Reasons) == 0 {
				t.Fatalf("bad link %+v", l)
			}
			for _, r := range l.Reasons {
				if utf8.ValidString(a) && utf8.ValidString(b) && !utf8.ValidString(r) {
					t.Fatalf("reason %q is not UTF-8", r)
				}
			}
		}
		if _, err := Explain(things, "a", "b"); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParseRules reads any rules file: it fails with the line or gives
// rules whose count is at most the number of lines.
func FuzzParseRules(f *testing.F) {
	f.Add("same\ta\tb\n# c\ndifferent | x | y\n")
	f.Add("same | | b")
	f.Add("different\t\xff\tb\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		rs, err := ParseRules(strings.NewReader(text))
		if err != nil {
			if !strings.Contains(err.Error(), "line ") && !strings.Contains(err.Error(), "merge rules:") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if rs.Len() > strings.Count(text, "\n")+1 {
			t.Fatalf("%d rules from %d lines", rs.Len(), strings.Count(text, "\n")+1)
		}
	})
}
