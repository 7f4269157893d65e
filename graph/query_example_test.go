package graph_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// article makes an extraction result by hand: every relation's evidence is
// the whole text.
func article(id, text string, ents []extract.Entity, rels []extract.Relation) *extract.Result {
	n := len([]rune(text))
	for i := range ents {
		ents[i].Mentions = []extract.Span{{Start: 0, End: 1}}
	}
	for i := range rels {
		rels[i].Sentence, rels[i].Span, rels[i].Confidence = text, extract.Span{Start: 0, End: n}, 0.9
		if rels[i].Modality == "" {
			rels[i].Modality = extract.Asserted
		}
	}
	return &extract.Result{Doc: &extract.Document{ID: id, Title: id, Lang: "de", Text: text}, Lang: "de", Entities: ents, Relations: rels}
}

var (
	canada = extract.Entity{ID: "ca", Type: extract.Country, Name: "Canada", Key: "CA", Aliases: []string{"Kanada"}}
	mexico = extract.Entity{ID: "mx", Type: extract.Country, Name: "Mexico", Key: "MX", Aliases: []string{"Mexiko"}}
	chile  = extract.Entity{ID: "cl", Type: extract.Country, Name: "Chile", Key: "CL"}
	accord = extract.Entity{ID: "a", Type: extract.Agreement, Name: "Pazifikabkommen", Key: "pazifikabkommen"}
	summit = extract.Entity{ID: "s", Type: extract.Event, Name: "Gipfel von Lima", Key: "gipfel-von-lima"}
)

// exampleIndex indexes two articles that disagree about Mexico.
func exampleIndex() *graph.Index {
	m, _ := graph.NewMinter("")
	a := article("a.txt", "Kanada und Mexiko unterzeichneten auf dem Gipfel von Lima das Pazifikabkommen; Chile verweigerte die Unterschrift.",
		[]extract.Entity{canada, mexico, chile, accord, summit},
		[]extract.Relation{
			{Subject: "ca", Predicate: extract.Signed, Object: "a", Date: "2026-02-14"},
			{Subject: "mx", Predicate: extract.Signed, Object: "a", Date: "2026-02-14"},
			{Subject: "cl", Predicate: extract.Refused, Object: "a"},
			{Subject: "ca", Predicate: extract.Attended, Object: "s"},
		})
	b := article("b.txt", "Mexiko verweigerte die Unterschrift unter das Pazifikabkommen.",
		[]extract.Entity{mexico, accord},
		[]extract.Relation{{Subject: "mx", Predicate: extract.Refused, Object: "a"}})
	quads := append(graph.DocumentQuads(m, a), graph.DocumentQuads(m, b)...)
	return graph.NewIndex(quads)
}

func ExampleIndex_Resolve() {
	ix := exampleIndex()
	for _, name := range []string{"Kanada", "MEXIKO", "mx", "pazifik abkommen", "Lima"} {
		e, err := ix.Resolve(name)
		fmt.Printf("%s: %s (%s) %v\n", name, e.Label, e.Type, err)
	}
	_, err := ix.Resolve("Atlantis")
	var nf *graph.NotFoundError
	fmt.Println(errors.As(err, &nf), err)
	// Output:
	// Kanada: Canada (Country) <nil>
	// MEXIKO: Mexico (Country) <nil>
	// mx: Mexico (Country) <nil>
	// pazifik abkommen: Pazifikabkommen (Agreement) <nil>
	// Lima: Gipfel von Lima (Event) <nil>
	// true no entity matches "Atlantis"
}

func ExampleIndex_Facts() {
	ix := exampleIndex()
	accord, _ := ix.Resolve("Pazifikabkommen")
	for _, f := range ix.Facts(graph.FactFilter{Predicate: extract.Refused, Object: accord.IRI}) {
		fmt.Printf("%s %s (%s): %s\n", f.Subject.Label, f.Predicate, f.Source.ID, f.Evidence)
	}
	// Output:
	// Chile refused (a.txt): Kanada und Mexiko unterzeichneten auf dem Gipfel von Lima das Pazifikabkommen; Chile verweigerte die Unterschrift.
	// Mexico refused (b.txt): Mexiko verweigerte die Unterschrift unter das Pazifikabkommen.
}

func ExampleIndex_Neighbors() {
	ix := exampleIndex()
	chile, _ := ix.Resolve("Chile")
	nb := ix.Neighbors(chile.IRI, 2)
	for _, n := range nb.Nodes {
		fmt.Println(n.Distance, n.Label)
	}
	fmt.Println(len(nb.Claims), "facts")
	// Output:
	// 0 Chile
	// 1 Pazifikabkommen
	// 2 Canada
	// 2 Mexico
	// 4 facts
}

func ExampleIndex_Path() {
	ix := exampleIndex()
	chile, _ := ix.Resolve("Chile")
	lima, _ := ix.Resolve("Gipfel von Lima")
	hops, err := ix.Path(chile.IRI, lima.IRI)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range hops {
		f := h.Claims[0]
		fmt.Printf("%s —%s→ %s, says %s\n", f.Subject.Label, f.Predicate, f.Object.Label, f.Source.ID)
	}
	// Output:
	// Chile —refused→ Pazifikabkommen, says a.txt
	// Canada —signed→ Pazifikabkommen, says a.txt
	// Canada —attended→ Gipfel von Lima, says a.txt
}

func ExampleIndex_Conflicts() {
	ix := exampleIndex()
	for _, c := range ix.Conflicts() {
		fmt.Printf("%s: %s\n", c.Kind, c.Summary)
		fmt.Printf("  %s: %s\n", c.A.Source.ID, c.A.Claims[0].Evidence)
		fmt.Printf("  %s: %s\n", c.B.Source.ID, c.B.Claims[0].Evidence)
	}
	// Output:
	// signed-vs-refused: Mexico signed Pazifikabkommen, says one source; refused it, says another
	//   a.txt: Kanada und Mexiko unterzeichneten auf dem Gipfel von Lima das Pazifikabkommen; Chile verweigerte die Unterschrift.
	//   b.txt: Mexiko verweigerte die Unterschrift unter das Pazifikabkommen.
}

func ExampleStore_Gizmo() {
	dir, _ := os.MkdirTemp("", "newsgraph-example")
	defer os.RemoveAll(dir)
	st, err := graph.Open(filepath.Join(dir, "example.db"), graph.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	ctx := context.Background()
	st.Put(ctx, article("a.txt", "Kanada unterzeichnete das Pazifikabkommen.",
		[]extract.Entity{canada, accord}, []extract.Relation{{Subject: "ca", Predicate: extract.Signed, Object: "a"}}))

	res, err := st.Gizmo(ctx, `
		g.V().has("<http://www.w3.org/2000/01/rdf-schema#label>", "Pazifikabkommen")
		 .in("<https://newsgraph.invalid/ns#signed>")
		 .out("<http://www.w3.org/2000/01/rdf-schema#label>").all()`, graph.GizmoOptions{})
	fmt.Println(res.Values, err)

	_, err = st.Gizmo(ctx, `while (true) {}`, graph.GizmoOptions{Timeout: 100 * time.Millisecond})
	fmt.Println(errors.Is(err, graph.ErrQueryTimeout))
	// Output:
	// [map[id:Canada]] <nil>
	// true
}
