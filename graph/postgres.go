package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/lib/pq"
)

// PostgreSQL stores.
//
// A dsn starting with postgres:// or postgresql:// opens a store in a
// PostgreSQL database (or a CockroachDB cluster, which speaks the same
// protocol) through cayley v0.7.7's SQL backend: the tables nodes and
// quads, with cayley's own columns, indexes and reference counting, so
// cayley's tools (cayley dump -d postgres -a DSN) read what newsgraph
// wrote and the other way round. The schema is created on first use, in
// the first schema of the connection's search_path.
//
// cayley's SQL quad store works but is slow for our access pattern: it
// writes one statement per node and per quad and reads each quad's four
// values with four more queries. The store here keeps cayley's quad store
// for what it does well (Gizmo queries, which it turns into SQL) and
// replaces the rest with set-based statements over the same tables:
//
//   - ApplyDeltas (and with it Store.Put and Store.Remove) writes a batch of
//     deltas in one transaction with a handful of multi-row statements
//     (unnest over arrays), keeping cayley's reference counts exact, and
//     retries the transaction on serialization failures and deadlocks with
//     bounded, jittered backoff;
//   - QuadsAllIterator and NodesAllIterator read quads joined to their
//     nodes in one SELECT, so Store.Each and Store.Quads (every export)
//     cost one query, not one per quad; QuadIterator (a document's quads,
//     for Put) reads hashes with one indexed query and the values it has
//     not cached with one more per few hundred quads;
//   - one index is added to cayley's schema, on quads(label_hash): cayley
//     has none with the label first, so reading a document's quads scanned
//     the whole table.

// pgLabelIndex is the index newsgraph adds to cayley's schema.
const pgLabelIndex = "newsgraph_label_index"

// ErrWriteConflict is returned (wrapped) when a write to a PostgreSQL store
// still conflicts with concurrent writers after all retries.
var ErrWriteConflict = errors.New("the write kept conflicting with concurrent writers")

// ErrConnectionLost is returned (wrapped) when the connection to a
// PostgreSQL store broke during an operation: the server stopped or the
// network failed. A write that fails this way committed whole or not at
// all (each is one transaction); running it again is safe.
var ErrConnectionLost = errors.New("lost the connection to PostgreSQL")

// pgRetry bounds the retries of a conflicting transaction.
type pgRetry struct {
	attempts int           // tries in all, at least 1
	base     time.Duration // first backoff
	max      time.Duration // longest backoff
}

// defaultRetry waits at most about 3 s in all for a conflicting
// transaction: the conflicts here come from other writers' short
// transactions.
var defaultRetry = pgRetry{attempts: 10, base: 10 * time.Millisecond, max: time.Second}

