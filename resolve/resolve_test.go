package resolve

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

func TestSign(t *testing.T) {
	for _, tc := range []struct {
		name string
		want Signature
	}{
		{"Aachener Vertrag", Signature{Kinds: []string{"treaty"}, Places: []string{"DE:aachen"}, Initials: "av"}},
		{"Treaty of Aachen", Signature{Kinds: []string{"treaty"}, Places: []string{"DE:aachen"}, Initials: "ta"}},
		{"Münchner Sicherheitskonferenz", Signature{Kinds: []string{"conference"}, Places: []string{"Q1726"}, Topics: []string{"security"}, Initials: "ms"}},
		{"Munich Security Conference", Signature{Kinds: []string{"conference"}, Places: []string{"Q1726"}, Topics: []string{"security"}, Initials: "msc"}},
		{"Friedensgipfel", Signature{Kinds: []string{"summit"}, Topics: []string{"peace"}, Initials: "f"}},
		{"deutsch-kanadische Absichtserklärung", Signature{Kinds: []string{"declaration"}, Countries: []string{"DE", "CA"}, Initials: "dka"}},
		{"Comprehensive Economic and Trade Agreement", Signature{Kinds: []string{"any"}, Topics: []string{"trade"}, Initials: "ceta"}},
		{"CETA", Signature{Proper: []string{"ceta"}, Strong: []string{"ceta"}, Initials: "c"}},
		{"48th G7 Summit", Signature{Kinds: []string{"summit"}, Proper: []string{"g7"}, Strong: []string{"g7"}, Numbers: []string{"48"}, Initials: "gs"}},
		{"the 2019 agreement", Signature{Kinds: []string{"any"}, Years: []string{"2019"}, Initials: "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sign(tc.name); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Sign(%q) =\n %+v, want\n %+v", tc.name, got, tc.want)
			}
		})
	}
}

// thing makes an agreement of one document.
func thing(id, doc string, names ...string) Thing {
	return Thing{ID: id, Type: extract.Agreement, Names: names, Docs: []string{doc}}
}

func linked(links []Link, a, b string) bool {
	for _, g := range Groups(links) {
		if slices.Contains(g, a) && slices.Contains(g, b) {
			return true
		}
	}
	return false
}

