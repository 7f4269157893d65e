package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// monthNames maps German and English month names and their usual
// abbreviations to month numbers.
var monthNames = map[string]int{
	"januar": 1, "jänner": 1, "january": 1, "jan": 1,
	"februar": 2, "feber": 2, "february": 2, "feb": 2,
	"märz": 3, "maerz": 3, "march": 3, "mär": 3, "mar": 3,
	"april": 4, "apr": 4,
	"mai": 5, "may": 5,
	"juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7,
	"august": 8, "aug": 8,
	"september": 9, "sept": 9, "sep": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nov": 11,
	"dezember": 12, "december": 12, "dez": 12, "dec": 12,
}

const monthAlt = `Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|January|February|March|May|June|July|October|December|Jan\.?|Feb\.?|Mär\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Okt\.?|Oct\.?|Nov\.?|Dez\.?|Dec\.?`

// A small, fixed set of date patterns; each is anchored on a digit or a
// month name, so they stay fast.
var (
	reDayMonthYear = newDatePattern(`\b`, `([0-3]?\d)\.?\s*(`+monthAlt+`)(?:\s+(\d{4}))?\b`)
	reMonthDayYear = newDatePattern(`\b`, `(`+monthAlt+`)\s+([0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`)
	reMonthYear    = newDatePattern(`\b`, `(`+monthAlt+`)(?:\s+(\d{4}))?\b`)
	reNumeric      = newDatePattern(`\b`, `([0-3]?\d)\.([01]?\d)\.(\d{4})\b`)
	reISO          = newDatePattern(`\b`, `(\d{4})-([01]\d)-([0-3]\d)\b`)
	reYear         = newDatePattern(`\b`, `(?:im Jahr(?:e)?|in|seit|since|Ende|Anfang|Mitte|end of|early|late|von|vom|aus|of)\s+((?:19|20)\d{2})\b`)
	reRelative     = newDatePattern(`(?i)\b`, `(heute|gestern|vorgestern|today|yesterday|(?:letzte|vergangene|dieser|diese|last|this)\s+(?:Woche|week|Monat|month|Jahr|year)|(?:am|on|last|vergangenen|letzten)\s+(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b`)
)

// datePattern is a regular expression that starts with a word boundary
// (pre, `\b` or `(?i)\b`) followed by body, compiled twice: as written,
// and anchored at the start of the text without the boundary.
//
// The anchored form finds the same matches as the plain one when it is
// tried only at the positions where a match can start: a word boundary
// before a word character (Go's \b is ASCII: [0-9A-Za-z_]), so the caller
// checks that the byte before is no ASCII word character, and every other
// assertion in body sees the same text as before. Trying it at a few
// candidate positions (digits, month names) costs much less than the
// backtracker's attempt at every byte of every sentence.
type datePattern struct {
	re, at *regexp.Regexp
}

func newDatePattern(pre, body string) datePattern {
	flags := strings.TrimSuffix(pre, `\b`)
	return datePattern{
		re: regexp.MustCompile(pre + body),
		at: regexp.MustCompile(flags + `^(?:` + body + `)`),
	}
}

// findAll returns what re.FindAllStringSubmatchIndex(s, -1) returns, given
// that every match starts at a position next(s, from) yields: next returns
// the first such candidate at or after from, or -1 when there is none.
// Like FindAll it goes on after the end of each match (no pattern matches
// the empty string).
func (p datePattern) findAll(s string, next func(s string, from int) int) [][]int {
	var out [][]int
	for pos := 0; pos <= len(s); {
		c := next(s, pos)
		if c < 0 {
			break
		}
		if c > 0 && isWordByte(s[c-1]) {
			pos = c + 1
			continue
		}
		m := p.at.FindStringSubmatchIndex(s[c:])
		if m == nil {
			pos = c + 1
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += c
			}
		}
		out = append(out, m)
		pos = m[1]
	}
	return out
}

// isWordByte reports whether b is an ASCII word character as regexp's \b
// sees it. A byte of a multi-byte rune never is, nor is that rune.
func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// nextDigit is a findAll candidate function: the next ASCII digit that
// starts a word.
func nextDigit(s string, from int) int {
	for i := from; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' && (i == 0 || !isWordByte(s[i-1])) {
			return i
		}
	}
	return -1
}

// Like nextDigit, the candidate functions below return only positions
// after which a word starts (no ASCII word character before), as the \b
// that starts every date pattern requires: checking that first spares
// looking for words in the middle of others.

