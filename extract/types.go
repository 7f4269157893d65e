package extract

import (
	"fmt"
	"time"
)

// Type is the kind of a named entity.
type Type string

// The entity types newsgraph knows.
const (
	Person       Type = "Person"
	Country      Type = "Country"
	Organization Type = "Organization"
	Place        Type = "Place"
	Event        Type = "Event"
	Agreement    Type = "Agreement"
	Initiative   Type = "Initiative"
	Product      Type = "Product"
)

// Types lists every entity type in a fixed order.
var Types = []Type{Person, Country, Organization, Place, Event, Agreement, Initiative, Product}

// Predicate names one of the relations newsgraph extracts.
type Predicate string

// The relations newsgraph extracts.
const (
	Signed   Predicate = "signed"
	Attended Predicate = "attended"
	Refused  Predicate = "refused"
	BuildsOn Predicate = "builds-on"
	// AffiliatedWith: the subject, a person, holds a role in or for the
	// object, a state or organisation, as the text says ("Außenminister
	// der Niederlande, Caspar Veldkamp", "Siemens-Chef Roland Busch").
	// Role patterns find it, not the learned model.
	AffiliatedWith Predicate = "affiliated-with"
)

// Predicates lists every predicate in a fixed order.
var Predicates = []Predicate{Signed, Attended, Refused, BuildsOn, AffiliatedWith}

// Extracted lists the predicates of the relations between actors and
// agreements, events and initiatives, in a fixed order: the ones the
// learned model, its features and the relation rules decide on.
// [AffiliatedWith] is not among them.
var Extracted = []Predicate{Signed, Attended, Refused, BuildsOn}

// Modality says whether a relation is stated as a fact or only as a plan,
// a possibility or a report of intent.
type Modality string

// The modalities a relation can have. Only [Asserted] relations that are not
// negated become direct edges in the graph.
const (
	Asserted Modality = "asserted" // the text states it happened
	Planned  Modality = "planned"  // will, soll, plant, intends to
	Possible Modality = "possible" // could, might, könnte, möglicherweise
	Demanded Modality = "demanded" // should, must, fordern
)

// Span is a range of a document's text in Unicode code points, end exclusive.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Entity is a named thing found in a document.
type Entity struct {
	// ID is unique within one Result ("e1", "e2", ...).
	ID string
	// Type is the entity's kind.
	Type Type
	// Name is the canonical display name. Generic agreement and event names
	// are qualified by parties, place and date so that different things do
	// not merge.
	Name string
	// Key is the canonical key the graph mints the entity's IRI from: an ISO
	// code for states, a lexicon key, or a normalised name.
	Key string
	// Aliases are the other surface forms seen for the entity.
	Aliases []string
	// Wikidata is the entity's Wikidata ID ("Q183") when a lexicon names it.
	Wikidata string
	// Country is the ISO code of a state the entity belongs to, when known
	// (the nationality of a minister, the seat of an organisation).
	Country string
	// Date is the entity's own date when the text gives one (the day an
	// agreement was signed), as YYYY, YYYY-MM or YYYY-MM-DD.
	Date string
	// Mentions are the spans where the entity occurs.
	Mentions []Span
}

// Relation is one extracted fact with its evidence. Negated and non-asserted
// relations are kept: they become statements, not edges.
type Relation struct {
	Subject   string // Entity ID
	Predicate Predicate
	Object    string // Entity ID
	Negated   bool
	Modality  Modality
	// Confidence is between 0 and 1; see the package documentation.
	Confidence float64
	// Cue is the word that triggered the relation ("unterzeichneten").
	Cue string
	// Date is the date the fact happened when the text gives one, as
	// YYYY, YYYY-MM or YYYY-MM-DD.
	Date string
	// Sentence is the text of the evidence sentence; Span is its position.
	Sentence string
	Span     Span
}

// Asserted reports whether r is a positive, asserted fact.
func (r Relation) Asserted() bool { return !r.Negated && r.Modality == Asserted }

// Document is one article.
type Document struct {
	// ID names the document: the file path, or the id field of a JSON Lines
	// record. It is the key re-ingestion replaces by.
	ID        string
	Title     string
	URL       string
	Lang      string    // "de", "en" or "" when unknown
	Published time.Time // zero when unknown
	Text      string    // valid UTF-8
}

// Result is what the extractor found in one document.
type Result struct {
	Doc       *Document
	Lang      string // the language the document was analysed as
	Entities  []Entity
	Relations []Relation
}

// Entity returns the entity with the given ID, or nil.
func (r *Result) Entity(id string) *Entity {
	for i := range r.Entities {
		if r.Entities[i].ID == id {
			return &r.Entities[i]
		}
	}
	return nil
}

// Validate checks the invariants every consumer relies on: relation ends
// name entities of the result, spans lie inside the text, and every
// relation carries its evidence.
func (r *Result) Validate() error {
	n := runeLen(r.Doc.Text)
	ids := make(map[string]bool, len(r.Entities))
	for _, e := range r.Entities {
		if e.ID == "" || ids[e.ID] {
			return fmt.Errorf("entity %q: empty or duplicate id", e.Name)
		}
		ids[e.ID] = true
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > n || m.Start >= m.End {
				return fmt.Errorf("entity %q: mention %d-%d outside text of %d runes", e.Name, m.Start, m.End, n)
			}
		}
	}
	for _, rel := range r.Relations {
		if !ids[rel.Subject] || !ids[rel.Object] {
			return fmt.Errorf("relation %s %s %s: unknown entity", rel.Subject, rel.Predicate, rel.Object)
		}
		if rel.Sentence == "" || rel.Span.Start < 0 || rel.Span.End > n || rel.Span.Start >= rel.Span.End {
			return fmt.Errorf("relation %s %s %s: no evidence", rel.Subject, rel.Predicate, rel.Object)
		}
	}
	return nil
}
