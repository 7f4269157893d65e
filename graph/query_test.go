package graph

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

const seeds = "../testdata/seeds"

var (
	seedOnce  sync.Once
	seedIx    *Index
	seedStore string
	seedDir   string
	seedErr   error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if seedDir != "" {
		os.RemoveAll(seedDir)
	}
	os.Exit(code)
}

// seedIndex extracts the sample articles into a store (once per test
// binary) and returns the store's index.
func seedIndex(t *testing.T) *Index {
	t.Helper()
	seedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsgraph-query-test")
		if err != nil {
			seedErr = err
			return
		}
		seedDir = dir
		seedStore = filepath.Join(dir, "seeds.db")
		seedErr = buildStore(seedStore, nil)
		if seedErr != nil {
			return
		}
		st, err := Open(seedStore, Options{ReadOnly: true})
		if err != nil {
			seedErr = err
			return
		}
		defer st.Close()
		seedIx, seedErr = st.Index(context.Background())
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedIx
}

// buildStore extracts the sample articles into a new store at path and
// adds the extra results.
func buildStore(path string, extra []*extract.Result) error {
	x, err := extract.New(nil, extract.WithRules()) // the facts the rules find in the samples: fixed, whatever the model learns
	if err != nil {
		return err
	}
	st, err := Open(path, Options{})
	if err != nil {
		return err
	}
	ctx := context.Background()
	err = extract.Walk([]string{seeds}, nil, func(doc *extract.Document) error {
		res, err := x.Extract(doc)
		if err != nil {
			return err
		}
		_, err = st.Put(ctx, res)
		return err
	}, nil)
	for _, res := range extra {
		if err == nil {
			_, err = st.Put(ctx, res)
		}
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

func labels(refs []Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Label
	}
	return out
}

// subjects returns the distinct subject labels of claims, sorted.
func subjects(claims []Claim) []string {
	var out []string
	for _, c := range claims {
		out = appendUniqueString(out, c.Subject.Label)
	}
	sort.Strings(out)
	return out
}

func mustResolve(t *testing.T, ix *Index, name string) Ref {
	t.Helper()
	r, err := ix.Resolve(name)
	if err != nil {
		t.Fatalf("Resolve(%q): %v", name, err)
	}
	return r
}

func TestResolve(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		name      string
		want      string   // label of the entity
		ambiguous []string // or the candidates
		notFound  bool
	}{
		{name: "China", want: "China"},
		{name: "china", want: "China"},
		{name: "CN", want: "China"},
		{name: "Peking", want: "China"},
		{name: "Volksrepublik", want: "China"},
		{name: "USA", want: "United States"},
		{name: "Vereinigten Staaten", want: "United States"},
		{name: "us", want: "United States"},
		{name: "Deutschland", want: "Germany"},
		{name: "  GERMANY ", want: "Germany"},
		{name: "Munchner Sicherheitskonferenz", want: "Münchner Sicherheitskonferenz"},
		{name: "MÜNCHNER SICHERHEITSKONFERENZ", want: "Münchner Sicherheitskonferenz"},
		{name: "Neu-Delhi", want: "New Delhi"},
		{name: "Münchner Sicherheits-Konferenz", want: "Münchner Sicherheitskonferenz"},
		{name: "Berlin", want: "Berlin"}, // the place: a label beats Germany's alias
		{name: "wildberger", want: "Karsten Wildberger"},
		{name: "Francois-Philippe Champagne", want: "François-Philippe Champagne"},
		{name: "REAIM", want: "REAIM-Gipfel"},
		{name: "https://newsgraph.invalid/id/country/CN", want: "China"},
		{name: "<https://newsgraph.invalid/id/country/CN>", want: "China"},
		{name: "Absichtserklärung", ambiguous: []string{"Absichtserklärung 2026-01", "Absichtserklärung Kanada, 2026-02-14"}},
		{name: "absichtserklaerung", notFound: true},
		{name: "Atlantis", notFound: true},
		{name: "", notFound: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.Resolve(tt.name)
			var amb *AmbiguousError
			var nf *NotFoundError
			switch {
			case tt.ambiguous != nil:
				if !errors.As(err, &amb) {
					t.Fatalf("got %v, %v; want ambiguous", got, err)
				}
				// The extractor may or may not merge the letter of intent
				// two articles report; the others are there either way.
				l := labels(amb.Candidates)
				for _, w := range tt.ambiguous {
					if !slices.Contains(l, w) {
						t.Errorf("candidates %q lack %q", l, w)
					}
				}
				for _, c := range l {
					if !strings.HasPrefix(c, tt.name) {
						t.Errorf("candidate %q does not match %q", c, tt.name)
					}
				}
			case tt.notFound:
				if !errors.As(err, &nf) {
					t.Fatalf("got %v, %v; want not found", got, err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if got.Label != tt.want {
					t.Errorf("got %q, want %q", got.Label, tt.want)
				}
			}
		})
	}
}

func TestSearch(t *testing.T) {
	ix := seedIndex(t)
	got := labels(ix.Search("absichts", 10))
	if len(got) < 2 || got[0] != "Absichtserklärung 2026-01" || !slices.Contains(got, "Absichtserklärung Kanada, 2026-02-14") {
		t.Errorf("Search(absichts) = %q", got)
	}
	if got := labels(ix.Search("china", 1)); !reflect.DeepEqual(got, []string{"China"}) {
		t.Errorf("Search(china, 1) = %q: the exact label must come first", got)
	}
}

func TestFacts(t *testing.T) {
	ix := seedIndex(t)
	declaration := mustResolve(t, ix, "Regulierung künstlicher Intelligenz").IRI
	letter := mustResolve(t, ix, "Absichtserklärung Kanada, 2026-02-14").IRI
	wildberger := mustResolve(t, ix, "Karsten Wildberger").IRI
	tests := []struct {
		name     string
		filter   FactFilter
		subjects []string
		n        int
		evidence string // a fragment every evidence sentence holds
	}{
		{"refusers of the REAIM declaration", FactFilter{Predicate: extract.Refused, Object: declaration},
			[]string{"China", "United States"}, 4, ""},
		{"signers of the letter of intent", FactFilter{Predicate: extract.Signed, Object: letter},
			[]string{"Evan Solomon", "Karsten Wildberger"}, -1, "Absichtserklärung"},
		{"what Wildberger attended", FactFilter{Predicate: extract.Attended, Subject: wildberger},
			[]string{"Karsten Wildberger"}, 2, "Münchner Sicherheitskonferenz"},
		{"everything builds-on", FactFilter{Predicate: extract.BuildsOn},
			[]string{"Absichtserklärung Kanada, 2026-02-14", "Deutschland-ID", "Indien-Partnerschaft", "OZG 2.0"}, 4, ""},
		{"asserted only", FactFilter{Predicate: extract.Refused, AssertedOnly: true},
			[]string{"China", "United States"}, 4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Facts(tt.filter)
			if s := subjects(got); !reflect.DeepEqual(s, tt.subjects) {
				t.Errorf("subjects %q, want %q", s, tt.subjects)
			}
			if len(got) != tt.n && tt.n >= 0 {
				t.Errorf("%d facts, want %d", len(got), tt.n)
			}
			for _, c := range got {
				if c.Evidence == "" || c.Source.ID == "" || c.End <= c.Start {
					t.Errorf("fact without evidence or source: %+v", c)
				}
				if !strings.Contains(c.Evidence, tt.evidence) {
					t.Errorf("evidence %q lacks %q", c.Evidence, tt.evidence)
				}
			}
		})
	}
	refusals := ix.Facts(FactFilter{Predicate: extract.Refused, Object: declaration})
	if !strings.HasPrefix(refusals[0].Evidence, "In A Coruña verweigerten die zwei weltweit führenden Mächte") ||
		refusals[0].Source.ID != "../testdata/seeds/004_54f3986458c6a991.txt" || refusals[0].Status != "asserted" {
		t.Errorf("first refusal: %+v", refusals[0])
	}
}

