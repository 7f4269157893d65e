package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDocumentSize is the largest article, in bytes, the reader accepts.
// News articles are a few kilobytes; anything near this is not an article.
const MaxDocumentSize = 16 << 20

// Errors the reader wraps in a *ReadError.
var (
	ErrEmpty       = errors.New("empty document")
	ErrBinary      = errors.New("binary data, not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrTooLarge    = fmt.Errorf("document larger than %d bytes", MaxDocumentSize)
	ErrNoArticles  = errors.New("no articles (.txt, .md, .html, .htm, .jsonl) found")
)

// ReadError reports a document that cannot be read, with the file and, where
// it applies, the byte offset or line of the problem. Its message names the
// file as [printableName] does.
type ReadError struct {
	Path   string
	Line   int   // 1-based line of a JSON Lines file, 0 when not applicable
	Offset int64 // byte offset of the problem, -1 when not applicable
	Err    error
}

func (e *ReadError) Error() string {
	var b strings.Builder
	b.WriteString(printableName(e.Path))
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, ": byte %d", e.Offset)
	}
	b.WriteString(": ")
	b.WriteString(printableText(e.Err.Error()))
	return b.String()
}

func (e *ReadError) Unwrap() error { return e.Err }

// fileError reports a file that cannot be opened, listed or read, as
// "read NAME: ..." with the names in it printed as [printableName] does.
type fileError struct {
	path string
	err  error
}

func fileErr(path string, err error) error { return &fileError{path: path, err: err} }

func (e *fileError) Error() string {
	msg := e.err.Error()
	if pe, ok := e.err.(*fs.PathError); ok {
		msg = pe.Op + " " + printableName(pe.Path) + ": " + pe.Err.Error()
	}
	return "read " + printableName(e.path) + ": " + printableText(msg)
}

func (e *fileError) Unwrap() error { return e.err }

// printableName returns a file name as a message may print it: unchanged
// when it is valid UTF-8 of printable characters (spaces and umlauts
// included) and does not start with a double quote, otherwise quoted with
// Go escapes ([strconv.Quote]). A name holding a newline cannot forge a
// line of its own, nor one holding an escape sequence rewrite the terminal.
func printableName(name string) string {
	if name == "" || name[0] == '"' || !printable(name) {
		return strconv.Quote(name)
	}
	return name
}

