package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Bytes encodes s as UTF-16 with a byte order mark.
func utf16Bytes(s string, bigEndian bool) []byte {
	out := []byte{0xFF, 0xFE}
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// TestHostileText feeds the reader files that are empty, in other
// encodings, binary or broken: each is read as the right text or rejected
// with a one-line message naming the file and, where it applies, the byte.
func TestHostileText(t *testing.T) {
	const german = "Grüße aus Köln: „Österreich“ und Ungarn unterzeichneten – für 5 €."
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa")
	tests := []struct {
		name    string
		file    string
		data    []byte
		want    string // the document's text, if it is read
		wantErr error  // the error, if it is rejected
		message string // part of the one-line message
	}{
		{"empty", "empty.txt", nil, "", ErrEmpty, "empty.txt: empty document"},
		{"only a BOM", "bom.txt", []byte("\xef\xbb\xbf"), "", ErrEmpty, "bom.txt"},
		{"only white space", "blank.txt", []byte(" \r\n\t\r \n"), "", ErrEmpty, "blank.txt"},
		{"UTF-8 BOM", "bom2.txt", append([]byte("\xef\xbb\xbf"), german...), german, nil, ""},
		{"UTF-16LE", "le.txt", utf16Bytes(german, false), german, nil, ""},
		{"UTF-16BE", "be.txt", utf16Bytes(german, true), german, nil, ""},
		{"UTF-16LE CRLF", "lecrlf.txt", utf16Bytes("eins\r\nzwei\rdrei", false), "eins\nzwei\ndrei", nil, ""},
		{"UTF-16 odd length", "odd.txt", append(utf16Bytes("ab", false), 'c'), "", ErrBinary, "odd.txt: byte 3: binary data"},
		{"UTF-16LE without BOM", "nobom.txt", utf16Bytes("Köln", false)[2:], "", ErrBinary, "nobom.txt: byte 1: binary data"},
		{"Windows-1252", "cp1252.txt", []byte("Gr\xfc\xdfe aus K\xf6ln: \x84\xd6sterreich\x93 und Ungarn unterzeichneten \x96 f\xfcr 5 \x80."), german, nil, ""},
		{"Latin-1 with undefined bytes", "latin.txt", []byte("K\xf6ln \x81\x8d Br\xfcssel"), "", ErrInvalidUTF8, "latin.txt: byte 1: invalid UTF-8"},
		{"invalid UTF-8 after valid text", "bad.txt", []byte("Gültig \xc3\x28 kaputt \xff\xfe\xfd"), "", ErrInvalidUTF8, "bad.txt: byte 8: invalid UTF-8"},
		{"overlong encoding", "overlong.txt", []byte("a\xc0\xaf\xc0\xaf\xc0\xafb"), "", ErrInvalidUTF8, "overlong.txt: byte 1: invalid UTF-8"},
		{"UTF-8 surrogate", "surrogate.txt", []byte("x\xed\xa0\x80y"), "", ErrInvalidUTF8, "surrogate.txt: byte 1"},
		{"NUL byte", "nul.txt", []byte("Frankreich\x00unterzeichnete"), "", ErrBinary, "nul.txt: byte 10: binary data"},
		{"CRLF", "crlf.txt", []byte("Titel\r\nErster Satz.\r\nZweiter Satz.\r\n"), "Titel\nErster Satz.\nZweiter Satz.\n", nil, ""},
		{"lone CR", "cr.txt", []byte("Titel\rErster Satz.\r\rZweiter Satz."), "Titel\nErster Satz.\n\nZweiter Satz.", nil, ""},
		{"CR LF mixed", "mixed.txt", []byte("a\r\r\nb\n\rc"), "a\n\nb\n\nc", nil, ""},
		{"PNG named .txt", "image.txt", png, "", ErrBinary, "image.txt: byte 8: binary data"},
		{"gzip named .md", "archive.md", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), "", ErrBinary, "archive.md: byte 3: binary data"},
		{"ELF named .html", "program.html", []byte("\x7fELF\x02\x01\x01\x00"), "", ErrBinary, "program.html: byte 7: binary data"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := walkAll(t, "", write(t, dir, tt.file, tt.data))
			if tt.wantErr == nil {
				if len(errs) != 0 || len(docs) != 1 {
					t.Fatalf("got %d documents, errors %v; want the text", len(docs), errs)
				}
				if docs[0].Text != tt.want {
					t.Errorf("text %q, want %q", docs[0].Text, tt.want)
				}
				return
			}
			if len(docs) != 0 || len(errs) != 1 {
				t.Fatalf("got %d documents, errors %v; want one error", len(docs), errs)
			}
			if !errors.Is(errs[0], tt.wantErr) {
				t.Errorf("error %v is not %v", errs[0], tt.wantErr)
			}
			var re *ReadError
			if !errors.As(errs[0], &re) || re.Offset > int64(len(tt.data)) {
				t.Errorf("error %v: want a *ReadError with an offset inside the file", errs[0])
			}
			if msg := errs[0].Error(); !strings.Contains(msg, tt.message) || strings.Contains(msg, "\n") {
				t.Errorf("message %q: want one line containing %q", msg, tt.message)
			}
		})
	}
}

