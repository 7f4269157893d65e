package extract

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

// Revision numbers the extractor's matching rules. [Version] also hashes
// the data files and the package's Go source, so a changed rule or lexicon
// is noticed anyway; bump Revision for a change they cannot see (a
// dependency's behaviour, say) that changes what the extractor finds.
const Revision = 1

// sourceFS holds the package's own source, so that [Version] changes with
// the matching rules.
//
//go:embed *.go
var sourceFS embed.FS

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
	data := sha256.New()
	for _, name := range DataFiles() {
		b, _ := dataFS.ReadFile("data/" + name)
		fmt.Fprintf(data, "%s %d\n", name, len(b))
		data.Write(b)
	}
	code := sha256.New()
	ents, _ := fs.ReadDir(sourceFS, ".")
	for _, e := range ents {
		if name := e.Name(); !strings.HasSuffix(name, "_test.go") {
			b, _ := sourceFS.ReadFile(name)
			fmt.Fprintf(code, "%s %d\n", name, len(b))
			code.Write(b)
		}
	}
	return fmt.Sprintf("newsgraph-extract/%d+lexicon.%s+code.%s", Revision,
		hex.EncodeToString(data.Sum(nil))[:12], hex.EncodeToString(code.Sum(nil))[:12])
})

// Version names the extractor that produced a result: its [Revision], a
// hash of the embedded lexicon data and one of the package's source, as
// "newsgraph-extract/1+lexicon.<hash>+code.<hash>". A build records it on
// every document so that it can skip documents an identical extractor
// already extracted. It does not cover a user lexicon or a forced
// language; callers add those.
func Version() string { return version() }
