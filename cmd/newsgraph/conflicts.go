package main

import (
	"context"
	"io"
	"strconv"

	"github.com/newsgraph/newsgraph/graph"
)

// cmdConflicts lists the facts sources disagree on, with both sides'
// evidence.
func cmdConflicts(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	q := newQueryFlags("conflicts", g)
	rest, err := parse(q.fs, args)
	if err != nil {
		return err
	}
	if err := q.only("conflicts"); err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("conflicts: unexpected argument %q", rest[0])
	}
	ctx, cancel := context.WithTimeout(ctx, q.timeout)
	defer cancel()
	ix, err := loadIndex(ctx, g)
	if err != nil {
		return err
	}
	return emit(ctx, ix, conflictsAnswer(ix.Conflicts()), q, stdout, stderr)
}

// conflictsAnswer tabulates conflicts: one row per fact, numbered by
// conflict, with the side (A or B) it backs.
func conflictsAnswer(cs []graph.Conflict) answer {
	var claims []graph.Claim
	var num, kind, side []string
	for i, c := range cs {
		for _, s := range []struct {
			name string
			side graph.Side
		}{{"A", c.A}, {"B", c.B}} {
			for _, cl := range s.side.Claims {
				claims = append(claims, cl)
				num = append(num, strconv.Itoa(i+1))
				kind = append(kind, string(c.Kind))
				side = append(side, s.name)
			}
		}
	}
	text, csvT := claimTables(claims, []string{"#", "KIND", "SIDE"}, func(i int) []string { return []string{num[i], kind[i], side[i]} })
	csvT.head[0], csvT.head[1], csvT.head[2] = "conflict", "kind", "side"
	if cs == nil {
		cs = []graph.Conflict{}
	}
	return answer{value: cs, text: []table{text}, csv: csvT, claims: claims, title: "conflicting facts"}
}
