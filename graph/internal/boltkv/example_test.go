package boltkv_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/hidal-go/hidalgo/kv"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "boltkv-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "newsgraph.db")

	db, err := boltkv.Open(path, boltkv.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	err = kv.Update(ctx, db, func(tx kv.Tx) error {
		return tx.Put(kv.SKey("meta", "version"), kv.Value("1"))
	})
	if err != nil {
		log.Fatal(err)
	}
	err = kv.View(db, func(tx kv.Tx) error {
		v, err := tx.Get(ctx, kv.SKey("meta", "version"))
		fmt.Printf("meta/version = %s\n", v)
		return err
	})
	if err != nil {
		log.Fatal(err)
	}

	// A second writer gives up after Timeout.
	_, err = boltkv.Open(path, boltkv.Options{Timeout: 100 * time.Millisecond})
	fmt.Println("second open locked:", errors.Is(err, boltkv.ErrLocked))

	// Output:
	// meta/version = 1
	// second open locked: true
}