func TestResolvePairs(t *testing.T) {
	for _, tc := range []struct {
		desc string
		a, b Thing
		same bool
	}{
		{"translated name", thing("a", "d1", "Aachener Vertrag"), thing("b", "d2", "Treaty of Aachen"), true},
		{"translated event", Thing{ID: "a", Type: extract.Event, Names: []string{"Münchner Sicherheitskonferenz"}, Docs: []string{"d1"}},
			Thing{ID: "b", Type: extract.Event, Names: []string{"Munich Security Conference"}, Docs: []string{"d2"}}, true},
		{"acronym", thing("a", "d1", "CETA"), thing("b", "d2", "Comprehensive Economic and Trade Agreement"), true},
		{"same document", thing("a", "d1", "Aachener Vertrag"), thing("b", "d1", "Treaty of Aachen"), false},
		{"different types", thing("a", "d1", "Aachener Vertrag"), Thing{ID: "b", Type: extract.Event, Names: []string{"Treaty of Aachen"}, Docs: []string{"d2"}}, false},
		{"successor by year", thing("a", "d1", "the 2019 agreement on Aachen"), thing("b", "d2", "the 2024 agreement on Aachen"), false},
		{"successor by version", thing("a", "d1", "Élysée-Vertrag"), thing("b", "d2", "Élysée-Vertrag 2.0"), false},
		{"different acronyms", Thing{ID: "a", Type: extract.Event, Names: []string{"G7 summit in Madrid"}, Docs: []string{"d1"}},
			Thing{ID: "b", Type: extract.Event, Names: []string{"NATO summit in Madrid"}, Docs: []string{"d2"}}, false},
		{"different kinds", thing("a", "d1", "Aachen declaration"), thing("b", "d2", "Treaty of Aachen"), false},
		{"generic name, no evidence", thing("a", "d1", "Absichtserklärung"), thing("b", "d2", "joint declaration"), false},
		{"generic name, parties and date",
			Thing{ID: "a", Type: extract.Agreement, Names: []string{"Absichtserklärung Kanada"}, Docs: []string{"d1"}, Parties: []string{"CA", "DE"}, Dates: []string{"2026-02-14"}},
			Thing{ID: "b", Type: extract.Agreement, Names: []string{"gemeinsame Erklärung zur KI-Zusammenarbeit"}, Docs: []string{"d2"}, Parties: []string{"CA", "DE"}, Dates: []string{"2026-02-14"}}, true},
		{"generic name, dates months apart",
			Thing{ID: "a", Type: extract.Agreement, Names: []string{"Absichtserklärung Kanada"}, Docs: []string{"d1"}, Parties: []string{"CA", "DE"}, Dates: []string{"2026-02-14"}},
			Thing{ID: "b", Type: extract.Agreement, Names: []string{"joint declaration"}, Docs: []string{"d2"}, Parties: []string{"CA", "DE"}, Dates: []string{"2025-06-01"}}, false},
		{"generic name, other parties",
			Thing{ID: "a", Type: extract.Agreement, Names: []string{"Absichtserklärung Indien–Kanada"}, Docs: []string{"d1"}, Parties: []string{"CA", "DE"}, Dates: []string{"2026-02-14"}},
			Thing{ID: "b", Type: extract.Agreement, Names: []string{"Absichtserklärung Kanada"}, Docs: []string{"d2"}, Parties: []string{"CA", "DE"}, Dates: []string{"2026-02-14"}}, false},
		{"generic name, other subjects",
			Thing{ID: "a", Type: extract.Agreement, Names: []string{"Wasserstoffabkommen"}, Docs: []string{"d1"}, Parties: []string{"CA", "DE"}, Published: []string{"2026-02-14"}},
			Thing{ID: "b", Type: extract.Agreement, Names: []string{"KI-Abkommen"}, Docs: []string{"d2"}, Parties: []string{"CA", "DE"}, Published: []string{"2026-02-14"}}, false},
		{"surname alone", Thing{ID: "a", Type: extract.Person, Names: []string{"Angela Merkel"}, Docs: []string{"d1"}},
			Thing{ID: "b", Type: extract.Person, Names: []string{"Merkel"}, Docs: []string{"d2"}}, true},
		{"surname of another state", Thing{ID: "a", Type: extract.Person, Names: []string{"Angela Merkel"}, Docs: []string{"d1"}, Country: "DE"},
			Thing{ID: "b", Type: extract.Person, Names: []string{"Merkel"}, Docs: []string{"d2"}, Country: "US"}, false},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			links, err := Resolve([]Thing{tc.a, tc.b}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := linked(links, tc.a.ID, tc.b.ID); got != tc.same {
				why, _ := Explain([]Thing{tc.a, tc.b}, tc.a.ID, tc.b.ID)
				t.Errorf("%q ~ %q: linked %v, want %v (%s)", tc.a.Names, tc.b.Names, got, tc.same, why)
			}
			for _, l := range links {
				if l.A >= l.B || l.Score <= 0 || l.Score > 1 || len(l.Reasons) == 0 {
					t.Errorf("bad link %+v", l)
				}
			}
		})
	}
}

