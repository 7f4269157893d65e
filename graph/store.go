package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// ErrLocked is returned (wrapped) when another process holds the store.
var ErrLocked = boltkv.ErrLocked

// ErrNoStore is returned when a read-only open finds no store.
var ErrNoStore = errors.New("no store here yet: run newsgraph build first")

// Options configure Open.
type Options struct {
	// Base is the base IRI; empty means DefaultBase.
	Base string
	// ReadOnly opens the store for reading: several readers may share it.
	ReadOnly bool
	// LockTimeout bounds the wait for another process's lock; 0 means 2s.
	LockTimeout time.Duration
	// NoSync skips fsync on commit. Only for benchmarks: a crash may lose
	// the last commits.
	NoSync bool
}

// Store is a cayley quad store holding newsgraph's quads.
type Store struct {
	qs   cgraph.QuadStore
	m    Minter
	path string
	ro   bool
}

// Open opens the store named by dsn, creating an embedded store there on
// first use unless opt.ReadOnly is set. A dsn is a file path for the
// embedded store (bbolt, one file).
func Open(dsn string, opt Options) (*Store, error) {
	m, err := NewMinter(opt.Base)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return nil, fmt.Errorf("open %s: PostgreSQL stores are not supported yet; use a file path", redact(dsn))
	}
	if dsn == "" {
		return nil, fmt.Errorf("open store: empty path")
	}
	_, statErr := os.Stat(dsn)
	fresh := errors.Is(statErr, os.ErrNotExist)
	if fresh && opt.ReadOnly {
		return nil, fmt.Errorf("open %s: %w", dsn, ErrNoStore)
	}
	if fresh {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o755); err != nil {
			return nil, fmt.Errorf("open %s: %w", dsn, err)
		}
	}
	db, err := boltkv.Open(dsn, boltkv.Options{Timeout: opt.LockTimeout, ReadOnly: opt.ReadOnly, NoSync: opt.NoSync})
	if err != nil {
		return nil, err
	}
	kvOpts := cgraph.Options{"no_bloom": true}
	if opt.ReadOnly && isEmpty(db) {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", dsn, ErrNoStore)
	}
	if fresh || isEmpty(db) {
		if err := kv.Init(db, kvOpts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			db.Close()
			return nil, fmt.Errorf("create store %s: %w", dsn, err)
		}
	}
	qs, err := kv.New(db, kvOpts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w (is it a newsgraph store?)", dsn, err)
	}
	return &Store{qs: qs, m: m, path: dsn, ro: opt.ReadOnly}, nil
}

// isEmpty reports whether a bbolt file has no buckets yet (created but never
// initialised, for example after a crash during the first open).
func isEmpty(db *boltkv.DB) bool {
	return bucketCount(db) == 0
}

