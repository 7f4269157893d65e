//go:build unix

package rendercache

import (
	"errors"
	"os"
	"strconv"
	"syscall"
)

// checkPrivate makes sure dir is a directory of the current user that no
// one else can write to or read from, tightening its mode if needed.
func checkPrivate(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New(dir + " is not a directory")
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return errors.New(dir + ": no owner information")
	}
	if int(st.Uid) != os.Geteuid() {
		return errors.New(dir + " belongs to user " + strconv.Itoa(int(st.Uid)) + ", not to " + strconv.Itoa(os.Geteuid()))
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return err
		}
	}
	return nil
}
