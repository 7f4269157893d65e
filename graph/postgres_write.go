package graph

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// The write path keeps cayley's SQL layout exactly: a node row per value
// (hash, value columns as csql.NodeValues fills them, refs = the number
// of quad directions that use it), a quad row per quad with now() in ts,
// nodes deleted when their count reaches zero. What differs from cayley's
// writer is the number of statements: a transaction
//
//  1. deletes the removed quads (one DELETE ... USING unnest, RETURNING
//     what it deleted),
//  2. inserts the added quads' nodes that do not exist yet with refs 0
//     (one INSERT ... ON CONFLICT DO NOTHING),
//  3. inserts the added quads (one INSERT ... ON CONFLICT DO NOTHING
//     RETURNING what it inserted),
//  4. changes the reference counts by what steps 1 and 3 really did (one
//     upsert, rows in hash order so that concurrent writers lock shared
//     nodes in the same order and do not deadlock), and
//  5. deletes the nodes whose count dropped to zero.
//
// Counting from RETURNING keeps the counts exact even when a concurrent
// writer added or removed the same quad (cayley issue 737 is about the
// opposite). Step 4 comes last so that the rows every document shares
// (predicates, types) stay locked only until the commit right after it.

// errFKRace marks a foreign key violation on inserting quads: a
// concurrent writer deleted a node this transaction found in step 2.
// Running the transaction again inserts the node anew.
type errFKRace struct{ err error }

func (e errFKRace) Error() string { return e.err.Error() }
func (e errFKRace) Unwrap() error { return e.err }

// pgBatch is a set of deltas prepared for the statements above.
type pgBatch struct {
	adds, dels         map[cgraph.QuadHash]quad.Quad
	addOrder, delOrder []cgraph.QuadHash // in the order of the deltas, as cayley writes
	values             map[cgraph.ValueHash]quad.Value
}

// newPgBatch checks and indexes deltas. A quad added (or deleted) twice
// is an error unless opts allow duplicates (missing quads).
func newPgBatch(in []cgraph.Delta, opts cgraph.IgnoreOpts) (*pgBatch, error) {
	b := &pgBatch{
		adds:   map[cgraph.QuadHash]quad.Quad{},
		dels:   map[cgraph.QuadHash]quad.Quad{},
		values: map[cgraph.ValueHash]quad.Value{},
	}
	for _, d := range in {
		if d.Quad.Subject == nil || d.Quad.Predicate == nil || d.Quad.Object == nil {
			return nil, &cgraph.DeltaError{Delta: d, Err: fmt.Errorf("quad without subject, predicate or object")}
		}
		h := hashQuad(d.Quad)
		switch d.Action {
		case cgraph.Add:
			if _, dup := b.adds[h]; dup {
				if !opts.IgnoreDup {
					return nil, &cgraph.DeltaError{Delta: d, Err: cgraph.ErrQuadExists}
				}
				continue
			}
			b.adds[h] = d.Quad
			b.addOrder = append(b.addOrder, h)
		case cgraph.Delete:
			if _, dup := b.dels[h]; dup {
				if !opts.IgnoreMissing {
					return nil, &cgraph.DeltaError{Delta: d, Err: cgraph.ErrQuadNotExist}
				}
				continue
			}
			b.dels[h] = d.Quad
			b.delOrder = append(b.delOrder, h)
		default:
			return nil, &cgraph.DeltaError{Delta: d, Err: cgraph.ErrInvalidAction}
		}
		for _, dir := range quad.Directions {
			if v := d.Quad.Get(dir); v != nil {
				b.values[h.Get(dir)] = v
			}
		}
	}
	return b, nil
}

// hashQuad returns the hashes of a quad's values.
func hashQuad(q quad.Quad) cgraph.QuadHash {
	var h cgraph.QuadHash
	for _, d := range quad.Directions {
		if v := q.Get(d); v != nil {
			h.Set(d, cgraph.HashOf(v))
		}
	}
	return h
}

