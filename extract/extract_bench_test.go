package extract_test

import (
	"bytes"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/gencorpus"
)

// benchDocs returns n generated articles as documents (env
// NEWSGRAPH_BENCH_EXTRACT_DOCS overrides n).
func benchDocs(b *testing.B, n int) []*extract.Document {
	b.Helper()
	if s := os.Getenv("NEWSGRAPH_BENCH_EXTRACT_DOCS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("NEWSGRAPH_BENCH_EXTRACT_DOCS=%q: want a positive number", s)
		}
		n = v
	}
	g, err := gencorpus.New(1)
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]*extract.Document, n)
	for i := range docs {
		a := g.Article(i)
		t, _ := time.Parse(time.RFC3339, a.Published)
		docs[i] = &extract.Document{ID: a.ID, Title: a.Title, URL: a.URL, Lang: a.Lang, Published: t, Text: a.Text}
	}
	return docs
}

// BenchmarkExtractCorpus extracts generated articles on one goroutine: run
// it with -cpu 1 for the single-core figure. Unlike BenchmarkExtract, whose
// five articles repeat, most words here recur only across articles, as in
// a real corpus.
func BenchmarkExtractCorpus(b *testing.B) {
	docs := benchDocs(b, 500)
	x, err := extract.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	size, sents := 0, 0
	for _, d := range docs {
		size += len(d.Text)
		sents += len(extract.Sentences(d.Text))
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			if _, err := x.Extract(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(sents)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkWriteJSONL writes the results of generated articles as JSON
// Lines, as `newsgraph extract --format jsonl` does.
func BenchmarkWriteJSONL(b *testing.B) {
	docs := benchDocs(b, 200)
	x, err := extract.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	var res []*extract.Result
	for _, d := range docs {
		r, err := x.Extract(d)
		if err != nil {
			b.Fatal(err)
		}
		res = append(res, r)
	}
	var buf bytes.Buffer
	for _, r := range res {
		if err := extract.WriteJSONL(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		for _, r := range res {
			if err := extract.WriteJSONL(&buf, r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
