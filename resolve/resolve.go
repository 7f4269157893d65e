// Package resolve decides which nodes of the graph name the same
// real-world thing across documents: the same agreement reported as
// "Absichtserklärung" by one source and "joint declaration" by another,
// the same summit as "Ukraine-Gipfel" and "Summit on Peace in Ukraine",
// a person named in full in one article and by surname alone in another.
//
// Resolution is a pure function of what the store holds: [Resolve] takes
// every candidate [Thing] and returns the merges ([Link]) with their
// reasons and score, the same links whatever the order of its input. It
// is precision first: two things merge only on positive evidence (the
// same name after translation and normalisation, an acronym and its
// expansion, or a compatible kind with shared parties and compatible
// dates), never when any evidence conflicts (other parties, other years,
// dates months apart, different proper names, both named in one document
// as different things), and a group grows only while no two of its
// members conflict.
package resolve

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/extract"
)

// Thing is a node the resolver may merge with others, with what the
// store says about it.
type Thing struct {
	// ID is the node's IRI.
	ID   string
	Type extract.Type
	// Names are the node's label and aliases.
	Names []string
	// Docs are the documents that mention it.
	Docs []string
	// Dates are the dates its sources give for it or for facts about it
	// (YYYY, YYYY-MM or YYYY-MM-DD).
	Dates []string
	// Published are the publication dates (YYYY-MM-DD) of its documents.
	Published []string
	// Parties are the states and organisations that take part in it: the
	// subjects of facts about it and the states or organisations the
	// people among them are affiliated with (IRIs or ISO codes, as long
	// as every Thing uses the same).
	Parties []string
	// Actors are every subject of a fact about it (IRIs).
	Actors []string
	// Country is, for a person, the state they belong to.
	Country string
}

// Link says that two things are the same.
type Link struct {
	// A and B are Thing IDs, A < B.
	A, B string
	// Score is between 0 and 1: how strongly the evidence says they are
	// one thing (see [Resolve]).
	Score float64
	// Reasons say why, in words an analyst reads.
	Reasons []string
	// Forced is set when a user rule, not the evidence, made the link.
	Forced bool
}

// Resolvable reports whether the resolver considers things of type t.
// States are merged by their ISO codes already, places and organisations
// by their lexicon keys and names.
func Resolvable(t extract.Type) bool {
	switch t {
	case extract.Agreement, extract.Event, extract.Initiative, extract.Person:
		return true
	}
	return false
}

// profile is a Thing with its names analysed.
type profile struct {
	*Thing
	sigs      []Signature
	kinds     []string
	countries []string
	places    []string
	topics    []string
	proper    []string
	strong    []string
	numbers   []string
	years     []string
	dates     []time.Time // day-precise dates
	months    []string    // YYYY-MM of all dates
	pub       []time.Time
	docs      map[string]bool
}

func newProfile(t *Thing, v *vocab) *profile {
	p := &profile{Thing: t, docs: map[string]bool{}}
	for _, d := range t.Docs {
		p.docs[d] = true
	}
	for _, n := range t.Names {
		s := v.sign(n)
		p.sigs = append(p.sigs, s)
		p.kinds = union(p.kinds, s.Kinds)
		p.countries = union(p.countries, s.Countries)
		p.places = union(p.places, s.Places)
		p.topics = union(p.topics, s.Topics)
		p.proper = union(p.proper, s.Proper)
		p.numbers = union(p.numbers, s.Numbers)
		p.strong = union(p.strong, s.Strong)
		p.years = union(p.years, s.Years)
	}
	for _, d := range t.Dates {
		if len(d) >= 7 {
			p.months = appendNew(p.months, d[:7])
		}
		if len(d) >= 4 {
			p.years = appendNew(p.years, d[:4])
		}
		if tm, err := time.Parse("2006-01-02", d); err == nil {
			p.dates = append(p.dates, tm)
		}
	}
	for _, d := range t.Published {
		if tm, err := time.Parse("2006-01-02", d); err == nil {
			p.pub = append(p.pub, tm)
		}
	}
	return p
}

