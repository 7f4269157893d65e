package graph

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/shape"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/lib/pq"
)

// pgQuadStore is cayley's SQL quad store on PostgreSQL with set-based
// writes and reads over the same tables (see the notes in postgres.go).
// Its refs are cayley's own (csql.NodeHash, csql.QuadHashes), so its
// iterators mix with cayley's.
type pgQuadStore struct {
	inner     *csql.QuadStore // cayley's store on the same database: Gizmo, sizes, Contains
	db        *sql.DB
	where     string // host:port/database, for messages
	ro        bool
	cockroach bool
	retry     pgRetry
	cache     *valueCache // node values by hash, filled by the iterators

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
}

var (
	_ cgraph.QuadStore = (*pgQuadStore)(nil)
	_ shape.Optimizer  = (*pgQuadStore)(nil)
)

// stmt returns the prepared statement for query, preparing it on first
// use: a prepared statement runs in one round trip.
func (s *pgQuadStore) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st := s.stmts[query]; st != nil {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[query] = st
	return st, nil
}

// ValueOf returns the ref of a value (its hash; no query).
func (s *pgQuadStore) ValueOf(v quad.Value) cgraph.Ref { return s.inner.ValueOf(v) }

// NameOf returns the value of a node ref: from the cache the iterators
// fill, else from the database.
func (s *pgQuadStore) NameOf(ref cgraph.Ref) quad.Value {
	var h cgraph.ValueHash
	switch r := ref.(type) {
	case nil:
		return nil
	case cgraph.PreFetchedValue:
		return r.NameOf()
	case csql.NodeHash:
		h = r.ValueHash
	case cgraph.ValueHash:
		h = r
	default:
		return s.inner.NameOf(ref)
	}
	if !h.Valid() {
		return nil
	}
	if v, ok := s.cache.get(h); ok {
		return v
	}
	v, err := s.fetchValue(context.Background(), h)
	if err != nil || v == nil {
		return nil
	}
	s.cache.put(h, v)
	return v
}

// fetchValue reads one node's value (nil if there is no such node).
func (s *pgQuadStore) fetchValue(ctx context.Context, h cgraph.ValueHash) (quad.Value, error) {
	st, err := s.stmt(ctx, "SELECT "+nodeCols("n")+" FROM nodes n WHERE n.hash = $1")
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, h[:])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	var raw nodeRow
	if err := rows.Scan(raw.dest()...); err != nil {
		return nil, err
	}
	return raw.value()
}

// fetchValues reads the values of nodes hs into the cache.
func (s *pgQuadStore) fetchValues(ctx context.Context, hs []cgraph.ValueHash) error {
	st, err := s.stmt(ctx, "SELECT n.hash, "+nodeCols("n")+" FROM nodes n WHERE n.hash = ANY($1::bytea[])")
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, byteaArray(hs))
	if err != nil {
		return err
	}
	defer rows.Close()
	var hb []byte
	var raw nodeRow
	dest := append([]any{&hb}, raw.dest()...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		v, err := raw.value()
		if err != nil {
			return err
		}
		var h cgraph.ValueHash
		copy(h[:], hb)
		s.cache.put(h, v)
	}
	return rows.Err()
}

// Quad returns the quad of a quad ref, its values from the cache the
// iterators fill where they are there.
func (s *pgQuadStore) Quad(ref cgraph.Ref) quad.Quad {
	h, ok := ref.(csql.QuadHashes)
	if !ok {
		return s.inner.Quad(ref)
	}
	var q quad.Quad
	for _, d := range quad.Directions {
		q.Set(d, s.NameOf(csql.NodeHash{ValueHash: h.Get(d)}))
	}
	return q
}

// QuadIterator iterates over the quads with value ref in direction d.
// It reads their hashes with one query (an index scan) and the values
// its cache lacks with another per few hundred quads: joining nodes
// would make PostgreSQL hash the whole nodes table for a document's few
// hundred quads.
func (s *pgQuadStore) QuadIterator(d quad.Direction, ref cgraph.Ref) cgraph.Iterator {
	h, ok := ref.(csql.NodeHash)
	if !ok || !h.Valid() {
		return s.inner.QuadIterator(d, ref)
	}
	q := "SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads WHERE " + d.String() + "_hash = $1"
	return s.newIterator(s.inner.QuadIterator(d, ref), q, []any{h.ValueHash[:]}, iterQuadHashes)
}

