// Package web serves a newsgraph store to a browser: a read-only JSON API
// for the analyst queries of [graph.Index] and a page to search an entity,
// see its neighbourhood as a diagram, read the evidence behind each fact
// and download the view in any export format.
//
// The handler is built to face a browser that also visits hostile sites:
// it answers GET and HEAD only, rejects requests whose Host or Origin names
// a host it does not serve (DNS rebinding), bounds request size and time,
// and sends a strict Content-Security-Policy. The page builds every text
// with textContent, so a name in a document can never become markup.
//
// Use [Handler] for the handler and [NewServer] for an [http.Server] with
// timeouts; serve them on a loopback address.
package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
)

//go:embed static
var static embed.FS

// Source gives the index requests are answered from.
type Source interface {
	Index(ctx context.Context) (*graph.Index, error)
}

// StaticSource is a Source that always returns the same index.
type StaticSource struct{ Ix *graph.Index }

// Index returns the index.
func (s StaticSource) Index(context.Context) (*graph.Index, error) { return s.Ix, nil }

// Limits on requests.
const (
	// MaxQuery is the longest query string accepted, in bytes.
	MaxQuery = 4096
	// MaxBody is the largest request body accepted; GET and HEAD need none.
	MaxBody = 1024
	// DefaultTimeout bounds the handling of one request.
	DefaultTimeout = 20 * time.Second
	// MaxSearch is the most suggestions /api/search returns.
	MaxSearch = 20
)

// ContentSecurityPolicy is sent with every page and API response: only the
// server's own scripts, styles and images, no plugins, no framing, no
// inline script or style.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// downloadPolicy is sent with exports: a downloaded SVG opened in the
// browser runs no script and loads nothing.
const downloadPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

// Config configures [Handler].
type Config struct {
	// Source gives the index to answer from.
	Source Source
	// Hosts are the host names or addresses (without port) that requests
	// may name in their Host and Origin headers besides the loopback names
	// localhost, 127.0.0.1 and ::1, which are always accepted.
	Hosts []string
	// Timeout bounds the handling of one request; 0 means DefaultTimeout.
	Timeout time.Duration
	// Title heads the page; empty means "newsgraph".
	Title string
	// Log receives one line per failed request; nil means no logging.
	Log *log.Logger
}

// handler serves the page and the API.
type handler struct {
	cfg   Config
	hosts map[string]bool
	page  *template.Template
}

// Handler returns the web viewer's handler. It never writes to the store.
func Handler(cfg Config) (http.Handler, error) {
	if cfg.Source == nil {
		return nil, errors.New("web: no source")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Title == "" {
		cfg.Title = "newsgraph"
	}
	page, err := template.ParseFS(static, "static/index.html")
	if err != nil {
		return nil, fmt.Errorf("web: page template: %w", err)
	}
	h := &handler{cfg: cfg, hosts: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}, page: page}
	for _, host := range cfg.Hosts {
		h.hosts[strings.ToLower(strings.Trim(host, "[]"))] = true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.index)
	assets, _ := fs.Sub(static, "static")
	files := http.FileServerFS(assets)
	for _, name := range []string{"app.js", "style.css", "icon.svg"} {
		mux.Handle("GET /static/"+name, http.StripPrefix("/static", files))
	}
	mux.Handle("GET /favicon.ico", http.RedirectHandler("/static/icon.svg", http.StatusMovedPermanently))
	mux.HandleFunc("GET /api/stats", h.api(h.stats))
	mux.HandleFunc("GET /api/search", h.api(h.search))
	mux.HandleFunc("GET /api/show", h.api(h.show))
	mux.HandleFunc("GET /api/facts", h.api(h.facts))
	mux.HandleFunc("GET /api/neighbors", h.api(h.neighbors))
	mux.HandleFunc("GET /api/path", h.api(h.path))
	mux.HandleFunc("GET /api/sources", h.api(h.sources))
	mux.HandleFunc("GET /api/conflicts", h.api(h.conflicts))
	mux.HandleFunc("GET /api/formats", h.api(h.formats))
	mux.HandleFunc("GET /api/export", h.export)
	inner := http.TimeoutHandler(mux, cfg.Timeout, "request took too long\n")
	return h.guard(inner), nil
}

