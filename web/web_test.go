package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

const seeds = "../testdata/seeds"

// hostileName is an entity name that becomes markup wherever a page
// forgets to escape it.
const hostileName = `<img src=x onerror=alert(1)>`

// hostile is a hand-made extraction with names, a title and a URL that
// would run script if treated as markup or followed as a link.
func hostile() *extract.Result {
	text := "Die Firma <img src=x onerror=alert(1)> unterzeichnete den Pakt </script><script>alert(2)</script>."
	n := len([]rune(text))
	return &extract.Result{
		Doc:  &extract.Document{ID: "hostile.txt", Title: "<b onmouseover=alert(3)>title</b>", URL: "javascript:alert(4)", Lang: "de", Text: text},
		Lang: "de",
		Entities: []extract.Entity{
			{ID: "e1", Type: extract.Organization, Name: hostileName, Key: "hostile-org", Mentions: []extract.Span{{Start: 10, End: 38}}},
			{ID: "e2", Type: extract.Agreement, Name: "</script><script>alert(2)</script>", Key: "hostile-pact", Mentions: []extract.Span{{Start: 63, End: 97}}},
		},
		Relations: []extract.Relation{{Subject: "e1", Predicate: extract.Signed, Object: "e2", Modality: extract.Asserted,
			Confidence: 0.9, Cue: "unterzeichnete", Sentence: text, Span: extract.Span{Start: 0, End: n}}},
	}
}

var (
	storeOnce sync.Once
	storeDir  string
	storeErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if storeDir != "" {
		os.RemoveAll(storeDir)
	}
	os.Exit(code)
}

// testStore builds, once, a store of the sample articles and the hostile
// document and returns its path.
func testStore(t *testing.T) string {
	t.Helper()
	storeOnce.Do(func() {
		storeDir, storeErr = os.MkdirTemp("", "newsgraph-web-test")
		if storeErr != nil {
			return
		}
		storeErr = build(filepath.Join(storeDir, "ng.db"), hostile())
	})
	if storeErr != nil {
		t.Fatal(storeErr)
	}
	return filepath.Join(storeDir, "ng.db")
}

func build(path string, extra ...*extract.Result) error {
	x, err := extract.New(nil, extract.WithRules()) // the facts the rules find in the samples: fixed, whatever the model learns
	if err != nil {
		return err
	}
	st, err := graph.Open(path, graph.Options{})
	if err != nil {
		return err
	}
	ctx := context.Background()
	err = extract.Walk([]string{seeds}, nil, func(doc *extract.Document) error {
		res, err := x.Extract(doc)
		if err == nil {
			_, err = st.Put(ctx, res)
		}
		return err
	}, nil)
	for _, r := range extra {
		if err == nil {
			_, err = st.Put(ctx, r)
		}
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// testHandler returns the handler over the test store.
func testHandler(t *testing.T, cfg Config) http.Handler {
	t.Helper()
	if cfg.Source == nil {
		cfg.Source = NewStoreSource(testStore(t), graph.Options{}, nil)
	}
	h, err := Handler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// get sends a request to h as a browser on 127.0.0.1:8080 would.
func get(h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "http://127.0.0.1:8080"+target, nil)
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestSecurityHeaders(t *testing.T) {
	h := testHandler(t, Config{})
	tests := []struct {
		path, method string
		status       int
		ctype        string
	}{
		{"/", "GET", 200, "text/html; charset=utf-8"},
		{"/", "HEAD", 200, "text/html; charset=utf-8"},
		{"/static/app.js", "GET", 200, "text/javascript; charset=utf-8"},
		{"/static/style.css", "GET", 200, "text/css; charset=utf-8"},
		{"/static/index.html", "GET", 404, ""},
		{"/static/", "GET", 404, ""},
		{"/api/stats", "GET", 200, "application/json; charset=utf-8"},
		{"/api/show?entity=China", "GET", 200, "application/json; charset=utf-8"},
		{"/api/nothing", "GET", 404, ""},
		{"/api/stats", "POST", 405, "application/json; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := get(h, tt.method, tt.path, nil)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			hd := rec.Header()
			if tt.ctype != "" && hd.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", hd.Get("Content-Type"), tt.ctype)
			}
			want := map[string]string{
				"Content-Security-Policy": ContentSecurityPolicy,
				"X-Content-Type-Options":  "nosniff",
				"X-Frame-Options":         "DENY",
				"Referrer-Policy":         "no-referrer",
			}
			for k, v := range want {
				if hd.Get(k) != v {
					t.Errorf("%s: %q, want %q", k, hd.Get(k), v)
				}
			}
		})
	}
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(ContentSecurityPolicy, directive) {
			t.Errorf("policy lacks %s", directive)
		}
	}
	if strings.Contains(ContentSecurityPolicy, "unsafe") {
		t.Error("page policy allows unsafe-inline or unsafe-eval")
	}
}

