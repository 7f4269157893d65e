package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// findDatesRegexp is FindDates as it was written first: every pattern run
// over the whole text with FindAllStringSubmatchIndex. FindDates must give
// the same answers; it only runs the patterns where they can match.
func findDatesRegexp(s string, ref time.Time) []DateMention {
	if !strings.ContainsAny(s, "0123456789") && !hasMonthOrRelativeRef(s) {
		return nil
	}
	var out []DateMention
	taken := func(a, b int) bool {
		for _, d := range out {
			if a < d.End && b > d.Start {
				return true
			}
		}
		return false
	}
	add := func(a, b int, v string) {
		if v != "" && !taken(a, b) {
			out = append(out, DateMention{a, b, v})
		}
	}
	for _, m := range reISO.re.FindAllStringSubmatchIndex(s, -1) {
		add(m[0], m[1], ymd(atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])))
	}
	for _, m := range reNumeric.re.FindAllStringSubmatchIndex(s, -1) {
		add(m[0], m[1], ymd(atoi(s[m[6]:m[7]]), atoi(s[m[4]:m[5]]), atoi(s[m[2]:m[3]])))
	}
	for _, m := range reDayMonthYear.re.FindAllStringSubmatchIndex(s, -1) {
		mon := month(s[m[4]:m[5]])
		year := 0
		if m[6] >= 0 {
			year = atoi(s[m[6]:m[7]])
		}
		add(m[0], m[1], ymd(resolveYear(year, mon, ref), mon, atoi(s[m[2]:m[3]])))
	}
	for _, m := range reMonthDayYear.re.FindAllStringSubmatchIndex(s, -1) {
		mon := month(s[m[2]:m[3]])
		year := 0
		if m[6] >= 0 {
			year = atoi(s[m[6]:m[7]])
		}
		add(m[0], m[1], ymd(resolveYear(year, mon, ref), mon, atoi(s[m[4]:m[5]])))
	}
	for _, m := range reMonthYear.re.FindAllStringSubmatchIndex(s, -1) {
		word := s[m[2]:m[3]]
		mon := month(word)
		year := 0
		if m[4] >= 0 {
			year = atoi(s[m[4]:m[5]])
		} else {
			prev := strings.ToLower(lastWord(s[:m[0]]))
			if prev != "im" && prev != "in" && prev != "seit" && prev != "since" && prev != "vom" && prev != "ab" || len(word) < 3 {
				continue
			}
			if ref.IsZero() {
				continue
			}
		}
		y := resolveYear(year, mon, ref)
		if y == 0 {
			continue
		}
		add(m[0], m[1], ym(y, mon))
	}
	for _, m := range reYear.re.FindAllStringSubmatchIndex(s, -1) {
		add(m[2], m[3], s[m[2]:m[3]])
	}
	if !ref.IsZero() {
		for _, m := range reRelative.re.FindAllStringSubmatchIndex(s, -1) {
			add(m[0], m[1], relative(strings.ToLower(s[m[2]:m[3]]), ref))
		}
	}
	sortDates(out)
	return out
}

// hasMonthOrRelativeRef is hasMonthOrRelative as it was written first.
func hasMonthOrRelativeRef(s string) bool {
	start := -1
	for i, r := range s + " " {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := s[start:i]
			if len(w) >= 3 && len(w) <= 10 && dateWords[strings.ToLower(w)] {
				return true
			}
			start = -1
		}
	}
	return false
}

