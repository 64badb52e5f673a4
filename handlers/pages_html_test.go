package handlers_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Pages are parsed, never grepped: these helpers find elements of a parsed
// page with a small subset of CSS selectors. A selector is one or more
// compounds separated by spaces (descendant), each made of an optional tag,
// #id, .class and [attr], [attr=value] or [attr^=value] (value optionally
// in double quotes, spaces allowed inside the quotes).

// parseHTML parses a whole page.
func parseHTML(t *testing.T, raw []byte) *html.Node {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return n
}

// compound is one step of a selector.
type compound struct {
	tag     string
	id      string
	classes []string
	attrs   []attrTest
}

type attrTest struct {
	name, value string
	any         bool // only presence is tested
	prefix      bool // [name^=value]: the value starts with value
}

// parseSelector splits sel into compounds. It panics on a malformed
// selector: that is a mistake in the test itself.
func parseSelector(sel string) []compound {
	var out []compound
	for _, part := range splitOutsideQuotes(sel) {
		out = append(out, parseCompound(part))
	}
	if len(out) == 0 {
		panic("empty selector")
	}
	return out
}

func splitOutsideQuotes(sel string) []string {
	var parts []string
	var cur strings.Builder
	depth, quoted := 0, false
	for _, r := range sel {
		switch {
		case r == '"':
			quoted = !quoted
		case r == '[' && !quoted:
			depth++
		case r == ']' && !quoted:
			depth--
		case r == ' ' && depth == 0 && !quoted:
			if cur.Len() > 0 {
				parts = append(parts, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteRune(r)
	}
	if cur.Len() > 0 {
		parts = append(parts, cur.String())
	}
	return parts
}

func parseCompound(s string) compound {
	var c compound
	for s != "" {
		end := strings.IndexAny(s[1:], "#.[") + 1
		if end == 0 {
			end = len(s)
		}
		switch s[0] {
		case '#':
			c.id = s[1:end]
		case '.':
			c.classes = append(c.classes, s[1:end])
		case '[':
			end = closingBracket(s) + 1
			c.attrs = append(c.attrs, parseAttrTest(s[1:end-1]))
		default:
			c.tag = s[:end]
		}
		s = s[end:]
	}
	return c
}

// closingBracket returns the index of the "]" closing the "[" that s
// starts with, skipping quoted text.
func closingBracket(s string) int {
	quoted := false
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ']' && !quoted:
			return i
		}
	}
	panic("unclosed [ in selector " + s)
}

func parseAttrTest(s string) attrTest {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return attrTest{name: name, any: true}
	}
	t := attrTest{name: name, value: strings.Trim(value, `"`)}
	t.name, t.prefix = strings.CutSuffix(name, "^")
	return t
}

func (c compound) matches(n *html.Node) bool {
	if n.Type != html.ElementNode || (c.tag != "" && n.Data != c.tag) {
		return false
	}
	if c.id != "" && attr(n, "id") != c.id {
		return false
	}
	for _, cl := range c.classes {
		if !hasClass(n, cl) {
			return false
		}
	}
	for _, a := range c.attrs {
		v, ok := lookupAttr(n, a.name)
		switch {
		case !ok, a.prefix && !strings.HasPrefix(v, a.value), !a.any && !a.prefix && v != a.value:
			return false
		}
	}
	return true
}

// matchesSelector tests n against the last compound and its ancestors
// against the others, right to left.
func matchesSelector(n *html.Node, sel []compound) bool {
	last := len(sel) - 1
	if !sel[last].matches(n) {
		return false
	}
	i := last - 1
	for p := n.Parent; p != nil && i >= 0; p = p.Parent {
		if sel[i].matches(p) {
			i--
		}
	}
	return i < 0
}

// all returns the elements under root matching sel, in document order.
func all(root *html.Node, sel string) []*html.Node {
	if root == nil {
		return nil
	}
	cs := parseSelector(sel)
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if matchesSelector(c, cs) {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(root)
	return out
}

// first returns the first element under root matching sel, or nil.
func first(root *html.Node, sel string) *html.Node {
	if found := all(root, sel); len(found) > 0 {
		return found[0]
	}
	return nil
}

// closest returns n or its nearest ancestor matching sel, or nil.
func closest(n *html.Node, sel string) *html.Node {
	cs := parseSelector(sel)
	for ; n != nil; n = n.Parent {
		if matchesSelector(n, cs) {
			return n
		}
	}
	return nil
}

func lookupAttr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// attr returns the value of n's attribute name, "" when absent.
func attr(n *html.Node, name string) string {
	v, _ := lookupAttr(n, name)
	return v
}

func hasClass(n *html.Node, class string) bool {
	return containsField(attr(n, "class"), class)
}

func containsField(list, word string) bool {
	for f := range strings.FieldsSeq(list) {
		if f == word {
			return true
		}
	}
	return false
}

// textOf returns the text under n as a person reads it: whitespace runs
// collapsed to one space, trimmed.
func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.Data == "br":
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// texts returns the text of each node.
func texts(nodes []*html.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = textOf(n)
	}
	return out
}

// elements walks every element under root.
func elements(root *html.Node, visit func(*html.Node)) {
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			visit(c)
		}
		elements(c, visit)
	}
}

// startTags counts the start tags of raw by name, as the tokenizer sees
// them: unlike html.Parse it adds no <html>, <head> or <body> of its own.
func startTags(raw []byte) map[string]int {
	out := map[string]int{}
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			out[string(name)]++
		}
	}
}

// parseFragment parses a piece of HTML as the content of a <main> element.
func parseFragment(t *testing.T, raw []byte) *html.Node {
	t.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: "main", DataAtom: atom.Main}
	nodes, err := html.ParseFragment(bytes.NewReader(raw), ctx)
	if err != nil {
		t.Fatalf("parse fragment: %v", err)
	}
	root := &html.Node{Type: html.DocumentNode}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}
