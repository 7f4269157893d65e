package boltkv

import (
	"path/filepath"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	ckvtest "github.com/cayleygraph/cayley/graph/kv/kvtest"
	"github.com/hidal-go/hidalgo/kv"
)

// TestCayleySuite runs Cayley's own conformance suite for key-value
// quad store backends (with and without bloom filters) on top of DB.
func TestCayleySuite(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	// Cayley's path tests load data/testdata.nq relative to the working
	// directory; testdata/cayley/data holds a copy of Cayley's file.
	t.Chdir(filepath.Join("testdata", "cayley"))
	ckvtest.TestAll(t, func(t testing.TB) (kv.KV, graph.Options, func()) {
		db, err := Open(filepath.Join(t.TempDir(), "cayley.db"), Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		return db, nil, func() { db.Close() }
	}, nil)
}
