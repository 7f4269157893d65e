package graph

import (
	"context"
	"encoding/json"
	"fmt"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// Cayley's key-value stores index quads by (subject, predicate) and by
// (object, predicate, subject) only. Finding a document's quads by their
// label, which every re-ingest and removal does, then falls back to a scan
// of every quad in the store: with 10,000 documents, rewriting one took
// seconds. A new store therefore gets a third index, on the label, written
// the way cayley records its indexes (the "indexes" entry of its "meta"
// bucket, read back by kv.New). It costs one index entry per document per
// transaction. Stores created before have no label index: everything
// still works, only changing or removing a document scans the store.

// storeIndexes are the indexes of a new store.
var storeIndexes = append(append([]ckv.QuadIndex{}, ckv.DefaultQuadIndexes...),
	ckv.QuadIndex{Dirs: []quad.Direction{quad.Label}})

// addLabelIndex adds the label index to a store kv.Init has just created,
// before any quad is written to it.
func addLabelIndex(db hkv.KV) error {
	data, err := json.Marshal(storeIndexes)
	if err != nil {
		return err
	}
	ctx := context.Background()
	err = hkv.Update(ctx, db, func(tx hkv.Tx) error {
		if err := hkv.CreateBucket(ctx, tx, hkv.Key{{quad.Label.Prefix()}}); err != nil {
			return err
		}
		return tx.Put(hkv.Key{[]byte("meta"), []byte("indexes")}, data)
	})
	if err != nil {
		return fmt.Errorf("add label index: %w", err)
	}
	return nil
}
