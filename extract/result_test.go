package extract

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// jsonlMatches checks that encodeJSONL writes r as encodeJSONLReflect
// (encoding/json) does.
func jsonlMatches(t *testing.T, r *Result) {
	t.Helper()
	var got, want bytes.Buffer
	errGot, errWant := encodeJSONL(&got, r), encodeJSONLReflect(&want, r)
	if (errGot != nil) != (errWant != nil) {
		t.Fatalf("%s: error %v, want %v", r.Doc.ID, errGot, errWant)
	}
	if errWant == nil && !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("%s:\n got %s\nwant %s", r.Doc.ID, got.Bytes(), want.Bytes())
	}
}

func TestEncodeJSONLAsEncodingJSON(t *testing.T) {
	x, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, dir := range []string{"../testdata/seeds", "../testdata/dev/docs", "../testdata/holdout/docs"} {
		f, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		files = append(files, f...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := x.Extract(&Document{ID: filepath.Base(f), Text: string(b), Title: "T \"<&>\"", URL: "https://example.org/?a=1&b=<2>"})
		if err != nil {
			t.Fatal(err)
		}
		jsonlMatches(t, r)
	}
	odd := []string{"", "\"\\/", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "<&>", "\xff\xfe", "a\xc3", "\u2028\u2029\u2027", "ä€𝄞", "\ufffd", "日本"}
	for i, s := range odd {
		r := &Result{
			Doc:  &Document{ID: s, Title: s, URL: s, Published: time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)},
			Lang: s,
			Entities: []Entity{
				{ID: s, Type: Type(s), Name: s, Key: s, Aliases: []string{s, s}, Wikidata: s, Country: s, Date: s, Mentions: []Span{{1, 2}, {-3, 40000000000}}},
				{ID: "e2"},
			},
			Relations: []Relation{
				{Subject: s, Predicate: Predicate(s), Object: s, Negated: i%2 == 0, Modality: Modality(s), Confidence: []float64{0, 0.85, 1, 1e-7, 1e21, 123456789.25, -0.5, 5e-324, math.MaxFloat64, 1e-6, 9.99e20}[i], Cue: s, Date: s, Sentence: s, Span: Span{i, -i}},
			},
		}
		jsonlMatches(t, r)
	}
	jsonlMatches(t, &Result{Doc: &Document{}, Relations: []Relation{{Confidence: math.NaN()}}})
	jsonlMatches(t, &Result{Doc: &Document{}, Relations: []Relation{{Confidence: math.Inf(-1)}}})
}

func FuzzEncodeJSONL(f *testing.F) {
	f.Add("a\"b", "\u2028", 0.5)
	f.Add("\xff", "<>&", 1e-9)
	f.Fuzz(func(t *testing.T, s1, s2 string, c float64) {
		r := &Result{
			Doc:       &Document{ID: s1, Title: s2},
			Lang:      s2,
			Entities:  []Entity{{ID: s1, Name: s2, Aliases: []string{s2}, Mentions: []Span{}}},
			Relations: []Relation{{Subject: s1, Object: s2, Confidence: c, Sentence: s1 + s2}},
		}
		jsonlMatches(t, r)
	})
}
