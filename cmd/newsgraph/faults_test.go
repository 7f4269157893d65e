package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// oneLine fails the test unless msg is one line containing every part.
func oneLine(t *testing.T, what, msg string, parts ...string) {
	t.Helper()
	msg = strings.TrimSpace(msg)
	if strings.Contains(msg, "\n") {
		t.Errorf("%s: message %q is not one line", what, msg)
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("%s: message %q does not say %q", what, msg, p)
		}
	}
}

// mountTmpfs mounts a tmpfs of the given size at a new directory and
// unmounts it at the end of the test; it skips the test where mounting is
// not allowed.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		skipf(t, "cannot mount a tmpfs here (needs root): %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			syscall.Unmount(dir, syscall.MNT_DETACH)
		}
	})
	return dir
}

// fileSum returns a file's content hash, or "" if it does not exist.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ""
	} else if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(data)
	return string(h[:])
}

// listFiles returns the names of the files under dir, relative to it.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// testDiskFull runs out of space under exports and builds: each fails
// with a clear message, and the store stays openable and sound.
func testDiskFull(t *testing.T, bin binary) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	docs := writeCorpus(t, corpus, 300, 0)
	want := extractedQuads(t, corpus)
	db := filepath.Join(dir, "ng.db")
	if r := bin.run(t, nil, "--db", db, "build", corpus); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}

	t.Run("export to /dev/full", func(t *testing.T) {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			skipf(t, "no /dev/full: %v", err)
		}
		defer full.Close()
		for _, format := range []string{"nquads", "dot", "turtle"} {
			r := bin.runCmd(t, nil, func(c *exec.Cmd) { c.Stdout = full }, "--db", db, "export", "--format", format)
			if r.code != 1 {
				t.Errorf("export --format %s > /dev/full: exit %d, want 1", format, r.code)
			}
			oneLine(t, "export > /dev/full", r.stderr, "no space left on device")
		}
	})

	t.Run("export -o onto a device", func(t *testing.T) {
		// writeFileAtomic renames a temporary file over the path, which
		// replaces a device node (as root, "-o /dev/null" would replace
		// the system's /dev/null) instead of writing to it.
		node := filepath.Join(t.TempDir(), "full")
		if err := syscall.Mknod(node, syscall.S_IFCHR|0o644, int(1<<8|7)); err != nil {
			skipf(t, "cannot make a device node (needs root): %v", err)
		}
		r := bin.run(t, nil, "--db", db, "export", "--format", "nquads", "-o", node)
		if fi, err := os.Lstat(node); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
			t.Errorf("export -o %s replaced the device node: mode %v, %v", node, fi.Mode(), err)
		}
		if r.code != 1 {
			t.Errorf("export -o onto a full device: exit %d, want 1", r.code)
		}
		oneLine(t, "export -o device", r.stderr, "no space left on device")
	})

	t.Run("build into a full tmpfs", func(t *testing.T) {
		mnt := mountTmpfs(t, "1m")
		small := filepath.Join(mnt, "ng.db")
		// One transaction per document, so that some are stored before
		// the disk fills.
		r := bin.run(t, nil, "--db", small, "build", "--batch", "1", corpus)
		t.Logf("build into 1 MiB: exit %d: %s", r.code, strings.TrimSpace(r.stderr))
		if r.code != 1 {
			t.Fatalf("build into a full file system: exit %d, want 1", r.code)
		}
		oneLine(t, "build into a full file system", lastLine(r.stderr), "no space left on device", small)
		bin.mustCheck(t, small)
		got := storedQuads(t, small)
		for d, q := range got {
			if want[d] != q {
				t.Errorf("document %s is not whole after the failed build", d)
			}
		}
		t.Logf("%d of %d documents stored before the disk filled", len(got), docs)

		// With room again, a rerun completes the build.
		if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size=64m"); err != nil {
			t.Fatalf("remount: %v", err)
		}
		if r := bin.run(t, nil, "--db", small, "build", corpus); r.code != 0 {
			t.Fatalf("build with room again: exit %d: %s", r.code, r.stderr)
		}
		bin.mustCheck(t, small)
		if got := storedQuads(t, small); !equalDocs(got, want) {
			t.Errorf("the completed build does not hold the corpus")
		}
	})

	t.Run("build --out into a full tmpfs", func(t *testing.T) {
		mnt := mountTmpfs(t, "256k")
		out := filepath.Join(mnt, "out")
		if err := os.Mkdir(out, 0o755); err != nil {
			t.Fatal(err)
		}
		before := fileSum(t, db)
		r := bin.run(t, nil, "--db", db, "build", "--out", out, corpus)
		if r.code != 1 {
			t.Fatalf("build --out into a full file system: exit %d, want 1\n%s", r.code, r.stderr)
		}
		oneLine(t, "build --out into a full file system", lastLine(r.stderr), "no space left on device", out)
		for _, f := range listFiles(t, out) {
			if strings.HasPrefix(f, ".") {
				t.Errorf("temporary file %s left behind", f)
			}
		}
		if fileSum(t, db) != before {
			t.Errorf("the store changed although its documents did not")
		}
		bin.mustCheck(t, db)
	})

	t.Run("read-only file system", func(t *testing.T) {
		mnt := mountTmpfs(t, "64m")
		ro := filepath.Join(mnt, "ng.db")
		if r := bin.run(t, nil, "--db", ro, "build", corpus); r.code != 0 {
			t.Fatalf("build: %s", r.stderr)
		}
		if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			t.Fatalf("remount read-only: %v", err)
		}
		before := fileSum(t, ro)
		for _, args := range [][]string{
			{"build", corpus},
			{"rm", filepath.Join(corpus, "0001.txt")},
		} {
			r := bin.run(t, nil, append([]string{"--db", ro}, args...)...)
			if r.code != 1 {
				t.Errorf("%s on a read-only file system: exit %d, want 1", args[0], r.code)
			}
			oneLine(t, args[0]+" on a read-only file system", r.stderr, "read-only file system", ro)
		}
		r := bin.run(t, nil, "--db", db, "export", "--format", "nquads", "-o", filepath.Join(mnt, "g.nq"))
		if r.code != 1 {
			t.Errorf("export -o onto a read-only file system: exit %d, want 1", r.code)
		}
		oneLine(t, "export -o onto a read-only file system", r.stderr, "read-only file system")
		if fileSum(t, ro) != before {
			t.Error("the store on the read-only file system changed")
		}
		// Readers still work.
		for _, args := range [][]string{{"query", "stats"}, {"export", "--format", "nquads"}, {"check"}} {
			if r := bin.run(t, nil, append([]string{"--db", ro}, args...)...); r.code != 0 {
				t.Errorf("%s on a read-only file system: exit %d: %s", args[0], r.code, r.stderr)
			}
		}
	})
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// nobody returns a function that makes a command run as the user nobody,
// skipping the test where that is impossible. With a tmp directory the
// command gets it as its TMPDIR (see testOtherUser).
func nobody(t *testing.T, tmp string) func(*exec.Cmd) {
	t.Helper()
	if os.Geteuid() != 0 {
		skipf(t, "running as another user needs root")
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		skipf(t, "no user nobody: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if tmp != "" {
		if err := os.MkdirAll(tmp, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(tmp, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return func(c *exec.Cmd) {
		c.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}}
		if tmp != "" {
			c.Env = append(os.Environ(), "TMPDIR="+tmp)
		}
	}
}

// testOtherUser runs the binary as root and then as the user nobody with
// one shared TMPDIR (mode 1777, like /tmp), in which someone planted a
// go-graphviz directory before either ran. go-graphviz (v0.2.9) compiles
// Graphviz to native code in a package init function and caches it in
// $TMPDIR/go-graphviz: a cache the first user owns, which made every other
// user's command panic and let whoever created it choose the code later
// users run. internal/rendercache gives it a private cache instead. Both
// users render an SVG, and the planted directory is neither used nor
// changed.
func testOtherUser(t *testing.T, bin binary) {
	asNobody := nobody(t, "")
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	dir := t.TempDir()
	shared := filepath.Join(dir, "tmp")
	if err := os.Mkdir(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o1777); err != nil {
		t.Fatal(err)
	}
	planted := filepath.Join(shared, "go-graphviz")
	if err := os.Mkdir(planted, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(planted, "planted"), []byte("chosen code"), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{planted, filepath.Join(planted, "planted")} {
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o777); err != nil { // past the umask
			t.Fatal(err)
		}
	}
	plantedFiles := listFiles(t, planted)
	plantedInfo, err := os.Stat(planted)
	if err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join(dir, "corpus")
	writeCorpus(t, corpus, 3, 0)
	withTmp := func(prepare func(*exec.Cmd)) func(*exec.Cmd) {
		return func(c *exec.Cmd) {
			if prepare != nil {
				prepare(c)
			}
			c.Env = append(os.Environ(), "TMPDIR="+shared)
		}
	}
	// Each user renders from a store of their own.
	for _, who := range []struct {
		name    string
		prepare func(*exec.Cmd)
	}{{"root", nil}, {"nobody", asNobody}} {
		home := filepath.Join(dir, who.name)
		if err := os.Mkdir(home, 0o755); err != nil {
			t.Fatal(err)
		}
		if who.prepare != nil {
			if err := os.Chown(home, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		openUp(t, string(bin), corpus, home)
		db := filepath.Join(home, "ng.db")
		if r := bin.runCmd(t, nil, withTmp(who.prepare), "--db", db, "build", corpus); r.code != 0 {
			t.Fatalf("build as %s: exit %d: %s", who.name, r.code, firstLine(r.stderr))
		}
		r := bin.runCmd(t, nil, withTmp(who.prepare), "--db", db, "export", "--format", "svg")
		if r.code != 0 || !strings.Contains(r.stdout, "<svg") {
			t.Errorf("export --format svg as %s with the shared TMPDIR: exit %d: %s", who.name, r.code, firstLine(r.stderr))
		}
	}
	if got := listFiles(t, planted); !slices.Equal(got, plantedFiles) {
		t.Errorf("the planted go-graphviz directory changed: %q, was %q", got, plantedFiles)
	}
	if fi, err := os.Stat(planted); err != nil || !fi.ModTime().Equal(plantedInfo.ModTime()) {
		t.Errorf("the planted go-graphviz directory was written to (%v)", err)
	}
	if data, err := os.ReadFile(filepath.Join(planted, "planted")); err != nil || string(data) != "chosen code" {
		t.Errorf("the planted file changed: %q, %v", data, err)
	}
	if got := listFiles(t, shared); len(got) != len(plantedFiles) {
		t.Errorf("the shared TMPDIR holds %q after the runs, want only the planted files", got)
	}
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// openUp makes the directories of paths, and their parents up to the
// system's temporary directory, traversable by everyone.
func openUp(t *testing.T, paths ...string) {
	t.Helper()
	tmp := filepath.Clean(os.TempDir())
	for _, p := range paths {
		for d := p; strings.HasPrefix(d, tmp+string(filepath.Separator)); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// testReadOnly runs the binary as the user nobody against a store and
// directories it may not write: every command that would write fails with
// a clear message and changes nothing; readers still work.
func testReadOnly(t *testing.T, bin binary) {
	dir := t.TempDir()
	asNobody := nobody(t, filepath.Join(dir, "tmp"))
	corpus := filepath.Join(dir, "corpus")
	writeCorpus(t, corpus, 10, 0)
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(ro, "ng.db")
	if r := bin.run(t, nil, "--db", db, "build", corpus); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	writable := filepath.Join(dir, "rw")
	if err := os.Mkdir(writable, 0o777); err != nil {
		t.Fatal(err)
	}
	openUp(t, string(bin), corpus, ro, writable)
	if err := os.Chmod(writable, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	run := func(args ...string) result {
		t.Helper()
		return bin.runCmd(t, nil, asNobody, args...)
	}
	before := fileSum(t, db)
	roFiles := listFiles(t, ro)

	// The store is root's, mode 0600: nobody can neither write nor read it.
	for _, args := range [][]string{
		{"--db", db, "build", corpus},
		{"--db", db, "rm", filepath.Join(corpus, "0001.txt")},
		{"--db", db, "query", "stats"},
		{"--db", db, "check"},
		{"--db", filepath.Join(ro, "new.db"), "build", corpus},
	} {
		r := run(args...)
		if r.code != 1 {
			t.Errorf("%q as nobody: exit %d, want 1", args, r.code)
		}
		oneLine(t, strings.Join(args, " "), r.stderr, "permission denied", args[1])
	}

	// Readable but not writable: readers work, writers fail.
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--db", db, "build", corpus},
		{"--db", db, "rm", filepath.Join(corpus, "0001.txt")},
		{"--db", db, "export", "--format", "nquads", "-o", filepath.Join(ro, "g.nq")},
	} {
		r := run(args...)
		if r.code != 1 {
			t.Errorf("%q as nobody: exit %d, want 1", args, r.code)
		}
		oneLine(t, strings.Join(args, " "), r.stderr, "permission denied", ro)
	}
	for _, args := range [][]string{{"query", "stats"}, {"export", "--format", "nquads"}, {"check"}} {
		if r := run(append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Errorf("%s as nobody on a readable store: exit %d: %s", args[0], r.code, r.stderr)
		}
	}

	// A build into a writable store whose --out is not writable stores the
	// documents, then fails on the exports.
	rwdb := filepath.Join(writable, "ng.db")
	r := run("--db", rwdb, "build", "--out", filepath.Join(ro, "out"), corpus)
	if r.code != 1 {
		t.Errorf("build --out into a read-only directory: exit %d, want 1", r.code)
	}
	oneLine(t, "build --out read-only", lastLine(r.stderr), "permission denied", filepath.Join(ro, "out"))
	if r := run("--db", rwdb, "check"); r.code != 0 {
		t.Errorf("check after the failed --out: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}

	if fileSum(t, db) != before {
		t.Error("the read-only store changed")
	}
	if got := listFiles(t, ro); strings.Join(got, " ") != strings.Join(roFiles, " ") {
		t.Errorf("files in the read-only directory: %q, want %q", got, roFiles)
	}
	if bytes.Contains([]byte(strings.Join(listFiles(t, writable), " ")), []byte(".tmp")) {
		t.Errorf("temporary files left in %s", writable)
	}
}
