// Command goldecho prints a document's gold as an extractor would print
// it (JSON Lines, ../shared/eval/README.md): every entity, and the
// required relations. Scored against its own gold it must give F1 1.00;
// scored against another annotator's gold it measures agreement.
//
//	../shared/eval/score --gold GOLD_A --docs DOCS \
//	    --cmd 'go run ./tools/goldecho -gold GOLD_B {doc}'
package main

import (
	"encoding/json"
	"flag"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsgraph/newsgraph/internal/gold"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("goldecho: ")
	dir := flag.String("gold", "", "directory of the gold files to print")
	flag.Parse()
	if *dir == "" || flag.NArg() != 1 {
		log.Fatal("usage: goldecho -gold DIR DOC")
	}
	name := strings.TrimSuffix(filepath.Base(flag.Arg(0)), ".txt") + ".json"
	b, err := os.ReadFile(filepath.Join(*dir, name))
	if err != nil {
		log.Fatal(err)
	}
	var g gold.File
	if err := json.Unmarshal(b, &g); err != nil {
		log.Fatalf("%s: %v", name, err)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, e := range g.Entities {
		if len(e.Names) == 0 {
			continue
		}
		enc.Encode(map[string]any{"kind": "entity", "id": e.ID, "type": e.Type, "name": e.Names[0], "aliases": e.Names[1:]})
	}
	for _, r := range g.Relations {
		if !r.Optional {
			enc.Encode(map[string]any{"kind": "relation", "subject": r.S, "predicate": r.P, "object": r.O})
		}
	}
}
