package gencorpus

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
)

// country is a state from countries.tsv.
type country struct {
	code                 string
	en, de               string
	adjEN, adjDE         string // "Canadian", "kanadisch"
	capitalEN, capitalDE string
}

// named is an organisation or place with its English and German names.
type named struct {
	en, de string
}

// role is a role word of roles.tsv in its base form.
type role struct {
	form string
	kind string
}

// lexicons is what the generator draws from: the extractor's own data
// files, so that generated text names things the extractor knows.
type lexicons struct {
	countries []country
	cities    []named
	orgs      []named
	rolesDE   []role
	rolesEN   []role
	given     []string
	// heads of agreements and events by language, from keywords.tsv.
	agrDE, agrEN, evtDE, evtEN []string
}

// readTSV calls fn with the named columns of every data line of a
// tab-separated lexicon file.
func readTSV(name string, fn func(get func(string) string)) error {
	b, err := extract.DataFile(name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var head map[string]int
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if head == nil {
			head = map[string]int{}
			for i, h := range f {
				head[h] = i
			}
			continue
		}
		fn(func(col string) string {
			if i, ok := head[col]; ok && i < len(f) {
				return strings.TrimSpace(f[i])
			}
			return ""
		})
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// simple reports whether a name is plain enough to put into a template
// sentence: no parentheses, slashes or digits, at most four words.
func simple(s string) bool {
	return s != "" && !strings.ContainsAny(s, "()/0123456789,;\"") && len(strings.Fields(s)) <= 4
}

func loadLexicons() (*lexicons, error) {
	lx := &lexicons{}
	err := readTSV("countries.tsv", func(get func(string) string) {
		c := country{code: get("code"), en: get("en"), de: get("de"), adjEN: get("en_adj"), adjDE: get("de_adj"),
			capitalEN: get("capital_en"), capitalDE: get("capital_de")}
		if strings.Contains(c.adjDE, ";") {
			c.adjDE = strings.Split(c.adjDE, ";")[0]
		}
		if strings.Contains(c.adjEN, ";") {
			c.adjEN = strings.Split(c.adjEN, ";")[0]
		}
		if simple(c.en) && simple(c.de) && len(c.code) == 2 {
			lx.countries = append(lx.countries, c)
		}
	})
	if err != nil {
		return nil, err
	}
	err = readTSV("places.tsv", func(get func(string) string) {
		if get("kind") != "city" {
			return
		}
		p := named{en: get("en"), de: get("de")}
		if p.de == "" {
			p.de = p.en
		}
		if simple(p.en) && simple(p.de) {
			lx.cities = append(lx.cities, p)
		}
	})
	if err != nil {
		return nil, err
	}
	err = readTSV("organizations.tsv", func(get func(string) string) {
		o := named{en: get("en"), de: get("de")}
		if o.de == "" {
			o.de = o.en
		}
		if simple(o.en) && simple(o.de) {
			lx.orgs = append(lx.orgs, o)
		}
	})
	if err != nil {
		return nil, err
	}
	err = readTSV("roles.tsv", func(get func(string) string) {
		r := role{form: get("form"), kind: get("kind")}
		switch r.kind {
		case "minister", "head_of_state", "head_of_government", "diplomat":
		default:
			return
		}
		if !simple(r.form) || r.form[0] < 'A' || r.form[0] > 'Z' && !strings.HasPrefix(r.form, "Ä") && !strings.HasPrefix(r.form, "Ö") && !strings.HasPrefix(r.form, "Ü") {
			return
		}
		switch get("lang") {
		case "de":
			// Base forms only: "Außenministerin", not "Außenministers"
			// or "Präsidenten".
			lf := strings.ToLower(r.form)
			if strings.HasSuffix(lf, "en") || strings.HasSuffix(lf, "ern") || strings.HasSuffix(lf, "s") || strings.Contains(r.form, " ") {
				return
			}
			lx.rolesDE = append(lx.rolesDE, r)
		case "en":
			if strings.HasSuffix(r.form, "s") {
				return
			}
			lx.rolesEN = append(lx.rolesEN, r)
		}
	})
	if err != nil {
		return nil, err
	}
	err = readTSV("keywords.tsv", func(get func(string) string) {
		h := get("head")
		if !simple(h) || strings.Contains(h, " ") {
			return
		}
		switch get("lang") + "/" + get("type") {
		case "de/Agreement":
			if _, ok := genderDE[h]; ok {
				lx.agrDE = append(lx.agrDE, h)
			}
		case "en/Agreement":
			lx.agrEN = append(lx.agrEN, h)
		case "de/Event":
			if _, ok := genderDE[h]; ok {
				lx.evtDE = append(lx.evtDE, h)
			}
		case "en/Event":
			lx.evtEN = append(lx.evtEN, h)
		}
	})
	if err != nil {
		return nil, err
	}
	b, err := extract.DataFile("given_names.txt")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") && simple(line) && !strings.Contains(line, " ") {
			lx.given = append(lx.given, line)
		}
	}
	for _, l := range []struct {
		name string
		n    int
	}{{"countries", len(lx.countries)}, {"cities", len(lx.cities)}, {"organisations", len(lx.orgs)},
		{"German roles", len(lx.rolesDE)}, {"English roles", len(lx.rolesEN)}, {"given names", len(lx.given)},
		{"German agreement heads", len(lx.agrDE)}, {"English agreement heads", len(lx.agrEN)},
		{"German event heads", len(lx.evtDE)}, {"English event heads", len(lx.evtEN)}} {
		if l.n == 0 {
			return nil, fmt.Errorf("gencorpus: the lexicons give no %s", l.name)
		}
	}
	return lx, nil
}

