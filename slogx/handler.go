package slogx

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/codebuddy/hush/redact"
)

// Options configures a [Handler]. A nil *Options means the defaults.
type Options struct {
	// SecretKey reports whether an attribute key or group name names a
	// secret. The value of such an attribute, whatever its kind, is
	// replaced by [redact.Mask]; a group so named is masked whole, and
	// every attribute inside a [Handler.WithGroup] so named is masked.
	// Nil means [redact.SecretName]. The handler remembers answers for
	// keys it sees often, so the function must give the same answer for
	// the same key every time, and be safe for concurrent use.
	SecretKey func(key string) bool
}

// Handler is a [slog.Handler] that masks secrets in records before it
// passes them to the handler it wraps. It is safe for concurrent use.
// Make one with [NewHandler]; the zero value is not usable.
type Handler struct {
	base   slog.Handler // the wrapped handler, without ops applied
	m      *masker
	ops    []op // WithGroup and WithAttrs calls, oldest first
	secret bool // some group in ops has a secret name

	// cur is base with ops applied, masked with the Redactor as it was
	// at generation cur.gen. Handle rebuilds it when the generation
	// moves on, so attributes added before a value was registered are
	// masked too. Unused when ops is empty.
	cur atomic.Pointer[derived]
}

var _ slog.Handler = (*Handler)(nil)

// op is one WithGroup (group set) or WithAttrs (attrs set) call, as the
// caller made it: raw, so that it can be masked again later.
type op struct {
	group string
	attrs []slog.Attr
}

// derived is an inner handler built at one generation of the Redactor.
type derived struct {
	h   slog.Handler
	gen uint64
}

// NewHandler returns a Handler that masks records with r and passes
// them to inner. A nil inner means [slog.DiscardHandler]. A nil r means
// a Redactor of the handler's own, made by redact.New(nil): it masks
// what its default detectors find and no registered value, so pass the
// program's shared Redactor instead. A nil opts means the defaults.
func NewHandler(inner slog.Handler, r *redact.Redactor, opts *Options) *Handler {
	if inner == nil {
		inner = slog.DiscardHandler
	}
	if r == nil {
		r = redact.New(nil)
	}
	secretKey := redact.SecretName
	if opts != nil && opts.SecretKey != nil {
		secretKey = opts.SecretKey
	}
	m := &masker{r: r, keys: newKeyCache(r, secretKey)}
	return &Handler{base: inner, m: m}
}

// Wrap returns a logger that writes through a [Handler] around l's
// handler; see [NewHandler] for r and opts. A nil l means a logger
// that discards everything.
func Wrap(l *slog.Logger, r *redact.Redactor, opts *Options) *slog.Logger {
	var inner slog.Handler
	if l != nil {
		inner = l.Handler()
	}
	return slog.New(NewHandler(inner, r, opts))
}

// Enabled reports whether the wrapped handler handles records at level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	if len(h.ops) == 0 {
		return h.base.Enabled(ctx, level)
	}
	return h.cur.Load().h.Enabled(ctx, level)
}

// Handle masks a copy of rec and passes it to the wrapped handler. The
// message, every attribute and every value inside groups is masked as
// the package documentation describes. rec itself is not modified.
func (h *Handler) Handle(ctx context.Context, rec slog.Record) error {
	if h.secret || !h.m.clean(&rec) {
		rec = h.m.maskRecord(rec, h.secret)
	}
	return h.inner().Handle(ctx, rec)
}

// WithAttrs returns a Handler whose records also hold attrs. The
// attributes are kept as given and masked again whenever the Redactor
// learns a new value.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return h.with(op{attrs: append([]slog.Attr(nil), attrs...)})
}

// WithGroup returns a Handler that puts later attributes in the group
// name. An empty name returns h. When the name is secret (see
// [Options.SecretKey]), every later attribute's value is masked.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.with(op{group: name})
}

// with returns a child of h with o applied after h's own ops.
func (h *Handler) with(o op) *Handler {
	c := &Handler{
		base:   h.base,
		m:      h.m,
		ops:    append(h.ops[:len(h.ops):len(h.ops)], o),
		secret: h.secret || o.group != "" && h.m.keys.secret(o.group),
	}
	gen := h.m.r.Generation()
	if p := h.cur.Load(); p != nil && p.gen == gen {
		c.cur.Store(&derived{h: h.m.apply(p.h, o, h.secret), gen: gen})
		return c
	}
	if len(h.ops) == 0 {
		c.cur.Store(&derived{h: h.m.apply(h.base, o, false), gen: gen})
		return c
	}
	c.cur.Store(c.build(gen))
	return c
}

// inner returns the wrapped handler with ops applied, rebuilt if the
// Redactor has learned a value since it was built. It takes no lock.
func (h *Handler) inner() slog.Handler {
	if len(h.ops) == 0 {
		return h.base
	}
	d := h.cur.Load()
	gen := h.m.r.Generation()
	if d.gen == gen {
		return d.h
	}
	n := h.build(gen)
	h.cur.CompareAndSwap(d, n)
	return n.h
}

// build applies every op to base. It reads the generation before it
// masks, so a value registered meanwhile only causes another rebuild.
func (h *Handler) build(gen uint64) *derived {
	ih, secret := h.base, false
	for _, o := range h.ops {
		ih = h.m.apply(ih, o, secret)
		secret = secret || o.group != "" && h.m.keys.secret(o.group)
	}
	return &derived{h: ih, gen: gen}
}
