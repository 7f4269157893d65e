package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// walkAll reads paths and returns the documents and errors.
func walkAll(t *testing.T, stdin string, paths ...string) ([]*Document, []error) {
	t.Helper()
	var docs []*Document
	var errs []error
	err := Walk(paths, strings.NewReader(stdin), func(d *Document) error {
		docs = append(docs, d)
		return nil
	}, func(err error) error {
		errs = append(errs, err)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return docs, errs
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWalkFormats(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", []byte("\xef\xbb\xbfTitel der Meldung\r\nBerlin, 3. März 2025 – Text.\r\n"))
	write(t, dir, "b.md", []byte("# Heading\n\nSome **bold** text and a [link](http://x.example).\n"))
	write(t, dir, "c.html", []byte(`<!doctype html><html><head><title>T</title><script>var Germany=1;</script></head><body><p>First &amp; <b>second</b>.</p><p>Third</p></body></html>`))
	write(t, dir, "d.jsonl", []byte(`{"id":"x1","title":"One","url":"https://n.example/1","published":"2026-02-14","lang":"en","text":"Canada signed."}`+"\n\n"+`{"id":"x2","text":"Zweiter Text."}`+"\n"))
	write(t, dir, "ignored.pdf", []byte("%PDF"))
	docs, errs := walkAll(t, "")
	if len(docs) != 0 || len(errs) != 0 {
		t.Fatalf("no paths: got %d docs, %v", len(docs), errs)
	}
	docs, errs = walkAll(t, "", dir)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(docs) != 5 {
		t.Fatalf("got %d documents, want 5", len(docs))
	}
	byID := map[string]*Document{}
	for _, d := range docs {
		byID[filepath.Base(d.ID)] = d
	}
	a := byID["a.txt"]
	if a.Text != "Titel der Meldung\nBerlin, 3. März 2025 – Text.\n" {
		t.Errorf("a.txt: BOM or CRLF kept: %q", a.Text)
	}
	if a.Title != "Titel der Meldung" || a.Published.Format("2006-01-02") != "2025-03-03" {
		t.Errorf("a.txt metadata: title %q, published %v", a.Title, a.Published)
	}
	if b := byID["b.md"]; strings.ContainsAny(b.Text, "#*[]") || !strings.Contains(b.Text, "bold text and a link") {
		t.Errorf("b.md markup kept: %q", b.Text)
	}
	c := byID["c.html"]
	if strings.Contains(c.Text, "Germany") || strings.Contains(c.Text, "<") || !strings.Contains(c.Text, "First & second.") {
		t.Errorf("c.html text: %q", c.Text)
	}
	x1 := byID["x1"]
	if x1 == nil || x1.Lang != "en" || x1.URL != "https://n.example/1" || x1.Published.Format("2006-01-02") != "2026-02-14" || x1.Title != "One" {
		t.Errorf("jsonl record: %+v", x1)
	}
	if byID["x2"] == nil {
		t.Errorf("second jsonl record missing")
	}
}

func TestWalkStdin(t *testing.T) {
	docs, errs := walkAll(t, "Deutschland und Kanada.", "-")
	if len(errs) != 0 || len(docs) != 1 || docs[0].ID != "-" {
		t.Fatalf("stdin text: %v %v", docs, errs)
	}
	docs, errs = walkAll(t, `{"id":"s1","text":"A text."}`+"\n", "-")
	if len(errs) != 0 || len(docs) != 1 || docs[0].ID != "s1" {
		t.Fatalf("stdin jsonl: %v %v", docs, errs)
	}
}

func TestWalkBadInput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		path    string
		want    error
		message string // part of the one-line message
	}{
		{"missing", filepath.Join(dir, "nope.txt"), os.ErrNotExist, "nope.txt"},
		{"binary", write(t, dir, "bin.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), ErrBinary, "bin.txt: byte 8: binary data"},
		{"invalid utf8", write(t, dir, "mixed.txt", []byte("Gr\xc3\xbc\xdf\x81 und \xff\xfe\x01 Rest")), ErrInvalidUTF8, "mixed.txt: byte 11: invalid UTF-8"},
		{"empty", write(t, dir, "empty.txt", nil), ErrEmpty, "empty.txt"},
		{"blank", write(t, dir, "blank.md", []byte(" \n\t\n")), ErrEmpty, "blank.md"},
		{"no articles", func() string {
			d := filepath.Join(dir, "sub")
			os.MkdirAll(d, 0o755)
			write(t, d, "x.pdf", []byte("x"))
			return d
		}(), ErrNoArticles, "sub"},
		{"bad json", write(t, dir, "bad.jsonl", []byte("{not json}\n")), nil, "bad.jsonl:1: not a JSON article"},
		{"bad date", write(t, dir, "date.jsonl", []byte(`{"text":"x","published":"yesterday"}`+"\n")), nil, `published "yesterday" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := walkAll(t, "", tt.path)
			if len(docs) != 0 || len(errs) != 1 {
				t.Fatalf("got %d docs, errors %v; want one error", len(docs), errs)
			}
			if tt.want != nil && !errors.Is(errs[0], tt.want) {
				t.Errorf("error %v is not %v", errs[0], tt.want)
			}
			msg := errs[0].Error()
			if !strings.Contains(msg, tt.message) || strings.Contains(msg, "\n") {
				t.Errorf("message %q: want one line containing %q", msg, tt.message)
			}
		})
	}
}

func TestWalkEncodings(t *testing.T) {
	dir := t.TempDir()
	want := "Grüße aus Köln – „Straße“ €"
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range want {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	utf16be := []byte{0xFE, 0xFF}
	for _, r := range want {
		utf16be = append(utf16be, byte(r>>8), byte(r))
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"utf-8 with BOM", append([]byte("\xef\xbb\xbf"), want...)},
		{"utf-16le", utf16le},
		{"utf-16be", utf16be},
		{"windows-1252", []byte("Gr\xfc\xdfe aus K\xf6ln \x96 \x84Stra\xdfe\x93 \x80")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := walkAll(t, "", write(t, dir, tt.name+".txt", tt.data))
			if len(errs) != 0 || len(docs) != 1 {
				t.Fatalf("docs %d, errors %v", len(docs), errs)
			}
			if docs[0].Text != want {
				t.Errorf("text %q, want %q", docs[0].Text, want)
			}
		})
	}
}

func TestWalkLongLineJSONL(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"big","text":"` + strings.Repeat("a", MaxDocumentSize+10) + `"}`
	p := write(t, dir, "big.jsonl", []byte(long+"\n"+`{"id":"ok","text":"Fine."}`+"\n"))
	docs, errs := walkAll(t, "", p)
	if len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Fatalf("errors %v, want one ErrTooLarge", errs)
	}
	if len(docs) != 1 || docs[0].ID != "ok" {
		t.Fatalf("the record after the long line was lost: %v", docs)
	}
}

func TestWalkSkipsSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.txt", []byte("Outside the tree."))
	write(t, dir, "in.txt", []byte("Inside."))
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	docs, errs := walkAll(t, "", dir)
	if len(errs) != 0 || len(docs) != 1 || filepath.Base(docs[0].ID) != "in.txt" {
		t.Fatalf("docs %v errs %v: symlinks must not be followed", docs, errs)
	}
}

// FuzzDecodeText decodes fuzzed files: an error must point at the bad byte
// (a NUL, or the first byte that is not UTF-8), and decoded text must be
// valid UTF-8 without CR or NUL.
func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{"plain", "\xef\xbb\xbfBOM", "a\r\nb\rc", "bad \xff byte", "nul\x00", "\xef\xbb\xbfa\x00", "\xef\xbb\xbfK\xf6ln \x81", "\xff\xfea\x00\x00\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := decodeText(data)
		if err != nil {
			var re *ReadError
			if !errors.As(err, &re) || re.Offset < 0 || re.Offset >= int64(len(data)) {
				t.Fatalf("error %v without a valid offset", err)
			}
			switch off := re.Offset; {
			case errors.Is(err, ErrBinary):
				if data[off] != 0 {
					t.Fatalf("error %v: byte %d is %#x, not NUL", err, off, data[off])
				}
			case errors.Is(err, ErrInvalidUTF8):
				if r, n := utf8.DecodeRune(data[off:]); r != utf8.RuneError || n != 1 || !utf8.Valid(data[:off]) {
					t.Fatalf("error %v: byte %d is not the first one that is not UTF-8", err, off)
				}
			default:
				t.Fatalf("error %v is neither binary data nor invalid UTF-8", err)
			}
			return
		}
		if strings.ContainsAny(s, "\r\x00") || !utf8.ValidString(s) {
			t.Fatalf("decoded text keeps CR or NUL, or is not UTF-8: %q", s)
		}
	})
}
