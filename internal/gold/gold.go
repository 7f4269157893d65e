// Package gold reads hand-annotated gold files (the format of
// ../shared/eval/ANNOTATION.md) and scores extraction results against them
// the way ../shared/eval/score does: names matched after normalisation,
// optional items neither rewarded nor punished, micro-averaged counts.
//
// tools/train uses it to label relation candidates and to score folds of
// cross-validation in process; the reported numbers come from the shared
// scorer itself (scripts/crossval).
package gold

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph/extract"
)

// Entity is a gold entity.
type Entity struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Names    []string `json:"names"`
	Contains []string `json:"contains"`
	Optional bool     `json:"optional"`

	names    map[string]bool
	contains []string
}

// Relation is a gold relation between two gold entities.
type Relation struct {
	S        string `json:"s"`
	P        string `json:"p"`
	O        string `json:"o"`
	Optional bool   `json:"optional"`
}

// File is one document's gold.
type File struct {
	Doc       string     `json:"doc"`
	Lang      string     `json:"lang"`
	Published string     `json:"published"`
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
}

// Doc is an annotated document: its gold and the path of its text.
type Doc struct {
	Gold *File
	Path string // the document's text
	Set  string // the corpus directory it came from
}

// Load reads every gold file of a corpus directory (DIR/gold/*.json with
// texts in DIR/docs), sorted by name.
func Load(dir string) ([]Doc, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "gold", "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("gold: no gold files in %s/gold", dir)
	}
	sort.Strings(paths)
	var out []Doc
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var f File
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("gold %s: %w", p, err)
		}
		f.Prepare()
		out = append(out, Doc{Gold: &f, Path: filepath.Join(dir, "docs", f.Doc), Set: dir})
	}
	return out, nil
}

// Prepare readies a File built in code (Load does it for files read).
func (f *File) Prepare() {
	for i := range f.Entities {
		e := &f.Entities[i]
		e.names = map[string]bool{}
		for _, n := range e.Names {
			e.names[Norm(n)] = true
		}
		e.contains = nil
		for _, k := range e.Contains {
			e.contains = append(e.contains, Norm(k))
		}
	}
}

var articles = map[string]bool{"der": true, "die": true, "das": true, "den": true, "dem": true, "des": true,
	"ein": true, "eine": true, "einer": true, "eines": true, "einem": true, "einen": true, "the": true, "a": true, "an": true}

