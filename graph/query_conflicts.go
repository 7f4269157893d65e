package graph

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/extract"
)

// ConflictKind says how two sources disagree.
type ConflictKind string

// The kinds of disagreement [Index.Conflicts] finds.
const (
	// SignedRefused: one source says the subject signed the object,
	// another that it refused to.
	SignedRefused ConflictKind = "signed-vs-refused"
	// AssertedNegated: one source states a fact, another states that it
	// did not happen.
	AssertedNegated ConflictKind = "asserted-vs-negated"
	// Signatories: two sources name different signatories of the same
	// agreement.
	Signatories ConflictKind = "signatories"
	// Dates: two sources give incompatible dates for the signing of the
	// same agreement.
	Dates ConflictKind = "dates"
)

// Side is what one source says in a [Conflict].
type Side struct {
	Source Source  `json:"source"`
	Claims []Claim `json:"facts"`
}

// Conflict is a point two sources disagree on, with each side's evidence.
type Conflict struct {
	Kind ConflictKind `json:"kind"`
	// Subject is the entity the disagreement is about; empty for
	// Signatories and Dates, which are about the Object as a whole.
	Subject *Ref `json:"subject,omitempty"`
	Object  Ref  `json:"object"`
	// Summary says in one line what each side says.
	Summary string `json:"summary"`
	A       Side   `json:"a"`
	B       Side   `json:"b"`
}

