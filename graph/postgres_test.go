package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/graphtest"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/lib/pq"
)

// TestPostgresCayleySuite runs cayley's own quad store suite (loading,
// duplicates, deletes, iterators, paths) on the PostgreSQL store with
// newsgraph's writes and reads.
func TestPostgresCayleySuite(t *testing.T) {
	pgTestDSN(t) // skip early without a server
	if testing.Short() {
		t.Skip("slow")
	}
	// cayley's path tests load data/testdata.nq relative to the working
	// directory; boltkv's testdata holds a copy of cayley's file.
	t.Chdir(filepath.Join("internal", "boltkv", "testdata", "cayley"))
	graphtest.TestAll(t, func(t testing.TB) (cgraph.QuadStore, cgraph.Options, func()) {
		st, err := Open(pgTestDSN(t), Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		return st.qs, nil, func() { st.Close() }
	}, &graphtest.Config{NoPrimitives: true, TimeInMcs: true, TimeRound: true, OptimizesComparison: true})
}

// pgSchemaDump describes the tables, indexes and constraints of the
// first schema in dsn's search path, schema names left out.
func pgSchemaDump(t *testing.T, dsn string) []string {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	query := func(q string) {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var schema string
		if err := db.QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b string
			if err := rows.Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.ReplaceAll(a+": "+b, schema+".", ""))
		}
	}
	query(`SELECT table_name || '.' || column_name, data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
FROM information_schema.columns WHERE table_schema = current_schema()`)
	query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()`)
	query(`SELECT conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
