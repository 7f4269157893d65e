//go:build linux

package graph

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// trimMapped drops the pages of the store file mapped into this process
// (bbolt reads the file through a shared, read-only memory map). They stay
// in the kernel's page cache, so reading them again costs a minor page
// fault, not I/O; but until then they no longer count in the process's
// resident memory, which otherwise grows to the size of the file as a
// build or a rebuild touches it (the kernel maps up to 16 neighbouring
// pages with each page it faults in). On a store of 100,000 documents that
// is gigabytes of resident memory that is really page cache.
//
// It must not run while a write transaction may remap the file: the
// Writer calls it between its transactions, on the writing goroutine.
func (s *Store) trimMapped() {
	if s.db == nil {
		return
	}
	start := s.db.Bolt().Info().Data
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rng, _, _ := strings.Cut(sc.Text(), " ")
		a, b, ok := strings.Cut(rng, "-")
		if !ok {
			continue
		}
		lo, err1 := strconv.ParseUint(a, 16, 64)
		hi, err2 := strconv.ParseUint(b, 16, 64)
		if err1 != nil || err2 != nil || uintptr(lo) != start {
			continue
		}
		const madvDontneed = 4
		syscall.Syscall(syscall.SYS_MADVISE, uintptr(lo), uintptr(hi-lo), madvDontneed)
		return
	}
}