// genderDE is the grammatical gender of the German agreement and event
// heads the templates use ('m', 'f', 'n'); heads not listed are not used,
// so that every article the generator writes is grammatical.
var genderDE = map[string]byte{
	"Abkommen": 'n', "Vertrag": 'm', "Erklärung": 'f', "Absichtserklärung": 'f', "Pakt": 'm',
	"Memorandum": 'n', "Vereinbarung": 'f', "Partnerschaft": 'f', "Charta": 'f', "Protokoll": 'n',
	"Übereinkommen": 'n', "Allianz": 'f', "Handelsabkommen": 'n', "Freihandelsabkommen": 'n',
	"Rahmenabkommen": 'n', "Kooperationsabkommen": 'n', "Partnerschaftsabkommen": 'n',
	"Gipfel": 'm', "Konferenz": 'f', "Gipfeltreffen": 'n', "Tagung": 'f', "Forum": 'n', "Kongress": 'm',
	"Klimakonferenz": 'f', "Sicherheitskonferenz": 'f', "Ministertreffen": 'n', "Spitzentreffen": 'n',
	"Sondergipfel": 'm', "Jahrestagung": 'f', "Versammlung": 'f', "Messe": 'f', "Symposium": 'n',
}

// surnames are invented-plausible family names; the lexicons hold given
// names only.
var surnames = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
	"Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hartmann", "Lange",
	"Krüger", "Werner", "Lehmann", "Köhler", "Brandt", "Vogel", "Sommer", "Winter", "Haas", "Graf",
	"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker",
	"Wright", "Thompson", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke", "Jackson",
	"Dubois", "Lefèvre", "Moreau", "Laurent", "Rossi", "Bianchi", "Romano", "García", "Fernández", "López",
	"Martínez", "Silva", "Santos", "Costa", "Pereira", "Nowak", "Kowalski", "Wiśniewski", "Novák", "Horváth",
	"Jansen", "de Vries", "Bakker", "Visser", "Andersson", "Johansson", "Nielsen", "Hansen", "Virtanen", "Korhonen",
	"Tanaka", "Suzuki", "Takahashi", "Watanabe", "Kim", "Park", "Nguyen", "Tran", "Singh", "Sharma",
	"Okafor", "Mensah", "Abebe", "Kamau", "Haddad", "Yilmaz", "Kaya", "Demir", "Petrov", "Ivanova",
	"Brekke", "Herrero", "Solberg", "Moretti", "Castillo", "Ortega", "Navarro", "Alvarez", "Ramos", "Mendes",
}

// Topics of agreements, as a German phrase after "über"/"zur" and an
// English one after "on", and a German compound stem and an English
// adjective for names.
var topics = []struct {
	de, en, stemDE, nameEN string
}{
	{"über Zölle auf Stahl", "on steel tariffs", "Stahl", "Steel"},
	{"zur Regulierung künstlicher Intelligenz", "on the regulation of artificial intelligence", "KI", "AI"},
	{"über kritische Rohstoffe", "on critical raw materials", "Rohstoff", "Raw Materials"},
	{"über grünen Wasserstoff", "on green hydrogen", "Wasserstoff", "Hydrogen"},
	{"zum Schutz der Meere", "on the protection of the oceans", "Meeresschutz", "Ocean"},
	{"über den Austausch von Daten", "on data sharing", "Daten", "Data"},
	{"zur Cybersicherheit", "on cybersecurity", "Cyber", "Cyber Security"},
	{"über Fischereirechte", "on fishing rights", "Fischerei", "Fisheries"},
	{"zur Zusammenarbeit in der Raumfahrt", "on cooperation in space", "Raumfahrt", "Space"},
	{"über Energiepartnerschaften", "on energy cooperation", "Energie", "Energy"},
	{"zur Migration", "on migration", "Migrations", "Migration"},
	{"über Halbleiter", "on semiconductors", "Halbleiter", "Semiconductor"},
	{"zur Gesundheitsvorsorge", "on health preparedness", "Gesundheits", "Health"},
	{"über Agrarhandel", "on agricultural trade", "Agrar", "Agricultural Trade"},
	{"zur Abrüstung", "on disarmament", "Abrüstungs", "Disarmament"},
	{"über Klimafinanzierung", "on climate finance", "Klima", "Climate"},
	{"zur Bildung", "on education", "Bildungs", "Education"},
	{"über Luftverkehr", "on air transport", "Luftverkehrs", "Air Transport"},
}

