package extract

import (
	"strings"
	"testing"
	"time"
)

// generalRelationTests hold the common ways press releases, wire stories
// and ministry statements state the four relations, beyond the ones the
// samples and the development set use.
var generalRelationTests = []struct {
	name string
	lang string
	text string
	want []string // facts that must be found
	not  []string // facts that must not be found (any status)
}{
	// signed, English
	{"en put their signatures to", "en", "Chile and Peru put their signatures to the charter on water.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en inked", "en", "Kenya inked the pact on forests on Monday.",
		[]string{"Kenya|signed|pact on forests|asserted"}, nil},
	{"en concluded", "en", "Ghana and Togo concluded an agreement on fisheries in Accra.",
		[]string{"Ghana|signed|agreement on fisheries|asserted", "Togo|signed|agreement on fisheries|asserted"}, nil},
	{"en sealed", "en", "Norway and Iceland sealed the accord on fishing on Friday.",
		[]string{"Norway|signed|accord on fishing|asserted", "Iceland|signed|accord on fishing|asserted"}, nil},
	{"en initialled", "en", "Chile initialled the accord on fishing.",
		[]string{"Chile|signed|accord on fishing|asserted"}, nil},
	{"en countersigned passive", "en", "The accord on fishing was countersigned by Peru.",
		[]string{"Peru|signed|accord on fishing|asserted"}, nil},
	{"en became signatories", "en", "Chile and Peru became signatories to the charter on water.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en became a signatory", "en", "Ghana became a signatory to the charter on water in May.",
		[]string{"Ghana|signed|charter on water|asserted"}, nil},
	{"en signed by three", "en", "The charter on water was signed by Chile, Peru and Bolivia.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted", "Bolivia|signed|charter on water|asserted"}, nil},
	{"en three signed", "en", "Chile, Peru and Bolivia signed the charter on water.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted", "Bolivia|signed|charter on water|asserted"}, nil},
	{"en have signed", "en", "Kenya, Uganda and Tanzania have signed the charter on water.",
		[]string{"Kenya|signed|charter on water|asserted", "Uganda|signed|charter on water|asserted", "Tanzania|signed|charter on water|asserted"}, nil},
	{"en adverb between subject and verb", "en", "Chile and Peru on Tuesday formally signed the charter on water.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en fronted date", "en", "On Tuesday, Chile and Peru signed the charter on water in Lima.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en signed up to", "en", "Chile has now signed up to the charter on water.",
		[]string{"Chile|signed|charter on water|asserted"}, nil},
	{"en signed on to", "en", "Chile signed on to the charter on water last year.",
		[]string{"Chile|signed|charter on water|asserted"}, nil},
	{"en became the nth country to sign", "en", "Ghana became the 40th country to sign the charter on water.",
		[]string{"Ghana|signed|charter on water|asserted"}, nil},
	{"en among the first to sign", "en", "Chile and Peru were among the first to sign the charter on water.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en added its signature", "en", "Chile added its signature to the charter on water.",
		[]string{"Chile|signed|charter on water|asserted"}, nil},
	{"en ratified", "en", "Peru ratified the charter on water.",
		[]string{"Peru|signed|charter on water|asserted"}, nil},
	{"en acceded", "en", "Chile acceded to the charter on water in 2024.",
		[]string{"Chile|signed|charter on water|asserted"}, nil},
	{"en dateline", "en", "LIMA, March 3 (Reuters) - Chile and Peru signed the charter on water on Tuesday.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en signed with a partner", "en", "Chile signed the charter on water with Peru.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en minister signs for state", "en", "Foreign Minister Maria Lopes signed the charter on water.",
		[]string{"Maria Lopes|signed|charter on water|asserted"}, nil},
	{"en signing ceremony attended", "en", "The signing ceremony for the charter on water was attended by Kenya.",
		nil, []string{"Kenya|signed|charter on water|asserted"}},
	{"en said it would not sign", "en", "Hungary said it would not sign the migration pact.",
		nil, []string{"Hungary|signed|migration pact|asserted"}},
	{"en agreed on is not signed", "en", "Chile and Peru agreed on the charter on water.",
		nil, []string{"Chile|signed|charter on water|asserted"}},

	{"en signed in apposition with by later", "en", "The charter on water, signed in Lima on Tuesday by Chile and Peru, enters into force in May.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en signed by the leaders of", "en", "The Geneva Compact was signed by the leaders of Chile and Peru.",
		[]string{"Chile|signed|Geneva Compact|asserted", "Peru|signed|Geneva Compact|asserted"}, nil},
	{"en both sides", "en", "Chile and Peru held talks in Lima. Both sides signed the charter on water.",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en headline comma coordination", "en", "Chile, Peru sign charter on water",
		[]string{"Chile|signed|charter on water|asserted", "Peru|signed|charter on water|asserted"}, nil},
	{"en agreement between parties signed", "en", "An agreement on fisheries between Chile and Peru was signed on Tuesday.",
		[]string{"Chile|signed|agreement on fisheries|asserted", "Peru|signed|agreement on fisheries|asserted"}, nil},
	{"en leaders and counterpart", "en", "President Maria Lopes and her Peruvian counterpart Juan Pérez signed the Geneva Compact.",
		[]string{"Maria Lopes|signed|Geneva Compact|asserted", "Juan Pérez|signed|Geneva Compact|asserted"}, nil},
	{"en attending inverted", "en", "Attending the Ocean Summit were Chile and Peru.",
		[]string{"Chile|attended|Ocean Summit|asserted", "Peru|attended|Ocean Summit|asserted"}, nil},
	{"de anwesend waren", "de", "Beim Ozeangipfel anwesend waren Chile und Peru.",
		[]string{"Chile|attended|Ozeangipfel|asserted", "Peru|attended|Ozeangipfel|asserted"}, nil},
	{"de zu den Teilnehmern", "de", "Zu den Teilnehmern des Ozeangipfels gehörten Chile und Peru.",
		[]string{"Chile|attended|Ozeangipfel|asserted", "Peru|attended|Ozeangipfel|asserted"}, nil},
	{"en successor apposition", "en", "The Geneva Compact, successor to the Lisbon Accord, enters into force in May.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en relative builds on", "en", "Chile and Peru signed the Geneva Compact, which builds on the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted", "Chile|signed|Geneva Compact|asserted"}, nil},
	{"en fronted building on", "en", "Building on the Lisbon Accord, Chile and Peru signed the Geneva Compact.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted", "Chile|signed|Geneva Compact|asserted"}, []string{"Chile|signed|Lisbon Accord"}},
	{"de Nachfolgeabkommen alone", "de", "Chile und Peru unterzeichneten das Nachfolgeabkommen des Lima-Abkommens.",
		[]string{"Chile|signed|Nachfolgeabkommen|asserted"}, []string{"Chile|signed|Lima-Abkommen"}},
	{"en state amends is no builds-on", "en", "Chile amends its fisheries law to meet the Lisbon Accord.",
		nil, []string{"|builds-on|"}},
	{"en coordinated relative antecedent", "en", "Kenya and Uganda, which signed the charter on water last year, attended the Ocean Summit.",
		[]string{"Kenya|signed|charter on water|asserted", "Uganda|signed|charter on water|asserted", "Kenya|attended|Ocean Summit|asserted", "Uganda|attended|Ocean Summit|asserted"}, nil},
	{"de Erstunterzeichner", "de", "Kenia und Uganda gehören zu den Erstunterzeichnern der Charta über Wasser.",
		[]string{"Kenya|signed|Charta über Wasser|asserted", "Uganda|signed|Charta über Wasser|asserted"}, nil},
	{"de kamen zum Gipfel", "de", "Auf Einladung Portugals kamen Vertreter aus Kenia und Uganda zum Ozeangipfel nach Lissabon.",
		[]string{"Kenya|attended|Ozeangipfel|asserted", "Uganda|attended|Ozeangipfel|asserted"}, nil},
	{"de waren dabei", "de", "Kenia und Uganda waren beim Ozeangipfel in Lissabon dabei.",
		[]string{"Kenya|attended|Ozeangipfel|asserted", "Uganda|attended|Ozeangipfel|asserted"}, nil},
	{"de nicht unterzeichnet is no refusal", "de", "Uganda unterzeichnete die Charta über Wasser nicht.",
		[]string{"Uganda|signed|Charta über Wasser|negated"}, []string{"Uganda|refused"}},
	{"de signing placed at an event places later signers", "de", "Beim Ozeangipfel in Lissabon haben 30 Staaten die Charta über Wasser unterzeichnet. Russland verweigerte die Unterschrift. Für Kenia unterzeichnete Außenministerin Maria Lopes. Auch Uganda unterzeichnete die Charta über Wasser.",
		[]string{"Uganda|attended|Ozeangipfel|asserted", "Maria Lopes|attended|Ozeangipfel|asserted"}, nil},
	{"en signing placed at an event places later signers", "en", "At the Ocean Summit in Lisbon, 30 countries signed the charter on water. Talks were long. Uganda signed the charter on water after a delay.",
		[]string{"Uganda|attended|Ocean Summit|asserted"}, nil},
	{"en neither signed nor rejected", "en", "The Ocean Summit opened in Lisbon. Britain, which attended as an observer, neither signed nor rejected the charter on water.",
		[]string{"United Kingdom|attended|Ocean Summit|asserted"}, []string{"United Kingdom|refused|charter on water|asserted", "United Kingdom|signed|charter on water|asserted"}},
	{"en signed one, rejected another", "en", "Chile signed the charter on water but rejected the protocol on fishing.",
		[]string{"Chile|signed|charter on water|asserted", "Chile|refused|protocol on fishing|asserted"}, nil},
	{"en the article's only event", "en", "The Ocean Summit opened in Lisbon on Monday. Ministers spoke about fishing. Prices rose. Ships waited. Ports closed. Nets were mended. Fishermen protested. Brazil and Mexico sent delegations but have not yet decided whether to sign.",
		[]string{"Brazil|attended|Ocean Summit|asserted", "Mexico|attended|Ocean Summit|asserted"}, nil},
	// signed, German
	{"de paraphierten", "de", "Chile und Peru paraphierten das Abkommen über Fischerei.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de besiegelten", "de", "Chile und Peru besiegelten am Montag das Abkommen über Fischerei.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de schlossen ab", "de", "Chile und Peru schlossen ein Abkommen über Fischerei ab.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de setzten ihre Unterschrift", "de", "Chile und Peru setzten ihre Unterschrift unter das Abkommen über Fischerei.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de unterschrieben", "de", "Chile und Peru unterschrieben das Abkommen über Fischerei.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de inverted passive", "de", "Unterschrieben wurde das Abkommen über Fischerei von Chile und Peru.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de verb second", "de", "Am Montag unterzeichneten Chile und Peru das Abkommen über Fischerei.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de perfect with place", "de", "In Lima haben Chile und Peru das Abkommen über Fischerei unterzeichnet.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de object first", "de", "Das Abkommen über Fischerei haben Chile und Peru unterzeichnet.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted", "Peru|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de schloss sich an", "de", "Chile schloss sich dem Abkommen über Fischerei an.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de hat sich angeschlossen", "de", "Chile hat sich dem Abkommen über Fischerei angeschlossen.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de beigetreten", "de", "Chile ist dem Abkommen über Fischerei beigetreten.",
		[]string{"Chile|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de unterzeichnet wurde von people", "de", "Unterzeichnet wurde das Abkommen über Fischerei von Außenministerin Maria Lopes und ihrem peruanischen Amtskollegen Juan Pérez.",
		[]string{"Maria Lopes|signed|Abkommen über Fischerei|asserted", "Juan Pérez|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de geeinigt is not signed", "de", "Chile und Peru haben sich auf ein Abkommen über Fischerei geeinigt.",
		nil, []string{"Chile|signed|Abkommen über Fischerei|asserted"}},

	// attended, English
	{"en took part in", "en", "Chile took part in the Ocean Summit in Lisbon.",
		[]string{"Chile|attended|Ocean Summit|asserted"}, nil},
	{"en joined the summit", "en", "Chile joined the Ocean Summit in Lisbon.",
		[]string{"Chile|attended|Ocean Summit|asserted"}, []string{"Chile|signed"}},
	{"en were present at", "en", "Delegations from Chile and Peru were present at the Ocean Summit.",
		[]string{"Chile|attended|Ocean Summit|asserted", "Peru|attended|Ocean Summit|asserted"}, nil},
	{"en sent a delegation", "en", "Chile sent a delegation to the Ocean Summit in Lisbon.",
		[]string{"Chile|attended|Ocean Summit|asserted"}, nil},
	{"en was represented at", "en", "Chile was represented at the Ocean Summit by its foreign minister.",
		[]string{"Chile|attended|Ocean Summit|asserted"}, nil},
	{"en attended passive", "en", "The Ocean Summit was attended by Chile and Peru.",
		[]string{"Chile|attended|Ocean Summit|asserted", "Peru|attended|Ocean Summit|asserted"}, nil},
	{"en participated in", "en", "More than 40 countries, including Chile and Peru, participated in the Ocean Summit.",
		[]string{"Chile|attended|Ocean Summit|asserted", "Peru|attended|Ocean Summit|asserted"}, nil},
	{"en travelled to for", "en", "Foreign Minister Maria Lopes travelled to Lisbon for the Ocean Summit.",
		[]string{"Maria Lopes|attended|Ocean Summit|asserted"}, nil},
	{"en spoke at", "en", "Foreign Minister Maria Lopes spoke at the Ocean Summit on Monday.",
		[]string{"Maria Lopes|attended|Ocean Summit|asserted"}, nil},
	{"en skipped", "en", "Russia skipped the Ocean Summit.",
		[]string{"Russia|attended|Ocean Summit|negated"}, []string{"Russia|attended|Ocean Summit|asserted"}},

	// attended, German
	{"de war vertreten", "de", "Chile war beim Ozeangipfel in Lissabon vertreten.",
		[]string{"Chile|attended|Ozeangipfel|asserted"}, nil},
	{"de zu Gast", "de", "Außenministerin Maria Lopes war zu Gast beim Ozeangipfel in Lissabon.",
		[]string{"Maria Lopes|attended|Ozeangipfel|asserted"}, nil},
	{"de reiste zum Gipfel", "de", "Außenministerin Maria Lopes reiste zum Ozeangipfel nach Lissabon.",
		[]string{"Maria Lopes|attended|Ozeangipfel|asserted"}, nil},
	{"de subject after verb", "de", "Am Ozeangipfel nahmen auch Chile und Peru teil.",
		[]string{"Chile|attended|Ozeangipfel|asserted", "Peru|attended|Ozeangipfel|asserted"}, nil},
	{"de representatives took part", "de", "Vertreter aus Chile und Peru nahmen an dem Ozeangipfel teil.",
		[]string{"Chile|attended|Ozeangipfel|asserted", "Peru|attended|Ozeangipfel|asserted"}, nil},
	{"de besucht passive", "de", "Der Ozeangipfel wurde von Chile und Peru besucht.",
		[]string{"Chile|attended|Ozeangipfel|asserted", "Peru|attended|Ozeangipfel|asserted"}, nil},
	{"de entsandte", "de", "Chile entsandte eine Delegation zum Ozeangipfel in Lissabon.",
		[]string{"Chile|attended|Ozeangipfel|asserted"}, nil},
	{"de sprach auf", "de", "Außenministerin Maria Lopes sprach auf dem Ozeangipfel in Lissabon.",
		[]string{"Maria Lopes|attended|Ozeangipfel|asserted"}, nil},

	// refused, English
	{"en declined to sign", "en", "Hungary declined to sign the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, []string{"Hungary|signed"}},
	{"en stayed out of", "en", "Hungary stayed out of the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, nil},
	{"en rejected", "en", "Hungary and Poland rejected the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted", "Poland|refused|migration pact|asserted"}, nil},
	{"en rejected passive", "en", "The migration pact was rejected by Hungary.",
		[]string{"Hungary|refused|migration pact|asserted"}, nil},
	{"en withheld its signature", "en", "Hungary withheld its signature from the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, []string{"Hungary|signed"}},
	{"en opted not to sign", "en", "Hungary opted not to sign the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, []string{"Hungary|signed|migration pact|asserted"}},
	{"en chose not to join", "en", "Hungary chose not to join the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, []string{"Hungary|signed|migration pact|asserted"}},
	{"en turned down", "en", "Hungary turned down the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, nil},
	{"en walked away from", "en", "Hungary walked away from the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, nil},
	{"en abstained", "en", "Hungary abstained from signing the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, []string{"Hungary|signed|migration pact|asserted"}},
	{"en refused to put its name", "en", "Hungary has so far refused to put its name to the migration pact.",
		[]string{"Hungary|refused|migration pact|asserted"}, []string{"Hungary|signed"}},

	// refused, German
	{"de verweigerte die Unterschrift", "de", "Ungarn verweigerte die Unterschrift unter den Migrationspakt.",
		[]string{"Hungary|refused|Migrationspakt|asserted"}, []string{"Hungary|signed"}},
	{"de lehnte es ab zu", "de", "Ungarn lehnte es ab, den Migrationspakt zu unterzeichnen.",
		[]string{"Hungary|refused|Migrationspakt|asserted"}, []string{"Hungary|signed|Migrationspakt|asserted"}},
	{"de blieb fern", "de", "Ungarn blieb dem Migrationspakt fern.",
		[]string{"Hungary|refused|Migrationspakt|asserted"}, nil},
	{"de wies zurück", "de", "Ungarn wies den Migrationspakt zurück.",
		[]string{"Hungary|refused|Migrationspakt|asserted"}, nil},
	{"de sprach sich gegen aus", "de", "Ungarn sprach sich gegen den Migrationspakt aus.",
		[]string{"Hungary|refused|Migrationspakt|asserted"}, nil},
	{"de verzichtete auf Unterzeichnung", "de", "Ungarn verzichtete auf die Unterzeichnung des Migrationspakts.",
		[]string{"Hungary|refused|Migrationspakt|asserted"}, []string{"Hungary|signed|Migrationspakt|asserted"}},
	{"de abgelehnt passive", "de", "Der Migrationspakt wurde von Ungarn abgelehnt.",
		[]string{"Hungary|refused|Migrationspakt|asserted"}, nil},
	{"de trat nicht bei", "de", "Ungarn trat dem Migrationspakt nicht bei.",
		nil, []string{"Hungary|signed|Migrationspakt|asserted"}},

	// builds-on, English
	{"en expands on", "en", "The Geneva Compact expands on the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en follows up on", "en", "The Geneva Compact follows up on the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en is the successor to", "en", "The Geneva Compact is the successor to the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en updates", "en", "The Geneva Compact updates the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en amends", "en", "The Geneva Compact amends the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en relative replaces", "en", "The Geneva Compact, which replaces the Lisbon Accord, enters into force in May.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en follow-up apposition", "en", "The Geneva Compact, a follow-up to the Lisbon Accord, enters into force in May.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en modelled on", "en", "The Geneva Compact is modelled on the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en builds on with year", "en", "The Geneva Compact builds on the 2019 Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en extends", "en", "The Geneva Compact extends the Lisbon Accord by ten years.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en deepens", "en", "The Geneva Compact deepens the Lisbon Accord.",
		[]string{"Geneva Compact|builds-on|Lisbon Accord|asserted"}, nil},
	{"en state implements is no builds-on", "en", "Chile implements the Lisbon Accord.",
		nil, []string{"|builds-on|"}},

	// builds-on, German
	{"de knüpft an an", "de", "Das Abkommen über Fischerei knüpft an das Lima-Abkommen an.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de baut auf auf", "de", "Das Abkommen über Fischerei baut auf dem Lima-Abkommen auf.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de Nachfolgeabkommen", "de", "Das Abkommen über Fischerei ist das Nachfolgeabkommen des Lima-Abkommens.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de in Fortführung", "de", "In Fortführung des Lima-Abkommens unterzeichneten Chile und Peru das Abkommen über Fischerei.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted", "Chile|signed|Abkommen über Fischerei|asserted"}, nil},
	{"de erweitert", "de", "Das Abkommen über Fischerei erweitert das Lima-Abkommen.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de setzt fort", "de", "Das Abkommen über Fischerei setzt das Lima-Abkommen fort.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de schreibt fort", "de", "Das Abkommen über Fischerei schreibt das Lima-Abkommen fort.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de stützt sich auf", "de", "Das Abkommen über Fischerei stützt sich auf das Lima-Abkommen.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de Weiterentwicklung", "de", "Das Abkommen über Fischerei ist eine Weiterentwicklung des Lima-Abkommens.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de aktualisiert", "de", "Das Abkommen über Fischerei aktualisiert das Lima-Abkommen.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
	{"de löst ab", "de", "Das Abkommen über Fischerei löst das Lima-Abkommen ab.",
		[]string{"Abkommen über Fischerei|builds-on|Lima-Abkommen|asserted"}, nil},
}

func TestRelationsGeneral(t *testing.T) {
	x := newTestExtractor(t)
	for _, tt := range generalRelationTests {
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
