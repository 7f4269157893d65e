package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// TestQueryIndexedAgrees checks that show, sources and path, which read
// only the quads their answer needs, write exactly what the whole store's
// index gives: for every entity of the sample store by label, IRI and
// alias (and some names that are ambiguous, partial or unknown), in every
// output form, with --limit (which reads less) and with --export.
func TestQueryIndexedAgrees(t *testing.T) {
	db := seedDB(t)
	ctx := context.Background()
	g := newGlobals()
	g.db = db
	full, err := loadIndex(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	nodes := full.Model().SortedNodes()
	var names []string
	for _, n := range nodes {
		names = append(names, n.Label, "<"+string(n.IRI)+">")
		names = append(names, n.Aliases...)
	}
	names = append(names, "DE", "deutschland", "KANADA", "Wildberger", "Allianz", "no such thing", " ")
	modes := []struct {
		name string
		q    queryFlags
	}{
		{"text", queryFlags{}},
		{"json", queryFlags{json: true}},
		{"csv", queryFlags{csv: true}},
		{"limit", queryFlags{limit: 1}},
		{"limit 3", queryFlags{limit: 3}},
		{"limit csv", queryFlags{limit: 2, csv: true}},
		{"limit json", queryFlags{limit: 2, json: true}},
		{"export", queryFlags{format: "nquads"}},
		{"limit export", queryFlags{limit: 1, format: "nquads"}},
	}
	// answer runs a subcommand on ix and returns everything it wrote.
	answer := func(ix *graph.Index, sub string, args []string, q queryFlags) string {
		var out, errOut bytes.Buffer
		err := answerQuery(ctx, g, ix, sub, args, &q, &out, &errOut)
		return fmt.Sprintf("stdout:\n%s\nstderr:\n%s\nerror: %v", out.String(), errOut.String(), err)
	}
	answered := map[string]int{}
	compare := func(sub string, args ...string) {
		t.Helper()
		for _, m := range modes {
			ix, err := queryIndex(ctx, g, sub, args, &m.q)
			if err != nil {
				t.Fatalf("query %s %q: %v", sub, args, err)
			}
			if got, want := answer(ix, sub, args, m.q), answer(full, sub, args, m.q); got != want {
				t.Errorf("query %s %q (%s) differs from the whole store's answer:\n got %s\nwant %s", sub, args, m.name, got, want)
			} else if strings.HasSuffix(want, "error: <nil>") && !strings.Contains(want, "(none)") {
				answered[sub]++
			}
		}
	}
	for _, name := range names {
		compare("show", name)
		compare("sources", name)
	}
	// Every connected pair, and some of the others.
	pairs := 0
	for i, a := range nodes {
		for j, b := range nodes {
			if _, err := full.Path(a.IRI, b.IRI); err != nil && (i+j)%13 != 0 {
				continue
			}
			if pairs++; pairs%4 == 0 {
				compare("path", a.Label, b.Label)
			} else {
				compare("path", "<"+string(a.IRI)+">", "<"+string(b.IRI)+">")
			}
		}
	}
	for sub, least := range map[string]int{"show": 500, "sources": 500, "path": 300} {
		if answered[sub] < least {
			t.Errorf("only %d answers of query %s with results, want %d or more", answered[sub], sub, least)
		}
	}
	t.Logf("answers with results: %v", answered)
}