// fillerDE and fillerEN are sentences without relations, as news text has
// many: context, figures, quotes. {C} slots take a country name, {N} a
// number.
var fillerDE = []string{
	"Die Verhandlungen hatten mehr als {N} Monate gedauert.",
	"Kritiker bemängeln, dass die Vereinbarung zu vage bleibt und keine Sanktionen vorsieht.",
	"Die Wirtschaft in {C} wuchs im vergangenen Jahr um {N} Prozent.",
	"Beobachter werten den Schritt als Signal an die internationalen Partner.",
	"Umweltverbände begrüßten die Einigung grundsätzlich, forderten aber verbindliche Ziele.",
	"Der Handel zwischen beiden Seiten hat sich in den vergangenen zehn Jahren fast verdoppelt.",
	"In {C} stößt das Vorhaben bei der Opposition auf Widerstand.",
	"Nach Angaben der Regierung sollen in den kommenden Jahren rund {N} Millionen Euro investiert werden.",
	"Die Gespräche fanden unter strengen Sicherheitsvorkehrungen statt.",
	"Experten rechnen damit, dass weitere Staaten folgen werden.",
	"Zuletzt hatten sich die Beziehungen zwischen den Ländern deutlich verbessert.",
	"Ein Sprecher des Ministeriums wollte sich zu Einzelheiten nicht äußern.",
	"Die Opposition sprach von einem überfälligen Schritt.",
	"Das Parlament muss dem Text noch zustimmen.",
	"An den Börsen wurde die Nachricht mit Erleichterung aufgenommen.",
	"Das Außenministerium kündigte an, den Text in der kommenden Woche vollständig zu veröffentlichen.",
	"Wirtschaftsverbände hatten seit Jahren auf einfachere Zollverfahren gedrängt.",
	"Die Vereinbarung umfasst {N} Kapitel, vom Investitionsschutz bis zu Arbeitsstandards.",
	"Mehrere Abgeordnete in {C} bezweifeln, dass die Zusagen durchsetzbar sind.",
	"Die Zölle auf {N} Warengruppen sollen über fünf Jahre schrittweise sinken.",
	"Die nächste Verhandlungsrunde ist für den Herbst angesetzt.",
	"Gewerkschaften warnten vor Risiken für Arbeitsplätze in der Stahl- und Autoindustrie.",
	"Vertreter aus {C} erklärten, die Umsetzung beginne sofort.",
	"Die Regierung in {C} bezeichnete die Gespräche als konstruktiv und offen.",
	"Beide Seiten betonten, dass der Text für weitere Partner offen bleibe.",
	"Eine gemeinsame Arbeitsgruppe soll alle {N} Monate über Fortschritte berichten.",
	"Das Dokument war in mehreren Verhandlungsrunden auf Fachebene entstanden.",
	"Zivilgesellschaftliche Organisationen wurden nach eigenen Angaben nicht beteiligt.",
	"Die Einfuhren aus {C} stiegen im ersten Halbjahr um {N} Prozent.",
	"Diplomaten beschrieben die Atmosphäre des Treffens als herzlich.",
}

var fillerEN = []string{
	"The negotiations had lasted more than {N} months.",
	"Critics say the text remains vague and contains no sanctions.",
	"The economy of {C} grew by {N} percent last year.",
	"Observers see the move as a signal to international partners.",
	"Environmental groups broadly welcomed the deal but called for binding targets.",
	"Trade between the two sides has almost doubled over the past decade.",
	"In {C}, the opposition has criticised the plan.",
	"According to the government, around {N} million euros are to be invested over the coming years.",
	"The talks took place under tight security.",
	"Analysts expect further states to follow.",
	"Relations between the countries have improved markedly in recent months.",
	"A ministry spokesperson declined to comment on details.",
	"The opposition called it a long overdue step.",
	"Parliament still has to approve the text.",
	"Markets reacted with relief to the news.",
	"The foreign ministry said the text would be published in full next week.",
	"Business associations had lobbied for years for simpler customs procedures.",
	"The agreement covers {N} chapters, from investment protection to labour standards.",
	"Several lawmakers in {C} have questioned whether the commitments are enforceable.",
	"Under the deal, tariffs on {N} product groups will be phased out over five years.",
	"The next round of talks is scheduled for the autumn.",
	"Unions warned that jobs in the steel and car industries could be at risk.",
	"Officials from {C} said implementation would begin immediately.",
	"The government in {C} described the talks as constructive and open.",
	"Both sides stressed that the text remains open to further partners.",
	"A joint working group will report on progress every {N} months.",
	"The document was drafted over several rounds of negotiations at expert level.",
	"Civil society organisations were not consulted, campaigners complained.",
	"Imports from {C} rose by {N} percent in the first half of the year.",
	"Diplomats described the atmosphere at the meeting as cordial.",
}