WHERE n.nspname = current_schema()`)
	slices.Sort(out)
	return out
}

// TestPostgresSchemaMatchesCayley creates the schema with newsgraph and
// with cayley's own init: the same tables, columns, indexes and
// constraints, plus newsgraph's label index.
func TestPostgresSchemaMatchesCayley(t *testing.T) {
	ours, theirs := pgTestDSN(t), pgTestDSN(t)
	st, err := Open(ours, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := csql.Init(postgres.Type, theirs, nil); err != nil {
		t.Fatal(err)
	}
	got := pgSchemaDump(t, ours)
	want := pgSchemaDump(t, theirs)
	want = append(want, pgLabelIndex+": CREATE INDEX "+pgLabelIndex+" ON quads USING btree (label_hash) WITH (fillfactor='50')")
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("schema differs from cayley's:\n got %q\nwant %q", got, want)
	}
	// A store cayley created gets the label index on first write.
	st, err = Open(theirs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if got := pgSchemaDump(t, theirs); !slices.Equal(got, want) {
		t.Errorf("cayley's store after newsgraph opened it:\n got %q\nwant %q", got, want)
	}
}

// TestPostgresCayleyInterop writes with newsgraph and reads with cayley's
// own SQL store, and the other way round.
func TestPostgresCayleyInterop(t *testing.T) {
	ctx := context.Background()
	dsn := pgTestDSN(t)
	st, err := Open(dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs := synthResults(t, 0, 10)
	putAll(t, st, rs)
	// Replace and remove, so that cayley sees counts after deletes too.
	changed := synthResults(t, 50, 51)[0]
	changed.Doc.ID = rs[0].Doc.ID
	if _, err := st.Put(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Remove(ctx, rs[1].Doc.ID); err != nil {
		t.Fatal(err)
	}
	want := quadSet(t, st)

	plain, err := csql.New(postgres.Type, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	var got []string
	it := plain.QuadsAllIterator()
	for it.Next(ctx) {
		got = append(got, plain.Quad(it.Result()).NQuad())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	it.Close()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("cayley reads %d quads, newsgraph wrote %d: they differ", len(got), len(want))
	}
	stats, err := plain.Stats(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if n := usedValues(t, st); stats.Nodes.Size != n {
		t.Errorf("cayley counts %d nodes, the quads use %d values", stats.Nodes.Size, n)
	}

	// cayley's writer removes a document, newsgraph's reader follows.
	d := st.Minter().Document(rs[2].Doc.ID)
	all, err := st.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var deltas []cgraph.Delta
	for _, q := range all {
		if q.Label == d {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	if len(deltas) == 0 {
		t.Fatal("no quads of the third document")
	}
	if err := plain.ApplyDeltas(deltas, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if got := len(quadSet(t, st)); got != len(want)-len(deltas) {
		t.Errorf("after cayley deleted %d quads newsgraph reads %d, want %d", len(deltas), got, len(want)-len(deltas))
	}
	checkCounts(t, st)
}

// TestPostgresConcurrentWriters writes disjoint sets of documents that
// share many nodes from several stores at once: the result equals a
// sequential build, with exact reference counts.
func TestPostgresConcurrentWriters(t *testing.T) {
	const writers, perWriter = 4, 40
	rs := synthResults(t, 0, writers*perWriter)
	seq := openConf(t, pgTestDSN(t))
	putAll(t, seq, rs)

	dsn := pgTestDSN(t)
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		st, err := Open(dsn, Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		wg.Go(func() {
			// Writer w takes every writers-th document, so that
			// neighbours (which share an agreement) are written at once.
			for i := w; i < len(rs); i += writers {
				if _, err := st.Put(context.Background(), rs[i]); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	par := openConf(t, dsn)
	if got, want := quadSet(t, par), quadSet(t, seq); !slices.Equal(got, want) {
		t.Errorf("concurrent writers: %d quads, sequential: %d; they differ", len(got), len(want))
	}
	if got, want := confStatsOf(t, par), confStatsOf(t, seq); got != want {
		t.Errorf("concurrent writers: %+v, sequential: %+v", got, want)
	}
	checkCounts(t, par)
}

// TestPostgresSameDocumentAtOnce puts the same documents from several
// stores at once, as builders given overlapping inputs do: every
// document ends up once, with exact counts.
func TestPostgresSameDocumentAtOnce(t *testing.T) {
	const writers = 4
	rs := synthResults(t, 0, 20)
	dsn := pgTestDSN(t)
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		st, err := Open(dsn, Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		wg.Go(func() {
			for _, res := range rs {
				if _, err := st.putQuads(context.Background(), st.m.Document(res.Doc.ID), DocumentQuads(st.m, res)); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	st := openConf(t, dsn)
	ref := openConf(t, filepath.Join(t.TempDir(), "ref.db"))
	putAll(t, ref, rs)
	if got, want := quadSet(t, st), quadSet(t, ref); !slices.Equal(got, want) {
		t.Errorf("%d quads, want %d", len(got), len(want))
	}
	checkCounts(t, st)
}

// TestPostgresRetry checks the retry policy: conflicts are retried, other
// errors are not, and running out of attempts says so.
func TestPostgresRetry(t *testing.T) {
	conflict := &pq.Error{Code: "40001", Message: "could not serialize access due to concurrent update"}
	deadlock := &pq.Error{Code: "40P01", Message: "deadlock detected"}
	other := &pq.Error{Code: "23502", Message: "null value in column"}
	r := pgRetry{attempts: 4, base: time.Millisecond, max: 2 * time.Millisecond}
	tests := []struct {
		name      string
		errs      []error // returned by successive calls; then nil
		wantCalls int
		wantErr   error
	}{
		{"success", nil, 1, nil},
		{"conflict then success", []error{conflict, deadlock}, 3, nil},
		{"foreign key race", []error{errFKRace{&pq.Error{Code: "23503"}}}, 2, nil},
		{"not retryable", []error{other, conflict}, 1, other},
		{"out of attempts", []error{conflict, conflict, conflict, conflict, conflict}, 4, ErrWriteConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := r.do(context.Background(), func() error {
				calls++
				if calls <= len(tc.errs) {
					return tc.errs[calls-1]
				}
				return nil
			})
			if calls != tc.wantCalls {
				t.Errorf("%d calls, want %d", calls, tc.wantCalls)
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == ErrWriteConflict && !strings.Contains(err.Error(), "gave up after 4 attempts") {
				t.Errorf("error %q does not say how often it tried", err)
			}
		})
	}
}

// TestPostgresOpenErrors checks the messages of failed opens: one line,
// the reason, and never the password.
func TestPostgresOpenErrors(t *testing.T) {
	tests := []struct {
		name, dsn, want string
	}{
		{"nobody listens", "postgres://ng:s3cret@127.0.0.1:1/db?sslmode=disable&connect_timeout=2", "is the server running?"},
		{"bad URL", "postgres://ng:s3cret@[::1/db", "not a PostgreSQL URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(tc.dsn, Options{})
			if err == nil {
				t.Fatal("opened")
			}
			msg := err.Error()
			if strings.Contains(msg, "s3cret") || strings.Contains(msg, "\n") || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q: want one line with %q and no password", msg, tc.want)
			}
		})
	}
	t.Run("wrong password", func(t *testing.T) {
		dsn := pgTestDSN(t)
		bad := strings.Replace(dsn, "@", "x@", 1)
		_, err := Open(bad, Options{})
		if err == nil {
			t.Skip("the server does not check passwords")
		}
		if strings.Contains(err.Error(), ":"+strings.SplitN(strings.SplitN(bad, "@", 2)[0], ":", 3)[2]) {
			t.Errorf("error %q holds the password", err)
		}
	})
}

// TestPostgresGizmo runs Gizmo queries on PostgreSQL and on the embedded
// store: cayley's SQL optimizer runs under newsgraph's store.
func TestPostgresGizmo(t *testing.T) {
	ctx := context.Background()
	pg := openConf(t, pgTestDSN(t))
	ref := openConf(t, filepath.Join(t.TempDir(), "ref.db"))
	rs := synthResults(t, 0, 10)
	putAll(t, pg, rs)
	putAll(t, ref, rs)
	for _, src := range []string{
		`g.V("<https://newsgraph.invalid/id/country/DE>").Out("<https://newsgraph.invalid/ns#signed>").All()`,
		`g.V().Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://schema.org/NewsArticle>").All()`,
		`g.V().Tag("a").Out("<https://newsgraph.invalid/ns#buildsOn>").Tag("b").All()`,
		`g.Emit(g.V().Has("<https://newsgraph.invalid/ns#refused>").Count())`,
	} {
		got, err := pg.Gizmo(ctx, src, GizmoOptions{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		want, err := ref.Gizmo(ctx, src, GizmoOptions{})
		if err != nil {
			t.Fatalf("%s on the embedded store: %v", src, err)
		}
		g, w := gizmoStrings(got.Values), gizmoStrings(want.Values)
		if !slices.Equal(g, w) || len(g) == 0 {
			t.Errorf("%s:\n postgres %s\n embedded %s", src, g, w)
		}
	}
}

// gizmoStrings returns Gizmo results as sorted strings.
func gizmoStrings(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprint(v)
	}
	slices.Sort(out)
	return out
}

