// Command gencorpus writes synthetic German and English news articles as
// JSON Lines for newsgraph's benchmarks (see internal/gencorpus):
//
//	go run ./tools/gencorpus -n 10000 -seed 1 -o corpus-10k.jsonl
//
// The same -seed gives the same articles; the first n articles of a larger
// corpus are the corpus of n. It streams: memory does not grow with -n.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/newsgraph/newsgraph/internal/gencorpus"
)

func main() {
	n := flag.Int("n", 1000, "number of articles")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "-", "output file (- for standard output)")
	flag.Parse()
	if err := run(*n, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, out string) error {
	if n < 0 {
		return fmt.Errorf("-n %d: want 0 or more", n)
	}
	g, err := gencorpus.New(seed)
	if err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
		if err := g.Write(w, n); err != nil {
			return err
		}
		return f.Close()
	}
	return g.Write(w, n)
}
