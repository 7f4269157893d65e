// Package gencorpus writes synthetic German and English news articles for
// benchmarks: sentence templates filled with states, people with roles,
// organisations, agreements and events drawn from the extractor's own
// lexicons, stating all four relations (signed, attended, refused, builds
// on), with negations and plans among them, and sentences without any.
//
// Article i of a seed is the same whatever the number of articles asked
// for, so a corpus of 1,000 articles is the start of one of 10,000. The
// generator holds one article at a time: writing a million takes as much
// memory as writing one.
package gencorpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Article is one line of the JSON Lines files the newsgraph reader takes.
type Article struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Lang      string `json:"lang"`
	Text      string `json:"text"`
}

var lexOnce = sync.OnceValues(loadLexicons)

// Generator makes articles for one seed.
type Generator struct {
	seed uint64
	lx   *lexicons
}

// New returns a generator for seed.
func New(seed uint64) (*Generator, error) {
	lx, err := lexOnce()
	if err != nil {
		return nil, err
	}
	return &Generator{seed: seed, lx: lx}, nil
}

// Article returns article i (0-based).
func (g *Generator) Article(i int) Article {
	a := &article{lx: g.lx, r: rand.New(rand.NewPCG(g.seed, uint64(i)*0x9E3779B97F4A7C15+1))}
	return a.write(i)
}

// Write writes articles 0 to n-1 to w as JSON Lines.
func (g *Generator) Write(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		if err := enc.Encode(g.Article(i)); err != nil {
			return fmt.Errorf("gencorpus: article %d: %w", i, err)
		}
	}
	return bw.Flush()
}

// person is an actor with a role.
type person struct {
	role, given, surname string
	c                    country
}

func (p person) name() string { return p.given + " " + p.surname }

// thing is an agreement or event: a head noun, its German gender, and a
// name or a descriptive phrase.
type thing struct {
	head   string
	gender byte   // German: 'm', 'f', 'n'; 0 in English
	name   string // with the head: "Wasserstoff-Abkommen", "Lisbon Accord on ..."
}

// article is the state of writing one article.
type article struct {
	lx    *lexicons
	r     *rand.Rand
	lang  string
	sents []string
}

func (a *article) pick(n int) int { return a.r.IntN(n) }

func pickOf[T any](a *article, s []T) T { return s[a.r.IntN(len(s))] }

