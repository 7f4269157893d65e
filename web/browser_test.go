package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/newsgraph/newsgraph/graph"
)

const chromium = "/usr/bin/chromium"

// browser starts headless Chromium for the test, or skips the test when
// it is not installed (fails when NEWSGRAPH_REQUIRE_TOOLS=1).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromium
	if _, err := os.Stat(path); err != nil {
		if p, err := exec.LookPath("chromium"); err == nil {
			path = p
		} else if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
			t.Fatalf("chromium not installed: %v", err)
		} else {
			t.Skip("chromium not installed")
		}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(1400, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	return bctx
}

// pageProblems collects what must not happen on the page: dialogs (an
// alert from injected script), uncaught exceptions and console errors,
// which include Content-Security-Policy violations and failed loads.
type pageProblems struct {
	mu   sync.Mutex
	list []string
}

func (p *pageProblems) add(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, s)
}

func (p *pageProblems) get() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

// watch records the page's problems until ctx ends; a dialog is dismissed.
func watch(t *testing.T, ctx context.Context) *pageProblems {
	t.Helper()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	p := &pageProblems{}
	messages := chromedp.Console(ctx)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// An API answer of 404 or 409 is part of the page's work.
			if (m.Type == chromedp.ConsoleError && !strings.Contains(m.URL, "/api/")) || m.IsException() {
				p.add(m.String())
			}
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			p.add("dialog: " + ev.Message)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return p
}

// text reads the text of the first element matching a CSS selector.
func text(ctx context.Context, sel string) (string, error) {
	return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
}

// until waits for a JavaScript condition to hold.
func until(cond string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(10*time.Second))(ctx, t)
		return err
	})
}

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	h := testHandler(t, Config{Source: NewStoreSource(testStore(t), graph.Options{}, nil)})
	srv := httptest.NewServer(h)
	defer srv.Close()
	problems := watch(t, ctx)

	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		until(`document.getElementById("stats").textContent.includes("documents")`),
		chromedp.SendKeys(chromedp.ID("q"), "wildberger"),
		chromedp.Click(chromedp.CSS(`#search button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#diagram svg g.node.center`)),
		// Click the edge "Karsten Wildberger signed Absichtserklärung Kanada, 2026-02-14".
		chromedp.Click(chromedp.CSS(`#diagram g.edge[aria-label="Karsten Wildberger signed Absichtserklärung Kanada, 2026-02-14"] text`)),
		chromedp.WaitVisible(chromedp.CSS(`#details h2.edge-title`)),
	)
	if err != nil {
		t.Fatalf("search and click an edge: %v (problems %q)", err, problems.get())
	}
	status, _ := text(ctx, "#status")
	title, _ := text(ctx, "#details h2.edge-title")
	evidence, _ := text(ctx, "#details blockquote.evidence")
	if !strings.HasPrefix(status, "Karsten Wildberger:") {
		t.Errorf("status %q", status)
	}
	if title != "Karsten Wildberger signed Absichtserklärung Kanada, 2026-02-14" {
		t.Errorf("edge title %q", title)
	}
	if !strings.Contains(evidence, "unterzeichneten Digitalminister Karsten Wildberger und sein kanadischer Amtskollege Evan Solomon") {
		t.Errorf("evidence %q", evidence)
	}

	// A click on a node shows what the sources say about it.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#diagram g.node[aria-label="Evan Solomon (Person)"] circle`)),
		until(`document.querySelector("#details h2.entity-title")?.textContent === "Evan Solomon"`),
	)
	if err != nil {
		t.Errorf("click a node: %v", err)
	}
	download, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID("download"), "href"))
	if err != nil || !strings.HasPrefix(download.Value, "/api/export?") || !strings.Contains(download.Value, "view=neighbors") {
		t.Errorf("download link %q: %v", download.Value, err)
	}

	// The path form connects the centre to another entity, hop by hop.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("path-to"), "Digital-Allianz"),
		chromedp.Click(chromedp.CSS(`#path-form button[type=submit]`)),
		until(`document.querySelectorAll("#details ol.path > li").length === 2`),
		until(`document.querySelectorAll("#diagram .edge.on-path").length === 2 && document.querySelectorAll("#diagram .node.on-path").length === 3`),
	)
	if hops, _ := text(ctx, "#details ol.path"); err != nil || !strings.Contains(hops, "Absichtserklärung Kanada, 2026-02-14 — Digital-Allianz") {
		t.Errorf("path: %v %q", err, hops)
	}

	if path := os.Getenv("NEWSGRAPH_SCREENSHOT"); path != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err == nil {
			err = os.WriteFile(path, png, 0o644)
		}
		if err != nil {
			t.Errorf("screenshot: %v", err)
		}
	}

	// A hostile name is text everywhere: in the diagram, the details and
	// the title of its source; its source's javascript: URL is no link.
	err = chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`)(ctx, t)
			return err
		}),
		chromedp.SendKeys(chromedp.ID("q"), "onerror"),
		chromedp.Click(chromedp.CSS(`#search button[type=submit]`)),
		until(`document.querySelector("#diagram g.node.center title")?.textContent.includes("onerror")`),
		until(`document.querySelector("#details h2.entity-title")?.textContent.includes("onerror")`),
	)
	if err != nil {
		status, _ := text(ctx, "#status")
		q, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("q")))
		t.Fatalf("hostile name: %v (status %q, query %q, problems %q)", err, status, q, problems.get())
	}
	label, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#diagram g.node.center text"))) // SVG has no innerText
	heading, _ := text(ctx, "#details h2.entity-title")
	if label != hostileName || heading != hostileName {
		t.Errorf("hostile name shown as %q and %q, want the text %q", label, heading, hostileName)
	}
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.querySelectorAll("img").length, document.querySelectorAll("script").length, document.querySelectorAll("a[href^='javascript']").length]`))
	if err != nil || !reflect.DeepEqual(counts, []int{0, 1, 0}) {
		t.Errorf("markup from the store became elements (img, script, javascript: links): %v %v", counts, err)
	}
	if src, err := text(ctx, "#details .claim .source"); err != nil || !strings.Contains(src, "<b onmouseover=alert(3)>title</b>") {
		t.Errorf("hostile title: %v %q", err, src)
	}
	time.Sleep(200 * time.Millisecond) // let a late onerror fire, if any
	if p := problems.get(); len(p) > 0 {
		t.Errorf("the page had problems: %q", p)
	}
}
