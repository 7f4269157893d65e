package boltkv

import (
	"path/filepath"
	"testing"

	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/kvtest"
)

// TestConformance runs hidalgo's key-value conformance suite.
func TestConformance(t *testing.T) {
	kvtest.RunTestLocal(t, func(dir string) (kv.KV, error) {
		return Open(filepath.Join(dir, "kvtest.db"), Options{})
	})
}
