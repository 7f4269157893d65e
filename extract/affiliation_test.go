package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	learnedOnce sync.Once
	learned     *Extractor
	learnedErr  error
)

// newLearnedExtractor returns the default extractor, with the learned
// model and tagger, shared by the tests.
func newLearnedExtractor(t testing.TB) *Extractor {
	t.Helper()
	learnedOnce.Do(func() { learned, learnedErr = New(nil) })
	if learnedErr != nil {
		t.Fatal(learnedErr)
	}
	return learned
}

// affiliationsOf renders the affiliated-with relations of r as
// "person|target|cue", sorted, and checks their invariants: asserted,
// not negated, no date, the evidence is the sentence the person is named
// in and its span.
func affiliationsOf(t *testing.T, r *Result) []string {
	t.Helper()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	runes := []rune(r.Doc.Text)
	var out []string
	for _, rel := range r.Relations {
		if rel.Predicate != AffiliatedWith {
			continue
		}
		s, o := r.Entity(rel.Subject), r.Entity(rel.Object)
		if s.Type != Person || o.Type != Country && o.Type != Organization {
			t.Errorf("%s %s %s: want a person and a state or organisation", s.Type, rel.Predicate, o.Type)
		}
		if rel.Negated || rel.Modality != Asserted || rel.Date != "" || rel.Confidence <= 0 || rel.Confidence > 1 {
			t.Errorf("%s|%s: negated %v, modality %s, date %q, confidence %v", s.Name, o.Name, rel.Negated, rel.Modality, rel.Date, rel.Confidence)
		}
		if got := string(runes[rel.Span.Start:rel.Span.End]); got != rel.Sentence {
			t.Errorf("%s|%s: span %v holds %q, not the evidence %q", s.Name, o.Name, rel.Span, got, rel.Sentence)
		}
		named := false
		for _, m := range s.Mentions {
			named = named || m.Start >= rel.Span.Start && m.End <= rel.Span.End
		}
		if !named {
			t.Errorf("%s|%s: evidence %q does not name the person", s.Name, o.Name, rel.Sentence)
		}
		if !strings.Contains(rel.Sentence, rel.Cue) {
			t.Errorf("%s|%s: cue %q not in the evidence %q", s.Name, o.Name, rel.Cue, rel.Sentence)
		}
		out = append(out, s.Name+"|"+o.Name+"|"+rel.Cue)
	}
	sort.Strings(out)
	return out
}

