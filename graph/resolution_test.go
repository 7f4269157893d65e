package graph

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
)

// report builds the extraction of a short article: who signed which
// agreement, with the signer's affiliation.
func report(id, lang, published, text string, ents []extract.Entity, rels []extract.Relation) *extract.Result {
	p, _ := time.Parse("2006-01-02", published)
	doc := &extract.Document{ID: id, Lang: lang, Text: text, Published: p}
	n := len([]rune(text))
	for i := range ents {
		ents[i].Mentions = []extract.Span{{Start: 0, End: 1}}
	}
	for i := range rels {
		rels[i].Sentence, rels[i].Span = text, extract.Span{Start: 0, End: n}
		if rels[i].Modality == "" {
			rels[i].Modality = extract.Asserted
		}
		rels[i].Confidence = 0.9
	}
	return &extract.Result{Doc: doc, Lang: lang, Entities: ents, Relations: rels}
}

// resolutionCorpus: two reports of the German–Canadian declaration under
// different names (one node after resolution, with all four signers),
// the Treaty of Aachen in German and English, and its different
// successor, which must stay apart.
func resolutionCorpus() []*extract.Result {
	return []*extract.Result{
		report("a.txt", "de", "2026-02-17", "Wildberger und sein kanadischer Amtskollege Evan Solomon unterzeichneten eine Absichtserklärung.",
			[]extract.Entity{
				{ID: "e1", Type: extract.Person, Name: "Karsten Wildberger", Key: "karsten-wildberger"},
				{ID: "e2", Type: extract.Person, Name: "Evan Solomon", Key: "evan-solomon"},
				{ID: "e3", Type: extract.Agreement, Name: "Absichtserklärung Kanada, 2026-02-14", Key: "absichtserklarung-ca-2026", Date: "2026-02-14"},
				{ID: "e4", Type: extract.Country, Name: "Canada", Key: "CA"},
				{ID: "e5", Type: extract.Country, Name: "Germany", Key: "DE"},
			},
			[]extract.Relation{
				{Subject: "e1", Predicate: extract.Signed, Object: "e3", Date: "2026-02-14"},
				{Subject: "e2", Predicate: extract.Signed, Object: "e3", Date: "2026-02-14"},
				{Subject: "e2", Predicate: extract.AffiliatedWith, Object: "e4", Cue: "Amtskollege"},
				{Subject: "e1", Predicate: extract.AffiliatedWith, Object: "e5", Cue: "Digitalminister"},
			}),
		report("b.txt", "de", "2026-02-14", "Stark-Watzinger und ihr kanadischer Amtskollege Champagne haben eine gemeinsame Erklärung zur KI-Zusammenarbeit unterzeichnet.",
			[]extract.Entity{
				{ID: "e1", Type: extract.Person, Name: "Bettina Stark-Watzinger", Key: "bettina-stark-watzinger"},
				{ID: "e2", Type: extract.Person, Name: "François-Philippe Champagne", Key: "francois-philippe-champagne"},
				{ID: "e3", Type: extract.Agreement, Name: "gemeinsame Erklärung zur KI-Zusammenarbeit", Key: "gemeinsame-erklarung-zur-ki-zusammenarbeit"},
				{ID: "e4", Type: extract.Country, Name: "Canada", Key: "CA"},
				{ID: "e5", Type: extract.Country, Name: "Germany", Key: "DE"},
			},
			[]extract.Relation{
				{Subject: "e1", Predicate: extract.Signed, Object: "e3", Date: "2026-02-14"},
				{Subject: "e2", Predicate: extract.Signed, Object: "e3", Date: "2026-02-14"},
				{Subject: "e2", Predicate: extract.AffiliatedWith, Object: "e4", Cue: "Amtskollege"},
				{Subject: "e1", Predicate: extract.AffiliatedWith, Object: "e5", Cue: "Bundesforschungsministerin"},
			}),
		report("c.txt", "de", "2019-01-22", "Merkel und Macron unterzeichneten den Aachener Vertrag.",
			[]extract.Entity{
				{ID: "e1", Type: extract.Person, Name: "Angela Merkel", Key: "angela-merkel"},
				{ID: "e2", Type: extract.Agreement, Name: "Aachener Vertrag", Key: "aachener-vertrag"},
			},
			[]extract.Relation{{Subject: "e1", Predicate: extract.Signed, Object: "e2"}}),
		report("d.txt", "en", "2019-01-23", "Merkel signed the Treaty of Aachen; a 2024 successor treaty is planned.",
			[]extract.Entity{
				{ID: "e1", Type: extract.Person, Name: "Merkel", Key: "merkel"},
				{ID: "e2", Type: extract.Agreement, Name: "Treaty of Aachen", Key: "treaty-of-aachen"},
				{ID: "e3", Type: extract.Agreement, Name: "2024 successor treaty of Aachen", Key: "successor"},
			},
			[]extract.Relation{{Subject: "e1", Predicate: extract.Signed, Object: "e2"}}),
	}
}

