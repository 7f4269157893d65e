package resolve

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
)

// maxBlock bounds how many things share one blocking key before the key
// is too common to say anything (a party in every agreement).
const maxBlock = 400

// Resolve returns the links that make things one: each link joins two
// things, and the groups are the connected components of the links. The
// result does not depend on the order of things.
//
// Two things of one type are compared when they share a name word, a
// place, an acronym or a party. They link when nothing conflicts (see the
// package documentation) and one of these holds, with the score given:
//
//   - the same name after translation (0.95): the same proper words,
//     places, states and topics, German and English words of the
//     embedded vocabulary counting as one;
//   - one name is the acronym of the other (0.9);
//   - shared proper name words, weighted by rarity, covering at least
//     half of the rarer side (0.75-0.9);
//   - the same place in the name of two things of compatible kinds
//     (0.8);
//   - compatible kinds, at least two shared parties, and agreeing dates,
//     publication within two months, or a shared topic (0.8-0.9);
//   - for people, a surname alone and the one full name of the store that
//     ends in it (0.8).
//
// Links are taken strongest first, and one that would put two
// conflicting things into one group is left out. Rules force (before
// everything else, whatever the evidence) or forbid links.
func Resolve(things []Thing, rules *Rules) ([]Link, error) {
	v, err := loadVocab()
	if err != nil {
		return nil, err
	}
	ps := make([]*profile, 0, len(things))
	for i := range things {
		if Resolvable(things[i].Type) {
			ps = append(ps, newProfile(&things[i], v))
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
	for i := 1; i < len(ps); i++ {
		if ps[i].ID == ps[i-1].ID {
			return nil, fmt.Errorf("resolve: thing %s given twice", ps[i].ID)
		}
	}
	byID := make(map[string]int, len(ps))
	for i, p := range ps {
		byID[p.ID] = i
	}

	// Rarity of proper words.
	df := map[string]int{}
	for _, p := range ps {
		for _, w := range p.proper {
			df[w]++
		}
	}
	idf := map[string]float64{}
	for w, n := range df {
		idf[w] = math.Log(1 + float64(len(ps))/float64(n))
	}

	// Blocking.
	blocks := map[string][]int{}
	for i, p := range ps {
		var keys []string
		t := string(p.Type) + "\x00"
		if p.Type == extract.Person {
			if len(p.Names) > 0 {
				keys = append(keys, t+"s:"+extract.Fold(lastWord(p.Names[0])))
			}
		} else {
			for _, w := range p.proper {
				keys = append(keys, t+"p:"+prefix(w, 4))
			}
			for _, x := range p.places {
				keys = append(keys, t+"l:"+x)
			}
			for _, s := range p.sigs {
				if len(s.Initials) >= 3 {
					keys = append(keys, t+"p:"+prefix(s.Initials, 4))
				}
			}
			for _, x := range p.Parties {
				keys = append(keys, t+"a:"+x)
			}
			for _, x := range p.countries {
				keys = append(keys, t+"a:"+x)
			}
		}
		for _, k := range dedupe(keys) {
			blocks[k] = append(blocks[k], i)
		}
	}
	type pair struct{ a, b int }
	seen := map[pair]bool{}
	var cands []Link
	keys := make([]string, 0, len(blocks))
	for k := range blocks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// People named by surname alone: the full names ending in it.
	full := map[string][]int{}
	for i, p := range ps {
		if p.Type == extract.Person && len(p.Names) > 0 && len(strings.Fields(p.Names[0])) >= 2 {
			full[extract.Fold(lastWord(p.Names[0]))] = append(full[extract.Fold(lastWord(p.Names[0]))], i)
		}
	}
	for _, k := range keys {
		b := blocks[k]
		if len(b) < 2 || len(b) > maxBlock {
			continue
		}
		for x := 0; x < len(b); x++ {
			for y := x + 1; y < len(b); y++ {
				pr := pair{b[x], b[y]}
				if seen[pr] {
					continue
				}
				seen[pr] = true
				a, c := ps[pr.a], ps[pr.b]
				if a.Type == extract.Person {
					// Only a surname alone with the one full name.
					short, long := a, c
					if len(strings.Fields(a.Names[0])) > 1 {
						short, long = c, a
					}
					if len(strings.Fields(short.Names[0])) != 1 || len(strings.Fields(long.Names[0])) < 2 {
						continue
					}
					if f := full[extract.Fold(short.Names[0])]; len(f) != 1 {
						continue
					}
				}
				if conflicts(a, c) || rules.forbids(a.Thing, c.Thing) {
					continue
				}
				if s, why := evidence(a, c, idf); s > 0 {
					cands = append(cands, Link{A: a.ID, B: c.ID, Score: round2(s), Reasons: why})
				}
			}
		}
	}
	forced := rules.forced(ps)
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Score != cands[j].Score {
			return cands[i].Score > cands[j].Score
		}
		if cands[i].A != cands[j].A {
			return cands[i].A < cands[j].A
		}
		return cands[i].B < cands[j].B
	})

	// Grow groups, strongest links first, never joining conflicts.
	parent := make([]int, len(ps))
	members := make([][]int, len(ps))
	for i := range parent {
		parent[i] = i
		members[i] = []int{i}
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	var out []Link
	// apart remembers pairs of groups found to conflict: a later link
	// between the same two groups fails without looking again.
	apart := map[[2]int]bool{}
	join := func(l Link, check bool) {
		ra, rb := find(byID[l.A]), find(byID[l.B])
		if ra == rb {
			return
		}
		if check {
			key := [2]int{min(ra, rb), max(ra, rb)}
			if apart[key] {
				return
			}
			for _, x := range members[ra] {
				for _, y := range members[rb] {
					if conflicts(ps[x], ps[y]) || rules.forbids(ps[x].Thing, ps[y].Thing) {
						apart[key] = true
						return
					}
				}
			}
		}
		if rb < ra {
			ra, rb = rb, ra
		}
		parent[rb] = ra
		members[ra] = append(members[ra], members[rb]...)
		members[rb] = nil
		out = append(out, l)
	}
	for _, l := range forced {
		join(l, false)
	}
	for _, l := range cands {
		join(l, true)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Groups returns the groups the links make, each sorted, in order of
// their first member.
func Groups(links []Link) [][]string {
	parent := map[string]string{}
	find := func(x string) string {
		for {
			p, ok := parent[x]
			if !ok || p == x {
				return x
			}
			x = p
		}
	}
	for _, l := range links {
		a, b := find(l.A), find(l.B)
		if a == b {
			continue
		}
		if b < a {
			a, b = b, a
		}
		parent[b] = a
		if _, ok := parent[a]; !ok {
			parent[a] = a
		}
	}
	by := map[string][]string{}
	for x := range parent {
		r := find(x)
		by[r] = append(by[r], x)
	}
	var out [][]string
	for _, g := range by {
		sort.Strings(g)
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Rules are a user's decisions that override the evidence: things that
// are the same, things that are not.
type Rules struct {
	rules []rule
}

type rule struct {
	same bool
	a, b string // folded names or IRIs
	line int
}

// ParseRules reads rules, one a line, fields separated by tabs or by "|":
//
//	# comment
//	same	Absichtserklärung Kanada	gemeinsame Erklärung zur KI-Zusammenarbeit
//	different	https://newsgraph.invalid/id/event/g7-summit	NATO summit
//
// A thing is named by its IRI or by its label or one of its aliases
// (compared folded, as queries compare names); a rule applies to every
// pair of things of one type the two names name.
func ParseRules(r io.Reader) (*Rules, error) {
	rs := &Rules{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sep := "|"
		if strings.Contains(line, "\t") {
			sep = "\t"
		}
		f := strings.Split(line, sep)
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if len(f) != 3 || f[1] == "" || f[2] == "" {
			return nil, fmt.Errorf("merge rules line %d: want \"same|different<TAB>NAME<TAB>NAME\", got %q", n, line)
		}
		var same bool
		switch f[0] {
		case "same":
			same = true
		case "different":
		default:
			return nil, fmt.Errorf("merge rules line %d: %q is neither same nor different", n, f[0])
		}
		rs.rules = append(rs.rules, rule{same: same, a: key(f[1]), b: key(f[2]), line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("merge rules: %w", err)
	}
	return rs, nil
}

// key is how a rule names a thing: an IRI as it is, a name folded.
func key(s string) string {
	if strings.Contains(s, "://") {
		return s
	}
	return extract.Fold(s)
}

// names reports whether a rule's name k names t.
func names(k string, t *Thing) bool {
	if k == t.ID {
		return true
	}
	for _, n := range t.Names {
		if extract.Fold(n) == k {
			return true
		}
	}
	return false
}

func (rs *Rules) forbids(a, b *Thing) bool {
	if rs == nil {
		return false
	}
	for _, r := range rs.rules {
		if !r.same && (names(r.a, a) && names(r.b, b) || names(r.a, b) && names(r.b, a)) {
			return true
		}
	}
	return false
}

// forced returns the links the "same" rules make, in rule order.
func (rs *Rules) forced(ps []*profile) []Link {
	if rs == nil {
		return nil
	}
	var out []Link
	for _, r := range rs.rules {
		if !r.same {
			continue
		}
		for _, a := range ps {
			if !names(r.a, a.Thing) {
				continue
			}
			for _, b := range ps {
				if a == b || a.Type != b.Type || !names(r.b, b.Thing) || rs.forbids(a.Thing, b.Thing) {
					continue
				}
				l := Link{A: a.ID, B: b.ID, Score: 1, Forced: true, Reasons: []string{fmt.Sprintf("merge rule, line %d", r.line)}}
				if l.B < l.A {
					l.A, l.B = l.B, l.A
				}
				out = append(out, l)
			}
		}
	}
	return out
}

// Len returns the number of rules.
func (rs *Rules) Len() int {
	if rs == nil {
		return 0
	}
	return len(rs.rules)
}

// Explain says why Resolve does or does not link two of the things,
// named by ID: the conflict that keeps them apart, or the evidence and
// score that joins them, or that nothing does. It looks at the pair
// alone, not at the groups either is in.
func Explain(things []Thing, a, b string) (string, error) {
	v, err := loadVocab()
	if err != nil {
		return "", err
	}
	var pa, pb *profile
	df := map[string]int{}
	n := 0
	for i := range things {
		t := &things[i]
		if !Resolvable(t.Type) {
			continue
		}
		n++
		p := newProfile(t, v)
		for _, w := range p.proper {
			df[w]++
		}
		switch t.ID {
		case a:
			pa = p
		case b:
			pb = p
		}
	}
	if pa == nil || pb == nil {
		return "", fmt.Errorf("resolve: %s or %s is not a thing resolution considers", a, b)
	}
	idf := map[string]float64{}
	for w, k := range df {
		idf[w] = math.Log(1 + float64(n)/float64(k))
	}
	if c := conflict(pa, pb); c != "" {
		return "apart: " + c, nil
	}
	if s, why := evidence(pa, pb, idf); s > 0 {
		return fmt.Sprintf("same (%.2f): %s", s, strings.Join(why, "; ")), nil
	}
	return fmt.Sprintf("apart: no evidence (kinds %v, parties %v / %v, dates %v / %v, proper %v / %v, topics %v / %v)",
		[2][]string{pa.kinds, pb.kinds}, pa.Parties, pb.Parties, pa.Dates, pb.Dates, pa.proper, pb.proper, pa.topics, pb.topics), nil
}
