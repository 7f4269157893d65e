package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestCheckCommand runs "newsgraph check" on a sound store, a damaged one
// and none.
func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ng.db")
	mustRun(t, "--db", db, "build", seeds)
	out, _ := mustRun(t, "--db", db, "check")
	if !strings.HasPrefix(out, "check "+db+": sound: 5 documents, ") || strings.Count(out, "\n") != 1 {
		t.Errorf("check of a sound store: %q, want one summary line", out)
	}

	// Overwrite the root page of cayley's log bucket.
	b, err := bolt.Open(db, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var page int64
	b.View(func(tx *bolt.Tx) error { page = int64(tx.Bucket([]byte("log")).Root()); return nil })
	size := int64(b.Info().PageSize)
	b.Close()
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(make([]byte, size), page*size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, _, err = newsgraph(t, "", "--db", db, "check")
	if err == nil || exitCodeOf(err) != 1 {
		t.Fatalf("check of a damaged store: %v, want exit 1", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.Contains(lines[0], "problem") || len(lines) < 2 || !strings.HasPrefix(lines[1], "  bbolt: ") {
		t.Errorf("check of a damaged store printed %q: want a summary and bbolt's problems", out)
	}
	if !strings.Contains(err.Error(), "is not sound") {
		t.Errorf("error %q", err)
	}

	if _, _, err := newsgraph(t, "", "--db", filepath.Join(dir, "none.db"), "check"); err == nil || !strings.Contains(err.Error(), "no store here yet") {
		t.Errorf("check without a store: %v", err)
	}
	if _, _, err := newsgraph(t, "", "--db", db, "check", "extra"); exitCodeOf(err) != 2 {
		t.Errorf("check with an argument: %v, want a usage error", err)
	}
}
