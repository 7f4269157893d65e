package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrLocked is returned (wrapped) when another process holds the store.
var ErrLocked = boltkv.ErrLocked

// ErrNoStore is returned when a read-only open finds no store.
var ErrNoStore = errors.New("no store here yet: run newsgraph build first")

// ErrClosed is returned (wrapped) by the methods of a [Store] after
// [Store.Close].
var ErrClosed = errors.New("store is closed")

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
//
// A Store is safe for concurrent use by several goroutines. It serialises
// access to the quad store under it with a readers-writer lock: any number
// of reads (Each, Quads, Stats, Counts, Documents, Check, Current, Index,
// ShowIndex, PathIndex, Gizmo, EachGraph ...) run at once, and a write
// (Put, Remove, a [Writer]'s commit, Copy into it, Close) runs alone, after
// the reads before it and before the reads after it. Reads must not overlap
// writes: cayley v0.7.7 caches node IDs (kv.QuadStore's value cache), and
// an ID cached by a read that began before a write deleted its node made
// later writes link quads to a node that no longer exists, damaging the
// store for good.
//
// Each and EachGraph call their function while holding the read lock:
// the function must not call back into the same Store (a write would
// deadlock, and so may a read while a writer waits). Collect what it needs
// and act on it after the call returns.
//
// Put and Remove are atomic: each reads what the store holds for the
// document and writes the difference under the write lock. A [Writer]
// computes a document's difference when it is queued and commits it
// later, so documents queued in one Writer must not be written by anything
// else before it commits them: the commit would then fail (writing
// nothing), or leave the document a mix of both versions. Either way the
// store stays sound; documents other than the queued ones are unaffected.
//
// After Close every method that reads or writes returns an error wrapping
// [ErrClosed].
type Store struct {
	// mu guards qs and db (and their caches): read lock for reads, write
	// lock for writes and Close. The exported methods take it; the
	// unexported helpers they share (each, quads, stats, index, docQuads,
	// applyDeltas, reader ...) expect the caller to hold it.
	mu     sync.RWMutex
	closed bool // set by Close, under mu

	qs cgraph.QuadStore
	db *boltkv.DB // the file under qs, for integrity checks
	// group lets a Writer commit several ApplyDeltas calls at once
	// (write_group.go).
	group *groupKV
	m     Minter
	path  string
	ro    bool
}

// Open opens the store named by dsn, creating an embedded store there on
// first use unless opt.ReadOnly is set. A dsn is a file path for the
// embedded store (bbolt, one file).
func Open(dsn string, opt Options) (*Store, error) {
	m, err := NewMinter(opt.Base)
	if err != nil {
		return nil, err
	}
	if isPostgresDSN(dsn) {
		return openPostgres(dsn, opt, m)
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
	db, err := boltkv.Open(dsn, boltkv.Options{Timeout: opt.LockTimeout, ReadOnly: opt.ReadOnly, NoSync: opt.NoSync, MaxMapped: maxMapped})
	if err != nil {
		return nil, err
	}
	kvOpts := cgraph.Options{"no_bloom": true}
	if opt.ReadOnly && isEmpty(db) {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", dsn, ErrNoStore)
	}
	if fresh || isEmpty(db) || resetInterruptedInit(db) {
		err := kv.Init(db, kvOpts)
		if err == nil {
			err = addLabelIndex(db) // see write_index.go
		}
		if err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			db.Close()
			return nil, fmt.Errorf("create store %s: %w", dsn, err)
		}
	}
	group := &groupKV{DB: db} // see write_group.go
	qs, err := kv.New(group, kvOpts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w (is it a newsgraph store?)", dsn, err)
	}
	return &Store{qs: qs, db: db, group: group, m: m, path: dsn, ro: opt.ReadOnly}, nil
}

// isEmpty reports whether a bbolt file has no buckets yet (created but never
// initialised, for example after a crash during the first open).
func isEmpty(db *boltkv.DB) bool {
	// The first bucket is enough: cayley's stores have some 130,000 (one
	// per two-byte hash prefix), and walking them all read a few hundred
	// megabytes of a large store on every open.
	empty := true
	_ = db.Bolt().View(func(tx *bolt.Tx) error {
		k, _ := tx.Cursor().First()
		empty = k == nil
		return nil
	})
	return empty
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

// rlock takes the store's read lock, or returns an error wrapping
// ErrClosed (holding no lock) when the store is closed. Release the lock
// with s.mu.RUnlock.
func (s *Store) rlock() error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return fmt.Errorf("%s: %w", s.path, ErrClosed)
	}
	return nil
}

