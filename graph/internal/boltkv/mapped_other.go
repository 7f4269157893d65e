//go:build !linux

package boltkv

// ReleaseMapped does nothing outside Linux (see mapped_linux.go).
func (db *DB) ReleaseMapped() {}

// mappedResident is not known outside Linux.
func mappedResident() int64 { return -1 }