func TestShowAndSources(t *testing.T) {
	ix := seedIndex(t)
	p := ix.Show(mustResolve(t, ix, "China").IRI)
	if p.ISOCode != "CN" || p.Wikidata != "Q148" || !reflect.DeepEqual(p.Aliases, []string{"Peking", "Volksrepublik"}) {
		t.Errorf("profile %+v", p)
	}
	if len(p.Claims) != 2 {
		t.Fatalf("%d facts about China, want 2", len(p.Claims))
	}
	for _, c := range p.Claims {
		if c.Subject.Label != "China" || c.Predicate != extract.Refused || !strings.Contains(c.Object.Label, "Erklärung zur Regulierung") {
			t.Errorf("fact %s %s %s", c.Subject.Label, c.Predicate, c.Object.Label)
		}
	}
	type src struct {
		id    string
		facts int
	}
	var got []src
	for _, s := range p.Sources {
		got = append(got, src{strings.TrimPrefix(s.ID, "../testdata/seeds/"), s.Facts})
	}
	want := []src{{"004_54f3986458c6a991.txt", 2}, {"002_a6de7b18e9888e16.txt", 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sources %v, want %v", got, want)
	}
	// Per article: signed, attended, and his affiliation with Canada.
	if s := ix.Sources(mustResolve(t, ix, "Evan Solomon").IRI); len(s) != 2 || s[0].Facts != 3 || s[1].Facts != 3 {
		t.Errorf("sources of Evan Solomon: %+v", s)
	}
}

func TestNeighbors(t *testing.T) {
	ix := seedIndex(t)
	kw := mustResolve(t, ix, "Karsten Wildberger").IRI
	tests := []struct {
		depth int
		want  map[string]int // label: distance; the extractor may find more
		not   []string
	}{
		{1, map[string]int{"Karsten Wildberger": 0, "Absichtserklärung Kanada, 2026-02-14": 1, "Münchner Sicherheitskonferenz": 1}, []string{"Evan Solomon", "Digital-Allianz"}},
		{2, map[string]int{"Karsten Wildberger": 0, "Absichtserklärung Kanada, 2026-02-14": 1, "Münchner Sicherheitskonferenz": 1, "Evan Solomon": 2, "Digital-Allianz": 2}, []string{"Bund-ID", "China"}},
	}
	for _, tt := range tests {
		nb := ix.Neighbors(kw, tt.depth)
		got := map[string]int{}
		for _, n := range nb.Nodes {
			got[n.Label] = n.Distance
			if n.Distance > tt.depth {
				t.Errorf("depth %d: %s at distance %d", tt.depth, n.Label, n.Distance)
			}
		}
		for label, d := range tt.want {
			if g, ok := got[label]; !ok || g != d {
				t.Errorf("depth %d: %s at distance %d (found %v), want %d", tt.depth, label, g, ok, d)
			}
		}
		for _, label := range tt.not {
			if _, ok := got[label]; ok {
				t.Errorf("depth %d: %s is too far to be a neighbour", tt.depth, label)
			}
		}
		if nb.Nodes[0].IRI != kw || nb.Truncated {
			t.Errorf("depth %d: centre %v, truncated %v", tt.depth, nb.Nodes[0], nb.Truncated)
		}
		for _, c := range nb.Claims {
			_, s := got[c.Subject.Label]
			_, o := got[c.Object.Label]
			if !s || !o || c.Evidence == "" {
				t.Errorf("depth %d: fact %s %s %s outside the neighbourhood or without evidence", tt.depth, c.Subject.Label, c.Predicate, c.Object.Label)
			}
		}
	}
	if n := len(ix.Neighbors(kw, 1).Claims); n < 4 {
		t.Errorf("%d facts around Wildberger, want at least 4 (signed and attended, two articles)", n)
	}
}

func TestPath(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		from, to string
		hops     []string // "from—to: predicates"
		noPath   bool
	}{
		{from: "Karsten Wildberger", to: "Digital-Allianz", hops: []string{
			"Karsten Wildberger—Absichtserklärung Kanada, 2026-02-14: signed",
			"Absichtserklärung Kanada, 2026-02-14—Digital-Allianz: builds-on"}},
		{from: "USA", to: "China", hops: []string{
			"United States—internationale Erklärung zur Regulierung künstlicher Intelligenz auf dem Schlachtfeld: refused",
			"internationale Erklärung zur Regulierung künstlicher Intelligenz auf dem Schlachtfeld—China: refused"}},
		{from: "China", to: "China", hops: []string{}},
		{from: "Evan Solomon", to: "Bund-ID", noPath: true},
	}
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			hops, err := ix.Path(mustResolve(t, ix, tt.from).IRI, mustResolve(t, ix, tt.to).IRI)
			if tt.noPath {
				if !errors.Is(err, ErrNoPath) {
					t.Fatalf("got %v, %v; want ErrNoPath", hops, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, h := range hops {
				var preds []string
				for _, c := range h.Claims {
					preds = append(preds, string(c.Predicate))
					if c.Evidence == "" {
						t.Errorf("hop %s—%s: fact without evidence", h.From.Label, h.To.Label)
					}
				}
				got = append(got, h.From.Label+"—"+h.To.Label+": "+strings.Join(slices.Compact(preds), " "))
			}
			if !reflect.DeepEqual(got, tt.hops) {
				t.Errorf("hops\n%q\nwant\n%q", got, tt.hops)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	s := seedIndex(t).Summary()
	want := map[extract.Predicate]int{extract.Signed: 6, extract.Attended: 4, extract.Refused: 4, extract.BuildsOn: 4, extract.AffiliatedWith: 7}
	if s.Documents != 5 || s.Facts != 25 || !reflect.DeepEqual(s.ByPredicate, want) {
		t.Errorf("summary %+v", s)
	}
}

// conflicting returns two documents that disagree about the Pacific
// accord: who signed it, when, whether Mexico refused it and whether Canada
// signed it at all.
func conflicting() []*extract.Result {
	mk := func(id, text string, ents []extract.Entity, rels []extract.Relation) *extract.Result {
		n := len([]rune(text))
		for i := range rels {
			rels[i].Sentence = text
			rels[i].Span = extract.Span{Start: 0, End: n}
			if rels[i].Modality == "" {
				rels[i].Modality = extract.Asserted
			}
			rels[i].Confidence = 0.9
		}
		for i := range ents {
			ents[i].Key = extract.Slug(ents[i].Name)
			if ents[i].Type == extract.Country {
				ents[i].Key = ents[i].Key[:2]
			}
			ents[i].Mentions = []extract.Span{{Start: 0, End: 1}}
		}
		return &extract.Result{Doc: &extract.Document{ID: id, Title: id, Text: text, Lang: "de"}, Lang: "de", Entities: ents, Relations: rels}
	}
	accord := extract.Entity{ID: "a", Type: extract.Agreement, Name: "Pazifikabkommen"}
	a := mk("a.txt", "Kanada und Mexiko unterzeichneten am 14. Februar 2026 das Pazifikabkommen.",
		[]extract.Entity{accord, {ID: "ca", Type: extract.Country, Name: "Canada"}, {ID: "mx", Type: extract.Country, Name: "Mexico"}},
		[]extract.Relation{
			{Subject: "ca", Predicate: extract.Signed, Object: "a", Date: "2026-02-14"},
			{Subject: "mx", Predicate: extract.Signed, Object: "a", Date: "2026-02-14"},
		})
	b := mk("b.txt", "Chile unterzeichnete das Pazifikabkommen im März 2026; Mexiko verweigerte es, Kanada unterschrieb nicht.",
		[]extract.Entity{accord, {ID: "ca", Type: extract.Country, Name: "Canada"}, {ID: "mx", Type: extract.Country, Name: "Mexico"}, {ID: "cl", Type: extract.Country, Name: "Chile"}},
		[]extract.Relation{
			{Subject: "cl", Predicate: extract.Signed, Object: "a", Date: "2026-03"},
			{Subject: "mx", Predicate: extract.Refused, Object: "a"},
			{Subject: "ca", Predicate: extract.Signed, Object: "a", Negated: true},
			{Subject: "ca", Predicate: extract.Refused, Object: "a", Modality: extract.Planned},
		})
	// A document that contradicts itself is a story, not a disagreement.
	c := mk("c.txt", "Peru verweigerte zuerst das Peru-Abkommen und unterzeichnete es dann.",
		[]extract.Entity{{ID: "p", Type: extract.Agreement, Name: "Peru-Abkommen"}, {ID: "pe", Type: extract.Country, Name: "Peru"}},
		[]extract.Relation{
			{Subject: "pe", Predicate: extract.Refused, Object: "p"},
			{Subject: "pe", Predicate: extract.Signed, Object: "p"},
		})
	return []*extract.Result{a, b, c}
}

func quadsOf(results []*extract.Result) []quad.Quad {
	m, _ := NewMinter("")
	var out []quad.Quad
	for _, r := range results {
		out = append(out, DocumentQuads(m, r)...)
	}
	return out
}

func TestConflicts(t *testing.T) {
	if got := seedIndex(t).Conflicts(); len(got) != 0 {
		t.Errorf("the sample articles agree, but got %d conflicts: %+v", len(got), got)
	}
	ix := NewIndex(quadsOf(conflicting()))
	type side struct {
		doc   string
		facts []string
	}
	type row struct {
		kind    ConflictKind
		subject string
		a, b    side
	}
	var got []row
	for _, c := range ix.Conflicts() {
		r := row{kind: c.Kind}
		if c.Subject != nil {
			r.subject = c.Subject.Label
		}
		if c.Object.Label != "Pazifikabkommen" {
			t.Errorf("conflict about %q", c.Object.Label)
		}
		for _, s := range []struct {
			in  Side
			out *side
		}{{c.A, &r.a}, {c.B, &r.b}} {
			s.out.doc = s.in.Source.ID
			for _, cl := range s.in.Claims {
				s.out.facts = append(s.out.facts, cl.Subject.Label+" "+cl.Status+" "+string(cl.Predicate)+" "+cl.Date)
				if cl.Evidence == "" {
					t.Errorf("%s: a side without evidence", c.Kind)
				}
			}
		}
		got = append(got, r)
	}
	want := []row{
		{SignedRefused, "Mexico", side{"a.txt", []string{"Mexico asserted signed 2026-02-14"}}, side{"b.txt", []string{"Mexico asserted refused "}}},
		{AssertedNegated, "Canada", side{"a.txt", []string{"Canada asserted signed 2026-02-14"}}, side{"b.txt", []string{"Canada negated asserted signed "}}},
		{Signatories, "", side{"a.txt", []string{"Canada asserted signed 2026-02-14", "Mexico asserted signed 2026-02-14"}}, side{"b.txt", []string{"Chile asserted signed 2026-03"}}},
		{Dates, "", side{"a.txt", []string{"Canada asserted signed 2026-02-14", "Mexico asserted signed 2026-02-14"}}, side{"b.txt", []string{"Chile asserted signed 2026-03"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("conflicts\n%+v\nwant\n%+v", got, want)
	}
}

func TestIncompatibleDates(t *testing.T) {
	tests := []struct {
		a, b []string
		want bool
	}{
		{[]string{"2026-02-14"}, []string{"2026-02"}, false},
		{[]string{"2026"}, []string{"2026-03-01"}, false},
		{[]string{"2026-02-14"}, []string{"2026-02-15"}, true},
		{[]string{"2025-12"}, []string{"2026-02", "2025-12-01"}, false},
		{nil, []string{"2026"}, false},
	}
	for _, tt := range tests {
		if _, _, got := incompatible(tt.a, tt.b); got != tt.want {
			t.Errorf("incompatible(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSubgraph(t *testing.T) {
	ix := seedIndex(t)
	declaration := mustResolve(t, ix, "Regulierung künstlicher Intelligenz").IRI
	claims := ix.Facts(FactFilter{Predicate: extract.Refused, Object: declaration})
	sub := ix.Subgraph(claims)
	m := NewModel(sub)
	if len(m.Facts) != len(claims) {
		t.Errorf("subgraph holds %d facts, want %d", len(m.Facts), len(claims))
	}
	var nodes []string
	for _, n := range m.SortedNodes() {
		nodes = append(nodes, n.Label)
	}
	want := []string{"internationale Erklärung zur Regulierung künstlicher Intelligenz auf dem Schlachtfeld", "China", "United States"}
	if !reflect.DeepEqual(nodes, want) {
		t.Errorf("nodes %q, want %q", nodes, want)
	}
	edges := 0
	for _, q := range sub {
		if q.Label == nil {
			t.Errorf("quad without its document: %v", q)
		}
		if q.Predicate == Predicate(extract.Refused) {
			edges++
		}
		if o, ok := q.Object.(quad.IRI); ok && ix.model.Nodes[o] != nil && m.Nodes[o] == nil {
			t.Errorf("quad links outside the subgraph: %v", q)
		}
	}
	if edges != 2 { // United States and China, both from one document
		t.Errorf("%d direct refused edges, want 2", edges)
	}
}

func TestGizmo(t *testing.T) {
	seedIndex(t)
	st, err := Open(seedStore, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	const label = "<http://www.w3.org/2000/01/rdf-schema#label>"
	tests := []struct {
		name      string
		src       string
		limit     int
		want      []any
		truncated bool
	}{
		{"label", `g.V("<https://newsgraph.invalid/id/country/CN>").out("` + label + `").unique().all()`, 0, []any{map[string]any{"id": "China"}}, false},
		{"refusers", `g.V().has("` + label + `", "internationale Erklärung zur Regulierung künstlicher Intelligenz auf dem Schlachtfeld")` +
			`.in("<https://newsgraph.invalid/ns#refused>").out("` + label + `").unique().all()`, 0,
			[]any{map[string]any{"id": "United States"}, map[string]any{"id": "China"}}, false},
		{"emit", `g.emit({n: 1, s: "x"}); g.emit("done")`, 0, []any{map[string]any{"n": int64(1), "s": "x"}, "done"}, false},
		{"limit", `for (var i = 0; i < 100; i++) g.emit(i)`, 3, []any{int64(0), int64(1), int64(2)}, true},
		{"limit stops an endless producer", `while (true) g.emit(1)`, 2, []any{int64(1), int64(1)}, true},
		{"limit on paths", `g.V().all()`, 5, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := st.Gizmo(ctx, tt.src, GizmoOptions{Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "refusers" {
				sort.Slice(res.Values, func(i, j int) bool {
					return res.Values[i].(map[string]any)["id"].(string) > res.Values[j].(map[string]any)["id"].(string)
				})
			}
			if tt.want == nil && len(res.Values) == tt.limit {
				tt.want = res.Values
			}
			if !reflect.DeepEqual(res.Values, tt.want) || res.Truncated != tt.truncated {
				t.Errorf("got %#v (truncated %v), want %#v (truncated %v)", res.Values, res.Truncated, tt.want, tt.truncated)
			}
		})
	}
	for _, src := range []string{"g.V(", `throw new Error("boom")`, "undefinedFunction()"} {
		if _, err := st.Gizmo(ctx, src, GizmoOptions{}); err == nil || !strings.HasPrefix(err.Error(), "gizmo: ") {
			t.Errorf("%q: error %v", src, err)
		}
	}
}

// TestGizmoBounds runs queries that never end or grow without bound: each
// must fail within its limit with a clear error, and the store must still
// answer afterwards.
func TestGizmoBounds(t *testing.T) {
	seedIndex(t)
	st, err := Open(seedStore, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const mem = 48 << 20
	tests := []struct {
		name    string
		src     string
		timeout time.Duration
		want    []error // any of
		within  time.Duration
	}{
		{"endless loop", `while (true) {}`, 300 * time.Millisecond, []error{ErrQueryTimeout}, 5 * time.Second},
		{"endless traversal", `while (true) { g.V().toArray() }`, 300 * time.Millisecond, []error{ErrQueryTimeout}, 5 * time.Second},
		{"unbounded array", `var a = []; while (true) { a.push("xxxxxxxxxxxxxxxxxxxxxxxx" + a.length) }`, 30 * time.Second, []error{ErrQueryMemory}, 15 * time.Second},
		{"doubling string", `var s = "x"; while (true) { s = s + s }`, 30 * time.Second, []error{ErrQueryMemory}, 15 * time.Second},
		{"unbounded recursion", `function f(n) { return f(n + 1) + 1 } f(0)`, 30 * time.Second, []error{ErrQueryMemory}, 15 * time.Second},
		{"recursion through native calls", `function f(n) { [1].forEach(function () { f(n + 1) }) } f(0)`, 30 * time.Second, []error{ErrQueryMemory}, 15 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := st.Gizmo(context.Background(), tt.src, GizmoOptions{Timeout: tt.timeout, MaxMemory: mem})
			took := time.Since(start)
			ok := false
			for _, w := range tt.want {
				ok = ok || errors.Is(err, w)
			}
			if !ok {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if took > tt.within {
				t.Errorf("took %v, want under %v", took, tt.within)
			}
			t.Logf("%v after %v", err, took.Round(time.Millisecond))
			res, err := st.Gizmo(context.Background(), `g.emit("still here")`, GizmoOptions{})
			if err != nil || len(res.Values) != 1 {
				t.Errorf("the next query: %v, %v", res.Values, err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if _, err := st.Gizmo(ctx, `while (true) {}`, GizmoOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled query: %v", err)
	}
}