func TestAffiliations(t *testing.T) {
	x := newLearnedExtractor(t)
	tests := []struct {
		name, lang, text string
		want             []string // person|target|cue
		sentence         string   // the evidence of the first wanted relation
	}{
		// German.
		{
			name: "de adjective role complement comma name",
			lang: "de",
			text: "Der kanadische Minister für Künstliche Intelligenz, Evan Solomon, unterzeichnete am Montag die Erklärung.",
			want: []string{"Evan Solomon|Canada|Minister"},
		},
		{
			name: "de possessive adjective counterpart",
			lang: "de",
			text: "In Berlin unterzeichneten Digitalminister Karsten Wildberger und sein kanadischer Amtskollege Evan Solomon eine Absichtserklärung. Kanada will mehr investieren.",
			want: []string{"Evan Solomon|Canada|Amtskollege"},
			// The first sentence, not the one naming Kanada.
			sentence: "In Berlin unterzeichneten Digitalminister Karsten Wildberger und sein kanadischer Amtskollege Evan Solomon eine Absichtserklärung.",
		},
		{
			name: "de role genitive state comma name",
			lang: "de",
			text: "Der Außenminister der Niederlande, Caspar Veldkamp, reiste am Dienstag nach Berlin.",
			want: []string{"Caspar Veldkamp|Netherlands|Außenminister"},
		},
		{
			name: "de name apposition role of state",
			lang: "de",
			text: "Ruben Brekelmans, Verteidigungsminister der Niederlande, sprach in Den Haag.",
			want: []string{"Ruben Brekelmans|Netherlands|Verteidigungsminister"},
		},
		{
			name: "de genitive state before role",
			lang: "de",
			text: "Kanadas Premierminister Mark Carney reiste nach Brüssel.",
			want: []string{"Mark Carney|Canada|Premierminister"},
		},
		{
			name: "de compound state",
			lang: "de",
			text: "US-Präsident Donald Trump reiste am Freitag nach Kanada.",
			want: []string{"Donald Trump|United States|US-Präsident"},
		},
		{
			name:     "de compound organisation",
			lang:     "de",
			text:     "Siemens-Chef Roland Busch sprach in München. Siemens will in Kanada investieren.",
			want:     []string{"Roland Busch|Siemens|Siemens-Chef"},
			sentence: "Siemens-Chef Roland Busch sprach in München.",
		},
		{
			name: "de apposition organisation von",
			lang: "de",
			text: "Roland Busch, Vorstandsvorsitzender von Siemens, sagte am Montag, man wolle wachsen.",
			want: []string{"Roland Busch|Siemens|Vorstandsvorsitzender"},
		},
		{
			name:     "de federal role in a document about Germany",
			lang:     "de",
			text:     "Bundeskanzler Olaf Scholz empfing den Gast in Berlin. Deutschland und Kanada wollen enger zusammenarbeiten.",
			want:     []string{"Olaf Scholz|Germany|Bundeskanzler"},
			sentence: "Bundeskanzler Olaf Scholz empfing den Gast in Berlin.",
		},
		{
			name: "de federal role in a document about Austria",
			lang: "de",
			text: "Bundeskanzler Karl Nehammer sprach in Wien. Österreich und Deutschland wollen enger zusammenarbeiten.",
		},
		{
			name: "de list of roles and states",
			lang: "de",
			text: "Die Außenminister Deutschlands und Frankreichs, Annalena Baerbock und Catherine Colonna, trafen sich in Paris.",
		},
		{
			name: "de two adjectives before one role",
			lang: "de",
			text: "Der deutsche und der französische Minister Karl Huber und Jean Dupont unterzeichneten das Abkommen.",
		},
		{
			name: "de met the French president",
			lang: "de",
			text: "Olaf Scholz traf den französischen Präsidenten am Montag in Paris.",
		},
		{
			name: "de expert holds no role for the state",
			lang: "de",
			text: "Der kanadische Experte Evan Solomon sprach in Berlin.",
		},
		// English.
		{
			name: "en possessive state role",
			lang: "en",
			text: "Canada's Prime Minister Justin Trudeau arrived in Berlin on Monday.",
			// The tagger takes the role into the name.
			want: []string{"Prime Minister Justin Trudeau|Canada|Prime Minister"},
		},
		{
			name: "en adjective role",
			lang: "en",
			text: "French President Emmanuel Macron opened the summit in Paris.",
			want: []string{"Emmanuel Macron|France|President"},
		},
		{
			name: "en apposition possessive state role of portfolio",
			lang: "en",
			text: "Evan Solomon, Canada's Minister of AI, signed the declaration in Munich.",
			want: []string{"Evan Solomon|Canada|Minister"},
		},
		{
			name: "en role of state comma name with initial",
			lang: "en",
			text: "The Foreign Minister of India, S. Jaishankar, said on Monday that talks would go on.",
			want: []string{"Jaishankar|India|Foreign Minister"},
		},
		{
			name: "en apposition role of organisation",
			lang: "en",
			text: "The agreement is a milestone, Jurie Roux, chief executive of Siemens, said.",
			want: []string{"Jurie Roux|Siemens|executive"},
		},
		{
			name: "en organisation before role",
			lang: "en",
			text: "Adidas head of marketing Michael Riehl said the company was excited.",
			want: []string{"Michael Riehl|Adidas|head"},
		},
		{
			name: "en met the French president",
			lang: "en",
			text: "Olaf Scholz met the French president in Paris on Monday.",
		},
		{
			name: "en apposition after a list of names",
			lang: "en",
			text: "Olaf Scholz, Emmanuel Macron, the French president, said so.",
		},
		{
			name: "en apposition that is a list",
			lang: "en",
			text: "Olaf Scholz, the French president and the Canadian prime minister met in Paris.",
		},
		{
			name: "en plural role",
			lang: "en",
			text: "Canadian ministers Evan Solomon and Melanie Joly signed the agreement.",
		},
		{
			name: "en two targets before the role",
			lang: "en",
			text: "German NATO ambassador Hans Dieter Lucas spoke in Brussels.",
		},
		{
			name: "en roman numeral",
			lang: "en",
			text: "Downing Street chose Blenheim, birthplace of World War II leader Winston Churchill, for the meeting.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := x.Extract(&Document{ID: "t", Lang: tt.lang, Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			got := affiliationsOf(t, r)
			if !slices.Equal(got, tt.want) {
				t.Errorf("affiliations = %q, want %q", got, tt.want)
			}
			if len(tt.want) == 0 {
				if !slices.ContainsFunc(r.Entities, func(e Entity) bool { return e.Type == Person }) {
					t.Errorf("no person found: the case tests nothing")
				}
				return
			}
			want := tt.sentence
			if want == "" {
				want = tt.text
			}
			for _, rel := range r.Relations {
				if rel.Predicate == AffiliatedWith && rel.Sentence != want {
					t.Errorf("evidence %q, want %q", rel.Sentence, want)
				}
			}
		})
	}
}