// TestHostileFileNames: a message names its file on one line, whatever
// the name holds (a newline could forge a message of its own, an escape
// sequence rewrite the terminal): such a name is quoted with Go escapes,
// and an ordinary one, umlauts and spaces included, is printed as it is.
func TestHostileFileNames(t *testing.T) {
	dir := t.TempDir()
	parent := func(t *testing.T, path string) string { return filepath.Dir(path) }
	missing := func(t *testing.T, path string) string {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name   string
		file   string // a file name under dir
		data   []byte
		arg    func(t *testing.T, path string) string // what to read, if not the file
		quoted bool                                   // whether the message quotes the path
		msg    string
	}{
		{"plain", "empty.txt", nil, nil, false, "empty.txt: empty document"},
		{"umlauts and spaces", "Grüße aus Köln.txt", nil, nil, false, "Grüße aus Köln.txt: empty document"},
		{"newline", "a\nnewsgraph: all good.txt", nil, nil, true, `a\nnewsgraph: all good.txt": empty document`},
		{"escape sequence", "b\x1b[2Jc.txt", nil, nil, true, `b\x1b[2Jc.txt": empty document`},
		{"carriage return", "d\re.txt", []byte("x\x00"), nil, true, `d\re.txt": byte 1: binary data`},
		{"tab", "f\tg.txt", nil, nil, true, `f\tg.txt": empty document`},
		{"invalid UTF-8", "h\xffi.txt", nil, nil, true, `h\xffi.txt": empty document`},
		{"right-to-left override", "j\u202etxt.exe.txt", nil, nil, true, `j\u202etxt.exe.txt": empty document`},
		{"JSON Lines", "k\nl.jsonl", []byte("{}\n{\"text\":7}\n"), nil, true, `k\nl.jsonl":1: empty document`},
		{"directory without articles", "m\nn/x.pdf", []byte("%PDF"), parent, true, `m\nn": no articles`},
		{"missing", "o\np.txt", nil, missing, true, `read "` + dir + `/o\np.txt": stat "` + dir + `/o\np.txt": no such file`},
		{"missing, plain", "missing.txt", nil, missing, false, "read " + dir + "/missing.txt: stat " + dir + "/missing.txt: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arg := write(t, dir, tt.file, tt.data)
			if tt.arg != nil {
				arg = tt.arg(t, arg)
			}
			_, errs := walkAll(t, "", arg)
			if len(errs) == 0 {
				t.Fatalf("%q: no error", tt.file)
			}
			msg := errs[0].Error()
			if strings.ContainsAny(msg, "\n\r\t\x1b\u202e") || !utf8.ValidString(msg) {
				t.Errorf("message %q holds the raw name", msg)
			}
			if !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q, want it to hold %q", msg, tt.msg)
			}
			if quoted := strings.Contains(msg, `"`+dir); quoted != tt.quoted {
				t.Errorf("message %q: path quoted %v, want %v", msg, quoted, tt.quoted)
			}
		})
	}
}

