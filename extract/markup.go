package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// looksHTML reports whether text is an HTML document rather than prose that
// happens to contain a '<'.
func looksHTML(text string) bool {
	head := strings.ToLower(strings.TrimSpace(text))
	if len(head) > 512 {
		head = head[:512]
	}
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		(strings.HasPrefix(head, "<") && (strings.Contains(head, "<body") || strings.Contains(head, "<p>") || strings.Contains(head, "<head")))
}

// blockTags end a paragraph in the extracted text.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "table": true, "article": true,
	"section": true, "header": true, "footer": true, "blockquote": true, "title": true, "pre": true,
	"figcaption": true, "dd": true, "dt": true,
}

// skipTags hold no article text.
var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "template": true, "svg": true, "head": false, "nav": true, "iframe": true}

// htmlText returns the visible text of an HTML document, one block element a
// line, with character references decoded. Markup never becomes text, so no
// entity can be found in a tag or an attribute.
func htmlText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0
	space := false // the last text ended in white space
	newline := func() {
		space = false
		s := b.String()
		if len(s) > 0 && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(collapseBlankLines(b.String()))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] {
				// "<script/>" opens a script too: the slash means nothing
				// on an element that is not void.
				skip++
				continue
			}
			if blockTags[string(name)] {
				newline()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if blockTags[string(name)] {
				newline()
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			raw := string(z.Text())
			t := strings.Join(strings.Fields(raw), " ")
			if t == "" {
				if raw != "" {
					space = true
				}
				continue
			}
			lead := raw[0] == ' ' || raw[0] == '\t' || raw[0] == '\n' || raw[0] == '\r'
			if s := b.String(); len(s) > 0 && !strings.HasSuffix(s, "\n") && (space || lead) {
				b.WriteByte(' ')
			}
			b.WriteString(t)
			last := raw[len(raw)-1]
			space = last == ' ' || last == '\t' || last == '\n' || last == '\r'
		}
	}
}

var blankLines = regexp.MustCompile(`\n{3,}`)

func collapseBlankLines(s string) string { return blankLines.ReplaceAllString(s, "\n\n") }

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]\n]*)\]\([^)\n]*\)`)
	mdEmphasis = regexp.MustCompile(`(\*\*|__|\*|_|` + "`" + `)([^*_` + "`" + `\n]+)(\*\*|__|\*|_|` + "`" + `)`)
	mdHeading  = regexp.MustCompile(`(?m)^#{1,6}[ \t]+`)
	mdQuote    = regexp.MustCompile(`(?m)^>[ \t]?`)
)

// markdownText removes the Markdown markup that would otherwise end up in
// names: headings, emphasis, links (their text is kept) and quote markers.
func markdownText(s string) string {
	s = mdHeading.ReplaceAllString(s, "")
	s = mdQuote.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdEmphasis.ReplaceAllStringFunc(s, func(m string) string {
		sub := mdEmphasis.FindStringSubmatch(m)
		if sub[1] != sub[3] {
			return m
		}
		return sub[2]
	})
	return s
}
