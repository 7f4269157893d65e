package extract

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

var (
	testExtractorOnce sync.Once
	testExtractor     *Extractor
	testExtractorErr  error
)

// newTestExtractor returns an extractor with the rules alone: the table
// tests here check the rules. TestLearnedClearCases and
// TestExtractionFloor check the default, learned extractor.
func newTestExtractor(t testing.TB) *Extractor {
	t.Helper()
	testExtractorOnce.Do(func() { testExtractor, testExtractorErr = New(nil, WithRules()) })
	if testExtractorErr != nil {
		t.Fatal(testExtractorErr)
	}
	return testExtractor
}

// facts renders a result's relations as "subject|predicate|object|status",
// status being asserted, planned, possible, demanded or negated, sorted.
func facts(r *Result) []string {
	var out []string
	for _, rel := range r.Relations {
		status := string(rel.Modality)
		if rel.Negated {
			status = "negated"
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s", r.Entity(rel.Subject).Name, rel.Predicate, r.Entity(rel.Object).Name, status))
	}
	sort.Strings(out)
	return out
}

// hasFact reports whether got holds want, comparing names by their fold
// and accepting an alias for a name: want "Canada|signed|trade agreement|asserted".
func hasFact(r *Result, want string) bool {
	w := strings.Split(want, "|")
	for _, rel := range r.Relations {
		status := string(rel.Modality)
		if rel.Negated {
			status = "negated"
		}
		if string(rel.Predicate) != w[1] || status != w[3] {
			continue
		}
		if nameMatches(r.Entity(rel.Subject), w[0]) && nameMatches(r.Entity(rel.Object), w[2]) {
			return true
		}
	}
	return false
}

func nameMatches(e *Entity, name string) bool {
	f := Fold(name)
	if Fold(e.Name) == f {
		return true
	}
	for _, a := range e.Aliases {
		if Fold(a) == f {
			return true
		}
	}
	return false
}

// The sentences are written for these tests; each covers one pattern class
// of relation extraction, in German and English, including the modality
// and negation traps.
var relationTests = []struct {
	name string
	lang string
	text string
	want []string // facts that must be found
	not  []string // facts that must not be found (any status)
}{
	// signed
	{"de active coordination", "de", "Frankreich und Polen unterzeichneten am Dienstag ein Abkommen über den Grenzschutz.",
		[]string{"France|signed|Abkommen über den Grenzschutz|asserted", "Poland|signed|Abkommen über den Grenzschutz|asserted"}, nil},
	{"de people with roles", "de", "Die französische Außenministerin Claire Martin und ihr polnischer Amtskollege Tomasz Nowak haben in Warschau einen Freundschaftsvertrag unterzeichnet.",
		[]string{"Claire Martin|signed|Freundschaftsvertrag|asserted", "Tomasz Nowak|signed|Freundschaftsvertrag|asserted"}, []string{"France|signed", "Poland|signed"}},
	{"de passive", "de", "Das Abkommen über den Grenzschutz wurde am Dienstag von Frankreich und Polen unterzeichnet.",
		[]string{"France|signed|Abkommen über den Grenzschutz|asserted", "Poland|signed|Abkommen über den Grenzschutz|asserted"}, nil},
	{"de attributive participle with von", "de", "Die von Chile und Peru unterzeichnete Erklärung zur Fischerei tritt in Kraft.",
		[]string{"Chile|signed|Erklärung zur Fischerei|asserted", "Peru|signed|Erklärung zur Fischerei|asserted"}, nil},
	{"de attributive participle without signer", "de", "Die im Januar unterzeichnete Erklärung zur Fischerei tritt in Kraft.",
		nil, []string{"|signed|"}},
	{"de planned", "de", "Spanien und Portugal wollen im März ein Wasserabkommen unterzeichnen.",
		[]string{"Spain|signed|Wasserabkommen|planned", "Portugal|signed|Wasserabkommen|planned"}, []string{"Spain|signed|Wasserabkommen|asserted"}},
	{"de planned passive", "de", "Das Handelsabkommen soll im Juni von Japan und Mexiko unterzeichnet werden.",
		[]string{"Japan|signed|Handelsabkommen|planned", "Mexico|signed|Handelsabkommen|planned"}, nil},
	{"de negated", "de", "Ungarn hat die Erklärung zur Migration nicht unterzeichnet.",
		[]string{"Hungary|signed|Erklärung zur Migration|negated"}, []string{"Hungary|signed|Erklärung zur Migration|asserted"}},
	{"de possible", "de", "Norwegen könnte das Abkommen über Fischfang unterzeichnen.",
		[]string{"Norway|signed|Abkommen über Fischfang|possible"}, nil},
	// refused
	{"de refused signature", "de", "Brasilien und Indonesien verweigerten ihre Unterschrift unter die Abschlusserklärung.",
		[]string{"Brazil|refused|Abschlusserklärung|asserted", "Indonesia|refused|Abschlusserklärung|asserted"}, []string{"Brazil|signed"}},
	{"de separable reject", "de", "Die Türkei lehnte das Abkommen über Flüchtlinge ab.",
		[]string{"Turkey|refused|Abkommen über Flüchtlinge|asserted"}, nil},
	{"de refusal to join", "de", "Die Weigerung Argentiniens, dem Abkommen über Klimaschutz beizutreten, überraschte.",
		[]string{"Argentina|refused|Abkommen über Klimaschutz|asserted"}, []string{"Argentina|signed"}},
	// attended
	{"de separable attend", "de", "Bundeskanzler Friedrich Brandt nahm am G20-Gipfel in Rio teil.",
		[]string{"Friedrich Brandt|attended|G20-Gipfel|asserted"}, nil},
	{"de attended by setting", "de", "Auf dem Nato-Gipfel in Vilnius unterzeichneten Schweden und Finnland ein Protokoll zur Verteidigung.",
		[]string{"Sweden|attended|Nato-Gipfel|asserted", "Finland|attended|Nato-Gipfel|asserted", "Sweden|signed|Protokoll zur Verteidigung|asserted"}, nil},
	{"de did not attend", "de", "Präsidentin Maria Lopes nahm nicht an der Klimakonferenz teil.",
		[]string{"Maria Lopes|attended|Klimakonferenz|negated"}, []string{"Maria Lopes|attended|Klimakonferenz|asserted"}},
	// builds-on
	{"de builds on", "de", "Das neue Abkommen baut auf dem Pariser Klimaabkommen auf.",
		[]string{"Abkommen|builds-on|Pariser Klimaabkommen|asserted"}, nil},
	{"de replaces", "de", "Die Erklärung von Lima ersetzt das Memorandum von 2019.",
		[]string{"Erklärung von Lima|builds-on|Memorandum|asserted"}, nil},
	{"de expanded into", "de", "Das bestehende „Grenz-Programm“ soll zum „Europa-Programm“ ausgebaut werden.",
		[]string{"Europa-Programm|builds-on|Grenz-Programm|asserted"}, nil},
	// coreference
	{"de both countries", "de", "Japan und Südkorea trafen sich in Tokio. Beide Länder unterzeichneten eine Absichtserklärung.",
		[]string{"Japan|signed|Absichtserklärung|asserted", "South Korea|signed|Absichtserklärung|asserted"}, nil},
	{"de surname later", "de", "Die Ministerin Claire Martin reiste nach Wien. Dort unterzeichnete Martin ein Abkommen über Energie.",
		[]string{"Claire Martin|signed|Abkommen über Energie|asserted"}, nil},

	{"en active", "en", "Canada and Mexico signed a trade agreement on Tuesday.",
		[]string{"Canada|signed|trade agreement|asserted", "Mexico|signed|trade agreement|asserted"}, nil},
	{"en passive", "en", "The fisheries agreement was signed by Chile and Peru in Lima.",
		[]string{"Chile|signed|fisheries agreement|asserted", "Peru|signed|fisheries agreement|asserted"}, nil},
	{"en planned", "en", "Germany will sign the declaration on migration next week.",
		[]string{"Germany|signed|declaration on migration|planned"}, []string{"Germany|signed|declaration on migration|asserted"}},
	{"en negated", "en", "France did not sign the accord on fishing.",
		[]string{"France|signed|accord on fishing|negated"}, []string{"France|signed|accord on fishing|asserted"}},
	{"en refused to sign", "en", "Brazil refused to sign the declaration on deforestation.",
		[]string{"Brazil|refused|declaration on deforestation|asserted"}, []string{"Brazil|signed"}},
	{"en declined to join", "en", "India declined to join the alliance for solar power.",
		[]string{"India|refused|alliance for solar power|asserted"}, []string{"India|signed"}},
	{"en attended", "en", "Prime Minister Anna Lindqvist attended the NATO summit in Madrid.",
		[]string{"Anna Lindqvist|attended|NATO summit in Madrid|asserted"}, nil},
	{"en attended by setting", "en", "At the G20 summit in Rio, Japan and Brazil signed a memorandum of understanding.",
		[]string{"Japan|attended|G20 summit in Rio|asserted", "Brazil|signed|memorandum of understanding|asserted"}, nil},
	{"en builds on", "en", "The new pact builds on the Paris Agreement.",
		[]string{"pact|builds-on|Paris Agreement|asserted"}, nil},
	{"en replaces", "en", "The Lima Declaration replaces the Quito Accord.",
		[]string{"Lima Declaration|builds-on|Quito Accord|asserted"}, nil},
	{"en both countries", "en", "Japan and South Korea met in Tokyo. Both countries signed the charter on tourism.",
		[]string{"Japan|signed|charter on tourism|asserted", "South Korea|signed|charter on tourism|asserted"}, nil},
	{"en question is not a fact", "en", "Will Chile sign the charter on tourism?",
		nil, []string{"Chile|signed|charter on tourism|asserted"}},

	// nominalisations
	{"de nominal signing with durch", "de", "Die Unterzeichnung des Abkommens über Stahl durch Schweden und Norwegen erfolgte am Freitag.",
		[]string{"Sweden|signed|Abkommen über Stahl|asserted", "Norway|signed|Abkommen über Stahl|asserted"}, nil},
	{"de refusal noun", "de", "Die Ablehnung des Pakts über Migration durch Polen überraschte Brüssel.",
		[]string{"Poland|refused|Pakt über Migration|asserted"}, nil},
	{"de withdrawal", "de", "Der Rückzug der Vereinigten Staaten aus dem Abkommen über Klimaschutz belastet die Gespräche.",
		[]string{"United States|refused|Abkommen über Klimaschutz|asserted"}, nil},
	{"en refusal noun", "en", "Hungary's refusal of the migration pact angered Brussels.",
		[]string{"Hungary|refused|migration pact|asserted"}, nil},
	// more builds-on
	{"de basis is", "de", "Die Europäische Union und Japan vertiefen ihre Digitalpartnerschaft. Basis ist das Abkommen über Datenflüsse.",
		[]string{"Digitalpartnerschaft|builds-on|Abkommen über Datenflüsse|asserted"}, nil},
	{"en succeeds", "en", "The Geneva Compact succeeds the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en renews", "en", "The agreement on fisheries renews the Nordic Accord.",
		[]string{"agreement on fisheries|builds-on|Nordic Accord|asserted"}, nil},
	// more coreference
	{"en the two ministers", "en", "Foreign Minister Anna Lindqvist met Trade Minister Tomasz Nowak in Oslo. The two ministers signed a declaration on energy.",
		[]string{"Anna Lindqvist|signed|declaration on energy|asserted", "Tomasz Nowak|signed|declaration on energy|asserted"}, nil},
	{"en pronoun", "en", "President Maria Lopes arrived in Lima on Monday. She signed the charter on water.",
		[]string{"Maria Lopes|signed|charter on water|asserted"}, nil},
	{"de capital for government", "de", "Peking lehnte das Abkommen über Seltene Erden ab.",
		[]string{"China|refused|Abkommen über Seltene Erden|asserted"}, nil},
	// participles and settings in English
	{"en attributive participle is no signer", "en", "The recently signed accord on fishing enters into force.",
		nil, []string{"|signed|"}},
	{"en signed by in apposition", "en", "The accord on fishing, signed by Chile and Peru in May, enters into force.",
		[]string{"Chile|signed|accord on fishing|asserted", "Peru|signed|accord on fishing|asserted"}, nil},
	{"en signatories", "en", "Chile and Peru were among the signatories of the accord on fishing.",
		[]string{"Chile|signed|accord on fishing|asserted", "Peru|signed|accord on fishing|asserted"}, nil},
	{"de signatories", "de", "Zu den Unterzeichnern des Abkommens über Fischerei gehören Chile und Peru.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de ratified", "de", "Irland hat das Abkommen über Fischerei ratifiziert.",
		[]string{"Ireland|signed|Abkommen über Fischerei|asserted"}, nil},
	{"en agreed to sign is a plan", "en", "Canada agreed to sign the accord on fishing.",
		[]string{"Canada|signed|accord on fishing|planned"}, []string{"Canada|signed|accord on fishing|asserted"}},
	{"en refused to attend", "en", "Russia refused to attend the peace summit.",
		[]string{"Russia|attended|peace summit|negated"}, []string{"Russia|attended|peace summit|asserted"}},
	{"en boycotted", "en", "Iran boycotted the disarmament conference.",
		[]string{"Iran|attended|disarmament conference|negated"}, []string{"Iran|attended|disarmament conference|asserted"}},
	{"en relative clause object", "en", "The new pact replaces the Lima Accord, which Chile and Peru signed in 2010.",
		[]string{"Chile|signed|Lima Accord|asserted", "Peru|signed|Lima Accord|asserted"}, nil},
	{"de relative clause passive", "de", "Das neue Abkommen ersetzt die Energiepartnerschaft, die 2019 von Chile und Peru unterzeichnet worden war.",
		[]string{"Chile|signed|Energiepartnerschaft|asserted", "Peru|signed|Energiepartnerschaft|asserted"}, nil},
	{"en including list", "en", "The charter on water was signed by 20 countries including Chile, Peru and Bolivia.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted", "Bolivia|signed|charter on water|asserted"}, nil},
	{"en roles with company names", "en", "Zentrix Labs and Orvald Group agreed on terms. The partnership agreement was signed by Zentrix Chief Executive Officer Maria Lopes and Orvald President and CEO Anna Lindqvist.",
		[]string{"Maria Lopes|signed|partnership agreement|asserted", "Anna Lindqvist|signed|partnership agreement|asserted"}, nil},
	{"de ceremony setting", "de", "Außenministerin Claire Martin und ihr Amtskollege Tomasz Nowak unterzeichneten ein Abkommen über Grenzschutz. Die Zeremonie fand am Rande der Warschauer Sicherheitskonferenz statt.",
		[]string{"Claire Martin|attended|Warschauer Sicherheitskonferenz|asserted", "Tomasz Nowak|attended|Warschauer Sicherheitskonferenz|asserted"}, nil},
	{"de setting carried to the next sentence", "de", "Beim Gipfel für Meeresschutz in Lima haben 30 Staaten eine Erklärung zum Meeresschutz unterzeichnet. Chile und Peru verweigerten ihre Unterschrift.",
		[]string{"Chile|attended|Gipfel für Meeresschutz in Lima|asserted", "Chile|refused|Erklärung zum Meeresschutz|asserted"}, nil},
	{"en attended the event under discussion", "en", "The Andean Water Summit opened in Quito on Monday. Bolivia, which attended as an observer, made no statement.",
		[]string{"Bolivia|attended|Andean Water Summit|asserted"}, nil},
	{"de successor law with year", "de", "Das Klimaschutzgesetz 2026 ersetzt das Klimaschutzgesetz aus dem Jahr 2011.",
		[]string{"Klimaschutzgesetz 2026|builds-on|Klimaschutzgesetz aus dem Jahr 2011|asserted"}, nil},
	{"de truncated compound", "de", "Chile und Peru unterzeichneten die Energie- und Rohstoffpartnerschaft.",
		[]string{"Chile|signed|Energie- und Rohstoffpartnerschaft|asserted"}, nil},
	{"en nominal signing by", "en", "The signing of the Andes Water Charter by Foreign Minister Maria Lopes took place in Lima.",
		[]string{"Maria Lopes|signed|Andes Water Charter|asserted"}, nil},
	{"de speaking at an event", "de", "Auf der Klimakonferenz in Bonn sagte Umweltministerin Maria Lopes, die Zeit dränge.",
		[]string{"Maria Lopes|attended|Klimakonferenz in Bonn|asserted"}, nil},
	{"en speaking at an event", "en", "At the Ocean Summit in Lisbon, Kenya warned against delays.",
		[]string{"Kenya|attended|Ocean Summit|asserted"}, nil},
	{"en voted against", "en", "Hungary voted against the resolution on migration.",
		[]string{"Hungary|refused|resolution on migration|asserted"}, nil},
	{"de withdrawal separable", "de", "Argentinien trat aus dem Abkommen über Klimaschutz aus.",
		[]string{"Argentina|refused|Abkommen über Klimaschutz|asserted"}, nil},
	{"de headline with finite verb", "de", "Pressemitteilung\n\nChile und Peru unterzeichnen Absichtserklärung für Wasserstoff",
		[]string{"Chile|signed|Absichtserklärung|asserted", "Peru|signed|Absichtserklärung|asserted"}, nil},
	{"de role compound and surname", "de", "Die Absichtserklärung über Wasserstoff wurde von Staatssekretär Florian Brandt und Acme-Geschäftsführerin Svenja Nowak unterzeichnet. Staatssekretär Brandt sprach von einem Erfolg.",
		[]string{"Florian Brandt|signed|Absichtserklärung über Wasserstoff|asserted", "Svenja Nowak|signed|Absichtserklärung über Wasserstoff|asserted"}, nil},
	{"en declined to comment is no refusal", "en", "Acme Shipyards declined to comment on the accord on fishing.",
		nil, []string{"|refused|"}},
	{"en declined what the clause before offered", "en", "The ministry invited Estonia to take part in Project SEAGUARD, but Estonia declined, citing costs.",
		[]string{"Estonia|refused|Project SEAGUARD|asserted"}, nil},
	{"en relative clause after parties", "en", "The MoU builds on the Defence Cooperation Agreement between Finland and Norway, which Helsinki and Oslo signed in 2023.",
		[]string{"Finland|signed|Defence Cooperation Agreement|asserted", "Norway|signed|Defence Cooperation Agreement|asserted"}, nil},
	{"de subordinate clause attendance", "de", "Der lettische Minister Andris Kalnins, der ebenfalls an der Klimakonferenz teilnahm, sagte nichts.",
		[]string{"Andris Kalnins|attended|Klimakonferenz|asserted"}, nil},
	{"en other signers attended where the signing took place", "en", "At the Ocean Summit in Lisbon, Kenya signed the charter on water. Chile also signed the charter on water.",
		[]string{"Chile|attended|Ocean Summit|asserted"}, nil},
	{"en apposition to a counterpart", "en", "Maria Lopes signed the charter on water alongside her Kenyan counterpart, Cabinet Secretary Peter Otieno.",
		[]string{"Peter Otieno|signed|charter on water|asserted"}, nil},
	{"de states of a federation sign", "de", "Die Länder Bayern, Hessen und Sachsen haben am Donnerstag den Staatsvertrag über den Rundfunk unterzeichnet.",
		[]string{"Bavaria|signed|Staatsvertrag über den Rundfunk|asserted", "Saxony|signed|Staatsvertrag über den Rundfunk|asserted"}, nil},
	{"de title after role and signing without object", "de", "Der Staatsvertrag über den Rundfunk liegt vor. Für Bayern unterzeichnete Ministerpräsidentin Dr. Henrike Albers.",
		[]string{"Henrike Albers|signed|Staatsvertrag über den Rundfunk|asserted"}, []string{"Dr|"}},
	{"de refused consent in a relative frame", "de", "Die Partnerschaft für Fischerei wurde unterzeichnet. Doch Mauretanien, das bereits eine eigene Vereinbarung mit Brüssel hat, verweigerte seine Zustimmung.",
		[]string{"Mauritania|refused|Partnerschaft für Fischerei|asserted"}, []string{"European Union|refused"}},
	{"en renewing states sign", "en", "Fiji, Samoa and Tonga renewed the Pacific Tuna Accord on Thursday. The new accord supersedes the Suva Arrangement.",
		[]string{"Fiji|signed|Pacific Tuna Accord|asserted", "Pacific Tuna Accord|builds-on|Suva Arrangement|asserted"}, nil},
	{"en ministers from states", "en", "The Pacific Tuna Accord was drafted in May. Fisheries ministers from Fiji and Samoa inked the text at the Pacific Islands Forum.",
		[]string{"Fiji|signed|Pacific Tuna Accord|asserted", "Samoa|attended|Pacific Islands Forum|asserted"}, nil},
	{"en among the delegates", "en", "The Ocean Summit opened in Lisbon. New Zealand's trade minister, Helen Park, was among the delegates.",
		[]string{"Helen Park|attended|Ocean Summit|asserted"}, nil},
	{"de towns and mayors", "de", "Lüneburg und die Stadt Viljandi feiern. Die Bürgermeister beider Städte, Anna Krüger und Mart Tamm, unterzeichneten im Rathaus die Partnerschaftsurkunde.",
		[]string{"Anna Krüger|signed|Partnerschaftsurkunde|asserted", "Mart Tamm|signed|Partnerschaftsurkunde|asserted"}, nil},
	{"en on behalf of", "en", "The charter on water was signed by Maria Lopes on behalf of Chile.",
		[]string{"Maria Lopes|signed|charter on water|asserted"}, nil},
	{"en leaders of states", "en", "Leaders of Chile and Peru signed the charter on water.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"de stayed away", "de", "Russland blieb dem Gipfel für Frieden in Genf fern.",
		[]string{"Russia|attended|Gipfel für Frieden in Genf|negated"}, nil},
	{"en on the sidelines", "en", "On the sidelines of the climate summit, Kenya signed a pact on forests.",
		[]string{"Kenya|attended|climate summit|asserted", "Kenya|signed|pact on forests|asserted"}, nil},
}

