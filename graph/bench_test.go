package graph_test

// Benchmarks of the store: writing documents (newsgraph's Writer, one
// transaction per document, and cayley's bulk path as the reference),
// exporting a store, and the show and path queries on one.
//
// By default they work on a few hundred generated articles, so that
// `go test -bench . ./graph` takes seconds. Larger runs are opt-in:
//
//	NEWSGRAPH_BENCH_DOCS=10000 go test -run '^$' -bench . -benchmem -timeout 1h ./graph
//
// generates, extracts and writes that many articles first (minutes for
// 10,000), and
//
//	NEWSGRAPH_BENCH_STORE=/path/to/built.db go test -run '^$' -bench 'Export|Show|Path' ./graph
//
// runs the export and query benchmarks on a store built beforehand (by
// scripts/bench, for instance; it is opened read-only).

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/internal/gencorpus"
)

// benchDocs is the number of generated articles the benchmarks use.
func benchDocs(b *testing.B) int {
	if s := os.Getenv("NEWSGRAPH_BENCH_DOCS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("NEWSGRAPH_BENCH_DOCS=%q: want a positive number", s)
		}
		return n
	}
	return 300
}

var (
	resultsOnce sync.Once
	results     []*extract.Result
	resultsErr  error
)

// benchResults generates and extracts the benchmark articles, once.
func benchResults(b *testing.B) []*extract.Result {
	b.Helper()
	resultsOnce.Do(func() {
		g, err := gencorpus.New(1)
		if err != nil {
			resultsErr = err
			return
		}
		x, err := extract.New(nil, extract.WithRules()) // the facts the rules find in the samples: fixed, whatever the model learns
		if err != nil {
			resultsErr = err
			return
		}
		for i := range benchDocs(b) {
			a := g.Article(i)
			t, _ := time.Parse(time.RFC3339, a.Published)
			res, err := x.Extract(&extract.Document{ID: a.ID, Title: a.Title, URL: a.URL, Lang: a.Lang, Published: t, Text: a.Text})
			if err != nil {
				resultsErr = err
				return
			}
			results = append(results, res)
		}
	})
	if resultsErr != nil {
		b.Fatal(resultsErr)
	}
	return results
}

func quadCount(m graph.Minter, rs []*extract.Result) int {
	n := 0
	for _, r := range rs {
		n += len(graph.DocumentQuads(m, r))
	}
	return n
}

func report(b *testing.B, docs, quads int) {
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(docs)*float64(b.N)/s, "docs/s")
	b.ReportMetric(float64(quads)*float64(b.N)/s, "quads/s")
}

// BenchmarkWrite writes the extracted articles into a new embedded store
// as build does: a Writer, several documents per transaction.
func BenchmarkWrite(b *testing.B) {
	for _, batch := range []int{1, 5_000, 20_000, graph.DefaultBatchQuads, 200_000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			if batch == 1 && benchDocs(b) > 2000 {
				b.Skip("one transaction per document: too slow for large runs")
			}
			rs := benchResults(b)
			m, _ := graph.NewMinter("")
			n := quadCount(m, rs) + len(rs) // and ng:extractor
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				path := filepath.Join(b.TempDir(), "w.db")
				st, err := graph.Open(path, graph.Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				writeAll(b, st, rs, graph.WriterOptions{Extractor: "bench", BatchQuads: batch})
				b.StopTimer()
				st.Close()
				b.StartTimer()
			}
			report(b, len(rs), n)
		})
	}
}