// ApplyDeltas applies deltas in one transaction, retried on conflicts
// with concurrent writers. Without opts, adding a quad that exists or
// deleting one that does not fails the whole batch with a
// *cgraph.DeltaError, as in cayley.
func (s *pgQuadStore) ApplyDeltas(in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	if s.ro {
		return fmt.Errorf("write: store opened read-only")
	}
	b, err := newPgBatch(in, opts)
	if err != nil {
		return err
	}
	if len(b.adds) == 0 && len(b.dels) == 0 {
		return nil
	}
	ctx := context.Background()
	err = s.retry.inTx(ctx, s.db, func(tx *sql.Tx) error { return s.apply(ctx, tx, b, opts) })
	var de *cgraph.DeltaError
	if errors.As(err, &de) {
		return de
	}
	if err != nil {
		return pgError(err, s.where)
	}
	return nil
}

const (
	pgDeleteQuads = `DELETE FROM quads q USING unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) AS t(s, p, o, l)
WHERE q.subject_hash = t.s AND q.predicate_hash = t.p AND q.object_hash = t.o AND q.label_hash = t.l AND q.label_hash IS NOT NULL
RETURNING q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash`
	pgDeleteTriples = `DELETE FROM quads q USING unnest($1::bytea[], $2::bytea[], $3::bytea[]) AS t(s, p, o)
WHERE q.subject_hash = t.s AND q.predicate_hash = t.p AND q.object_hash = t.o AND q.label_hash IS NULL
RETURNING q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash`
	pgNodeUnnest = `unnest($1::int4[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bool[], $9::int8[], $10::bool[], $11::float8[], $12::timestamptz[])
 AS t(refs, hash, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time)`
	pgInsertNodes = `/* newsgraph: new nodes */ INSERT INTO nodes (refs, hash, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time)
SELECT t.* FROM ` + pgNodeUnnest + ` ORDER BY t.hash
ON CONFLICT (hash) DO NOTHING`
	pgInsertQuads = `INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
SELECT t.s, t.p, t.o, t.l, now() FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) AS t(s, p, o, l)
ON CONFLICT DO NOTHING
RETURNING subject_hash, predicate_hash, object_hash, label_hash`
	pgInsertQuadsStrict = `INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
SELECT t.s, t.p, t.o, t.l, now() FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) AS t(s, p, o, l)`
	pgUpdateRefs = `/* newsgraph: reference counts */ INSERT INTO nodes (refs, hash, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time)
SELECT t.* FROM ` + pgNodeUnnest + ` ORDER BY t.hash
ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs
RETURNING hash, refs`
	pgDeleteNodes = `DELETE FROM nodes WHERE hash = ANY($1::bytea[]) AND refs <= 0`
)