// isPostgresDSN reports whether dsn names a PostgreSQL database.
func isPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openPostgres opens (and on first use creates) a store in the PostgreSQL
// database named by dsn.
func openPostgres(dsn string, opt Options, m Minter) (*Store, error) {
	name := redact(dsn)
	connDSN, err := pgConnString(dsn, opt)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	db, err := sql.Open("postgres", connDSN)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	db.SetMaxIdleConns(4)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fail := func(err error) (*Store, error) {
		db.Close()
		if isConnectionError(err) {
			return nil, oneLine(fmt.Errorf("open %s: cannot connect (is the server running?): %w", name, err))
		}
		return nil, fmt.Errorf("open %s: %w", name, oneLine(err))
	}
	if err := db.PingContext(ctx); err != nil {
		return fail(err)
	}
	var version string
	if err := db.QueryRowContext(ctx, "SELECT version()").Scan(&version); err != nil {
		return fail(err)
	}
	cockroach := strings.Contains(version, "CockroachDB")
	exists, err := pgSchemaExists(ctx, db)
	if err != nil {
		return fail(err)
	}
	switch {
	case !exists && opt.ReadOnly:
		db.Close()
		return nil, fmt.Errorf("open %s: %w", name, ErrNoStore)
	case !opt.ReadOnly:
		if err := pgInitSchema(ctx, db, cockroach); err != nil {
			return fail(fmt.Errorf("create the schema: %w", err))
		}
	}
	if !cockroach {
		// A prepared statement keeps the generic plan PostgreSQL chose
		// after five runs, when the tables may have been nearly empty: a
		// sequential scan for reading one document, kept while the table
		// grows. Plan every run with its arguments instead (PostgreSQL
		// 12 and later; planning these statements takes microseconds).
		var num int
		err := db.QueryRowContext(ctx, "SELECT current_setting('server_version_num')::int").Scan(&num)
		if err != nil {
			return fail(err)
		}
		if num >= 120000 {
			connDSN = withParam(connDSN, "plan_cache_mode", "force_custom_plan")
			db.Close()
			if db, err = sql.Open("postgres", connDSN); err != nil {
				return nil, fmt.Errorf("open %s: %w", name, err)
			}
			db.SetMaxIdleConns(4)
			if err := db.PingContext(ctx); err != nil {
				return fail(err)
			}
		}
	}
	// cayley's quad store answers Gizmo queries; it keeps its own small
	// pool. It logs failed connections with the full address, so it is
	// opened only after our own connection worked.
	inner, err := csql.New(postgres.Type, connDSN, cgraph.Options{"maxopenconnections": 4})
	if err != nil {
		return fail(err)
	}
	qs := &pgQuadStore{
		inner:     inner.(*csql.QuadStore),
		db:        db,
		where:     pgWhere(dsn),
		ro:        opt.ReadOnly,
		cockroach: cockroach,
		retry:     defaultRetry,
		cache:     newValueCache(1 << 16),
	}
	return &Store{qs: qs, m: m, path: name, ro: opt.ReadOnly}, nil
}

// pgConnString returns the connection string for lib/pq: dsn with
// newsgraph's defaults for what it leaves unset.
func pgConnString(dsn string, opt Options) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("not a PostgreSQL URL: %v", redactURLError(err))
	}
	q := u.Query()
	set := func(k, v string) {
		if q.Get(k) == "" {
			q.Set(k, v)
		}
	}
	set("application_name", "newsgraph")
	set("connect_timeout", "10")
	if opt.NoSync {
		set("synchronous_commit", "off")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// withParam returns the URL dsn with the query parameter k set to v,
// unless dsn sets it.
func withParam(dsn, k, v string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if q.Get(k) == "" {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// redactURLError drops the URL (which may hold a password) from a
// url.Parse error.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// pgSchemaExists reports whether cayley's tables exist in the connection's
// search path.
func pgSchemaExists(ctx context.Context, db *sql.DB) (bool, error) {
	var nodes, quads sql.NullString
	err := db.QueryRowContext(ctx, "SELECT to_regclass('nodes')::text, to_regclass('quads')::text").Scan(&nodes, &quads)
	if err != nil {
		return false, err
	}
	if nodes.Valid != quads.Valid {
		return false, fmt.Errorf("the database holds a table nodes or quads but not both: not a cayley store")
	}
	return quads.Valid, nil
}

// pgInitSchema creates cayley's tables and indexes (the statements cayley
// v0.7.7's postgres or cockroach backend runs in graph.InitQuadStore) and
// newsgraph's label index, unless they exist. Several processes may open
// a fresh database at once: on PostgreSQL they take turns on an advisory
// lock, and the whole schema appears in one transaction.
func pgInitSchema(ctx context.Context, db *sql.DB, cockroach bool) error {
	var hasIndex bool
	err := db.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", pgLabelIndex).Scan(&hasIndex)
	if err != nil {
		return err
	}
	if hasIndex {
		return nil
	}
	if cockroach {
		// CockroachDB runs schema changes outside transactions and has no
		// advisory locks; IF NOT EXISTS makes concurrent first opens safe.
		exists, err := pgSchemaExists(ctx, db)
		if err != nil {
			return err
		}
		var stmts []string
		if !exists {
			stmts = cayleySchema(true)
		}
		stmts = append(stmts, pgLabelIndexDDL(true))
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", firstLine(s), err)
			}
		}
		return nil
	}
	// The lock is a session lock taken before the transaction: a backend
	// that waited for a lock inside a transaction may still see the
	// tables as missing (cached) after the other one created them.
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	const key = "1852270450, hashtext(coalesce(current_schema(), ''))"
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock("+key+")"); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock("+key+")")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var exists bool
	err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = 'quads' AND n.nspname = current_schema())`).Scan(&exists)
	if err != nil {
		return err
	}
	var stmts []string
	if !exists {
		stmts = cayleySchema(false)
	}
	stmts = append(stmts, pgLabelIndexDDL(false))
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", firstLine(s), err)
		}
	}
	return tx.Commit()
}

// pgLabelIndexDDL creates newsgraph's index on the quads' labels.
func pgLabelIndexDDL(cockroach bool) string {
	s := "CREATE INDEX IF NOT EXISTS " + pgLabelIndex + " ON quads (label_hash)"
	if !cockroach {
		s += " WITH (FILLFACTOR = 50)"
	}
	return s + ";"
}

// firstLine returns the first line of a statement, for messages.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " ..."
	}
	return s
}

// cayleySchema returns the statements cayley v0.7.7 runs to initialise a
// postgres (or, with cockroach set, a cockroach) SQL store with default
// options (db_fill_factor 50), byte for byte as Registration.nodesTable,
// quadsTable and quadIndexes build them. TestPostgresSchemaMatchesCayley
// compares the result with cayley's own init.
func cayleySchema(cockroach bool) []string {
	nodesExtra := ""
	if cockroach {
		nodesExtra = `,
	FAMILY fhash (hash),
	FAMILY frefs (refs),
	FAMILY fvalue (value, value_string, datatype, language, iri, bnode,
		value_int, value_bool, value_float, value_time)