// BenchmarkBulkLoad writes the same quads through cayley's fastest path,
// the reference for BenchmarkWrite.
func BenchmarkBulkLoad(b *testing.B) {
	rs := benchResults(b)
	m, _ := graph.NewMinter("")
	var all []quad.Quad
	for _, r := range rs {
		all = append(all, graph.DocumentQuads(m, r)...)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "bulk.db")
		if _, err := graph.BulkLoad(ctx, path, quad.NewReader(all), graph.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	report(b, len(rs), len(all))
}

var (
	storeMu    sync.Mutex
	storePaths = map[int]string{}
)

// benchStore returns a store of the first n benchmark articles (all when n
// is 0), built once per n, or the one NEWSGRAPH_BENCH_STORE names.
func benchStore(b *testing.B, n int) *graph.Store {
	b.Helper()
	storeMu.Lock()
	defer storeMu.Unlock()
	path := os.Getenv("NEWSGRAPH_BENCH_STORE")
	if path == "" {
		path = storePaths[n]
	}
	if path == "" {
		rs := benchResults(b)
		if n > 0 && n < len(rs) {
			rs = rs[:n]
		}
		dir, err := os.MkdirTemp("", "newsgraph-bench")
		if err != nil {
			b.Fatal(err)
		}
		path = filepath.Join(dir, "bench.db")
		st, err := graph.Open(path, graph.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		writeAll(b, st, rs, graph.WriterOptions{})
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		storePaths[n] = path
	}
	st, err := graph.Open(path, graph.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkExport reads the store and writes it as N-Quads, DOT and SVG,
// as `newsgraph export` does. The SVG layout (Graphviz in WebAssembly)
// takes minutes for a few hundred articles already, so svg uses the first
// 20 articles unless NEWSGRAPH_BENCH_STORE names a store.
func BenchmarkExport(b *testing.B) {
	for _, format := range []string{"nquads", "dot", "svg"} {
		b.Run(format, func(b *testing.B) {
			docs := 0
			if format == "svg" {
				docs = 20
			}
			st := benchStore(b, docs)
			f, err := export.Lookup(format)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			var n int
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				quads, err := st.Quads(ctx)
				if err != nil {
					b.Fatal(err)
				}
				n = len(quads)
				var cw countingWriter
				if err := f.Write(ctx, &cw, export.NewInput(quads, "bench")); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(cw.n)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)

// queryNames returns the entities the query benchmarks ask for: a state
// (much mentioned) and a pair for path, overridable with
// NEWSGRAPH_BENCH_SHOW and NEWSGRAPH_BENCH_PATH ("A|B").
func queryNames() (show, from, to string) {
	show, from, to = "Germany", "Germany", "United States"
	if s := os.Getenv("NEWSGRAPH_BENCH_SHOW"); s != "" {
		show = s
	}
	if s := os.Getenv("NEWSGRAPH_BENCH_PATH"); s != "" {
		if a, b, ok := strings.Cut(s, "|"); ok {
			from, to = a, b
		}
	}
	return show, from, to
}

// wholeIndex reports whether to run the benchmarks that read the whole
// store into an Index: not on large stores unless asked for.
func wholeIndex(b *testing.B) {
	if os.Getenv("NEWSGRAPH_BENCH_STORE") != "" && os.Getenv("NEWSGRAPH_BENCH_WHOLE") == "" {
		b.Skip("reads the whole store; set NEWSGRAPH_BENCH_WHOLE=1")
	}
}

// reportUsage resets the timer and returns a function that reports the
// processor time (user and system) and the page faults per operation
// since: on a busy machine these say more than the wall time, and the
// faults count the pages of the mapped store a query touches.
func reportUsage(b *testing.B) func() {
	var start syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &start)
	b.ResetTimer()
	return func() {
		b.StopTimer()
		var end syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &end)
		ms := func(t syscall.Timeval) float64 { return float64(t.Sec)*1e3 + float64(t.Usec)/1e3 }
		n := float64(b.N)
		b.ReportMetric((ms(end.Utime)+ms(end.Stime)-ms(start.Utime)-ms(start.Stime))/n, "cpu-ms/op")
		b.ReportMetric(float64(end.Minflt-start.Minflt)/n, "faults/op")
	}
}

// BenchmarkShow answers `query show` for an entity: through the store's
// indexes (ShowIndex), also as `--limit 20` does, and by reading the whole
// store (Index).
func BenchmarkShow(b *testing.B) {
	name, _, _ := queryNames()
	for _, mode := range []string{"indexed", "indexed-limit20", "whole"} {
		whole := mode == "whole"
		b.Run(mode, func(b *testing.B) {
			if whole {
				wholeIndex(b)
			}
			st := benchStore(b, 0)
			ctx := context.Background()
			b.ReportAllocs()
			defer reportUsage(b)()
			for i := 0; i < b.N; i++ {
				var ix *graph.Index
				var err error
				if whole {
					ix, err = st.Index(ctx)
				} else {
					opt := graph.ShowOptions{}
					if mode == "indexed-limit20" {
						opt.Rows = 20
					}
					ix, err = st.ShowIndex(ctx, name, opt)
				}
				if err != nil {
					b.Fatal(err)
				}
				ref, err := ix.Resolve(name)
				if err != nil {
					b.Fatal(err)
				}
				if p := ix.Show(ref.IRI); len(p.Claims) == 0 {
					b.Fatalf("%s: no facts", name)
				}
			}
		})
	}
}

// BenchmarkPath answers `query path` between two entities.
func BenchmarkPath(b *testing.B) {
	_, from, to := queryNames()
	for _, whole := range []bool{false, true} {
		b.Run(map[bool]string{false: "indexed", true: "whole"}[whole], func(b *testing.B) {
			if whole {
				wholeIndex(b)
			}
			st := benchStore(b, 0)
			ctx := context.Background()
			b.ReportAllocs()
			defer reportUsage(b)()
			for i := 0; i < b.N; i++ {
				var ix *graph.Index
				var err error
				if whole {
					ix, err = st.Index(ctx)
				} else {
					ix, err = st.PathIndex(ctx, from, to, false)
				}
				if err != nil {
					b.Fatal(err)
				}
				x, err := ix.Resolve(from)
				if err != nil {
					b.Fatal(err)
				}
				y, err := ix.Resolve(to)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.Path(x.IRI, y.IRI); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkResolve recomputes cross-document resolution over a store of
// the benchmark articles (the first run writes the resolution graph, the
// others find nothing to change, as a build that changed little does).
func BenchmarkResolve(b *testing.B) {
	rs := benchResults(b)
	st, err := graph.Open(filepath.Join(b.TempDir(), "resolve.db"), graph.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	writeAll(b, st, rs, graph.WriterOptions{})
	ctx := context.Background()
	b.ResetTimer()
	var res graph.ResolveResult
	for b.Loop() {
		if res, err = st.Resolve(ctx, graph.ResolveOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rs))/b.Elapsed().Seconds()*float64(b.N), "docs/s")
	b.ReportMetric(float64(res.Merged), "merged")
}

// writeAll writes results into st through one Writer.
func writeAll(b *testing.B, st *graph.Store, rs []*extract.Result, opt graph.WriterOptions) {
	b.Helper()
	ctx := context.Background()
	w, err := st.NewWriter(opt)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rs {
		if _, err := w.Put(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(ctx); err != nil {
		b.Fatal(err)
	}
}
