package export

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// python is the interpreter that sees Debian's rdflib, networkx and pyld.
const python = "/usr/bin/python3"

// requirePython skips (or with NEWSGRAPH_REQUIRE_TOOLS=1 fails) unless
// /usr/bin/python3 imports the given modules.
func requirePython(t *testing.T, modules ...string) {
	t.Helper()
	requireTool(t, python)
	if out, err := exec.Command(python, "-c", "import "+strings.Join(modules, ", ")).CombinedOutput(); err != nil {
		if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s cannot import %s: %s", python, strings.Join(modules, ", "), out)
		}
		t.Skipf("%s cannot import %s", python, strings.Join(modules, ", "))
	}
}

// writeFormat writes in in the named format to dir/name.ext.
func writeFormat(t *testing.T, in *Input, dir, name string) string {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(context.Background(), &buf, in); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	path := filepath.Join(dir, name+f.Ext)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// run runs a command and fails the test on a non-zero exit or any output
// on standard error.
func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, truncate(stderr.String(), 2000))
	}
	return stdout.Bytes()
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// inputs are the graphs every format is checked with.
var inputs = []struct {
	name string
	in   func(t *testing.T) *Input
}{
	{"seeds", func(t *testing.T) *Input { return sampleInput(t) }},
	{"hostile", hostileInput},
}

// rdfFormats are the RDF formats with their names in rapper, serdi and
// rdflib ("" when the tool does not read the format).
var rdfFormats = []struct{ name, rapper, serdi, rdflib string }{
	{"ntriples", "ntriples", "ntriples", "nt"},
	{"nquads", "nquads", "nquads", "nquads"},
	{"turtle", "turtle", "turtle", "turtle"},
	{"trig", "trig", "trig", "trig"},
	{"jsonld", "", "", "json-ld"},
}

// mostSigned returns the label of the agreement with the most distinct
// signers and their labels, sorted.
func mostSigned(in *Input) (string, []string) {
	signers := map[quad.IRI]map[string]bool{}
	for _, e := range in.Model.Edges() {
		if e.Predicate == extract.Signed {
			if signers[e.Object] == nil {
				signers[e.Object] = map[string]bool{}
			}
			signers[e.Object][in.Model.Nodes[e.Subject].Label] = true
		}
	}
	var best quad.IRI
	for a, s := range signers {
		if best == "" || len(s) > len(signers[best]) || len(s) == len(signers[best]) && a < best {
			best = a
		}
	}
	var names []string
	for n := range signers[best] {
		names = append(names, n)
	}
	sort.Strings(names)
	return in.Model.Nodes[best].Label, names
}

// rdfCounts counts the RDF of in the way rdflib is asked to: distinct
// (s, p, o) triples over all graphs, and distinct quads. The store's
// triples plus the Web Annotation triples must make up the first.
func rdfCounts(t *testing.T, in *Input) (triples, quads int) {
	t.Helper()
	type spo struct{ s, p, o quad.Value }
	store := map[spo]bool{}
	for _, q := range in.Quads {
		store[spo{q.Subject, q.Predicate, q.Object}] = true
	}
	annot := map[spo]bool{}
	for _, q := range AnnotationQuads(in.Model) {
		if k := (spo{q.Subject, q.Predicate, q.Object}); !store[k] {
			annot[k] = true
		}
	}
	all := RDFQuads(in)
	t.Logf("store: %d quads, %d distinct triples; Web Annotation adds %d triples for %d statements; RDF: %d quads, %d triples",
		len(in.Quads), len(store), len(annot), len(in.Model.Facts), len(all), len(store)+len(annot))
	return len(store) + len(annot), len(all)
}

// TestRDFToolsRead checks every RDF export with the tools people load them
// with: rapper and serdi accept N-Triples, N-Quads, Turtle and TriG without
// a message; rdflib reads every format without a warning and finds exactly
// the store's distinct triples plus the Web Annotation triples (and, for
// the formats that keep graphs, every quad in its document's graph);
// pyld turns the JSON-LD into the same quads; and a SPARQL query over
// each finds the signers of the agreement with most signers.
func TestRDFToolsRead(t *testing.T) {
	for _, tc := range inputs {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in(t)
			dir := t.TempDir()
			paths := map[string]string{}
			for _, f := range rdfFormats {
				paths[f.name] = writeFormat(t, in, dir, f.name)
			}
			requireTool(t, "rapper")
			requireTool(t, "serdi")
			for _, f := range rdfFormats {
				if f.rapper != "" {
					run(t, "rapper", "-q", "-c", "-i", f.rapper, paths[f.name])
				}
				if f.serdi != "" {
					run(t, "serdi", "-i", f.serdi, "-o", "ntriples", paths[f.name])
				}
			}
			requirePython(t, "rdflib", "pyld")
			triples, quads := rdfCounts(t, in)
			agreement, signers := mostSigned(in)
			var files []map[string]string
			for _, f := range rdfFormats {
				files = append(files, map[string]string{"path": paths[f.name], "format": f.rdflib})
			}
			got := check(t, dir, files, agreement)
			for _, f := range rdfFormats {
				r := got[paths[f.name]]
				wantQuads := triples // formats without graphs hold one copy per triple
				if f.name == "nquads" || f.name == "trig" || f.name == "jsonld" {
					wantQuads = quads
				}
				if r.Triples != triples || r.Quads != wantQuads {
					t.Errorf("%s: rdflib reads %d triples, %d quads; want %d, %d", f.name, r.Triples, r.Quads, triples, wantQuads)
				}
				if len(r.Warnings) > 0 {
					t.Errorf("%s: rdflib warns: %s", f.name, truncate(strings.Join(r.Warnings, "; "), 1000))
				}
				if strings.Join(r.Signers, "\n") != strings.Join(signers, "\n") {
					t.Errorf("%s: SPARQL finds signers %q of %q, want %q", f.name, r.Signers, agreement, signers)
				}
				if f.name == "jsonld" && r.PyLDQuads != quads {
					t.Errorf("jsonld: pyld gives %d quads, want %d", r.PyLDQuads, quads)
				}
			}
		})
	}
}

