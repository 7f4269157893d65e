package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCopy copies a graph from the embedded store to another store and
// back: every hop keeps every quad (labels included) and the counts, a
// second copy changes nothing, and a document the destination holds in
// another version is replaced.
func TestCopy(t *testing.T) {
	tests := []struct {
		name string
		via  func(t *testing.T) string // the store between the two embedded ones
	}{
		{"embedded", func(t *testing.T) string { return filepath.Join(t.TempDir(), "via.db") }},
		{"postgres", func(t *testing.T) string { return pgDSN(t, "") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			via := tc.via(t)
			dir := t.TempDir()
			src, back := filepath.Join(dir, "src.db"), filepath.Join(dir, "back.db")
			input := writeSynth(t, dir, 30, 1)[0]
			if _, stderr, err := newsgraph(t, "", "--db", src, "build", seeds, input); err != nil {
				t.Fatalf("build: %v\n%s", err, stderr)
			}
			want, wantStats := storeQuads(t, src)

			// The destination holds an older version of one document.
			old := filepath.Join(dir, "old.jsonl")
			line := strings.Replace(string(synthLine(3)), "refused", "declined", 1)
			if err := os.WriteFile(old, []byte(line), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, stderr, err := newsgraph(t, "", "--db", via, "build", old); err != nil {
				t.Fatalf("build: %v\n%s", err, stderr)
			}

			for _, hop := range []struct{ from, to string }{{src, via}, {via, back}} {
				_, stderr, err := newsgraph(t, "", "copy", "--from", hop.from, "--to", hop.to)
				if err != nil {
					t.Fatalf("copy: %v\n%s", err, stderr)
				}
				if strings.Contains(stderr, pgPassword(via)) {
					t.Errorf("copy printed the password: %s", stderr)
				}
				got, gotStats := storeQuads(t, hop.to)
				if !slices.Equal(got, want) {
					t.Errorf("after copying to %s: %d quads, want the source's %d", hop.to, len(got), len(want))
				}
				if gotStats != wantStats {
					t.Errorf("after copying to %s: %+v, want %+v", hop.to, gotStats, wantStats)
				}
			}
			if strings.HasPrefix(via, "postgres") {
				if bad, dup := pgRefProblems(t, via); bad != 0 || dup != 0 {
					t.Errorf("%d nodes with wrong reference counts, %d duplicated quads", bad, dup)
				}
			}
			// NEWSGRAPH_DB stands for --from.
			t.Setenv("NEWSGRAPH_DB", src)
			_, stderr, err := newsgraph(t, "", "copy", "--to", via)
			if err != nil {
				t.Fatalf("second copy: %v\n%s", err, stderr)
			}
			if !strings.Contains(stderr, " 0 quads added, 0 deleted, ") {
				t.Errorf("second copy changed the destination: %s", stderr)
			}
		})
	}
}

// TestCopyUsage checks the command line of copy.
func TestCopyUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no destination", []string{"copy", "--from", db}, "no destination"},
		{"same store", []string{"copy", "--from", db, "--to", db}, "the same store"},
		{"argument", []string{"copy", "--to", db, "extra"}, "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := newsgraph(t, "", tc.args...)
			var ue *usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v: want a usage error with %q", err, tc.want)
			}
		})
	}
	_, _, err := newsgraph(t, "", "copy", "--from", filepath.Join(t.TempDir(), "missing.db"), "--to", db)
	if err == nil || !strings.Contains(err.Error(), "no store here yet") {
		t.Errorf("copy from a missing store: %v", err)
	}
}
