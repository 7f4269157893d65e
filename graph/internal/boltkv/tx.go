package boltkv

import (
	"bytes"
	"context"
	"fmt"

	"github.com/hidal-go/hidalgo/kv"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// tx implements kv.Tx on a bbolt transaction.
//
// Values returned by Get and GetBatch are copies, and Put copies its
// value, so neither side depends on bbolt's rule that its slices are only
// valid for the life of the transaction. Iterator keys and values are
// not copied: as kv.Iterator documents, they are valid until the next
// call to Next or Close.
type tx struct {
	tx   *bbolt.Tx
	rw   bool
	path string
	done bool // committed or rolled back
	db   *DB
	ops  int // operations so far, for DB.maxMapped
}

// mappedCheckEvery is how many operations of a write transaction pass
// between two looks at the memory the mapped file takes (Options.MaxMapped).
const mappedCheckEvery = 256

// op counts an operation of a write transaction and releases the mapped
// file's pages when they take more memory than the DB allows. A write
// transaction runs on one goroutine and bbolt replaces its mapping only
// when it commits, so releasing between two operations is safe.
func (t *tx) op() {
	if !t.rw || t.db.maxMapped <= 0 {
		return
	}
	if t.ops++; t.ops%mappedCheckEvery == 0 && mappedResident() > t.db.maxMapped {
		t.db.ReleaseMapped()
	}
}

var _ kv.Tx = (*tx)(nil)

// errClosed is returned by operations on a finished transaction, which
// bbolt would answer with a panic.
func (t *tx) errClosed(op string) error {
	return fmt.Errorf("%s on %s: %w", op, t.path, berrors.ErrTxClosed)
}

// lookup resolves all but the last part of key to a bucket and returns it
// with the remaining parts. Keys with fewer than two parts resolve to the
// root bucket. The bucket is nil if a bucket on the path does not exist.
// The remaining key has at most one part unless the bucket is nil.
func (t *tx) lookup(key kv.Key) (*bbolt.Bucket, kv.Key) {
	b := t.tx.Cursor().Bucket() // the root bucket
	for b != nil && len(key) > 1 {
		b = b.Bucket(key[0])
		key = key[1:]
	}
	return b, key
}

// get returns the value stored under key, or nil.
func (t *tx) get(key kv.Key) []byte {
	b, k := t.lookup(key)
	if b == nil || len(k) != 1 {
		return nil
	}
	return b.Get(k[0])
}

// Get returns a copy of the value stored under key. It returns
// kv.ErrNotFound, unwrapped, if there is none or key names a bucket.
func (t *tx) Get(_ context.Context, key kv.Key) (kv.Value, error) {
	if t.done {
		return nil, t.errClosed("get")
	}
	t.op()
	v := t.get(key)
	if v == nil {
		return nil, kv.ErrNotFound
	}
	return clone(v), nil
}

// GetBatch returns copies of the values stored under keys; missing keys
// give nil elements.
func (t *tx) GetBatch(_ context.Context, keys []kv.Key) ([]kv.Value, error) {
	if t.done {
		return nil, t.errClosed("get")
	}
	vals := make([]kv.Value, len(keys))
	for i, k := range keys {
		t.op()
		if v := t.get(k); v != nil {
			vals[i] = clone(v)
		}
	}
	return vals, nil
}

// Put stores v under k, creating the buckets named by k as needed.
func (t *tx) Put(k kv.Key, v kv.Value) error {
	if t.done {
		return t.errClosed("put")
	} else if !t.rw {
		return kv.ErrReadOnly
	} else if len(k) == 0 {
		return fmt.Errorf("put empty key in %s: %w", t.path, berrors.ErrKeyRequired)
	}
	t.op()
	b := t.tx.Cursor().Bucket()
	for i := 0; i < len(k)-1; i++ {
		var err error
		b, err = b.CreateBucketIfNotExists(k[i])
		if err != nil {
			return fmt.Errorf("put %q in %s: create bucket %q: %w", k, t.path, k[i], err)
		}
	}
	last := k[len(k)-1]
	if len(last) == 0 && len(v) == 0 {
		return nil // only create the buckets
	}
	if err := b.Put(last, clone(v)); err != nil {
		return fmt.Errorf("put %q in %s: %w", k, t.path, err)
	}
	return nil
}

// Del removes k. Removing a missing key is not an error.
func (t *tx) Del(k kv.Key) error {
	if t.done {
		return t.errClosed("delete")
	} else if !t.rw {
		return kv.ErrReadOnly
	}
	t.op()
	b, rest := t.lookup(k)
	if b == nil || len(rest) != 1 {
		return nil
	}
	if err := b.Delete(rest[0]); err != nil {
		return fmt.Errorf("delete %q in %s: %w", k, t.path, err)
	}
	return nil
}

// Scan returns an iterator over all entries whose key starts with pref:
// all but the last part of pref must name buckets exactly, and the last
// part is a byte prefix of the entry or nested bucket names below them.
func (t *tx) Scan(pref kv.Key) kv.Iterator {
	if t.done {
		return &iterator{err: t.errClosed("scan")}
	}
	b, rest := t.lookup(pref)
	if b == nil {
		return &iterator{}
	}
	it := &iterator{
		tx:     t,
		path:   pref[:len(pref)-len(rest)].Clone(),
		levels: []*bbolt.Cursor{b.Cursor()},
	}
	if len(rest) == 1 {
		it.pref = bytes.Clone(rest[0])
	}
	return it
}

// Commit writes the transaction's changes to disk and ends it.
// Committing a read-only transaction just ends it.
func (t *tx) Commit(_ context.Context) error {
	if t.done {
		return t.errClosed("commit")
	}
	t.done = true
	if !t.rw {
		if err := t.tx.Rollback(); err != nil {
			return fmt.Errorf("end transaction on %s: %w", t.path, err)
		}
		return nil
	}
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("commit %s: %w", t.path, err)
	}
	return nil
}

