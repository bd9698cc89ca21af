package slogx

import (
	"log/slog"

	"github.com/codebuddy/hush/redact"
)

// maxDepth bounds how deep masking follows groups and LogValuers. A
// value nested deeper is replaced by the mask, so a LogValuer that
// returns itself inside a group cannot exhaust the stack.
const maxDepth = 100

// masker holds what masking needs; it is shared by a Handler and every
// Handler derived from it, and never changes.
type masker struct {
	r    *redact.Redactor
	keys *keyCache
}

// maskRecord returns rec with its message and attributes masked,
// attribute by attribute; secret says whether every attribute is inside
// a secret group. When no attribute changes it returns a copy of rec
// that shares rec's attributes; otherwise a new record. rec itself is
// never modified.
func (m *masker) maskRecord(rec slog.Record, secret bool) slog.Record {
	msg := m.r.Redact(rec.Message)
	var out slog.Record
	built, i := false, 0
	rec.Attrs(func(a slog.Attr) bool {
		b, changed := m.attr(a, secret, 0)
		if changed && !built {
			out = slog.NewRecord(rec.Time, rec.Level, msg, rec.PC)
			addFirst(&out, rec, i)
			built = true
		}
		if built {
			out.AddAttrs(b)
		}
		i++
		return true
	})
	if !built {
		rec.Message = msg
		return rec
	}
	return out
}

// addFirst adds the first n attributes of rec to out.
func addFirst(out *slog.Record, rec slog.Record, n int) {
	i := 0
	rec.Attrs(func(a slog.Attr) bool {
		if i == n {
			return false
		}
		out.AddAttrs(a)
		i++
		return true
	})
}

// attr returns a masked, and whether masking changed it. With secret
// set, or when the key is secret, the whole value becomes the mask.
func (m *masker) attr(a slog.Attr, secret bool, depth int) (slog.Attr, bool) {
	key := m.r.Redact(a.Key)
	if secret || m.keys.secret(a.Key) {
		return slog.String(key, redact.Mask), true
	}
	v, changed := m.value(a.Value, depth)
	if !changed && key == a.Key {
		return a, false
	}
	return slog.Attr{Key: key, Value: v}, true
}

// value returns v masked, and whether masking changed it. A LogValuer
// is resolved, and its result masked and returned in its place.
func (m *masker) value(v slog.Value, depth int) (slog.Value, bool) {
	if depth > maxDepth {
		return slog.StringValue(redact.Mask), true
	}
	switch v.Kind() {
	case slog.KindString:
		s := v.String()
		if t := m.r.Redact(s); t != s {
			return slog.StringValue(t), true
		}
	case slog.KindAny:
		return m.anyValue(v.Any())
	case slog.KindGroup:
		return m.group(v, depth)
	case slog.KindLogValuer:
		r, _ := m.value(v.Resolve(), depth+1)
		return r, true
	}
	return v, false
}

// group masks the attributes of the group value v. It allocates only
// when one of them changes.
func (m *masker) group(v slog.Value, depth int) (slog.Value, bool) {
	as := v.Group()
	var out []slog.Attr
	for i, a := range as {
		b, changed := m.attr(a, false, depth+1)
		if changed && out == nil {
			out = make([]slog.Attr, i, len(as))
			copy(out, as[:i])
		}
		if out != nil {
			out = append(out, b)
		}
	}
	if out == nil {
		return v, false
	}
	return slog.GroupValue(out...), true
}

// apply returns h with the op o applied, masked; secret says whether
// an earlier group has a secret name.
func (m *masker) apply(h slog.Handler, o op, secret bool) slog.Handler {
	if o.attrs == nil {
		return h.WithGroup(m.r.Redact(o.group))
	}
	as := make([]slog.Attr, len(o.attrs))
	for i, a := range o.attrs {
		as[i], _ = m.attr(a, secret, 0)
	}
	return h.WithAttrs(as)
}
