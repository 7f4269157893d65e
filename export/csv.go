package export

import (
	"encoding/csv"
	"fmt"
	"io"
)

// WriteNodesCSV writes the nodes of in as CSV with a header row of
// [NodeColumns].
func WriteNodesCSV(w io.Writer, in *Input) error {
	t := newTable(in)
	rows := make([][]string, len(t.nodes))
	for i, n := range t.nodes {
		rows[i] = n.values()
	}
	return writeCSV(w, "nodes", NodeColumns, rows)
}

// WriteEdgesCSV writes the edges of in, one per asserted fact, as CSV with
// a header row of [EdgeColumns].
func WriteEdgesCSV(w io.Writer, in *Input) error {
	t := newTable(in)
	rows := make([][]string, len(t.edges))
	for i, e := range t.edges {
		rows[i] = e.values()
	}
	return writeCSV(w, "edges", EdgeColumns, rows)
}

func writeCSV(w io.Writer, what string, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write %s CSV: %w", what, err)
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return fmt.Errorf("write %s CSV: %w", what, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write %s CSV: %w", what, err)
	}
	return nil
}
