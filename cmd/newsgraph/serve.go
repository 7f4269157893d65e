package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/web"
)

// cmdServe serves the read-only API and the web viewer until ctx ends.
func cmdServe(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	g.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0: any free port)")
	remote := fs.Bool("allow-remote", false, "allow listening on a non-loopback address: anyone who can reach it can read the whole store")
	var hosts stringList
	fs.Var(&hosts, "host", "also accept host `NAME` in Host and Origin headers, e.g. the name remote clients use (repeatable)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("serve: unexpected argument %q", rest[0])
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usagef("serve: --addr %q: want HOST:PORT, such as 127.0.0.1:8080", *addr)
	}
	if !isLoopback(host) && !*remote {
		return usagef("serve: --addr %s is not a loopback address; add --allow-remote to serve the store to other machines", *addr)
	}
	if !isDSN(g.db) {
		if _, err := os.Stat(g.db); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("serve %s: %w", g.db, graph.ErrNoStore)
			}
			return fmt.Errorf("serve: %w", err)
		}
	}
	logger := log.New(stderr, "serve: ", log.LstdFlags)
	src := web.NewStoreSource(g.db, graph.Options{Base: g.base, ReadOnly: true}, logger)
	if _, err := src.Index(ctx); err != nil {
		return err
	}
	allowed := hosts
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		allowed = append(allowed, localAddrs()...)
		if name, err := os.Hostname(); err == nil {
			allowed = append(allowed, name)
		}
	} else {
		allowed = append(allowed, host)
	}
	h, err := web.Handler(web.Config{Source: src, Hosts: allowed, Log: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := web.NewServer(*addr, h)
	srv.ErrorLog = logger
	fmt.Fprintf(stderr, "serving %s read-only at http://%s/ (Ctrl-C stops)\n", redactDSN(g.db), ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// isLoopback reports whether host names only the loopback interface.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// localAddrs lists the addresses of the machine's interfaces, for a server
// listening on all of them.
func localAddrs() []string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			out = append(out, n.IP.String())
		}
	}
	return out
}

// stringList is a repeatable string flag.
type stringList []string

// String joins the values with commas.
func (s *stringList) String() string { return strings.Join(*s, ",") }

// Set adds a value.
func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// isDSN reports a database URL rather than a file path.
func isDSN(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// redactDSN hides the password of a database URL for messages.
func redactDSN(db string) string {
	if !isDSN(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "***")
		}
	}
	return u.String()
}