// The windows the resolver allows.
const (
	// dateWindow is how far apart two day-precise dates of one thing may
	// be (a summit lasts days, reports of a signing may date it by the
	// announcement).
	dateWindow = 45 * 24 * time.Hour
	// pubWindow is how far apart the publication dates of two reports of
	// a thing with a generic name may be.
	pubWindow = 60 * 24 * time.Hour
)

// conflict returns why a and b cannot be one thing, or "".
func conflict(a, b *profile) string { return conflictWhy(a, b, true) }

// conflicts reports whether a and b cannot be one thing, without saying
// why (which costs more).
func conflicts(a, b *profile) bool { return conflictWhy(a, b, false) != "" }

// conflictWhy is conflict; without why it returns "x" for any conflict.
func conflictWhy(a, b *profile, why bool) string {
	say := func(format string, args ...any) string {
		if !why {
			return "x"
		}
		return fmt.Sprintf(format, args...)
	}
	if a.Type != b.Type {
		return say("different types")
	}
	for d := range a.docs {
		if b.docs[d] {
			return say("both in one document as different things")
		}
	}
	if a.Type == extract.Person {
		if a.Country != "" && b.Country != "" && a.Country != b.Country {
			return say("different states")
		}
		return ""
	}
	if len(a.kinds) > 0 && len(b.kinds) > 0 && !kindsCompatible(a.kinds, b.kinds) {
		return say("different kinds (%s vs %s)", strings.Join(a.kinds, ", "), strings.Join(b.kinds, ", "))
	}
	if len(a.numbers) > 0 && len(b.numbers) > 0 && !overlap(a.numbers, b.numbers) {
		return say("different numbers (%s vs %s)", strings.Join(a.numbers, ", "), strings.Join(b.numbers, ", "))
	}
	if len(a.years) > 0 && len(b.years) > 0 && !overlap(a.years, b.years) {
		return say("different years (%s vs %s)", strings.Join(a.years, ", "), strings.Join(b.years, ", "))
	}
	if len(a.dates) > 0 && len(b.dates) > 0 && !datesNear(a.dates, b.dates, dateWindow) {
		return say("dates months apart")
	}
	// States in an agreement's name are its parties ("Absichtserklärung
	// Deutschland–Kanada", "deutsch-kanadisch"); in an event's name they
	// are as often its place or subject ("Ukraine summit in Switzerland").
	// The other side's known parties must include them.
	if a.Type != extract.Event {
		if x := missingParty(a, b); x != "" {
			return say("%s is a party of one only", x)
		}
		if x := missingParty(b, a); x != "" {
			return say("%s is a party of one only", x)
		}
	}
	if len(a.strong) > 0 && len(b.strong) > 0 && sharedProper(a.strong, b.strong) == 0 && !acronymOf(a, b) && !acronymOf(b, a) {
		return say("different names (%s vs %s)", strings.Join(a.strong, ", "), strings.Join(b.strong, ", "))
	}
	if len(a.topics) > 0 && len(b.topics) > 0 && !overlap(a.topics, b.topics) && len(a.proper)+len(b.proper) == 0 {
		return say("different subjects (%s vs %s)", strings.Join(a.topics, ", "), strings.Join(b.topics, ", "))
	}
	return ""
}

// missingParty returns a state a's names name that b neither names nor
// has as a party, or "" (also when nothing is known of b's parties).
func missingParty(a, b *profile) string {
	if len(b.countries)+len(b.Parties) == 0 {
		return ""
	}
	for _, c := range a.countries {
		found := false
		for _, y := range b.countries {
			found = found || c == y
		}
		for _, y := range b.Parties {
			found = found || c == y
		}
		if !found {
			return c
		}
	}
	return ""
}

