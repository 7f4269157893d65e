package graph

import (
	"context"
	"encoding/binary"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
	bolt "go.etcd.io/bbolt"
)

// ngExtractor names the extractor that produced a document's quads: a
// literal such as "newsgraph-extract/1+lexicon.3f2a…" ([extract.Version]
// and whatever else changes the extraction), on the document, labelled
// with it. [Store.Current] compares it to skip documents an identical
// extractor already extracted.
var ngExtractor = quad.IRI(NS + "extractor")

// ExtractorPredicate is ng:extractor.
var ExtractorPredicate = ngExtractor

// DefaultBatchQuads is how many changed quads a [Writer] collects before it
// commits them in one transaction.
const DefaultBatchQuads = 20_000

// WriterOptions configure a [Writer].
type WriterOptions struct {
	// Extractor, when set, is recorded on every document written as
	// ng:extractor, so that a later build can tell with [Store.Current]
	// whether the document needs extracting again.
	Extractor string
	// BatchQuads is how many changed quads to collect before committing;
	// 0 means DefaultBatchQuads, 1 commits every document on its own.
	BatchQuads int
	// BeforeFirstCommit, when set, runs once before the Writer's first
	// commit (build marks the resolution out of date there, so that a
	// build that writes nothing changes nothing); its error fails it.
	BeforeFirstCommit func(context.Context) error
}

// Writer writes extraction results into a store in batches: the changes
// of several documents go into one transaction, which commits (or fails)
// as a whole, so that each document is wholly present or absent. Like
// [Store.Put] it replaces what the store held for a document and touches
// only the quads that changed, so re-ingesting does not inflate cayley's
// reference counts (cayley issue 737).
//
// A Writer is not safe for concurrent use, but other goroutines may use
// its store meanwhile: it reads under the store's read lock and commits
// under its write lock. A document's difference is computed when it is
// queued, so no one else may write a queued document before the Writer
// commits it (see [Store]). Results count as written only once
// [Writer.Flush] or [Writer.Close] returns nil.
type Writer struct {
	s       *Store
	opt     WriterOptions
	deltas  []cgraph.Delta
	pending map[quad.IRI]bool
	// held is set when the caller holds the store's write lock for the
	// Writer's whole life (Store.Put): it then takes no lock itself.
	held bool
}

// NewWriter returns a writer into s.
func (s *Store) NewWriter(opt WriterOptions) (*Writer, error) {
	if s.ro {
		return nil, fmt.Errorf("write %s: store opened read-only", s.path)
	}
	if opt.BatchQuads <= 0 {
		opt.BatchQuads = DefaultBatchQuads
	}
	return &Writer{s: s, opt: opt, pending: map[quad.IRI]bool{}}, nil
}

// Prepared is a document's extraction turned into quads by
// [Writer.Prepare], ready for [Writer.PutPrepared].
type Prepared struct {
	doc   quad.IRI
	id    string
	quads []quad.Quad
}

// Prepare validates an extraction and makes its quads. Unlike Put it may
// run on several goroutines at once, so that build makes the quads of
// many documents in parallel while one goroutine writes.
func (w *Writer) Prepare(res *extract.Result) (*Prepared, error) {
	if err := res.Validate(); err != nil {
		return nil, fmt.Errorf("put %s: %w", res.Doc.ID, err)
	}
	d := w.s.m.Document(res.Doc.ID)
	next := DocumentQuads(w.s.m, res)
	if w.opt.Extractor != "" {
		next = append(next, quad.Quad{Subject: d, Predicate: ngExtractor, Object: quad.String(w.opt.Extractor), Label: d})
	}
	return &Prepared{doc: d, id: res.Doc.ID, quads: next}, nil
}

// Put queues one document's extraction, replacing whatever the store holds
// for that document, and commits the batch when it is full. The result
// says what will change; nothing has changed yet when Put returns.
func (w *Writer) Put(ctx context.Context, res *extract.Result) (PutResult, error) {
	p, err := w.Prepare(res)
	if err != nil {
		return PutResult{}, err
	}
	return w.PutPrepared(ctx, p)
}

