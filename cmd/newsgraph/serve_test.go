package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServe(t *testing.T) {
	db := seedDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, &stderr)
	}()
	addr := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", stderr.String())
		} else {
			select {
			case err := <-done:
				t.Fatalf("serve ended: %v\n%s", err, stderr.String())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	resp, err := http.Get(base + "api/facts?predicate=refused&object=" + "Regulierung%20k%C3%BCnstlicher%20Intelligenz")
	if err != nil {
		t.Fatal(err)
	}
	var facts []struct {
		Subject struct{ Label string }
	}
	err = json.NewDecoder(resp.Body).Decode(&facts)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || len(facts) != 4 {
		t.Errorf("GET /api/facts: %d %v %+v", resp.StatusCode, err, facts)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"api/stats", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	// While the server runs, a build may still write to the store.
	if _, out, err := newsgraph(t, "", "--db", db, "build", seeds); err != nil {
		t.Errorf("build while serving: %v\n%s", err, out)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