func TestRelations(t *testing.T) {
	x := newTestExtractor(t)
	for _, tt := range relationTests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &Document{ID: "t", Lang: tt.lang, Text: tt.text, Published: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)}
			r, err := x.Extract(doc)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Validate(); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !hasFact(r, w) {
					t.Errorf("missing %s\n got %q", w, facts(r))
				}
			}
			for _, n := range tt.not {
				for _, f := range facts(r) {
					if strings.HasPrefix(n, "|") && strings.Contains(f, n) || strings.HasPrefix(f, n) || strings.HasPrefix(Fold(f), Fold(n)) {
						t.Errorf("unexpected %s", f)
					}
				}
			}
		})
	}
}

func TestEntities(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		name string
		text string
		want []string // "Type:Name"
		not  []string
	}{
		{"person by given name", "Gestern sprach Olga Petrenko in Kiew.", []string{"Person:Olga Petrenko", "Place:Kyiv"}, nil},
		{"two surnames", "Außenministerin Aminata Ndiaye Sall sprach.", []string{"Person:Aminata Ndiaye Sall"}, nil},
		{"person by role", "Außenministerin Baerbock traf Minister Jaishankar.", []string{"Person:Baerbock", "Person:Jaishankar"}, nil},
		{"genitive name", "Donald Trumps Rückkehr ins Weiße Haus.", []string{"Person:Donald Trump"}, []string{"Person:Donald Trumps Rückkehr"}},
		{"acronym definition", "Das Lieferkettengesetz (LkSG) gilt. Das LkSG wirkt.", []string{"Initiative:Lieferkettengesetz"}, nil},
		{"versioned successor", "Das Lieferkettengesetz gilt. Nun kommt das Lieferkettengesetz 2.0.", nil, nil},
		{"capital as government", "Paris lehnt den Plan ab. Der Gipfel fand in Paris statt.", []string{"Country:France", "Place:Paris"}, nil},
		{"brussels stands for the EU", "Brüssel lehnt den Plan ab.", []string{"Organization:European Union"}, []string{"Country:Belgium"}},
		{"dateline place", "Kleinstadt, Spanien, 5. Mai 2025 – Die Stadt feiert.", []string{"Place:Kleinstadt"}, nil},
		{"no sentence-start function word", "Oder doch nicht? Also gut.", nil, []string{"Place:Oder"}},
		{"html-like name stays text", "Die Firma <Acme> lehnt ab.", nil, nil},
		{"english proper agreement", "The Sovereign Data Alliance was launched.", []string{"Agreement:Sovereign Data Alliance"}, nil},
		{"organisation by type noun", "Laut der Meinungsplattform Civey stimmen viele zu.", []string{"Organization:Civey"}, nil},
		{"title-case headline", "Acme Widgets Signs Memorandum of Understanding With Ministry of Water", nil, []string{"Organization:Acme Widgets Signs Memorandum", "Agreement:Memorandum of Understanding With Ministry"}},
		{"product with version", "Das Modell Mistral 7 und Gemma 2 sind frei.", []string{"Product:Gemma 2"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := x.Extract(&Document{ID: "t", Lang: "de", Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Validate(); err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			var list []string
			for _, e := range r.Entities {
				got[string(e.Type)+":"+e.Name] = true
				list = append(list, string(e.Type)+":"+e.Name)
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("missing %s; got %q", w, list)
				}
			}
			for _, n := range tt.not {
				if got[n] {
					t.Errorf("unexpected %s", n)
				}
			}
		})
	}
}