// PutPrepared is Put for quads Prepare made.
func (w *Writer) PutPrepared(ctx context.Context, p *Prepared) (PutResult, error) {
	if err := ctx.Err(); err != nil {
		return PutResult{}, err
	}
	d := p.doc
	if w.pending[d] {
		// The same document twice in one batch: its first version must
		// be in the store before the second is compared with it.
		if err := w.Flush(ctx); err != nil {
			return PutResult{}, err
		}
	}
	old, err := w.docQuads(ctx, d)
	if err != nil {
		return PutResult{}, fmt.Errorf("put %s: %w", p.id, err)
	}
	r := PutResult{Doc: d}
	w.deltas, r.Added, r.Deleted = appendDiff(w.deltas, old, p.quads)
	if r.Unchanged() {
		return r, nil
	}
	w.pending[d] = true
	if len(w.deltas) >= w.opt.BatchQuads {
		if err := w.Flush(ctx); err != nil {
			return PutResult{}, err
		}
	}
	return r, nil
}

// docQuads returns the quads the store holds under d, under the store's
// read lock unless the writer's caller holds the write lock.
func (w *Writer) docQuads(ctx context.Context, d quad.IRI) ([]quad.Quad, error) {
	if !w.held {
		if err := w.s.rlock(); err != nil {
			return nil, err
		}
		defer w.s.mu.RUnlock()
	}
	return w.s.docQuads(ctx, d)
}

// appendDiff appends to deltas what turns the quads old into next (both
// without duplicates) and returns how many quads it adds and deletes.
func appendDiff(deltas []cgraph.Delta, old, next []quad.Quad) ([]cgraph.Delta, int, int) {
	if len(old) == 0 {
		for _, q := range next {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
		return deltas, len(next), 0
	}
	want := make(map[quad.Quad]bool, len(next))
	for _, q := range next {
		want[q] = true
	}
	have := make(map[quad.Quad]bool, len(old))
	deleted := 0
	for _, q := range old {
		have[q] = true
		if !want[q] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
			deleted++
		}
	}
	added := 0
	for _, q := range next {
		if !have[q] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
			added++
		}
	}
	return deltas, added, deleted
}

// Pending returns the number of documents queued but not yet committed.
func (w *Writer) Pending() int { return len(w.pending) }

// Flush commits the queued documents in one transaction. When it fails,
// none of them is written, and they are dropped from the queue.
func (w *Writer) Flush(ctx context.Context) error {
	if len(w.deltas) == 0 {
		return nil
	}
	deltas, n := w.deltas, len(w.pending)
	w.deltas, w.pending = nil, map[quad.IRI]bool{}
	if err := ctx.Err(); err != nil {
		return err
	}
	if f := w.opt.BeforeFirstCommit; f != nil {
		w.opt.BeforeFirstCommit = nil
		if err := f(ctx); err != nil {
			return err
		}
	}
	if !w.held {
		if err := w.s.lock(); err != nil {
			return fmt.Errorf("write %d documents to %w", n, err)
		}
		defer w.s.mu.Unlock()
	}
	if err := w.s.applyDeltas(ctx, deltas); err != nil {
		return fmt.Errorf("write %d documents to %s: %w", n, w.s.path, err)
	}
	w.s.releaseMapped()
	return nil
}

// maxMapped bounds the memory the mapped store file takes in a process
// that writes to it (boltkv.Options.MaxMapped): without a bound, a build's
// resident memory grew with the store, to gigabytes for 100,000 documents.
const maxMapped = 192 << 20

// Trim releases the memory the store file's pages take in this process
// (see boltkv.DB.ReleaseMapped); build calls it now and then while it only
// reads. It takes the store's read lock, so no commit runs meanwhile
// (bbolt may replace the mapping when it commits); it does nothing on a
// closed store.
func (w *Writer) Trim() {
	if w.held {
		w.s.releaseMapped()
		return
	}
	if w.s.rlock() != nil {
		return
	}
	defer w.s.mu.RUnlock()
	w.s.releaseMapped()
}

// releaseMapped releases the mapped store file's pages in this process
// (boltkv.DB.ReleaseMapped). The caller holds s.mu, so that no commit
// replaces the mapping meanwhile.
func (s *Store) releaseMapped() {
	if s.db != nil {
		s.db.ReleaseMapped()
	}
}

// Close commits what is queued.
func (w *Writer) Close(ctx context.Context) error { return w.Flush(ctx) }

// headerPredicates are the predicates of the quads DocumentQuads writes
// about the document itself, bar schema:mentions.
var headerPredicates = []quad.IRI{rdfType, schemaIdentifier, schemaHeadline, schemaURL, schemaLanguage, schemaPublished, ngContentHash, ngExtractor}

