package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// WriteNQuads writes quads as N-Quads (W3C RDF 1.1). IRIs are written with
// every character N-Quads forbids percent-encoded and literals with every
// character escaped that needs it, so no value can break a line or inject a
// quad. Quads without a label go to the default graph.
func WriteNQuads(w io.Writer, quads []quad.Quad) error {
	bw := bufio.NewWriter(w)
	for _, q := range quads {
		if q.Subject == nil || q.Predicate == nil || q.Object == nil {
			continue
		}
		writeTerm(bw, q.Subject)
		bw.WriteByte(' ')
		writeTerm(bw, q.Predicate)
		bw.WriteByte(' ')
		writeTerm(bw, q.Object)
		if q.Label != nil {
			bw.WriteByte(' ')
			writeTerm(bw, q.Label)
		}
		bw.WriteString(" .\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write N-Quads: %w", err)
	}
	return nil
}

// writeTerm writes one RDF term in N-Triples syntax.
func writeTerm(w *bufio.Writer, v quad.Value) {
	switch v := v.(type) {
	case quad.IRI:
		w.WriteByte('<')
		w.WriteString(EscapeIRI(string(v)))
		w.WriteByte('>')
	case quad.BNode:
		w.WriteString("_:")
		w.WriteString(bnodeLabel(string(v)))
	case quad.String:
		writeString(w, string(v))
	case quad.TypedString:
		writeString(w, string(v.Value))
		w.WriteString("^^<")
		w.WriteString(EscapeIRI(string(v.Type)))
		w.WriteByte('>')
	case quad.LangString:
		writeString(w, string(v.Value))
		w.WriteByte('@')
		w.WriteString(langTag(v.Lang))
	default:
		writeString(w, v.String())
	}
}

// EscapeIRI percent-encodes the characters RDF's IRIREF production
// forbids: controls, space, <>"{}|^`\ and invalid UTF-8.
func EscapeIRI(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= 0x20 || strings.IndexByte("<>\"{}|^`\\\x7f", c) >= 0 {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, "%%%02X", s[i])
		case r <= 0x20 || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\", r):
			fmt.Fprintf(&b, "%%%02X", r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// writeString writes a quoted literal with ECHAR and UCHAR escapes for
// everything that is not plain printable text.
func writeString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n <= 1:
			w.WriteString(`\uFFFD`)
		case r == '"':
			w.WriteString(`\"`)
		case r == '\\':
			w.WriteString(`\\`)
		case r == '\n':
			w.WriteString(`\n`)
		case r == '\r':
			w.WriteString(`\r`)
		case r == '\t':
			w.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(w, `\u%04X`, r)
		case r == 0xFFFE || r == 0xFFFF:
			fmt.Fprintf(w, `\u%04X`, r)
		default:
			w.WriteRune(r)
		}
	}
	w.WriteByte('"')
}

// langTag keeps a language tag to the BCP 47 characters.
func langTag(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "und"
	}
	return b.String()
}

func bnodeLabel(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "x%X", r)
		}
	}
	if b.Len() == 0 {
		return "b"
	}
	return b.String()
}