// NewServer returns a server for h on addr with timeouts for every phase
// of a request and a small header limit.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      DefaultTimeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}

// guard applies the security headers and checks every request before it
// reaches a route.
func (h *handler) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", ContentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			hd.Set("Allow", "GET, HEAD")
			h.fail(w, r, http.StatusMethodNotAllowed, "method %s not allowed: this server is read-only", r.Method)
			return
		}
		if !h.allowedHost(r.Host) {
			h.fail(w, r, http.StatusMisdirectedRequest, "host %q is not served here", r.Host)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !h.allowedOrigin(o, r.Host) {
			h.fail(w, r, http.StatusForbidden, "cross-origin request from %q refused", o)
			return
		}
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
			h.fail(w, r, http.StatusForbidden, "cross-site request refused")
			return
		}
		if r.ContentLength > 0 {
			h.fail(w, r, http.StatusRequestEntityTooLarge, "a request here has no body")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		if len(r.URL.RawQuery) > MaxQuery {
			h.fail(w, r, http.StatusRequestURITooLong, "query longer than %d bytes", MaxQuery)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedHost reports whether a Host header names this server.
func (h *handler) allowedHost(hostport string) bool {
	host := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		host = hh
	}
	return host != "" && h.hosts[strings.ToLower(strings.Trim(host, "[]"))]
}

// allowedOrigin reports whether an Origin is this server as the request
// reached it: http, an allowed host, and the same host and port as Host.
func (h *handler) allowedOrigin(origin, host string) bool {
	rest, ok := strings.CutPrefix(origin, "http://")
	if !ok || strings.ContainsAny(rest, "/?#@") {
		return false
	}
	return h.allowedHost(rest) && strings.EqualFold(rest, host)
}

// apiError is an API failure with its status and, for an ambiguous
// entity, the candidates.
type apiError struct {
	status     int
	msg        string
	candidates []graph.Ref
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, a ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, a...)}
}