// printableText escapes what is not printable in a message.
func printableText(s string) string {
	if printable(s) {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// printable reports whether s is valid UTF-8 of printable characters
// ([strconv.IsPrint]: letters, marks, numbers, punctuation, symbols and
// the ASCII space; no control or format characters).
func printable(s string) bool {
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if (r == utf8.RuneError && n == 1) || !strconv.IsPrint(r) {
			return false
		}
		s = s[n:]
	}
	return true
}

// articleExt lists the file extensions read as articles when walking a
// directory. A path named explicitly is read whatever its extension.
var articleExt = map[string]bool{".txt": true, ".md": true, ".html": true, ".htm": true, ".jsonl": true}

// Walk reads every document named by paths and calls fn for each, in a
// deterministic order (the order of paths, directories sorted by name).
// A path of "-" reads standard input, given as stdin. Directories are walked
// recursively; symbolic links inside them are not followed. A document that
// cannot be read is reported to fn's caller through onErr, which decides
// whether to go on (return nil) or stop (return the error).
func Walk(paths []string, stdin io.Reader, fn func(*Document) error, onErr func(error) error) error {
	if onErr == nil {
		onErr = func(err error) error { return err }
	}
	for _, p := range paths {
		if p == "-" {
			if err := readStream("-", stdin, "", fn, onErr); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			if err := onErr(fileErr(p, err)); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			if err := readFile(p, fn, onErr); err != nil {
				return err
			}
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return onErr(fileErr(path, err))
			}
			if d.Type().IsRegular() && articleExt[strings.ToLower(filepath.Ext(path))] {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(files) == 0 {
			if err := onErr(&ReadError{Path: p, Offset: -1, Err: ErrNoArticles}); err != nil {
				return err
			}
			continue
		}
		sort.Strings(files)
		for _, f := range files {
			if err := readFile(f, fn, onErr); err != nil {
				return err
			}
		}
	}
	return nil
}

func readFile(path string, fn func(*Document) error, onErr func(error) error) error {
	f, err := os.Open(path)
	if err != nil {
		return onErr(fileErr(path, err))
	}
	defer f.Close()
	return readStream(path, f, strings.ToLower(filepath.Ext(path)), fn, onErr)
}

// readStream reads one file's worth of documents. ext selects the format;
// standard input ("") is sniffed: JSON Lines when it starts with '{'.
func readStream(path string, r io.Reader, ext string, fn func(*Document) error, onErr func(error) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if ext == "" {
		head, _ := br.Peek(512)
		if bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, bom), " \t\r\n"), []byte("{")) {
			ext = ".jsonl"
		}
	}
	if ext == ".jsonl" {
		return readJSONL(path, br, fn, onErr)
	}
	data, err := io.ReadAll(io.LimitReader(br, MaxDocumentSize+1))
	if err != nil {
		return onErr(fileErr(path, err))
	}
	if len(data) > MaxDocumentSize {
		return onErr(&ReadError{Path: path, Offset: MaxDocumentSize, Err: ErrTooLarge})
	}
	text, err := decodeText(data)
	if err != nil {
		var re *ReadError
		if errors.As(err, &re) {
			re.Path = path
		}
		return onErr(err)
	}
	switch {
	case ext == ".html" || ext == ".htm" || (ext == "" && looksHTML(text)):
		text = htmlText(text)
	case ext == ".md":
		text = markdownText(text)
	}
	// Checked after the markup is gone: a page of markup alone is empty.
	if strings.TrimSpace(text) == "" {
		return onErr(&ReadError{Path: path, Offset: -1, Err: ErrEmpty})
	}
	doc := &Document{ID: path, Text: text}
	fillMetadata(doc)
	return fn(doc)
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// decodeText validates data as text and returns it as UTF-8: it strips a
// UTF-8 byte order mark, transcodes UTF-16 with a byte order mark and
// Windows-1252 (see [decode1252]), rejects NUL bytes and other invalid UTF-8
// with the offset of the first bad byte, and normalises line endings to \n
// (CRLF and lone CR). Normalising keeps offsets meaningful for everyone who
// reads the text back.
func decodeText(data []byte) (string, error) {
	if u, ok := decodeUTF16(data); ok {
		// A NUL code unit is binary data; report it where it is in the file.
		for i := 2; i+1 < len(data); i += 2 {
			if data[i] == 0 && data[i+1] == 0 {
				return "", &ReadError{Offset: int64(i), Err: ErrBinary}
			}
		}
		data = u
	}
	base := 0 // where data starts in the file, for the offsets reported
	if bytes.HasPrefix(data, bom) {
		data, base = data[len(bom):], len(bom)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", &ReadError{Offset: int64(base + i), Err: ErrBinary}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		if t, ok := decode1252(data); ok {
			data = t
		} else {
			return "", &ReadError{Offset: int64(base + off), Err: ErrInvalidUTF8}
		}
	}
	s := string(data)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s, nil
}

// jsonArticle is one line of a JSON Lines article file.
type jsonArticle struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Lang      string `json:"lang"`
	Text      string `json:"text"`
}

func readJSONL(path string, br *bufio.Reader, fn func(*Document) error, onErr func(error) error) error {
	line := 0
	var off int64 // where the next line starts
	seen := 0
	for {
		raw, n, err := readLine(br, MaxDocumentSize)
		if n > 0 {
			line++
		}
		start := off
		off += n
		if err != nil && err != io.EOF {
			if errors.Is(err, ErrTooLarge) {
				seen++
				if e := onErr(&ReadError{Path: path, Line: line, Offset: start, Err: err}); e != nil || errors.Is(err, errRestSkipped) {
					return e
				}
				continue
			}
			return onErr(fileErr(path, err))
		}
		trimmed := bytes.TrimSpace(bytes.TrimPrefix(raw, bom))
		if len(trimmed) > 0 {
			seen++
			if e := jsonDoc(path, line, start, trimmed, fn, onErr); e != nil {
				return e
			}
		}
		if err == io.EOF {
			break
		}
	}
	if seen == 0 {
		return onErr(&ReadError{Path: path, Offset: -1, Err: ErrEmpty})
	}
	return nil
}