// kindsCompatible reports whether two sets of kind groups can describe
// one thing: they share a group, or one is the generic "any" (agreement,
// Abkommen, deal).
func kindsCompatible(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y || x == "any" || y == "any" || compatibleGroups[x+"/"+y] || compatibleGroups[y+"/"+x] {
				return true
			}
		}
	}
	return false
}

// compatibleGroups are kind groups the news uses for one thing: a summit
// is a conference and a meeting of heads, a partnership is declared.
var compatibleGroups = map[string]bool{
	"summit/conference":       true,
	"summit/meeting":          true,
	"conference/meeting":      true,
	"partnership/declaration": true,
	"framework/declaration":   true,
	"treaty/partnership":      true,
}

// evidence returns how strongly a and b are one thing and why; 0 when
// nothing says they are.
func evidence(a, b *profile, idf map[string]float64) (float64, []string) {
	if a.Type == extract.Person {
		return personEvidence(a, b)
	}
	var reasons []string
	score := 0.0
	// The same name, after translation: the same proper words, places,
	// states and topics (kinds compatible, checked by conflict).
	for _, x := range a.sigs {
		for _, y := range b.sigs {
			if sameName(x, y) {
				score = 0.95
				reasons = []string{fmt.Sprintf("same name (%s)", describe(x))}
				break
			}
		}
		if score > 0 {
			break
		}
	}
	if score == 0 {
		if acronymOf(a, b) || acronymOf(b, a) {
			score = 0.9
			reasons = append(reasons, "one name is the acronym of the other")
		} else if w := sharedProperWeight(a.proper, b.proper, idf); w >= 0.5 && sameSet(a.numbers, b.numbers, strEqual) && !(len(a.kinds) > 0 && len(b.kinds) > 0 && !kindsCompatible(a.kinds, b.kinds)) {
			score = 0.75 + 0.15*w
			reasons = append(reasons, fmt.Sprintf("shared name words (%s)", strings.Join(sharedProperList(a.proper, b.proper), ", ")))
		} else if len(a.places) > 0 && sameSet(a.places, b.places, strEqual) && len(a.kinds) > 0 && len(b.kinds) > 0 && len(a.proper)+len(b.proper) == 0 {
			score = 0.8
			reasons = append(reasons, "same place in the name")
		}
	}
	// Context: a compatible kind, the same parties, dates that agree.
	if score == 0 && len(a.kinds) > 0 && len(b.kinds) > 0 {
		shared := sharedParties(a, b)
		datesAgree := len(a.dates) > 0 && len(b.dates) > 0 && datesNear(a.dates, b.dates, 3*24*time.Hour) ||
			len(a.months) > 0 && len(b.months) > 0 && overlap(a.months, b.months) && (len(a.dates) == 0 || len(b.dates) == 0)
		pubNear := len(a.pub) > 0 && len(b.pub) > 0 && datesNear(a.pub, b.pub, pubWindow)
		topics := overlap(a.topics, b.topics)
		switch {
		case len(shared) >= 2 && (datesAgree || pubNear || topics):
			score = 0.8
			if datesAgree {
				score += 0.05
			}
			if topics {
				score += 0.05
			}
			reasons = append(reasons, fmt.Sprintf("same parties (%s)", strings.Join(shared, ", ")))
			if datesAgree {
				reasons = append(reasons, "dates agree")
			} else if pubNear {
				reasons = append(reasons, "reported within two months")
			}
			if topics {
				reasons = append(reasons, "same subject")
			}
		}
	}
	if score == 0 {
		return 0, nil
	}
	reasons = append([]string{"kind " + kindWords(a, b)}, reasons...)
	return math.Min(score, 0.99), reasons
}

func kindWords(a, b *profile) string {
	if len(a.kinds) == 0 && len(b.kinds) == 0 {
		return "unknown"
	}
	return strings.Join(a.kinds, "/") + " ≈ " + strings.Join(b.kinds, "/")
}

// personEvidence links a person named by surname alone to the one person
// of the store with that surname and a full name.
func personEvidence(a, b *profile) (float64, []string) {
	// The caller makes sure the surname is unambiguous.
	return 0.8, []string{fmt.Sprintf("the only person with surname %q", lastWord(shortest(a.Names, b.Names)))}
}

