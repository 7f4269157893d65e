package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// seedDB builds a store of the sample articles.
func seedDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "ng.db")
	// The store's and the queries' tests read the facts the hand-written
	// rules find in the samples: known facts, whatever the learned model
	// makes of these texts (TestExtractionFloor measures that).
	if _, stderr, err := newsgraph(t, "", "--db", db, "build", "--rules", seeds); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	return db
}

// handDB builds a store of hand-made extraction results.
func handDB(t *testing.T, results ...*extract.Result) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "hand.db")
	st, err := graph.Open(db, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if _, err := st.Put(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

// article makes an extraction result whose relations' evidence is the
// whole text.
func article(id, text string, ents []extract.Entity, rels []extract.Relation) *extract.Result {
	n := len([]rune(text))
	for i := range ents {
		if ents[i].Key == "" {
			ents[i].Key = extract.Slug(ents[i].Name)
		}
		ents[i].Mentions = []extract.Span{{Start: 0, End: 1}}
	}
	for i := range rels {
		rels[i].Sentence, rels[i].Span, rels[i].Confidence = text, extract.Span{Start: 0, End: n}, 0.9
		if rels[i].Modality == "" {
			rels[i].Modality = extract.Asserted
		}
	}
	return &extract.Result{Doc: &extract.Document{ID: id, Title: id, Lang: "de", Text: text}, Lang: "de", Entities: ents, Relations: rels}
}

// column returns the distinct values of a CSV column, sorted.
func column(t *testing.T, out, name string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	i := slices.Index(recs[0], name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, recs[0])
	}
	var vals []string
	for _, r := range recs[1:] {
		if !slices.Contains(vals, r[i]) {
			vals = append(vals, r[i])
		}
	}
	sort.Strings(vals)
	return vals
}

func TestQueryShortcuts(t *testing.T) {
	db := seedDB(t)
	tests := []struct {
		name string
		args []string
		want []string // lines or fragments of standard output
		not  []string
	}{
		{"stats", []string{"query", "stats"}, []string{"documents          5\n", "facts              25\n", "  refused          4\n", "  affiliated-with  7\n", "  person           7\n"}, nil},
		{"show by ISO code", []string{"query", "show", "CN"}, []string{
			"ENTITY    China", "iso code  CN", "aliases   Peking; Volksrepublik", "facts     2",
			"China    refused    internationale Erklärung zur Regulierung künstlicher Intelligenz auf dem Schlachtfeld  asserted  0.77",
			"“In A Coruña verweigerten die zwei weltweit führenden Mächte ihre Unterschrift",
			"2026-02-05  2      ../../testdata/seeds/004_54f3986458c6a991.txt"}, nil},
		{"show by German alias", []string{"query", "show", "vereinigten staaten"}, []string{"ENTITY    United States", "iso code  US"}, nil},
		{"refusers of the REAIM declaration", []string{"query", "facts", "--predicate", "refused", "--object", "Regulierung künstlicher Intelligenz"},
			[]string{"China          refused", "United States  refused"}, []string{"signed"}},
		{"signers of the letter of intent", []string{"query", "facts", "--predicate", "signed", "--object", "Absichtserklärung Kanada, 2026-02-14"},
			[]string{"Evan Solomon                 signed", "Karsten Wildberger           signed", "François-Philippe Champagne  signed"}, []string{"refused"}},
		{"facts by subject", []string{"query", "facts", "--subject", "wildberger", "--predicate", "attended", "--asserted"},
			[]string{"Karsten Wildberger  attended   Münchner Sicherheitskonferenz"}, []string{"signed"}},
		{"neighbors", []string{"query", "neighbors", "Karsten Wildberger", "--depth", "2"},
			[]string{"0     Person     Karsten Wildberger", "2     Person     Evan Solomon", "2     Agreement  Digital-Allianz"}, []string{"China"}},
		{"path", []string{"query", "path", "Karsten Wildberger", "Digital-Allianz"}, []string{
			"Karsten Wildberger → Digital-Allianz: 2 hops",
			"1    Karsten Wildberger                    signed     Absichtserklärung Kanada, 2026-02-14",
			"2    Absichtserklärung Kanada, 2026-02-14  builds-on  Digital-Allianz",
			"“Die Kooperation baut auf der im Dezember 2025 geschlossenen Digital-Allianz beider Länder auf.”"}, nil},
		{"sources", []string{"query", "sources", "Deutschland"}, []string{"PUBLISHED   FACTS  SOURCE", "2026-02-11  0      ../../testdata/seeds/003_da86c277f90aab6e.txt  KI-Infrastruktur: Neue digitale Kluft droht"}, nil},
		{"limit", []string{"query", "facts", "--predicate", "builds-on", "--limit", "1"}, []string{"builds-on"}, []string{"Deutschland-ID", "OZG 2.0"}},
		// The second article's "gemeinsame Erklärung zur KI-Zusammenarbeit"
		// is the declaration of the first two, signed by others.
		{"conflicts", []string{"conflicts"}, []string{"signatories  A     Evan Solomon", "signatories  B     François-Philippe Champagne"}, []string{"(none)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := newsgraph(t, "", append([]string{"--db", db}, tt.args...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestQueryJSONAndCSV(t *testing.T) {
	db := seedDB(t)
	out, stderr, err := newsgraph(t, "", "--db", db, "query", "facts", "--predicate", "refused", "--object", "Regulierung künstlicher Intelligenz", "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var claims []graph.Claim
	if err := json.Unmarshal([]byte(out), &claims); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var subj []string
	for _, c := range claims {
		if !slices.Contains(subj, c.Subject.Label) {
			subj = append(subj, c.Subject.Label)
		}
		if c.Evidence == "" || c.Source.ID == "" || c.Subject.IRI == "" {
			t.Errorf("claim without evidence, source or IRI: %+v", c)
		}
	}
	sort.Strings(subj)
	if !reflect.DeepEqual(subj, []string{"China", "United States"}) {
		t.Errorf("refusers %q", subj)
	}

	out, _, err = newsgraph(t, "", "--db", db, "query", "facts", "--predicate", "signed", "--object", "Absichtserklärung Kanada, 2026-02-14", "--csv")
	if err != nil {
		t.Fatal(err)
	}
	// Four signers from two articles: resolution merged the declaration
	// the third article calls "gemeinsame Erklärung zur KI-Zusammenarbeit".
	if got := column(t, out, "subject"); !reflect.DeepEqual(got, []string{"Bettina Stark-Watzinger", "Evan Solomon", "François-Philippe Champagne", "Karsten Wildberger"}) {
		t.Errorf("signers %q", got)
	}
	if got := column(t, out, "subject_iri"); !reflect.DeepEqual(got, []string{"https://newsgraph.invalid/id/person/bettina-stark-watzinger", "https://newsgraph.invalid/id/person/evan-solomon", "https://newsgraph.invalid/id/person/francois-philippe-champagne", "https://newsgraph.invalid/id/person/karsten-wildberger"}) {
		t.Errorf("signer IRIs %q", got)
	}

	out, _, err = newsgraph(t, "", "--db", db, "query", "neighbors", "China", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var nb graph.Neighborhood
	if err := json.Unmarshal([]byte(out), &nb); err != nil || nb.Center.Label != "China" || len(nb.Nodes) != 2 || len(nb.Claims) != 2 {
		t.Errorf("neighbors --json: %v %+v", err, nb)
	}
	out, _, err = newsgraph(t, "", "--db", db, "query", "stats", "--json")
	var st map[string]any
	if err != nil || json.Unmarshal([]byte(out), &st) != nil || st["documents"] != float64(5) {
		t.Errorf("stats --json: %v %s", err, out)
	}
}

func TestQueryResolveErrors(t *testing.T) {
	db := seedDB(t)
	out, stderr, err := newsgraph(t, "", "--db", db, "query", "show", "Absichtserklärung")
	if err == nil || exitCodeOf(err) != 1 {
		t.Fatalf("ambiguous name: %v", err)
	}
	for _, w := range []string{`"Absichtserklärung" is ambiguous`, "Agreement  Absichtserklärung 2026-01", "Agreement  Absichtserklärung Kanada, 2026-02-14",
		"  https://newsgraph.invalid/id/agreement/absichtserklarung-"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	if out != "" {
		t.Errorf("ambiguous name printed a result:\n%s", out)
	}
	out, _, _ = newsgraph(t, "", "--db", db, "query", "show", "Absichtserklärung", "--json")
	var amb struct {
		Error      string
		Candidates []graph.Ref
	}
	if json.Unmarshal([]byte(out), &amb) != nil || amb.Error != "ambiguous" || len(amb.Candidates) < 2 {
		t.Errorf("ambiguous --json: %s", out)
	}
	_, _, err = newsgraph(t, "", "--db", db, "query", "show", "Wildberg")
	if err == nil || !strings.Contains(err.Error(), `no entity matches "Wildberg"; did you mean: Karsten Wildberger`) {
		t.Errorf("unknown name: %v", err)
	}
	_, _, err = newsgraph(t, "", "--db", db, "query", "path", "Evan Solomon", "Bund-ID")
	if !errors.Is(err, graph.ErrNoPath) {
		t.Errorf("no path: %v", err)
	}
}

func TestQueryExport(t *testing.T) {
	db := seedDB(t)
	dir := t.TempDir()
	nq := filepath.Join(dir, "refusals.nq")
	out, stderr, err := newsgraph(t, "", "--db", db, "query", "facts", "--predicate", "refused", "--object", "Regulierung künstlicher Intelligenz", "--export", "nquads", "-o", nq)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(out, "China") || !strings.Contains(stderr, "wrote "+nq+" (4 facts") {
		t.Errorf("with -o, the table still goes to stdout and a note to stderr:\n%s\n%s", out, stderr)
	}
	b, err := os.ReadFile(nq)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, w := range []string{"<https://newsgraph.invalid/id/country/US> <https://newsgraph.invalid/ns#refused>", "<https://newsgraph.invalid/id/country/CN> <https://newsgraph.invalid/ns#refused>", "verweigerten"} {
		if !strings.Contains(text, w) {
			t.Errorf("export lacks %q", w)
		}
	}
	for _, w := range []string{"country/DE", "#signed>"} {
		if strings.Contains(text, w) {
			t.Errorf("export of the refusals holds %q", w)
		}
	}
	out, _, err = newsgraph(t, "", "--db", db, "query", "neighbors", "China", "--export", "dot")
	if err != nil || !strings.Contains(out, "digraph") || !strings.Contains(out, "China") {
		t.Errorf("export to stdout: %v\n%s", err, out)
	}
	out, _, err = newsgraph(t, "", "--db", db, "query", "gizmo", "--export", "nquads",
		`g.V("<https://newsgraph.invalid/id/country/CN>", "<https://newsgraph.invalid/id/country/US>").all()`)
	if err != nil || strings.Count(out, "#refused> <") != 0 || !strings.Contains(out, `"China"`) {
		t.Errorf("gizmo export of two unconnected states: %v\n%s", err, out)
	}
}

func TestQueryGizmo(t *testing.T) {
	db := seedDB(t)
	label := `"<http://www.w3.org/2000/01/rdf-schema#label>"`
	out, stderr, err := newsgraph(t, "", "--db", db, "query", "gizmo",
		`g.V().has(`+label+`, "China").out("<https://newsgraph.invalid/ns#refused>").out(`+label+`).unique().all()`)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if want := "ID\ninternationale Erklärung zur Regulierung künstlicher Intelligenz auf dem Schlachtfeld\n"; out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	script := filepath.Join(t.TempDir(), "q.js")
	os.WriteFile(script, []byte(`g.emit({state: "CN", n: 2}); g.emit({state: "US", n: 1})`), 0o644)
	out, _, err = newsgraph(t, "", "--db", db, "query", "gizmo", "-f", script, "--csv")
	if err != nil || out != "n,state\n2,CN\n1,US\n" {
		t.Errorf("-f --csv: %v\n%q", err, out)
	}
	out, _, err = newsgraph(t, "", "--db", db, "query", "gizmo", "--json", "--limit", "2", `g.V().all()`)
	var res graph.GizmoResult
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || len(res.Values) != 2 || !res.Truncated {
		t.Errorf("--json --limit 2: %v\n%s", err, out)
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"endless loop", []string{"--timeout", "300ms", "while (true) {}"}, "query ran past its time limit (300ms)"},
		{"unbounded allocation", []string{"--max-memory", "32", "var a = []; while (true) a.push(new Array(1000).join('x') + a.length)"}, "query used more memory than allowed (32 MiB)"},
		{"unbounded recursion", []string{"--max-memory", "32", "function f(n) { return f(n + 1) + 1 } f(0)"}, "query used more memory than allowed"},
		{"syntax error", []string{"g.V("}, "gizmo: SyntaxError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := newsgraph(t, "", append([]string{"--db", db, "query", "gizmo"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if took := time.Since(start); took > 15*time.Second {
				t.Errorf("took %v", took)
			}
			// The process goes on: the next query answers.
			if out, _, err := newsgraph(t, "", "--db", db, "query", "gizmo", `g.emit("alive")`); err != nil || out != "VALUE\nalive\n" {
				t.Errorf("after the failed query: %v %q", err, out)
			}
		})
	}
}

func TestConflictsCommand(t *testing.T) {
	ca := extract.Entity{ID: "ca", Type: extract.Country, Name: "Canada", Key: "CA"}
	mx := extract.Entity{ID: "mx", Type: extract.Country, Name: "Mexico", Key: "MX"}
	accord := extract.Entity{ID: "a", Type: extract.Agreement, Name: "Pazifikabkommen"}
	db := handDB(t,
		article("a.txt", "Kanada und Mexiko unterzeichneten das Pazifikabkommen.", []extract.Entity{ca, mx, accord},
			[]extract.Relation{{Subject: "ca", Predicate: extract.Signed, Object: "a"}, {Subject: "mx", Predicate: extract.Signed, Object: "a"}}),
		article("b.txt", "Mexiko verweigerte die Unterschrift unter das Pazifikabkommen.", []extract.Entity{mx, accord},
			[]extract.Relation{{Subject: "mx", Predicate: extract.Refused, Object: "a"}}))
	out, stderr, err := newsgraph(t, "", "--db", db, "conflicts")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, w := range []string{
		"1  signed-vs-refused  A     Mexico   signed     Pazifikabkommen",
		"1  signed-vs-refused  B     Mexico   refused    Pazifikabkommen",
		"“Mexiko verweigerte die Unterschrift unter das Pazifikabkommen.”",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	out, _, err = newsgraph(t, "", "--db", db, "conflicts", "--json")
	var cs []graph.Conflict
	if err != nil || json.Unmarshal([]byte(out), &cs) != nil || len(cs) != 1 || cs[0].Kind != graph.SignedRefused || cs[0].B.Source.ID != "b.txt" {
		t.Errorf("conflicts --json: %v\n%s", err, out)
	}
}

func TestQueryHostileNames(t *testing.T) {
	evil := extract.Entity{ID: "e", Type: extract.Organization, Name: "Evil\x1b]0;pwned\x07 Corp\tInc\nNewline", Key: "evil"}
	accord := extract.Entity{ID: "a", Type: extract.Agreement, Name: `<img src=x onerror=alert(1)>`}
	db := handDB(t, article("x.txt", "Evil Corp unterzeichnete <img src=x onerror=alert(1)>.", []extract.Entity{evil, accord},
		[]extract.Relation{{Subject: "e", Predicate: extract.Signed, Object: "a"}}))
	out, _, err := newsgraph(t, "", "--db", db, "query", "show", "pwned corp")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out, "\x1b\x07\t") {
		t.Errorf("control characters reach the terminal:\n%q", out)
	}
	if !strings.Contains(out, "Evil�]0;pwned� Corp Inc Newline  signed     <img src=x onerror=alert(1)>") {
		t.Errorf("hostile names not shown as text:\n%s", out)
	}
}

func TestQueryUsage(t *testing.T) {
	db := seedDB(t)
	for _, args := range [][]string{
		{"query"},
		{"query", "frobnicate"},
		{"query", "show"},
		{"query", "show", "a", "b"},
		{"query", "path", "China"},
		{"query", "neighbors", "China", "--depth", "0"},
		{"query", "stats", "--depth", "2"},
		{"query", "facts", "--predicate", "married"},
		{"query", "show", "China", "--json", "--csv"},
		{"query", "show", "China", "-o", "x.nq"},
		{"query", "show", "China", "--export", "xml"},
		{"query", "gizmo"},
		{"query", "gizmo", "--max-memory", "0", "g.V()"},
		{"conflicts", "extra"},
		{"conflicts", "--depth", "2"},
		{"serve", "--addr", "0.0.0.0:0"},
		{"serve", "--addr", "192.0.2.1:8080"},
		{"serve", "--addr", "nonsense"},
	} {
		_, _, err := newsgraph(t, "", append([]string{"--db", db}, args...)...)
		var ue *usageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: error %v, want a usage error", args, err)
		}
	}
	if _, _, err := newsgraph(t, "", "--db", filepath.Join(t.TempDir(), "none.db"), "query", "show", "China"); !errors.Is(err, graph.ErrNoStore) {
		t.Errorf("query of a missing store: %v", err)
	}
}
