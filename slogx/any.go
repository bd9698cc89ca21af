package slogx

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
)

// anyValue masks a value of kind Any. A []byte is masked as bytes and
// stays a []byte. An error with no formatting or marshalling methods
// of its own is checked through its Error text. Any other value is
// formatted the ways handlers commonly print it: MarshalText, for an
// [encoding.TextMarshaler], and fmt's %+v (what [slog.TextHandler]
// does), and JSON (what [slog.JSONHandler] does); if any form holds
// something to mask, the value is replaced by that form, masked, as a
// string. Otherwise v is kept as it is, so the wrapped handler formats
// it itself.
func (m *masker) anyValue(v any) (slog.Value, bool) {
	switch x := v.(type) {
	case nil:
		return slog.AnyValue(v), false
	case []byte:
		if out := m.r.RedactBytes(x); !same(out, x) {
			return slog.AnyValue(out), true
		}
		return slog.AnyValue(v), false
	case error:
		if plainError(x) {
			s := x.Error()
			if t := m.r.Redact(s); t != s {
				return slog.StringValue(t), true
			}
			return slog.AnyValue(v), false
		}
	}
	return m.formatted(v)
}

// plainError reports whether handlers can only print err through its
// Error method.
func plainError(err error) bool {
	switch err.(type) {
	case fmt.Formatter, json.Marshaler, encoding.TextMarshaler:
		return false
	}
	return true
}

// same reports whether a and b are the same slice, as RedactBytes
// returns its input when it masks nothing.
func same(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// formatted checks the text, %+v and JSON forms of v. A panic in a
// marshalling method becomes a masked "!PANIC: ..." string, as slog's
// own handlers print it.
func (m *masker) formatted(v any) (out slog.Value, changed bool) {
	b := bufs.Get().(*bytes.Buffer)
	defer func() {
		putBuf(b)
		if p := recover(); p != nil {
			s := m.r.Redact(fmt.Sprintf("!PANIC: %v", p))
			out, changed = slog.StringValue(s), true
		}
	}()
	if tm, ok := v.(encoding.TextMarshaler); ok {
		text, err := tm.MarshalText()
		if err != nil {
			text = []byte(err.Error())
		}
		if s, ok := m.masked(text); ok {
			return slog.StringValue(s), true
		}
	}
	fmt.Fprintf(b, "%+v", v)
	if s, ok := m.masked(b.Bytes()); ok {
		return slog.StringValue(s), true
	}
	n := b.Len()
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		b.Truncate(n)
		b.WriteString(err.Error())
	}
	if s, ok := m.masked(bytes.TrimSuffix(b.Bytes()[n:], []byte("\n"))); ok {
		return slog.StringValue(s), true
	}
	return slog.AnyValue(v), false
}

// masked returns text masked, and whether anything was masked.
func (m *masker) masked(text []byte) (string, bool) {
	out := m.r.RedactBytes(text)
	if same(out, text) {
		return "", false
	}
	return string(out), true
}