// TestGraphToolsRead checks that networkx reads GraphML, GEXF and
// node-link JSON with every node and edge and every edge's evidence, and
// that the GEXF keeps to the GEXF 1.2 structure.
func TestGraphToolsRead(t *testing.T) {
	for _, tc := range inputs {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in(t)
			dir := t.TempDir()
			tab := newTable(in)
			var files []map[string]string
			for _, f := range []struct{ name, nx string }{{"graphml", "graphml"}, {"gexf", "gexf"}, {"nodelink", "nodelink"}} {
				files = append(files, map[string]string{"path": writeFormat(t, in, dir, f.name), "format": f.nx})
			}
			requirePython(t, "networkx")
			got := check(t, dir, files, "")
			for _, f := range files {
				r := got[f["path"]]
				if r.Nodes != len(tab.nodes) || r.Edges != len(tab.edges) || r.Missing != 0 || len(r.Errors) > 0 {
					t.Errorf("%s: networkx reads %d nodes, %d edges (%d without evidence), errors %q; want %d nodes, %d edges",
						f["format"], r.Nodes, r.Edges, r.Missing, r.Errors, len(tab.nodes), len(tab.edges))
				}
			}
		})
	}
}

// checked is what testdata/check.py reports for one file.
type checked struct {
	Triples, Quads, PyLDQuads int
	Signers, Warnings, Errors []string
	Nodes, Edges, Missing     int
}

func (c *checked) UnmarshalJSON(b []byte) error {
	var raw struct {
		Triples   int      `json:"triples"`
		Quads     int      `json:"quads"`
		PyLDQuads int      `json:"pyld_quads"`
		Signers   []string `json:"signers"`
		Warnings  []string `json:"warnings"`
		Errors    []string `json:"errors"`
		Nodes     int      `json:"nodes"`
		Edges     int      `json:"edges"`
		Missing   int      `json:"missing"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*c = checked(raw)
	return nil
}

// check runs testdata/check.py over files in one Python process.
func check(t *testing.T, dir string, files []map[string]string, agreement string) map[string]checked {
	t.Helper()
	spec, err := json.Marshal(map[string]any{"files": files, "agreement": agreement})
	if err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dir, "spec.json")
	if err := os.WriteFile(specPath, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	out := run(t, python, filepath.Join("testdata", "check.py"), specPath)
	got := map[string]checked{}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("check.py output: %v\n%s", err, truncate(string(out), 2000))
	}
	return got
}

// TestOntologyParses checks the vocabulary with rapper, serdi and rdflib,
// and that it declares, with English and German labels, every ng: term
// the exports of the sample store use.
func TestOntologyParses(t *testing.T) {
	dir := t.TempDir()
	path := writeFormat(t, sampleInput(t), dir, "ontology")
	requireTool(t, "rapper")
	requireTool(t, "serdi")
	run(t, "rapper", "-q", "-c", "-i", "turtle", path)
	run(t, "serdi", "-i", "turtle", "-o", "ntriples", path)
	used := map[string]bool{}
	each(RDFQuads(sampleInput(t)), func(v quad.IRI) {
		if s := string(v); strings.HasPrefix(s, "https://newsgraph.invalid/ns#") {
			used[s] = true
		}
	})
	for _, p := range []string{"signed", "attended", "refused", "buildsOn", "Agreement", "Initiative", "Statement"} {
		used["https://newsgraph.invalid/ns#"+p] = true
	}
	var terms []string
	for s := range used {
		terms = append(terms, s)
	}
	sort.Strings(terms)
	requirePython(t, "rdflib")
	script := `
import sys, rdflib
from rdflib.namespace import RDFS
g = rdflib.Graph(); g.parse(sys.argv[1], format="turtle")
for term in sys.argv[2:]:
    langs = {l.language for l in g.objects(rdflib.URIRef(term), RDFS.label)}
    comments = list(g.objects(rdflib.URIRef(term), RDFS.comment))
    if not {"en", "de"} <= langs or not comments:
        print("undeclared or unlabelled:", term)
`
	if out := run(t, python, append([]string{"-c", script, path}, terms...)...); len(out) > 0 {
		t.Errorf("ontology: %s", out)
	}
}

// TestExamplesRun runs the example notebooks on exports of the sample
// store.
func TestExamplesRun(t *testing.T) {
	in := sampleInput(t)
	dir := t.TempDir()
	trig := writeFormat(t, in, dir, "trig")
	nq := writeFormat(t, in, dir, "nquads")
	gml := writeFormat(t, in, dir, "graphml")
	agreement, signers := mostSigned(in)
	requirePython(t, "rdflib", "networkx")
	for _, path := range []string{trig, nq} {
		out := string(run(t, python, filepath.Join("..", "examples", "who_signed.py"), path))
		if !strings.Contains(out, agreement) || !strings.Contains(out, "signed by "+signers[0]) || !strings.Contains(out, "according to") {
			t.Errorf("who_signed.py %s does not name %q signed by %q:\n%s", filepath.Base(path), agreement, signers[0], out)
		}
	}
	out := string(run(t, python, filepath.Join("..", "examples", "rank_actors.py"), gml))
	if !strings.Contains(out, "   1  ") || !strings.Contains(out, "(Person)") {
		t.Errorf("rank_actors.py ranks nothing:\n%s", out)
	}
}
