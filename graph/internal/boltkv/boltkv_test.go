package boltkv

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hidal-go/hidalgo/kv"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// openTemp opens a fresh store in a temporary directory and closes it at
// the end of the test.
func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// update runs fn in a read-write transaction and commits it.
func update(t *testing.T, db kv.KV, fn func(tx kv.Tx)) {
	t.Helper()
	tx, err := db.Tx(true)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	fn(tx)
	if err := tx.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// scanAll returns copies of all pairs under pref.
func scanAll(t *testing.T, tx kv.Tx, pref kv.Key) []kv.Pair {
	t.Helper()
	it := tx.Scan(pref)
	defer it.Close()
	var got []kv.Pair
	for it.Next(context.Background()) {
		got = append(got, kv.Pair{Key: it.Key().Clone(), Val: it.Val().Clone()})
	}
	if err := it.Err(); err != nil {
		t.Fatalf("scan %q: %v", pref, err)
	}
	return got
}

func TestOpenCreatesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "store.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm&^0o600 != 0 {
		t.Errorf("mode = %v, want at most 0600", perm)
	}
	if db.Bolt() == nil || db.Bolt().Path() != path {
		t.Errorf("Bolt() = %v, want a DB at %s", db.Bolt(), path)
	}
}

func TestOpenReadOnlyMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "store.db")
	_, err := Open(path, Options{ReadOnly: true})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open(ReadOnly) of missing file: err = %v, want fs.ErrNotExist", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadOnly open created the directory (stat err = %v)", err)
	}
}

func TestLocking(t *testing.T) {
	const timeout = 200 * time.Millisecond
	tests := []struct {
		name          string
		first, second bool // ReadOnly flags of the two opens
		wantLocked    bool
	}{
		{"writer blocks writer", false, false, true},
		{"writer blocks reader", false, true, true},
		{"reader blocks writer", true, false, true},
		{"readers share", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "newsgraph.db")
			// Create the file so that a ReadOnly first open finds it.
			db, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			db.Close()

			first, err := Open(path, Options{ReadOnly: tt.first})
			if err != nil {
				t.Fatal(err)
			}
			defer first.Close()

			start := time.Now()
			second, err := Open(path, Options{ReadOnly: tt.second, Timeout: timeout})
			elapsed := time.Since(start)
			if !tt.wantLocked {
				if err != nil {
					t.Fatalf("second open: %v", err)
				}
				second.Close()
				return
			}
			if err == nil {
				second.Close()
				t.Fatal("second open succeeded, want ErrLocked")
			}
			if !errors.Is(err, ErrLocked) {
				t.Fatalf("err = %v, want ErrLocked", err)
			}
			if !errors.Is(err, berrors.ErrTimeout) {
				t.Errorf("err = %v, want it to wrap bbolt's ErrTimeout", err)
			}
			if elapsed > time.Second {
				t.Errorf("Open took %v with Timeout %v", elapsed, timeout)
			}
			msg := err.Error()
			if !strings.Contains(msg, path) || !strings.Contains(msg, "200ms") || strings.Contains(msg, "\n") {
				t.Errorf("message %q should be one line naming %s and the wait", msg, path)
			}

			// Once the holder closes, the lock is free again.
			first.Close()
			second, err = Open(path, Options{ReadOnly: tt.second, Timeout: timeout})
			if err != nil {
				t.Fatalf("open after the holder closed: %v", err)
			}
			second.Close()
		})
	}
}

func TestLockedMessage(t *testing.T) {
	err := error(&lockedError{path: "newsgraph.db", waited: DefaultTimeout})
	const want = "store newsgraph.db is locked by another process (waited 2s): is a newsgraph build running?"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx kv.Tx) {
		if err := tx.Put(kv.SKey("b", "k"), kv.Value("v")); err != nil {
			t.Fatal(err)
		}
	})
	db.Close()

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Tx(true); !errors.Is(err, kv.ErrReadOnly) {
		t.Errorf("Tx(true) on read-only store: err = %v, want kv.ErrReadOnly", err)
	}
	tx, err := ro.Tx(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	if v, err := tx.Get(context.Background(), kv.SKey("b", "k")); err != nil || string(v) != "v" {
		t.Errorf("Get = %q, %v; want \"v\"", v, err)
	}
	if err := tx.Put(kv.SKey("b", "k2"), kv.Value("v")); !errors.Is(err, kv.ErrReadOnly) {
		t.Errorf("Put in read transaction: err = %v, want kv.ErrReadOnly", err)
	}
	if err := tx.Del(kv.SKey("b", "k")); !errors.Is(err, kv.ErrReadOnly) {
		t.Errorf("Del in read transaction: err = %v, want kv.ErrReadOnly", err)
	}
}

