package graph

import (
	"context"
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/cayleygraph/quad"
)

// EachGraph calls fn with the quads of each named graph of the store —
// the quads of one document, labelled with its IRI — and stops at fn's
// first error. Graphs come in the order of their names' N-Quads form,
// the quads without a label first; each graph's quads are sorted as
// [SortQuads] sorts them. Every quad of the store is passed once.
//
// An embedded store with the label index (write_index.go) is read one
// document at a time, in one read transaction: memory holds the list of
// documents and one document's quads, whatever the size of the store.
// Other stores (PostgreSQL, and embedded stores created before the label
// index) are read whole into memory first, and then passed on in the same
// order, so the result never depends on the path taken.
//
// Documents' graphs come as readers see them after cross-document
// resolution: a merged node's quads name its canonical node
// ([Canonicalize]); the resolution graph comes as it is.
//
// fn runs under the store's read lock: it must not call the Store's
// methods (see [Store]).
func (s *Store) EachGraph(ctx context.Context, fn func(label quad.Value, quads []quad.Quad) error) error {
	if err := s.rlock(); err != nil {
		return fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	res, err := s.docQuads(ctx, s.m.Resolution())
	if err != nil {
		return fmt.Errorf("read %s: %w", s.path, err)
	}
	if canon := sameAsMap(res); len(canon) > 0 {
		g := s.m.Resolution()
		inner := fn
		fn = func(label quad.Value, quads []quad.Quad) error {
			if label == g {
				return inner(label, quads)
			}
			return inner(label, rewrite(quads, canon))
		}
	}
	if s.db != nil {
		done, err := s.eachGraphIndexed(ctx, fn)
		if done || err != nil {
			return err
		}
	}
	return s.eachGraphInMemory(ctx, fn)
}

// labelBucket is the label index's bucket (quad.Label.Prefix()).
var labelBucket = []byte{'c'}

// valueKey returns a value's N-Quads form, "" for nil: the key graphs and
// quads are sorted by.
func valueKey(v quad.Value) string {
	if v == nil {
		return ""
	}
	return v.String()
}

// eachGraphInMemory is EachGraph reading every quad first. The caller
// holds s.mu.
func (s *Store) eachGraphInMemory(ctx context.Context, fn func(quad.Value, []quad.Quad) error) error {
	all, err := s.quads(ctx) // sorted: each graph's quads stay in order
	if err != nil {
		return err
	}
	byLabel := map[quad.Value][]quad.Quad{}
	var labels []quad.Value
	for _, q := range all {
		if _, ok := byLabel[q.Label]; !ok {
			labels = append(labels, q.Label)
		}
		byLabel[q.Label] = append(byLabel[q.Label], q)
	}
	all = nil
	sort.Slice(labels, func(i, j int) bool { return valueKey(labels[i]) < valueKey(labels[j]) })
	for _, l := range labels {
		if err := fn(l, byLabel[l]); err != nil {
			return err
		}
		delete(byLabel, l)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// maxCachedValues bounds the reader's cache of node values while it
// streams: entities, predicates and types recur from document to
// document, the values of one document (evidence, titles) mostly do not.
const maxCachedValues = 1 << 16

// releaseEvery is how many documents EachGraph reads between releases of
// the store file's mapped pages (boltkv.DB.ReleaseMapped).
const releaseEvery = 64

// eachGraphIndexed is EachGraph through the label index: the bucket "c"
// maps a label's node ID (8 bytes, big-endian; 0 for quads without a
// label) to the IDs of its quads (uvarints, deleted quads included). done
// is false when the store has no label index. The caller holds s.mu.
func (s *Store) eachGraphIndexed(ctx context.Context, fn func(quad.Value, []quad.Quad) error) (done bool, err error) {
	r, ok, err := s.reader(ctx)
	if err != nil || !ok {
		return false, err
	}
	defer r.close()
	idx := r.tx.Bucket(labelBucket)
	if idx == nil || r.log == nil {
		return false, nil
	}
	type graphRef struct {
		id    uint64
		label quad.Value
		key   string
	}
	var graphs []graphRef
	c := idx.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) != 8 {
			return true, fmt.Errorf("read %s: bad label index key %x", s.path, k)
		}
		id := binary.BigEndian.Uint64(k)
		g := graphRef{id: id}
		if id != 0 {
			g.label = r.value(id)
			if g.label == nil {
				continue // a label node that is gone: its quads are deleted
			}
		}
		g.key = valueKey(g.label)
		graphs = append(graphs, g)
		if len(graphs)%(8*releaseEvery) == 0 {
			s.db.ReleaseMapped() // the labels' nodes lie all over the file
		}
	}
	s.db.ReleaseMapped()
	if r.err != nil {
		return true, r.err
	}
	sort.Slice(graphs, func(i, j int) bool {
		if graphs[i].key != graphs[j].key {
			return graphs[i].key < graphs[j].key
		}
		return graphs[i].id < graphs[j].id
	})
	var key [8]byte
	seen := map[uint64]bool{}
	for i, g := range graphs {
		if err := ctx.Err(); err != nil {
			return true, err
		}
		binary.BigEndian.PutUint64(key[:], g.id)
		var quads []quad.Quad
		clear(seen)
		for v := idx.Get(key[:]); len(v) > 0; {
			id, n := binary.Uvarint(v)
			if n <= 0 {
				return true, fmt.Errorf("read %s: bad label index entry for %v", s.path, g.label)
			}
			v = v[n:]
			if seen[id] {
				continue
			}
			seen[id] = true
			if p := r.prim(id); p != nil && !p.Deleted && !p.IsNode() {
				quads = append(quads, r.quad(p))
			}
		}
		if r.err != nil {
			return true, r.err
		}
		if len(r.vals) > maxCachedValues {
			clear(r.vals)
		}
		if i%releaseEvery == releaseEvery-1 {
			// The pages read so far stay in the page cache but leave
			// the process's resident memory, which would otherwise
			// grow to the size of the store file.
			s.db.ReleaseMapped()
		}
		if len(quads) == 0 {
			continue
		}
		SortQuads(quads)
		if err := fn(g.label, quads); err != nil {
			return true, err
		}
	}
	return true, nil
}