// monthStarts are the beginnings of all month alternatives in monthAlt.
var monthStarts = []string{"Jan", "Jän", "Feb", "Mär", "Mar", "Apr", "Mai", "May", "Jun", "Jul", "Aug", "Sep", "Okt", "Oct", "Nov", "Dez", "Dec"}

// nextMonth returns the next position where one of monthStarts begins
// (inside a word too: "5Mai" is a day and a month).
func nextMonth(s string, from int) int {
	for i := from; i < len(s); i++ {
		for _, m := range monthStartsBy[s[i]] {
			if strings.HasPrefix(s[i:], m) {
				return i
			}
		}
	}
	return -1
}

// nextMonthWord is a findAll candidate function: the next position where
// a word starts with one of monthStarts.
func nextMonthWord(s string, from int) int {
	for i := from; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		for _, m := range monthStartsBy[s[i]] {
			if strings.HasPrefix(s[i:], m) {
				return i
			}
		}
	}
	return -1
}

// monthStartsBy and yearWordsBy hold monthStarts and yearWords by their
// first byte.
var monthStartsBy, yearWordsBy = byFirst(monthStarts), byFirst(yearWords)

func byFirst(words []string) *[256][]string {
	var by [256][]string
	for _, w := range words {
		by[w[0]] = append(by[w[0]], w)
	}
	return &by
}

// yearWords are the words a reYear match starts with.
var yearWords = []string{"im Jahr", "in", "seit", "since", "Ende", "Anfang", "Mitte", "end of", "early", "late", "von", "vom", "aus", "of"}

// nextYearWord is a findAll candidate function: the next position where
// one of yearWords begins and white space follows it ("im Jahr" may take
// an "e" first), as in every reYear match.
func nextYearWord(s string, from int) int {
	for i := from; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		for _, w := range yearWordsBy[s[i]] {
			if !strings.HasPrefix(s[i:], w) {
				continue
			}
			k := i + len(w)
			if w == "im Jahr" && k < len(s) && s[k] == 'e' && k+1 < len(s) && isSpaceByte(s[k+1]) {
				return i
			}
			if k < len(s) && isSpaceByte(s[k]) {
				return i
			}
		}
	}
	return -1
}

// isSpaceByte reports whether b is white space as regexp's \s matches it.
func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// hasYearAfterSpace reports whether s holds "19dd" or "20dd" after white
// space as \s matches it: reYear cannot match without one.
func hasYearAfterSpace(s string) bool {
	for i := 1; i+4 <= len(s); i++ {
		if !isSpaceByte(s[i-1]) {
			continue
		}
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && '0' <= s[i+2] && s[i+2] <= '9' && '0' <= s[i+3] && s[i+3] <= '9' {
			return true
		}
	}
	return false
}

// relativeStarts are the words every reRelative match starts with.
var relativeStarts = []string{"heute", "gestern", "vorgestern", "today", "yesterday", "letzte", "vergangene", "dieser", "diese",
	"last", "this", "am", "on"}

// nextRelative is a findAll candidate function for reRelative: the next
// position where one of relativeStarts begins, matched as (?i) does.
func nextRelative(s string, from int) int {
	for i := from; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		for _, w := range relativeStartsBy[foldByte(s[i])] {
			if n, _ := prefixFold(s[i:], w); n > 0 {
				return i
			}
		}
	}
	return -1
}

// relativeEnds are the words every reRelative match ends with
// ("vorgestern" ends in "gestern").
var relativeEnds = []string{"heute", "gestern", "today", "yesterday", "woche", "week", "monat", "month", "jahr", "year",
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// mayBeRelative reports whether reRelative may match s: whether s holds
// one of relativeEnds, matched as (?i) does, followed by a word boundary.
func mayBeRelative(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, w := range relativeEndsBy[foldByte(s[i])] {
			n, ascii := prefixFold(s[i:], w)
			if n > 0 && (!ascii || i+n == len(s) || !isWordByte(s[i+n])) {
				return true
			}
		}
	}
	return false
}

// relativeStartsBy and relativeEndsBy hold relativeStarts and
// relativeEnds by the first byte a text matching them as (?i) does may
// start with, as foldByte gives it.
var relativeStartsBy, relativeEndsBy = byFirstFold(relativeStarts), byFirstFold(relativeEnds)

func byFirstFold(words []string) *[256][]string {
	var by [256][]string
	for _, w := range words {
		by[w[0]] = append(by[w[0]], w)
		switch w[0] {
		case 's':
			by["ſ"[0]] = append(by["ſ"[0]], w)
		case 'k':
			by["\u212a"[0]] = append(by["\u212a"[0]], w)
		}
	}
	return &by
}

