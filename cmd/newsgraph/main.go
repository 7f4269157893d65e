// Command newsgraph turns news articles into a knowledge graph of who
// signed, attended and refused which agreements and events, and which
// agreements build on which, with the evidence for every fact.
//
// Usage:
//
//	newsgraph build   [--db DB] [--out DIR] PATH...
//	newsgraph extract [--format jsonl|nquads|text] PATH...
//	newsgraph export  --format FORMAT [-o FILE]
//	newsgraph query   stats
//
// Global flags (before or after the command): --db, --lang, --lexicon,
// --base. Every command answers -h and --help with its usage, flags and
// examples ("newsgraph --help" lists the commands); "newsgraph --version"
// prints the versions of newsgraph, its extractor, Go and cayley.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// memoryLimit is the soft limit of the Go heap (runtime/debug.SetMemoryLimit)
// unless GOMEMLIMIT sets another. What build and export hold at once is
// bounded (the documents in flight, one write batch, one document's
// quads), but by default the collector lets the heap grow to twice what
// is live, and on a store of 100,000 documents a build's heap reached
// 530 MB. Above the limit the collector runs more often; it never makes
// an allocation fail.
const memoryLimit = 384 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode reports err on stderr as one line and maps it to an exit code:
// 0 success, 2 usage errors, 1 anything else.
func exitCode(err error, stderr *os.File) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "newsgraph: %v\n", err)
		return 2
	}
	if errors.Is(err, errReported) {
		return 1
	}
	fmt.Fprintf(stderr, "newsgraph: %v\n", err)
	return 1
}
