package graph

import (
	"context"
	"errors"
	"fmt"
	"os"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
)

// BulkLoad copies every quad of r into a new embedded store at path
// through cayley's fastest bulk path, qs.NewQuadWriter with
// quad.CopyBatch: no diffing against what a document had, one
// transaction per 200,000 quads. It returns the number of quads read.
//
// It is the reference the benchmarks measure [Writer] against (the same
// quads loaded the way cayley loads a dump), not a way to build a
// newsgraph store: re-loading a document through it would inflate
// cayley's reference counts (cayley issue 737). path must not exist.
func BulkLoad(ctx context.Context, path string, r quad.Reader, opt Options) (int, error) {
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("bulk load %s: the store must not exist yet", path)
	}
	db, err := boltkv.Open(path, boltkv.Options{Timeout: opt.LockTimeout, NoSync: opt.NoSync})
	if err != nil {
		return 0, err
	}
	kvOpts := cgraph.Options{"no_bloom": true}
	if err := kv.Init(db, kvOpts); err != nil {
		db.Close()
		return 0, fmt.Errorf("bulk load %s: %w", path, err)
	}
	qs, err := kv.New(db, kvOpts)
	if err != nil {
		db.Close()
		return 0, fmt.Errorf("bulk load %s: %w", path, err)
	}
	defer qs.Close()
	w, err := qs.NewQuadWriter()
	if err != nil {
		return 0, fmt.Errorf("bulk load %s: %w", path, err)
	}
	n, err := quad.CopyBatch(w.(quad.BatchWriter), ctxReader{ctx, r}, quad.DefaultBatch)
	if cerr := w.Close(); err == nil {
		err = cerr // the last commit happens in Close
	}
	if err != nil {
		return n, fmt.Errorf("bulk load %s: %w", path, err)
	}
	return n, nil
}

// ctxReader stops a quad.Reader when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   quad.Reader
}

func (c ctxReader) ReadQuad() (quad.Quad, error) {
	if err := c.ctx.Err(); err != nil {
		return quad.Quad{}, err
	}
	return c.r.ReadQuad()
}
