package graph

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// filterFixture is two documents: in a.txt (14 February) Canada and Mexico
// sign the Pact, Chile refuses it, Peru only plans to sign, and Jürgen
// Müller (German) attends the Summit; in dir/b.txt (1 March) Canada signs
// the Accord, which builds on the Pact.
func filterFixture(t *testing.T) []quad.Quad {
	t.Helper()
	m, err := NewMinter("")
	if err != nil {
		t.Fatal(err)
	}
	span := extract.Span{Start: 0, End: 5}
	ent := func(id string, typ extract.Type, name, key string, aliases ...string) extract.Entity {
		return extract.Entity{ID: id, Type: typ, Name: name, Key: key, Aliases: aliases, Mentions: []extract.Span{span}}
	}
	rel := func(s string, p extract.Predicate, o string, mod extract.Modality, conf float64, date string) extract.Relation {
		return extract.Relation{Subject: s, Predicate: p, Object: o, Modality: mod, Confidence: conf, Cue: "cue", Sentence: s + " " + string(p) + " " + o, Span: span, Date: date}
	}
	muller := ent("mu", extract.Person, "Jürgen Müller", "jurgen-muller", "Müller")
	muller.Country = "DE"
	a := &extract.Result{Doc: &extract.Document{ID: "a.txt", Title: "A", Text: "text.", Published: time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)}, Lang: "en",
		Entities: []extract.Entity{
			ent("ca", extract.Country, "Canada", "CA"), ent("mx", extract.Country, "Mexico", "MX"),
			ent("cl", extract.Country, "Chile", "CL"), ent("pe", extract.Country, "Peru", "PE"),
			ent("de", extract.Country, "Germany", "DE"), muller,
			ent("pact", extract.Agreement, "Pact", "pact", "Pakt"), ent("summit", extract.Event, "Summit", "summit"),
		},
		Relations: []extract.Relation{
			rel("ca", extract.Signed, "pact", extract.Asserted, 0.9, "2026-02-14"),
			rel("mx", extract.Signed, "pact", extract.Asserted, 0.9, ""),
			rel("cl", extract.Refused, "pact", extract.Asserted, 0.8, ""),
			rel("pe", extract.Signed, "pact", extract.Planned, 0.8, ""),
			rel("mu", extract.Attended, "summit", extract.Asserted, 0.7, ""),
		}}
	b := &extract.Result{Doc: &extract.Document{ID: "dir/b.txt", Title: "B", Text: "text.", Published: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}, Lang: "en",
		Entities: []extract.Entity{ent("ca", extract.Country, "Canada", "CA"), ent("acc", extract.Agreement, "Accord", "accord"), ent("pact", extract.Agreement, "Pact", "pact")},
		Relations: []extract.Relation{
			rel("ca", extract.Signed, "acc", extract.Asserted, 0.9, "2026-03"),
			rel("acc", extract.BuildsOn, "pact", extract.Asserted, 0.6, ""),
		}}
	qs := append(DocumentQuads(m, a), DocumentQuads(m, b)...)
	SortQuads(qs)
	return qs
}