// TestAffiliationNewCountry checks that a state the document names only
// by an adjective becomes a Country entity of its own, from the lexicon,
// and that the other entities keep their numbers.
func TestAffiliationNewCountry(t *testing.T) {
	x := newLearnedExtractor(t)
	r, err := x.Extract(&Document{ID: "t", Lang: "de", Text: "Der kanadische Minister für Künstliche Intelligenz, Evan Solomon, kam nach München."})
	if err != nil {
		t.Fatal(err)
	}
	if got := affiliationsOf(t, r); !slices.Equal(got, []string{"Evan Solomon|Canada|Minister"}) {
		t.Fatalf("affiliations = %q", got)
	}
	last := r.Entities[len(r.Entities)-1]
	if last.ID != fmt.Sprintf("e%d", len(r.Entities)) || last.Type != Country || last.Key != "CA" || last.Wikidata != "Q16" || last.Country != "CA" {
		t.Errorf("new entity %+v, want Canada (CA, Q16) last", last)
	}
	if !slices.Equal(last.Aliases, []string{"Kanada"}) {
		t.Errorf("aliases %q, want the German name", last.Aliases)
	}
	if len(last.Mentions) != 1 || string([]rune(r.Doc.Text)[last.Mentions[0].Start:last.Mentions[0].End]) != "kanadische" {
		t.Errorf("mentions %v, want the adjective", last.Mentions)
	}
}

// TestAffiliationOncePerPair checks that a person and a target make one
// relation per document, with the first evidence.
func TestAffiliationOncePerPair(t *testing.T) {
	x := newLearnedExtractor(t)
	text := "French President Emmanuel Macron arrived in Berlin. Later French President Emmanuel Macron spoke to the press."
	r, err := x.Extract(&Document{ID: "t", Lang: "en", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if got := affiliationsOf(t, r); !slices.Equal(got, []string{"Emmanuel Macron|France|President"}) {
		t.Fatalf("affiliations = %q", got)
	}
	for _, rel := range r.Relations {
		if rel.Predicate == AffiliatedWith && rel.Span.Start != 0 {
			t.Errorf("evidence %q, want the first sentence", rel.Sentence)
		}
	}
}

// TestAffiliationSamples checks the affiliations the sample articles
// state: the Canadian ministers and the German federal ones.
func TestAffiliationSamples(t *testing.T) {
	x := newLearnedExtractor(t)
	var docs []*Document
	if err := Walk([]string{"../testdata/seeds"}, nil, func(d *Document) error { docs = append(docs, d); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"000": {"Evan Solomon|Canada|Amtskollege"},
		"001": {"Evan Solomon|Canada|Minister", "Karsten Wildberger|Germany|Bundesminister"},
		"002": {"Bettina Stark-Watzinger|Germany|Bundesforschungsministerin", "François-Philippe Champagne|Canada|Amtskollege"},
		"004": {"Ruben Brekelmans|Netherlands|Verteidigungsminister"},
	}
	seen := 0
	for _, d := range docs {
		base := d.ID[strings.LastIndex(d.ID, "/")+1:]
		w, ok := want[base[:3]]
		if !ok {
			continue
		}
		seen++
		r, err := x.Extract(d)
		if err != nil {
			t.Fatal(err)
		}
		got := affiliationsOf(t, r)
		for _, f := range w {
			if !slices.Contains(got, f) {
				t.Errorf("%s: no %s in %q", base, f, got)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d of the %d sample documents found", seen, len(want))
	}
}

// TestExtractedPredicates checks that affiliated-with is a predicate of
// the output only: the model and the rules decide on the four others.
func TestExtractedPredicates(t *testing.T) {
	if got := Predicates[len(Predicates)-1]; got != AffiliatedWith {
		t.Errorf("last predicate %s, want %s", got, AffiliatedWith)
	}
	if slices.Contains(Extracted, AffiliatedWith) {
		t.Errorf("Extracted holds %s", AffiliatedWith)
	}
	if !slices.Equal(Extracted, Predicates[:len(Predicates)-1]) {
		t.Errorf("Extracted = %v, want the predicates before %s", Extracted, AffiliatedWith)
	}
}
