package export_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// exampleInput is one article in which Canada signs the Pact.
func exampleInput() *export.Input {
	m, err := graph.NewMinter("")
	if err != nil {
		panic(err)
	}
	text := "Canada signed the Pact."
	res := &extract.Result{
		Doc:  &extract.Document{ID: "a.txt", Title: "Pact signed", Text: text, Published: time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)},
		Lang: "en",
		Entities: []extract.Entity{
			{ID: "e1", Type: extract.Country, Name: "Canada", Key: "CA", Wikidata: "Q16", Mentions: []extract.Span{{Start: 0, End: 6}}},
			{ID: "e2", Type: extract.Agreement, Name: "Pact", Key: "pact", Mentions: []extract.Span{{Start: 18, End: 22}}},
		},
		Relations: []extract.Relation{{Subject: "e1", Predicate: extract.Signed, Object: "e2", Modality: extract.Asserted,
			Confidence: 0.9, Cue: "signed", Sentence: text, Span: extract.Span{Start: 0, End: 23}, Date: "2026-02-14"}},
	}
	return export.NewInput(graph.DocumentQuads(m, res), "example")
}

// grep prints the lines of b that contain any of the words, trimmed.
func grep(b []byte, words ...string) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		for _, w := range words {
			if strings.Contains(sc.Text(), w) {
				fmt.Println(strings.TrimSpace(sc.Text()))
				break
			}
		}
	}
}

// The RDF writers share prefixes, escaping and the Web Annotation of each
// statement's evidence. Turtle merges the documents' graphs; TriG, N-Quads
// and JSON-LD keep one named graph per document.
func ExampleWriteTurtle() {
	if err := export.WriteTurtle(os.Stdout, exampleInput()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
	// @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
	// @prefix owl: <http://www.w3.org/2002/07/owl#> .
	// @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
	// @prefix schema: <https://schema.org/> .
	// @prefix prov: <http://www.w3.org/ns/prov#> .
	// @prefix ng: <https://newsgraph.invalid/ns#> .
	// @prefix oa: <http://www.w3.org/ns/oa#> .
	// @prefix wd: <http://www.wikidata.org/entity/> .
	// @prefix agreement: <https://newsgraph.invalid/id/agreement/> .
	// @prefix country: <https://newsgraph.invalid/id/country/> .
	// @prefix doc: <https://newsgraph.invalid/id/doc/> .
	// @prefix stmt: <https://newsgraph.invalid/id/stmt/> .
	//
	// agreement:pact a ng:Agreement ;
	//     rdfs:label "Pact" .
	//
	// country:CA a schema:Country ;
	//     rdfs:label "Canada" ;
	//     owl:sameAs wd:Q16 ;
	//     ng:isoCode "CA" ;
	//     ng:signed agreement:pact .
	//
	// doc:18b7cb099a9ea3f50ba899b5 a schema:NewsArticle ;
	//     ng:contentHash "9935e0af703d34df92932827d58135a5fa6508d8d7f604ec33a331ea4219c5b0" ;
	//     schema:datePublished "2026-02-14"^^xsd:date ;
	//     schema:headline "Pact signed" ;
	//     schema:identifier "a.txt" ;
	//     schema:inLanguage "en" ;
	//     schema:mentions agreement:pact ,
	//          country:CA .
	//
	// stmt:572542a391fc3d88cdd60bf0 a oa:Annotation ,
	//          ng:Statement ;
	//     oa:hasTarget stmt:572542a391fc3d88cdd60bf0\#target ;
	//     oa:motivatedBy oa:describing ;
	//     prov:wasDerivedFrom doc:18b7cb099a9ea3f50ba899b5 ;
	//     ng:cameo "057" ;
	//     ng:confidence "0.90"^^xsd:decimal ;
	//     ng:cue "signed" ;
	//     ng:date "2026-02-14"^^xsd:date ;
	//     ng:end "23"^^xsd:integer ;
	//     ng:evidence "Canada signed the Pact." ;
	//     ng:modality "asserted" ;
	//     ng:object agreement:pact ;
	//     ng:polarity "positive" ;
	//     ng:predicate ng:signed ;
	//     ng:start "0"^^xsd:integer ;
	//     ng:subject country:CA .
	//
	// stmt:572542a391fc3d88cdd60bf0\#position a oa:TextPositionSelector ;
	//     oa:end "23"^^xsd:nonNegativeInteger ;
	//     oa:start "0"^^xsd:nonNegativeInteger .
	//
	// stmt:572542a391fc3d88cdd60bf0\#quote a oa:TextQuoteSelector ;
	//     oa:exact "Canada signed the Pact." .
	//
	// stmt:572542a391fc3d88cdd60bf0\#target a oa:SpecificResource ;
	//     oa:hasSelector stmt:572542a391fc3d88cdd60bf0\#position ,
	//          stmt:572542a391fc3d88cdd60bf0\#quote ;
	//     oa:hasSource doc:18b7cb099a9ea3f50ba899b5 .
}

func ExampleWriteTriG() {
	var buf bytes.Buffer
	if err := export.WriteTriG(&buf, exampleInput()); err != nil {
		fmt.Println(err)
	}
	grep(buf.Bytes(), "{", "}", "country:CA a", "ng:signed agreement:pact")
	// Output:
	// <https://newsgraph.invalid/id/doc/18b7cb099a9ea3f50ba899b5> {
	// country:CA a schema:Country ;
	// ng:signed agreement:pact .
	// }
}

// The graph and notebook formats share one table: a node per entity and
// an edge per asserted fact, with its evidence.
func ExampleWriteEdgesCSV() {
	if err := export.WriteEdgesCSV(os.Stdout, exampleInput()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id,source,target,relation,confidence,date,quote,document,title,published,statement
	// stmt/572542a391fc3d88cdd60bf0,country/CA,agreement/pact,signed,0.9,2026-02-14,Canada signed the Pact.,a.txt,Pact signed,2026-02-14,https://newsgraph.invalid/id/stmt/572542a391fc3d88cdd60bf0
}

// Diagram options cluster the nodes, hide weak edges and pick a layout
// for large graphs.
func ExampleWriteDOT() {
	in := exampleInput()
	in.Diagram = export.DiagramOptions{Cluster: export.ClusterSource, HideBelow: 0.5}
	var buf bytes.Buffer
	if err := export.WriteDOT(&buf, in); err != nil {
		fmt.Println(err)
	}
	grep(buf.Bytes(), "labeljust")
	// Output:
	// color="#ced4da";fillcolor="#f8f9fa";fontname="Helvetica";fontsize="12";label="Pact signed, 2026-02-14";labeljust="l";style="rounded,filled";
}

func ExampleOntology() {
	grep([]byte(export.Ontology()), "ng:attended a", "owl:inverseOf", "ng:buildsOn a", "rdfs:subPropertyOf schema:isBasedOn")
	// Output:
	// ng:attended a owl:ObjectProperty ;
	// owl:inverseOf schema:attendee .
	// ng:buildsOn a owl:ObjectProperty ;
	// rdfs:subPropertyOf schema:isBasedOn ;
}
