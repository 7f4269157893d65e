package graph

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"sort"
	"time"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
)

// Bounds a Gizmo query runs within unless [GizmoOptions] say otherwise.
const (
	DefaultGizmoTimeout = 10 * time.Second
	DefaultGizmoLimit   = 1000
	DefaultGizmoMemory  = 512 << 20
)

// gizmoStackLimit bounds how far goroutine stacks may grow during a query:
// JavaScript recursing through native functions (callbacks of forEach, map,
// sort) recurses in Go, and a Go stack past 1 GB kills the process, so the
// watchdog stops the query long before.
const gizmoStackLimit = 128 << 20

// gizmoPoll is how often the memory watchdog samples the runtime.
const gizmoPoll = 2 * time.Millisecond

// gizmoGrace is how long [Store.Gizmo] waits for an interrupted script to
// unwind before returning.
const gizmoGrace = 2 * time.Second

// ErrQueryTimeout is returned (wrapped) when a query runs past its time
// limit.
var ErrQueryTimeout = errors.New("query ran past its time limit")

// ErrQueryMemory is returned (wrapped) when a query makes the process's
// memory grow past the bound.
var ErrQueryMemory = errors.New("query used more memory than allowed")

// GizmoOptions bound a Gizmo query. Zero values mean the defaults.
type GizmoOptions struct {
	// Timeout bounds the query's run time (DefaultGizmoTimeout).
	Timeout time.Duration
	// Limit caps the number of results (DefaultGizmoLimit).
	Limit int
	// MaxMemory bounds, in bytes, how much the heap may grow while the
	// query runs (DefaultGizmoMemory).
	MaxMemory uint64
}

// GizmoResult is what a Gizmo query returned.
type GizmoResult struct {
	// Values are the results in order: maps from tag to value for paths
	// (g.V().all()), anything JSON-like for g.emit(). IRIs are written
	// "<iri>", literals as their Go value.
	Values []any `json:"results"`
	// Truncated reports that the query had more results than the limit.
	Truncated bool `json:"truncated,omitempty"`
}

// IRIs returns the distinct IRIs the results name, in order of appearance,
// for [Index.Among].
func (r GizmoResult) IRIs() []quad.IRI {
	var out []quad.IRI
	seen := map[quad.IRI]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if len(v) > 2 && v[0] == '<' && v[len(v)-1] == '>' {
				iri := quad.IRI(v[1 : len(v)-1])
				if !seen[iri] {
					seen[iri] = true
					out = append(out, iri)
				}
			}
		case quad.IRI:
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(v[k])
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, v := range r.Values {
		walk(v)
	}
	return out
}

// Gizmo runs a query in cayley's Gizmo language (JavaScript, see
// https://cayley.gitbook.io/cayley/gizmoapi) over the store, read-only.
//
// The script runs in its own interpreter, stopped when it runs past
// opt.Timeout or when the process's heap grows by more than opt.MaxMemory
// (a watchdog samples the Go runtime every few milliseconds and interrupts
// it); the error then wraps [ErrQueryTimeout] or [ErrQueryMemory] and the
// process goes on. At most opt.Limit results are kept. The watchdog
// measures the whole process, so run one query at a time. The query holds
// the store's read lock until it returns (writes wait for it); the time
// limit starts once it has the lock.
func (s *Store) Gizmo(ctx context.Context, src string, opt GizmoOptions) (GizmoResult, error) {
	// Taken before the clock starts, and released after the grace below:
	// the interpreter reads the store until it has unwound.
	if err := s.rlock(); err != nil {
		return GizmoResult{}, fmt.Errorf("gizmo: %w", err)
	}
	defer s.mu.RUnlock()
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultGizmoTimeout
	}
	if opt.Limit <= 0 {
		opt.Limit = DefaultGizmoLimit
	}
	if opt.MaxMemory == 0 {
		opt.MaxMemory = DefaultGizmoMemory
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ctx, cancelTimeout := context.WithTimeoutCause(ctx, opt.Timeout, ErrQueryTimeout)
	defer cancelTimeout()
	stopWatch := watchMemory(ctx, opt.MaxMemory, cancel)
	defer stopWatch()

	it, err := gizmo.NewSession(s.qs).Execute(ctx, src, query.Options{Collation: query.JSON, Limit: opt.Limit + 1})
	if err != nil {
		return GizmoResult{}, fmt.Errorf("gizmo: %w", err)
	}
	var res GizmoResult
	for it.Next(ctx) {
		v := it.Result()
		if v == nil {
			continue
		}
		if len(res.Values) == opt.Limit {
			res.Truncated = true
			break
		}
		res.Values = append(res.Values, v)
	}
	runErr := it.Err()
	// Close interrupts the interpreter; wait a moment for it to unwind so
	// that its memory can be collected and no store read outlives us.
	it.Close()
	grace, cancelGrace := context.WithTimeout(context.Background(), gizmoGrace)
	for it.Next(grace) {
	}
	cancelGrace()

	if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
		switch {
		case errors.Is(cause, ErrQueryMemory):
			return GizmoResult{}, fmt.Errorf("gizmo: %w (%d MiB); narrow the query or raise the bound", ErrQueryMemory, opt.MaxMemory>>20)
		case errors.Is(cause, ErrQueryTimeout), errors.Is(cause, context.DeadlineExceeded):
			return GizmoResult{}, fmt.Errorf("gizmo: %w (%s); narrow the query or raise the limit", ErrQueryTimeout, opt.Timeout)
		default:
			return GizmoResult{}, fmt.Errorf("gizmo: %w", cause)
		}
	}
	if runErr != nil {
		return GizmoResult{}, fmt.Errorf("gizmo: %w", runErr)
	}
	return res, nil
}

// watchMemory cancels ctx with ErrQueryMemory when the heap grows by more
// than limit bytes, or goroutine stacks by more than gizmoStackLimit, over
// what they were when it started. It stops when ctx ends or stop is called.
func watchMemory(ctx context.Context, limit uint64, cancel context.CancelCauseFunc) (stop func()) {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/stacks:bytes"},
	}
	read := func() (heap, stacks uint64) {
		metrics.Read(samples)
		for i, s := range samples {
			if s.Value.Kind() != metrics.KindUint64 {
				continue
			}
			if i == 0 {
				heap = s.Value.Uint64()
			} else {
				stacks = s.Value.Uint64()
			}
		}
		return heap, stacks
	}
	heap0, stacks0 := read()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(gizmoPoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case <-t.C:
				heap, stacks := read()
				if heap > heap0+limit || stacks > stacks0+gizmoStackLimit {
					cancel(ErrQueryMemory)
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