// TestHostileHTML checks that markup never becomes text: names in meta
// tags, attributes, scripts, styles, comments and templates yield no
// entities; the visible text does.
func TestHostileHTML(t *testing.T) {
	page := `<!DOCTYPE html>
<html><head>
<meta name="description" content="Germany signed the treaty on tariffs.">
<meta property="og:title" content="France and Poland signed an agreement.">
<script>document.title = "Japan signed the Pacific Pact";</script>
<script type="application/ld+json">{"headline": "Mexico signed the trade agreement"}</script>
<style>.Chile::after { content: "Chile signed" }</style>
</head><body>
<!-- Spain signed the secret agreement. -->
<nav>Brazil signed | India signed</nav>
<p title="Italy signed the agreement" data-note="Peru signed">Norway and Sweden signed an agreement on fisheries on 3 May 2026.</p>
<img alt="Greece signed the agreement" src="x.png">
<template><p>Austria signed the agreement.</p></template>
<noscript>Hungary signed the agreement.</noscript>
<p>Finland &amp; Denmark attended the summit in Oslo.</p>
<p>&lt;script&gt;Portugal signed&lt;/script&gt; is shown as text.</p>
</body></html>`
	docs, errs := walkAll(t, "", write(t, t.TempDir(), "page.html", []byte(page)))
	if len(errs) != 0 || len(docs) != 1 {
		t.Fatalf("docs %d, errors %v", len(docs), errs)
	}
	text := docs[0].Text
	for _, hidden := range []string{"Germany", "France", "Poland", "Japan", "Mexico", "Chile", "Spain", "Brazil", "India", "Italy", "Peru", "Greece", "Austria", "Hungary", "<", ">"} {
		if hidden == "<" || hidden == ">" {
			if strings.Count(text, hidden) != 2 { // only the escaped <script> tags
				t.Errorf("text %q: markup characters", text)
			}
			continue
		}
		if strings.Contains(text, hidden) {
			t.Errorf("text holds %q from markup: %q", hidden, text)
		}
	}
	res, err := newTestExtractor(t).Extract(docs[0])
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, e := range res.Entities {
		found[e.Name] = true
	}
	for _, name := range []string{"Norway", "Sweden", "Finland", "Denmark", "Portugal"} {
		if !found[name] {
			t.Errorf("visible %s not found; entities %v", name, found)
		}
	}
	for _, name := range []string{"Germany", "France", "Poland", "Japan", "Mexico", "Chile", "Spain", "Brazil", "India", "Italy", "Peru", "Greece", "Austria", "Hungary"} {
		if found[name] {
			t.Errorf("entity %s extracted from markup", name)
		}
	}
}

// TestHostileHTMLSelfClosing: "<script/>" is an ordinary start tag in HTML
// (the slash means nothing on a non-void element), so what follows it up
// to "</script>" is script, not text; the text after "</script>" is kept.
// In SVG and MathML the slash does close the element: the text after an
// "<svg/>" icon is the article's. An end tag with nothing open to close
// reveals nothing, and an HTML paragraph ends an unclosed <svg>, as the
// HTML parsing rules have it.
func TestHostileHTMLSelfClosing(t *testing.T) {
	tests := []struct {
		name string
		page string
		want string
	}{
		{"script", `<html><body><script/>Japan signed the Pacific Pact</script><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"style", `<html><body><style/>Chile signed{}</style><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"noscript", `<html><body><noscript/>Japan signed</noscript><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"template", `<html><body><template/><p>Japan signed</p></template><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"nav", `<html><body><nav/>Japan signed</nav><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"script in head", `<html><head><script/>var Japan;</script></head><body><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"unclosed script", `<html><body><p>Norway signed.</p><script/>Japan signed`, "Norway signed."},
		{"svg icon", `<html><body><p>Norway <svg class="icon"/> signed.</p><p>Sweden signed.</p></body></html>`, "Norway signed.\nSweden signed."},
		{"svg with self-closed children", `<html><body><svg><use href="#i"/><path d="M0"/><text>Japan</text></svg><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"script in svg", `<html><body><svg><script/><style/><title>Japan</title></svg><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"math", `<html><body><p>x <math/> y</p><math><mi>z</mi><mspace/></math><p>Norway signed.</p></body></html>`, "x y\nz\nNorway signed."},
		{"svg ended by a paragraph", `<html><body><svg><path d="M0"><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"HTML in foreignObject", `<html><body><svg><foreignObject><div>Japan</div><script/>Chile</script></foreignObject></svg><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"stray end tag in template", `<html><body><template><p>Austria</p></nav><p>Japan</p></template><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"stray end tags", `<html><body></script></svg></template><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"nested", `<html><body><nav><nav>Japan</nav>Chile</nav><p>Norway signed.</p></body></html>`, "Norway signed."},
		{"deep nesting", strings.Repeat("<nav>", 3*maxOpen) + "Japan" + strings.Repeat("</nav>", 3*maxOpen) + "<p>Norway signed.</p>", "Norway signed."},
		{"deep svg", "<svg>" + strings.Repeat("<g>", 3*maxOpen) + "Japan</svg><p>Norway signed.</p>", "Norway signed."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmlText(tt.page); got != tt.want {
				t.Errorf("htmlText(%q) = %q, want %q", tt.page, got, tt.want)
			}
		})
	}
}

