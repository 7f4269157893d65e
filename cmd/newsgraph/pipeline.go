package main

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/semaphore"
)

// inFlight bounds the weight of the documents between reading and writing
// in build and extract: each counts its text four times (the extraction
// result holds more) plus 256 KiB, so that at most 512 small documents or
// two of the largest are in flight.
const inFlight = 128 << 20

// docWeight is what a document of n bytes counts against inFlight.
func docWeight(n int) int64 { return min(inFlight, 4*int64(n)+256<<10) }

// pipeline runs work on the items produce sends, on up to workers
// goroutines at once, and passes the results to consume in the order the
// items were sent, on the calling goroutine: the output is what a loop
// over the items would give, only sooner. The items sent but not yet
// consumed weigh at most limit together (an item heavier than limit counts
// as limit), so that memory does not grow with the input however slow
// consume is.
//
// The first error of consume stops the pipeline and is returned; an error
// of produce is returned after everything it sent has been consumed.
// work runs with a context that is cancelled when the pipeline stops
// early.
func pipeline[T, R any](ctx context.Context, workers int, limit int64,
	produce func(send func(item T, weight int64) error) error,
	work func(ctx context.Context, item T) R,
	consume func(R) error) error {
	type job struct {
		seq    int
		item   T
		weight int64
	}
	type done struct {
		seq    int
		res    R
		weight int64
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers = max(workers, 1)
	budget := semaphore.NewWeighted(limit)
	jobs := make(chan job, 2*workers)
	results := make(chan done, 2*workers)

	var produced sync.WaitGroup
	var produceErr error
	produced.Add(1)
	go func() {
		defer produced.Done()
		defer close(jobs)
		seq := 0
		produceErr = produce(func(item T, weight int64) error {
			weight = min(max(weight, 1), limit)
			if err := budget.Acquire(ctx, weight); err != nil {
				return err
			}
			select {
			case jobs <- job{seq, item, weight}:
				seq++
				return nil
			case <-ctx.Done():
				budget.Release(weight)
				return ctx.Err()
			}
		})
	}()

	var worked sync.WaitGroup
	for range workers {
		worked.Add(1)
		go func() {
			defer worked.Done()
			for j := range jobs {
				r := work(ctx, j.item)
				select {
				case results <- done{j.seq, r, j.weight}:
				case <-ctx.Done():
					budget.Release(j.weight)
				}
			}
		}()
	}
	go func() {
		worked.Wait()
		close(results)
	}()

	err := func() error {
		waiting := map[int]done{}
		next := 0
		for d := range results {
			waiting[d.seq] = d
			for {
				d, ok := waiting[next]
				if !ok {
					break
				}
				delete(waiting, next)
				next++
				err := consume(d.res)
				budget.Release(d.weight)
				if err != nil {
					return err
				}
			}
		}
		return nil
	}()
	if err != nil {
		cancel()
	}
	for range results { // let the workers finish
	}
	produced.Wait()
	switch {
	case err != nil:
		return err
	case produceErr != nil && !errors.Is(produceErr, context.Canceled):
		return produceErr
	}
	return ctx.Err()
}
