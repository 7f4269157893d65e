// Package boltkv implements the hidalgo key-value interface
// ([github.com/hidal-go/hidalgo/kv.KV]) on top of go.etcd.io/bbolt.
//
// It is a replacement for hidalgo's kv/bolt adapter, which Cayley's "bolt"
// backend uses and which is built on the archived github.com/boltdb/bolt.
// That package trips the race detector's pointer checks and waits forever
// for the file lock when another process holds it. A [DB] can be passed
// directly to Cayley's key-value quad store:
//
//	db, err := boltkv.Open("newsgraph.db", boltkv.Options{})
//	...
//	err = kv.Init(db, graph.Options{"no_bloom": true})
//	qs, err := kv.New(db, graph.Options{"no_bloom": true})
//
// where kv is github.com/cayleygraph/cayley/graph/kv.
//
// # Key layout
//
// Keys map onto bbolt exactly as in hidalgo's bolt adapters, so Cayley
// finds its data where it expects it. A [kv.Key] with n parts names the
// nested bucket path key[0]/key[1]/.../key[n-2] and the entry key[n-1]
// inside it; a one-part key is stored in bbolt's root bucket. Put creates
// missing buckets on the way. A Put whose last part and value are both
// empty only creates the buckets (this is how [kv.CreateBucket] works).
// Scan walks nested buckets depth-first and reports full keys; the last
// prefix part is matched as a byte prefix of the entry (or bucket) names
// in the innermost named bucket.
package boltkv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/hidal-go/hidalgo/kv"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is zero.
const DefaultTimeout = 2 * time.Second

// ErrLocked is returned (wrapped) by Open when another process holds the
// store's file lock for longer than Options.Timeout.
var ErrLocked = errors.New("store is locked by another process")

// Options configure Open.
type Options struct {
	// Timeout is how long to wait for the file lock. Zero (or a negative
	// value) means DefaultTimeout; Open never waits forever.
	Timeout time.Duration
	// ReadOnly opens the store with a shared lock, so several readers can
	// use it at once. Write transactions fail with kv.ErrReadOnly.
	ReadOnly bool
	// NoSync skips fsync on commit. A crash can then corrupt the store;
	// use it for benchmarks only.
	NoSync bool
	// MaxMapped, when positive, bounds the resident memory the mapped
	// database file takes in this process: when the process's resident
	// file-backed memory passes MaxMapped bytes, [DB.ReleaseMapped] runs.
	// A watcher looks every 10 ms, and a write transaction also every
	// 256 operations. Without it a process reading or writing all over a
	// large file grows towards the size of the file. Linux only.
	MaxMapped int64
}

// DB is a hidalgo key-value store backed by a bbolt database file.
// It is safe for concurrent use; bbolt allows any number of read
// transactions and one write transaction at a time.
type DB struct {
	db        *bbolt.DB
	path      string
	readOnly  bool
	maxMapped int64
	stop      chan struct{} // closed by Close to stop the watcher
	watching  sync.WaitGroup
}

var _ kv.KV = (*DB)(nil)

// Open opens the bbolt database file at path.
//
// Unless opt.ReadOnly is set, a missing file is created with mode 0600,
// together with its parent directory. A writer takes an exclusive lock on
// the file and a reader a shared one. If the lock cannot be taken within
// opt.Timeout, Open returns an error that wraps ErrLocked.
func Open(path string, opt Options) (*DB, error) {
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if !opt.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	bopt := *bbolt.DefaultOptions
	bopt.Timeout = timeout
	bopt.ReadOnly = opt.ReadOnly
	bopt.NoSync = opt.NoSync
	bopt.NoGrowSync = opt.NoSync
	if runtime.GOOS != "windows" { // where bbolt would grow the file to it
		bopt.InitialMmapSize = initialMmapSize(path)
	}
	bdb, err := bbolt.Open(path, 0o600, &bopt)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, &lockedError{path: path, waited: timeout}
	} else if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: bdb, path: path, readOnly: opt.ReadOnly, maxMapped: opt.MaxMapped, stop: make(chan struct{})}
	if db.maxMapped > 0 && mappedResident() >= 0 {
		db.watching.Add(1)
		go db.watchMapped()
	}
	return db, nil
}

// minMmapSize is the smallest address range a store maps.
const minMmapSize = 16 << 30

// initialMmapSize returns the address range to map the file at path with:
// at least minMmapSize and twice the file's size. bbolt maps a file in
// steps (doubling up to 1 GB, then 1 GB at a time); at each step a write
// transaction waits for every reader, copies every key and value it has
// touched out of the old mapping into the heap, and maps the file anew.
// In a build of 100,000 documents that happened nine times, each a spike
// of resident memory. Reserving the range up front costs address space
// only: pages count as resident when they are read, as before.
func initialMmapSize(path string) int {
	if strconv.IntSize < 64 {
		return 0 // no address space to spare
	}
	size := int64(0)
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	return int(max(minMmapSize, 2*size))
}

// lockedError reports that the file lock could not be taken in time.
// It matches both ErrLocked and bbolt's timeout error in errors.Is.
type lockedError struct {
	path   string
	waited time.Duration
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("store %s is locked by another process (waited %v): is a newsgraph build running?", e.path, e.waited)
}

func (e *lockedError) Unwrap() []error {
	return []error{ErrLocked, berrors.ErrTimeout}
}

// Close closes the database and releases its file lock. It waits for
// open transactions to finish, so every transaction (and every Cayley
// iterator, which holds one) must be closed first. Closing a closed DB
// is a no-op.
func (db *DB) Close() error {
	select {
	case <-db.stop:
	default:
		close(db.stop)
	}
	db.watching.Wait()
	if err := db.db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}

// Tx starts a transaction; rw selects a read-write one. Only one
// read-write transaction can be open at a time: Tx(true) blocks until the
// current one ends. On a read-only DB, Tx(true) returns kv.ErrReadOnly.
//
// The transaction must be ended with Commit or Close, and must not be
// used from several goroutines at once.
func (db *DB) Tx(rw bool) (kv.Tx, error) {
	if rw && db.readOnly {
		// Unwrapped: hidalgo callers compare with ==.
		return nil, kv.ErrReadOnly
	}
	btx, err := db.db.Begin(rw)
	if err != nil {
		return nil, fmt.Errorf("begin transaction on %s: %w", db.path, err)
	}
	return &tx{tx: btx, rw: rw, path: db.path, db: db}, nil
}

// Bolt returns the underlying bbolt database, for integrity checks
// (Tx.Check), backups (Tx.WriteTo) and statistics. Writing through it
// bypasses the key layout described in the package documentation.
func (db *DB) Bolt() *bbolt.DB {
	return db.db
}