// TestHostileJSONL feeds the JSON Lines reader broken and hostile records:
// each bad record is reported with its line, and the good ones around it
// are read.
func TestHostileJSONL(t *testing.T) {
	good := func(id string) string { return `{"id":"` + id + `","text":"Frankreich und Polen unterzeichneten."}` }
	lines := []string{
		"\xef\xbb\xbf" + good("bom"),                            // 1: a BOM before the first record
		good("crlf") + "\r",                                     // 2: CRLF line end
		`{"id":"nul","text":"a\u0000b"}`,                        // 3: NUL escaped in JSON
		`{"id":"raw","text":"a` + "\x00" + `b"}`,                // 4: raw NUL
		`{"id":"latin","text":"K` + "\xf6" + `ln"}`,             // 5: not UTF-8
		`{"id":"num","text":42}`,                                // 6: text not a string
		`["not","an","object"]`,                                 // 7
		strings.Repeat("[", 20000) + strings.Repeat("]", 20000), // 8: deep nesting
		`{"id":"date","text":"x","published":"31.02.2026"}`,     // 9: bad date
		`{"id":"empty","text":"   "}`,                           // 10: empty text
		`{"id":"html","text":"<html><body><script>Japan</script><p>Chile signed.</p></body></html>"}`, // 11
		good("dup") + good("glued"), // 12: two records on one line
		good("last"),                // 13
	}
	data := strings.Join(lines, "\n")
	docs, errs := walkAll(t, "", write(t, t.TempDir(), "feed.jsonl", []byte(data)))
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
		if strings.ContainsAny(d.Text, "\x00\r") {
			t.Errorf("document %s text %q holds NUL or CR", d.ID, d.Text)
		}
		if d.ID == "html" && strings.Contains(d.Text, "Japan") {
			t.Errorf("script text in a JSON record's HTML: %q", d.Text)
		}
	}
	if got, want := strings.Join(ids, " "), "bom crlf html last"; got != want {
		t.Errorf("documents %q, want %q", got, want)
	}
	wantLines := []int{3, 4, 5, 6, 7, 8, 9, 10, 12}
	if len(errs) != len(wantLines) {
		t.Fatalf("%d errors, want %d: %v", len(errs), len(wantLines), errs)
	}
	for i, err := range errs {
		var re *ReadError
		if !errors.As(err, &re) || re.Line != wantLines[i] || re.Offset > int64(len(data)) {
			t.Errorf("error %v: want a *ReadError for line %d", err, wantLines[i])
		}
		if msg := err.Error(); !strings.Contains(msg, fmt.Sprintf("feed.jsonl:%d:", wantLines[i])) || strings.Contains(msg, "\n") {
			t.Errorf("message %q: want one line naming feed.jsonl:%d", msg, wantLines[i])
		}
	}
}

