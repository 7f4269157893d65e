package web

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// StoreSource reads the index from a store file, opening it read-only only
// while it reads, and again only when the file has changed since. Between
// reads the store is not held open, so `newsgraph build` can write to it
// while the server runs; when a read fails (a build holds the store) the
// last index is served.
type StoreSource struct {
	path string
	opt  graph.Options
	log  *log.Logger

	mu    sync.Mutex
	ix    *graph.Index
	mtime time.Time
	size  int64
}

// NewStoreSource returns a source for the store at path. opt.ReadOnly is
// forced on. logger, if not nil, hears about failed reloads.
func NewStoreSource(path string, opt graph.Options, logger *log.Logger) *StoreSource {
	opt.ReadOnly = true
	return &StoreSource{path: path, opt: opt, log: logger}
}

// Index returns the store's index, reading the store again if its file
// changed.
func (s *StoreSource) Index(ctx context.Context) (*graph.Index, error) {
	fi, err := os.Stat(s.path)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.path, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ix != nil && fi.ModTime().Equal(s.mtime) && fi.Size() == s.size {
		return s.ix, nil
	}
	ix, err := s.load(ctx)
	if err != nil {
		if s.ix != nil {
			if s.log != nil {
				s.log.Printf("reload %s: %v; serving the last state", s.path, err)
			}
			return s.ix, nil
		}
		return nil, err
	}
	s.ix, s.mtime, s.size = ix, fi.ModTime(), fi.Size()
	return ix, nil
}

func (s *StoreSource) load(ctx context.Context) (*graph.Index, error) {
	st, err := graph.Open(s.path, s.opt)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Index(ctx)
}
