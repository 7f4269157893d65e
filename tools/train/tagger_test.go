package main

import (
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/gold"
)

// TestTaggerFits checks that the tagger learns a few sentences by heart:
// training and decoding agree on features, tags and hashes.
func TestTaggerFits(t *testing.T) {
	x, err := extract.New(nil, extract.WithRules())
	if err != nil {
		t.Fatal(err)
	}
	doc := &extract.Document{ID: "t", Text: "Bundeskanzler Olaf Scholz besuchte den G20-Gipfel in Hamburg. Die Münchner Sicherheitskonferenz begann am Freitag. Peter Hauk unterzeichnete die Kooperationsvereinbarung."}
	toks, err := x.TokenFeatures(doc)
	if err != nil {
		t.Fatal(err)
	}
	g := &gold.File{Entities: []gold.Entity{
		{ID: "s", Type: "Person", Names: []string{"Olaf Scholz"}},
		{ID: "g", Type: "Event", Names: []string{"G20-Gipfel in Hamburg"}},
		{ID: "m", Type: "Event", Names: []string{"Münchner Sicherheitskonferenz"}},
		{ID: "h", Type: "Person", Names: []string{"Peter Hauk"}},
	}}
	g.Prepare()
	sents := project(g, toks)
	w := trainTagger(sents, 10, 1, 0)
	tg := loadTagger(w)
	for _, s := range sents {
		got := tg.Tag(s.toks)
		for k := range got {
			if s.tags[k] >= 0 && got[k] != s.tags[k] {
				t.Errorf("token %q: tag %s, want %s", s.toks[k].Text, extract.TagNames[got[k]], extract.TagNames[s.tags[k]])
			}
		}
	}
}
