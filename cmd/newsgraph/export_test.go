package main

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/export"
)

// sampleDB builds a store of the sample articles.
func sampleDB(t *testing.T) (db, dir string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "ng.db")
	// The store's and the queries' tests read the facts the hand-written
	// rules find in the samples: known facts, whatever the learned model
	// makes of these texts (TestExtractionFloor measures that).
	if _, stderr, err := newsgraph(t, "", "--db", db, "build", "--rules", seeds); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	return db, dir
}

func TestExportEveryFormat(t *testing.T) {
	db, dir := sampleDB(t)
	for _, f := range export.Formats {
		path := filepath.Join(dir, "g"+f.Ext+"."+f.Name)
		if _, stderr, err := newsgraph(t, "", "--db", db, "export", "--format", f.Name, "-o", path); err != nil {
			t.Errorf("export %s: %v\n%s", f.Name, err, stderr)
			continue
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("export %s wrote nothing", f.Name)
		}
	}
	stdout, _, err := newsgraph(t, "", "--db", db, "export", "--format", "turtle")
	file, _ := os.ReadFile(filepath.Join(dir, "g.ttl.turtle"))
	if err != nil || stdout != string(file) {
		t.Errorf("turtle on stdout differs from -o: %v", err)
	}
}

// nodeLink exports the store as node-link JSON with extra arguments and
// returns the node labels and edge relations.
func nodeLink(t *testing.T, db string, args ...string) (labels, relations []string) {
	t.Helper()
	out, stderr, err := newsgraph(t, "", append([]string{"--db", db, "export", "--format", "nodelink"}, args...)...)
	if err != nil {
		t.Fatalf("export %q: %v\n%s", args, err, stderr)
	}
	var g struct {
		Nodes []struct{ Label string }
		Links []struct {
			Relation string
			Document string
		}
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatal(err)
	}
	for _, n := range g.Nodes {
		labels = append(labels, n.Label)
	}
	for _, l := range g.Links {
		relations = append(relations, l.Relation)
	}
	return labels, relations
}

func TestExportFilters(t *testing.T) {
	db, _ := sampleDB(t)
	_, all := nodeLink(t, db)
	tests := []struct {
		args []string
		ok   func(labels, relations []string) bool
	}{
		{[]string{"--predicate", "refused"}, func(l, r []string) bool { return len(r) > 0 && only(r, "refused") }},
		{[]string{"--predicate", "signed,builds-on"}, func(l, r []string) bool { return len(r) > 0 && only(r, "signed", "builds-on") }},
		{[]string{"--type", "Person", "--type", "agreement"}, func(l, r []string) bool {
			return contains(r, "signed") && only(r, "signed", "builds-on") && !contains(l, "China")
		}},
		{[]string{"--focus", "evan solomon", "--depth", "1"}, func(l, r []string) bool { return contains(l, "Evan Solomon") && len(r) > 0 && len(r) < len(all) }},
		{[]string{"--focus", "Evan Solomon", "--depth", "0"}, func(l, r []string) bool { return len(l) == 1 && len(r) == 0 }},
		{[]string{"--source", "004_54f3986458c6a991.txt"}, func(l, r []string) bool {
			return contains(l, "China") && contains(r, "refused") && only(r, "refused", "affiliated-with")
		}},
		{[]string{"--since", "2026-02-17", "--until", "2026-02-20"}, func(l, r []string) bool { return len(r) > 0 && len(r) < len(all) }},
		{[]string{"--min-confidence", "0.8"}, func(l, r []string) bool { return len(r) > 0 && len(r) < len(all) }},
		{[]string{"--since", "2030"}, func(l, r []string) bool { return len(l) == 0 && len(r) == 0 }},
	}
	for _, tt := range tests {
		labels, relations := nodeLink(t, db, tt.args...)
		if !tt.ok(labels, relations) {
			t.Errorf("%q: nodes %q, edges %q", tt.args, labels, relations)
		}
	}
	// Filters apply to every format: the RDF keeps only the kept facts.
	nt, _, err := newsgraph(t, "", "--db", db, "export", "--format", "ntriples", "--predicate", "refused")
	if err != nil || strings.Contains(nt, "#signed>") || !strings.Contains(nt, "#refused>") {
		t.Errorf("N-Triples with --predicate refused: %v", err)
	}
}

func only(s []string, allowed ...string) bool {
	for _, v := range s {
		if !contains(allowed, v) {
			return false
		}
	}
	return true
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestExportCSV(t *testing.T) {
	db, dir := sampleDB(t)
	out := filepath.Join(dir, "tables") + string(os.PathSeparator)
	if _, stderr, err := newsgraph(t, "", "--db", db, "export", "--format", "csv", "-o", out); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, name := range []string{"nodes.csv", "edges.csv"} {
		f, err := os.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(rows) < 2 {
			t.Errorf("%s: %d rows, %v", name, len(rows), err)
		}
	}
	zipPath := filepath.Join(dir, "tables.zip")
	if _, _, err := newsgraph(t, "", "--db", db, "export", "--format", "csv", "-o", zipPath); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 2 || zr.File[0].Name != "nodes.csv" || zr.File[1].Name != "edges.csv" {
		t.Errorf("zip entries %v", zr.File)
	}
}

func TestExportBadValues(t *testing.T) {
	db, _ := sampleDB(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, "want one of dot, nquads, png, svg, ntriples"},
		{[]string{"--format", "dot", "--predicate", "met"}, "want one of signed, attended, refused, builds-on"},
		{[]string{"--format", "dot", "--type", "City"}, "want one of Person, Country"},
		{[]string{"--format", "dot", "--since", "Feb 2026"}, "want YYYY, YYYY-MM or YYYY-MM-DD"},
		{[]string{"--format", "dot", "--min-confidence", "2"}, "--min-confidence \"2\": want a number from 0 to 1"},
		{[]string{"--format", "dot", "--hide-below", "x"}, "--hide-below \"x\": want a number from 0 to 1"},
		{[]string{"--format", "dot", "--cluster", "topic"}, "want none, event or source"},
		{[]string{"--format", "dot", "--layout", "circo"}, "want auto, dot, sfdp or neato"},
		{[]string{"--format", "dot", "--depth", "-1", "--focus", "China"}, "want 0 or more hops"},
		{[]string{"--format", "dot", "--focus", "Wildberg"}, `did you mean "Karsten Wildberger"`},
		{[]string{"--format", "dot", "--source", "nope.txt"}, "no such document; documents are"},
	}
	for _, tt := range tests {
		_, _, err := newsgraph(t, "", append([]string{"--db", db, "export"}, tt.args...)...)
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want a usage error containing %q", tt.args, err, tt.want)
		}
	}
}

func TestExportHelpAndOntology(t *testing.T) {
	out, _, err := newsgraph(t, "", "export", "--help")
	if err != nil || !strings.Contains(out, "graphml") || !strings.Contains(out, "-min-confidence") {
		t.Errorf("export --help: %v\n%s", err, out)
	}
	// The vocabulary needs no store.
	out, _, err = newsgraph(t, "", "--db", filepath.Join(t.TempDir(), "none.db"), "export", "--format", "ontology")
	if err != nil || !strings.Contains(out, "ng:signed a owl:ObjectProperty") {
		t.Errorf("export --format ontology: %v", err)
	}
}
