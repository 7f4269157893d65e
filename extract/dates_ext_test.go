package extract_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/gencorpus"
)

// TestFindDatesGenerated compares FindDates with the plain regular
// expressions over generated articles, which are full of dates.
func TestFindDatesGenerated(t *testing.T) {
	g, err := gencorpus.New(7)
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for i := range 60 {
		docs = append(docs, g.Article(i).Text)
	}
	ref := time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)
	for _, s := range extract.DatePieces(docs) {
		for _, r := range []time.Time{{}, ref} {
			got, want := extract.FindDates(s, r), extract.FindDatesRegexp(s, r)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("FindDates(%q, %v) = %v, want %v", s, r, got, want)
			}
		}
	}
}
