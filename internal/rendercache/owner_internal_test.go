//go:build unix

package rendercache

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
)

// TestCheckPrivate: a directory of ours is tightened to 0700; a file, a
// link or another user's directory is refused.
func TestCheckPrivate(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open")
	if err := os.Mkdir(open, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := checkPrivate(open); err != nil {
		t.Fatalf("own directory: %v", err)
	}
	if fi, _ := os.Stat(open); fi.Mode().Perm() != 0o700 {
		t.Errorf("own directory left at %v, want 0700", fi.Mode().Perm())
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(open, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, link, filepath.Join(dir, "missing")} {
		if err := checkPrivate(p); err == nil {
			t.Errorf("checkPrivate(%s) accepted it", filepath.Base(p))
		}
	}
	if os.Geteuid() != 0 {
		return // only root can give a directory away
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Skipf("no user nobody: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	other := filepath.Join(dir, "other")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(other, uid, -1); err != nil {
		t.Fatal(err)
	}
	if err := checkPrivate(other); err == nil {
		t.Error("checkPrivate accepted a directory of nobody's")
	}
}
