package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/newsgraph/newsgraph/extract"
	bolt "go.etcd.io/bbolt"
)

// [Store.Index] reads every quad of the store: fine for a few thousand
// documents, minutes and gigabytes for a hundred thousand. ShowIndex and
// PathIndex answer `query show`, `sources` and `path` from the quads the
// answer needs only, found through cayley's indexes (subject-predicate and
// object-predicate-subject), and return an ordinary [Index] over them: the
// Index methods give the same answers on it as on the whole store.
//
// Names are looked up as given, in lower and upper case and capitalised,
// among labels, aliases and ISO codes; a name found only by the other
// matches of [Index.Resolve] (accents, hyphens, spacing, words of a longer
// name) falls back to reading the whole store. The quick lookup can miss
// an entity whose name differs from the one found only in such ways, so
// it may pick one where the whole index would report an ambiguity.

// storeReader looks quads up through cayley's indexes for one query, in
// one bbolt read transaction. It reads cayley v0.7.7's key-value layout
// directly, which is much faster than a cayley iterator per lookup (a
// transaction, a cursor and a batch read each): the index buckets "sp" and
// "ops" map the node IDs of a quad's subject and predicate (object,
// predicate and subject), as 8-byte big-endian numbers, to the IDs of the
// quads, uvarints one after the other (deleted quads stay listed); the
// bucket "log" maps an ID to its node or quad (proto.Primitive); the
// buckets "v" + two bytes map a value's hash to its node ID (nodeRefs).
type storeReader struct {
	ctx context.Context
	s   *Store
	tx  *bolt.Tx
	log *bolt.Bucket // the "log" bucket, nil if there is none
	// buckets caches the index buckets by name: looking a bucket up for
	// every quad took a sixth of a query's time.
	buckets map[string]*bolt.Bucket
	vals    map[uint64]quad.Value
	ids     map[quad.Value]uint64
	// out collects the quads of the answer, without duplicates.
	out  []quad.Quad
	seen map[uint64]bool
	// typed holds the nodes a type quad of which was kept.
	typed map[uint64]bool
	err   error
	f     *fastReader
}

// The index buckets.
var (
	indexSP  = []byte("sp")
	indexOPS = []byte("ops")
	logBkt   = []byte("log")
)

// reader starts a storeReader; ok is false for stores it cannot read
// (not the embedded one). Close it. The caller holds s.mu until then.
func (s *Store) reader(ctx context.Context) (*storeReader, bool, error) {
	if s.db == nil {
		return nil, false, nil
	}
	tx, err := s.db.Bolt().Begin(false)
	if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", s.path, err)
	}
	return &storeReader{ctx: ctx, s: s, tx: tx, log: tx.Bucket(logBkt), buckets: map[string]*bolt.Bucket{},
		vals: map[uint64]quad.Value{}, ids: map[quad.Value]uint64{}, seen: map[uint64]bool{}, typed: map[uint64]bool{}}, true, nil
}

func (r *storeReader) close() { r.tx.Rollback() }

// bucket returns the bucket named name, nil if there is none.
func (r *storeReader) bucket(name []byte) *bolt.Bucket {
	b, ok := r.buckets[string(name)]
	if !ok {
		b = r.tx.Bucket(name)
		r.buckets[string(name)] = b
	}
	return b
}

// id returns the node ID of v, 0 when the store does not hold it.
func (r *storeReader) id(v quad.Value) uint64 {
	if id, ok := r.ids[v]; ok {
		return id
	}
	var id uint64
	h := cgraph.HashOf(v)
	if b := r.tx.Bucket([]byte{'v', h[0], h[1]}); b != nil {
		if x, n := binary.Uvarint(b.Get(h[:])); n > 0 {
			id = x
		}
	}
	r.ids[v] = id
	if id != 0 {
		r.vals[id] = v
	}
	return id
}

// prim returns the node or quad with the given ID, nil if there is none.
func (r *storeReader) prim(id uint64) *proto.Primitive {
	if r.log == nil {
		return nil
	}
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], id)
	v := r.log.Get(k[:])
	if v == nil {
		return nil
	}
	var p proto.Primitive
	if err := p.Unmarshal(v); err != nil {
		r.fail(err)
		return nil
	}
	return &p
}

// value returns the value of node id.
func (r *storeReader) value(id uint64) quad.Value {
	if v, ok := r.vals[id]; ok {
		return v
	}
	var v quad.Value
	if p := r.prim(id); p != nil && p.IsNode() {
		var err error
		if v, err = pquads.UnmarshalValue(p.Value); err != nil {
			r.fail(err)
		}
	}
	r.vals[id] = v
	if v != nil {
		r.ids[v] = id
	}
	return v
}

func (r *storeReader) fail(err error) {
	if r.err == nil {
		r.err = fmt.Errorf("read %s: %w", r.s.path, err)
	}
}

// scan returns the live quads listed under the keys of an index bucket
// that start with the given node IDs, in key order.
func (r *storeReader) scan(ind []byte, ids ...uint64) []*proto.Primitive {
	return r.scanN(ind, 0, ids...)
}

// scanN is scan stopping after max quads (0: all).
func (r *storeReader) scanN(ind []byte, max int, ids ...uint64) []*proto.Primitive {
	prefix := make([]byte, 8*len(ids))
	for i, id := range ids {
		if id == 0 {
			return nil
		}
		binary.BigEndian.PutUint64(prefix[8*i:], id)
	}
	b := r.bucket(ind)
	if b == nil {
		return nil
	}
	var out []*proto.Primitive
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		for len(v) > 0 {
			id, n := binary.Uvarint(v)
			if n <= 0 {
				r.fail(fmt.Errorf("bad index entry in %s", ind))
				return out
			}
			v = v[n:]
			if p := r.prim(id); p != nil && !p.Deleted && !p.IsNode() {
				out = append(out, p)
				if max > 0 && len(out) >= max {
					return out
				}
			}
		}
	}
	return out
}

// bySubject returns the quads with subject s (and predicate p, if given).
func (r *storeReader) bySubject(s quad.Value, p ...quad.IRI) []*proto.Primitive {
	ids := []uint64{r.id(s)}
	for _, x := range p {
		ids = append(ids, r.id(x))
	}
	return r.scan(indexSP, ids...)
}

