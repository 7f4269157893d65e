package export

import (
	"bytes"
	"context"
	"flag"
	"os/exec"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// fuzzInput builds a graph from fuzzed text: a person and an agreement
// named by it, a document titled by it, evidence quoting it.
func fuzzInput(t *testing.T, name, title string) *Input {
	m, err := graph.NewMinter("")
	if err != nil {
		t.Fatal(err)
	}
	r := result(title, []string{name, "Pact " + name, name + " 2", "Accord"})
	if title != "" {
		r.Doc.Title = title
	}
	return NewInput(graph.DocumentQuads(m, r), title)
}

// fuzzing reports whether the test binary runs with -fuzz.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// FuzzWriters checks the property every writer promises: whatever the
// names, the output parses again, with everything in it. Go parsers check
// N-Quads, N-Triples, JSON-LD, the JSON, XML and CSV formats and DOT;
// serdi, when installed, checks Turtle and TriG.
func FuzzWriters(f *testing.F) {
	for i, n := range hostileNames {
		f.Add(n, hostileNames[(i+1)%len(hostileNames)])
	}
	f.Add("", "")
	f.Add("a\\#b", "x:y")
	f.Add("\xff\xfe", "\u2028\u2029")
	f.Add("%41%zz", "@prefix")
	// serdi runs as a process per call, tens of milliseconds: on the seeds
	// and the stored failing inputs (every plain go test), not while
	// fuzzing, where it slows the fuzzer to a few inputs a second and a
	// slow input at the deadline fails the run ("context deadline
	// exceeded"). The Go parsers check every fuzzed input.
	serdi, _ := exec.LookPath("serdi")
	if fuzzing() {
		serdi = ""
	}
	f.Fuzz(func(t *testing.T, name, title string) {
		in := fuzzInput(t, name, title)
		for _, fm := range Formats {
			if fm.Name == "png" || fm.Name == "svg" || fm.Name == "ontology" {
				continue // rendering is covered by TestEveryFormat; slow here
			}
			var buf bytes.Buffer
			if err := fm.Write(context.Background(), &buf, in); err != nil {
				t.Fatalf("%s: %v", fm.Name, err)
			}
			n, err := parsers[fm.Name](buf.Bytes())
			if err != nil {
				t.Fatalf("%s output does not parse: %v\n%s", fm.Name, err, truncate(buf.String(), 3000))
			}
			if want := wantCount(fm.Name, in); n != want {
				t.Fatalf("%s: parsed %d items, want %d", fm.Name, n, want)
			}
			if serdi != "" && (fm.Name == "turtle" || fm.Name == "trig") {
				cmd := exec.Command(serdi, "-i", fm.Name, "-o", "nquads", "-")
				cmd.Stdin = bytes.NewReader(buf.Bytes())
				var out, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &stderr
				if err := cmd.Run(); err != nil || stderr.Len() > 0 {
					t.Fatalf("serdi rejects the %s: %v %s\n%s", fm.Name, err, stderr.String(), truncate(buf.String(), 3000))
				}
				want := len(triples(RDFQuads(in)))
				if fm.Name == "trig" {
					want = len(RDFQuads(in))
				}
				if got := strings.Count(out.String(), "\n"); got != want {
					t.Fatalf("serdi reads %d statements from the %s, want %d", got, fm.Name, want)
				}
			}
		}
	})
}