// TestPostgresConcurrentFirstOpen opens a fresh database from several
// stores at once, as builders started together do: the schema is
// created once and every open succeeds.
func TestPostgresConcurrentFirstOpen(t *testing.T) {
	const n = 8
	dsn := pgTestDSN(t)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			st, err := Open(dsn, Options{})
			if err == nil {
				err = st.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// TestPostgresCounts compares the counting queries with Store.Stats,
// which reads every quad.
func TestPostgresCounts(t *testing.T) {
	st := openConf(t, pgTestDSN(t))
	putAll(t, st, synthResults(t, 0, 12))
	got, err := st.qs.(*pgQuadStore).counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := confStatsOf(t, st); got != want {
		t.Errorf("counts %+v, Stats %+v", got, want)
	}
}

// TestPostgresErrorClasses checks which errors count as a lost
// connection.
func TestPostgresErrorClasses(t *testing.T) {
	tests := []struct {
		err  error
		lost bool
	}{
		{&pq.Error{Code: "57P01", Message: "terminating connection due to administrator command"}, true},
		{&pq.Error{Code: "08006"}, true},
		{fmt.Errorf("insert quads: %w", driver.ErrBadConn), true},
		{io.ErrUnexpectedEOF, true},
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{context.DeadlineExceeded, false},
		{fmt.Errorf("read: %w", context.Canceled), false},
		{&pq.Error{Code: "40001"}, false},
		{errors.New("something else"), false},
	}
	for _, tc := range tests {
		err := pgError(tc.err, "db:5432/x")
		if got := errors.Is(err, ErrConnectionLost); got != tc.lost {
			t.Errorf("%v: lost connection %v, want %v", tc.err, got, tc.lost)
		}
		if !errors.Is(err, tc.err) {
			t.Errorf("%v: the error no longer wraps the cause: %v", tc.err, err)
		}
	}
}