// byObject returns the quads with object o and predicate p.
func (r *storeReader) byObject(o quad.Value, p quad.IRI) []*proto.Primitive {
	return r.scan(indexOPS, r.id(o), r.id(p))
}

func (r *storeReader) quad(p *proto.Primitive) quad.Quad {
	return quad.Quad{Subject: r.value(p.Subject), Predicate: r.value(p.Predicate), Object: r.value(p.Object), Label: r.value(p.Label)}
}

// keep adds quads to the answer.
func (r *storeReader) keep(ps []*proto.Primitive) {
	for _, p := range ps {
		if !r.seen[p.ID] {
			r.seen[p.ID] = true
			r.out = append(r.out, r.quad(p))
		}
	}
}

func (r *storeReader) iri(id uint64) quad.IRI {
	v, _ := r.value(id).(quad.IRI)
	return v
}

// names returns what Index.Resolve matches an entity by: the label the
// whole index shows (the greatest, as quads sort), its ISO code and
// aliases.
func (r *fastReader) names(e quad.IRI) (label, iso string, aliases []string) {
	var labels []string
	for _, v := range r.objectValues(e, rdfsLabel) {
		labels = append(labels, literal(v))
	}
	for _, l := range labels {
		if quad.String(l).String() > quad.String(label).String() || label == "" {
			label = l
		}
	}
	if label == "" {
		label = string(e)
	}
	for _, v := range r.objectValues(e, ngISOCode) {
		if c := literal(v); c > iso {
			iso = c
		}
	}
	for _, v := range r.objectValues(e, schemaAltName) {
		aliases = append(aliases, literal(v))
	}
	return label, iso, aliases
}

// isEntity reports whether the store holds iri as an entity (a typed
// node or one documents mention).
func (r *fastReader) isEntity(iri quad.IRI) bool {
	for _, v := range r.objectValues(iri, rdfType) {
		if o, ok := v.(quad.IRI); ok {
			if _, ok := TypeOf(o); ok {
				return true
			}
		}
	}
	return len(r.live(indexOPS, r.id(iri), r.id(schemaMentions))) > 0
}

// resolve finds the entities name denotes as Index.Resolve would, by the
// quick lookup; ok is false when it cannot tell.
func (r *fastReader) resolve(name string) (found []quad.IRI, ok bool) {
	iri := quad.IRI(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(name), "<"), ">"))
	if r.id(iri) != 0 && r.isEntity(iri) {
		return []quad.IRI{iri}, true
	}
	key := extract.Fold(name)
	if key == "" {
		return nil, false
	}
	t := strings.TrimSpace(name)
	variants := []string{t, strings.ToLower(t), strings.ToUpper(t), titleWords(t)}
	cands := map[quad.IRI]bool{}
	for i, v := range variants {
		if i > 0 && v == variants[0] {
			continue
		}
		lit := quad.String(v)
		if r.id(lit) == 0 {
			continue
		}
		for _, p := range []quad.IRI{rdfsLabel, schemaAltName, ngISOCode} {
			for _, id := range r.live(indexOPS, r.id(lit), r.id(p)) {
				if s := r.iri(r.recs[id].s); s != "" {
					cands[s] = true
				}
			}
		}
	}
	var tiers [3][]quad.IRI
	compact := strings.ReplaceAll(key, " ", "")
	for c := range cands {
		label, iso, aliases := r.names(c)
		switch {
		case extract.Fold(label) == key || iso != "" && extract.Fold(iso) == key:
			tiers[0] = append(tiers[0], c)
		case anyFolds(aliases, key):
			tiers[1] = append(tiers[1], c)
		default:
			names := append([]string{label, iso}, aliases...)
			for _, n := range names {
				if n != "" && strings.ReplaceAll(extract.Fold(n), " ", "") == compact {
					tiers[2] = append(tiers[2], c)
					break
				}
			}
		}
	}
	for _, tier := range tiers {
		if len(tier) > 0 {
			sort.Slice(tier, func(i, j int) bool { return tier[i] < tier[j] })
			return tier, r.err == nil
		}
	}
	return nil, false
}

func anyFolds(names []string, key string) bool {
	for _, n := range names {
		if extract.Fold(n) == key {
			return true
		}
	}
	return false
}

// titleWords capitalises the first letter of each word.
func titleWords(s string) string {
	f := strings.Fields(strings.ToLower(s))
	for i, w := range f {
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		f[i] = string(r)
	}
	return strings.Join(f, " ")
}

// describe keeps what Index needs to show an entity by reference: its
// type and its labels.
func (r *storeReader) describe(e quad.IRI) {
	r.keep(r.bySubject(e, rdfType))
	r.keep(r.bySubject(e, rdfsLabel))
}

// describeFully keeps every quad with e as subject: names, aliases,
// sameAs, ISO code and its direct edges, and a type of each entity these
// point to (Subgraph leaves out links to entities outside the answer).
func (r *storeReader) describeFully(e quad.IRI) {
	ps := r.bySubject(e)
	r.keep(ps)
	typ := r.id(rdfType)
	for _, p := range ps {
		if _, ok := r.value(p.Object).(quad.IRI); ok && !r.typed[p.Object] {
			r.typed[p.Object] = true
			r.keep(r.first(indexSP, p.Object, typ))
		}
	}
}

// first returns the first live quad of an index entry prefix, if any.
func (r *storeReader) first(ind []byte, ids ...uint64) []*proto.Primitive {
	return r.scanN(ind, 1, ids...)
}

// statements returns the statements with e as subject or object.
func (r *storeReader) statements(e quad.IRI) []quad.IRI {
	var out []quad.IRI
	for _, p := range []quad.IRI{ngSubject, ngObject} {
		for _, q := range r.byObject(e, p) {
			out = append(out, r.iri(q.Subject))
		}
	}
	return out
}

