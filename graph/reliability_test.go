package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

// errCrash stands for the process dying.
var errCrash = errors.New("simulated crash")

// crashingKV lets the first commits read-write transactions through and
// then fails every other one, as if the process had died after them.
type crashingKV struct {
	*boltkv.DB
	commits int
}

func (c *crashingKV) Tx(rw bool) (hkv.Tx, error) {
	if rw {
		if c.commits == 0 {
			return nil, errCrash
		}
		c.commits--
	}
	return c.DB.Tx(rw)
}

// TestOpenAfterInterruptedInit simulates a crash after each of the
// transactions Open commits when it creates a store (cayley's kv.Init:
// buckets, data version, index list; then the label index): the next Open
// must finish the job, with newsgraph's indexes, and the store must work
// and be sound.
func TestOpenAfterInterruptedInit(t *testing.T) {
	ctx := context.Background()
	wantIndexes, err := json.Marshal(storeIndexes)
	if err != nil {
		t.Fatal(err)
	}
	for commits := 0; commits <= 4; commits++ {
		t.Run(fmt.Sprintf("after %d commits", commits), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "new.db")
			db, err := boltkv.Open(path, boltkv.Options{})
			if err != nil {
				t.Fatal(err)
			}
			c := &crashingKV{DB: db, commits: commits}
			err = kv.Init(c, map[string]any{"no_bloom": true})
			if err == nil {
				err = addLabelIndex(c)
			}
			if commits < 4 && !errors.Is(err, errCrash) {
				t.Errorf("creating a store with %d commits: %v, want the simulated crash", commits, err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}

			st, err := Open(path, Options{})
			if err != nil {
				t.Fatalf("open after the crash: %v", err)
			}
			defer st.Close()
			if _, err := st.Put(ctx, sample("a.txt", "Handelsabkommen")); err != nil {
				t.Fatal(err)
			}
			if r := mustCheck(t, st); !r.OK() || r.Documents != 1 {
				t.Errorf("%s: %q", r.Summary(), r.Problems)
			}
			err = st.db.Bolt().View(func(tx *bolt.Tx) error {
				if got := tx.Bucket([]byte("meta")).Get([]byte("indexes")); !bytes.Equal(got, wantIndexes) {
					t.Errorf("store opened with indexes %s, want %s", got, wantIndexes)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestConcurrentReaders reads one store from several goroutines at once:
// run with -race it checks the store and the bbolt adapter for data
// races, and every reader must see the same store.
func TestConcurrentReaders(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	for i := 0; i < 10; i++ {
		id := fmt.Sprintf("doc%02d.txt", i)
		if _, err := st.Put(ctx, sample(id, "Abkommen "+id)); err != nil {
			t.Fatal(err)
		}
	}
	want := mustStats(t, st)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				got, err := st.Stats(ctx)
				if err == nil && got != want {
					err = fmt.Errorf("stats %+v, want %+v", got, want)
				}
				if err == nil {
					_, err = st.Documents(ctx)
				}
				if err == nil {
					var rep *CheckReport
					if rep, err = st.Check(ctx); err == nil && !rep.OK() {
						err = fmt.Errorf("%s: %q", rep.Summary(), rep.Problems)
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("reader: %v", err)
	}
}

// TestConcurrentReadersAndWriters shares one Store between goroutines
// that write documents (Put, Put again with other content, Remove, and a
// batching Writer) and goroutines that read it in every way there is, all
// at once. cayley v0.7.7 alone does not survive this: a reader caches a
// value's node ID (kv.QuadStore.valueLRU) from a read transaction that
// began before a writer deleted that node, a writer then trusts the stale
// ID and links new quads to the deleted node, and the store is damaged for
// good ("error fetching quad"). Store's lock keeps reads and writes apart:
// every read must succeed and see a sound store (Check), and afterwards
// the store must hold exactly the quads of a store written one document
// after the other with the same final documents.
func TestConcurrentReadersAndWriters(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			concurrentReadWrite(t, kind.fresh(t), kind.fresh(t))
		})
	}
}

// concurrentExtractor is what the batching writer of concurrentReadWrite
// records as its extractor.
const concurrentExtractor = "concurrent-test/1"

func concurrentReadWrite(t *testing.T, dsn, refDSN string) {
	ctx := context.Background()
	st := openConf(t, dsn)
	m := st.Minter()
	const (
		putters  = 3  // goroutines writing with Put and Remove
		perPut   = 8  // documents each of them writes
		batched  = 10 // documents the batching writer writes
		minReads = 3  // reads each reader makes at least
	)
	// final holds what each document must end as: nil when removed.
	// Documents of different writers share agreements (and the four
	// countries of sample), so that writes delete and add nodes other
	// writers' documents use.
	final := map[string]*extract.Result{}
	var batchDocs []*extract.Result
	for w := range putters {
		for i := range perPut {
			id := fmt.Sprintf("put%d/doc%02d.txt", w, i)
			switch {
			case i%4 == 0:
				final[id] = sample(id, fmt.Sprintf("Abkommen %d", i%3))
			case i%2 == 0:
				final[id] = nil
			case i%3 == 0:
				final[id] = sample(id, "Vertrag "+id)
			default:
				final[id] = sample(id, fmt.Sprintf("Abkommen %d", i%3))
			}
		}
	}
	for i := range batched {
		res := sample(fmt.Sprintf("batch/doc%02d.txt", i), fmt.Sprintf("Abkommen %d", i%3))
		batchDocs = append(batchDocs, res)
		final[res.Doc.ID] = res
	}

	start := make(chan struct{})
	var writers, readers sync.WaitGroup
	var writing atomic.Int32
	writing.Store(putters + 1)
	for w := range putters {
		writers.Go(func() {
			defer writing.Add(-1)
			<-start
			for i := range perPut {
				id := fmt.Sprintf("put%d/doc%02d.txt", w, i)
				if _, err := st.Put(ctx, sample(id, fmt.Sprintf("Abkommen %d", i%3))); err != nil {
					t.Errorf("put %s: %v", id, err)
					return
				}
				if i%3 == 0 {
					if _, err := st.Put(ctx, sample(id, "Vertrag "+id)); err != nil {
						t.Errorf("put %s again: %v", id, err)
						return
					}
				}
				if i%2 == 0 {
					if n, err := st.Remove(ctx, id); err != nil || n == 0 {
						t.Errorf("remove %s: %d quads, %v", id, n, err)
						return
					}
				}
				if i%4 == 0 {
					// Back again: its nodes, deleted with it, are
					// created anew, while readers may have cached
					// their old IDs.
					if _, err := st.Put(ctx, sample(id, fmt.Sprintf("Abkommen %d", i%3))); err != nil {
						t.Errorf("put %s after removing it: %v", id, err)
						return
					}
				}
			}
		})
	}
	writers.Go(func() {
		defer writing.Add(-1)
		<-start
		w, err := st.NewWriter(WriterOptions{Extractor: concurrentExtractor, BatchQuads: 150})
		if err != nil {
			t.Error(err)
			return
		}
		for _, res := range batchDocs {
			if _, err := w.Put(ctx, res); err != nil {
				t.Errorf("writer: put %s: %v", res.Doc.ID, err)
				return
			}
			w.Trim()
		}
		if err := w.Close(ctx); err != nil {
			t.Errorf("writer: %v", err)
		}
	})

	canada := m.Entity(extract.Country, "CA")
	// Each read runs on its own goroutine; Documents, which looks up
	// (and caches) the node of every document it lists, on several.
	reads := []struct {
		name       string
		goroutines int
		read       func() error
	}{
		{"Documents", 3, func() error {
			docs, err := st.Documents(ctx)
			if err == nil && len(docs) > len(final) {
				err = fmt.Errorf("%d documents, more than the %d ever written", len(docs), len(final))
			}
			return err
		}},
		{"Stats and Counts", 1, func() error {
			s, err := st.Stats(ctx)
			if err == nil && s.Documents > int64(len(final)) {
				err = fmt.Errorf("stats %+v: more documents than the %d ever written", s, len(final))
			}
			if err == nil {
				_, err = st.Counts(ctx)
			}
			return err
		}},
		{"Check", 1, func() error {
			// A read sees the store between writes: always sound.
			rep, err := st.Check(ctx)
			if err == nil && !rep.OK() {
				err = fmt.Errorf("%s: %q", rep.Summary(), rep.Problems)
			}
			return err
		}},
		{"Current", 1, func() error {
			for _, res := range batchDocs[:3] {
				if _, err := st.Current(ctx, res.Doc, "", concurrentExtractor); err != nil {
					return err
				}
			}
			return nil
		}},
		{"ShowIndex and PathIndex", 1, func() error {
			ix, err := st.ShowIndex(ctx, "Canada", ShowOptions{})
			if err == nil {
				_, err = ix.Resolve("Canada")
			}
			if err == nil {
				ix, err = st.PathIndex(ctx, "Canada", "Chile", false)
			}
			if err == nil {
				_, err = ix.Resolve("Chile")
			}
			var nf *NotFoundError
			if errors.As(err, &nf) {
				return nil // before the first write
			}
			return err
		}},
		{"Index and FindDocument", 1, func() error {
			_, err := st.Index(ctx)
			if err == nil {
				_, err = st.FindDocument(ctx, "batch/doc00.txt")
			}
			if errors.Is(err, ErrNoDocument) {
				return nil
			}
			return err
		}},
		{"EachGraph", 1, func() error {
			return st.EachGraph(ctx, func(label quad.Value, quads []quad.Quad) error {
				if _, ok := label.(quad.IRI); !ok || len(quads) == 0 {
					return fmt.Errorf("graph %v with %d quads", label, len(quads))
				}
				return nil
			})
		}},
		{"Gizmo", 1, func() error {
			src := fmt.Sprintf("g.V(%q).In().All()", "<"+string(canada)+">")
			_, err := st.Gizmo(ctx, src, GizmoOptions{Timeout: time.Hour})
			return err
		}},
	}
	for _, r := range reads {
		for range r.goroutines {
			readers.Go(func() {
				<-start
				for n := 0; n < minReads || writing.Load() > 0; n++ {
					if err := r.read(); err != nil {
						t.Errorf("%s (read %d): %v", r.name, n, err)
						return
					}
				}
			})
		}
	}
	close(start)
	writers.Wait()
	readers.Wait()
	if t.Failed() {
		return
	}

	// The same final documents, written one after the other.
	ref := openConf(t, refDSN)
	w, err := ref.NewWriter(WriterOptions{Extractor: concurrentExtractor})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range batchDocs {
		if _, err := w.Put(ctx, res); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	live := 0
	for _, res := range final {
		if res == nil {
			continue
		}
		live++
		if !strings.HasPrefix(res.Doc.ID, "batch/") {
			if _, err := ref.Put(ctx, res); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, want := quadSet(t, st), quadSet(t, ref); !slices.Equal(got, want) {
		t.Errorf("the store holds %d quads, the sequential one %d; they differ", len(got), len(want))
	}
	rep := mustCheck(t, st)
	if !rep.OK() || rep.Documents != live {
		t.Errorf("%s: %q; want %d documents", rep.Summary(), rep.Problems, live)
	}
	want := confStatsOf(t, ref)
	if got := confStatsOf(t, st); got != want || got.Documents != int64(live) {
		t.Errorf("stats %+v, want %+v with %d documents", got, want, live)
	}
	if got, err := st.Counts(ctx); err != nil || got != want {
		t.Errorf("counts %+v, %v; want %+v", got, err, want)
	}
}

// TestClosedStore calls every method that reads or writes on a closed
// store: each must fail with ErrClosed rather than reach cayley, and
// closing again does nothing.
func TestClosedStore(t *testing.T) {
	ctx := context.Background()
	st, err := Open(filepath.Join(t.TempDir(), "closed.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, sample("a.txt", "Abkommen")); err != nil {
		t.Fatal(err)
	}
	w, err := st.NewWriter(WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Put(ctx, sample("b.txt", "Vertrag")); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	doc := sample("a.txt", "Abkommen").Doc
	tests := []struct {
		name string
		call func() error
	}{
		{"Put", func() error { _, err := st.Put(ctx, sample("c.txt", "Abkommen")); return err }},
		{"Remove", func() error { _, err := st.Remove(ctx, "a.txt"); return err }},
		{"Writer.Flush", func() error { return w.Flush(ctx) }},
		{"Each", func() error { return st.Each(ctx, func(quad.Quad) error { return nil }) }},
		{"Quads", func() error { _, err := st.Quads(ctx); return err }},
		{"Stats", func() error { _, err := st.Stats(ctx); return err }},
		{"Counts", func() error { _, err := st.Counts(ctx); return err }},
		{"Documents", func() error { _, err := st.Documents(ctx); return err }},
		{"FindDocument", func() error { _, err := st.FindDocument(ctx, "a.txt"); return err }},
		{"Check", func() error { _, err := st.Check(ctx); return err }},
		{"Current", func() error { _, err := st.Current(ctx, doc, "", "x"); return err }},
		{"Index", func() error { _, err := st.Index(ctx); return err }},
		{"ShowIndex", func() error { _, err := st.ShowIndex(ctx, "Canada", ShowOptions{}); return err }},
		{"PathIndex", func() error { _, err := st.PathIndex(ctx, "Canada", "Chile", false); return err }},
		{"EachGraph", func() error {
			return st.EachGraph(ctx, func(quad.Value, []quad.Quad) error { return nil })
		}},
		{"Gizmo", func() error { _, err := st.Gizmo(ctx, "g.V().All()", GizmoOptions{}); return err }},
		{"Copy from", func() error { _, err := Copy(ctx, openTemp(t), st, nil); return err }},
		{"Copy to", func() error {
			src := openTemp(t)
			if _, err := src.Put(ctx, sample("d.txt", "Abkommen")); err != nil {
				return err
			}
			_, err := Copy(ctx, st, src, nil)
			return err
		}},
	}
	for _, tt := range tests {
		if err := tt.call(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s on a closed store: %v, want ErrClosed", tt.name, err)
		}
	}
	w.Trim() // does nothing, and does not panic
}

// TestFindDocument resolves documents by ID, cleaned path and IRI, and
// names the store's documents when nothing matches.
func TestFindDocument(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	for _, id := range []string{"corpus/a.txt", "feed.jsonl#2", "x1"} {
		if _, err := st.Put(ctx, sample(id, "Abkommen "+id)); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := st.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 || docs[0].ID != "corpus/a.txt" || docs[0].Title == "" {
		t.Fatalf("Documents = %+v", docs)
	}
	m := st.Minter()
	tests := []struct {
		name string
		want string // document ID; "" for not found
	}{
		{"corpus/a.txt", "corpus/a.txt"},
		{"./corpus/a.txt", "corpus/a.txt"},
		{"corpus//a.txt", "corpus/a.txt"},
		{"feed.jsonl#2", "feed.jsonl#2"},
		{"x1", "x1"},
		{string(m.Document("x1")), "x1"},
		{"<" + string(m.Document("x1")) + ">", "x1"},
		{"a.txt", ""},
		{"x2", ""},
		{"", ""},
		{string(m.Document("x2")), ""},
	}
	for _, tt := range tests {
		d, err := st.FindDocument(ctx, tt.name)
		if tt.want == "" {
			if !errors.Is(err, ErrNoDocument) || !strings.Contains(err.Error(), `it holds 3: "corpus/a.txt", "feed.jsonl#2", "x1"`) {
				t.Errorf("FindDocument(%q) = %+v, %v; want ErrNoDocument listing the documents", tt.name, d, err)
			}
			continue
		}
		if err != nil || d.ID != tt.want || d.IRI != m.Document(tt.want) {
			t.Errorf("FindDocument(%q) = %+v, %v; want %s", tt.name, d, err, tt.want)
		}
	}
}