// apply runs the statements of one batch in tx.
func (s *pgQuadStore) apply(ctx context.Context, tx *sql.Tx, b *pgBatch, opts cgraph.IgnoreOpts) error {
	refs := map[cgraph.ValueHash]int{}
	count := func(h cgraph.QuadHash, n int) {
		for _, v := range h.Dirs() {
			if v.Valid() {
				refs[v] += n
			}
		}
	}
	// 1. Delete.
	if len(b.dels) > 0 {
		var labelled, triples []cgraph.QuadHash
		for _, h := range b.delOrder {
			if h.Label.Valid() {
				labelled = append(labelled, h)
			} else {
				triples = append(triples, h)
			}
		}
		deleted := map[cgraph.QuadHash]bool{}
		for _, part := range []struct {
			query string
			hs    []cgraph.QuadHash
			dirs  int
		}{{pgDeleteQuads, labelled, 4}, {pgDeleteTriples, triples, 3}} {
			if len(part.hs) == 0 {
				continue
			}
			got, err := s.quadsReturning(ctx, tx, part.query, part.hs, part.dirs)
			if err != nil {
				return fmt.Errorf("delete quads: %w", err)
			}
			for _, h := range got {
				deleted[h] = true
				count(h, -1)
			}
		}
		if len(deleted) < len(b.dels) && !opts.IgnoreMissing {
			for h, q := range b.dels {
				if !deleted[h] {
					return &cgraph.DeltaError{Delta: cgraph.Delta{Quad: q, Action: cgraph.Delete}, Err: cgraph.ErrQuadNotExist}
				}
			}
		}
	}
	// 2, 3. Insert.
	if len(b.adds) > 0 {
		addNodes := map[cgraph.ValueHash]bool{}
		// Quads go in in the order of the deltas: cayley's readers return
		// them in that order.
		hs := b.addOrder
		for _, h := range hs {
			for _, v := range h.Dirs() {
				if v.Valid() {
					addNodes[v] = true
				}
			}
		}
		nodes, err := b.nodeArgs(slices.Collect(maps.Keys(addNodes)), nil)
		if err != nil {
			return err
		}
		st, err := s.stmt(ctx, pgInsertNodes)
		if err != nil {
			return fmt.Errorf("insert nodes: %w", err)
		}
		if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, nodes...); err != nil {
			return fmt.Errorf("insert nodes: %w", err)
		}
		if !opts.IgnoreDup {
			// Every quad is new or the batch fails: a plain INSERT is
			// cheaper than ON CONFLICT's speculative insertion.
			args := make([]any, 4)
			for i, d := range quad.Directions {
				col := make([]cgraph.ValueHash, len(hs))
				for j, h := range hs {
					col[j] = h.Get(d)
				}
				args[i] = byteaArray(col)
			}
			st, err := s.stmt(ctx, pgInsertQuadsStrict)
			if err != nil {
				return fmt.Errorf("insert quads: %w", err)
			}
			if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...); err != nil {
				switch {
				case isUniqueViolation(err):
					return &cgraph.DeltaError{Delta: cgraph.Delta{Quad: b.conflict(err), Action: cgraph.Add}, Err: cgraph.ErrQuadExists}
				case isForeignKeyViolation(err):
					err = errFKRace{err}
				}
				return fmt.Errorf("insert quads: %w", err)
			}
			for _, h := range hs {
				count(h, +1)
			}
		} else {
			got, err := s.quadsReturning(ctx, tx, pgInsertQuads, hs, 4)
			if err != nil {
				if isForeignKeyViolation(err) {
					err = errFKRace{err}
				}
				return fmt.Errorf("insert quads: %w", err)
			}
			for _, h := range got {
				count(h, +1)
			}
		}
		for h := range addNodes {
			if _, ok := refs[h]; !ok {
				refs[h] = 0
			}
		}
	}
	// 4. Count.
	// Nodes whose count does not change need no statement, except that
	// step 2 may have inserted (with no references) the nodes of quads
	// that existed, when duplicates are ignored.
	var change, dead []cgraph.ValueHash
	for h, n := range refs {
		if n != 0 {
			change = append(change, h)
		} else if opts.IgnoreDup {
			dead = append(dead, h)
		}
	}
	if len(change) > 0 {
		args, err := b.nodeArgs(change, refs)
		if err != nil {
			return err
		}
		st, err := s.stmt(ctx, pgUpdateRefs)
		if err != nil {
			return fmt.Errorf("count references: %w", err)
		}
		rows, err := tx.StmtContext(ctx, st).QueryContext(ctx, args...)
		if err != nil {
			return fmt.Errorf("count references: %w", err)
		}
		for rows.Next() {
			var hb []byte
			var n int64
			if err := rows.Scan(&hb, &n); err != nil {
				rows.Close()
				return fmt.Errorf("count references: %w", err)
			}
			if n <= 0 {
				var h cgraph.ValueHash
				copy(h[:], hb)
				dead = append(dead, h)
			}
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("count references: %w", err)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("count references: %w", err)
		}
	}
	// 5. Delete unused nodes.
	if len(dead) > 0 {
		st, err := s.stmt(ctx, pgDeleteNodes)
		if err != nil {
			return fmt.Errorf("delete nodes: %w", err)
		}
		if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, byteaArray(dead)); err != nil {
			return fmt.Errorf("delete nodes: %w", err)
		}
	}
	return nil
}

// conflict returns the added quad a unique violation names in its
// detail ("Key (subject_hash, ...)=(\\x..., ...) already exists."), or
// the zero quad.
func (b *pgBatch) conflict(err error) quad.Quad {
	var pe *pq.Error
	if !errors.As(err, &pe) {
		return quad.Quad{}
	}
	_, keys, ok := strings.Cut(pe.Detail, ")=(")
	if !ok {
		return quad.Quad{}
	}
	keys, _, _ = strings.Cut(keys, ")")
	var h cgraph.QuadHash
	for i, k := range strings.Split(keys, ", ") {
		var v cgraph.ValueHash
		raw, err := hex.DecodeString(strings.TrimPrefix(k, `\x`))
		if i >= len(quad.Directions) || err != nil || len(raw) != len(v) {
			return quad.Quad{}
		}
		copy(v[:], raw)
		h.Set(quad.Directions[i], v)
	}
	return b.adds[h]
}