// Norm normalises a name as the shared scorer does: NFKC, case folded, ß
// as ss, accents stripped, hyphens, underscores and slashes as spaces,
// other punctuation but the full stop removed, a leading article dropped.
func Norm(name string) string {
	s := norm.NFKC.String(name)
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "ß", "ss")
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch {
		case r >= 0x2010 && r <= 0x2015, r == '-', r == '_', r == '/':
			b.WriteByte(' ')
		case unicode.IsLetter(r) || unicode.IsNumber(r) || r == '.' || unicode.IsSpace(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for len(words) > 0 && articles[words[0]] {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// NormAll normalises a list of names.
func NormAll(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n != "" {
			out = append(out, Norm(n))
		}
	}
	return out
}

// Matches reports whether one of the normalised names names the entity.
func (e *Entity) Matches(normed []string) bool {
	for _, n := range normed {
		if e.names[n] {
			return true
		}
		padded := " " + n + " "
		for _, k := range e.contains {
			if strings.Contains(padded, " "+k+" ") {
				return true
			}
		}
	}
	return false
}

// Match returns the gold entities that one of the normalised names names.
func (f *File) Match(normed []string) []*Entity {
	var out []*Entity
	for i := range f.Entities {
		if f.Entities[i].Matches(normed) {
			out = append(out, &f.Entities[i])
		}
	}
	return out
}

// Loose reports normalised names that name no gold entity exactly but
// overlap one's name: one holds the other as whole words.
func (f *File) Loose(normed []string) bool {
	if len(f.Match(normed)) > 0 {
		return false
	}
	for _, n := range normed {
		if len(n) < 3 {
			continue
		}
		p := " " + n + " "
		for i := range f.Entities {
			for g := range f.Entities[i].names {
				if len(g) < 3 {
					continue
				}
				q := " " + g + " "
				if strings.Contains(p, q) || strings.Contains(q, p) {
					return true
				}
			}
		}
	}
	return false
}

// Core lists the scored predicates.
var Core = []string{"signed", "attended", "refused", "builds-on"}

// Label says what the gold says of a fact between an entity named by
// subject names and one named by object names: 1 a required relation, 0
// nothing, -1 only optional relations (neither right nor wrong).
func (f *File) Label(subject, object []string, p string) int {
	ss, os := f.Match(subject), f.Match(object)
	best := 0
	for _, r := range f.Relations {
		if r.P != p || !hasID(ss, r.S) || !hasID(os, r.O) {
			continue
		}
		if !r.Optional {
			return 1
		}
		best = -1
	}
	return best
}

func hasID(es []*Entity, id string) bool {
	for _, e := range es {
		if e.ID == id {
			return true
		}
	}
	return false
}

// Tally counts right and wrong entities and relations.
type Tally struct {
	EntTP, EntFP, EntFN, TypeOK int
	Rel                         map[string]*PRF
}

// PRF counts true positives, false positives and false negatives.
type PRF struct{ TP, FP, FN int }

// Scores returns precision, recall and F1, as the shared scorer computes
// them (1 for an empty denominator).
func (c PRF) Scores() (p, r, f float64) {
	p, r = 1, 1
	if c.TP+c.FP > 0 {
		p = float64(c.TP) / float64(c.TP+c.FP)
	}
	if c.TP+c.FN > 0 {
		r = float64(c.TP) / float64(c.TP+c.FN)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// NewTally returns an empty tally.
func NewTally() *Tally {
	t := &Tally{Rel: map[string]*PRF{}}
	for _, p := range Core {
		t.Rel[p] = &PRF{}
	}
	return t
}

// Add adds u to t.
func (t *Tally) Add(u *Tally) {
	t.EntTP += u.EntTP
	t.EntFP += u.EntFP
	t.EntFN += u.EntFN
	t.TypeOK += u.TypeOK
	for _, p := range Core {
		t.Rel[p].TP += u.Rel[p].TP
		t.Rel[p].FP += u.Rel[p].FP
		t.Rel[p].FN += u.Rel[p].FN
	}
}

// Relations returns the counts over all scored predicates.
func (t *Tally) Relations() PRF {
	var s PRF
	for _, p := range Core {
		s.TP += t.Rel[p].TP
		s.FP += t.Rel[p].FP
		s.FN += t.Rel[p].FN
	}
	return s
}

// Entities returns the entity counts.
func (t *Tally) Entities() PRF { return PRF{t.EntTP, t.EntFP, t.EntFN} }

// Outcome is how one predicted relation fared.
type Outcome struct {
	Relation extract.Relation
	// Hit is 1 for a relation that matched a required gold relation not
	// matched before, 0 for one that matched only optional or already
	// matched ones, -1 for a false one.
	Hit int
}

// Score scores one extraction result against the document's gold, as the
// shared scorer does, and returns how each scored relation fared.
func (f *File) Score(res *extract.Result) (*Tally, []Outcome) {
	t := NewTally()
	matched := map[string][]*Entity{}
	found := map[string]bool{}
	for _, e := range res.Entities {
		names := NormAll(append([]string{e.Name}, e.Aliases...))
		hits := f.Match(names)
		matched[e.ID] = hits
		req := false
		for _, g := range hits {
			if g.Optional {
				continue
			}
			req = true
			if !found[g.ID] {
				found[g.ID] = true
				t.EntTP++
				if strings.EqualFold(g.Type, string(e.Type)) {
					t.TypeOK++
				}
			}
		}
		if !req && len(hits) == 0 {
			t.EntFP++
		}
	}
	for _, g := range f.Entities {
		if !g.Optional && !found[g.ID] {
			t.EntFN++
		}
	}
	hit := map[int]bool{}
	var outs []Outcome
	for _, r := range res.Relations {
		if !r.Asserted() {
			continue
		}
		p := string(r.Predicate)
		if t.Rel[p] == nil {
			continue
		}
		var ms []int
		for i, g := range f.Relations {
			if g.P == p && hasID(matched[r.Subject], g.S) && hasID(matched[r.Object], g.O) {
				ms = append(ms, i)
			}
		}
		o := Outcome{Relation: r}
		if len(ms) == 0 {
			t.Rel[p].FP++
			o.Hit = -1
		}
		for _, i := range ms {
			if !f.Relations[i].Optional && !hit[i] {
				hit[i] = true
				t.Rel[p].TP++
				o.Hit = 1
			}
		}
		outs = append(outs, o)
	}
	for i, g := range f.Relations {
		if t.Rel[g.P] != nil && !g.Optional && !hit[i] {
			t.Rel[g.P].FN++
		}
	}
	return t, outs
}

// RequiredEntities counts the document's required entities.
func (f *File) RequiredEntities() int {
	n := 0
	for _, e := range f.Entities {
		if !e.Optional {
			n++
		}
	}
	return n
}

// Required counts the document's required relations per predicate.
func (f *File) Required() map[string]int {
	out := map[string]int{}
	for _, r := range f.Relations {
		if !r.Optional {
			out[r.P]++
		}
	}
	return out
}
