package secrets

import (
	"bytes"
	"encoding/json"
	"errors"
	"iter"
	"log/slog"

	"github.com/codebuddy/hush/redact"
)

// register tells the cache's Redactor the values of doc, a document
// about to be stored in e or handed to readers, so that they are
// masked before anyone can read them. It takes no lock of e's. A doc
// whose bytes are those e already holds was registered when it was
// stored, and costs nothing.
func (c *Cache) register(e *entry, doc []byte) {
	red := c.cfg.red
	if red == nil {
		return
	}
	if v := e.val.Load(); v != nil && v.err == nil && bytes.Equal(v.doc, doc) {
		return
	}
	var failed error
	for name, val := range docValues(doc) {
		err := red.AddNamed(name, val)
		if err != nil && !errors.Is(err, redact.ErrTooShort) &&
			!errors.Is(err, redact.ErrEmpty) {
			failed = err
		}
	}
	if failed != nil {
		c.logf(slog.LevelWarn, "secrets: cache: register failed", e.ref, failed)
	}
}

// docValues yields the values of doc to register, each with the name
// to mask it under, or "" for the plain mask.
//
// A document holding a JSON object or array yields every string at any
// depth, named by the dotted path of object keys that leads to it, as
// [ExtractKey] reads it ("db.password"); array indexes add nothing to
// the path. A path that is not a valid mask name (see
// [redact.ValidName]) gives "". Numbers are yielded, as written, only
// when the key they sit under looks secret (see [redact.SecretName]):
// ports, counts and timeouts are not secrets, and a short number would
// mask that number everywhere in a log. true, false and null are never
// yielded. Any other document, JSON or not, is yielded whole, trimmed,
// without a name.
func docValues(doc []byte) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		trimmed := bytes.TrimSpace(doc)
		if len(trimmed) == 0 {
			return
		}
		if c := trimmed[0]; (c != '{' && c != '[') || !json.Valid(trimmed) {
			yield("", string(trimmed))
			return
		}
		walkLeaves(trimmed, yield)
	}
}

// leafFrame is one open object or array of the document a leafWalker
// reads.
type leafFrame struct {
	path   string // dotted path to the container; "" at the top
	named  bool   // path is a valid mask name
	object bool   // an object, not an array
	key    string // the key the container, or its next member, sits under
	member bool   // in an object: key was read, its value comes next
}

// leafWalker yields the leaves of a JSON document as docValues
// describes, one token at a time. It keeps its own stack rather than
// recurse, so deep nesting costs memory in proportion to the depth,
// with each path capped at a mask name's length, and never the
// goroutine's stack.
type leafWalker struct {
	stack []leafFrame
	yield func(name, value string) bool
}

// walkLeaves yields the leaves of doc, a valid JSON object or array.
func walkLeaves(doc []byte, yield func(string, string) bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	w := leafWalker{yield: yield}
	for {
		tok, err := dec.Token()
		if err != nil || !w.step(tok) {
			return
		}
	}
}

// step reads one token. It reports false when the walk should stop.
func (w *leafWalker) step(tok json.Token) bool {
	d, delim := tok.(json.Delim)
	if delim && (d == '}' || d == ']') {
		w.stack = w.stack[:max(len(w.stack)-1, 0)]
		return true
	}
	if f := w.top(); f != nil && f.object && !f.member {
		f.key, _ = tok.(string)
		f.member = true
		return true
	}
	path, named, key := w.next()
	switch t := tok.(type) {
	case json.Delim:
		w.stack = append(w.stack, leafFrame{path: path, named: named,
			object: t == '{', key: key})
	case string:
		return w.yield(maskName(path, named), t)
	case json.Number:
		if redact.SecretName(key) {
			return w.yield(maskName(path, named), t.String())
		}
	}
	return true
}

// top returns the innermost open container, or nil at the top level.
func (w *leafWalker) top() *leafFrame {
	if len(w.stack) == 0 {
		return nil
	}
	return &w.stack[len(w.stack)-1]
}

// next returns the path of the value about to be read, whether that
// path is a valid mask name, and the key the value sits under.
func (w *leafWalker) next() (path string, named bool, key string) {
	f := w.top()
	if f == nil {
		return "", true, ""
	}
	f.member = false
	path, named = f.child()
	return path, named, f.key
}

// child returns the path of f's next member and whether it is a valid
// mask name: for an object, f's path and the key just read; for an
// array, f's own path, as indexes add nothing.
func (f *leafFrame) child() (path string, named bool) {
	if !f.object || !f.named {
		return f.path, f.named
	}
	if f.path == "" {
		path = f.key
	} else {
		path = f.path + "." + f.key
	}
	if !redact.ValidName(path) {
		return "", false
	}
	return path, true
}

// maskName returns path when it is a valid mask name, else "".
func maskName(path string, named bool) string {
	if named {
		return path
	}
	return ""
}
