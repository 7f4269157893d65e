package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

func TestPipeline(t *testing.T) {
	errProduce := errors.New("produce failed")
	errConsume := errors.New("consume failed")
	tests := []struct {
		name        string
		n, workers  int
		limit       int64
		weight      int64
		produceErr  bool
		consumeStop int // consume fails at this item (0: never)
		want        error
	}{
		{name: "one worker", n: 100, workers: 1, limit: 1 << 20, weight: 1},
		{name: "many workers", n: 1000, workers: 8, limit: 1 << 20, weight: 1},
		{name: "tight limit", n: 300, workers: 8, limit: 5, weight: 1},
		{name: "items heavier than the limit", n: 50, workers: 4, limit: 3, weight: 10},
		{name: "produce fails", n: 40, workers: 4, limit: 8, weight: 1, produceErr: true, want: errProduce},
		{name: "consume fails", n: 500, workers: 4, limit: 8, weight: 1, consumeStop: 37, want: errConsume},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inFlight, peak atomic.Int64
			var got []int
			err := pipeline(context.Background(), tt.workers, tt.limit,
				func(send func(int, int64) error) error {
					for i := range tt.n {
						if err := send(i, tt.weight); err != nil {
							return err
						}
						w := min(tt.weight, tt.limit)
						if v := inFlight.Add(w); v > peak.Load() {
							peak.Store(v)
						}
					}
					if tt.produceErr {
						return errProduce
					}
					return nil
				},
				func(_ context.Context, i int) int {
					// Finish out of order.
					time.Sleep(time.Duration(rand.IntN(50)) * time.Microsecond)
					return i * 2
				},
				func(r int) error {
					inFlight.Add(-min(tt.weight, tt.limit))
					if tt.consumeStop > 0 && r/2 == tt.consumeStop {
						return errConsume
					}
					got = append(got, r)
					return nil
				})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			want := tt.n
			if tt.consumeStop > 0 {
				want = tt.consumeStop
			}
			if len(got) != want {
				t.Fatalf("consumed %d results, want %d", len(got), want)
			}
			for i, r := range got {
				if r != 2*i {
					t.Fatalf("result %d is %d, want %d: out of order", i, r, 2*i)
				}
			}
			// The producer counts an item after send returns, the consumer
			// before it releases it: the count can exceed the limit by the
			// one item being sent.
			if p := peak.Load(); p > tt.limit+min(tt.weight, tt.limit) {
				t.Errorf("%d weight in flight, limit %d", p, tt.limit)
			}
		})
	}
}

func TestPipelineCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	consumed := 0
	done := make(chan error, 1)
	go func() {
		done <- pipeline(ctx, 4, 16,
			func(send func(int, int64) error) error {
				for i := 0; ; i++ { // endless input
					if err := send(i, 1); err != nil {
						return err
					}
				}
			},
			func(_ context.Context, i int) int { return i },
			func(int) error {
				if consumed++; consumed == 10 {
					cancel()
				}
				return nil
			})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("pipeline did not stop when its context was cancelled")
	}
}
