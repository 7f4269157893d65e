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

// foreignRoots open foreign (SVG, MathML) content, where "/>" closes an
// element and no element holds raw text.
var foreignRoots = map[string]bool{"svg": true, "math": true}

// integrationPoints are the foreign elements whose content is HTML again.
var integrationPoints = map[string]bool{
	"foreignobject": true, "desc": true, "title": true, // SVG
	"mi": true, "mo": true, "mn": true, "ms": true, "mtext": true, "annotation-xml": true, // MathML
}

// breakout lists the HTML start tags that end foreign content: the parser
// closes the open SVG or MathML elements and reads them as HTML.
var breakout = map[string]bool{
	"b": true, "big": true, "blockquote": true, "body": true, "br": true, "center": true, "code": true,
	"dd": true, "div": true, "dl": true, "dt": true, "em": true, "embed": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "head": true, "hr": true, "i": true, "img": true,
	"li": true, "listing": true, "menu": true, "meta": true, "nobr": true, "ol": true, "p": true,
	"pre": true, "ruby": true, "s": true, "small": true, "span": true, "strong": true, "strike": true,
	"sub": true, "sup": true, "table": true, "tt": true, "u": true, "ul": true, "var": true,
}

// maxOpen bounds the elements openElements tracks, so that a page of
// nothing but start tags cannot make it grow with the page. As in
// browsers, which stop nesting at a depth of 512, an element opened at
// that depth takes the place of the innermost one.
const maxOpen = 512

// openElement is an element openElements tracks.
type openElement struct {
	name    string
	skip    bool // its content is no article text
	foreign bool // an SVG or MathML element
}

// openElements tracks the open elements that decide what is text: those
// whose content is skipped and those of foreign content, with as much of
// the HTML parsing rules as that needs. A tokenizer alone gets wrong what
// "/>" means: "<script/>" opens a script (the slash means nothing on an
// HTML element that is not void), "<svg/>" is a whole, empty element.
type openElements struct {
	stack []openElement
	names map[string]int // how many of each name are on stack
	skip  int            // how many skipped elements are on stack
}

func (o *openElements) push(e openElement) {
	if len(o.stack) >= maxOpen {
		o.pop()
	}
	if o.names == nil {
		o.names = map[string]int{}
	}
	o.stack = append(o.stack, e)
	o.names[e.name]++
	if e.skip {
		o.skip++
	}
}

func (o *openElements) pop() {
	e := o.stack[len(o.stack)-1]
	o.stack = o.stack[:len(o.stack)-1]
	o.names[e.name]--
	if e.skip {
		o.skip--
	}
}

// inForeign reports whether a start tag is read as foreign content: the
// innermost tracked element is SVG or MathML and no integration point.
func (o *openElements) inForeign() bool {
	if len(o.stack) == 0 {
		return false
	}
	top := o.stack[len(o.stack)-1]
	return top.foreign && !integrationPoints[top.name]
}

// start handles a start tag, selfClosing when it ends in "/>", and reports
// whether it opened a skipped element.
func (o *openElements) start(z *html.Tokenizer, name string, selfClosing bool) bool {
	if o.inForeign() && breakout[name] {
		for o.inForeign() {
			o.pop()
		}
	}
	if o.inForeign() {
		// Foreign content holds no raw text (an SVG <style> or <title>
		// holds elements), and "/>" closes any element.
		z.NextIsNotRawText()
		if !selfClosing {
			o.push(openElement{name: name, skip: skipTags[name], foreign: true})
		}
		return skipTags[name]
	}
	if foreignRoots[name] {
		if !selfClosing {
			o.push(openElement{name: name, skip: skipTags[name], foreign: true})
		}
		return skipTags[name]
	}
	if skipTags[name] {
		o.push(openElement{name: name, skip: true}) // "/>" or not
		return true
	}
	return false
}

// end handles an end tag: it closes the innermost open element of its
// name and those inside it; an end tag with nothing open to close is
// ignored.
func (o *openElements) end(name string) {
	if o.names[name] == 0 {
		return
	}
	for {
		top := o.stack[len(o.stack)-1].name
		o.pop()
		if top == name {
			return
		}
	}
}

// htmlText returns the visible text of an HTML document, one block element a
// line, with character references decoded. Markup never becomes text, so no
// entity can be found in a tag or an attribute.
func htmlText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	var open openElements
	space := false // the last text ended in white space
	newline := func() {
		space = false
		s := b.String()
		if len(s) > 0 && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return strings.TrimSpace(collapseBlankLines(b.String()))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if open.start(z, string(name), tt == html.SelfClosingTagToken) {
				continue
			}
			if blockTags[string(name)] {
				newline()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			open.end(string(name))
			if skipTags[string(name)] {
				continue
			}
			if blockTags[string(name)] {
				newline()
			}
		case html.TextToken:
			if open.skip > 0 {
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