// TestSurnameAmbiguous: a surname two full names of the store end in is
// merged with neither.
func TestSurnameAmbiguous(t *testing.T) {
	things := []Thing{
		{ID: "a", Type: extract.Person, Names: []string{"Angela Merkel"}, Docs: []string{"d1"}},
		{ID: "b", Type: extract.Person, Names: []string{"Merkel"}, Docs: []string{"d2"}},
		{ID: "c", Type: extract.Person, Names: []string{"Peter Merkel"}, Docs: []string{"d3"}},
	}
	links, err := Resolve(things, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 0 {
		t.Errorf("links %+v, want none", links)
	}
}

// TestGroupsNeverJoinConflicts: A~B and B~C are each fine, but A and C
// are in one document as different things: B joins one of them only.
func TestGroupsNeverJoinConflicts(t *testing.T) {
	things := []Thing{
		thing("a", "d1", "Treaty of Aachen"),
		thing("b", "d2", "Aachener Vertrag"),
		thing("c", "d1", "Aachen Treaty"),
	}
	links, err := Resolve(things, nil)
	if err != nil {
		t.Fatal(err)
	}
	if linked(links, "a", "c") {
		t.Fatalf("a and c share a document but were joined: %+v", links)
	}
	if len(links) != 1 {
		t.Errorf("links %+v, want exactly one", links)
	}
}

// TestOrderIndependent: shuffled input gives the same links.
func TestOrderIndependent(t *testing.T) {
	var things []Thing
	names := []string{"Treaty of Aachen", "Aachener Vertrag", "Élysée-Vertrag", "Elysee Treaty", "CETA",
		"Comprehensive Economic and Trade Agreement", "Ceta-Abkommen", "Élysée-Vertrag 2.0", "Pariser Klimaabkommen", "Paris climate agreement"}
	for i, n := range names {
		things = append(things, thing(fmt.Sprintf("t%02d", i), fmt.Sprintf("d%d", i%4), n))
	}
	want, err := Resolve(things, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 4 {
		t.Fatalf("only %d links: %+v", len(want), want)
	}
	r := rand.New(rand.NewSource(1))
	for range 20 {
		r.Shuffle(len(things), func(i, j int) { things[i], things[j] = things[j], things[i] })
		got, err := Resolve(things, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled input gave\n%+v\nwant\n%+v", got, want)
		}
	}
}

func TestRules(t *testing.T) {
	things := []Thing{
		thing("https://x/a", "d1", "Absichtserklärung Kanada"),
		thing("https://x/b", "d2", "gemeinsame Erklärung zur KI-Zusammenarbeit"),
		thing("https://x/c", "d3", "Treaty of Aachen"),
		thing("https://x/d", "d4", "Aachener Vertrag"),
	}
	rules, err := ParseRules(strings.NewReader("# analyst's decisions\nsame\tabsichtserklarung kanada\tGemeinsame Erklärung zur KI-Zusammenarbeit\ndifferent | https://x/c | Aachener Vertrag\n"))
	if err != nil {
		t.Fatal(err)
	}
	links, err := Resolve(things, rules)
	if err != nil {
		t.Fatal(err)
	}
	if !linked(links, "https://x/a", "https://x/b") {
		t.Errorf("the same rule did not merge: %+v", links)
	}
	if linked(links, "https://x/c", "https://x/d") {
		t.Errorf("the different rule did not keep apart: %+v", links)
	}
	for _, l := range links {
		if l.A == "https://x/a" && (!l.Forced || l.Score != 1 || !strings.Contains(l.Reasons[0], "line 2")) {
			t.Errorf("forced link %+v", l)
		}
	}
	for _, bad := range []string{"same\tonly one", "merge\ta\tb", "same | a | b | c"} {
		if _, err := ParseRules(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseRules(%q) = %v, want an error naming line 1", bad, err)
		}
	}
}

func TestDuplicateThing(t *testing.T) {
	if _, err := Resolve([]Thing{thing("a", "d1", "x"), thing("a", "d2", "y")}, nil); err == nil {
		t.Error("a thing given twice was accepted")
	}
}

func ExampleResolve() {
	things := []Thing{
		{ID: "ex:aachener-vertrag", Type: extract.Agreement, Names: []string{"Aachener Vertrag"}, Docs: []string{"spiegel"}},
		{ID: "ex:treaty-of-aachen", Type: extract.Agreement, Names: []string{"Treaty of Aachen"}, Docs: []string{"reuters"}},
		{ID: "ex:elysee-2", Type: extract.Agreement, Names: []string{"Élysée-Vertrag 2.0"}, Docs: []string{"reuters"}},
	}
	links, _ := Resolve(things, nil)
	for _, l := range links {
		fmt.Printf("%s = %s (%.2f): %s\n", l.A, l.B, l.Score, strings.Join(l.Reasons, "; "))
	}
	// Output:
	// ex:aachener-vertrag = ex:treaty-of-aachen (0.95): kind treaty ≈ treaty; same name (place DE:aachen)
}
