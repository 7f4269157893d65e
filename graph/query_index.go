package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"sort"
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
}

// The index buckets.
var (
	indexSP  = []byte("sp")
	indexOPS = []byte("ops")
	logBkt   = []byte("log")
)

// reader starts a storeReader; ok is false for stores it cannot read
// (not the embedded one). Close it.
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
func (r *storeReader) names(e quad.IRI) (label, iso string, aliases []string) {
	var labels []string
	for _, p := range r.bySubject(e, rdfsLabel) {
		labels = append(labels, literal(r.value(p.Object)))
	}
	for _, l := range labels {
		if quad.String(l).String() > quad.String(label).String() || label == "" {
			label = l
		}
	}
	if label == "" {
		label = string(e)
	}
	for _, p := range r.bySubject(e, ngISOCode) {
		if c := literal(r.value(p.Object)); c > iso {
			iso = c
		}
	}
	for _, p := range r.bySubject(e, schemaAltName) {
		aliases = append(aliases, literal(r.value(p.Object)))
	}
	return label, iso, aliases
}

// isEntity reports whether the store holds iri as an entity (a typed
// node or one documents mention).
func (r *storeReader) isEntity(iri quad.IRI) bool {
	for _, p := range r.bySubject(iri, rdfType) {
		if o, ok := r.value(p.Object).(quad.IRI); ok {
			if _, ok := TypeOf(o); ok {
				return true
			}
		}
	}
	return len(r.byObject(iri, schemaMentions)) > 0
}

// resolve finds the entities name denotes as Index.Resolve would, by the
// quick lookup; ok is false when it cannot tell.
func (r *storeReader) resolve(name string) (found []quad.IRI, ok bool) {
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
			for _, q := range r.byObject(lit, p) {
				if s := r.iri(q.Subject); s != "" {
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

// ShowIndex returns an Index that answers Resolve, Show and Sources for
// name as the whole store's index does (see above), reading only the
// quads those answers need; with subgraph set also Subgraph (for --export),
// which needs every quad about the entities the facts connect it with.
// Names it cannot look up quickly make it read the whole store
// ([Store.Index]).
func (s *Store) ShowIndex(ctx context.Context, name string, subgraph bool) (*Index, error) {
	r, ok, err := s.reader(ctx)
	if err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return s.Index(ctx)
	}
	defer r.close()
	found, ok := r.resolve(name)
	if !ok {
		if r.err != nil {
			return nil, r.err
		}
		return s.Index(ctx)
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
	return NewIndex(sortedCopy(r.out)), ctx.Err()
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
	r, ok, err := s.reader(ctx)
	if err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return s.Index(ctx)
	}
	defer r.close()
	a, okA := r.resolve(from)
	b, okB := r.resolve(to)
	if !okA || !okB {
		if r.err != nil {
			return nil, r.err
		}
		return s.Index(ctx)
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
	prev := map[quad.IRI]quad.IRI{a: ""}
	frontier := []quad.IRI{a}
	for len(frontier) > 0 && r.err == nil && r.ctx.Err() == nil {
		var next []quad.IRI
		for _, n := range frontier {
			for _, m := range r.neighbors(n, cache) {
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
