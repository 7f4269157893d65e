//go:build !unix

package rendercache

import (
	"errors"
	"os"
)

// checkPrivate makes sure dir is a directory; where the system has no
// Unix owners, the user cache directory is private by the system's rules.
func checkPrivate(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New(dir + " is not a directory")
	}
	return nil
}
