package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzWalkJSONL reads fuzzed JSON Lines files: the reader must not panic,
// every document must be clean text (valid UTF-8, no NUL, no CR, not only
// white space) with an ID, and every error must be a one-line *ReadError
// for a line of the file, whose offset, when it has one, is exactly where
// that line starts.
func FuzzWalkJSONL(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","title":"T","url":"https://x.example/1","published":"2026-02-14","lang":"de","text":"Frankreich und Polen unterzeichneten."}` + "\n",
		"\xef\xbb\xbf{\"text\":\"BOM\"}\r\n{\"text\":\"zwei\"}",
		`{"text":"a\u0000b"}` + "\n" + `{"text":"K` + "\xf6" + `ln"}` + "\n",
		`{"text":"<html><body><p>Kanada</p></body></html>"}`,
		`{"text":1}` + "\n\n\n" + `[` + "\n" + `{"published":"gestern","text":"x"}`,
		"{\"text\":\"\\r\\n\\r\"}\n{}\n",
		"\xff\xfe{\x00\"\x00",
		`{"text":"<html><body><script>x</script></body></html>"}` + "\n" + `{"text":"K` + "\xf6" + `ln"}`,
		"\n\r\n \n" + `{"text":"a","published":"x"}` + "\n\xef\xbb\xbf{\"text\":\"\xff\"}\r\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "fuzz.jsonl")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		starts := []int64{0} // starts[i] is where line i+1 starts
		for i, c := range data {
			if c == '\n' {
				starts = append(starts, int64(i+1))
			}
		}
		lines := len(starts)
		err := Walk([]string{path}, nil, func(d *Document) error {
			if d.ID == "" || !utf8.ValidString(d.Text) || strings.ContainsAny(d.Text, "\x00\r") || strings.TrimSpace(d.Text) == "" {
				t.Fatalf("document %q with text %q", d.ID, d.Text)
			}
			return nil
		}, func(err error) error {
			var re *ReadError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *ReadError", err)
			}
			if re.Line < 0 || re.Line > lines || re.Offset < -1 || re.Offset > int64(len(data)) {
				t.Fatalf("error %v: line %d of %d, offset %d of %d bytes", err, re.Line, lines, re.Offset, len(data))
			}
			if re.Line > 0 && re.Offset >= 0 && re.Offset != starts[re.Line-1] {
				t.Fatalf("error %v: offset %d, but line %d starts at byte %d", err, re.Offset, re.Line, starts[re.Line-1])
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not one line", err)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Walk: %v", err)
		}
	})
}

// TestJSONLOffsets checks that a JSON Lines error's offset is where its
// line starts, each newline (and CR) before it counted.
func TestJSONLOffsets(t *testing.T) {
	lines := []string{`{"id":"a","text":"x"}`, `{"id":"b","text":"x"}` + "\r", "{\"id\":\"c\",\"text\":\"K\xf6ln\"}"}
	data := strings.Join(lines, "\n")
	_, errs := walkAll(t, "", write(t, t.TempDir(), "f.jsonl", []byte(data)))
	var re *ReadError
	if len(errs) != 1 || !errors.As(errs[0], &re) {
		t.Fatalf("errors %v, want one", errs)
	}
	if want := int64(strings.LastIndex(data, "\n") + 1); re.Offset != want {
		t.Errorf("offset %d, want %d (the start of line 3)", re.Offset, want)
	}
}