// dateTexts are texts where the shortcuts of FindDates could go wrong:
// boundaries, overlapping and adjacent dates, case folding.
var dateTexts = []string{
	"", "1", "Mai", "im Mai", "_5. Mai 2024", "a5. Mai 2024", "5. Mai 2024", "ä5. Mai 2024", "x2024-01-05", "2024-01-05x",
	"12024-01-05", "2024-01-05-02", "1.2.2024.3.4.2025", "01.02.2024 und 3.4.2025", "5.5.20245", "15.März", "15.Mär.",
	"Mär. 3rd, 2024", "March 3rd,2024", "March 3rd, 2024", "MarchMarch 3", "Januar 2024Februar 2025", "JanuarFebruar",
	"im Jahre 2019", "im Jahr 1999", "in\t2020", "in 20201", "seit  2019x", "end of 2018", "endof 2018", "Ofof 2018",
	"vom 3. bis 5. Mai 2024", "am 3., 4. und 5. Mai", "Sept. 4", "Sep 4 2024", "Sept 4th", "Septe 4",
	"LAST WEEK", "ThIs YeAr", "laſt week", "laſt weeK", "last wee\u212a", "last wee\u212ax", "last wee\u212a.", "on ſunday",
	"yeſterday!", "am Dienſtag", "Ärger heute", "GESTERN", "ÄMai", "Heute\xff", "\xffgestern", "Woche\u0301", "2024: last wee\u212ax", "2024 last wee\u212a", "1 on ſunday", "1 yeſterday", "Mai: this weeks", "this yearly", "last weeks", "heutex", "gestern_", "in den Jahren", "years ago", "on Monday", "on monday", "ON SUNDAY", "am Mittwoch",
	"letzten Donnerstag", "vergangene Woche", "diese Woche", "dieser Monat", "heute", "HEUTE", "Vorgestern",
	"yesterday's talks", "today2", "Heutezutage", "Kelvin week", "the 4th of July 2024", "14 February 2026",
	"Dezember/Jänner 2025", "Jänner 2024", "Mär 2024", "Mars 2024", "Marseille", "Mai-Juni 2024", "31.12.2025 – 1.1.2026",
	"2026–2030", "2026-2030", "1999-12-31T23:59", "0.0.0000", "3. Mai, 4. Juni und 5. Juli 2024", "Oct. 3, 2024, and Nov 4",
}

// dateCorpus returns texts to compare FindDates over: dateTexts, and the
// sentences of the sample documents and clause-sized pieces of them.
// (dates_ext_test.go does the same for generated articles.)
func dateCorpus(t *testing.T) []string {
	texts := append([]string(nil), dateTexts...)
	var docs []string
	for _, dir := range []string{"../testdata/seeds", "../testdata/dev/docs", "../testdata/holdout/docs"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, string(b))
		}
	}
	return append(texts, datePieces(docs)...)
}

// datePieces returns the sentences of docs and pieces of them.
func datePieces(docs []string) []string {
	var texts []string
	for _, d := range docs {
		for _, s := range Sentences(d) {
			texts = append(texts, s.Text)
			toks := s.Tokens
			for i := 0; i < len(toks); i += 3 {
				for _, n := range []int{2, 5, 9} {
					if i+n <= len(toks) {
						texts = append(texts, d[toks[i].Start:toks[i+n-1].End])
					}
				}
			}
		}
	}
	return texts
}

func TestFindDatesAsRegexp(t *testing.T) {
	refs := []time.Time{{}, time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC), time.Date(2024, 11, 3, 0, 0, 0, 0, time.UTC)}
	n := 0
	for _, s := range dateCorpus(t) {
		for _, ref := range refs {
			got, want := FindDates(s, ref), findDatesRegexp(s, ref)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("FindDates(%q, %v) = %v, want %v", s, ref, got, want)
			}
			n += len(want)
		}
	}
	if n == 0 {
		t.Error("no dates in the corpus")
	}
}

func FuzzFindDates(f *testing.F) {
	for _, s := range dateTexts {
		f.Add(s)
	}
	ref := time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range []time.Time{{}, ref} {
			got, want := FindDates(s, r), findDatesRegexp(s, r)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("FindDates(%q, %v) = %v, want %v", s, r, got, want)
			}
		}
	})
}

// checkNoLetterBoundary fails when a token of text starts or ends between
// two letters: run.findDates relies on token-aligned ranges holding only
// whole letter runs of their sentence.
func checkNoLetterBoundary(t *testing.T, text string) {
	t.Helper()
	letterAt := func(i int) bool { // the rune ending before i and the one at i are letters
		if i <= 0 || i >= len(text) {
			return false
		}
		r1, _ := utf8.DecodeLastRuneInString(text[:i])
		r2, _ := utf8.DecodeRuneInString(text[i:])
		return unicode.IsLetter(r1) && unicode.IsLetter(r2)
	}
	for _, s := range Sentences(text) {
		for _, tok := range s.Tokens {
			if letterAt(tok.Start) || letterAt(tok.End) {
				t.Fatalf("token %q at %d-%d of %q cuts a letter run", tok.Text, tok.Start, tok.End, s.Text)
			}
		}
	}
}

func TestTokensKeepLetterRuns(t *testing.T) {
	for _, s := range dateCorpus(t) {
		checkNoLetterBoundary(t, s)
	}
}

func FuzzTokensKeepLetterRuns(f *testing.F) {
	for _, s := range dateTexts {
		f.Add(s)
	}
	f.Add("U.S.A. z.B. AT&T e.g.x Canada's „KI-Fabrik“-Prinzip 5G 6G-Standards 2.0x ǅemal")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkNoLetterBoundary(t, s)
	})
}