func shortest(a, b []string) string {
	if len(a) > 0 && len(b) > 0 && len(a[0]) <= len(b[0]) {
		return a[0]
	}
	if len(b) > 0 {
		return b[0]
	}
	return ""
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// sameName reports whether two names say the same after translation: the
// same proper words, places and states, or, for names without proper
// words, the same places, states and topics; and something at all.
func sameName(x, y Signature) bool {
	if len(x.Kinds) > 0 && len(y.Kinds) > 0 && !kindsCompatible(x.Kinds, y.Kinds) {
		return false
	}
	if len(x.Proper)+len(x.Places) == 0 {
		// A generic name ("Absichtserklärung Kanada") identifies nothing
		// by itself.
		return false
	}
	return sameSet(x.Proper, y.Proper, properEqual) && sameSet(x.Places, y.Places, strEqual) && sameSet(x.Numbers, y.Numbers, strEqual) &&
		sameSet(x.Countries, y.Countries, strEqual) && sameSet(x.Topics, y.Topics, strEqual) && sameSet(x.Years, y.Years, strEqual)
}

func describe(s Signature) string {
	var parts []string
	parts = append(parts, s.Proper...)
	for _, p := range s.Places {
		parts = append(parts, "place "+p)
	}
	parts = append(parts, s.Countries...)
	parts = append(parts, s.Topics...)
	return strings.Join(parts, ", ")
}

func strEqual(a, b string) bool { return a == b }

// properEqual compares folded proper words, allowing German endings:
// "aachen" and "aachener", "elysee" and "elysees".
func properEqual(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < 4 || !strings.HasPrefix(b, a) {
		return false
	}
	switch b[len(a):] {
	case "s", "es", "er", "ern", "n", "en", "e", "’s", "'s":
		return true
	}
	return false
}

func sameSet(a, b []string, eq func(x, y string) bool) bool {
	return covers(a, b, eq) && covers(b, a, eq)
}

func covers(a, b []string, eq func(x, y string) bool) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if eq(x, y) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func sharedProper(a, b []string) int { return len(sharedProperList(a, b)) }

func sharedProperList(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if properEqual(x, y) {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// sharedProperWeight is the weight (inverse document frequency) of the
// proper words a and b share, over that of the side with more: the shared
// words must make up half of each name.
func sharedProperWeight(a, b []string, idf map[string]float64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	sum := func(s []string) float64 {
		t := 0.0
		for _, x := range s {
			t += idf[x]
		}
		return t
	}
	shared := sum(sharedProperList(a, b))
	least := math.Max(sum(a), sum(b))
	if least == 0 {
		return 0
	}
	return shared / least
}

// acronymOf reports whether a proper word of a is the initials of one of
// b's names ("ceta", "Comprehensive Economic and Trade Agreement").
func acronymOf(a, b *profile) bool {
	for _, w := range a.proper {
		if len(w) < 3 {
			continue
		}
		for _, s := range b.sigs {
			if len(s.Initials) >= 3 && strings.EqualFold(s.Initials, w) {
				return true
			}
		}
	}
	return false
}

// sharedParties returns the parties a and b share: those of their facts
// and the states their names name.
func sharedParties(a, b *profile) []string {
	var out []string
	for _, x := range a.Parties {
		for _, y := range b.Parties {
			if x == y {
				out = appendNew(out, x)
			}
		}
	}
	for _, x := range a.countries {
		for _, y := range b.countries {
			if x == y {
				out = appendNew(out, x)
			}
		}
	}
	sort.Strings(out)
	return out
}

func overlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func datesNear(a, b []time.Time, window time.Duration) bool {
	for _, x := range a {
		for _, y := range b {
			d := x.Sub(y)
			if d < 0 {
				d = -d
			}
			if d <= window {
				return true
			}
		}
	}
	return false
}