// TestKeyLayout checks how hierarchical keys map onto bbolt buckets.
func TestKeyLayout(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	update(t, db, func(tx kv.Tx) {
		for _, p := range []struct {
			key kv.Key
			val string
		}{
			{kv.SKey("top"), "1"},
			{kv.SKey("b", "k1"), "2"},
			{kv.SKey("b", "k2"), "3"},
			{kv.SKey("b", "sub", "x"), "4"},
			{kv.SKey("bb", "k1"), "5"},
			{kv.SKey("empty", "k"), ""},
		} {
			if err := tx.Put(p.key, kv.Value(p.val)); err != nil {
				t.Fatalf("Put(%q): %v", p.key, err)
			}
		}
		// kv.CreateBucket puts an empty value under an empty last part.
		if err := kv.CreateBucket(ctx, tx, kv.SKey("made")); err != nil {
			t.Fatal(err)
		}
	})

	// The layout in bbolt: one-part keys live in the root bucket, other
	// keys in nested buckets named by all but their last part.
	err := db.Bolt().View(func(btx *bbolt.Tx) error {
		if v := btx.Bucket([]byte("b")).Bucket([]byte("sub")).Get([]byte("x")); string(v) != "4" {
			t.Errorf("bbolt b/sub/x = %q, want \"4\"", v)
		}
		if b := btx.Bucket([]byte("made")); b == nil || b.Stats().KeyN != 0 {
			t.Errorf("CreateBucket did not create an empty bucket")
		}
		if v := btx.Cursor().Bucket().Get([]byte("top")); string(v) != "1" {
			t.Errorf("bbolt root/top = %q, want \"1\"", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	tx, err := db.Tx(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()

	gets := []struct {
		key     kv.Key
		want    string
		wantErr error
	}{
		{kv.SKey("top"), "1", nil},
		{kv.SKey("b", "k1"), "2", nil},
		{kv.SKey("b", "sub", "x"), "4", nil},
		{kv.SKey("empty", "k"), "", nil},
		{kv.SKey("b"), "", kv.ErrNotFound},          // a bucket, not a value
		{kv.SKey("b", "sub"), "", kv.ErrNotFound},   // a nested bucket
		{kv.SKey("nope", "k1"), "", kv.ErrNotFound}, // missing bucket
		{kv.SKey("b", "nope"), "", kv.ErrNotFound},
		{nil, "", kv.ErrNotFound},
	}
	for _, g := range gets {
		v, err := tx.Get(ctx, g.key)
		if err != g.wantErr { // hidalgo callers compare with ==
			t.Errorf("Get(%q): err = %v, want %v", g.key, err, g.wantErr)
		} else if err == nil && (v == nil || string(v) != g.want) {
			t.Errorf("Get(%q) = %q, want %q", g.key, v, g.want)
		}
	}

	batch, err := tx.GetBatch(ctx, []kv.Key{kv.SKey("b", "k2"), kv.SKey("b", "zz"), kv.SKey("top")})
	if err != nil {
		t.Fatal(err)
	}
	if want := []kv.Value{kv.Value("3"), nil, kv.Value("1")}; !reflect.DeepEqual(batch, want) {
		t.Errorf("GetBatch = %q, want %q", batch, want)
	}

	pair := func(val string, parts ...string) kv.Pair {
		return kv.Pair{Key: kv.SKey(parts...), Val: kv.Value(val)}
	}
	scans := []struct {
		pref kv.Key
		want []kv.Pair
	}{
		{kv.SKey("b"), []kv.Pair{pair("2", "b", "k1"), pair("3", "b", "k2"), pair("4", "b", "sub", "x"), pair("5", "bb", "k1")}},
		{kv.SKey("b", ""), []kv.Pair{pair("2", "b", "k1"), pair("3", "b", "k2"), pair("4", "b", "sub", "x")}},
		{kv.SKey("b", "k"), []kv.Pair{pair("2", "b", "k1"), pair("3", "b", "k2")}},
		{kv.SKey("b", "s"), []kv.Pair{pair("4", "b", "sub", "x")}},
		{kv.SKey("b", "sub", "x"), []kv.Pair{pair("4", "b", "sub", "x")}},
		{kv.SKey("t"), []kv.Pair{pair("1", "top")}},
		{kv.SKey("made"), nil},
		{kv.SKey("nope", "k"), nil},
		{kv.SKey("b", "nope", "k"), nil},
		{nil, []kv.Pair{
			pair("2", "b", "k1"), pair("3", "b", "k2"), pair("4", "b", "sub", "x"),
			pair("5", "bb", "k1"), pair("", "empty", "k"), pair("1", "top"),
		}},
	}
	for _, s := range scans {
		if got := scanAll(t, tx, s.pref); !reflect.DeepEqual(got, s.want) {
			t.Errorf("Scan(%q) = %q, want %q", s.pref, got, s.want)
		}
	}
}

func TestDel(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	update(t, db, func(tx kv.Tx) {
		for _, k := range []kv.Key{kv.SKey("b", "k1"), kv.SKey("b", "k2"), kv.SKey("top")} {
			if err := tx.Put(k, kv.Value("v")); err != nil {
				t.Fatal(err)
			}
		}
	})
	update(t, db, func(tx kv.Tx) {
		for _, k := range []kv.Key{kv.SKey("b", "k1"), kv.SKey("top"), kv.SKey("b", "missing"), kv.SKey("nope", "k"), nil} {
			if err := tx.Del(k); err != nil {
				t.Errorf("Del(%q): %v", k, err)
			}
		}
		// A deleted key is gone in the same transaction.
		if _, err := tx.Get(ctx, kv.SKey("b", "k1")); err != kv.ErrNotFound {
			t.Errorf("Get after Del: err = %v, want kv.ErrNotFound", err)
		}
	})
	tx, err := db.Tx(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	want := []kv.Pair{{Key: kv.SKey("b", "k2"), Val: kv.Value("v")}}
	if got := scanAll(t, tx, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("after Del: %q, want %q", got, want)
	}
}

func TestTxLifecycle(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()

	// Rolled back changes are discarded.
	tx, err := db.Tx(true)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(kv.SKey("b", "k"), kv.Value("v")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// A finished transaction reports errors instead of panicking.
	if _, err := tx.Get(ctx, kv.SKey("b", "k")); !errors.Is(err, berrors.ErrTxClosed) {
		t.Errorf("Get after Close: err = %v, want ErrTxClosed", err)
	}
	if err := tx.Put(kv.SKey("b", "k"), nil); !errors.Is(err, berrors.ErrTxClosed) {
		t.Errorf("Put after Close: err = %v, want ErrTxClosed", err)
	}
	if it := tx.Scan(nil); it.Next(ctx) || !errors.Is(it.Err(), berrors.ErrTxClosed) {
		t.Errorf("Scan after Close: err = %v, want ErrTxClosed", it.Err())
	}
	if err := tx.Commit(ctx); !errors.Is(err, berrors.ErrTxClosed) {
		t.Errorf("Commit after Close: err = %v, want ErrTxClosed", err)
	}

	// Close after Commit is a no-op, and values from Get outlive the
	// transaction.
	update(t, db, func(tx kv.Tx) {
		if err := tx.Put(kv.SKey("b", "k"), kv.Value("v")); err != nil {
			t.Fatal(err)
		}
	})
	tx, err = db.Tx(false)
	if err != nil {
		t.Fatal(err)
	}
	v, err := tx.Get(ctx, kv.SKey("b", "k"))
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Errorf("Commit of a read transaction: %v", err)
	}
	if err := tx.Close(); err != nil {
		t.Errorf("Close after Commit: %v", err)
	}
	if string(v) != "v" {
		t.Errorf("value after the transaction ended = %q, want \"v\"", v)
	}

	// An iterator stops with an error when its transaction ends.
	tx, err = db.Tx(false)
	if err != nil {
		t.Fatal(err)
	}
	it := tx.Scan(nil)
	tx.Close()
	if it.Next(ctx) || !errors.Is(it.Err(), berrors.ErrTxClosed) {
		t.Errorf("Next after the transaction closed: err = %v, want ErrTxClosed", it.Err())
	}

	// Invalid writes return errors.
	update(t, db, func(tx kv.Tx) {
		if err := tx.Put(nil, kv.Value("v")); !errors.Is(err, berrors.ErrKeyRequired) {
			t.Errorf("Put(nil): err = %v, want ErrKeyRequired", err)
		}
		if err := tx.Put(kv.SKey("b", "k", "x"), kv.Value("v")); !errors.Is(err, berrors.ErrIncompatibleValue) {
			t.Errorf("Put below a value: err = %v, want ErrIncompatibleValue", err)
		}
	})

	// Closing twice is fine; transactions on a closed DB fail.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := db.Tx(false); !errors.Is(err, berrors.ErrDatabaseNotOpen) {
		t.Errorf("Tx after Close: err = %v, want ErrDatabaseNotOpen", err)
	}
}
