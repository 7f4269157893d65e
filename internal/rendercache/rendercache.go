// Package rendercache keeps go-graphviz's compiled WebAssembly in a
// private directory.
//
// go-graphviz (v0.2.9) compiles Graphviz to native code in a package init
// function and caches the result in $TMPDIR/go-graphviz, which it creates
// world-readable and reuses whoever owns it. On a machine with several
// users that directory is shared: the first user's cache makes every
// other user's program panic, and whoever creates the directory first
// chooses the native code every later user runs.
//
// Importing this package (the export package does) points TMPDIR, for the
// duration of the package initialisation, at a directory only the current
// user can write: <user cache dir>/newsgraph, created with mode 0700 and
// checked for owner and mode. Where no such directory can be had (no home
// directory, a cache directory owned by someone else), TMPDIR points at a
// path where nothing can be created, and go-graphviz compiles without a
// cache: slower to start, never shared. [Restore] puts TMPDIR back; the
// export package calls it in its own init, after go-graphviz's.
//
// This works because Go initialises packages in the order of their import
// paths among those whose imports are ready: this package needs only
// packages that go-graphviz's WebAssembly runtime needs too, and its path
// sorts before that runtime's (github.com/tetratelabs/wazero), so it runs
// first. TestInitOrder checks that order in the built program.
package rendercache

import (
	"errors"
	"os"
	"path/filepath"
)

// noCache is a TMPDIR under which no directory can be created: go-graphviz
// then runs without a compilation cache.
const noCache = "/dev/null"

var (
	// Dir is the private directory go-graphviz was given, "" when it ran
	// without a cache.
	Dir string
	// Err says why there is no private directory, when Dir is "".
	Err error

	saved   string
	hadTemp bool
)

func init() {
	saved, hadTemp = os.LookupEnv("TMPDIR")
	Dir, Err = private()
	tmp := Dir
	if tmp == "" {
		tmp = noCache
	}
	os.Setenv("TMPDIR", tmp)
}

// Restore puts TMPDIR back as it was before this package's init. It is
// safe to call more than once.
func Restore() {
	if hadTemp {
		os.Setenv("TMPDIR", saved)
	} else {
		os.Unsetenv("TMPDIR")
	}
}

// private returns <user cache dir>/newsgraph, created if needed, once it
// is a directory (not a link) owned by the current user and closed to
// everyone else.
func private() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(base) {
		return "", errors.New("user cache directory is not absolute: " + base)
	}
	dir := filepath.Join(base, "newsgraph")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := checkPrivate(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// checkPrivate makes sure dir is a directory (not a link) that no one but
// the current user can use, tightening its mode if needed.
func checkPrivate(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New(dir + " is not a directory")
	}
	if err := checkOwner(dir, fi); err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}
