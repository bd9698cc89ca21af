package slogx

import (
	"bytes"
	"log/slog"
)

// maxPooledBuf is the largest buffer returned to the pool.
const maxPooledBuf = 64 << 10

// clean reports whether rec can be passed on as it is: no attribute has
// a secret key or needs resolving, and one scan of all its text (the
// message, keys, strings, bytes and error texts, each on lines of its
// own) finds nothing to mask. It returns false when it cannot tell
// cheaply, for values that must be formatted; the caller then masks
// attribute by attribute. Keys the [keyCache] knows to be clean at the
// Redactor's current generation are not scanned again.
//
// One scan finds whatever separate scans would, because a registered
// value found in one piece of text is found in the joined text too,
// and detectors look at one line at a time, and every piece starts a
// line. The joined text can only add matches across pieces, which
// costs the slower path but never hides a secret.
func (m *masker) clean(rec *slog.Record) bool {
	b := bufs.Get().(*bytes.Buffer)
	defer putBuf(b)
	b.WriteString(rec.Message)
	gen := m.r.Generation()
	ok := true
	rec.Attrs(func(a slog.Attr) bool {
		ok = m.collect(b, a, gen, 0)
		return ok
	})
	if !ok {
		return false
	}
	text := b.Bytes()
	return same(m.r.RedactBytes(text), text)
}

// collect writes the text of a to b, each piece on a new line, and
// reports false if a needs the slower path. A key known to hold nothing
// to mask at generation gen is left out.
func (m *masker) collect(b *bytes.Buffer, a slog.Attr, gen uint64, depth int) bool {
	if depth > maxDepth {
		return false
	}
	secret, clean := m.keys.lookup(a.Key, gen)
	if secret {
		return false
	}
	if !clean {
		line(b, a.Key)
	}
	v := a.Value
	switch v.Kind() {
	case slog.KindString:
		line(b, v.String())
	case slog.KindGroup:
		for _, g := range v.Group() {
			if !m.collect(b, g, gen, depth+1) {
				return false
			}
		}
	case slog.KindLogValuer:
		return false
	case slog.KindAny:
		return m.collectAny(b, v.Any())
	}
	return true
}

// collectAny writes the text of x to b if it needs no formatting.
func (m *masker) collectAny(b *bytes.Buffer, x any) bool {
	switch x := x.(type) {
	case nil:
		return true
	case []byte:
		b.WriteByte('\n')
		b.Write(x)
		return true
	case error:
		if plainError(x) {
			line(b, x.Error())
			return true
		}
	}
	return false
}

// line writes a newline and s to b.
func line(b *bytes.Buffer, s string) {
	b.WriteByte('\n')
	b.WriteString(s)
}

// putBuf clears b, which may hold secrets, and returns it to the pool.
func putBuf(b *bytes.Buffer) {
	clear(b.Bytes())
	b.Reset()
	if b.Cap() <= maxPooledBuf {
		bufs.Put(b)
	}
}
