//go:build !linux

package graph

// trimMapped does nothing outside Linux (see write_trim_linux.go).
func (s *Store) trimMapped() {}