// Current reports whether the store holds doc as extracted by the
// extractor named extractor (see [WriterOptions.Extractor]): the same
// content hash, extractor, identifier, title, URL and date, and, when lang
// is not empty, the same language. lang is the language the extraction
// will use when that is known without extracting (forced, or given with
// the document); leave it empty when the extractor detects it, which
// depends on the content only. A document that is current need not be
// extracted again: the extraction would write exactly the quads it has.
func (s *Store) Current(ctx context.Context, doc *extract.Document, lang, extractor string) (bool, error) {
	if extractor == "" {
		return false, nil
	}
	if err := s.rlock(); err != nil {
		return false, fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	d := s.m.Document(doc.ID)
	want := map[quad.Quad]bool{{Subject: d, Predicate: ngExtractor, Object: quad.String(extractor), Label: d}: true}
	for _, q := range DocumentQuads(s.m, &extract.Result{Doc: doc, Lang: lang}) {
		if q.Predicate != schemaLanguage || lang != "" {
			want[q] = true
		}
	}
	preds := headerPredicates
	if lang == "" {
		preds = headerPredicates[:0:0]
		for _, p := range headerPredicates {
			if p != schemaLanguage {
				preds = append(preds, p)
			}
		}
	}
	found := 0
	match := func(q quad.Quad) bool {
		found++
		return want[q]
	}
	r, ok, err := s.reader(ctx)
	if err != nil {
		return false, err
	}
	if ok {
		// The embedded store: its indexes, read directly (query_index.go).
		defer r.close()
		did := r.id(d)
		if did == 0 {
			return false, nil
		}
		for _, p := range preds {
			for _, pr := range r.scan(indexSP, did, r.id(p)) {
				if pr.Label == did && !match(r.quad(pr)) {
					return false, r.err
				}
			}
		}
		return found == len(want) && r.err == nil, r.err
	}
	refs, err := s.nodeRefs(append([]quad.Value{d}, iriValues(preds)...))
	if err != nil {
		return false, err
	}
	ref := refs[0]
	if ref == nil {
		return false, nil
	}
	isPred := map[cgraph.Ref]bool{}
	for _, r := range refs[1:] {
		if r != nil {
			isPred[r] = true
		}
	}
	it := s.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	for it.Next(ctx) {
		r := it.Result()
		if s.qs.QuadDirection(r, quad.Label) != ref || !isPred[s.qs.QuadDirection(r, quad.Predicate)] {
			continue
		}
		if !match(s.qs.Quad(r)) {
			return false, it.Err()
		}
	}
	if err := it.Err(); err != nil {
		return false, fmt.Errorf("read %s: %w", s.path, err)
	}
	return found == len(want), nil
}

func iriValues(iris []quad.IRI) []quad.Value {
	out := make([]quad.Value, len(iris))
	for i, v := range iris {
		out[i] = v
	}
	return out
}

// nodeRefs returns cayley's references of vals (nil for a value the store
// does not hold), like QuadStore.ValueOf but without its cache of IRIs.
// That cache is not safe to fill while another goroutine writes: a lookup
// whose read transaction began before a commit that deleted the node can
// put the stale ID back after the writer evicted it, and the writer then
// links new quads to the deleted node. The store's lock now keeps reads
// and commits apart; looking nodes up directly in cayley's value index
// (bucket "v" + the hash's first two bytes, key the hash, value the node
// ID as a uvarint) still spares the cache the values of [Store.Current],
// which build's workers call for every document. The caller holds s.mu.
func (s *Store) nodeRefs(vals []quad.Value) ([]cgraph.Ref, error) {
	refs := make([]cgraph.Ref, len(vals))
	if s.db == nil {
		for i, v := range vals {
			refs[i] = s.qs.ValueOf(v)
		}
		return refs, nil
	}
	err := s.db.Bolt().View(func(tx *bolt.Tx) error {
		for i, v := range vals {
			h := cgraph.HashOf(v)
			b := tx.Bucket([]byte{'v', h[0], h[1]})
			if b == nil {
				continue
			}
			if id, n := binary.Uvarint(b.Get(h[:])); n > 0 && id != 0 {
				refs[i] = ckv.Int64Value(id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.path, err)
	}
	return refs, nil
}