// QuadIteratorSize counts the quads with value ref in direction d.
func (s *pgQuadStore) QuadIteratorSize(ctx context.Context, d quad.Direction, ref cgraph.Ref) (cgraph.Size, error) {
	return s.inner.QuadIteratorSize(ctx, d, ref)
}

// QuadDirection returns the value ref in direction d of a quad ref.
func (s *pgQuadStore) QuadDirection(ref cgraph.Ref, d quad.Direction) cgraph.Ref {
	return s.inner.QuadDirection(ref, d)
}

// NodesAllIterator iterates over all nodes, with their values.
func (s *pgQuadStore) NodesAllIterator() cgraph.Iterator {
	return s.newIterator(s.inner.NodesAllIterator(), "SELECT n.hash, "+nodeCols("n")+" FROM nodes n", nil, iterNodes)
}

// QuadsAllIterator iterates over all quads, with their values.
func (s *pgQuadStore) QuadsAllIterator() cgraph.Iterator {
	return s.newIterator(s.inner.QuadsAllIterator(), quadsQuery, nil, iterQuads)
}

// Stats counts nodes and quads exactly. (cayley's SQL store caches its
// counts and invalidates them only on its own writes.)
func (s *pgQuadStore) Stats(ctx context.Context, exact bool) (cgraph.Stats, error) {
	st := cgraph.Stats{Nodes: cgraph.Size{Exact: true}, Quads: cgraph.Size{Exact: true}}
	err := s.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM quads)").
		Scan(&st.Nodes.Size, &st.Quads.Size)
	if err != nil {
		return cgraph.Stats{}, fmt.Errorf("count quads: %w", pgError(err, s.where))
	}
	return st, nil
}

// NewQuadWriter returns a writer that adds quads in batches, skipping
// quads the store holds (as cayley's writers do).
func (s *pgQuadStore) NewQuadWriter() (quad.WriteCloser, error) {
	return &pgQuadWriter{s: s}, nil
}

// pgQuadWriter adds each batch of quads in one transaction.
type pgQuadWriter struct{ s *pgQuadStore }

func (w *pgQuadWriter) WriteQuad(q quad.Quad) error {
	_, err := w.WriteQuads([]quad.Quad{q})
	return err
}

func (w *pgQuadWriter) WriteQuads(buf []quad.Quad) (int, error) {
	deltas := make([]cgraph.Delta, len(buf))
	for i, q := range buf {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
	}
	if err := w.s.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		return 0, err
	}
	return len(buf), nil
}

func (w *pgQuadWriter) Close() error { return nil }

