//go:build unix

package rendercache

import (
	"errors"
	"os"
	"strconv"
	"syscall"
)

// checkOwner makes sure the current user owns dir.
func checkOwner(dir string, fi os.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return errors.New(dir + ": no owner information")
	}
	if int(st.Uid) != os.Geteuid() {
		return errors.New(dir + " belongs to user " + strconv.Itoa(int(st.Uid)) + ", not to " + strconv.Itoa(os.Geteuid()))
	}
	return nil
}
