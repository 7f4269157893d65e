package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/newsgraph/newsgraph/export"
)

// TestExportStreamed checks that an unfiltered N-Quads export, which reads
// the store one document at a time, writes exactly what the in-memory
// path (the whole store read, then written) writes.
func TestExportStreamed(t *testing.T) {
	db := seedDB(t)
	ctx := context.Background()
	g := newGlobals()
	g.db = db
	f, err := export.Lookup("nquads")
	if err != nil {
		t.Fatal(err)
	}
	if f.Stream == nil {
		t.Fatal("nquads is not streamed")
	}
	var streamed bytes.Buffer
	if err := streamExport(ctx, g, f, "", &streamed); err != nil {
		t.Fatal(err)
	}
	in, err := loadInput(ctx, g, &exportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if err := f.Write(ctx, &whole, in); err != nil {
		t.Fatal(err)
	}
	if whole.Len() < 10000 || !bytes.Equal(streamed.Bytes(), whole.Bytes()) {
		t.Errorf("streamed export (%d bytes) differs from the in-memory one (%d bytes)", streamed.Len(), whole.Len())
	}
	out, stderr, err := newsgraph(t, "", "--db", db, "export", "--format", "nquads")
	if err != nil || out != streamed.String() {
		t.Errorf("export --format nquads: %v %s; output equal to the streamed one: %v", err, stderr, out == streamed.String())
	}
}