// facts lists a model's facts as "subject predicate object" with labels.
func facts(m *Model) string {
	var out []string
	for _, f := range m.Facts {
		out = append(out, m.Nodes[f.Subject].Label+" "+string(f.Predicate)+" "+m.Nodes[f.Object].Label)
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

// entities lists a model's typed entities by label.
func entities(m *Model) string {
	var out []string
	for _, n := range m.Nodes {
		if n.Type != "" {
			out = append(out, n.Label)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// complete checks that a selection is self-contained: every entity it
// mentions is typed and labelled, every statement's ends and document are
// in it, every direct edge has its statement, every graph's document is
// described.
func complete(t *testing.T, qs []quad.Quad) {
	t.Helper()
	typed, labelled, docs := map[quad.Value]bool{}, map[quad.Value]bool{}, map[quad.Value]bool{}
	for _, q := range qs {
		switch q.Predicate {
		case rdfType:
			typed[q.Subject] = true
			if q.Object == schemaArticle {
				docs[q.Subject] = true
			}
		case rdfsLabel:
			labelled[q.Subject] = true
		}
	}
	m := NewModel(qs)
	stmts := map[string]bool{}
	for _, f := range m.Facts {
		for _, e := range []quad.IRI{f.Subject, f.Object} {
			if !typed[e] || !labelled[e] {
				t.Errorf("statement %s: entity %s without type or label", f.Statement, e)
			}
		}
		if !docs[f.Doc] {
			t.Errorf("statement %s: document %s not described", f.Statement, f.Doc)
		}
		stmts[string(f.Subject)+string(f.Predicate)+string(f.Object)+string(f.Doc)] = f.Asserted()
	}
	for _, q := range qs {
		if !docs[q.Label] {
			t.Errorf("quad %v in the graph of an undescribed document", q)
		}
		if p, ok := PredicateOf(q.Predicate.(quad.IRI)); ok {
			if !stmts[string(q.Subject.(quad.IRI))+string(p)+string(q.Object.(quad.IRI))+string(q.Label.(quad.IRI))] {
				t.Errorf("edge %v without its asserted statement", q)
			}
		}
		if q.Predicate == schemaMentions || q.Predicate == schemaNationalty {
			if !typed[q.Object] || !labelled[q.Object] {
				t.Errorf("%v points at an entity left out", q)
			}
		}
	}
}

func TestFilter(t *testing.T) {
	all := filterFixture(t)
	tests := []struct {
		name     string
		f        Filter
		facts    string
		entities string // "" to skip
	}{
		{"predicate", Filter{Predicates: []extract.Predicate{extract.Refused}}, "Chile refused Pact", "Chile, Pact"},
		{"predicate by name", Filter{Predicates: []extract.Predicate{"buildsOn"}}, "Accord builds-on Pact", "Accord, Pact"},
		{"types", Filter{Types: []extract.Type{extract.Country, "agreement"}},
			"Accord builds-on Pact; Canada signed Accord; Canada signed Pact; Chile refused Pact; Mexico signed Pact; Peru signed Pact",
			"Accord, Canada, Chile, Germany, Mexico, Pact, Peru"},
		{"source by ID", Filter{Sources: []string{"dir/b.txt"}}, "Accord builds-on Pact; Canada signed Accord", "Accord, Canada, Pact"},
		{"source by file name", Filter{Sources: []string{"b.txt"}}, "Accord builds-on Pact; Canada signed Accord", "Accord, Canada, Pact"},
		{"since, by fact or document date", Filter{Since: "2026-03"}, "Accord builds-on Pact; Canada signed Accord", "Accord, Canada, Pact"},
		{"until", Filter{Until: "2026-02-28"},
			"Canada signed Pact; Chile refused Pact; Jürgen Müller attended Summit; Mexico signed Pact; Peru signed Pact", ""},
		{"partial date overlaps", Filter{Since: "2026-03-15", Until: "2026"}, "Canada signed Accord", "Accord, Canada"},
		{"min confidence", Filter{MinConfidence: 0.85}, "Canada signed Accord; Canada signed Pact; Mexico signed Pact", "Accord, Canada, Mexico, Pact"},
		{"focus alone", Filter{Focus: []string{"muller"}}, "", "Jürgen Müller"},
		{"focus by alias, one hop, induced", Filter{Focus: []string{"PAKT"}, Depth: 1},
			"Accord builds-on Pact; Canada signed Accord; Canada signed Pact; Chile refused Pact; Mexico signed Pact; Peru signed Pact", "Accord, Canada, Chile, Mexico, Pact, Peru"},
		{"focus two hops", Filter{Focus: []string{"mexico"}, Depth: 2},
			"Accord builds-on Pact; Canada signed Accord; Canada signed Pact; Chile refused Pact; Mexico signed Pact; Peru signed Pact", ""},
		{"focus by IRI with type", Filter{Focus: []string{"<https://newsgraph.invalid/id/country/CA>"}, Depth: 1, Types: []extract.Type{extract.Agreement}},
			"Accord builds-on Pact; Canada signed Accord; Canada signed Pact", "Accord, Canada, Pact"},
		{"everything combined", Filter{Predicates: []extract.Predicate{extract.Signed}, Sources: []string{"a.txt"}, MinConfidence: 0.85, Until: "2026-02"},
			"Canada signed Pact; Mexico signed Pact", "Canada, Mexico, Pact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.f.Apply(all)
			if err != nil {
				t.Fatal(err)
			}
			m := NewModel(got)
			if f := facts(m); f != tt.facts {
				t.Errorf("facts:\n got %s\nwant %s", f, tt.facts)
			}
			if tt.entities != "" {
				if e := entities(m); e != tt.entities {
					t.Errorf("entities:\n got %s\nwant %s", e, tt.entities)
				}
			}
			complete(t, got)
		})
	}
}

func TestFilterZeroKeepsAll(t *testing.T) {
	all := filterFixture(t)
	got, err := (&Filter{Depth: 3}).Apply(all)
	if err != nil || len(got) != len(all) {
		t.Fatalf("zero filter: %d of %d quads, %v", len(got), len(all), err)
	}
}

func TestFilterErrors(t *testing.T) {
	all := filterFixture(t)
	tests := []struct {
		name string
		f    Filter
		want string
	}{
		{"unknown focus", Filter{Focus: []string{"Cana"}}, `focus "Cana": no entity has this IRI, name or alias; did you mean "Canada"`},
		{"unknown source", Filter{Sources: []string{"c.txt"}}, `source "c.txt": no such document; documents are "a.txt", "dir/b.txt"`},
		{"bad predicate", Filter{Predicates: []extract.Predicate{"met"}}, "want one of signed, attended, refused, builds-on"},
		{"bad type", Filter{Types: []extract.Type{"City"}}, "want one of Person, Country, Organization, Place, Event, Agreement, Initiative, Product"},
		{"bad date", Filter{Since: "14.02.2026"}, "since: date \"14.02.2026\": want YYYY, YYYY-MM or YYYY-MM-DD"},
		{"bad day", Filter{Until: "2026-02-30"}, "want YYYY, YYYY-MM or YYYY-MM-DD"},
		{"reversed", Filter{Since: "2026-03", Until: "2026-02"}, "since 2026-03 is after until 2026-02"},
		{"confidence", Filter{MinConfidence: 1.5}, "want a number from 0 to 1"},
		{"depth", Filter{Focus: []string{"Canada"}, Depth: -1}, "want 0 or more hops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.f.Apply(all)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestParseFilterValues(t *testing.T) {
	for in, want := range map[string]extract.Predicate{
		"signed": extract.Signed, "Attended": extract.Attended, "builds-on": extract.BuildsOn, "buildsOn": extract.BuildsOn,
		"builds_on": extract.BuildsOn, "<https://newsgraph.invalid/ns#refused>": extract.Refused,
	} {
		if got, err := ParseFilterPredicate(in); err != nil || got != want {
			t.Errorf("ParseFilterPredicate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]extract.Type{
		"person": extract.Person, "AGREEMENT": extract.Agreement, "https://schema.org/Event": extract.Event,
	} {
		if got, err := ParseType(in); err != nil || got != want {
			t.Errorf("ParseType(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// A filter keeps whole entities, statements and documents, so every
// export of the result stays complete.
func ExampleFilter_Apply() {
	m, _ := NewMinter("")
	res := &extract.Result{
		Doc:  &extract.Document{ID: "a.txt", Title: "Summit", Text: "Canada signed the Pact. Chile refused it.", Published: time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)},
		Lang: "en",
		Entities: []extract.Entity{
			{ID: "e1", Type: extract.Country, Name: "Canada", Key: "CA", Mentions: []extract.Span{{Start: 0, End: 6}}},
			{ID: "e2", Type: extract.Agreement, Name: "Pact", Key: "pact", Mentions: []extract.Span{{Start: 18, End: 22}}},
			{ID: "e3", Type: extract.Country, Name: "Chile", Key: "CL", Mentions: []extract.Span{{Start: 24, End: 29}}},
		},
		Relations: []extract.Relation{
			{Subject: "e1", Predicate: extract.Signed, Object: "e2", Modality: extract.Asserted, Confidence: 0.9, Sentence: "Canada signed the Pact.", Span: extract.Span{Start: 0, End: 23}},
			{Subject: "e3", Predicate: extract.Refused, Object: "e2", Modality: extract.Asserted, Confidence: 0.7, Sentence: "Chile refused it.", Span: extract.Span{Start: 24, End: 41}},
		},
	}
	all := DocumentQuads(m, res)
	f := Filter{Focus: []string{"canada"}, Depth: 1, MinConfidence: 0.8}
	kept, err := f.Apply(all)
	if err != nil {
		fmt.Println(err)
		return
	}
	model := NewModel(kept)
	fmt.Printf("%d of %d quads: %s; %s\n", len(kept), len(all), entities(model), facts(model))
	// Output:
	// 26 of 43 quads: Canada, Pact; Canada signed Pact
}
