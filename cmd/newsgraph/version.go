package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// cayleyModule is the module path of cayley, whose version the version
// command reports.
const cayleyModule = "github.com/cayleygraph/cayley"

// cmdVersion prints the versions (see [writeVersion]).
func cmdVersion(ctx context.Context, g *globals, args []string, e *env) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	g.register(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("version: unexpected argument %q", rest[0])
	}
	return writeVersion(e.stdout, g)
}

// writeVersion prints, one a line: the version of newsgraph, the
// extractor version a build with g's flags records on every document, the
// Go version and the cayley version.
func writeVersion(w io.Writer, g *globals) error {
	xv, err := g.extractorVersion()
	if err != nil {
		return fmt.Errorf("version: %w", err)
	}
	bi, _ := debug.ReadBuildInfo()
	v := fmt.Sprintf("newsgraph  %s\nextractor  %s\ngo         %s %s/%s\ncayley     %s\n",
		mainVersion(bi), xv, runtime.Version(), runtime.GOOS, runtime.GOARCH, depVersion(bi, cayleyModule))
	if _, err := io.WriteString(w, v); err != nil {
		return fmt.Errorf("version: %w", err)
	}
	return nil
}

// mainVersion is the version of the main module as the build recorded it:
// a module version when installed with go install module@version, else
// "(devel)", followed by the VCS revision and commit time, and whether the
// checkout was modified, when the build recorded them.
func mainVersion(bi *debug.BuildInfo) string {
	if bi == nil {
		return "(devel)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = " (modified)"
			}
		}
	}
	if rev != "" {
		v += ", revision " + rev + modified
	}
	if when != "" {
		v += ", " + when
	}
	return v
}

// depVersion is the version of the module path the binary contains, with
// its replacement if any, or "unknown".
func depVersion(bi *debug.BuildInfo, path string) string {
	if bi == nil {
		return "unknown"
	}
	for _, d := range bi.Deps {
		if d.Path != path {
			continue
		}
		v := d.Version
		if r := d.Replace; r != nil {
			v += " => " + strings.TrimSpace(r.Path+" "+r.Version)
		}
		return v
	}
	return "unknown"
}