// quadsReturning runs a statement over quads given as dirs hash arrays
// that returns quad hash rows.
func (s *pgQuadStore) quadsReturning(ctx context.Context, tx *sql.Tx, query string, hs []cgraph.QuadHash, dirs int) ([]cgraph.QuadHash, error) {
	args := make([]any, dirs)
	for i := range dirs {
		col := make([]cgraph.ValueHash, len(hs))
		for j, h := range hs {
			col[j] = h.Get(quad.Directions[i])
		}
		args[i] = byteaArray(col)
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cgraph.QuadHash
	var cols [4][]byte
	for rows.Next() {
		if err := rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3]); err != nil {
			return nil, err
		}
		var h cgraph.QuadHash
		for i, c := range cols {
			if c != nil {
				var v cgraph.ValueHash
				copy(v[:], c)
				h.Set(quad.Directions[i], v)
			}
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// nodeArgs returns the twelve array arguments of pgNodeUnnest for nodes
// hs in hash order, with refs[h] as count (0 without refs), their value
// columns as cayley's csql.NodeValues fills them.
func (b *pgBatch) nodeArgs(hs []cgraph.ValueHash, refs map[cgraph.ValueHash]int) ([]any, error) {
	slices.SortFunc(hs, func(a, b cgraph.ValueHash) int { return bytes.Compare(a[:], b[:]) })
	cols := make([][]any, 12)
	for i := range cols {
		cols[i] = make([]any, len(hs))
	}
	index := map[string]int{}
	for i, c := range nodeValueCols {
		index[c] = i + 2
	}
	for j, h := range hs {
		cols[0][j] = int64(refs[h])
		cols[1][j] = h[:]
		vt, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: h}, b.values[h])
		if err != nil {
			return nil, fmt.Errorf("encode %v: %w", b.values[h], err)
		}
		for k, c := range vt.Columns() {
			cols[index[c]][j] = vals[k+1]
		}
	}
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = pgArray(c)
	}
	return args, nil
}

// byteaArray returns hashes as a bytea[] argument (invalid ones NULL).
func byteaArray(hs []cgraph.ValueHash) pgArray {
	a := make(pgArray, len(hs))
	for i, h := range hs {
		if h.Valid() {
			a[i] = h[:]
		}
	}
	return a
}

// pgArray is a one-dimensional array argument in PostgreSQL's text form;
// its elements are nil (NULL), []byte (bytea), string, bool, int64,
// float64 or time.Time.
type pgArray []any

// Value encodes the array.
func (a pgArray) Value() (driver.Value, error) {
	var sb strings.Builder
	sb.WriteByte('{')
	for i, e := range a {
		if i > 0 {
			sb.WriteByte(',')
		}
		switch v := e.(type) {
		case nil:
			sb.WriteString("NULL")
		case []byte:
			if v == nil {
				sb.WriteString("NULL")
				continue
			}
			sb.WriteString(`"\\x`)
			sb.WriteString(hex.EncodeToString(v))
			sb.WriteByte('"')
		case string:
			quoteArrayElem(&sb, v)
		case bool:
			if v {
				sb.WriteByte('t')
			} else {
				sb.WriteByte('f')
			}
		case int64:
			sb.WriteString(strconv.FormatInt(v, 10))
		case float64:
			switch {
			case math.IsInf(v, 1):
				sb.WriteString("Infinity")
			case math.IsInf(v, -1):
				sb.WriteString("-Infinity")
			case math.IsNaN(v):
				sb.WriteString("NaN")
			default:
				sb.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			}
		case time.Time:
			quoteArrayElem(&sb, v.Format("2006-01-02 15:04:05.999999999Z07:00"))
		default:
			return nil, fmt.Errorf("array element of type %T", e)
		}
	}
	sb.WriteByte('}')
	return sb.String(), nil
}

// quoteArrayElem writes s as a quoted array element.
func quoteArrayElem(sb *strings.Builder, s string) {
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			sb.WriteByte('\\')
		}
		sb.WriteByte(s[i])
	}
	sb.WriteByte('"')
}
