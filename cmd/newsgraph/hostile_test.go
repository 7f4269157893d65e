package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// outFiles are the files build --out writes.
var outFiles = []string{"graph.dot", "graph.nq", "graph.svg"}

// TestBuildOutPaths checks where build --out writes: only its three fixed
// names, in the directory named (after cleaning, and through a symbolic
// link if --out is one), never through a link planted under one of those
// names, and never leaving temporary files.
func TestBuildOutPaths(t *testing.T) {
	root := t.TempDir()
	corpus := filepath.Join(t.TempDir(), "corpus")
	writeCorpus(t, corpus, 3, 0)
	db := filepath.Join(t.TempDir(), "ng.db")
	mustRun(t, "--db", db, "build", corpus)

	victim := filepath.Join(root, "victim.txt")
	if err := os.WriteFile(victim, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(root, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(root, "link")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	planted := filepath.Join(root, "planted")
	if err := os.Mkdir(planted, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range outFiles {
		if err := os.Symlink(victim, filepath.Join(planted, f)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		out  string // --out, relative to root
		dir  string // where the files must land, relative to root
	}{
		{"plain", "out", "out"},
		{"dot-dot inside", "a/../b", "b"},
		{"dot-dot climbing", "deep/er/../../up", "up"},
		{"trailing slash", "slash/", "slash"},
		{"symlinked directory", "link", "target"},
		{"links planted on the output names", "planted", "planted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := treeFiles(t, root)
			mustRun(t, "--db", db, "build", "--out", root+string(filepath.Separator)+tt.out, corpus)
			var want []string
			for _, f := range outFiles {
				want = append(want, filepath.Join(tt.dir, f))
			}
			var created, dirs []string
			after := treeFiles(t, root)
			for f, kind := range after {
				switch {
				case before[f] == kind:
				case kind == "empty dir":
					dirs = append(dirs, f)
				default:
					created = append(created, f)
				}
			}
			sort.Strings(created)
			if strings.Join(created, " ") != strings.Join(want, " ") {
				t.Errorf("build --out %s changed %q, want exactly %q", tt.out, created, want)
			}
			// No directory a ".." climbs out of is created.
			if len(dirs) > 0 {
				t.Errorf("build --out %s created directories %q outside it", tt.out, dirs)
			}
			for _, f := range want {
				if after[f] != "file" {
					t.Errorf("%s is a %s, want a regular file", f, after[f])
				}
			}
			if data, _ := os.ReadFile(victim); string(data) != "keep me" {
				t.Fatalf("build --out %s wrote through a planted link into %s", tt.out, victim)
			}
		})
	}
}

// treeFiles maps every file and link under root (relative) to its kind;
// directories are left out, except empty ones.
func treeFiles(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		switch {
		case d.Type()&os.ModeSymlink != 0:
			out[rel] = "link"
		case d.Type().IsRegular():
			out[rel] = "file"
		case d.IsDir() && path != root:
			if entries, _ := os.ReadDir(path); len(entries) == 0 {
				out[rel] = "empty dir"
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHostileCorpus builds a directory of good and hostile files: every
// bad file is reported on one line naming it, the good ones (also in
// UTF-16, Windows-1252 and HTML) are stored, markup yields no entities,
// and the store stays sound.
func TestHostileCorpus(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	files := map[string][]byte{
		"good.txt":     []byte("Frankreich und Polen unterzeichneten am 3. Mai ein Abkommen über Zölle.\n"),
		"utf16.txt":    append([]byte{0xFF, 0xFE}, utf16LE("Kanada und Mexiko unterzeichneten am 3. Mai ein Abkommen über Zölle.")...),
		"cp1252.txt":   []byte("Gr\xfc\xdfe aus K\xf6ln\n\xd6sterreich und Ungarn unterzeichneten am 3. Mai ein Abkommen \xfcber Z\xf6lle.\n"),
		"page.html":    []byte(`<!DOCTYPE html><html><head><meta name="description" content="Germany signed the treaty."><script>var s = "Japan signed the pact";</script></head><body><p title="Italy signed">Norway and Sweden signed an agreement on fisheries.</p></body></html>`),
		"empty.txt":    nil,
		"image.txt":    []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"latin1.md":    []byte("K\xf6ln \x81\x8d Br\xfcssel"),
		"nul.txt":      []byte("Frankreich\x00Polen"),
		"feed.jsonl":   []byte(`{"id":"ok","text":"Chile und Peru unterzeichneten ein Abkommen."}` + "\n" + `{"id":"bad","text":7}` + "\n"),
		"ignored.pdf":  []byte("%PDF-1.7"),
		"sub/deep.txt": []byte("Denmark and Finland attended the summit in Oslo.\n"),
	}
	for name, data := range files {
		p := filepath.Join(corpus, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "ng.db")
	_, stderr, err := newsgraph(t, "", "--db", db, "build", corpus)
	if err == nil || exitCodeOf(err) != 1 {
		t.Fatalf("build of a corpus with bad files: %v, want exit 1", err)
	}
	for _, want := range []string{"empty.txt: empty document", "image.txt: byte 8: binary data", "latin1.md: byte 1: invalid UTF-8", "nul.txt: byte 10: binary data", "feed.jsonl:2: not a JSON article"} {
		found := false
		for _, line := range strings.Split(stderr, "\n") {
			found = found || strings.Contains(line, want)
		}
		if !found {
			t.Errorf("stderr does not report %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stderr, "6 documents read") || !strings.Contains(stderr, "5 failed") {
		t.Errorf("summary: %s", stderr)
	}
	soundStats(t, db)
	quads := storedQuads(t, db)
	if len(quads) != 6 {
		t.Errorf("store holds %d documents, want the 6 good ones", len(quads))
	}
	all := ""
	for _, q := range quads {
		all += q + "\n"
	}
	for _, name := range []string{"France", "Poland", "Norway", "Sweden", "Canada", "Mexico", "Austria", "Hungary", "Chile", "Peru", "Denmark", "Finland"} {
		if !strings.Contains(all, `"`+name+`"`) {
			t.Errorf("entity %s from a good file is missing", name)
		}
	}
	for _, name := range []string{"Germany", "Japan", "Italy"} {
		if strings.Contains(all, `"`+name+`"`) {
			t.Errorf("entity %s came from markup", name)
		}
	}
}

// utf16LE encodes s (BMP only) as UTF-16LE without a byte order mark.
func utf16LE(s string) []byte {
	var out []byte
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// TestBuildOnlyBadInput builds a fresh store from inputs that all fail:
// the build reports each and its summary, and exits 1. (Store.Counts once
// failed on a store that never held a quad: "kv: no bucket".)
func TestBuildOnlyBadInput(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := newsgraph(t, "", "--db", filepath.Join(dir, "ng.db"), "build", empty)
	if exitCodeOf(err) != 1 {
		t.Fatalf("build: %v, want exit 1", err)
	}
	if !strings.Contains(stderr, "empty.txt: empty document") || !strings.Contains(stderr, "1 failed") {
		t.Errorf("stderr %q: want the read error and the build summary", stderr)
	}
	if strings.Contains(err.Error(), "no bucket") {
		t.Errorf("build: %v", err)
	}
}
