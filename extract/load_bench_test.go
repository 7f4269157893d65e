package extract

import (
	"bytes"
	"testing"
)

// BenchmarkLoadModels reads the embedded tagger and relation model, as
// every process that extracts does once.
func BenchmarkLoadModels(b *testing.B) {
	tb, err := dataFS.ReadFile("data/tagger.model.gz")
	if err != nil {
		b.Skip("no embedded tagger")
	}
	mb, err := dataFS.ReadFile("data/relations.model.gz")
	if err != nil {
		b.Skip("no embedded model")
	}
	b.SetBytes(int64(len(tb) + len(mb)))
	for i := 0; i < b.N; i++ {
		if _, err := LoadTagger(bytes.NewReader(tb)); err != nil {
			b.Fatal(err)
		}
		if _, err := LoadModel(bytes.NewReader(mb)); err != nil {
			b.Fatal(err)
		}
	}
}
