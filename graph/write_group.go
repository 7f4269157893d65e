package graph

import (
	"context"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
)

// cayley v0.7.7's ApplyDeltas miscounts when one call both deletes and
// adds quads that share a node whose references drop overall: it resolves
// the nodes of added quads only among those whose count does not fall, so
// such a quad is written with a missing term and the node keeps references
// no quad makes. One re-ingested document can do it (its statements' old
// and new offsets share integer literals), a batch of documents does it
// often. Writer.Flush therefore applies the deletions first and the
// additions second, each in a call of its own, and makes the two one
// transaction: between begin and end, groupKV hands every read-write
// transaction cayley asks for the same bbolt transaction, and commits it
// once at the end.

// groupKV is the key-value store under cayley's quad store.
type groupKV struct {
	*boltkv.DB
	cur *txGroup // the open group; only the writing goroutine sets it
}

// txGroup is one bbolt transaction shared by several ApplyDeltas calls.
type txGroup struct {
	tx     hkv.Tx
	failed bool // a call ended without committing: roll back
}

// groupHandle is the transaction one ApplyDeltas call sees.
type groupHandle struct {
	hkv.Tx
	g         *txGroup
	committed bool
}

// Tx returns the group's transaction for read-write transactions while a
// group is open.
func (g *groupKV) Tx(rw bool) (hkv.Tx, error) {
	if rw && g.cur != nil {
		return &groupHandle{Tx: g.cur.tx, g: g.cur}, nil
	}
	return g.DB.Tx(rw)
}

// Commit leaves the commit to the group's end.
func (h *groupHandle) Commit(context.Context) error {
	h.committed = true
	return nil
}

// Close marks the group failed when the call did not commit.
func (h *groupHandle) Close() error {
	if !h.committed {
		h.g.failed = true
	}
	return nil
}

// group runs fn with every read-write transaction in one bbolt
// transaction, committed when fn and every transaction in it succeeded.
func (g *groupKV) group(ctx context.Context, fn func() error) error {
	if g.cur != nil {
		return errors.New("write: transactions already grouped")
	}
	tx, err := g.DB.Tx(true)
	if err != nil {
		return err
	}
	g.cur = &txGroup{tx: tx}
	err = fn()
	failed := g.cur.failed
	g.cur = nil
	if err == nil && failed {
		err = errors.New("a write did not complete")
	}
	if err != nil {
		tx.Close()
		return err
	}
	return tx.Commit(ctx)
}

// applyDeltas applies deltas in one transaction: deletions, then
// additions (see above). When that fails, nothing is written, but cayley
// may have cached node IDs the rolled-back transaction created (its value
// cache): the quad store is opened afresh on the same file, so that no
// later write links quads to nodes that do not exist. The caller holds
// s.mu for writing.
func (s *Store) applyDeltas(ctx context.Context, deltas []cgraph.Delta) error {
	err := s.applyDeltasOnce(ctx, deltas)
	if err != nil && s.group != nil {
		if qs, e := kv.New(s.group, cgraph.Options{"no_bloom": true}); e == nil {
			s.qs = qs
		}
	}
	return err
}

func (s *Store) applyDeltasOnce(ctx context.Context, deltas []cgraph.Delta) error {
	if s.group == nil {
		return s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{})
	}
	var dels, adds []cgraph.Delta
	for _, d := range deltas {
		if d.Action == cgraph.Delete {
			dels = append(dels, d)
		} else {
			adds = append(adds, d)
		}
	}
	if len(dels) == 0 || len(adds) == 0 {
		return s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{})
	}
	return s.group.group(ctx, func() error {
		if err := s.qs.ApplyDeltas(dels, cgraph.IgnoreOpts{}); err != nil {
			return fmt.Errorf("delete: %w", err)
		}
		if err := s.qs.ApplyDeltas(adds, cgraph.IgnoreOpts{}); err != nil {
			return fmt.Errorf("add: %w", err)
		}
		return nil
	})
}