// foldByte returns b in lower case if it is an ASCII letter.
func foldByte(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// prefixFold returns the length of the prefix of s that matches the
// lower-case ASCII word w as regexp's (?i) matches it: ASCII letters in
// either case, 'ſ' for s and the Kelvin sign for k. It returns 0 when s
// does not start with w, and whether the last matched rune is ASCII (and
// so a word character for \b).
func prefixFold(s, w string) (n int, ascii bool) {
	for k := 0; k < len(w); k++ {
		c := w[k]
		switch {
		case n < len(s) && s[n]|0x20 == c:
			n++
			ascii = true
		case c == 's' && strings.HasPrefix(s[n:], "ſ"):
			n += len("ſ")
			ascii = false
		case c == 'k' && strings.HasPrefix(s[n:], "\u212a"):
			n += len("\u212a")
			ascii = false
		default:
			return 0, false
		}
	}
	return n, ascii
}

var weekdays = map[string]time.Weekday{
	"montag": time.Monday, "dienstag": time.Tuesday, "mittwoch": time.Wednesday, "donnerstag": time.Thursday,
	"freitag": time.Friday, "samstag": time.Saturday, "sonntag": time.Sunday,
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

// DateMention is a date found in text. Value is YYYY, YYYY-MM or YYYY-MM-DD.
// Start and End are byte offsets into the searched string.
type DateMention struct {
	Start, End int
	Value      string
}

// FindDates returns the dates in s, in order, resolved against ref (the
// publication date; zero when unknown). A date without a year takes the
// year of ref, or the year before when that would put it more than two
// months after ref. Relative dates ("gestern", "last week") need ref and are
// skipped without it.
func FindDates(s string, ref time.Time) []DateMention {
	digits := hasDigit(s)
	if !digits && !hasMonthOrRelative(s) {
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
	// Each pattern runs only when the text holds what its matches need,
	// and then only at the positions where one can start.
	months := nextMonth(s, 0) >= 0
	if digits && strings.IndexByte(s, '-') >= 0 {
		for _, m := range reISO.findAll(s, nextDigit) {
			add(m[0], m[1], ymd(atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])))
		}
	}
	if digits && strings.IndexByte(s, '.') >= 0 {
		for _, m := range reNumeric.findAll(s, nextDigit) {
			add(m[0], m[1], ymd(atoi(s[m[6]:m[7]]), atoi(s[m[4]:m[5]]), atoi(s[m[2]:m[3]])))
		}
	}
	if digits && months {
		for _, m := range reDayMonthYear.findAll(s, nextDigit) {
			mon := month(s[m[4]:m[5]])
			year := 0
			if m[6] >= 0 {
				year = atoi(s[m[6]:m[7]])
			}
			add(m[0], m[1], ymd(resolveYear(year, mon, ref), mon, atoi(s[m[2]:m[3]])))
		}
		for _, m := range reMonthDayYear.findAll(s, nextMonthWord) {
			mon := month(s[m[2]:m[3]])
			year := 0
			if m[6] >= 0 {
				year = atoi(s[m[6]:m[7]])
			}
			add(m[0], m[1], ymd(resolveYear(year, mon, ref), mon, atoi(s[m[4]:m[5]])))
		}
	}
	if months {
		for _, m := range reMonthYear.findAll(s, nextMonthWord) {
			word := s[m[2]:m[3]]
			// Bare "Mai"/"May"/"März" are also words; need a year or a
			// preceding "im"/"in"/"seit".
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
	}
	if hasYearAfterSpace(s) {
		for _, m := range reYear.findAll(s, nextYearWord) {
			add(m[2], m[3], s[m[2]:m[3]])
		}
	}
	if !ref.IsZero() && mayBeRelative(s) {
		for _, m := range reRelative.findAll(s, nextRelative) {
			add(m[0], m[1], relative(strings.ToLower(s[m[2]:m[3]]), ref))
		}
	}
	sortDates(out)
	return out
}

// dateWords are the words without digits that can start a date.
var dateWords = func() map[string]bool {
	m := map[string]bool{}
	for k := range monthNames {
		m[k] = true
	}
	for k := range weekdays {
		m[k] = true
	}
	for _, k := range []string{"heute", "gestern", "vorgestern", "today", "yesterday", "woche", "week", "monat", "month", "jahr", "year"} {
		m[k] = true
	}
	return m
}()

// dateWordStarts holds the first bytes of dateWords.
var dateWordStarts = func() (starts [256]bool) {
	for w := range dateWords {
		starts[w[0]] = true
	}
	return starts
}()

// hasMonthOrRelative reports whether s holds a month name, weekday or
// relative date word: a cheap test before the regular expressions.
func hasMonthOrRelative(s string) bool {
	isDateWord := func(w string) bool {
		// A word starting with an ASCII letter no date word starts with
		// (in either case) is none; others are looked up.
		if c := w[0]; c < utf8.RuneSelf && !dateWordStarts[foldByte(c)] {
			return false
		}
		return len(w) >= 3 && len(w) <= 10 && inLower(dateWords, w)
	}
	start := -1
	for i := 0; i < len(s); {
		// ASCII letters without decoding: unicode.IsLetter of an ASCII
		// rune holds for exactly these.
		c, n := s[i], 1
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if c >= utf8.RuneSelf {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			letter = unicode.IsLetter(r)
		}
		if letter {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			if isDateWord(s[start:i]) {
				return true
			}
			start = -1
		}
		i += n
	}
	return start >= 0 && isDateWord(s[start:])
}

func lastWord(s string) string {
	s = strings.TrimRight(s, " \t")
	i := strings.LastIndexAny(s, " \t\n(")
	return s[i+1:]
}

func sortDates(d []DateMention) {
	for i := 1; i < len(d); i++ {
		for j := i; j > 0 && d[j].Start < d[j-1].Start; j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
}

func month(name string) int {
	// Lower case commutes with cutting the dot: no other rune lowers to '.'.
	m, _ := lowerLookup(monthNames, strings.TrimSuffix(name, "."))
	return m
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func resolveYear(year, mon int, ref time.Time) int {
	if year != 0 {
		return year
	}
	if ref.IsZero() {
		return 0
	}
	y := ref.Year()
	if mon > int(ref.Month())+2 {
		y--
	}
	return y
}

func ymd(y, m, d int) string {
	if y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return t.Format("2006-01-02")
}

func ym(y, m int) string {
	if y < 1000 || m < 1 || m > 12 {
		return ""
	}
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}

// relative resolves a relative date expression against ref.
func relative(expr string, ref time.Time) string {
	f := strings.Fields(expr)
	last := f[len(f)-1]
	switch {
	case expr == "heute" || expr == "today":
		return ref.Format("2006-01-02")
	case expr == "gestern" || expr == "yesterday":
		return ref.AddDate(0, 0, -1).Format("2006-01-02")
	case expr == "vorgestern":
		return ref.AddDate(0, 0, -2).Format("2006-01-02")
	}
	if wd, ok := weekdays[last]; ok {
		d := ref
		for i := 0; i < 7 && d.Weekday() != wd; i++ {
			d = d.AddDate(0, 0, -1)
		}
		return d.Format("2006-01-02")
	}
	past := f[0] == "letzte" || f[0] == "vergangene" || f[0] == "last"
	switch last {
	case "woche", "week":
		if past {
			return ref.AddDate(0, 0, -7).Format("2006-01") // a week is finer than we can place; keep the month
		}
		return ref.Format("2006-01")
	case "monat", "month":
		if past {
			return ref.AddDate(0, -1, 0).Format("2006-01")
		}
		return ref.Format("2006-01")
	case "jahr", "year":
		if past {
			return strconv.Itoa(ref.Year() - 1)
		}
		return strconv.Itoa(ref.Year())
	}
	return ""
}

// fillMetadata fills a document's title and publication date from its
// first lines when the source did not give them: the first non-empty line is
// the title, and a date in the first few lines (a dateline such as
// "17.02.2026 - 02:51:11" or "Berlin, 20. Februar 2026") is the publication
// date.
func fillMetadata(doc *Document) {
	head := doc.Text
	if len(head) > 800 {
		cut := 800
		for cut > 0 && !utf8.RuneStart(head[cut]) {
			cut--
		}
		head = head[:cut]
	}
	if doc.Title == "" {
		for _, line := range strings.Split(head, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				doc.Title = truncateRunes(line, 300)
				break
			}
		}
	}
	if doc.Published.IsZero() {
		for _, d := range FindDates(head, time.Time{}) {
			if len(d.Value) == 10 {
				t, err := time.Parse("2006-01-02", d.Value)
				if err == nil {
					doc.Published = t
					break
				}
			}
		}
	}
}

// truncateRunes cuts s to at most n code points, adding "…" when it cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
