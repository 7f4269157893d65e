package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// The PostgreSQL benchmarks compare newsgraph's store layer with
// cayley's SQL quad store as it is ("cayley": the same Store code over
// csql.QuadStore, on cayley's schema without newsgraph's label index).
//
//	eval "$(scripts/pg-start)"
//	go test ./graph -run '^$' -bench Postgres -benchtime 1x
//
// NEWSGRAPH_BENCH_DOCS sets the number of documents loaded (default 400,
// about 50,000 quads), NEWSGRAPH_BENCH_QUADS the size of the exported
// store (default 100,000 quads; the cayley variant reads only up to
// 20,000 unless NEWSGRAPH_BENCH_SLOW=1, at about 1,000 quads a second).

// benchEnv returns an integer from the environment.
func benchEnv(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// openPlainCayley opens dsn with cayley's SQL quad store as it is,
// creating cayley's schema first if create is set.
func openPlainCayley(b *testing.B, dsn string, create bool) *Store {
	b.Helper()
	if create {
		if err := csql.Init(postgres.Type, dsn, nil); err != nil {
			b.Fatal(err)
		}
	}
	qs, err := csql.New(postgres.Type, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	m, _ := NewMinter("")
	st := &Store{qs: qs, m: m, path: redact(dsn)}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkPostgresLoad puts documents (one transaction each, as build
// does without batching) from 1, 2 and 4 builders at once, each with its
// own connections, into one database, and reports documents and quads
// per second.
func BenchmarkPostgresLoad(b *testing.B) {
	pgTestDSN(b)
	docs := benchEnv(b, "NEWSGRAPH_BENCH_DOCS", 400)
	rs := synthResults(b, 0, docs)
	m, _ := NewMinter("")
	quads := 0
	for _, r := range rs {
		quads += len(DocumentQuads(m, r))
	}
	for _, layer := range []string{"newsgraph", "cayley"} {
		for _, builders := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("store=%s/builders=%d", layer, builders), func(b *testing.B) {
				var elapsed time.Duration
				for range b.N {
					b.StopTimer()
					dsn := pgTestDSN(b)
					stores := make([]*Store, builders)
					for i := range stores {
						if layer == "cayley" {
							stores[i] = openPlainCayley(b, dsn, i == 0)
							continue
						}
						st, err := Open(dsn, Options{})
						if err != nil {
							b.Fatal(err)
						}
						b.Cleanup(func() { st.Close() })
						stores[i] = st
					}
					b.StartTimer()
					start := time.Now()
					loadParallel(b, stores, rs)
					elapsed += time.Since(start)
				}
				sec := elapsed.Seconds() / float64(b.N)
				b.ReportMetric(float64(len(rs))/sec, "docs/s")
				b.ReportMetric(float64(quads)/sec, "quads/s")
			})
		}
	}
}

// loadParallel puts rs into the stores, document i into store i mod n.
func loadParallel(b *testing.B, stores []*Store, rs []*extract.Result) {
	var wg sync.WaitGroup
	errs := make([]error, len(stores))
	for w, st := range stores {
		wg.Go(func() {
			for i := w; i < len(rs); i += len(stores) {
				if _, err := st.Put(context.Background(), rs[i]); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPostgresExport reads a store of NEWSGRAPH_BENCH_QUADS quads
// with Store.Quads, as every export does, and reports the time.
func BenchmarkPostgresExport(b *testing.B) {
	dsn := pgTestDSN(b)
	want := benchEnv(b, "NEWSGRAPH_BENCH_QUADS", 100_000)
	st, err := Open(dsn, Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	// Load in large batches through the quad writer: only the reading is
	// measured here.
	w, err := st.qs.NewQuadWriter()
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	var batch []quad.Quad
	for i := 0; total < want; i += 100 {
		for _, r := range synthResults(b, i, i+100) {
			qs := DocumentQuads(st.m, r)
			if total+len(qs) > want {
				qs = qs[:want-total]
			}
			batch = append(batch, qs...)
			total += len(qs)
		}
		if _, err := w.WriteQuads(batch); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	stats, err := st.qs.Stats(context.Background(), true)
	if err != nil {
		b.Fatal(err)
	}
	for _, layer := range []string{"newsgraph", "cayley"} {
		b.Run("store="+layer, func(b *testing.B) {
			rd := st
			if layer == "cayley" {
				if stats.Quads.Size > 20_000 && os.Getenv("NEWSGRAPH_BENCH_SLOW") != "1" {
					b.Skipf("cayley reads %d quads in minutes; set NEWSGRAPH_BENCH_SLOW=1", stats.Quads.Size)
				}
				rd = openPlainCayley(b, dsn, false)
			}
			start := time.Now()
			for range b.N {
				got, err := rd.Quads(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if int64(len(got)) != stats.Quads.Size {
					b.Fatalf("read %d quads, want %d", len(got), stats.Quads.Size)
				}
			}
			sec := time.Since(start).Seconds() / float64(b.N)
			b.ReportMetric(sec, "s/export")
			b.ReportMetric(float64(stats.Quads.Size)/sec, "quads/s")
		})
	}
}
