package extract

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestJSONLErrorPositions checks the line and offset of JSON Lines errors:
// the offset, where the error has one, is where the bad record's line
// starts in the file, whatever comes before it (blank lines, CRLF, a BOM,
// a last line without a newline).
func TestJSONLErrorPositions(t *testing.T) {
	good := `{"text":"Frankreich unterzeichnete."}`
	latin := `{"text":"K` + "\xf6" + `ln"}` // invalid UTF-8: reported with its line's offset
	tests := []struct {
		name      string
		data      string
		line      int // the bad record's line
		err       error
		hasOffset bool
	}{
		{"first line", latin + "\n" + good + "\n", 1, ErrInvalidUTF8, true},
		{"after LF lines", good + "\n" + good + "\n" + latin + "\n", 3, ErrInvalidUTF8, true},
		{"after CRLF lines", good + "\r\n\r\n" + latin + "\r\n", 3, ErrInvalidUTF8, true},
		{"after blank lines", "\n  \n\n" + latin + "\n", 4, ErrInvalidUTF8, true},
		{"after a BOM", "\xef\xbb\xbf" + good + "\n" + latin + "\n", 2, ErrInvalidUTF8, true},
		{"BOM on its line", good + "\n\xef\xbb\xbf" + latin + "\n", 2, ErrInvalidUTF8, true},
		{"last line without newline", good + "\n" + good + "\n" + latin, 3, ErrInvalidUTF8, true},
		{"text not a string", good + "\n\n" + `{"text":7}` + "\n", 3, nil, false},
		{"empty text", good + "\n" + `{"text":" \t "}` + "\n", 2, ErrEmpty, false},
		{"HTML of markup only", good + "\n" + `{"text":"<html><body><script>Japan</script></body></html>"}` + "\n", 2, ErrEmpty, false},
		{"HTML of an empty paragraph", good + "\r\n" + `{"text":"<p></p>"}`, 2, ErrEmpty, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := walkAll(t, "", write(t, t.TempDir(), "f.jsonl", []byte(tt.data)))
			if len(errs) != 1 || len(docs) != strings.Count(tt.data, good) {
				t.Fatalf("%d documents, errors %v; want one error", len(docs), errs)
			}
			var re *ReadError
			if !errors.As(errs[0], &re) || re.Line != tt.line {
				t.Fatalf("error %v: want a *ReadError for line %d", errs[0], tt.line)
			}
			if tt.err != nil && !errors.Is(errs[0], tt.err) {
				t.Errorf("error %v is not %v", errs[0], tt.err)
			}
			want := int64(-1)
			if tt.hasOffset {
				want = 0
				for range tt.line - 1 {
					want += int64(strings.IndexByte(tt.data[want:], '\n') + 1)
				}
			}
			if re.Offset != want {
				t.Errorf("error %v: offset %d, want %d", errs[0], re.Offset, want)
			}
			if !strings.Contains(errs[0].Error(), fmt.Sprintf("f.jsonl:%d: ", tt.line)) {
				t.Errorf("message %q does not name line %d", errs[0], tt.line)
			}
		})
	}
}

// TestReadLine checks readLine's lines and byte counts at the length limit
// and across the reader's buffer.
func TestReadLine(t *testing.T) {
	const max = 20
	type result struct {
		line string
		n    int64
		err  error
	}
	tests := []struct {
		name  string
		input string
		want  []result
	}{
		{"lines", "ab\n\ncd", []result{{"ab", 3, nil}, {"", 1, nil}, {"cd", 2, io.EOF}, {"", 0, io.EOF}}},
		{"CRLF kept", "ab\r\ncd\r\n", []result{{"ab\r", 4, nil}, {"cd\r", 4, nil}, {"", 0, io.EOF}}},
		{"exactly max", strings.Repeat("a", max) + "\nb", []result{{strings.Repeat("a", max), max + 1, nil}, {"b", 1, io.EOF}}},
		{"exactly max at EOF", strings.Repeat("a", max), []result{{strings.Repeat("a", max), max, io.EOF}}},
		{"max+1", strings.Repeat("a", max+1) + "\nb\n", []result{{"", max + 2, ErrTooLarge}, {"b", 2, nil}, {"", 0, io.EOF}}},
		{"max+1 at EOF", strings.Repeat("a", max+1), []result{{"", max + 1, ErrTooLarge}, {"", 0, io.EOF}}},
		{"longer than the buffer", strings.Repeat("a", 50) + "\nb\n", []result{{"", 51, ErrTooLarge}, {"b", 2, nil}, {"", 0, io.EOF}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			br := bufio.NewReaderSize(strings.NewReader(tt.input), 16)
			for i, want := range tt.want {
				line, n, err := readLine(br, max)
				if string(line) != want.line || n != want.n || !errors.Is(err, want.err) {
					t.Fatalf("call %d: %q, %d, %v; want %q, %d, %v", i+1, line, n, err, want.line, want.n, want.err)
				}
			}
		})
	}
}

// TestWalkLongLineOffsets: the offset of an error after a line too long
// to read counts that line's bytes.
func TestWalkLongLineOffsets(t *testing.T) {
	long := `{"id":"big","text":"` + strings.Repeat("a", MaxDocumentSize) + `"}`
	data := long + "\n" + `{"id":"bad","text":"K` + "\xf6" + `ln"}` + "\n" + `{"id":"ok","text":"Fine."}` + "\n"
	docs, errs := walkAll(t, "", write(t, t.TempDir(), "big.jsonl", []byte(data)))
	if len(docs) != 1 || docs[0].ID != "ok" || len(errs) != 2 {
		t.Fatalf("%d documents, errors %v; want ok and two errors", len(docs), errs)
	}
	for i, want := range []struct {
		line   int
		offset int64
	}{{1, 0}, {2, int64(len(long) + 1)}} {
		var re *ReadError
		if !errors.As(errs[i], &re) || re.Line != want.line || re.Offset != want.offset {
			t.Errorf("error %v: want line %d at byte %d", errs[i], want.line, want.offset)
		}
	}
}

// TestDecodeTextOffsets: the offset of a NUL byte or invalid UTF-8 counts
// a UTF-8 byte order mark before it.
func TestDecodeTextOffsets(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		err    error
		offset int64
	}{
		{"NUL", "ab\x00", ErrBinary, 2},
		{"NUL after a BOM", "\xef\xbb\xbfab\x00", ErrBinary, 5},
		{"invalid UTF-8", "ab\x81\x8d", ErrInvalidUTF8, 2},
		{"invalid UTF-8 after a BOM", "\xef\xbb\xbfab\x81\x8d", ErrInvalidUTF8, 5},
		{"UTF-16 NUL", "\xff\xfea\x00\x00\x00", ErrBinary, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeText([]byte(tt.data))
			var re *ReadError
			if !errors.Is(err, tt.err) || !errors.As(err, &re) || re.Offset != tt.offset {
				t.Errorf("error %v, want %v at byte %d", err, tt.err, tt.offset)
			}
		})
	}
}

// TestWalkEmptyAfterMarkup: a file whose markup is all it holds is an
// empty document, not a document of no text.
func TestWalkEmptyAfterMarkup(t *testing.T) {
	tests := []struct {
		file string
		data string
	}{
		{"page.html", "<html><body><script>var Japan;</script></body></html>"},
		{"heading.md", "# \n\n> \n"},
		{"link.md", "[](https://x.example/)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			docs, errs := walkAll(t, "", write(t, t.TempDir(), tt.file, []byte(tt.data)))
			if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrEmpty) {
				t.Errorf("%d documents, errors %v; want ErrEmpty", len(docs), errs)
			}
		})
	}
}