func TestMethodsOtherThanGETAreRefused(t *testing.T) {
	h := testHandler(t, Config{})
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE", "PROPFIND"} {
		for _, path := range []string{"/", "/api/stats", "/api/export?format=nquads&entity=China"} {
			rec := get(h, m, path, nil)
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q", m, path, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
}

func TestHostAndOrigin(t *testing.T) {
	h := testHandler(t, Config{Hosts: []string{"newsgraph.lan"}})
	tests := []struct {
		name   string
		hdr    map[string]string
		status int
	}{
		{"loopback IPv4", map[string]string{"Host": "127.0.0.1:8080"}, 200},
		{"localhost", map[string]string{"Host": "localhost:8080"}, 200},
		{"loopback IPv6", map[string]string{"Host": "[::1]:8080"}, 200},
		{"configured host", map[string]string{"Host": "newsgraph.lan:8080"}, 200},
		{"same origin", map[string]string{"Host": "127.0.0.1:8080", "Origin": "http://127.0.0.1:8080", "Sec-Fetch-Site": "same-origin"}, 200},
		{"rebinding name", map[string]string{"Host": "evil.example:8080"}, 421},
		{"rebinding name without port", map[string]string{"Host": "evil.example"}, 421},
		{"name ending like an address", map[string]string{"Host": "127.0.0.1.nip.io:8080"}, 421},
		{"empty host", map[string]string{"Host": ""}, 421},
		{"foreign origin", map[string]string{"Origin": "http://evil.example"}, 403},
		{"foreign origin on loopback name", map[string]string{"Origin": "http://evil.example:8080", "Host": "127.0.0.1:8080"}, 403},
		{"other port", map[string]string{"Origin": "http://127.0.0.1:9999"}, 403},
		{"other scheme", map[string]string{"Origin": "https://127.0.0.1:8080"}, 403},
		{"other loopback name", map[string]string{"Origin": "http://localhost:8080"}, 403},
		{"opaque origin", map[string]string{"Origin": "null"}, 403},
		{"origin with path", map[string]string{"Origin": "http://127.0.0.1:8080/x"}, 403},
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, "GET", "/api/stats", tt.hdr)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 && strings.Contains(rec.Body.String(), "documents") {
				t.Error("refused request got data")
			}
		})
	}
}

// slowSource blocks until the request gives up.
type slowSource struct{}

func (slowSource) Index(ctx context.Context) (*graph.Index, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestLimits(t *testing.T) {
	h := testHandler(t, Config{})
	req := httptest.NewRequest("GET", "http://127.0.0.1:8080/api/stats", strings.NewReader("x=1"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("GET with a body: %d", rec.Code)
	}
	if rec := get(h, "GET", "/api/search?q="+strings.Repeat("a", MaxQuery), nil); rec.Code != http.StatusRequestURITooLong {
		t.Errorf("long query: %d", rec.Code)
	}
	slow := testHandler(t, Config{Source: slowSource{}, Timeout: 100 * time.Millisecond})
	start := time.Now()
	if rec := get(slow, "GET", "/api/stats", nil); rec.Code != http.StatusServiceUnavailable || time.Since(start) > 5*time.Second {
		t.Errorf("slow request: %d after %v", rec.Code, time.Since(start))
	}
	srv := NewServer("127.0.0.1:0", h)
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Errorf("server without limits: %+v", srv)
	}
}

// apiGet fetches an API path and decodes its JSON.
func apiGet(t *testing.T, h http.Handler, path string, status int, v any) string {
	t.Helper()
	rec := get(h, "GET", path, nil)
	if rec.Code != status {
		t.Fatalf("GET %s: %d, want %d: %s", path, rec.Code, status, rec.Body)
	}
	if v != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, rec.Body)
		}
	}
	return rec.Body.String()
}