// Close closes both connection pools.
func (s *pgQuadStore) Close() error {
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.stmtMu.Unlock()
	err1 := s.inner.Close()
	err2 := s.db.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

// OptimizeShape lets cayley's SQL optimizer turn Gizmo's shapes into
// SQL. cayley's Select shapes build their iterators only on cayley's own
// store type, so the selects it returns are wrapped (pgSelect), and
// unwrapped again when a parent shape is optimized.
func (s *pgQuadStore) OptimizeShape(sh shape.Shape) (shape.Shape, bool) {
	out, ok := s.inner.OptimizeShape(unwrapSelects(sh))
	if sel, isSel := out.(csql.Select); ok && isSel {
		return pgSelect{Select: sel, qs: s.inner}, true
	}
	// Not (entirely) SQL: keep the shape as it was, its children already
	// optimized and wrapped.
	return sh, false
}

// pgSelect is a cayley SQL select that builds its iterator on cayley's
// store under a pgQuadStore.
type pgSelect struct {
	csql.Select
	qs *csql.QuadStore
}

// BuildIterator builds the select's iterator on cayley's store.
func (p pgSelect) BuildIterator(cgraph.QuadStore) cgraph.Iterator { return p.qs.NewIterator(p.Select) }

// Optimize leaves an optimized select as it is.
func (p pgSelect) Optimize(shape.Optimizer) (shape.Shape, bool) { return p, false }

// unwrapSelects returns sh with its direct children that are pgSelects
// replaced by their cayley selects, for the shapes cayley's SQL optimizer
// merges with their children.
func unwrapSelects(sh shape.Shape) shape.Shape {
	un := func(c shape.Shape) shape.Shape {
		if p, ok := c.(pgSelect); ok {
			return p.Select
		}
		return c
	}
	switch v := sh.(type) {
	case shape.Filter:
		v.From = un(v.From)
		return v
	case shape.Intersect:
		out := make(shape.Intersect, len(v))
		for i, c := range v {
			out[i] = un(c)
		}
		return out
	case shape.Quads:
		out := make(shape.Quads, len(v))
		for i, f := range v {
			f.Values = un(f.Values)
			out[i] = f
		}
		return out
	case shape.NodesFrom:
		v.Quads = un(v.Quads)
		return v
	case shape.Save:
		v.From = un(v.From)
		return v
	case shape.Page:
		v.From = un(v.From)
		return v
	}
	return sh
}

// nodeValueCols are the value columns of cayley's nodes table.
var nodeValueCols = []string{"value", "value_string", "datatype", "language", "iri", "bnode",
	"value_int", "value_bool", "value_float", "value_time"}

// nodeCols lists the value columns of table alias t.
func nodeCols(t string) string {
	cols := make([]string, len(nodeValueCols))
	for i, c := range nodeValueCols {
		cols[i] = t + "." + c
	}
	return strings.Join(cols, ", ")
}

// quadsQuery reads quads with the values of their four nodes: one query
// instead of cayley's one per quad and value.
var quadsQuery = "SELECT q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash, " +
	nodeCols("s") + ", " + nodeCols("p") + ", " + nodeCols("o") + ", " + nodeCols("l") +
	" FROM quads q JOIN nodes s ON s.hash = q.subject_hash JOIN nodes p ON p.hash = q.predicate_hash" +
	" JOIN nodes o ON o.hash = q.object_hash LEFT JOIN nodes l ON l.hash = q.label_hash"

// nodeRow receives a node's value columns. Its byte slices are the
// driver's (sql.RawBytes): they are valid until the next Scan, and a
// value is decoded (copied) only when needed.
type nodeRow struct {
	data   sql.RawBytes
	str    sql.RawBytes
	typ    sql.RawBytes
	lang   sql.RawBytes
	iri    sql.NullBool
	bnode  sql.NullBool
	vint   sql.NullInt64
	vbool  sql.NullBool
	vfloat sql.NullFloat64
	vtime  sql.NullTime
}

func (r *nodeRow) dest() []any {
	return []any{&r.data, &r.str, &r.typ, &r.lang, &r.iri, &r.bnode, &r.vint, &r.vbool, &r.vfloat, &r.vtime}
}

// value decodes a node as cayley's SQL store does (QuadStore.NameOf).
func (r *nodeRow) value() (quad.Value, error) {
	switch {
	case r.str != nil:
		switch {
		case r.iri.Bool:
			return quad.IRI(r.str), nil
		case r.bnode.Bool:
			return quad.BNode(r.str), nil
		case r.lang != nil:
			return quad.LangString{Value: quad.String(unescapeNull(string(r.str))), Lang: string(r.lang)}, nil
		case r.typ != nil:
			return quad.TypedString{Value: quad.String(unescapeNull(string(r.str))), Type: quad.IRI(r.typ)}, nil
		}
		return quad.String(unescapeNull(string(r.str))), nil
	case r.vint.Valid:
		return quad.Int(r.vint.Int64), nil
	case r.vbool.Valid:
		return quad.Bool(r.vbool.Bool), nil
	case r.vfloat.Valid:
		return quad.Float(r.vfloat.Float64), nil
	case r.vtime.Valid:
		return quad.Time(r.vtime.Time), nil
	case r.data == nil:
		return nil, nil
	}
	v, err := pquads.UnmarshalValue(r.data)
	if err != nil {
		return nil, fmt.Errorf("decode node value: %w", err)
	}
	return v, nil
}

// unescapeNull undoes cayley's escaping of NUL bytes in strings.
func unescapeNull(s string) string {
	if !strings.Contains(s, `\x00`) {
		return s
	}
	return strings.ReplaceAll(s, `\x00`, "\x00")
}

// iterKind is what a pgIterator's query returns.
type iterKind int

const (
	iterQuads      iterKind = iota // quadsQuery rows: four hashes and four nodes' values
	iterQuadHashes                 // four hashes; values are looked up in batches
	iterNodes                      // a hash and its node's values
)

// pgScan runs one query and returns its quads or nodes one by one, their
// values put into the store's cache for Quad and NameOf.
type pgScan struct {
	s     *pgQuadStore
	query string
	args  []any
	kind  iterKind

	rows   *sql.Rows
	res    cgraph.Ref
	err    error
	hashes [4][]byte
	vals   [4]nodeRow
	dest   []any                           // Scan's destinations
	seen   map[cgraph.ValueHash]quad.Value // decoded values, per scan
	buf    []cgraph.QuadHash               // iterQuadHashes: quads read ahead
	pos    int
	done   bool
}

var _ cgraph.Scanner = (*pgScan)(nil)

// pgReadAhead is how many quads an iterQuadHashes scan reads before it
// looks up the values its store's cache lacks.
const pgReadAhead = 512

// fail records err and ends the scan.
func (sc *pgScan) fail(err error) bool {
	sc.err = pgError(err, sc.s.where)
	sc.res = nil
	if sc.rows != nil {
		sc.rows.Close()
	}
	return false
}

// Next advances to the next quad or node.
func (sc *pgScan) Next(ctx context.Context) bool {
	if sc.err != nil || (sc.done && sc.pos == len(sc.buf)) {
		return false
	}
	if sc.rows == nil && !sc.done {
		st, err := sc.s.stmt(ctx, sc.query)
		if err != nil {
			return sc.fail(err)
		}
		rows, err := st.QueryContext(ctx, sc.args...)
		if err != nil {
			return sc.fail(err)
		}
		sc.rows = rows
		sc.seen = map[cgraph.ValueHash]quad.Value{}
	}
	if sc.kind == iterQuadHashes {
		return sc.nextHashes(ctx)
	}
	if !sc.rows.Next() {
		if err := sc.rows.Err(); err != nil {
			return sc.fail(err)
		}
		sc.rows.Close()
		sc.res, sc.done = nil, true
		return false
	}
	n := 4
	if sc.kind == iterNodes {
		n = 1
	}
	if sc.dest == nil {
		for i := 0; i < n; i++ {
			sc.dest = append(sc.dest, (*sql.RawBytes)(&sc.hashes[i]))
		}
		for i := 0; i < n; i++ {
			sc.dest = append(sc.dest, sc.vals[i].dest()...)
		}
	}
	if err := sc.rows.Scan(sc.dest...); err != nil {
		return sc.fail(err)
	}
	var hs [4]cgraph.ValueHash
	for i := 0; i < n; i++ {
		if sc.hashes[i] == nil {
			continue
		}
		copy(hs[i][:], sc.hashes[i])
		v, ok := sc.seen[hs[i]]
		if !ok {
			var err error
			if v, err = sc.vals[i].value(); err != nil {
				return sc.fail(err)
			}
			if len(sc.seen) >= 1<<16 {
				clear(sc.seen)
			}
			sc.seen[hs[i]] = v
		}
		sc.s.cache.put(hs[i], v)
	}
	if sc.kind == iterQuads {
		sc.res = csql.QuadHashes{QuadHash: cgraph.QuadHash{Subject: hs[0], Predicate: hs[1], Object: hs[2], Label: hs[3]}}
	} else {
		sc.res = csql.NodeHash{ValueHash: hs[0]}
	}
	return true
}

// nextHashes serves quads read ahead, reading the next ones (and the
// values the cache lacks) when they are used up.
func (sc *pgScan) nextHashes(ctx context.Context) bool {
	if sc.pos == len(sc.buf) {
		sc.buf, sc.pos = sc.buf[:0], 0
		missing := map[cgraph.ValueHash]bool{}
		for len(sc.buf) < pgReadAhead && sc.rows.Next() {
			if err := sc.rows.Scan(&sc.hashes[0], &sc.hashes[1], &sc.hashes[2], &sc.hashes[3]); err != nil {
				return sc.fail(err)
			}
			var q cgraph.QuadHash
			for i, d := range quad.Directions {
				if sc.hashes[i] == nil {
					continue
				}
				var h cgraph.ValueHash
				copy(h[:], sc.hashes[i])
				q.Set(d, h)
				if _, ok := sc.s.cache.get(h); !ok {
					missing[h] = true
				}
			}
			sc.buf = append(sc.buf, q)
		}
		if err := sc.rows.Err(); err != nil {
			return sc.fail(err)
		}
		if len(sc.buf) < pgReadAhead {
			sc.rows.Close()
			sc.done = true
		}
		if len(missing) > 0 {
			if err := sc.s.fetchValues(ctx, slices.Collect(maps.Keys(missing))); err != nil {
				return sc.fail(err)
			}
		}
		if len(sc.buf) == 0 {
			sc.res = nil
			return false
		}
	}
	sc.res = csql.QuadHashes{QuadHash: sc.buf[sc.pos]}
	sc.pos++
	return true
}

// Result returns the current quad or node.
func (sc *pgScan) Result() cgraph.Ref { return sc.res }

// NextPath reports whether the current result has another path: never
// for the plain sets of quads and nodes a scan reads.
func (sc *pgScan) NextPath(context.Context) bool { return false }

// TagResults adds no tags: a scan has none.
func (sc *pgScan) TagResults(map[string]cgraph.Ref) {}

// Err returns the first error.
func (sc *pgScan) Err() error { return sc.err }

// String describes the scan.
func (sc *pgScan) String() string { return "newsgraph postgres scan: " + sc.query }

// Close closes the query.
func (sc *pgScan) Close() error {
	if sc.rows != nil {
		sc.rows.Close()
		sc.rows = nil
	}
	return nil
}

// reset starts the scan over.
func (sc *pgScan) reset() {
	sc.Close()
	sc.res, sc.err = nil, nil
	sc.buf, sc.pos, sc.done = sc.buf[:0], 0, false
}

// pgIterator is a legacy cayley iterator whose Next results come from a
// pgScan, and everything else, such as Contains and sizes, from cayley's
// iterator over the same set. As a shape (AsShape, used by cayley's newer
// iterators) it gives scans and cayley's lookups separately.
type pgIterator struct {
	cgraph.Iterator // cayley's iterator over the same set
	scan            *pgScan
	useInner        bool // the last result came from the inner iterator
}

var _ cgraph.IteratorFuture = (*pgIterator)(nil)

func (s *pgQuadStore) newIterator(inner cgraph.Iterator, query string, args []any, kind iterKind) *pgIterator {
	return &pgIterator{Iterator: inner, scan: &pgScan{s: s, query: query, args: args, kind: kind}}
}

// Next advances to the next quad or node.
func (it *pgIterator) Next(ctx context.Context) bool {
	it.useInner = false
	return it.scan.Next(ctx)
}

// Result returns the current quad or node.
func (it *pgIterator) Result() cgraph.Ref {
	if it.useInner {
		return it.Iterator.Result()
	}
	return it.scan.Result()
}

// NextPath reports whether the current result has another path.
func (it *pgIterator) NextPath(ctx context.Context) bool {
	if it.useInner {
		return it.Iterator.NextPath(ctx)
	}
	return false
}

// Contains reports whether the set holds v (asking cayley's iterator).
func (it *pgIterator) Contains(ctx context.Context, v cgraph.Ref) bool {
	it.useInner = true
	return it.Iterator.Contains(ctx, v)
}

// Err returns the first error.
func (it *pgIterator) Err() error {
	if err := it.scan.Err(); err != nil {
		return err
	}
	return it.Iterator.Err()
}

// Reset starts over.
func (it *pgIterator) Reset() {
	it.scan.reset()
	it.useInner = false
	it.Iterator.Reset()
}

// Optimize keeps the iterator.
func (it *pgIterator) Optimize() (cgraph.Iterator, bool) { return it, false }

// SubIterators returns none.
func (it *pgIterator) SubIterators() []cgraph.Iterator { return nil }

// Close closes the query and cayley's iterator.
func (it *pgIterator) Close() error {
	it.scan.Close()
	return it.Iterator.Close()
}

// AsShape returns the iterator as a shape whose scans are pgScans and
// whose lookups are cayley's.
func (it *pgIterator) AsShape() cgraph.IteratorShape {
	it.scan.Close()
	return &pgShape{proto: *it.scan, inner: cgraph.AsShape(it.Iterator)}
}

// pgShape is a set of quads or nodes as a cayley iterator shape.
type pgShape struct {
	proto pgScan // the query of every scan
	inner cgraph.IteratorShape
}

var _ cgraph.IteratorShape = (*pgShape)(nil)

// Iterate returns a new scan.
func (p *pgShape) Iterate() cgraph.Scanner {
	return &pgScan{s: p.proto.s, query: p.proto.query, args: p.proto.args, kind: p.proto.kind}
}

// Lookup returns cayley's index over the set.
func (p *pgShape) Lookup() cgraph.Index { return p.inner.Lookup() }

// Stats returns cayley's costs.
func (p *pgShape) Stats(ctx context.Context) (cgraph.IteratorCosts, error) { return p.inner.Stats(ctx) }

// Optimize keeps the shape.
func (p *pgShape) Optimize(context.Context) (cgraph.IteratorShape, bool) { return p, false }

// SubIterators returns none.
func (p *pgShape) SubIterators() []cgraph.IteratorShape { return nil }

// String describes the shape.
func (p *pgShape) String() string { return p.proto.String() }

// valueCache maps node hashes to values, keeping about the last 2*max
// entries (two generations: a full one becomes the old one).
type valueCache struct {
	mu       sync.Mutex
	max      int
	cur, old map[cgraph.ValueHash]quad.Value
}

func newValueCache(max int) *valueCache {
	return &valueCache{max: max, cur: map[cgraph.ValueHash]quad.Value{}}
}

func (c *valueCache) get(h cgraph.ValueHash) (quad.Value, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[h]; ok {
		return v, true
	}
	v, ok := c.old[h]
	if ok {
		c.putLocked(h, v)
	}
	return v, ok
}

func (c *valueCache) put(h cgraph.ValueHash, v quad.Value) {
	c.mu.Lock()
	c.putLocked(h, v)
	c.mu.Unlock()
}

func (c *valueCache) putLocked(h cgraph.ValueHash, v quad.Value) {
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[cgraph.ValueHash]quad.Value, c.max)
	}
	c.cur[h] = v
}

