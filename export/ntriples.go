package export

import (
	"bufio"
	"fmt"
	"io"
)

// WriteNTriples writes the RDF of in ([RDFQuads]) as N-Triples: the
// distinct triples of all documents merged, sorted, escaped as in
// [WriteNQuads].
func WriteNTriples(w io.Writer, in *Input) error {
	bw := bufio.NewWriter(w)
	for _, t := range triples(RDFQuads(in)) {
		writeTerm(bw, t.s)
		bw.WriteByte(' ')
		writeTerm(bw, t.p)
		bw.WriteByte(' ')
		writeTerm(bw, t.o)
		bw.WriteString(" .\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write N-Triples: %w", err)
	}
	return nil
}