func q(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return path + "?" + v.Encode()
}

func TestAPI(t *testing.T) {
	h := testHandler(t, Config{})

	var p graph.Profile
	apiGet(t, h, q("/api/show", "entity", "china"), 200, &p)
	if p.Entity.Label != "China" || p.ISOCode != "CN" || len(p.Claims) != 2 || len(p.Sources) != 2 {
		t.Errorf("show China: %+v", p)
	}

	var amb struct {
		Error      string
		Candidates []graph.Ref
	}
	apiGet(t, h, q("/api/show", "entity", "Absichtserklärung"), http.StatusConflict, &amb)
	if len(amb.Candidates) < 2 || !strings.Contains(amb.Error, "ambiguous") {
		t.Errorf("ambiguous: %+v", amb)
	}
	apiGet(t, h, q("/api/show", "entity", "Atlantis"), http.StatusNotFound, nil)
	apiGet(t, h, "/api/show", http.StatusBadRequest, nil)

	var claims []graph.Claim
	apiGet(t, h, q("/api/facts", "predicate", "refused", "object", "Regulierung künstlicher Intelligenz"), 200, &claims)
	var subj []string
	for _, c := range claims {
		if !slices.Contains(subj, c.Subject.Label) {
			subj = append(subj, c.Subject.Label)
		}
	}
	sort.Strings(subj)
	if !reflect.DeepEqual(subj, []string{"China", "United States"}) {
		t.Errorf("refusers %q", subj)
	}
	apiGet(t, h, q("/api/facts", "predicate", "married"), http.StatusBadRequest, nil)
	apiGet(t, h, q("/api/facts", "subject", "Atlantis"), http.StatusNotFound, nil)

	var nb graph.Neighborhood
	apiGet(t, h, q("/api/neighbors", "entity", "Karsten Wildberger", "depth", "2"), 200, &nb)
	var names []string
	for _, n := range nb.Nodes {
		names = append(names, n.Label)
	}
	if !slices.Contains(names, "Evan Solomon") || !slices.Contains(names, "Digital-Allianz") || len(nb.Claims) == 0 {
		t.Errorf("neighbours of Wildberger: %q", names)
	}
	for _, d := range []string{"0", "99", "x"} {
		apiGet(t, h, q("/api/neighbors", "entity", "China", "depth", d), http.StatusBadRequest, nil)
	}

	var path struct {
		Hops []graph.Hop
	}
	apiGet(t, h, q("/api/path", "from", "Karsten Wildberger", "to", "Digital-Allianz"), 200, &path)
	if len(path.Hops) != 2 || path.Hops[1].To.Label != "Digital-Allianz" {
		t.Errorf("path: %+v", path)
	}
	apiGet(t, h, q("/api/path", "from", "Evan Solomon", "to", "Bund-ID"), http.StatusNotFound, nil)

	var src struct {
		Sources []graph.Source
	}
	apiGet(t, h, q("/api/sources", "entity", "CN"), 200, &src)
	if len(src.Sources) != 2 {
		t.Errorf("sources: %+v", src)
	}

	var sum graph.Summary
	apiGet(t, h, "/api/stats", 200, &sum)
	if sum.Documents != 6 || sum.ByPredicate[extract.Refused] != 4 {
		t.Errorf("stats: %+v", sum)
	}
	var conflicts []graph.Conflict
	if body := apiGet(t, h, "/api/conflicts", 200, &conflicts); len(conflicts) != 0 || strings.TrimSpace(body) != "[]" {
		t.Errorf("conflicts: %s", body)
	}
	var formats []formatInfo
	apiGet(t, h, "/api/formats", 200, &formats)
	var fnames []string
	for _, f := range formats {
		fnames = append(fnames, f.Name)
	}
	if !reflect.DeepEqual(fnames, export.Names()) {
		t.Errorf("formats %q, want %q", fnames, export.Names())
	}

	var found []graph.Ref
	body := apiGet(t, h, q("/api/search", "q", "onerror"), 200, &found)
	if len(found) != 1 || found[0].Label != hostileName {
		t.Errorf("search: %+v", found)
	}
	if strings.Contains(body, "<img") || !strings.Contains(body, `\u003cimg`) {
		t.Errorf("JSON does not escape markup: %s", body)
	}
}