// countries returns n distinct states.
func (a *article) countries(n int) []country {
	out := make([]country, 0, n)
	for len(out) < n {
		c := pickOf(a, a.lx.countries)
		dup := false
		for _, o := range out {
			dup = dup || o.code == c.code
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

func (a *article) person(c country) person {
	p := person{given: pickOf(a, a.lx.given), surname: pickOf(a, surnames), c: c}
	if a.lang == "de" {
		p.role = pickOf(a, a.lx.rolesDE).form
	} else {
		p.role = pickOf(a, a.lx.rolesEN).form
	}
	return p
}

var monthsDE = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

func (a *article) dateText(t time.Time) string {
	if a.lang == "de" {
		return fmt.Sprintf("%d. %s %d", t.Day(), monthsDE[t.Month()-1], t.Year())
	}
	return t.Format("January 2, 2006")
}

func (a *article) monthText(t time.Time) string {
	if a.lang == "de" {
		return monthsDE[t.Month()-1]
	}
	return t.Month().String()
}

func (a *article) countryName(c country) string {
	if a.lang == "de" {
		return c.de
	}
	return c.en
}

func (a *article) cityName(c named) string {
	if a.lang == "de" {
		return c.de
	}
	return c.en
}

// German articles by gender and case.
var articleDE = map[byte][3]string{ // nominative, accusative, dative
	'm': {"der", "den", "dem"},
	'f': {"die", "die", "der"},
	'n': {"das", "das", "dem"},
}

// de returns the thing with its definite article in case c (0 nominative,
// 1 accusative, 2 dative).
func (t thing) de(c int) string { return articleDE[t.gender][c] + " " + t.name }

func (t thing) en() string { return "the " + t.name }

// Heads that make hyphenated German names ("Wasserstoff-Abkommen").
var (
	compoundAgrDE = []string{"Abkommen", "Vertrag", "Pakt", "Partnerschaft", "Erklärung", "Allianz", "Charta", "Übereinkommen", "Vereinbarung", "Protokoll"}
	compoundEvtDE = []string{"Gipfel", "Konferenz", "Forum", "Kongress", "Tagung", "Gipfeltreffen", "Ministertreffen"}
)

var agrHeadsEN = []string{"agreement", "treaty", "accord", "declaration", "pact", "partnership", "charter", "convention", "framework agreement", "memorandum of understanding"}
var evtHeadsEN = []string{"summit", "conference", "forum", "congress", "symposium", "ministerial meeting"}

func titleCase(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		if w == "of" || w == "on" {
			continue
		}
		f[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(f, " ")
}

// agreement invents an agreement on topic k, named after city when
// byCity is set.
func (a *article) agreement(k int, city named, byCity bool) thing {
	tp := topics[k]
	if a.lang == "de" {
		h := pickOf(a, a.lx.agrDE)
		t := thing{head: h, gender: genderDE[h]}
		if byCity {
			t.name = h + " von " + city.de
		} else {
			h = pickOf(a, compoundAgrDE)
			t = thing{head: h, gender: genderDE[h], name: tp.stemDE + "-" + h}
		}
		return t
	}
	h := pickOf(a, agrHeadsEN)
	t := thing{head: h}
	if byCity {
		t.name = city.en + " " + titleCase(h)
	} else {
		t.name = tp.nameEN + " " + titleCase(h)
	}
	return t
}

func (a *article) event(k int, city named) thing {
	tp := topics[k]
	if a.lang == "de" {
		if a.pick(3) == 0 {
			h := pickOf(a, a.lx.evtDE)
			return thing{head: h, gender: genderDE[h], name: h + " in " + city.de}
		}
		h := pickOf(a, compoundEvtDE)
		return thing{head: h, gender: genderDE[h], name: tp.stemDE + "-" + h}
	}
	h := pickOf(a, evtHeadsEN)
	if a.pick(2) == 0 {
		return thing{head: h, name: city.en + " " + titleCase(h)}
	}
	return thing{head: h, name: tp.nameEN + " " + titleCase(h)}
}

func (a *article) say(format string, args ...any) {
	a.sents = append(a.sents, fmt.Sprintf(format, args...))
}

// filler adds a sentence without a relation.
func (a *article) filler(cs []country) {
	list := fillerEN
	if a.lang == "de" {
		list = fillerDE
	}
	s := pickOf(a, list)
	s = strings.ReplaceAll(s, "{C}", a.countryName(pickOf(a, cs)))
	s = strings.ReplaceAll(s, "{N}", fmt.Sprint(2+a.pick(60)))
	a.sents = append(a.sents, s)
}

var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func (a *article) write(i int) Article {
	if a.pick(2) == 0 {
		a.lang = "de"
	} else {
		a.lang = "en"
	}
	published := epoch.AddDate(0, 0, a.pick(3*365)).Add(time.Duration(6+a.pick(14)) * time.Hour)
	when := published.AddDate(0, 0, -a.pick(3))
	cs := a.countries(4 + a.pick(3))
	A, B, R, C := cs[0], cs[1], cs[2], cs[3]
	city, city2 := pickOf(a, a.lx.cities), pickOf(a, a.lx.cities)
	k := a.pick(len(topics))
	byCity := a.pick(2) == 0
	main := a.agreement(k, city, byCity)
	about := ""
	if byCity {
		about = " " + topics[k].de
		if a.lang == "en" {
			about = " " + topics[k].en
		}
	}
	prior := a.agreement(a.pick(len(topics)), city2, true)
	ev := a.event(k, city)
	p1, p2, p3 := a.person(A), a.person(B), a.person(C)
	org := pickOf(a, a.lx.orgs)
	priorYear := when.Year() - 1 - a.pick(8)
	next := when.AddDate(0, 1+a.pick(5), 0)

	var title, dateline string
	if a.lang == "de" {
		title = fmt.Sprintf("%s und %s unterzeichnen %s", A.de, B.de, main.name)
		dateline = fmt.Sprintf("%s, %s", a.cityName(city), a.dateText(when))
		a.say("%s und %s haben am %s in %s %s%s unterzeichnet.", A.de, B.de, a.dateText(when), city.de, main.de(1), about)
		a.filler(cs)
		a.say("Auf %s unterzeichnete %s %s für %s den Text gemeinsam mit %s %s.", ev.de(2), p1.role, p1.name(), A.de, p2.role, p2.name())
		a.say("„Das ist ein wichtiger Tag für unsere beiden Länder“, sagte %s.", p1.surname)
		if a.pick(3) > 0 {
			a.filler(cs)
		}
		a.say("%s %s nahm ebenfalls an %s teil.", p3.role, p3.name(), ev.de(2))
		switch a.pick(3) {
		case 0:
			a.say("%s verweigerte dagegen die Unterschrift unter %s.", R.de, main.de(1))
		case 1:
			a.say("%s lehnte %s ab.", R.de, main.de(1))
		default:
			a.say("%s hat %s bislang nicht unterzeichnet.", R.de, main.de(1))
		}
		a.filler(cs)
		a.say("%s baut auf %s aus dem Jahr %d auf.", capitalize(main.de(0)), prior.de(2), priorYear)
		if a.pick(2) == 0 {
			a.say("%s will %s im %s unterzeichnen.", C.de, main.de(1), a.monthText(next))
		} else {
			a.say("%s soll %s im kommenden Jahr beitreten.", C.de, main.de(2))
		}
		if a.pick(2) == 0 {
			a.say("%s %s wird im %s an %s in %s teilnehmen.", p2.role, p2.name(), a.monthText(next), a.event(a.pick(len(topics)), city2).de(2), city2.de)
		}
		if a.pick(2) == 0 {
			a.say("%s nahm nicht an %s teil.", R.de, ev.de(2))
		}
		a.say("Auch %s begrüßte die Einigung.", org.de)
	} else {
		title = fmt.Sprintf("%s and %s sign %s", A.en, B.en, main.name)
		dateline = fmt.Sprintf("%s, %s", strings.ToUpper(city.en), when.Format("January 2"))
		a.say("%s and %s signed %s%s in %s on %s.", A.en, B.en, main.en(), about, city.en, a.dateText(when))
		a.filler(cs)
		a.say("%s %s signed the text for %s at %s, together with %s %s.", p1.role, p1.name(), A.en, ev.en(), p2.role, p2.name())
		a.say("\"This is an important day for both our countries,\" %s said.", p1.surname)
		if a.pick(3) > 0 {
			a.filler(cs)
		}
		a.say("%s %s also attended %s.", p3.role, p3.name(), ev.en())
		switch a.pick(3) {
		case 0:
			a.say("%s refused to sign %s.", R.en, main.en())
		case 1:
			a.say("%s rejected %s.", R.en, main.en())
		default:
			a.say("%s has not signed %s so far.", R.en, main.en())
		}
		a.filler(cs)
		a.say("%s builds on %s of %d.", capitalize(main.en()), prior.en(), priorYear)
		if a.pick(2) == 0 {
			a.say("%s plans to sign %s in %s.", C.en, main.en(), a.monthText(next))
		} else {
			a.say("%s is expected to join %s next year.", C.en, main.en())
		}
		if a.pick(2) == 0 {
			a.say("%s %s will attend %s in %s in %s.", p2.role, p2.name(), a.event(a.pick(len(topics)), city2).en(), city2.en, a.monthText(next))
		}
		if a.pick(2) == 0 {
			a.say("%s did not attend %s.", R.en, ev.en())
		}
		a.say("The %s welcomed the agreement.", org.en)
	}
	for n := 10 + a.pick(16); n > 0; n-- {
		a.filler(cs)
	}
	// Paragraphs of two to five sentences.
	var b strings.Builder
	b.WriteString(title)
	b.WriteString("\n")
	b.WriteString(dateline)
	b.WriteString(" – ")
	for j, s := range a.sents {
		if j > 0 {
			if a.pick(3) == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(s)
	}
	b.WriteString("\n")
	id := fmt.Sprintf("gen-%07d", i)
	return Article{
		ID:        id,
		Title:     title,
		URL:       fmt.Sprintf("https://news.example/%s/%s/%s", a.lang, published.Format("2006/01/02"), id),
		Published: published.Format(time.RFC3339),
		Lang:      a.lang,
		Text:      b.String(),
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
