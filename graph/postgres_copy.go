package graph

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"sort"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// CopyStats says what Copy did.
type CopyStats struct {
	Documents int // labels (documents) read from the source
	Quads     int // quads read from the source
	Added     int // quads added to the destination
	Deleted   int // quads deleted from the destination (older versions of the documents)
	Unchanged int // documents the destination already held exactly
}

// Copy copies every document of src into dst, one transaction per
// document: afterwards dst holds exactly src's quads under each of src's
// labels (cayley's fourth element, the document IRI), and whatever else
// it held before under other labels. A document dst held in another
// version is replaced, so copying twice changes nothing the second time.
// Quads without a label are added (never removed) in one transaction.
// progress, if not nil, is called after each document.
//
// Copy reads the whole source into memory first, grouped by label (as an
// export does), under src's read lock; each document is then written
// under dst's write lock. dst and src may be the same store.
func Copy(ctx context.Context, dst, src *Store, progress func(label quad.Value, r PutResult)) (CopyStats, error) {
	var st CopyStats
	if dst.ro {
		return st, fmt.Errorf("copy to %s: store opened read-only", dst.path)
	}
	byLabel := map[quad.Value][]quad.Quad{}
	var unlabelled []quad.Quad
	// The resolution graph is the source's conclusion over its own
	// documents; the destination resolves over all of its own.
	res := src.m.Resolution()
	err := src.Each(ctx, func(q quad.Quad) error {
		if q.Label == res {
			return nil
		}
		st.Quads++
		if q.Label == nil {
			unlabelled = append(unlabelled, q)
			return nil
		}
		byLabel[q.Label] = append(byLabel[q.Label], q)
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("copy from %s: %w", src.path, err)
	}
	labels := make([]quad.Value, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i].String() < labels[j].String() })
	st.Documents = len(labels)
	for _, l := range labels {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		r, err := dst.putQuads(ctx, l, byLabel[l])
		if err != nil {
			return st, fmt.Errorf("copy %s to %s: %w", l, dst.path, err)
		}
		st.Added += r.Added
		st.Deleted += r.Deleted
		if r.Unchanged() {
			st.Unchanged++
		}
		if progress != nil {
			progress(l, r)
		}
	}
	if len(unlabelled) > 0 {
		deltas := make([]cgraph.Delta, len(unlabelled))
		for i, q := range unlabelled {
			deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
		}
		if err := dst.addQuads(deltas); err != nil {
			return st, fmt.Errorf("copy unlabelled quads to %w", err)
		}
	}
	return st, nil
}

// addQuads applies deltas, ignoring quads the store holds already, under
// the store's write lock.
func (s *Store) addQuads(deltas []cgraph.Delta) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	return nil
}

// labelReplacer is a quad store that replaces all quads of a label in
// one transaction, reading the label's current quads in that
// transaction: concurrent writers of the same label cannot interleave.
type labelReplacer interface {
	replaceLabel(ctx context.Context, label quad.Value, quads []quad.Quad) (added, deleted int, err error)
}

