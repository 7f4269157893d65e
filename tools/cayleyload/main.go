// Command cayleyload loads N-Quads files into a new embedded store through
// cayley's fastest bulk path (qs.NewQuadWriter with quad.CopyBatch, see
// graph.BulkLoad). scripts/bench uses it as the reference for newsgraph
// build: the same quads, without extraction, diffing or per-document
// transactions.
//
//	go run ./tools/cayleyload -db ref.db graph.nq
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/cayleygraph/quad/nquads"
	"github.com/newsgraph/newsgraph/graph"
)

func main() {
	db := flag.String("db", "", "store to create (must not exist)")
	noSync := flag.Bool("nosync", false, "skip fsync on commit")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *db, *noSync, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "cayleyload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, db string, noSync bool, files []string) error {
	if db == "" || len(files) == 0 {
		return fmt.Errorf("usage: cayleyload -db STORE FILE.nq... (- for standard input)")
	}
	var readers []io.Reader
	for _, f := range files {
		if f == "-" {
			readers = append(readers, os.Stdin)
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			return err
		}
		defer fh.Close()
		readers = append(readers, fh)
	}
	start := time.Now()
	r := nquads.NewReader(bufio.NewReaderSize(io.MultiReader(readers...), 1<<20), false)
	n, err := graph.BulkLoad(ctx, db, r, graph.Options{NoSync: noSync})
	if err != nil {
		return err
	}
	d := time.Since(start)
	fmt.Fprintf(os.Stderr, "cayleyload: %d quads in %.2fs (%.0f quads/s) into %s\n", n, d.Seconds(), float64(n)/d.Seconds(), db)
	return nil
}
