package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

// Revision numbers the extractor's matching rules. Bump it whenever a change
// to the rules (not to the data files, which [Version] hashes anyway) can
// change what the extractor finds in a document: a store built by another
// revision is then extracted again by the next build instead of being
// skipped as unchanged.
const Revision = 1

// DataFiles returns the names of the embedded lexicon data files
// ("countries.tsv", "given_names.txt", ...), sorted.
func DataFiles() []string {
	ents, err := fs.ReadDir(dataFS, "data")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// DataFile returns the contents of an embedded lexicon data file, named as
// [DataFiles] lists it. Tools such as the corpus generator read the
// lexicons through it; the extractor itself uses [DefaultLexicon].
func DataFile(name string) ([]byte, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("lexicon data %s: %w", name, err)
	}
	return b, nil
}

var version = sync.OnceValue(func() string {
	h := sha256.New()
	for _, name := range DataFiles() {
		b, _ := dataFS.ReadFile("data/" + name)
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
	}
	return fmt.Sprintf("newsgraph-extract/%d+lexicon.%s", Revision, hex.EncodeToString(h.Sum(nil))[:12])
})

// Version names the extractor that produced a result: its [Revision] and a
// hash of the embedded lexicon data, as "newsgraph-extract/1+lexicon.<hash>".
// A build records it on every document so that it can skip documents an
// identical extractor already extracted. It does not cover a user lexicon
// or a forced language; callers add those.
func Version() string { return version() }