// fail writes an error as JSON.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, status int, format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	if h.cfg.Log != nil {
		h.cfg.Log.Printf("%s %s: %d %s", r.Method, r.URL.Path, status, msg)
	}
	writeJSON(w, status, map[string]any{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"encoding the answer failed"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// api adapts a query to a handler: it loads the index, runs the query and
// writes its answer or error as JSON.
func (h *handler) api(fn func(ctx context.Context, ix *graph.Index, r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ix, err := h.cfg.Source.Index(r.Context())
		if err != nil {
			h.fail(w, r, http.StatusServiceUnavailable, "store unavailable: %v", err)
			return
		}
		v, err := fn(r.Context(), ix, r)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	}
}

func (h *handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if errors.As(err, &ae) {
		if ae.candidates != nil {
			writeJSON(w, ae.status, map[string]any{"error": ae.msg, "candidates": ae.candidates})
			return
		}
		h.fail(w, r, ae.status, "%s", ae.msg)
		return
	}
	h.fail(w, r, http.StatusInternalServerError, "%v", err)
}

// entity resolves the entity named by a query parameter.
func entity(ix *graph.Index, r *http.Request, param string) (graph.Ref, error) {
	name := r.URL.Query().Get(param)
	if strings.TrimSpace(name) == "" {
		return graph.Ref{}, badRequest("parameter %q: name an entity", param)
	}
	ref, err := ix.Resolve(name)
	var amb *graph.AmbiguousError
	var nf *graph.NotFoundError
	switch {
	case errors.As(err, &amb):
		return graph.Ref{}, &apiError{status: http.StatusConflict, msg: err.Error(), candidates: amb.Candidates}
	case errors.As(err, &nf):
		return graph.Ref{}, &apiError{status: http.StatusNotFound, msg: err.Error(), candidates: ix.Search(name, 5)}
	}
	return ref, err
}

func (h *handler) index(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	data := struct {
		Title   string
		Formats []export.Format
	}{h.cfg.Title, export.Formats}
	if err := h.page.Execute(&buf, data); err != nil {
		h.fail(w, r, http.StatusInternalServerError, "page: %v", err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (h *handler) stats(_ context.Context, ix *graph.Index, _ *http.Request) (any, error) {
	return ix.Summary(), nil
}

func (h *handler) search(_ context.Context, ix *graph.Index, r *http.Request) (any, error) {
	res := ix.Search(r.URL.Query().Get("q"), MaxSearch)
	if res == nil {
		res = []graph.Ref{}
	}
	return res, nil
}

func (h *handler) show(_ context.Context, ix *graph.Index, r *http.Request) (any, error) {
	e, err := entity(ix, r, "entity")
	if err != nil {
		return nil, err
	}
	return ix.Show(e.IRI), nil
}

func (h *handler) sources(_ context.Context, ix *graph.Index, r *http.Request) (any, error) {
	e, err := entity(ix, r, "entity")
	if err != nil {
		return nil, err
	}
	return map[string]any{"entity": e, "sources": nonNil(ix.Sources(e.IRI))}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// filter reads a FactFilter from predicate, subject, object and asserted.
func filter(ix *graph.Index, r *http.Request) (graph.FactFilter, error) {
	var f graph.FactFilter
	q := r.URL.Query()
	if p := q.Get("predicate"); p != "" {
		var err error
		if f.Predicate, err = graph.ParsePredicate(p); err != nil {
			return f, badRequest("%v", err)
		}
	}
	for _, x := range []struct {
		param string
		iri   *quad.IRI
	}{{"subject", &f.Subject}, {"object", &f.Object}} {
		if q.Get(x.param) == "" {
			continue
		}
		e, err := entity(ix, r, x.param)
		if err != nil {
			return f, err
		}
		*x.iri = e.IRI
	}
	f.AssertedOnly = q.Get("asserted") == "1" || q.Get("asserted") == "true"
	return f, nil
}

func (h *handler) facts(_ context.Context, ix *graph.Index, r *http.Request) (any, error) {
	f, err := filter(ix, r)
	if err != nil {
		return nil, err
	}
	return nonNil(ix.Facts(f)), nil
}

func depth(r *http.Request) (int, error) {
	s := r.URL.Query().Get("depth")
	if s == "" {
		return 1, nil
	}
	d, err := strconv.Atoi(s)
	if err != nil || d < 1 || d > graph.MaxDepth {
		return 0, badRequest("depth %q: want 1 to %d", s, graph.MaxDepth)
	}
	return d, nil
}

func (h *handler) neighbors(_ context.Context, ix *graph.Index, r *http.Request) (any, error) {
	e, err := entity(ix, r, "entity")
	if err != nil {
		return nil, err
	}
	d, err := depth(r)
	if err != nil {
		return nil, err
	}
	return ix.Neighbors(e.IRI, d), nil
}

// pathAnswer is the JSON of /api/path.
type pathAnswer struct {
	From graph.Ref   `json:"from"`
	To   graph.Ref   `json:"to"`
	Hops []graph.Hop `json:"hops"`
}

func (h *handler) path(_ context.Context, ix *graph.Index, r *http.Request) (any, error) {
	a, err := entity(ix, r, "from")
	if err != nil {
		return nil, err
	}
	b, err := entity(ix, r, "to")
	if err != nil {
		return nil, err
	}
	hops, err := ix.Path(a.IRI, b.IRI)
	if errors.Is(err, graph.ErrNoPath) {
		return nil, &apiError{status: http.StatusNotFound, msg: err.Error()}
	}
	if err != nil {
		return nil, err
	}
	return pathAnswer{From: a, To: b, Hops: hops}, nil
}

func (h *handler) conflicts(_ context.Context, ix *graph.Index, _ *http.Request) (any, error) {
	return nonNil(ix.Conflicts()), nil
}

// formatInfo describes an export format for the page.
type formatInfo struct {
	Name        string `json:"name"`
	Ext         string `json:"ext"`
	Description string `json:"description"`
}

func (h *handler) formats(context.Context, *graph.Index, *http.Request) (any, error) {
	out := make([]formatInfo, len(export.Formats))
	for i, f := range export.Formats {
		out[i] = formatInfo{f.Name, f.Ext, f.Description}
	}
	return out, nil
}

// view answers the query a download names (view=show, facts, neighbors,
// path, sources or conflicts, with that query's parameters) with its facts
// and entities.
func view(ix *graph.Index, r *http.Request) (claims []graph.Claim, entities []quad.IRI, title string, err error) {
	switch v := r.URL.Query().Get("view"); v {
	case "show":
		e, err := entity(ix, r, "entity")
		if err != nil {
			return nil, nil, "", err
		}
		return ix.Show(e.IRI).Claims, []quad.IRI{e.IRI}, e.Label, nil
	case "sources":
		e, err := entity(ix, r, "entity")
		if err != nil {
			return nil, nil, "", err
		}
		return ix.Show(e.IRI).Claims, []quad.IRI{e.IRI}, "sources of " + e.Label, nil
	case "neighbors", "":
		e, err := entity(ix, r, "entity")
		if err != nil {
			return nil, nil, "", err
		}
		d, err := depth(r)
		if err != nil {
			return nil, nil, "", err
		}
		nb := ix.Neighbors(e.IRI, d)
		for _, n := range nb.Nodes {
			entities = append(entities, n.IRI)
		}
		return nb.Claims, entities, fmt.Sprintf("%s (depth %d)", e.Label, d), nil
	case "facts":
		f, err := filter(ix, r)
		if err != nil {
			return nil, nil, "", err
		}
		return ix.Facts(f), nil, "facts", nil
	case "path":
		a, err := entity(ix, r, "from")
		if err != nil {
			return nil, nil, "", err
		}
		b, err := entity(ix, r, "to")
		if err != nil {
			return nil, nil, "", err
		}
		hops, err := ix.Path(a.IRI, b.IRI)
		if err != nil {
			return nil, nil, "", &apiError{status: http.StatusNotFound, msg: err.Error()}
		}
		for _, h := range hops {
			claims = append(claims, h.Claims...)
		}
		return claims, []quad.IRI{a.IRI, b.IRI}, a.Label + " → " + b.Label, nil
	case "conflicts":
		for _, c := range ix.Conflicts() {
			claims = append(claims, c.A.Claims...)
			claims = append(claims, c.B.Claims...)
		}
		return claims, nil, "conflicting facts", nil
	default:
		return nil, nil, "", badRequest("view %q: want show, facts, neighbors, path, sources or conflicts", v)
	}
}

// contentTypes maps export formats to media types; others download as
// application/octet-stream.
var contentTypes = map[string]string{
	"dot":       "text/vnd.graphviz; charset=utf-8",
	"svg":       "image/svg+xml",
	"png":       "image/png",
	"nquads":    "application/n-quads; charset=utf-8",
	"ntriples":  "application/n-triples; charset=utf-8",
	"turtle":    "text/turtle; charset=utf-8",
	"ontology":  "text/turtle; charset=utf-8",
	"trig":      "application/trig; charset=utf-8",
	"jsonld":    "application/ld+json",
	"graphml":   "application/graphml+xml",
	"gexf":      "application/gexf+xml",
	"csv":       "application/zip",
	"nodelink":  "application/json",
	"cytoscape": "application/json",
}

// export downloads a view as a subgraph in an export format. The answer
// is always an attachment with a sandboxing policy, never a page.
func (h *handler) export(w http.ResponseWriter, r *http.Request) {
	f, err := export.Lookup(r.URL.Query().Get("format"))
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, "%v", err)
		return
	}
	ix, err := h.cfg.Source.Index(r.Context())
	if err != nil {
		h.fail(w, r, http.StatusServiceUnavailable, "store unavailable: %v", err)
		return
	}
	claims, ents, title, err := view(ix, r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	in := export.NewInput(ix.Subgraph(claims, ents...), title)
	var buf bytes.Buffer
	if err := f.Write(r.Context(), &buf, in); err != nil {
		h.fail(w, r, http.StatusInternalServerError, "export %s: %v", f.Name, err)
		return
	}
	ct := contentTypes[f.Name]
	if ct == "" {
		ct = "application/octet-stream"
	}
	hd := w.Header()
	hd.Set("Content-Type", ct)
	hd.Set("Content-Security-Policy", downloadPolicy)
	hd.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "newsgraph"+safeExt(f.Ext)))
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	io.Copy(w, &buf)
}

// safeExt keeps a file extension to letters, digits and dots.
func safeExt(ext string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, ext)
}
