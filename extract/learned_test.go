package extract_test

import (
	"bytes"
	"compress/gzip"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

// TestLearnedClearCases checks the embedded tagger and model on sentences
// whose facts no reader could miss: a broken model, a stale feature or a
// hash that no longer matches its name fails here first.
func TestLearnedClearCases(t *testing.T) {
	x, err := extract.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := extract.DefaultModel(); m == nil {
		t.Fatal("no embedded relation model")
	}
	tests := []struct {
		name, text string
		want, not  []string // "subject|predicate|object" asserted
	}{
		{"en signed", "Germany and France signed the Treaty of Aachen on 22 January 2019. Chancellor Angela Merkel and President Emmanuel Macron put their signatures to the treaty in the city hall of Aachen.",
			[]string{"Germany|signed|Treaty of Aachen", "France|signed|Treaty of Aachen"}, nil},
		{"de attended", "Bundeskanzler Olaf Scholz nahm am G20-Gipfel in Bali teil. Auch der indische Premierminister Narendra Modi war unter den Gästen.",
			[]string{"Olaf Scholz|attended|G20-Gipfel in Bali", "Narendra Modi|attended|G20-Gipfel in Bali"}, nil},
		{"en refused, planned", "The United States refused to sign the Paris Declaration on Artificial Intelligence. Hungary will sign the declaration next month.",
			[]string{"United States|refused|Paris Declaration on Artificial Intelligence"}, []string{"Hungary|signed|Paris Declaration on Artificial Intelligence"}},
		{"de planned", "Die Präsidenten Polens und Litauens wollen das Abkommen über Energiesicherheit im Mai unterzeichnen. Ein Termin für die Unterzeichnung steht noch nicht fest.",
			nil, []string{"Poland|signed|Abkommen über Energiesicherheit", "Lithuania|signed|Abkommen über Energiesicherheit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := x.Extract(&extract.Document{ID: tt.name, Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, rel := range r.Relations {
				if rel.Asserted() {
					got = append(got, r.Entity(rel.Subject).Name+"|"+string(rel.Predicate)+"|"+r.Entity(rel.Object).Name)
				}
				if rel.Confidence < 0 || rel.Confidence > 1 || rel.Sentence == "" {
					t.Errorf("relation without evidence or with confidence %v: %+v", rel.Confidence, rel)
				}
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s; got %q", w, got)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("asserted %s, which the text only plans", n)
				}
			}
		})
	}
}

// TestModelFile writes a model and reads it back, plain and compressed:
// the same probabilities, thresholds and calibration.
func TestModelFile(t *testing.T) {
	heads := []extract.HeadSpec{{
		Name: "signed", Bias: -1.5, Threshold: 0.3,
		Calib:   []extract.CalibPoint{{Prob: 0.2, Conf: 0.1}, {Prob: 0.6, Conf: 0.5}, {Prob: 0.9, Conf: 0.8}},
		Weights: []extract.Weight{{Feature: "cue=signed/between/both", Value: 2.25}, {Feature: "dist=0", Value: 0.5}},
	}}
	var plain bytes.Buffer
	if err := extract.WriteModel(&plain, "a test\nmodel", true, heads); err != nil {
		t.Fatal(err)
	}
	var packed bytes.Buffer
	zw := gzip.NewWriter(&packed)
	zw.Write(plain.Bytes())
	zw.Close()
	for name, data := range map[string][]byte{"plain": plain.Bytes(), "gzip": packed.Bytes()} {
		m, err := extract.LoadModel(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		h := m.Head("signed")
		if h == nil || !m.Max || h.Threshold != 0.3 || h.Features() != 2 {
			t.Fatalf("%s: head %+v, max %v", name, h, m.Max)
		}
		feats := []uint64{extract.FeatureHash("cue=signed/between/both"), extract.FeatureHash("dist=0"), extract.FeatureHash("unknown=feature")}
		want := 1 / (1 + math.Exp(-(-1.5 + 2.25 + 0.5)))
		if got := h.Prob(feats); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: Prob = %v, want %v", name, got, want)
		}
		for _, c := range []struct{ p, want float64 }{{0.1, 0.1}, {0.2, 0.1}, {0.4, 0.3}, {0.9, 0.8}, {0.99, 0.8}} {
			if got := h.Confidence(c.p); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("%s: Confidence(%v) = %v, want %v", name, c.p, got, c.want)
			}
		}
	}
	for _, bad := range []string{"head\tsigned\tbias\tx\tthreshold\t1\n", "signed\tf=1\t1\n", "head\tsigned\tbias\t1\tthreshold\t1\nsigned\tf=1\n", "pool\tmedian\n"} {
		if _, err := extract.LoadModel(strings.NewReader(bad)); err == nil {
			t.Errorf("LoadModel(%q) took a broken file", bad)
		}
	}
}

// TestTaggerFile writes a tagger and reads it back: the weights decide
// as written.
func TestTaggerFile(t *testing.T) {
	b := func(tag string) int { return slices.Index(extract.TagNames, tag) }
	ws := []extract.TagWeight{
		{Feature: "w=merkel", Tag: b("B-Person"), Value: 5},
		{Feature: "w-1=angela", Tag: b("I-Person"), Value: 10},
		{Feature: "w=angela", Tag: b("B-Person"), Value: 5},
		{Feature: "bias=", Tag: b("O"), Value: 1},
	}
	var buf bytes.Buffer
	if err := extract.WriteTagger(&buf, "test", ws); err != nil {
		t.Fatal(err)
	}
	tg, err := extract.LoadTagger(&buf)
	if err != nil {
		t.Fatal(err)
	}
	toks := []extract.TaggedToken{
		{Text: "sagte", Features: []string{"bias=", "w=sagte"}},
		{Text: "Angela", Features: []string{"bias=", "w=angela"}},
		{Text: "Merkel", Features: []string{"bias=", "w=merkel", "w-1=angela"}},
	}
	got := tg.Tag(toks)
	want := []int{b("O"), b("B-Person"), b("I-Person")}
	if !slices.Equal(got, want) {
		t.Errorf("tags %v, want %v", got, want)
	}
	if _, err := extract.LoadTagger(strings.NewReader("w=x\tB-Nothing\t1\n")); err == nil {
		t.Error("LoadTagger took an unknown tag")
	}
}

// TestViterbiFollowsTags checks that decoding never continues a name it
// did not begin, and keeps the tags it is told to keep.
func TestViterbiFollowsTags(t *testing.T) {
	iPerson := slices.Index(extract.TagNames, "I-Person")
	emit := make([]extract.TagScores, 3)
	for i := range emit {
		emit[i][iPerson] = 10 // I-Person everywhere scores best, but cannot start a name
	}
	trans := make([]*extract.TagMatrix, 3)
	got := extract.Viterbi(emit, trans, nil)
	for i := range got {
		if !extract.TagAllowed(map[bool]int{true: 0, false: got[max(i-1, 0)]}[i == 0], got[i]) {
			t.Fatalf("tags %v break the BIO order at %d", got, i)
		}
	}
	fixed := []int{0, -1, 0}
	got = extract.Viterbi(emit, trans, fixed)
	if got[0] != 0 || got[2] != 0 || got[1] == iPerson {
		t.Errorf("tags %v do not keep the fixed ones or follow O with I-", got)
	}
}