// redact removes a password from a connection string for messages.
func redact(dsn string) string {
	if at := strings.Index(dsn, "@"); at > 0 {
		if c := strings.Index(dsn, "://"); c > 0 && c < at {
			cred := dsn[c+3 : at]
			if i := strings.Index(cred, ":"); i >= 0 {
				return dsn[:c+3] + cred[:i] + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}

// Close closes the store.
func (s *Store) Close() error {
	if err := s.qs.Close(); err != nil {
		return fmt.Errorf("close %s: %w", s.path, err)
	}
	return nil
}

// Minter returns the store's IRI minter.
func (s *Store) Minter() Minter { return s.m }

// Path returns the store's location.
func (s *Store) Path() string { return s.path }

// PutResult says what Put changed.
type PutResult struct {
	Doc     quad.IRI
	Added   int
	Deleted int
}

// Unchanged reports whether the store already held exactly these quads.
func (r PutResult) Unchanged() bool { return r.Added == 0 && r.Deleted == 0 }

// Put writes one document's extraction in a single transaction, replacing
// whatever the store held for that document: quads that stay are not
// touched, quads that went are deleted, new ones are added. Writing the same
// result twice changes nothing (and does not inflate cayley's reference
// counts).
func (s *Store) Put(ctx context.Context, res *extract.Result) (PutResult, error) {
	if s.ro {
		return PutResult{}, fmt.Errorf("put %s: store opened read-only", res.Doc.ID)
	}
	if err := res.Validate(); err != nil {
		return PutResult{}, fmt.Errorf("put %s: %w", res.Doc.ID, err)
	}
	next := DocumentQuads(s.m, res)
	d := s.m.Document(res.Doc.ID)
	old, err := s.docQuads(ctx, d)
	if err != nil {
		return PutResult{}, fmt.Errorf("put %s: %w", res.Doc.ID, err)
	}
	want := make(map[quad.Quad]bool, len(next))
	for _, q := range next {
		want[q] = true
	}
	var deltas []cgraph.Delta
	have := make(map[quad.Quad]bool, len(old))
	for _, q := range old {
		have[q] = true
		if !want[q] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	deleted := len(deltas)
	for _, q := range next {
		if !have[q] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	r := PutResult{Doc: d, Added: len(deltas) - deleted, Deleted: deleted}
	if len(deltas) == 0 {
		return r, nil
	}
	if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{}); err != nil {
		return PutResult{}, fmt.Errorf("put %s: %w", res.Doc.ID, err)
	}
	return r, nil
}

// Remove deletes every quad of the document with the given ID, in one
// transaction, and returns how many it deleted.
func (s *Store) Remove(ctx context.Context, docID string) (int, error) {
	return s.RemoveIRI(ctx, s.m.Document(docID))
}

// RemoveIRI deletes every quad labelled with the document IRI d.
func (s *Store) RemoveIRI(ctx context.Context, d quad.IRI) (int, error) {
	if s.ro {
		return 0, fmt.Errorf("remove %s: store opened read-only", d)
	}
	old, err := s.docQuads(ctx, d)
	if err != nil {
		return 0, fmt.Errorf("remove %s: %w", d, err)
	}
	if len(old) == 0 {
		return 0, nil
	}
	deltas := make([]cgraph.Delta, len(old))
	for i, q := range old {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Delete}
	}
	if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{}); err != nil {
		return 0, fmt.Errorf("remove %s: %w", d, err)
	}
	return len(old), nil
}

// docQuads returns the quads labelled d.
func (s *Store) docQuads(ctx context.Context, d quad.IRI) ([]quad.Quad, error) {
	ref := s.qs.ValueOf(d)
	if ref == nil {
		return nil, nil
	}
	it := s.qs.QuadIterator(quad.Label, ref)
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		out = append(out, s.qs.Quad(it.Result()))
	}
	return out, it.Err()
}

// Each calls fn for every quad in the store, in the store's order, and
// stops at fn's first error.
func (s *Store) Each(ctx context.Context, fn func(quad.Quad) error) error {
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		if err := fn(s.qs.Quad(it.Result())); err != nil {
			return err
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("read %s: %w", s.path, err)
	}
	return ctx.Err()
}

// Quads returns every quad in the store, sorted (subject, predicate,
// object, label by their N-Quads form) so that exports are deterministic.
func (s *Store) Quads(ctx context.Context) ([]quad.Quad, error) {
	var out []quad.Quad
	err := s.Each(ctx, func(q quad.Quad) error { out = append(out, q); return nil })
	if err != nil {
		return nil, err
	}
	SortQuads(out)
	return out, nil
}

// SortQuads sorts quads by subject, predicate, object and label.
func SortQuads(qs []quad.Quad) {
	key := func(v quad.Value) string {
		if v == nil {
			return ""
		}
		return v.String()
	}
	sort.Slice(qs, func(i, j int) bool {
		a, b := qs[i], qs[j]
		if x, y := key(a.Subject), key(b.Subject); x != y {
			return x < y
		}
		if x, y := key(a.Predicate), key(b.Predicate); x != y {
			return x < y
		}
		if x, y := key(a.Object), key(b.Object); x != y {
			return x < y
		}
		return key(a.Label) < key(b.Label)
	})
}

// Stats counts a store's contents.
type Stats struct {
	Quads     int64
	Nodes     int64
	Documents int64
}

// Stats counts quads, nodes and documents exactly.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	labels := map[quad.Value]bool{}
	err := s.Each(ctx, func(q quad.Quad) error {
		st.Quads++
		if q.Label != nil {
			labels[q.Label] = true
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	st.Documents = int64(len(labels))
	it := s.qs.NodesAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		st.Nodes++
	}
	if err := it.Err(); err != nil {
		return st, fmt.Errorf("count nodes in %s: %w", s.path, err)
	}
	return st, nil
}

// bucketCount returns the number of top-level buckets of a bbolt file.
func bucketCount(db *boltkv.DB) int {
	n := 0
	_ = db.Bolt().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func([]byte, *bolt.Bucket) error { n++; return nil })
	})
	return n
}