// lock takes the store's write lock, or returns an error wrapping
// ErrClosed (holding no lock) when the store is closed. Release the lock
// with s.mu.Unlock.
func (s *Store) lock() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return fmt.Errorf("%s: %w", s.path, ErrClosed)
	}
	return nil
}

// Close closes the store. It waits for the reads and writes under way;
// afterwards the store's methods return errors wrapping [ErrClosed].
// Closing a closed store does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
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
// counts). The read and the write happen under the store's write lock, so
// that several goroutines may put (and remove) documents at once.
func (s *Store) Put(ctx context.Context, res *extract.Result) (PutResult, error) {
	if s.ro {
		return PutResult{}, fmt.Errorf("put %s: store opened read-only", res.Doc.ID)
	}
	w, err := s.NewWriter(WriterOptions{BatchQuads: 1}) // see batch.go
	if err != nil {
		return PutResult{}, err
	}
	p, err := w.Prepare(res) // before locking: it does not read the store
	if err != nil {
		return PutResult{}, err
	}
	if err := s.lock(); err != nil {
		return PutResult{}, fmt.Errorf("put %s: %w", res.Doc.ID, err)
	}
	defer s.mu.Unlock()
	w.held = true
	r, err := w.PutPrepared(ctx, p)
	if err != nil {
		return PutResult{}, err
	}
	if err := w.Close(ctx); err != nil {
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
	if err := s.lock(); err != nil {
		return 0, fmt.Errorf("remove %s: %w", d, err)
	}
	defer s.mu.Unlock()
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

// docQuads returns the quads labelled d. The caller holds s.mu.
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
// stops at fn's first error. fn runs under the store's read lock: it must
// not call the Store's methods (see [Store]).
func (s *Store) Each(ctx context.Context, fn func(quad.Quad) error) error {
	if err := s.rlock(); err != nil {
		return fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	return s.each(ctx, fn)
}

// each is Each for a caller holding s.mu.
func (s *Store) each(ctx context.Context, fn func(quad.Quad) error) error {
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

// Quads returns every quad in the store as readers see it after
// cross-document resolution ([Canonicalize]), sorted (subject, predicate,
// object, label by their N-Quads form) so that exports are deterministic.
func (s *Store) Quads(ctx context.Context) ([]quad.Quad, error) {
	if err := s.rlock(); err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	q, err := s.quads(ctx)
	if err != nil {
		return nil, err
	}
	return Canonicalize(q), nil
}

// quads is Quads for a caller holding s.mu.
func (s *Store) quads(ctx context.Context) ([]quad.Quad, error) {
	var out []quad.Quad
	err := s.each(ctx, func(q quad.Quad) error { out = append(out, q); return nil })
	if err != nil {
		return nil, err
	}
	SortQuads(out)
	return out, nil
}

// SortQuads sorts quads by subject, predicate, object and label, each
// compared by its N-Quads form ([quad.Value.String]).
func SortQuads(qs []quad.Quad) {
	// The forms are computed once per quad, not once per comparison: a
	// comparison that builds them spent most of a query's time allocating.
	type keyed struct {
		k [4]string
		q quad.Quad
	}
	str := func(v quad.Value) string {
		if v == nil {
			return ""
		}
		return v.String()
	}
	ks := make([]keyed, len(qs))
	for i, q := range qs {
		ks[i] = keyed{k: [4]string{str(q.Subject), str(q.Predicate), str(q.Object), str(q.Label)}, q: q}
	}
	sort.Slice(ks, func(i, j int) bool {
		a, b := &ks[i].k, &ks[j].k
		for n := range a {
			if a[n] != b[n] {
				return a[n] < b[n]
			}
		}
		return false
	})
	for i := range ks {
		qs[i] = ks[i].q
	}
}

// Stats counts a store's contents.
type Stats struct {
	Quads     int64
	Nodes     int64
	Documents int64
}

// Stats counts quads, nodes and documents exactly; the resolution graph
// is not a document.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	if err := s.rlock(); err != nil {
		return Stats{}, fmt.Errorf("count %w", err)
	}
	defer s.mu.RUnlock()
	return s.stats(ctx)
}

// stats is Stats for a caller holding s.mu.
func (s *Store) stats(ctx context.Context) (Stats, error) {
	var st Stats
	labels := map[quad.Value]bool{}
	res := s.m.Resolution()
	err := s.each(ctx, func(q quad.Quad) error {
		st.Quads++
		if q.Label != nil && q.Label != res {
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

// ErrNoDocument is returned (wrapped) by [Store.FindDocument] when the store
// holds no document of that name.
var ErrNoDocument = errors.New("no such document")

// Documents returns every document in the store (each subject of an
// rdf:type schema:NewsArticle quad) with its ID and title, sorted by ID.
func (s *Store) Documents(ctx context.Context) ([]Doc, error) {
	if err := s.rlock(); err != nil {
		return nil, fmt.Errorf("list documents in %w", err)
	}
	defer s.mu.RUnlock()
	ref := s.qs.ValueOf(schemaArticle)
	if ref == nil {
		return nil, nil
	}
	var iris []quad.IRI
	it := s.qs.QuadIterator(quad.Object, ref)
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if d, ok := q.Subject.(quad.IRI); ok && q.Predicate == rdfType {
			iris = append(iris, d)
		}
	}
	err := it.Err()
	it.Close()
	if err != nil {
		return nil, fmt.Errorf("list documents in %s: %w", s.path, err)
	}
	docs := make([]Doc, 0, len(iris))
	for _, d := range iris {
		doc := Doc{IRI: d}
		it := s.qs.QuadIterator(quad.Subject, s.qs.ValueOf(d))
		for it.Next(ctx) {
			q := s.qs.Quad(it.Result())
			switch q.Predicate {
			case schemaIdentifier:
				doc.ID = literal(q.Object)
			case schemaHeadline:
				doc.Title = literal(q.Object)
			}
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return nil, fmt.Errorf("list documents in %s: %w", s.path, err)
		}
		docs = append(docs, doc)
	}
	sort.Slice(docs, func(i, j int) bool {
		if docs[i].ID != docs[j].ID {
			return docs[i].ID < docs[j].ID
		}
		return docs[i].IRI < docs[j].IRI
	})
	return docs, nil
}

// FindDocument returns the document named name: its IRI (with or without
// angle brackets), or its ID as given at build time (a path, compared
// after cleaning, or a JSON Lines record id). An unknown name is an error
// wrapping ErrNoDocument that lists some of the store's documents.
func (s *Store) FindDocument(ctx context.Context, name string) (Doc, error) {
	docs, err := s.Documents(ctx)
	if err != nil {
		return Doc{}, err
	}
	iri := quad.IRI(strings.TrimSuffix(strings.TrimPrefix(name, "<"), ">"))
	minted := s.m.Document(name) // also finds IDs longer than MaxLiteral
	for _, d := range docs {
		if d.IRI == iri || d.ID == name || d.IRI == minted {
			return d, nil
		}
	}
	if clean := filepath.Clean(name); name != "" {
		for _, d := range docs {
			if d.ID != "" && filepath.Clean(d.ID) == clean {
				return d, nil
			}
		}
	}
	ids := make([]string, 0, 5)
	for _, d := range docs {
		if len(ids) == cap(ids) {
			ids = append(ids, fmt.Sprintf("and %d more", len(docs)-len(ids)))
			break
		}
		ids = append(ids, strconv.Quote(d.ID))
	}
	held := "it holds no documents"
	if len(ids) > 0 {
		held = fmt.Sprintf("it holds %d: %s", len(docs), strings.Join(ids, ", "))
	}
	return Doc{}, fmt.Errorf("%q in %s: %w (%s)", name, s.path, ErrNoDocument, held)
}

// resetInterruptedInit prepares a store whose initialisation was cut short
// to be initialised again, and reports whether it was one. Creating a
// store commits several transactions (cayley's kv.Init: buckets, data
// version, index list; then addLabelIndex); a crash between them leaves a
// file that kv.New refuses ("not initialized") or that opens with the
// wrong indexes. A store that never held a quad (its log is empty) and
// lacks the data version or newsgraph's index list is such a file:
// dropping its meta bucket and initialising it again loses nothing.
// Read-only stores are left alone.
func resetInterruptedInit(db *boltkv.DB) bool {
	if db.Bolt().IsReadOnly() {
		return false
	}
	interrupted := false
	_ = db.Bolt().View(func(tx *bolt.Tx) error {
		if log := tx.Bucket([]byte("log")); log != nil {
			if k, _ := log.Cursor().First(); k != nil {
				return nil // holds data: not a fresh store, leave it to kv.New
			}
		}
		meta := tx.Bucket([]byte("meta"))
		want, err := json.Marshal(storeIndexes)
		interrupted = meta == nil || meta.Get([]byte("version")) == nil ||
			(err == nil && !bytes.Equal(meta.Get([]byte("indexes")), want))
		return nil
	})
	if !interrupted {
		return false
	}
	err := db.Bolt().Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("meta")); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return err
		}
		return nil
	})
	return err == nil
}