// keepStatement keeps a statement's quads and returns its ends and
// document.
func (r *storeReader) keepStatement(st quad.IRI) (s, o, doc quad.IRI) {
	ps := r.bySubject(st)
	r.keep(ps)
	for _, p := range ps {
		switch r.value(p.Predicate) {
		case ngSubject:
			s = r.iri(p.Object)
		case ngObject:
			o = r.iri(p.Object)
		case provDerived:
			doc = r.iri(p.Object)
		}
	}
	return s, o, doc
}

// keepDoc keeps a document's quads but its mentions of entities other
// than those named.
func (r *storeReader) keepDoc(d quad.IRI, ents map[quad.IRI]bool) {
	for _, p := range r.bySubject(d) {
		if r.value(p.Predicate) == schemaMentions && !ents[r.iri(p.Object)] {
			continue
		}
		r.keep([]*proto.Primitive{p})
	}
}

// ShowOptions say what [Store.ShowIndex] reads besides what Resolve, Show
// and Sources need.
type ShowOptions struct {
	// Subgraph: also what Subgraph needs for the answer of Show (for
	// --export): every quad about the entities the facts connect the
	// entity with.
	Subgraph bool
	// Rows, when positive, is how many of the facts and of the sources
	// will be shown (a table cut by --limit): of those after them in the
	// order of Show and Sources, it reads only what orders and counts
	// them; their other fields (evidence, title, the statement's IRI ...)
	// are left empty or hold a placeholder. Subgraph reads them all.
	Rows int
}