func TestExportDownloads(t *testing.T) {
	h := testHandler(t, Config{})
	for _, f := range export.Formats {
		t.Run(f.Name, func(t *testing.T) {
			rec := get(h, "GET", q("/api/export", "view", "neighbors", "entity", "China", "format", f.Name), nil)
			if rec.Code != 200 || rec.Body.Len() == 0 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			hd := rec.Header()
			if hd.Get("Content-Disposition") != `attachment; filename="newsgraph`+f.Ext+`"` {
				t.Errorf("Content-Disposition %q", hd.Get("Content-Disposition"))
			}
			if !strings.Contains(hd.Get("Content-Security-Policy"), "sandbox") || hd.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("download headers %v", hd)
			}
		})
	}
	rec := get(h, "GET", q("/api/export", "view", "facts", "predicate", "refused", "format", "nquads"), nil)
	if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, "country/CN> <https://newsgraph.invalid/ns#refused>") || strings.Contains(body, "#signed>") {
		t.Errorf("facts export: %d\n%s", rec.Code, body)
	}
	for _, view := range []string{"show", "sources", "path", "conflicts"} {
		rec := get(h, "GET", q("/api/export", "view", view, "entity", "China", "from", "USA", "to", "China", "format", "nquads"), nil)
		if rec.Code != 200 {
			t.Errorf("view %s: %d %s", view, rec.Code, rec.Body)
		}
	}
	for _, bad := range []string{q("/api/export", "entity", "China", "format", "exe"), q("/api/export", "view", "all", "format", "dot"), q("/api/export", "format", "dot")} {
		if rec := get(h, "GET", bad, nil); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}
}

func TestPageEscapes(t *testing.T) {
	h := testHandler(t, Config{Title: hostileName})
	body := get(h, "GET", "/", nil).Body.String()
	if strings.Contains(body, hostileName) || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("title not escaped:\n%s", body)
	}
	if strings.Contains(body, "<script>") || regexp.MustCompile(`<[^>]*\s(on\w+|style)=`).MatchString(body) {
		t.Errorf("page has inline script or style:\n%s", body)
	}
	for _, f := range export.Formats {
		if !strings.Contains(body, `<option value="`+f.Name+`">`) {
			t.Errorf("page does not offer %s", f.Name)
		}
	}
}

func TestStoreSourceReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ng.db")
	put := func(res *extract.Result) {
		st, err := graph.Open(path, graph.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Put(context.Background(), res); err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	src := NewStoreSource(filepath.Join(t.TempDir(), "none.db"), graph.Options{}, nil)
	if _, err := src.Index(context.Background()); err == nil {
		t.Error("a missing store gave an index")
	}
	put(hostile())
	src = NewStoreSource(path, graph.Options{}, nil)
	ix, err := src.Index(context.Background())
	if err != nil || ix.Summary().Documents != 1 {
		t.Fatalf("first read: %v", err)
	}
	again, _ := src.Index(context.Background())
	if again != ix {
		t.Error("unchanged store read again")
	}
	other := hostile()
	other.Doc.ID = "second.txt"
	put(other)
	ix, err = src.Index(context.Background())
	if err != nil || ix.Summary().Documents != 2 {
		t.Errorf("after a build: %v, %d documents", err, ix.Summary().Documents)
	}
	if _, err := Handler(Config{}); err == nil {
		t.Error("handler without a source")
	}
}