// Close discards the transaction's changes and ends it. Closing a
// committed or closed transaction is a no-op.
func (t *tx) Close() error {
	if t.done {
		return nil
	}
	t.done = true
	if err := t.tx.Rollback(); err != nil {
		return fmt.Errorf("roll back transaction on %s: %w", t.path, err)
	}
	return nil
}

// iterator implements kv.Iterator as a depth-first walk over nested
// buckets, keeping one cursor per bucket level.
type iterator struct {
	tx     *tx
	err    error
	pref   []byte          // prefix for names at the first level
	path   kv.Key          // names of the buckets from the root to the current level
	levels []*bbolt.Cursor // cursors, outermost first
	seeded bool            // whether the innermost cursor has been positioned
	k, v   []byte          // current entry
	key    kv.Key          // buffer for Key
}

var _ kv.Iterator = (*iterator)(nil)

// Next advances to the next entry.
func (it *iterator) Next(_ context.Context) bool {
	it.k, it.v = nil, nil
	if len(it.levels) == 0 {
		return false
	} else if it.tx.done {
		it.err = it.tx.errClosed("scan")
		it.levels = nil
		return false
	}
	for len(it.levels) > 0 {
		i := len(it.levels) - 1
		c := it.levels[i]
		var k, v []byte
		switch {
		case it.seeded:
			k, v = c.Next()
		case i == 0:
			k, v = c.Seek(it.pref)
		default:
			k, v = c.First()
		}
		it.seeded = true
		if k != nil && (i > 0 || bytes.HasPrefix(k, it.pref)) {
			if v == nil {
				// A nil value marks a nested bucket (or an entry
				// with a nil value, for which Bucket returns nil).
				if sub := c.Bucket().Bucket(k); sub != nil {
					it.levels = append(it.levels, sub.Cursor())
					it.path = append(it.path, k)
					it.seeded = false
					continue
				}
			}
			it.k, it.v = k, v
			return true
		}
		// This level is exhausted: resume the enclosing one.
		it.levels = it.levels[:i]
		if i > 0 {
			it.path = it.path[:len(it.path)-1]
		}
	}
	return false
}

// Key returns the full key of the current entry. The returned key is
// reused by the next call, and its parts point into bbolt's memory.
func (it *iterator) Key() kv.Key {
	if it.k == nil {
		return nil
	}
	it.key = append(append(it.key[:0], it.path...), it.k)
	return it.key
}

// Val returns the value of the current entry.
func (it *iterator) Val() kv.Value {
	return it.v
}

// Err returns the error that ended the iteration, if any.
func (it *iterator) Err() error {
	return it.err
}

// Close ends the iteration. It does not end the transaction.
func (it *iterator) Close() error {
	it.levels, it.path, it.k, it.v = nil, nil, nil, nil
	return nil
}

// clone returns a non-nil copy of b.
func clone(b []byte) []byte {
	return append(make([]byte, 0, len(b)), b...)
}