// putQuads makes quads the store's quads under label, in one
// transaction, touching only what differs (as Put does for a document's
// extraction). Every quad must carry label. On PostgreSQL the read and
// the write share the transaction, so several processes may put the
// same document at once. It takes the store's write lock.
func (s *Store) putQuads(ctx context.Context, label quad.Value, quads []quad.Quad) (PutResult, error) {
	r := PutResult{}
	if iri, ok := label.(quad.IRI); ok {
		r.Doc = iri
	}
	if s.ro {
		return r, fmt.Errorf("put %s: store opened read-only", label)
	}
	uniq := make([]quad.Quad, 0, len(quads))
	seen := make(map[quad.Quad]bool, len(quads))
	for _, q := range quads {
		if q.Label != label {
			return r, fmt.Errorf("put %s: quad %s has another label", label, q.NQuad())
		}
		if !seen[q] {
			seen[q] = true
			uniq = append(uniq, q)
		}
	}
	if err := s.lock(); err != nil {
		return r, fmt.Errorf("put %s: %w", label, err)
	}
	defer s.mu.Unlock()
	if lr, ok := s.qs.(labelReplacer); ok {
		added, deleted, err := lr.replaceLabel(ctx, label, uniq)
		if err != nil {
			return PutResult{}, fmt.Errorf("put %s: %w", label, err)
		}
		r.Added, r.Deleted = added, deleted
		return r, nil
	}
	d, ok := label.(quad.IRI)
	if !ok {
		return r, fmt.Errorf("put %s: the label is not an IRI", label)
	}
	old, err := s.docQuads(ctx, d)
	if err != nil {
		return PutResult{}, fmt.Errorf("put %s: %w", label, err)
	}
	have := make(map[quad.Quad]bool, len(old))
	var deltas []cgraph.Delta
	for _, q := range old {
		have[q] = true
		if !seen[q] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	r.Deleted = len(deltas)
	for _, q := range uniq {
		if !have[q] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	r.Added = len(deltas) - r.Deleted
	if len(deltas) == 0 {
		return r, nil
	}
	// applyDeltas, not cayley's ApplyDeltas: see write_group.go.
	if err := s.applyDeltas(ctx, deltas); err != nil {
		return PutResult{}, fmt.Errorf("put %s: %w", label, err)
	}
	return r, nil
}

// replaceLabel replaces the quads labelled label by quads in one
// transaction that first locks the label (an advisory lock on its hash;
// CockroachDB, which has none, runs serializable and retries), then reads
// what the store holds under it and writes the difference.
func (s *pgQuadStore) replaceLabel(ctx context.Context, label quad.Value, quads []quad.Quad) (added, deleted int, err error) {
	if s.ro {
		return 0, 0, fmt.Errorf("write: store opened read-only")
	}
	lh := cgraph.HashOf(label)
	want := make(map[cgraph.QuadHash]quad.Quad, len(quads))
	for _, q := range quads {
		want[hashQuad(q)] = q
	}
	err = s.retry.inTx(ctx, s.db, func(tx *sql.Tx) error {
		if !s.cockroach {
			key := int64(binary.BigEndian.Uint64(lh[:8]))
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", key); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, quadsQuery+" WHERE q.label_hash = $1", lh[:])
		if err != nil {
			return err
		}
		old, err := scanQuads(rows)
		if err != nil {
			return err
		}
		var deltas []cgraph.Delta
		for h, q := range old {
			if _, ok := want[h]; !ok {
				deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
			}
		}
		deleted = len(deltas)
		adding := make(map[cgraph.QuadHash]bool, len(quads))
		for _, q := range quads { // in the caller's order, as cayley writes
			h := hashQuad(q)
			if _, ok := old[h]; !ok && !adding[h] {
				adding[h] = true
				deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
			}
		}
		added = len(deltas) - deleted
		if len(deltas) == 0 {
			return nil
		}
		b, err := newPgBatch(deltas, cgraph.IgnoreOpts{})
		if err != nil {
			return err
		}
		return s.apply(ctx, tx, b, cgraph.IgnoreOpts{})
	})
	if err != nil {
		return 0, 0, pgError(err, s.where)
	}
	return added, deleted, nil
}

// scanQuads reads the rows of quadsQuery and closes them.
func scanQuads(rows *sql.Rows) (map[cgraph.QuadHash]quad.Quad, error) {
	defer rows.Close()
	out := map[cgraph.QuadHash]quad.Quad{}
	var hashes [4][]byte
	var vals [4]nodeRow
	dest := make([]any, 0, 44)
	for i := range hashes {
		dest = append(dest, &hashes[i])
	}
	for i := range vals {
		dest = append(dest, vals[i].dest()...)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		var h cgraph.QuadHash
		var q quad.Quad
		for i, d := range quad.Directions {
			if hashes[i] == nil {
				continue
			}
			var vh cgraph.ValueHash
			copy(vh[:], hashes[i])
			h.Set(d, vh)
			v, err := vals[i].value()
			if err != nil {
				return nil, err
			}
			q.Set(d, v)
		}
		out[h] = q
	}
	return out, rows.Err()
}