`
	}
	stmts := []string{
		`CREATE TABLE nodes (
	hash BYTEA PRIMARY KEY,
	refs INT NOT NULL,
	value BYTEA,
	value_string TEXT,
	datatype TEXT,
	language TEXT,
	iri BOOLEAN,
	bnode BOOLEAN,
	value_int BIGINT,
	value_bool BOOLEAN,
	value_float double precision,
	value_time timestamp with time zone` + nodesExtra + `
);`,
		`CREATE TABLE quads (
	horizon BIGSERIAL PRIMARY KEY,
	subject_hash BYTEA NOT NULL,
	predicate_hash BYTEA NOT NULL,
	object_hash BYTEA NOT NULL,
	label_hash BYTEA,
	ts timestamp
);`,
	}
	if cockroach {
		stmts = append(stmts,
			`CREATE UNIQUE INDEX spo_unique ON quads (subject_hash, predicate_hash, object_hash);`,
			`CREATE UNIQUE INDEX spol_unique ON quads (subject_hash, predicate_hash, object_hash, label_hash);`,
		)
		for i, s := range stmts {
			stmts[i] = strings.Replace(strings.Replace(s, "CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", 1),
				"CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", 1)
		}
	} else {
		stmts = append(stmts,
			`CREATE UNIQUE INDEX spo_unique ON quads (subject_hash, predicate_hash, object_hash) WHERE label_hash IS NULL;`,
			`CREATE UNIQUE INDEX spol_unique ON quads (subject_hash, predicate_hash, object_hash, label_hash) WHERE label_hash IS NOT NULL;`,
			`ALTER TABLE quads ADD CONSTRAINT subject_hash_fk FOREIGN KEY (subject_hash) REFERENCES nodes (hash);`,
			`ALTER TABLE quads ADD CONSTRAINT predicate_hash_fk FOREIGN KEY (predicate_hash) REFERENCES nodes (hash);`,
			`ALTER TABLE quads ADD CONSTRAINT object_hash_fk FOREIGN KEY (object_hash) REFERENCES nodes (hash);`,
			`ALTER TABLE quads ADD CONSTRAINT label_hash_fk FOREIGN KEY (label_hash) REFERENCES nodes (hash);`,
		)
	}
	for _, ix := range []struct{ name, cols string }{
		{"spo", "subject_hash, predicate_hash, object_hash"},
		{"ops", "object_hash, predicate_hash, subject_hash"},
		{"pos", "predicate_hash, object_hash, subject_hash"},
		{"osp", "object_hash, subject_hash, predicate_hash"},
	} {
		s := "CREATE INDEX " + ix.name + "_index ON quads (" + ix.cols + ")"
		if cockroach {
			s = "CREATE INDEX IF NOT EXISTS " + ix.name + "_index ON quads (" + ix.cols + ")"
		} else {
			s += " WITH (FILLFACTOR = 50)"
		}
		stmts = append(stmts, s+";")
	}
	return stmts
}

// inTx runs fn in a transaction and commits it, running it again from the
// start when PostgreSQL aborted it for a serialization failure or a
// deadlock (or a foreign key that a concurrent writer's delete broke),
// with jittered exponential backoff, up to r.attempts tries in all.
func (r pgRetry) inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	return r.do(ctx, func() error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
}

// do runs op until it succeeds, fails with an error that a retry cannot
// cure, or has run r.attempts times.
func (r pgRetry) do(ctx context.Context, op func() error) error {
	backoff := r.base
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil || !isRetryable(err) {
			return err
		}
		if attempt >= r.attempts {
			return fmt.Errorf("%w: gave up after %d attempts (last: %v); run it again, or run fewer writers at once", ErrWriteConflict, attempt, err)
		}
		// Full jitter: concurrent writers that conflicted once must not
		// meet again at the same moment.
		wait := time.Duration(rand.Int64N(int64(backoff) + 1))
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return fmt.Errorf("%w (while waiting to retry after: %v)", ctx.Err(), err)
		}
		backoff = min(2*backoff, r.max)
	}
}

// isRetryable reports whether err aborted a transaction that may succeed
// when run again: a serialization failure (40001, also CockroachDB's
// retry error), a deadlock (40P01), or a node deleted under a quad being
// inserted by a concurrent writer (errFKRace).
func isRetryable(err error) bool {
	if errors.As(err, new(errFKRace)) {
		return true
	}
	var pe *pq.Error
	if !errors.As(err, &pe) {
		return false
	}
	return pe.Code == "40001" || pe.Code == "40P01"
}

// isUniqueViolation reports whether err is a unique violation.
func isUniqueViolation(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && pe.Code == "23505"
}

// isForeignKeyViolation reports whether err is a foreign key violation.
func isForeignKeyViolation(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && pe.Code == "23503"
}

// isConnectionError reports whether err means the connection to the
// server broke (rather than the server refusing a statement).
func isConnectionError(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false // the caller gave up; context.DeadlineExceeded is a net.Error too
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		// 08: connection exception; 57P01-57P03: admin shutdown, crash
		// shutdown, cannot connect now.
		return pe.Code.Class() == "08" || strings.HasPrefix(string(pe.Code), "57P0")
	}
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.As(err, &ne)
}

// pgError gives err a sentence a reader can act on where it has a known
// cause, and makes it one line: a broken connection becomes
// ErrConnectionLost naming the server at where (host:port/database).
func pgError(err error, where string) error {
	if err == nil {
		return nil
	}
	if isConnectionError(err) && !errors.Is(err, ErrConnectionLost) {
		err = fmt.Errorf("%w at %s (is the server running?): %w", ErrConnectionLost, where, err)
	}
	return oneLine(err)
}

// oneLine returns err, or an error that prints it on one line.
func oneLine(err error) error {
	if msg := err.Error(); strings.ContainsAny(msg, "\r\n") {
		return oneLineError{err}
	}
	return err
}

// pgWhere returns host:port/database of a PostgreSQL URL, for messages.
func pgWhere(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the server"
	}
	return u.Host + u.Path
}

// oneLineError prints an error on one line.
type oneLineError struct{ err error }

func (e oneLineError) Error() string {
	return strings.Join(strings.Fields(e.err.Error()), " ")
}

func (e oneLineError) Unwrap() error { return e.err }
