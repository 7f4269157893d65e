//go:build linux

package boltkv

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ReleaseMapped drops the pages of the database file mapped into this
// process (bbolt reads the file through a shared, read-only memory map).
// They stay in the kernel's page cache, so reading them again costs a
// minor page fault, not I/O; but until then they no longer count in the
// process's resident memory, which otherwise grows towards the size of the
// file as transactions touch it (the kernel maps up to 16 neighbouring
// pages with each page it faults in). On a store of 100,000 documents that
// is gigabytes of resident memory that is really page cache.
//
// bbolt replaces the mapping when a write transaction commits and the file
// has grown: ReleaseMapped must not run while another goroutine may be
// committing, unless the caller holds a read transaction (bbolt waits for
// readers before it replaces the mapping). Readers may run meanwhile.
func (db *DB) ReleaseMapped() {
	start := db.db.Info().Data
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

// watchMapped releases the mapped file's pages whenever they take more
// than db.maxMapped, until db.stop is closed. It holds a read transaction
// while it releases them: bbolt cannot replace the mapping then, as that
// waits for every reader.
func (db *DB) watchMapped() {
	defer db.watching.Done()
	tick := time.NewTicker(watchEvery)
	defer tick.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-tick.C:
		}
		if mappedResident() <= db.maxMapped {
			continue
		}
		tx, err := db.db.Begin(false)
		if err != nil {
			continue // closing
		}
		db.ReleaseMapped()
		tx.Rollback()
	}
}

// watchEvery is how often watchMapped looks.
const watchEvery = 10 * time.Millisecond

// pageSize is the size of the kernel's pages, in which /proc/self/statm
// counts.
var pageSize = int64(os.Getpagesize())

// mappedResident returns the process's resident memory backed by files
// (its code and every mapped file, the database among them), in bytes;
// -1 when the kernel does not say.
func mappedResident() int64 {
	var buf [128]byte
	f, err := os.Open("/proc/self/statm")
	if err != nil {
		return -1
	}
	n, _ := f.Read(buf[:])
	f.Close()
	// size resident shared text lib data dt: "shared" counts the
	// resident file-backed (and shared memory) pages.
	fields := bytes.Fields(buf[:n])
	if len(fields) < 3 {
		return -1
	}
	pages, err := strconv.ParseInt(string(fields[2]), 10, 64)
	if err != nil {
		return -1
	}
	return pages * pageSize
}
