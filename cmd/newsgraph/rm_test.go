package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// mustRun runs a command line in process and fails the test on an error.
func mustRun(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	stdout, stderr, err := newsgraph(t, "", args...)
	if err != nil {
		t.Fatalf("newsgraph %q: %v\n%s", args, err, stderr)
	}
	return stdout, stderr
}

// soundStats checks the store and returns its counts.
func soundStats(t *testing.T, db string) string {
	t.Helper()
	out, _ := mustRun(t, "--db", db, "check")
	if !strings.Contains(out, ": sound: ") {
		t.Fatalf("check: %s", out)
	}
	return stats(t, db)
}

// TestReingestAndRemove ingests a corpus again (unchanged counts), removes
// documents by path, IRI and record id (exactly their quads go, no orphan
// nodes stay), refuses unknown documents without touching the store, and
// builds the removed documents back to the original store.
func TestReingestAndRemove(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	n := 40
	if raceEnabled() {
		n = 15
	}
	docs := writeCorpus(t, corpus, n, 0)
	db := filepath.Join(dir, "ng.db")
	t.Chdir(dir)

	mustRun(t, "--db", db, "build", "corpus")
	original := soundStats(t, db)
	originalQuads := storedQuads(t, db)
	if len(originalQuads) != docs {
		t.Fatalf("store holds %d documents, want %d", len(originalQuads), docs)
	}

	// Ingesting again, also under another spelling of the same path,
	// changes nothing.
	for _, path := range []string{"corpus", "./corpus/", "corpus//"} {
		_, stderr := mustRun(t, "--db", db, "build", path)
		if !strings.Contains(stderr, "0 changed") {
			t.Errorf("build %s again: %s", path, stderr)
		}
		if again := soundStats(t, db); again != original {
			t.Errorf("build %s again changed the counts:\n%s\nvs\n%s", path, original, again)
		}
	}

	st, err := graph.Open(db, graph.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	m := st.Minter()
	st.Close()
	removed := map[string]bool{}
	for _, tt := range []struct {
		name string // as given to rm
		id   string // the document's ID
	}{
		{"corpus/0003.txt", "corpus/0003.txt"},
		{"./corpus/0004.txt", "corpus/0004.txt"},
		{string(m.Document("corpus/0005.txt")), "corpus/0005.txt"},
		{"<" + string(m.Document("corpus/0006.txt")) + ">", "corpus/0006.txt"},
		{"feed-3", "feed-3"},
	} {
		before := storedQuads(t, db)
		_, stderr := mustRun(t, "--db", db, "rm", tt.name)
		iri := string(m.Document(tt.id))
		if !strings.Contains(stderr, "removed "+tt.id) {
			t.Errorf("rm %s: %s", tt.name, stderr)
		}
		after := storedQuads(t, db)
		if _, ok := after[iri]; ok || len(after) != len(before)-1 {
			t.Errorf("rm %s: %d documents before, %d after; %s still there: %t", tt.name, len(before), len(after), tt.id, ok)
		}
		delete(before, iri)
		if !equalDocs(before, after) {
			t.Errorf("rm %s touched other documents", tt.name)
		}
		soundStats(t, db) // no orphan nodes, counts consistent
		removed[iri] = true
	}

	before := storedQuads(t, db)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"corpus/nope.txt"}, `"corpus/nope.txt"`},
		{[]string{"corpus/0007.txt", "0008.txt"}, `"0008.txt"`}, // one unknown: nothing goes
		{[]string{"corpus/0003.txt"}, `"corpus/0003.txt"`},      // removed already
		{[]string{"https://newsgraph.invalid/id/doc/000000000000000000000000"}, "no such document"},
	} {
		_, _, err := newsgraph(t, "", append([]string{"--db", db, "rm"}, tt.args...)...)
		if err == nil {
			t.Errorf("rm %q succeeded", tt.args)
			continue
		}
		if code := exitCodeOf(err); code != 1 {
			t.Errorf("rm %q: exit code %d, want 1", tt.args, code)
		}
		if msg := err.Error(); !errors.Is(err, graph.ErrNoDocument) || !strings.Contains(msg, tt.want) || !strings.Contains(msg, "it holds") {
			t.Errorf("rm %q: %q: want a no-such-document error naming %s and the store's documents", tt.args, msg, tt.want)
		}
	}
	if after := storedQuads(t, db); !equalDocs(before, after) {
		t.Error("a failed rm changed the store")
	}
	if _, _, err := newsgraph(t, "", "--db", db, "rm"); exitCodeOf(err) != 2 {
		t.Errorf("rm without documents: %v, want a usage error", err)
	}

	// Building again brings back exactly what was removed.
	_, stderr := mustRun(t, "--db", db, "build", "corpus")
	if want := "5 changed"; !strings.Contains(stderr, want) {
		t.Errorf("rebuild after rm: %s, want %s", stderr, want)
	}
	if got := soundStats(t, db); got != original {
		t.Errorf("after rebuilding the removed documents:\n%s\nwant\n%s", got, original)
	}
	if got := storedQuads(t, db); !equalDocs(got, originalQuads) {
		t.Error("the rebuilt store differs from the original")
	}
}