// refMismatches returns the nodes (at most 100) whose reference count is
// not the number of quad directions using them, such as "<iri>: refs 3,
// used 2"; orphan nodes count as used 0 times.
func (s *pgQuadStore) refMismatches(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `WITH uses AS (
	SELECT h, count(*) AS n FROM (
		SELECT subject_hash AS h FROM quads
		UNION ALL SELECT predicate_hash FROM quads
		UNION ALL SELECT object_hash FROM quads
		UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL) u
	GROUP BY h)
SELECT coalesce(n.hash, u.h), coalesce(n.refs, 0), coalesce(u.n, 0)
FROM nodes n FULL JOIN uses u ON u.h = n.hash
WHERE n.refs IS DISTINCT FROM u.n
LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("count references: %w", pgError(err, s.where))
	}
	defer rows.Close()
	type bad struct {
		h          cgraph.ValueHash
		refs, used int64
	}
	var found []bad
	for rows.Next() {
		var hb []byte
		var b bad
		if err := rows.Scan(&hb, &b.refs, &b.used); err != nil {
			return nil, fmt.Errorf("count references: %w", err)
		}
		copy(b.h[:], hb)
		found = append(found, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count references: %w", pgError(err, s.where))
	}
	out := make([]string, len(found))
	for i, b := range found {
		name := b.h.String()
		if v, err := s.fetchValue(ctx, b.h); err == nil && v != nil {
			name = v.String()
		}
		out[i] = fmt.Sprintf("%s: refs %d, used %d", name, b.refs, b.used)
	}
	return out, nil
}

// counts returns the figures of Store.Stats with three counting queries
// instead of reading every quad: the quads, the nodes, and the distinct
// labels (documents).
func (s *pgQuadStore) counts(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM quads), (SELECT count(*) FROM nodes),
	(SELECT count(DISTINCT label_hash) FROM quads)`).Scan(&st.Quads, &st.Nodes, &st.Documents)
	if err != nil {
		return Stats{}, fmt.Errorf("count quads: %w", pgError(err, s.where))
	}
	return st, nil
}

// quadsWithPredicates calls fn with every quad whose predicate is one of
// preds, in one query.
func (s *pgQuadStore) quadsWithPredicates(ctx context.Context, preds []quad.IRI, fn func(quad.Quad)) error {
	hashes := make([][]byte, len(preds))
	for i, p := range preds {
		h := cgraph.HashOf(p)
		hashes[i] = h[:]
	}
	rows, err := s.db.QueryContext(ctx, quadsQuery+" WHERE q.predicate_hash = ANY($1)", pq.ByteaArray(hashes))
	if err != nil {
		return fmt.Errorf("read quads: %w", pgError(err, s.where))
	}
	qs, err := scanQuads(rows)
	if err != nil {
		return fmt.Errorf("read quads: %w", pgError(err, s.where))
	}
	for _, q := range qs {
		fn(q)
	}
	return nil
}
