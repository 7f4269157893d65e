package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// progressEvery is the least time between two changes of a status line:
// a few a second are enough to read and do not flood a slow terminal.
const progressEvery = 250 * time.Millisecond

// progressConfig says whether and how a long command shows its progress.
type progressConfig struct {
	on    bool             // show a status line
	every time.Duration    // least time between two redraws; 0 redraws on every update
	now   func() time.Time // the clock; nil is time.Now
}

// isTerminal reports whether w is a terminal: only then does a command
// show a status line there, so that piped or redirected output stays as
// it is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress is a status line on a terminal: how many documents are done,
// of how many when that is known, how many a second, and the time left.
// It is redrawn in place (carriage return, no other control codes) at
// most every cfg.every, and cleared by finish. Other messages must go
// through its Write, which clears the line before them, so that they do
// not mix with it. A nil *progress does nothing.
type progress struct {
	cfg  progressConfig
	w    io.Writer
	name string // the command, at the start of the line

	total atomic.Int64 // documents in all; -1 while unknown

	mu    sync.Mutex
	start time.Time
	last  time.Time // when the line was last drawn; zero: draw on the next update
	done  int64
	width int // runes of the line on the screen; 0 when none is
}

// newProgress starts a status line of the command name on w.
func newProgress(w io.Writer, name string, cfg progressConfig) *progress {
	if cfg.now == nil {
		cfg.now = time.Now
	}
	p := &progress{cfg: cfg, w: w, name: name, start: cfg.now()}
	p.total.Store(-1)
	return p
}

// setTotal sets how many documents there are in all; it may be called
// from any goroutine.
func (p *progress) setTotal(n int64) {
	if p != nil {
		p.total.Store(n)
	}
}

// update reports that done documents are done, and redraws the line
// unless it was drawn less than cfg.every ago.
func (p *progress) update(done int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = done
	now := p.cfg.now()
	if !p.last.IsZero() && now.Sub(p.last) < p.cfg.every {
		return
	}
	p.last = now
	line := p.line(now)
	n := len([]rune(line))
	pad := ""
	if n < p.width {
		pad = strings.Repeat(" ", p.width-n)
	}
	// A status line is no result: a failed write to a terminal shows
	// in the messages that follow it.
	_, _ = io.WriteString(p.w, "\r"+line+pad)
	p.width = n
}

// line formats the status line for now.
func (p *progress) line(now time.Time) string {
	var b strings.Builder
	total := p.total.Load()
	if total >= 0 && p.done > total {
		total = p.done // the count was an estimate
	}
	if total >= 0 {
		fmt.Fprintf(&b, "%s: %d/%d documents", p.name, p.done, total)
		if total > 0 {
			fmt.Fprintf(&b, " (%d%%)", p.done*100/total)
		}
	} else {
		fmt.Fprintf(&b, "%s: %d documents", p.name, p.done)
	}
	elapsed := now.Sub(p.start)
	if elapsed <= 0 || p.done == 0 {
		return b.String()
	}
	rate := float64(p.done) / elapsed.Seconds()
	fmt.Fprintf(&b, ", %.1f/s", rate)
	if total >= 0 {
		left := time.Duration(float64(total-p.done) / rate * float64(time.Second))
		fmt.Fprintf(&b, ", %s left", left.Round(time.Second))
	}
	return b.String()
}

// clear removes the line from the screen; p.mu is held.
func (p *progress) clear() {
	if p.width > 0 {
		_, _ = io.WriteString(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
		p.last = time.Time{} // draw again with the next update
	}
}

// Write writes a message, clearing the status line first.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	return p.w.Write(b)
}

// finish clears the line for good.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

// countDocuments estimates how many documents, and read errors, walking
// paths as [extract.Walk] does will yield: one for each article file, one
// for each non-blank line of a JSON Lines file. It returns -1 when it
// cannot tell without consuming the input: for standard input, and for
// a FIFO or device named on the command line.
func countDocuments(ctx context.Context, paths []string) int64 {
	var n int64
	for _, p := range paths {
		if p == "-" {
			return -1
		}
		info, err := os.Stat(p)
		switch {
		case err != nil:
			n++ // a read error
			continue
		case !info.IsDir() && !info.Mode().IsRegular():
			return -1
		case !info.IsDir():
			n += countFile(ctx, p, true)
			continue
		}
		files := int64(0)
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err != nil {
				n++ // a read error
				return nil
			}
			if d.Type().IsRegular() && articleFile(path) {
				files++
				n += countFile(ctx, path, false)
			}
			return nil
		})
		if err != nil {
			return -1
		}
		if files == 0 {
			n++ // "no articles"
		}
	}
	if ctx.Err() != nil {
		return -1
	}
	return n
}

// articleFile reports whether a directory walk reads path as an article,
// by its extension.
func articleFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".md", ".html", ".htm", ".jsonl":
		return true
	}
	return false
}

// countFile estimates the documents of one file: the non-blank lines of a
// .jsonl file, or of a file named on the command line (explicit) without
// an extension that starts with '{', else 1. It stops early when ctx ends.
func countFile(ctx context.Context, path string, explicit bool) int64 {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".jsonl" && (!explicit || ext != "") {
		return 1
	}
	f, err := os.Open(path)
	if err != nil {
		return 1
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	var n int64
	blank, first := true, true
	for {
		k, err := f.Read(buf)
		chunk := buf[:k]
		if first && k > 0 {
			first = false
			head := bytes.TrimLeft(bytes.TrimPrefix(chunk, []byte("\xEF\xBB\xBF")), " \t\r\n")
			if ext == "" && !bytes.HasPrefix(head, []byte("{")) {
				return 1
			}
		}
		for _, c := range chunk {
			switch c {
			case '\n':
				if !blank {
					n++
				}
				blank = true
			case ' ', '\t', '\r':
			default:
				blank = false
			}
		}
		if err != nil || ctx.Err() != nil {
			break
		}
	}
	if !blank {
		n++
	}
	return max(n, 1)
}
