package gencorpus

import (
	"fmt"
	"strings"
	"time"
)

// Names the synthetic articles of Synthetic draw on.
var (
	synthStates = []string{"Germany", "France", "Kenya", "Norway", "Chile", "Japan", "Brazil", "Egypt", "Ghana",
		"Canada", "Mexico", "Peru", "India", "Poland", "Spain", "Italy", "Austria", "Portugal", "Greece", "Finland"}
	synthCities = []string{"Lisbon", "Oslo", "Nairobi", "Lima", "Madrid", "Vienna", "Athens", "Helsinki", "Warsaw", "Cairo"}
	synthGiven  = []string{"Anna", "Peter", "Maria", "Thomas", "Laura", "David", "Julia", "Martin", "Sofia", "Daniel"}
	synthFamily = []string{"Keller", "Novak", "Lindqvist", "Moreau", "Okafor", "Brandt", "Silva", "Haddad", "Kowalski", "Tanaka"}
	synthSyl    = []string{"var", "quo", "tes", "lin", "dor", "ma", "ke", "sul", "ran", "bo", "vi", "ter", "no", "gal", "fer", "ost"}
	synthKinds  = []string{"Accord", "Treaty", "Pact", "Charter", "Agreement"}
	synthEvents = []string{"Summit", "Conference", "Forum"}
)

// SyntheticAgreement names the agreement of synthetic article i.
func SyntheticAgreement(i int) string {
	n := i
	var b strings.Builder
	for range 3 {
		b.WriteString(synthSyl[n%len(synthSyl)])
		n /= len(synthSyl)
	}
	name := b.String()
	return strings.ToUpper(name[:1]) + name[1:] + fmt.Sprintf("%d %s", i/4096, synthKinds[i%len(synthKinds)])
}

// Synthetic returns article i of a fixed, seedless series for tests: a
// few English sentences stating all four relations. Article i builds on
// the agreement of article i-1, and states, people and events recur, so
// documents share nodes the way news does. Published is YYYY-MM-DD.
func Synthetic(i int) Article {
	pick := func(list []string, k int) string { return list[(i*7+k*13)%len(list)] }
	a, prev := SyntheticAgreement(i), SyntheticAgreement(max(i-1, 0))
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)
	text := fmt.Sprintf("%s and %s signed the %s on %d %s %d. %s refused to sign the %s. %s plans to sign it. %s %s attended the %s %s. The %s builds on the %s.",
		pick(synthStates, 0), pick(synthStates, 1), a, date.Day(), date.Month(), date.Year(),
		pick(synthStates, 2), a, pick(synthStates, 3),
		synthGiven[i%len(synthGiven)], synthFamily[(i/len(synthGiven))%len(synthFamily)],
		pick(synthCities, 4), synthEvents[i%len(synthEvents)], a, prev)
	return Article{ID: fmt.Sprintf("synth/%06d", i), Title: a + " signed", Lang: "en", Published: date.Format("2006-01-02"), Text: text}
}