// ShowIndex returns an Index that answers Resolve, Show and Sources for
// name as the whole store's index does (see above), reading only the
// quads those answers need (see [ShowOptions]). Names it cannot look up
// quickly make it read the whole store ([Store.Index]).
func (s *Store) ShowIndex(ctx context.Context, name string, opt ShowOptions) (*Index, error) {
	if err := s.rlock(); err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	r, ok, err := s.reader(ctx)
	if err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return s.index(ctx)
	}
	defer r.close()
	found, ok := r.fast().resolve(name)
	if !ok || r.resolved(found...) {
		if r.err != nil {
			return nil, r.err
		}
		return s.index(ctx)
	}
	subgraph := opt.Subgraph
	if !subgraph {
		ix, err := r.fast().showFast(found, opt.Rows)
		if err == nil && r.touchesMerged(ix) {
			return s.index(ctx)
		}
		return ix, err
	}
	for _, e := range found {
		r.describeFully(e)
	}
	if len(found) == 1 {
		e := found[0]
		ents := map[quad.IRI]bool{e: true}
		docs := map[quad.IRI]bool{}
		for _, p := range r.byObject(e, schemaMentions) {
			docs[r.iri(p.Subject)] = true
		}
		for _, st := range r.statements(e) {
			sub, obj, d := r.keepStatement(st)
			for _, x := range []quad.IRI{sub, obj} {
				if x != "" && !ents[x] {
					ents[x] = true
					if subgraph {
						r.describeFully(x)
					} else {
						r.describe(x)
					}
				}
			}
			if d != "" {
				docs[d] = true
			}
		}
		for d := range docs {
			r.keepDoc(d, ents)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	ix := NewIndex(sortedCopy(r.out))
	if r.touchesMerged(ix) {
		return s.index(ctx)
	}
	return ix, ctx.Err()
}

// touchesMerged reports whether an answer read through the quick lookups
// names a node that cross-document resolution merged (or merged others
// into): the whole store's index shows it under another name or with
// more facts.
func (r *storeReader) touchesMerged(ix *Index) bool {
	for iri := range ix.model.Nodes {
		if r.merged(iri) {
			return true
		}
	}
	return false
}

// resolved reports whether any of the entities takes part in a
// cross-document merge or has people affiliated with it: their answers
// gather facts of other nodes, which the quick lookups do not follow, so
// they come from the whole store's index.
func (r *storeReader) resolved(ents ...quad.IRI) bool {
	aff := Predicate(extract.AffiliatedWith)
	hasAff := r.id(aff) != 0
	for _, e := range ents {
		if r.merged(e) || hasAff && len(r.byObject(e, aff)) > 0 {
			return true
		}
	}
	return false
}

// merged reports whether cross-document resolution merged the entity
// into another or others into it.
func (r *storeReader) merged(e quad.IRI) bool {
	return r.id(ngSameAs) != 0 && (len(r.bySubject(e, ngSameAs)) > 0 || len(r.byObject(e, ngSameAs)) > 0)
}

// neighbors returns the entities one fact away from n, sorted as
// Index.neighbors sorts them.
func (r *storeReader) neighbors(n quad.IRI, cache map[quad.IRI][]quad.IRI) []quad.IRI {
	if nb, ok := cache[n]; ok {
		return nb
	}
	var out []quad.IRI
	add := func(x quad.IRI) {
		if x == "" {
			return
		}
		for _, y := range out {
			if y == x {
				return
			}
		}
		out = append(out, x)
	}
	for _, q := range r.byObject(n, ngSubject) {
		for _, o := range r.scan(indexSP, q.Subject, r.id(ngObject)) {
			add(r.iri(o.Object))
		}
	}
	for _, q := range r.byObject(n, ngObject) {
		for _, s := range r.scan(indexSP, q.Subject, r.id(ngSubject)) {
			add(r.iri(s.Object))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	cache[n] = out
	return out
}

// PathIndex returns an Index that answers Resolve for both names and Path
// between the entities they denote as the whole store's index does,
// reading only the facts on the way (a breadth-first search through the
// store's indexes in the order Index.Path takes); with subgraph set also
// Subgraph. Names it cannot look up quickly make it read the whole store
// ([Store.Index]).
func (s *Store) PathIndex(ctx context.Context, from, to string, subgraph bool) (*Index, error) {
	if err := s.rlock(); err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	defer s.mu.RUnlock()
	r, ok, err := s.reader(ctx)
	if err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return s.index(ctx)
	}
	defer r.close()
	f := r.fast()
	a, okA := f.resolve(from)
	b, okB := f.resolve(to)
	if !okA || !okB || r.id(ngSameAs) != 0 {
		if r.err != nil {
			return nil, r.err
		}
		return s.index(ctx)
	}
	if !subgraph {
		return f.pathFast(a, b)
	}
	for _, e := range append(append([]quad.IRI{}, a...), b...) {
		r.describeFully(e)
	}
	if len(a) == 1 && len(b) == 1 && a[0] != b[0] {
		if chain := r.path(a[0], b[0]); chain != nil {
			ents := map[quad.IRI]bool{}
			for _, n := range chain {
				ents[n] = true
			}
			docs := map[quad.IRI]bool{}
			for i := 0; i+1 < len(chain); i++ {
				x, y := chain[i], chain[i+1]
				for _, n := range []quad.IRI{x, y} {
					if subgraph {
						r.describeFully(n)
					} else {
						r.describe(n)
					}
				}
				for _, st := range r.statements(x) {
					// Only the statements between x and y.
					var sub, obj quad.IRI
					for _, q := range r.bySubject(st, ngSubject) {
						sub = r.iri(q.Object)
					}
					for _, q := range r.bySubject(st, ngObject) {
						obj = r.iri(q.Object)
					}
					if sub == x && obj == y || sub == y && obj == x {
						if _, _, d := r.keepStatement(st); d != "" {
							docs[d] = true
						}
					}
				}
			}
			for d := range docs {
				r.keepDoc(d, ents)
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return NewIndex(sortedCopy(r.out)), ctx.Err()
}

// path is Index.Path's breadth-first search on the store: the chain of
// entities from a to b, nil when none connects them.
func (r *storeReader) path(a, b quad.IRI) []quad.IRI {
	cache := map[quad.IRI][]quad.IRI{}
	return r.bfs(a, b, func(n quad.IRI) []quad.IRI { return r.neighbors(n, cache) })
}

// bfs is Index.Path's breadth-first search with the given neighbours.
func (r *storeReader) bfs(a, b quad.IRI, neighbors func(quad.IRI) []quad.IRI) []quad.IRI {
	prev := map[quad.IRI]quad.IRI{a: ""}
	frontier := []quad.IRI{a}
	for len(frontier) > 0 && r.err == nil && r.ctx.Err() == nil {
		var next []quad.IRI
		for _, n := range frontier {
			for _, m := range neighbors(n) {
				if _, ok := prev[m]; ok {
					continue
				}
				prev[m] = n
				if m == b {
					var chain []quad.IRI
					for x := b; x != a; x = prev[x] {
						chain = append(chain, x)
					}
					chain = append(chain, a)
					for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
						chain[i], chain[j] = chain[j], chain[i]
					}
					return chain
				}
				next = append(next, m)
			}
		}
		frontier = next
	}
	return nil
}

func sortedCopy(qs []quad.Quad) []quad.Quad {
	out := append([]quad.Quad(nil), qs...)
	SortQuads(out)
	return out
}

// The answers of show and path without --export read less than the
// functions above, which keep every copy of every quad they touch (the
// subgraph --export writes needs them all):
//
//   - an entity's description is written again by every document that
//     mentions it (the same type, label and sameAs quads under another
//     label), so a much mentioned entity has thousands of copies; the
//     model needs one quad per distinct object, which the object-predicate-
//     subject index gives without reading the copies (distinct);
//   - of a document only its header, which sources show, not its mentions;
//   - of the entity shown only its names, not its direct edges;
//   - quads and nodes are read from the log in ID order with one cursor
//     (the quads of a document are written together, so neighbours are
//     mostly on the same page), and index entries likewise;
//   - the quads are not sorted as a whole: the model takes the last of
//     several values of a single-valued predicate, so only the quads of one
//     subject and predicate need to be in order among themselves;
//   - with ShowOptions.Rows, of the facts and sources after the first rows
//     only what orders and counts them (see showFast).
//
// What remains grows with the entity's facts and sources: cayley gives the
// new nodes of a write (statements, literals, documents) IDs in the order
// of their hashes, so each statement's index entry, each evidence
// sentence, each statement IRI and each document's identifier and title
// lies on a page of its own, and each of those pages is a page fault in a
// fresh process.

// rec is a quad of the log by the node IDs of its directions.
type rec struct {
	s, p, o, l uint64
	live       bool
}

// fastReader holds what the quick answers read: quads by ID, and the
// distinct quads kept for the answer, grouped by subject and predicate.
type fastReader struct {
	*storeReader
	recs map[uint64]rec
	// groups lists the kept quads: IDs of quads with one subject and
	// predicate each, in the order they were kept.
	groups [][]uint64
	// kept holds the subject, predicate and object of every kept quad.
	kept map[[3]uint64]bool
	// lazy holds the nodes whose values are not read: the index has
	// placeholders for them.
	lazy map[uint64]bool
}

// fast returns the reader's fastReader.
func (r *storeReader) fast() *fastReader {
	if r.f == nil {
		r.f = &fastReader{storeReader: r, recs: make(map[uint64]rec, 4096), kept: make(map[[3]uint64]bool, 1024)}
	}
	return r.f
}

// nearIDs is how far ahead of the cursor sweep steps with Next rather than
// seeking.
const nearIDs = 64

// sweep calls fn with the log record of each of ids that exists, in ID
// order, reading with one cursor. It sorts ids.
func (r *fastReader) sweep(ids []uint64, fn func(id uint64, v []byte)) {
	if r.log == nil || len(ids) == 0 {
		return
	}
	slices.Sort(ids)
	c := r.log.Cursor()
	var k, v []byte
	var cur uint64
	var key [8]byte
	for i, id := range ids {
		if i > 0 && id == ids[i-1] {
			continue
		}
		if k != nil && cur < id && id-cur <= nearIDs {
			for k != nil && cur < id {
				if k, v = c.Next(); k != nil {
					cur = binary.BigEndian.Uint64(k)
				}
			}
		} else if k == nil || cur != id {
			binary.BigEndian.PutUint64(key[:], id)
			if k, v = c.Seek(key[:]); k != nil {
				cur = binary.BigEndian.Uint64(k)
			}
		}
		if k != nil && cur == id && len(k) == 8 {
			fn(id, v)
		}
	}
}

// load reads the quads of ids that are not read yet.
func (r *fastReader) load(ids []uint64) {
	var want []uint64
	for _, id := range ids {
		if _, ok := r.recs[id]; !ok {
			want = append(want, id)
		}
	}
	r.sweep(want, func(id uint64, v []byte) {
		var p proto.Primitive
		if err := p.Unmarshal(v); err != nil {
			r.fail(err)
			return
		}
		if p.IsNode() {
			return
		}
		r.recs[id] = rec{s: p.Subject, p: p.Predicate, o: p.Object, l: p.Label, live: !p.Deleted}
	})
}

// loadValues reads the values of the nodes of ids not read yet.
func (r *fastReader) loadValues(ids []uint64) {
	var want []uint64
	for _, id := range ids {
		if _, ok := r.vals[id]; !ok && id != 0 {
			want = append(want, id)
		}
	}
	r.sweep(want, func(id uint64, b []byte) {
		var p proto.Primitive
		if err := p.Unmarshal(b); err != nil {
			r.fail(err)
			return
		}
		var v quad.Value
		if p.IsNode() {
			var err error
			if v, err = pquads.UnmarshalValue(p.Value); err != nil {
				r.fail(err)
			}
		}
		r.vals[id] = v
		if v != nil {
			r.ids[v] = id
		}
	})
	for _, id := range want {
		if _, ok := r.vals[id]; !ok {
			r.vals[id] = nil
		}
	}
}

// uvarints decodes an index entry: the IDs of quads.
func (r *fastReader) uvarints(ind, v []byte) []uint64 {
	out := make([]uint64, 0, len(v)/3+1)
	for len(v) > 0 {
		id, n := binary.Uvarint(v)
		if n <= 0 {
			r.fail(fmt.Errorf("bad index entry in %s", ind))
			return out
		}
		out = append(out, id)
		v = v[n:]
	}
	return out
}

// entries calls fn for each key of index ind that starts with the given
// node IDs, with the IDs the key holds after them and the quads listed.
func (r *fastReader) entries(ind []byte, fn func(rest []byte, quads []uint64), ids ...uint64) {
	prefix := make([]byte, 8*len(ids))
	for i, id := range ids {
		if id == 0 {
			return
		}
		binary.BigEndian.PutUint64(prefix[8*i:], id)
	}
	b := r.bucket(ind)
	if b == nil {
		return
	}
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		fn(k[len(prefix):], r.uvarints(ind, v))
	}
}

// entry returns the quads listed under the exact key of the given node IDs.
func (r *fastReader) entry(ind []byte, ids ...uint64) []uint64 {
	var k []byte
	for _, id := range ids {
		k = binary.BigEndian.AppendUint64(k, id)
	}
	b := r.bucket(ind)
	if b == nil {
		return nil
	}
	return r.uvarints(ind, b.Get(k))
}

// bySubjects calls fn for each key of the subject-predicate index of each
// of subjects (sorted in place), with the predicate and the quads listed,
// reading with one cursor.
func (r *fastReader) bySubjects(subjects []uint64, fn func(s, p uint64, quads []uint64)) {
	b := r.bucket(indexSP)
	if b == nil || len(subjects) == 0 {
		return
	}
	slices.Sort(subjects)
	c := b.Cursor()
	var k, v []byte
	var key [8]byte
	for i, s := range subjects {
		if i > 0 && s == subjects[i-1] || s == 0 {
			continue
		}
		if len(k) != 16 || binary.BigEndian.Uint64(k) != s {
			binary.BigEndian.PutUint64(key[:], s)
			k, v = c.Seek(key[:])
		}
		for ; len(k) == 16 && binary.BigEndian.Uint64(k) == s; k, v = c.Next() {
			fn(s, binary.BigEndian.Uint64(k[8:]), r.uvarints(indexSP, v))
		}
	}
}

// keepGroup keeps the live quads among ids (all with subject s and
// predicate p), one for each distinct object.
func (r *fastReader) keepGroup(s, p uint64, ids []uint64) {
	var g []uint64
	for _, id := range ids {
		q, ok := r.recs[id]
		if !ok || !q.live || q.s != s || q.p != p {
			continue
		}
		k := [3]uint64{q.s, q.p, q.o}
		if !r.kept[k] {
			r.kept[k] = true
			g = append(g, id)
		}
	}
	if len(g) > 0 {
		r.groups = append(r.groups, g)
	}
}

// distinct keeps, of the quads ids with subject s and predicate p, one live
// quad for each distinct object. The quads that share an object are listed
// together under one key of the object-predicate-subject index: reading
// the first live one of them stands for all.
func (r *fastReader) distinct(s, p uint64, ids []uint64) {
	var g []uint64
	for _, id := range r.objects(s, p, ids) {
		if k := [3]uint64{s, p, r.recs[id].o}; !r.kept[k] {
			r.kept[k] = true
			g = append(g, id)
		}
	}
	if len(g) > 0 {
		r.groups = append(r.groups, g)
	}
}

// objects returns, of the quads ids with subject s and predicate p, one
// live quad for each distinct object, in the order of the first quad of
// each object.
func (r *fastReader) objects(s, p uint64, ids []uint64) []uint64 {
	rem := slices.Clone(ids)
	slices.Sort(rem)
	rem = slices.Compact(rem)
	var out []uint64
	for len(rem) > 0 && r.err == nil {
		id := rem[0]
		r.load(rem[:1])
		q, ok := r.recs[id]
		if !ok || q.s != s || q.p != p {
			rem = rem[1:]
			continue
		}
		same := []uint64{id}
		if len(rem) > 1 {
			if all := r.entry(indexOPS, q.o, p, s); slices.Contains(all, id) {
				same = all
				slices.Sort(same)
			}
		}
		for i := range same {
			r.load(same[i : i+1])
			if x, ok := r.recs[same[i]]; ok && x.live && x.s == s && x.p == p && x.o == q.o {
				out = append(out, same[i])
				break
			}
		}
		rem = without(rem, same)
	}
	return out
}

// objectValues returns the distinct objects of the live quads with
// subject s and predicate p.
func (r *fastReader) objectValues(s quad.Value, p quad.IRI) []quad.Value {
	sid, pid := r.id(s), r.id(p)
	if sid == 0 || pid == 0 {
		return nil
	}
	var out []quad.Value
	for _, id := range r.objects(sid, pid, r.entry(indexSP, sid, pid)) {
		out = append(out, r.value(r.recs[id].o))
	}
	return out
}

// without returns the sorted a without the sorted b.
func without(a, b []uint64) []uint64 {
	out := a[:0]
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			continue
		}
		out = append(out, x)
	}
	return out
}

// describeDistinct keeps the distinct quads of the given predicates about
// each entity.
func (r *fastReader) describeDistinct(ents []uint64, preds ...quad.IRI) {
	want := map[uint64]bool{}
	for _, p := range preds {
		if id := r.id(p); id != 0 {
			want[id] = true
		}
	}
	type entry struct {
		s, p uint64
		ids  []uint64
	}
	var es []entry
	r.bySubjects(slices.Clone(ents), func(s, p uint64, ids []uint64) {
		if want[p] {
			es = append(es, entry{s, p, ids})
		}
	})
	// The first quad of each entry first, in one sweep: mostly the only
	// one read.
	var first []uint64
	for _, e := range es {
		if len(e.ids) > 0 {
			first = append(first, e.ids[0])
		}
	}
	r.load(first)
	for _, e := range es {
		r.distinct(e.s, e.p, e.ids)
	}
}

// keepSubjects keeps the live quads of the given predicates (all, with
// none given) about each subject, one for each distinct object, reading
// every copy; for statements and documents, which have no copies.
// accept, if not nil, decides per subject, with the quads read.
func (r *fastReader) keepSubjects(subjects []uint64, preds []quad.IRI, accept func(s uint64, quads []uint64) bool) {
	var want map[uint64]bool
	if preds != nil {
		want = map[uint64]bool{}
		for _, p := range preds {
			if id := r.id(p); id != 0 {
				want[id] = true
			}
		}
	}
	type entry struct {
		s, p uint64
		ids  []uint64
	}
	var es []entry
	var all []uint64
	r.bySubjects(slices.Clone(subjects), func(s, p uint64, ids []uint64) {
		if want == nil || want[p] {
			es = append(es, entry{s, p, ids})
			all = append(all, ids...)
		}
	})
	r.load(all)
	for i := 0; i < len(es); {
		j := i
		var ids []uint64
		for ; j < len(es) && es[j].s == es[i].s; j++ {
			ids = append(ids, es[j].ids...)
		}
		if accept == nil || accept(es[i].s, ids) {
			for _, e := range es[i:j] {
				r.keepGroup(e.s, e.p, e.ids)
			}
		}
		i = j
	}
}

// live returns, for each key of index ind under the given node IDs, the
// first live quad listed, reading the first of each in one sweep.
func (r *fastReader) live(ind []byte, ids ...uint64) []uint64 {
	var lists [][]uint64
	var first []uint64
	r.entries(ind, func(_ []byte, qs []uint64) {
		if len(qs) > 0 {
			lists = append(lists, qs)
			first = append(first, qs[0])
		}
	}, ids...)
	r.load(first)
	var out []uint64
	for _, qs := range lists {
		for i, id := range qs {
			if i > 0 {
				r.load(qs[i : i+1])
			}
			if q, ok := r.recs[id]; ok && q.live {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

// index resolves the values of the kept quads and builds the Index.
func (r *fastReader) index() (*Index, error) {
	n := 0
	for _, g := range r.groups {
		n += len(g)
	}
	ids := make([]uint64, 0, 4*n)
	for _, g := range r.groups {
		for _, id := range g {
			q := r.recs[id]
			ids = append(ids, q.s, q.p, q.o, q.l)
		}
	}
	if len(r.lazy) > 0 {
		ids = slices.DeleteFunc(ids, func(id uint64) bool { return r.lazy[id] })
	}
	r.loadValues(ids)
	if r.err != nil {
		return nil, r.err
	}
	val := func(id uint64) quad.Value {
		if r.lazy[id] {
			return placeholder(id)
		}
		return r.vals[id]
	}
	// The quads of one subject and predicate in one group, whatever read
	// them.
	merged := r.groups[:0]
	at := make(map[[2]uint64]int, len(r.groups))
	for _, g := range r.groups {
		q := r.recs[g[0]]
		if i, ok := at[[2]uint64{q.s, q.p}]; ok {
			merged[i] = append(merged[i], g...)
			continue
		}
		at[[2]uint64{q.s, q.p}] = len(merged)
		merged = append(merged, g)
	}
	r.groups = merged
	out := make([]quad.Quad, 0, n)
	for _, g := range merged {
		n := len(out)
		for _, id := range g {
			q := r.recs[id]
			out = append(out, quad.Quad{Subject: val(q.s), Predicate: val(q.p), Object: val(q.o), Label: val(q.l)})
		}
		if len(g) > 1 {
			SortQuads(out[n:])
		}
	}
	return NewIndex(out), r.ctx.Err()
}

// entityNames are the predicates of an entity Show and Resolve use.
var entityNames = []quad.IRI{rdfType, rdfsLabel, schemaAltName, owlSameAs, ngISOCode}

// docHeader are the predicates of a document its Source shows.
var docHeader = []quad.IRI{rdfType, schemaIdentifier, schemaHeadline, schemaURL, schemaLanguage, schemaPublished}

// placeholderPrefix starts the placeholders: no IRI a store holds starts
// with a NUL.
const placeholderPrefix = "\x00statement/"

// placeholder stands for the IRI of statement id, not read.
func placeholder(id uint64) quad.IRI {
	return quad.IRI(placeholderPrefix + strconv.FormatUint(id, 10))
}

// placeholderID returns the ID a placeholder stands for, 0 for an IRI.
func placeholderID(iri quad.IRI) uint64 {
	s, ok := strings.CutPrefix(string(iri), placeholderPrefix)
	if !ok {
		return 0
	}
	id, _ := strconv.ParseUint(s, 10, 64)
	return id
}

// statementKeys are the predicates of a statement that decide whether it
// is a fact, where Show sorts it and which source it counts for.
var statementKeys = []quad.IRI{rdfType, ngSubject, ngPredicate, ngObject, provDerived, ngStart}

// sourceKeys are the predicates of a document that decide where Sources
// sorts it.
var sourceKeys = []quad.IRI{rdfType, schemaIdentifier, schemaPublished}

// statementsAbout keeps the statements with e as subject or object (only
// the predicates preds, all with none given) and returns their documents
// and ends.
func (r *fastReader) statementsAbout(e uint64, preds []quad.IRI) (sts, docs, ends []uint64) {
	var all []uint64
	for _, p := range []quad.IRI{ngSubject, ngObject} {
		r.entries(indexOPS, func(rest []byte, _ []uint64) {
			if len(rest) == 8 {
				all = append(all, binary.BigEndian.Uint64(rest))
			}
		}, e, r.id(p))
	}
	return r.keepStatements(all, preds, func(q rec) bool { return q.o == e })
}

// keepStatements keeps the quads (of the predicates preds, all with none
// given) of the statements among all for which a live subject or object
// quad satisfies about, and returns these statements, their documents and
// ends.
func (r *fastReader) keepStatements(all []uint64, preds []quad.IRI, about func(q rec) bool) (sts, docs, ends []uint64) {
	subj, obj, derived := r.id(ngSubject), r.id(ngObject), r.id(provDerived)
	r.keepSubjects(all, preds, func(st uint64, ids []uint64) bool {
		ok := false
		var d, x []uint64
		for _, id := range ids {
			q := r.recs[id]
			switch {
			case !q.live:
			case q.p == subj || q.p == obj:
				x = append(x, q.o)
				ok = ok || about(q)
			case q.p == derived:
				d = append(d, q.o)
			}
		}
		if ok {
			sts = append(sts, st)
			docs = append(docs, d...)
			ends = append(ends, x...)
		}
		return ok
	})
	return sts, docs, ends
}

// showFast is ShowIndex without subgraph for the entities found. With
// rows positive it reads first only what orders and counts the facts and
// sources (statementKeys, sourceKeys; not the statements' IRIs, which
// placeholders stand for), and then the rest of the first rows of each.
func (r *fastReader) showFast(found []quad.IRI, rows int) (*Index, error) {
	var ents []uint64
	for _, e := range found {
		ents = append(ents, r.id(e))
	}
	r.describeDistinct(ents, entityNames...)
	if len(found) != 1 {
		return r.index()
	}
	e, mp := ents[0], r.id(schemaMentions)
	stPreds, docPreds := []quad.IRI(nil), docHeader
	if rows > 0 {
		stPreds, docPreds = statementKeys, sourceKeys
	}
	sts, docs, ends := r.statementsAbout(e, stPreds)
	for _, id := range r.live(indexOPS, e, mp) {
		d := r.recs[id].s
		r.keepGroup(d, mp, []uint64{id})
		docs = append(docs, d)
	}
	r.keepSubjects(docs, docPreds, nil)
	r.describeDistinct(ends, rdfType, rdfsLabel)
	if rows <= 0 {
		return r.index()
	}
	r.lazy = map[uint64]bool{}
	for _, st := range sts {
		if _, ok := r.vals[st]; !ok {
			r.lazy[st] = true
		}
	}
	ix, err := r.index()
	if err != nil {
		return nil, err
	}
	p := ix.Show(found[0])
	// The first rows facts, and those that differ from the last of them
	// only in the statement, which orders them.
	n := min(rows, len(p.Claims))
	for n > 0 && n < len(p.Claims) && sameButStatement(p.Claims[n-1], p.Claims[n]) {
		n++
	}
	var whole, more []uint64
	for _, c := range p.Claims[:n] {
		if id := placeholderID(c.Statement); id != 0 {
			whole = append(whole, id)
			delete(r.lazy, id)
		}
		more = append(more, r.ids[c.Source.IRI])
	}
	for _, s := range p.Sources[:min(rows, len(p.Sources))] {
		more = append(more, r.ids[s.IRI])
	}
	r.keepSubjects(whole, nil, nil)
	r.keepSubjects(more, docHeader, nil)
	return r.index()
}

// sameButStatement reports whether SortClaims orders a and b by their
// statements only.
func sameButStatement(a, b Claim) bool {
	return a.Subject.Label == b.Subject.Label && a.Subject.IRI == b.Subject.IRI && a.Predicate == b.Predicate &&
		a.Object.Label == b.Object.Label && a.Object.IRI == b.Object.IRI && a.Source.ID == b.Source.ID && a.Start == b.Start
}

// stEnds are the live subjects and objects of a statement, in the order
// the index lists them.
type stEnds struct{ subs, objs []uint64 }

// pathState is what the breadth-first search of pathFast has read: the
// neighbours of each entity expanded, the statements about it, and their
// ends.
type pathState struct {
	nb   map[uint64][]quad.IRI
	ends map[uint64]*stEnds
	// keys caches stKeys.
	keys map[[2]uint64]map[uint64][]uint64
}

// neighborsFast is storeReader.neighbors reading each index entry and
// quad once, in sweeps.
func (r *fastReader) neighborsFast(n uint64, ps *pathState) []quad.IRI {
	if nb, ok := ps.nb[n]; ok {
		return nb
	}
	subj, obj := r.id(ngSubject), r.id(ngObject)
	var asSubj, asObj, sts []uint64
	for _, id := range r.live(indexOPS, n, subj) {
		asSubj = append(asSubj, r.recs[id].s)
	}
	for _, id := range r.live(indexOPS, n, obj) {
		asObj = append(asObj, r.recs[id].s)
	}
	sts = append(append(sts, asSubj...), asObj...)
	r.loadEnds(sts, ps)
	var others []uint64
	for _, st := range asSubj {
		others = append(others, ps.ends[st].objs...)
	}
	for _, st := range asObj {
		others = append(others, ps.ends[st].subs...)
	}
	r.loadValues(slices.Clone(others))
	var out []quad.IRI
	for _, id := range others {
		if x := r.iri(id); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	ps.nb[n] = out
	return out
}

// loadEnds reads the live subjects and objects of the statements sts not
// read yet.
func (r *fastReader) loadEnds(sts []uint64, ps *pathState) {
	subj, obj := r.id(ngSubject), r.id(ngObject)
	type entry struct {
		s, p uint64
		ids  []uint64
	}
	var es []entry
	var all, need []uint64
	for _, st := range sts {
		if ps.ends[st] == nil {
			need = append(need, st)
		}
	}
	r.bySubjects(need, func(s, p uint64, ids []uint64) {
		if p == subj || p == obj {
			es = append(es, entry{s, p, ids})
			all = append(all, ids...)
		}
	})
	r.load(all)
	for _, st := range need {
		ps.ends[st] = &stEnds{}
	}
	for _, e := range es {
		x := ps.ends[e.s]
		for _, id := range e.ids {
			q, ok := r.recs[id]
			if !ok || !q.live || q.s != e.s || q.p != e.p {
				continue
			}
			if e.p == subj {
				x.subs = append(x.subs, q.o)
			} else {
				x.objs = append(x.objs, q.o)
			}
		}
	}
}

// stKeys returns the statements with n as the object of their quads with
// predicate p (ng:subject or ng:object), each with the quads listed for
// it, from the keys of the object-predicate-subject index alone.
func (r *fastReader) stKeys(n, p uint64, ps *pathState) map[uint64][]uint64 {
	k := [2]uint64{n, p}
	if m, ok := ps.keys[k]; ok {
		return m
	}
	m := map[uint64][]uint64{}
	r.entries(indexOPS, func(rest []byte, qs []uint64) {
		if len(rest) == 8 {
			st := binary.BigEndian.Uint64(rest)
			m[st] = append(m[st], qs...)
		}
	}, n, p)
	ps.keys[k] = m
	return m
}

// anyLive reports whether one of the quads ids is live.
func (r *fastReader) anyLive(ids []uint64) bool {
	for i := range ids {
		r.load(ids[i : i+1])
		if r.recs[ids[i]].live {
			return true
		}
	}
	return false
}

// adjacent reports whether b is among the neighbours of n (as
// neighborsFast finds them): whether a statement has live quads with n as
// its subject and b as its object, or the other way round. It reads the
// index keys of both and the quads of the statements they share only.
func (r *fastReader) adjacent(n, b uint64, ps *pathState) bool {
	subj, obj := r.id(ngSubject), r.id(ngObject)
	for _, d := range [][2]uint64{{subj, obj}, {obj, subj}} {
		x, y := r.stKeys(n, d[0], ps), r.stKeys(b, d[1], ps)
		for st, qx := range x {
			if qy, ok := y[st]; ok && r.anyLive(qx) && r.anyLive(qy) {
				return true
			}
		}
	}
	return false
}

// bfsFast is Index.Path's breadth-first search: it finds the same chain
// as bfs with neighborsFast, but before it expands a level it looks for
// the first entity of the level that b is a neighbour of (adjacent), in
// the order bfs would expand them: the level in which bfs finds b is never
// expanded. From a hub to an entity it mentions, nothing is.
func (r *fastReader) bfsFast(a, b quad.IRI, ps *pathState) []quad.IRI {
	bid := r.id(b)
	prev := map[quad.IRI]quad.IRI{a: ""}
	chain := func(last quad.IRI) []quad.IRI {
		out := []quad.IRI{b}
		for x := last; x != ""; x = prev[x] {
			out = append(out, x)
		}
		slices.Reverse(out)
		return out
	}
	frontier := []quad.IRI{a}
	for len(frontier) > 0 && r.err == nil && r.ctx.Err() == nil {
		for _, n := range frontier {
			if r.adjacent(r.id(n), bid, ps) {
				return chain(n)
			}
		}
		var next []quad.IRI
		for _, n := range frontier {
			for _, m := range r.neighborsFast(r.id(n), ps) {
				if _, ok := prev[m]; ok {
					continue
				}
				prev[m] = n
				if m == b {
					return chain(n)
				}
				next = append(next, m)
			}
		}
		frontier = next
	}
	return nil
}

// pathFast is PathIndex without subgraph for the entities found.
func (r *fastReader) pathFast(a, b []quad.IRI) (*Index, error) {
	var ents []uint64
	for _, e := range append(slices.Clone(a), b...) {
		ents = append(ents, r.id(e))
	}
	r.describeDistinct(ents, entityNames...)
	if len(a) == 1 && len(b) == 1 && a[0] != b[0] {
		ps := &pathState{nb: map[uint64][]quad.IRI{}, ends: map[uint64]*stEnds{}, keys: map[[2]uint64]map[uint64][]uint64{}}
		chain := r.bfsFast(a[0], b[0], ps)
		subj, obj := r.id(ngSubject), r.id(ngObject)
		var hop []uint64
		for i := 0; i+1 < len(chain); i++ {
			// The statements about both, as the index keys list them.
			x, y := r.id(chain[i]), r.id(chain[i+1])
			var both []uint64
			for _, px := range []uint64{subj, obj} {
				for _, py := range []uint64{subj, obj} {
					ky := r.stKeys(y, py, ps)
					for st := range r.stKeys(x, px, ps) {
						if _, ok := ky[st]; ok {
							both = append(both, st)
						}
					}
				}
			}
			slices.Sort(both)
			both = slices.Compact(both)
			r.loadEnds(both, ps)
			for _, st := range both {
				e := ps.ends[st]
				var sub, obj uint64
				if len(e.subs) > 0 {
					sub = e.subs[len(e.subs)-1]
				}
				if len(e.objs) > 0 {
					obj = e.objs[len(e.objs)-1]
				}
				if sub == x && obj == y || sub == y && obj == x {
					hop = append(hop, st)
				}
			}
		}
		_, docs, ends := r.keepStatements(hop, nil, func(rec) bool { return true })
		r.keepDocs(docs)
		r.describeDistinct(ends, rdfType, rdfsLabel)
	}
	return r.index()
}

// keepDocs keeps the headers of documents.
func (r *fastReader) keepDocs(docs []uint64) {
	r.keepSubjects(docs, docHeader, nil)
}