// resolvedQuads writes results into a fresh store of the kind, in the
// given builds (each a list of indexes into results, resolved after
// each build), and returns what readers see.
func resolvedQuads(t *testing.T, kind storeKind, results []*extract.Result, builds ...[]int) []string {
	t.Helper()
	return quadSet(t, resolvedStore(t, kind, results, builds...))
}

// resolvedStore is resolvedQuads returning the store.
func resolvedStore(t *testing.T, kind storeKind, results []*extract.Result, builds ...[]int) *Store {
	t.Helper()
	st := openConf(t, kind.fresh(t))
	ctx := context.Background()
	for _, b := range builds {
		for _, i := range b {
			if _, err := st.Put(ctx, results[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.Resolve(ctx, ResolveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if rep := mustCheck(t, st); !rep.OK() {
		t.Fatalf("check: %v", rep.Problems)
	}
	return st
}

// TestResolution checks, on every kind of store, that resolution merges
// what it should, records why, and that the graph depends neither on
// input order, nor on how documents were split into builds, nor on a
// document removed and added back.
func TestResolution(t *testing.T) {
	rs := resolutionCorpus()
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			st0 := resolvedStore(t, kind, rs, []int{0, 1, 2, 3})
			want := quadSet(t, st0)
			ix, err := st0.Index(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			m := ix.Model()
			quick, err := st0.MergesIndex(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got, want := quick.Merges(), ix.Merges(); len(want) < 2 || !reflect.DeepEqual(got, want) {
				t.Errorf("MergesIndex gives\n%+v\nthe whole store's index\n%+v", got, want)
			}
			decl := ix.Show("https://newsgraph.invalid/id/agreement/absichtserklarung-ca-2026")
			var signers []string
			for _, c := range decl.Claims {
				if c.Predicate == extract.Signed {
					signers = append(signers, c.Subject.Label)
				}
			}
			slices.Sort(signers)
			if !slices.Equal(signers, []string{"Bettina Stark-Watzinger", "Evan Solomon", "François-Philippe Champagne", "Karsten Wildberger"}) {
				t.Errorf("signers of the declaration: %v", signers)
			}
			if len(decl.Merged) != 1 || decl.Merged[0].Score <= 0 || len(decl.Merged[0].Reasons) == 0 || len(decl.Merged[0].Sources) != 2 {
				t.Errorf("the declaration's merge: %+v", decl.Merged)
			}
			if !slices.Contains(decl.Aliases, "gemeinsame Erklärung zur KI-Zusammenarbeit") {
				t.Errorf("merged name not among the aliases: %v", decl.Aliases)
			}
			if n := m.Nodes["https://newsgraph.invalid/id/agreement/gemeinsame-erklarung-zur-ki-zusammenarbeit"]; n != nil {
				t.Errorf("the merged node is still a node of its own: %+v", n)
			}
			canada := ix.Show("https://newsgraph.invalid/id/country/CA")
			var people []string
			for _, a := range canada.Affiliates {
				people = append(people, a.Person.Label)
			}
			if !slices.Equal(people, []string{"Evan Solomon", "François-Philippe Champagne"}) {
				t.Errorf("people affiliated with Canada: %v", people)
			}
			aachen := ix.Show("https://newsgraph.invalid/id/agreement/aachener-vertrag")
			if len(aachen.Merged) != 1 || !slices.Contains(aachen.Aliases, "Treaty of Aachen") {
				t.Errorf("Aachener Vertrag ~ Treaty of Aachen not merged: %+v", aachen)
			}
			if slices.Contains(aachen.Aliases, "2024 successor treaty of Aachen") {
				t.Error("the successor treaty was merged with the treaty")
			}
			var signatories bool
			for _, c := range ix.Conflicts() {
				if c.Kind == Signatories && strings.HasPrefix(c.Object.Label, "Absichtserklärung") {
					signatories = true
				}
			}
			if !signatories {
				t.Errorf("conflicts do not name the differing signatories: %+v", ix.Conflicts())
			}

			for _, tc := range []struct {
				name   string
				builds [][]int
			}{
				{"reversed", [][]int{{3, 2, 1, 0}}},
				{"split", [][]int{{1}, {3, 0}, {2}}},
				{"one by one", [][]int{{2}, {0}, {3}, {1}}},
			} {
				if got := resolvedQuads(t, kind, rs, tc.builds...); !slices.Equal(got, want) {
					t.Errorf("%s: the graph differs from one build in order:\n%s", tc.name, diffLines(want, got))
				}
			}

			// rm withdraws a document's part; adding it back restores
			// the graph.
			st := openConf(t, kind.fresh(t))
			ctx := context.Background()
			putAll(t, st, rs)
			if _, err := st.Resolve(ctx, ResolveOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Remove(ctx, "b.txt"); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Resolve(ctx, ResolveOptions{}); err != nil {
				t.Fatal(err)
			}
			without := resolvedQuads(t, kind, rs, []int{0, 2, 3})
			if got := quadSet(t, st); !slices.Equal(got, without) {
				t.Errorf("after rm, the graph differs from one built without the document:\n%s", diffLines(without, got))
			}
			if _, err := st.Put(ctx, rs[1]); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Resolve(ctx, ResolveOptions{}); err != nil {
				t.Fatal(err)
			}
			if got := quadSet(t, st); !slices.Equal(got, want) {
				t.Errorf("after adding the document back, the graph differs:\n%s", diffLines(want, got))
			}
			if rep := mustCheck(t, st); !rep.OK() {
				t.Fatalf("check: %v", rep.Problems)
			}
		})
	}
}

// TestResolutionRules: a forced merge and a forbidden one, kept by the
// store for later resolutions, dropped on request.
func TestResolutionRules(t *testing.T) {
	rs := resolutionCorpus()
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			st := openConf(t, kind.fresh(t))
			ctx := context.Background()
			putAll(t, st, rs)
			rules := "different\tAachener Vertrag\tTreaty of Aachen\nsame\tTreaty of Aachen\t2024 successor treaty of Aachen\n"
			r, err := st.Resolve(ctx, ResolveOptions{Rules: &rules})
			if err != nil {
				t.Fatal(err)
			}
			if r.Rules != 2 {
				t.Errorf("%d rules applied, want 2", r.Rules)
			}
			check := func(when string, wantForced bool) {
				t.Helper()
				ix, err := st.Index(ctx)
				if err != nil {
					t.Fatal(err)
				}
				aachen := ix.Show("https://newsgraph.invalid/id/agreement/aachener-vertrag")
				merged := slices.Contains(aachen.Aliases, "Treaty of Aachen")
				if merged == wantForced {
					t.Errorf("%s: Aachener Vertrag merged with Treaty of Aachen: %v", when, merged)
				}
				forced := false
				for _, m := range ix.Merges() {
					forced = forced || m.Forced && strings.Contains(m.A+m.B, "successor")
				}
				if forced != wantForced {
					t.Errorf("%s: forced merge present: %v, want %v", when, forced, wantForced)
				}
			}
			check("with rules", true)
			// A later resolution without new rules keeps them.
			putAll(t, st, rs[:1])
			if _, err := st.Resolve(ctx, ResolveOptions{}); err != nil {
				t.Fatal(err)
			}
			check("a later build", true)
			none := ""
			if _, err := st.Resolve(ctx, ResolveOptions{Rules: &none}); err != nil {
				t.Fatal(err)
			}
			check("rules dropped", false)
		})
	}
}

// diffLines lists the lines only one side has.
func diffLines(want, got []string) string {
	var b strings.Builder
	for _, l := range want {
		if !slices.Contains(got, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

// TestStaleMark: a change marks the resolution out of date until the
// next resolution; check reports it and does not hold the outdated
// resolution graph against the store; marking twice writes once.
func TestStaleMark(t *testing.T) {
	rs := resolutionCorpus()
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			st := resolvedStore(t, kind, rs, []int{0, 1, 2, 3})
			ctx := context.Background()
			if stale, err := st.Stale(ctx); err != nil || stale {
				t.Fatalf("fresh resolution: stale %v, %v", stale, err)
			}
			before := quadSet(t, st)
			for range 2 {
				if err := st.MarkUnresolved(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if got := quadSet(t, st); len(got) != len(before)+1 {
				t.Errorf("marking twice added %d quads, want 1", len(got)-len(before))
			}
			// A document goes without resolving: the resolution graph
			// now names a node no document holds.
			if _, err := st.Remove(ctx, "b.txt"); err != nil {
				t.Fatal(err)
			}
			rep := mustCheck(t, st)
			if !rep.Stale || !rep.OK() || !strings.Contains(rep.Summary(), "newsgraph resolve") {
				t.Errorf("check of a stale store: %+v", rep)
			}
			if _, err := st.Resolve(ctx, ResolveOptions{}); err != nil {
				t.Fatal(err)
			}
			if stale, _ := st.Stale(ctx); stale {
				t.Error("resolution did not clear the mark")
			}
			if rep := mustCheck(t, st); rep.Stale || !rep.OK() {
				t.Errorf("check after resolving: %+v", rep)
			}
		})
	}
}