func TestLanguageDetection(t *testing.T) {
	x := newTestExtractor(t)
	for text, want := range map[string]string{
		"Die Minister unterzeichneten das Abkommen und reisten ab.": "de",
		"The ministers signed the agreement and left for home.":     "en",
	} {
		r, err := x.Extract(&Document{ID: "t", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if r.Lang != want {
			t.Errorf("%q: language %s, want %s", text, r.Lang, want)
		}
	}
}

func TestUserLexicon(t *testing.T) {
	lx, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	p := t.TempDir() + "/user.tsv"
	data := "# test lexicon\nOrganization\tZorblax Industries\tZorblax;ZBX\tQ424242\nGivenName\tQwerty\nRole\tOberzauberer\n"
	if err := writeFile(p, data); err != nil {
		t.Fatal(err)
	}
	if err := lx.LoadUserLexicon(p); err != nil {
		t.Fatal(err)
	}
	x, err := New(lx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := x.Extract(&Document{ID: "t", Lang: "de", Text: "ZBX und Oberzauberer Gandolf sowie Qwerty Uiop trafen sich."})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Zorblax Industries": "Q424242", "Gandolf": "", "Qwerty Uiop": ""}
	for _, e := range r.Entities {
		if wd, ok := want[e.Name]; ok {
			if wd != e.Wikidata {
				t.Errorf("%s: wikidata %q, want %q", e.Name, e.Wikidata, wd)
			}
			delete(want, e.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("not found: %v in %+v", want, r.Entities)
	}
	bad := t.TempDir() + "/bad.tsv"
	if err := writeFile(bad, "Planet\tMars\n"); err != nil {
		t.Fatal(err)
	}
	if err := lx.LoadUserLexicon(bad); err == nil || !strings.Contains(err.Error(), "bad.tsv:1") {
		t.Errorf("bad type: error %v, want one naming the line", err)
	}
}

func TestEvidenceOffsets(t *testing.T) {
	x := newTestExtractor(t)
	text := "Überschrift „Ä“\n\nFrankreich und Polen unterzeichneten ein Abkommen über Zölle. 🇫🇷 Danach nichts."
	r, err := x.Extract(&Document{ID: "t", Lang: "de", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(text)
	if len(r.Relations) == 0 {
		t.Fatal("no relation found")
	}
	for _, rel := range r.Relations {
		if got := string(runes[rel.Span.Start:rel.Span.End]); got != rel.Sentence {
			t.Errorf("span %d-%d is %q, sentence %q", rel.Span.Start, rel.Span.End, got, rel.Sentence)
		}
	}
	for _, e := range r.Entities {
		for _, m := range e.Mentions {
			s := string(runes[m.Start:m.End])
			if !nameMatches(&e, s) && !strings.Contains(s, strings.Fields(e.Name)[0]) {
				t.Errorf("%s: mention %d-%d is %q", e.Name, m.Start, m.End, s)
			}
		}
	}
}

// BenchmarkExtract extracts the sample articles with the default
// extractor (rules, tagger and models); BenchmarkExtractRules with the
// rules alone.
func BenchmarkExtract(b *testing.B) {
	x, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkExtract(b, x)
}

func BenchmarkExtractRules(b *testing.B) { benchmarkExtract(b, newTestExtractor(b)) }

func benchmarkExtract(b *testing.B, x *Extractor) {
	var docs []*Document
	err := Walk([]string{"../testdata/seeds"}, nil, func(d *Document) error { docs = append(docs, d); return nil }, nil)
	if err != nil {
		b.Fatal(err)
	}
	size, sents := 0, 0
	for _, d := range docs {
		size += len(d.Text)
		sents += len(Sentences(d.Text))
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			if _, err := x.Extract(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(sents)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Frankreich und Polen unterzeichneten ein Abkommen über Zölle.",
		"Beide Länder verweigerten ihre Unterschrift unter die Erklärung.",
		"The agreement was signed by Chile and Peru. Both countries attended the summit.",
		"„X-Allianz“ (XA) baut auf der Y-Allianz auf. OZG 2.0",
		"A, B, 1. Mai 2025 – Dr. . . „“ ( ) 's",
	} {
		f.Add(s)
	}
	// The rules alone and the default, learned extractor: both read
	// untrusted text.
	learned, err := New(nil)
	if err != nil {
		f.Fatal(err)
	}
	xs := []*Extractor{newTestExtractor(f), learned}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		for _, x := range xs {
			r, err := x.Extract(&Document{ID: "fuzz", Text: s})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Validate(); err != nil {
				t.Fatalf("%v in %q", err, s)
			}
			runes := []rune(s)
			for _, rel := range r.Relations {
				if string(runes[rel.Span.Start:rel.Span.End]) != rel.Sentence {
					t.Fatalf("evidence span %d-%d does not hold the sentence in %q", rel.Span.Start, rel.Span.End, s)
				}
				if rel.Confidence < 0 || rel.Confidence > 1 {
					t.Fatalf("confidence %v in %q", rel.Confidence, s)
				}
			}
		}
	})
}

func TestDeterministic(t *testing.T) {
	x := newTestExtractor(t)
	text := "At the Ocean Summit in Lisbon, Kenya and Chile signed the charter on water. Peru also signed it. " +
		"Beide Länder verweigerten ihre Unterschrift unter die Erklärung. Die Zeremonie fand am Rande des Gipfels statt."
	var first string
	for i := 0; i < 5; i++ {
		r, err := x.Extract(&Document{ID: "d", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := WriteJSONL(&b, r); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b.String()
		} else if b.String() != first {
			t.Fatalf("run %d differs:\n%s\nvs\n%s", i, b.String(), first)
		}
	}
}
