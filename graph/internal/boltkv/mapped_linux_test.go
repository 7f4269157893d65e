//go:build linux

package boltkv

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hidal-go/hidalgo/kv"
)

// mappingRSS returns the resident bytes of db's file mapping, from
// /proc/self/smaps.
func mappingRSS(t *testing.T, db *DB) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	start := fmt.Sprintf("%x-", db.Bolt().Info().Data)
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "-") && !strings.HasSuffix(strings.Fields(line)[0], ":") {
			in = strings.HasPrefix(line, start)
			continue
		}
		if in && strings.HasPrefix(line, "Rss:") {
			kb, err := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no mapping at %s in /proc/self/smaps", start)
	return 0
}

// TestMaxMapped reads a 160 MB store in random order inside a write
// transaction, with and without Options.MaxMapped: without, the mapping's
// resident memory grows to most of the file; with, it stays below the
// limit plus what 256 reads can touch.
func TestMaxMapped(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 160 MB file")
	}
	path := filepath.Join(t.TempDir(), "big.db")
	const keys, size = 40_000, 4000 // about 160 MB
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	val := make([]byte, size)
	key := func(i int) kv.Key {
		return kv.Key{[]byte("b"), binary.BigEndian.AppendUint32(nil, uint32(i))}
	}
	update(t, db, func(tx kv.Tx) {
		for i := range keys {
			binary.BigEndian.PutUint32(val, uint32(i))
			if err := tx.Put(key(i), val); err != nil {
				t.Fatal(err)
			}
		}
	})
	db.Close()

	const limit = 16 << 20
	for _, tt := range []struct {
		max      int64
		min, lim int64 // bounds of the mapping's resident bytes
	}{
		{max: 0, min: 120 << 20, lim: 1 << 40},
		{max: limit, min: 0, lim: 100 << 20},
	} {
		t.Run(fmt.Sprintf("MaxMapped=%d", tt.max), func(t *testing.T) {
			db, err := Open(path, Options{MaxMapped: tt.max})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.ReleaseMapped()
			tx, err := db.Tx(true)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Close()
			for _, i := range rand.Perm(keys) {
				v, err := tx.Get(context.Background(), key(i))
				if err != nil || binary.BigEndian.Uint32(v) != uint32(i) {
					t.Fatalf("get %d: %v", i, err)
				}
			}
			rss := mappingRSS(t, db)
			t.Logf("mapping resident: %d MB", rss>>20)
			if rss < tt.min || rss > tt.lim {
				t.Errorf("mapping resident %d MB, want %d to %d MB", rss>>20, tt.min>>20, tt.lim>>20)
			}
		})
	}
}

// TestMaxMappedReader checks the watcher: a reader that touched the whole
// file is brought back under the limit within a few of its periods.
func TestMaxMappedReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "read.db")
	const keys, size = 10_000, 4000 // about 40 MB
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	val := make([]byte, size)
	update(t, db, func(tx kv.Tx) {
		for i := range keys {
			if err := tx.Put(kv.Key{[]byte("b"), binary.BigEndian.AppendUint32(nil, uint32(i))}, val); err != nil {
				t.Fatal(err)
			}
		}
	})
	db.Close()

	db, err = Open(path, Options{ReadOnly: true, MaxMapped: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Tx(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	if n := len(scanAll(t, tx, kv.Key{[]byte("b")})); n != keys {
		t.Fatalf("read %d keys, want %d", n, keys)
	}
	deadline := time.Now().Add(20 * watchEvery)
	for {
		rss := mappingRSS(t, db)
		if rss < 8<<20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("mapping still holds %d MB resident after %v", rss>>20, 20*watchEvery)
		}
		time.Sleep(watchEvery / 2)
	}
	// The store is still readable after its pages were released.
	if n := len(scanAll(t, tx, kv.Key{[]byte("b")})); n != keys {
		t.Fatalf("read %d keys again, want %d", n, keys)
	}
}
