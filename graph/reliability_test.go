package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/cayley/graph/kv"
	hkv "github.com/hidal-go/hidalgo/kv"
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

// TestConcurrentReadersAndWriter shares one store between a writer and
// readers. It fails with cayley v0.7.7 as Store uses it: a reader caches
// a value's node ID (kv.QuadStore.valueLRU) from a read transaction that
// began before the writer deleted that node, the writer then trusts the
// stale ID and links new quads to a deleted node, and the store is damaged
// for good ("error fetching quad"). Store needs a sync.RWMutex (writers
// exclusive) before one process may read while it writes; until then it
// runs only with NEWSGRAPH_KNOWN_BUGS=1. The second half shows that such
// a lock is enough.
func TestConcurrentReadersAndWriter(t *testing.T) {
	for _, locked := range []bool{false, true} {
		t.Run(fmt.Sprintf("locked=%t", locked), func(t *testing.T) {
			if !locked && os.Getenv("NEWSGRAPH_KNOWN_BUGS") != "1" {
				t.Skip("known bug: concurrent reads and writes on one Store damage it (cayley's value cache); set NEWSGRAPH_KNOWN_BUGS=1 to run")
			}
			concurrentReadWrite(t, locked)
		})
	}
}

func concurrentReadWrite(t *testing.T, locked bool) {
	ctx := context.Background()
	st := openTemp(t)
	var mu sync.RWMutex
	rlock, runlock, wlock, wunlock := mu.RLock, mu.RUnlock, mu.Lock, mu.Unlock
	if !locked {
		rlock, runlock, wlock, wunlock = func() {}, func() {}, func() {}, func() {}
	}
	const docs = 20
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				rlock()
				_, err := st.Documents(ctx)
				runlock()
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	put := func(id, agreement string) {
		wlock()
		defer wunlock()
		if _, err := st.Put(ctx, sample(id, agreement)); err != nil {
			t.Error(err)
		}
	}
	for i := 0; i < docs && !t.Failed(); i++ {
		id := fmt.Sprintf("doc%02d.txt", i)
		put(id, "Abkommen "+id)
		if i%3 == 0 {
			put(id, "Vertrag "+id)
		}
		if i%5 == 0 {
			wlock()
			if _, err := st.Remove(ctx, id); err != nil {
				t.Error(err)
			}
			wunlock()
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("reader: %v", err)
	}
	if t.Failed() {
		return
	}
	r := mustCheck(t, st)
	if !r.OK() || r.Documents != docs-docs/5 {
		t.Errorf("%s: %q; want %d documents", r.Summary(), r.Problems, docs-docs/5)
	}
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