// TestHostileTree checks the directory walk: symbolic links (to files and
// directories outside the tree, loops, dangling ones) are not followed,
// FIFOs and other special files are not opened (reading one would block).
func TestHostileTree(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.txt", []byte("Outside the tree."))
	write(t, outside, "dir/also.txt", []byte("Also outside."))
	write(t, root, "in.txt", []byte("Inside."))
	write(t, root, "sub/deep.md", []byte("Deep inside."))
	links := map[string]string{
		"file-out.txt":  filepath.Join(outside, "secret.txt"),
		"dir-out":       filepath.Join(outside, "dir"),
		"loop":          root,
		"sub/up":        "..",
		"dangling.txt":  filepath.Join(outside, "missing.txt"),
		"self.txt":      "self.txt",
		"relative.html": "../" + filepath.Base(outside) + "/secret.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.txt"), 0o644); err != nil {
		t.Logf("no FIFO: %v", err)
	}
	done := make(chan struct{})
	var docs []*Document
	var errs []error
	go func() {
		defer close(done)
		docs, errs = walkAll(t, "", root)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the walk blocked (on the FIFO?)")
	}
	var got []string
	for _, d := range docs {
		rel, _ := filepath.Rel(root, d.ID)
		got = append(got, rel)
	}
	if strings.Join(got, " ") != "in.txt sub/deep.md" || len(errs) != 0 {
		t.Errorf("documents %q, errors %v; want in.txt and sub/deep.md only", got, errs)
	}
	// A link named on the command line is the user's choice: it is read.
	docs, errs = walkAll(t, "", filepath.Join(root, "file-out.txt"))
	if len(docs) != 1 || len(errs) != 0 {
		t.Errorf("a link given as an argument: %d documents, errors %v", len(docs), errs)
	}
}

// hugeChildEnv names the file a child process reads for TestHugeInputs.
const hugeChildEnv = "NEWSGRAPH_HUGE_INPUT"

// hugeReport is what the child process reports.
type hugeReport struct {
	Docs     int
	Errors   []string
	PeakRSS  int64 // VmHWM, bytes
	PeakHeap int64 // runtime.MemStats.HeapSys: heap memory taken from the system
	Race     bool  // built with the race detector, whose shadow memory inflates RSS
	Elapsed  time.Duration
}

// TestHugeInputChild is the child of TestHugeInputs: it reads one file and
// reports its errors and peak memory.
func TestHugeInputChild(t *testing.T) {
	path := os.Getenv(hugeChildEnv)
	if path == "" {
		t.Skip("run by TestHugeInputs")
	}
	var r hugeReport
	start := time.Now()
	err := Walk([]string{path}, nil, func(*Document) error { r.Docs++; return nil },
		func(err error) error { r.Errors = append(r.Errors, err.Error()); return nil })
	r.Elapsed = time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			r.PeakRSS = kb << 10
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.PeakHeap = int64(ms.HeapSys)
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			r.Race = r.Race || s.Key == "-race" && s.Value == "true"
		}
	}
	out, _ := json.Marshal(r)
	fmt.Printf("REPORT %s\n", out)
}