// Conflicts returns the facts that sources disagree on: a subject that
// signed the object by one document and refused it by another; a fact one
// document asserts and another negates; an agreement whose signatories or
// signing dates differ between documents. Only asserted statements count
// (a plan or a possibility contradicts nothing), and only across
// documents: within one, a change of mind is a story, not a disagreement.
// The result is ordered by kind, object, subject and sources.
func (ix *Index) Conflicts() []Conflict {
	// byDoc groups asserted-modality facts by a key and then by document.
	type group map[quad.IRI][]Fact
	groups := func(key func(Fact) (string, bool)) (map[string]group, []string) {
		out := map[string]group{}
		var keys []string
		for _, f := range ix.model.Facts {
			if f.Modality != extract.Asserted && f.Modality != "" {
				continue
			}
			k, ok := key(f)
			if !ok {
				continue
			}
			if out[k] == nil {
				out[k] = group{}
				keys = append(keys, k)
			}
			out[k][f.Doc] = append(out[k][f.Doc], f)
		}
		sort.Strings(keys)
		return out, keys
	}
	docsOf := func(g group, keep func(Fact) bool) map[quad.IRI][]Fact {
		out := map[quad.IRI][]Fact{}
		for d, fs := range g {
			for _, f := range fs {
				if keep(f) {
					out[d] = append(out[d], f)
				}
			}
		}
		return out
	}
	var out []Conflict
	// pairs emits a conflict for every pair of different documents, one
	// from a and one from b.
	pairs := func(kind ConflictKind, subj *Ref, obj Ref, a, b map[quad.IRI][]Fact, summary string) {
		for _, da := range ix.sortedDocs(a) {
			for _, db := range ix.sortedDocs(b) {
				if da == db {
					continue
				}
				out = append(out, Conflict{
					Kind: kind, Subject: subj, Object: obj,
					Summary: summary,
					A:       Side{Source: ix.source(da), Claims: ix.factClaims(a[da])},
					B:       Side{Source: ix.source(db), Claims: ix.factClaims(b[db])},
				})
			}
		}
	}

	// Signed by one source, refused by another.
	byPair, keys := groups(func(f Fact) (string, bool) {
		if f.Negated || (f.Predicate != extract.Signed && f.Predicate != extract.Refused) {
			return "", false
		}
		return string(f.Subject) + "\x00" + string(f.Object), true
	})
	for _, k := range keys {
		g := byPair[k]
		signed := docsOf(g, func(f Fact) bool { return f.Predicate == extract.Signed })
		refused := docsOf(g, func(f Fact) bool { return f.Predicate == extract.Refused })
		if len(signed) == 0 || len(refused) == 0 {
			continue
		}
		s, o := ix.anyFact(g)
		subj := ix.Ref(s)
		pairs(SignedRefused, &subj, ix.Ref(o), signed, refused,
			fmt.Sprintf("%s signed %s, says one source; refused it, says another", subj.Label, ix.Ref(o).Label))
	}

	// Asserted by one source, negated by another.
	bySPO, keys := groups(func(f Fact) (string, bool) {
		return string(f.Subject) + "\x00" + string(f.Predicate) + "\x00" + string(f.Object), true
	})
	for _, k := range keys {
		g := bySPO[k]
		pos := docsOf(g, func(f Fact) bool { return !f.Negated })
		neg := docsOf(g, func(f Fact) bool { return f.Negated })
		if len(pos) == 0 || len(neg) == 0 {
			continue
		}
		s, o := ix.anyFact(g)
		subj := ix.Ref(s)
		p := strings.Split(k, "\x00")[1]
		pairs(AssertedNegated, &subj, ix.Ref(o), pos, neg,
			fmt.Sprintf("%s %s %s, says one source; did not, says another", subj.Label, p, ix.Ref(o).Label))
	}

	// Different signatories, different dates for one agreement.
	bySigned, keys := groups(func(f Fact) (string, bool) {
		return string(f.Object), f.Predicate == extract.Signed && !f.Negated
	})
	for _, k := range keys {
		g := bySigned[k]
		if len(g) < 2 {
			continue
		}
		obj := ix.Ref(quad.IRI(k))
		all := docsOf(g, func(Fact) bool { return true })
		signers := func(fs []Fact) []string {
			var names []string
			for _, f := range fs {
				names = appendUniqueString(names, ix.Ref(f.Subject).Label)
			}
			sort.Strings(names)
			return names
		}
		// Compare each pair of documents once.
		for _, da := range ix.sortedDocs(all) {
			for _, db := range ix.sortedDocs(all) {
				if ix.source(da).ID >= ix.source(db).ID {
					continue
				}
				sa, sb := signers(all[da]), signers(all[db])
				if strings.Join(sa, "\x00") != strings.Join(sb, "\x00") {
					out = append(out, Conflict{
						Kind: Signatories, Object: obj,
						Summary: fmt.Sprintf("signed by %s, says one source; by %s, says another", strings.Join(sa, ", "), strings.Join(sb, ", ")),
						A:       Side{Source: ix.source(da), Claims: ix.factClaims(all[da])},
						B:       Side{Source: ix.source(db), Claims: ix.factClaims(all[db])},
					})
				}
				dA, dB := dates(all[da]), dates(all[db])
				if x, y, ok := incompatible(dA, dB); ok {
					out = append(out, Conflict{
						Kind: Dates, Object: obj,
						Summary: fmt.Sprintf("signed on %s, says one source; on %s, says another", x, y),
						A:       Side{Source: ix.source(da), Claims: ix.factClaims(datedOnly(all[da]))},
						B:       Side{Source: ix.source(db), Claims: ix.factClaims(datedOnly(all[db]))},
					})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return kindRank(a.Kind) < kindRank(b.Kind)
		}
		if a.Object.Label != b.Object.Label {
			return a.Object.Label < b.Object.Label
		}
		if a.Subject != nil && b.Subject != nil && a.Subject.Label != b.Subject.Label {
			return a.Subject.Label < b.Subject.Label
		}
		if a.A.Source.ID != b.A.Source.ID {
			return a.A.Source.ID < b.A.Source.ID
		}
		return a.B.Source.ID < b.B.Source.ID
	})
	return out
}

func kindRank(k ConflictKind) int {
	for i, x := range []ConflictKind{SignedRefused, AssertedNegated, Signatories, Dates} {
		if x == k {
			return i
		}
	}
	return 4
}

// anyFact returns the subject and object of a group's facts (all share
// them where it matters).
func (ix *Index) anyFact(g map[quad.IRI][]Fact) (s, o quad.IRI) {
	for _, d := range ix.sortedDocs(g) {
		f := g[d][0]
		return f.Subject, f.Object
	}
	return "", ""
}

// sortedDocs returns the documents of a grouping ordered by their IDs.
func (ix *Index) sortedDocs(g map[quad.IRI][]Fact) []quad.IRI {
	out := make([]quad.IRI, 0, len(g))
	for d := range g {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := ix.source(out[i]).ID, ix.source(out[j]).ID
		if a != b {
			return a < b
		}
		return out[i] < out[j]
	})
	return out
}

func (ix *Index) factClaims(fs []Fact) []Claim {
	out := make([]Claim, len(fs))
	for i, f := range fs {
		out[i] = ix.Claim(f)
	}
	SortClaims(out)
	return out
}

// dates returns the distinct dates of facts, sorted.
func dates(fs []Fact) []string {
	var out []string
	for _, f := range fs {
		if f.Date != "" {
			out = appendUniqueString(out, f.Date)
		}
	}
	sort.Strings(out)
	return out
}

func datedOnly(fs []Fact) []Fact {
	var out []Fact
	for _, f := range fs {
		if f.Date != "" {
			out = append(out, f)
		}
	}
	return out
}

// incompatible reports a date of a and one of b that cannot both be true:
// neither is a prefix of the other ("2026-02" fits "2026-02-14", "2026-03"
// does not), when no date of a fits any date of b.
func incompatible(a, b []string) (x, y string, ok bool) {
	if len(a) == 0 || len(b) == 0 {
		return "", "", false
	}
	for _, x := range a {
		for _, y := range b {
			if strings.HasPrefix(x, y) || strings.HasPrefix(y, x) {
				return "", "", false
			}
		}
	}
	return a[0], b[0], true
}
