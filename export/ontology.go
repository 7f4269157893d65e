package export

import (
	_ "embed"
	"fmt"
	"io"
)

// ontology is the newsgraph vocabulary in Turtle.
//
//go:embed ontology.ttl
var ontology string

// Ontology returns the newsgraph vocabulary as Turtle: the relations
// ng:signed, ng:attended, ng:refused and ng:buildsOn with their domains,
// ranges and schema.org mappings (ng:attended owl:inverseOf
// schema:attendee, ng:buildsOn rdfs:subPropertyOf schema:isBasedOn), the
// classes ng:Statement, ng:Agreement and ng:Initiative, and every statement
// qualifier, labelled in English and German.
func Ontology() string { return ontology }

// WriteOntology writes [Ontology] to w.
func WriteOntology(w io.Writer) error {
	if _, err := io.WriteString(w, ontology); err != nil {
		return fmt.Errorf("write ontology: %w", err)
	}
	return nil
}