func jsonDoc(path string, line int, off int64, raw []byte, fn func(*Document) error, onErr func(error) error) error {
	if !utf8.Valid(raw) {
		return onErr(&ReadError{Path: path, Line: line, Offset: off, Err: ErrInvalidUTF8})
	}
	var a jsonArticle
	if err := json.Unmarshal(raw, &a); err != nil {
		return onErr(&ReadError{Path: path, Line: line, Offset: -1, Err: fmt.Errorf("not a JSON article: %w", err)})
	}
	text, err := decodeText([]byte(a.Text))
	if err != nil {
		var re *ReadError
		if errors.As(err, &re) {
			re.Path, re.Line, re.Offset = path, line, -1
		}
		return onErr(err)
	}
	if looksHTML(text) {
		text = htmlText(text)
	}
	// Checked after the markup is gone: a page of markup alone is empty.
	if strings.TrimSpace(text) == "" {
		return onErr(&ReadError{Path: path, Line: line, Offset: -1, Err: ErrEmpty})
	}
	id := a.ID
	if id == "" {
		id = fmt.Sprintf("%s#%d", path, line)
	}
	doc := &Document{ID: id, Title: a.Title, URL: a.URL, Lang: a.Lang, Text: text}
	if a.Published != "" {
		t, ok := parseTimestamp(a.Published)
		if !ok {
			return onErr(&ReadError{Path: path, Line: line, Offset: -1, Err: fmt.Errorf("published %q is not a date (want YYYY-MM-DD or RFC 3339)", a.Published)})
		}
		doc.Published = t
	}
	fillMetadata(doc)
	return fn(doc)
}

// maxSkip bounds how far readLine reads a line longer than the largest
// document looking for its end.
const maxSkip = 16 * MaxDocumentSize

// errRestSkipped reports a line so long that the rest of its file is left
// unread: it is no JSON article, and the file is likely no JSON Lines.
var errRestSkipped = fmt.Errorf("%w; the line goes on for more than %d bytes: the rest of the file is skipped", ErrTooLarge, maxSkip)

// readLine reads one \n-terminated line and returns it without the
// newline, with the number of bytes it consumed (the newline and a line
// too long included), so that the caller knows where the next line
// starts. A line longer than max (its newline not counted) is consumed and
// reported as ErrTooLarge, so one bad record does not take the rest of the
// file with it; one longer than maxSkip is abandoned with errRestSkipped,
// so that a huge file without line breaks is not read to its end.
func readLine(br *bufio.Reader, max int) ([]byte, int64, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		size := len(buf) + len(chunk)
		if err == nil {
			size-- // the newline
		}
		if size > max {
			consumed := int64(len(buf) + len(chunk))
			for err == bufio.ErrBufferFull {
				if consumed > maxSkip {
					return nil, consumed, errRestSkipped
				}
				chunk, err = br.ReadSlice('\n')
				consumed += int64(len(chunk))
			}
			if err != nil && err != io.EOF {
				return nil, consumed, err
			}
			return nil, consumed, ErrTooLarge
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(buf, []byte("\n")), int64(len(buf)), err
	}
}

func parseTimestamp(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// decodeUTF16 transcodes UTF-16 text that starts with a byte order mark.
func decodeUTF16(data []byte) ([]byte, bool) {
	if len(data) < 2 || len(data)%2 != 0 {
		return nil, false
	}
	var be bool
	switch {
	case data[0] == 0xFF && data[1] == 0xFE:
	case data[0] == 0xFE && data[1] == 0xFF:
		be = true
	default:
		return nil, false
	}
	u := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		if be {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return []byte(string(utf16.Decode(u))), true
}

// cp1252 maps the bytes 0x80-0x9F of Windows-1252 to Unicode; 0 marks the
// five undefined ones.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// decode1252 transcodes text that is not UTF-8 from Windows-1252 (a
// superset of Latin-1, still common for German text) when that reading is
// plausible: no undefined or control bytes, and at least 90% of the
// non-ASCII bytes are letters or typographic punctuation. Anything else is
// rejected rather than garbled.
func decode1252(data []byte) ([]byte, bool) {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	high, good := 0, 0
	for _, c := range data {
		if c < 0x80 {
			if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
				return nil, false
			}
			b.WriteByte(c)
			continue
		}
		high++
		r := rune(c)
		if c < 0xA0 {
			r = cp1252[c-0x80]
			if r == 0 {
				return nil, false
			}
		}
		if unicode.IsLetter(r) || strings.ContainsRune("€‚„…‘’“”–—«»°§·´ ", r) {
			good++
		}
		b.WriteRune(r)
	}
	if high == 0 || good*10 < high*9 {
		return nil, false
	}
	return []byte(b.String()), true
}
