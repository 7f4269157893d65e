package rendercache_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/newsgraph/newsgraph/export" // go-graphviz, as the program has it
	"github.com/newsgraph/newsgraph/internal/rendercache"
)

// TestInitOrder checks, in this test binary, that rendercache is
// initialised before go-graphviz compiles Graphviz, and that TMPDIR is
// back to what the environment gave once the export package is ready.
func TestInitOrder(t *testing.T) {
	if os.Getenv("RENDERCACHE_CHILD") == "1" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInitOrder$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "RENDERCACHE_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s", err, stderr.String())
	}
	order := map[string]int{}
	for i, line := range strings.Split(stderr.String(), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order[f[1]] = i + 1
		}
	}
	ours, theirs := order["github.com/newsgraph/newsgraph/internal/rendercache"], order["github.com/goccy/go-graphviz/internal/wasm"]
	if ours == 0 || theirs == 0 {
		t.Fatalf("inittrace names neither or only one of the packages:\n%s", stderr.String())
	}
	if ours > theirs {
		t.Errorf("rendercache initialised after go-graphviz (line %d, %d): the cache would be $TMPDIR/go-graphviz", ours, theirs)
	}
}

// TestPrivateDir checks the directory go-graphviz got: under the user's
// cache directory, closed to others.
func TestPrivateDir(t *testing.T) {
	if rendercache.Dir == "" {
		t.Skipf("no private cache directory here: %v", rendercache.Err)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	if rendercache.Dir != filepath.Join(base, "newsgraph") {
		t.Errorf("Dir = %s, want under %s", rendercache.Dir, base)
	}
	fi, err := os.Lstat(rendercache.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.IsDir() || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("%s: mode %v, want a directory closed to others", rendercache.Dir, fi.Mode())
	}
	if got := os.Getenv("TMPDIR"); got == rendercache.Dir {
		t.Errorf("TMPDIR still points at the cache after init")
	}
}