// TestHugeInputs reads a 100 MB single line and multi-GB sparse files,
// each in a child process, and checks they are rejected as too large, with
// memory bounded by the largest document (16 MiB, read at most twice over)
// whatever the file's size, and without reading a huge file to its end.
func TestHugeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB file")
	}
	dir := t.TempDir()
	line := bytes.Repeat([]byte("Frankreich und Polen unterzeichneten ein Abkommen. "), 100<<20/51+1)
	mustWrite := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sparse := func(name string, size int64, head []byte) string {
		p := mustWrite(name, head)
		if err := os.Truncate(p, size); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gib := int64(1) << 30
	tests := []struct {
		name    string
		path    string
		size    int64
		docs    int
		wantErr []string // parts of the error messages, one per error
		maxRSS  int64
	}{
		{"100 MB line .txt", mustWrite("line.txt", line), int64(len(line)), 0, []string{"line.txt: byte 16777216: document larger than 16777216 bytes"}, 96 << 20},
		{"100 MB line .jsonl", mustWrite("line.jsonl", append(append([]byte(`{"id":"huge","text":"`), line...), "\"}\n{\"id\":\"after\",\"text\":\"Kanada.\"}\n"...)), int64(len(line)), 1,
			[]string{"line.jsonl:1: byte 0: document larger than"}, 96 << 20},
		{"4 GiB sparse .txt", sparse("sparse.txt", 4*gib, []byte("Kanada und Mexiko. ")), 4 * gib, 0, []string{"sparse.txt: byte 16777216: document larger than"}, 96 << 20},
		{"4 GiB sparse .html", sparse("sparse.html", 4*gib, []byte("<html><body><p>")), 4 * gib, 0, []string{"sparse.html: byte 16777216: document larger than"}, 96 << 20},
		{"2 GiB sparse .jsonl", sparse("sparse.jsonl", 2*gib, []byte(`{"id":"x","text":"`)), 2 * gib, 0, []string{"sparse.jsonl:1: byte 0: document larger than 16777216 bytes; the line goes on for more than 268435456 bytes: the rest of the file is skipped"}, 96 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHugeInputChild$", "-test.v")
			cmd.Env = append(os.Environ(), hugeChildEnv+"="+tt.path, "GOGC=100")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			_, rep, ok := bytes.Cut(out, []byte("REPORT "))
			if !ok {
				t.Fatalf("child did not report:\n%s", out)
			}
			rep, _, _ = bytes.Cut(rep, []byte("\n"))
			var r hugeReport
			if err := json.Unmarshal(rep, &r); err != nil {
				t.Fatal(err)
			}
			t.Logf("%d MiB file: %d documents, errors %q; peak heap %d MiB, peak RSS %d MiB; %v", tt.size>>20, r.Docs, r.Errors, r.PeakHeap>>20, r.PeakRSS>>20, r.Elapsed.Round(time.Millisecond))
			if r.Docs != tt.docs || len(r.Errors) != len(tt.wantErr) {
				t.Fatalf("%d documents and errors %q; want %d documents and %d errors", r.Docs, r.Errors, tt.docs, len(tt.wantErr))
			}
			for i, want := range tt.wantErr {
				if !strings.Contains(r.Errors[i], want) {
					t.Errorf("error %q, want it to say %q", r.Errors[i], want)
				}
			}
			maxHeap := tt.maxRSS
			if r.Race {
				maxHeap *= 2 // the race detector keeps freed memory longer
			}
			if r.PeakHeap > maxHeap || r.PeakHeap <= 0 {
				t.Errorf("peak heap %d MiB reading a %d MiB file, want at most %d MiB", r.PeakHeap>>20, tt.size>>20, maxHeap>>20)
			}
			if (r.PeakRSS > tt.maxRSS && !r.Race) || r.PeakRSS <= 0 {
				t.Errorf("peak RSS %d MiB reading a %d MiB file, want at most %d MiB", r.PeakRSS>>20, tt.size>>20, tt.maxRSS>>20)
			}
		})
	}
}

// TestLongLineOfNames extracts from one line of hundreds of names without
// a sentence end, input that once took the learned extractor minutes and
// gigabytes: the line is cut into bounded sentences, each name is paired
// with its nearest targets only, and the names at both ends are found.
func TestLongLineOfNames(t *testing.T) {
	const n = 150
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Minister Karl%d Mayer%d signed the Accord%d Agreement and attended the Summit%d Conference, ", i, i, i, i)
	}
	text := b.String()
	for _, s := range Sentences(text) {
		if len(s.Tokens) > MaxSentenceTokens {
			t.Fatalf("a sentence of %d tokens, more than %d", len(s.Tokens), MaxSentenceTokens)
		}
	}
	x, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := x.Extract(&Document{ID: "long", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, e := range r.Entities {
		names[e.ID] = e.Name
	}
	objects := map[string]map[string]bool{}
	for _, rel := range r.Relations {
		s, o := names[rel.Subject], names[rel.Object]
		if objects[s] == nil {
			objects[s] = map[string]bool{}
		}
		objects[s][o] = true
	}
	if len(objects) == 0 {
		t.Error("no relation at all")
	}
	for s, os := range objects {
		if len(os) > 2*maxPartners {
			t.Errorf("%s is linked to %d things, more than the %d nearest", s, len(os), 2*maxPartners)
		}
	}
	found := map[string]bool{}
	for _, e := range r.Entities {
		found[e.Name] = true
	}
	for _, want := range []string{"Accord0 Agreement", "Summit1 Conference", fmt.Sprintf("Karl%d Mayer%d", n-1, n-1), fmt.Sprintf("Summit%d Conference", n-1)} {
		if !found[want] {
			t.Errorf("entity %q missing", want)
		}
	}
}
