package secrets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/codebuddy/hush/redact"
)

// Options configures a [Resolver]. A nil *Options means the defaults:
// the environment alone, no providers, and a private Redactor.
type Options struct {
	// Redactor is told every value before the Resolver returns it, so
	// that loggers, child processes and writers sharing it mask the
	// value. Nil means a private Redactor made by [redact.New], which
	// [Resolver.Redactor] returns; nothing else masks with it unless
	// you pass it on. Give the same Redactor to each [Cache] in
	// Providers ([CacheOptions.Redactor]), so that every value it
	// fetches is masked before it is read.
	Redactor *redact.Redactor

	// Sources are asked in order for a key; the first that has a value
	// wins. Nil means [Env] alone; an empty, non-nil slice means none.
	Sources []Source

	// Providers fetch secrets by reference, keyed by URI scheme in lower
	// case, such as "awssm" or "vault".
	Providers map[string]Provider

	// DefaultScheme names the provider for references in the bare
	// id:key form. Empty means bare references have no provider.
	DefaultScheme string

	// AllowShort hands out values the Redactor refuses as too short to
	// mask, unregistered. By default such a value gives an error
	// wrapping [redact.ErrTooShort] instead: a value that cannot be
	// masked would leak wherever it is printed, so it is not handed
	// out silently.
	AllowShort bool
}

// Resolver finds secrets in its sources and providers and registers
// each value with a [redact.Redactor] before handing it out. It is safe
// for concurrent use. The zero Resolver reads the environment alone and
// registers with a private Redactor made on first use.
//
// The Resolver holds no cache: every call asks its sources, or its
// provider, again; wrap a provider in a [Cache] to keep its secrets
// between calls. For each reference, the Resolver does remember the
// value it read from the last document, and while the provider returns
// the same bytes it hands out that value without parsing the document
// again.
type Resolver struct {
	sources       []Source
	providers     map[string]Provider
	defaultScheme string
	allowShort    bool

	once sync.Once
	red  *redact.Redactor
	reg  *registry
	memo *memo
}

// New returns a Resolver configured by opts; nil opts means defaults.
// New copies opts: later changes to it have no effect.
func New(opts *Options) *Resolver {
	r := &Resolver{}
	if opts == nil {
		return r
	}
	r.red = opts.Redactor
	r.sources = opts.Sources
	if r.sources != nil {
		r.sources = append([]Source{}, opts.Sources...)
	}
	r.providers = make(map[string]Provider, len(opts.Providers))
	for scheme, p := range opts.Providers {
		r.providers[scheme] = p
	}
	r.defaultScheme = opts.DefaultScheme
	r.allowShort = opts.AllowShort
	return r
}

func (r *Resolver) init() {
	r.once.Do(func() {
		if r.red == nil {
			r.red = redact.New(nil)
		}
		if r.sources == nil {
			r.sources = []Source{Env()}
		}
		r.reg = &registry{seen: make(map[[2]string]struct{})}
		r.memo = &memo{seen: make(map[[2]string]*memoEntry)}
	})
}

// Redactor returns the Redactor r registers values with.
func (r *Resolver) Redactor() *redact.Redactor {
	r.init()
	return r.red
}

// Get returns the value of key from the first source that has one.
// An empty value counts as unset and the next source is asked. When no
// source has key, the error wraps [ErrNotFound]; when a source fails,
// Get stops and returns its error, wrapped. Errors name key and never
// the value; an ended ctx gives an error wrapping ctx.Err().
func (r *Resolver) Get(ctx context.Context, key string) (Secret, error) {
	r.init()
	v, err := r.lookup(ctx, key)
	if err != nil {
		return Secret{}, fmt.Errorf("secrets: resolve %q: %w", key, err)
	}
	return r.register(key, key, v)
}

func (r *Resolver) lookup(ctx context.Context, key string) (string, error) {
	if key == "" {
		return "", fmt.Errorf("%w: empty key", ErrBadRef)
	}
	for _, src := range r.sources {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		v, err := src.Lookup(ctx, key)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return "", err
		case v != "":
			return v, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return "", ErrNotFound
}

// GetOr returns the value of key from the sources, as [Resolver.Get]
// does, or, when none has it, resolves ref as [Resolver.Resolve] does.
// It is the Go form of the rule "environment first (for development),
// then the secret manager (for production)":
//
//	apiKey, err := res.GetOr(ctx, "API_KEY", "prod/api:api_key")
//
// An empty ref makes GetOr the same as Get. Any error from the sources
// other than not-found stops GetOr before it asks the provider. The
// value is registered under the name key in either case.
func (r *Resolver) GetOr(ctx context.Context, key, ref string) (Secret, error) {
	if ref == "" {
		return r.Get(ctx, key)
	}
	r.init()
	v, err := r.lookup(ctx, key)
	switch {
	case err == nil:
		return r.register(key, key, v)
	case !errors.Is(err, ErrNotFound):
		return Secret{}, fmt.Errorf("secrets: resolve %q: %w", key, err)
	}
	return r.resolve(ctx, ref, key)
}

// Resolve fetches the secret ref names (see [ParseRef]) from the
// [Provider] for its scheme and returns the value of its key (see
// [ExtractKey]). The value is registered under the name of the JSON
// key, when that is a valid mask name. An empty value counts as
// missing. A reference whose scheme has no provider gives a
// [*NoProviderError]; a missing secret or key gives an error wrapping
// [ErrNotFound]. Errors name ref and never the value; an ended ctx
// gives an error wrapping ctx.Err().
func (r *Resolver) Resolve(ctx context.Context, ref string) (Secret, error) {
	return r.resolve(ctx, ref, "")
}

func (r *Resolver) resolve(ctx context.Context, ref, name string) (Secret, error) {
	r.init()
	seen := r.memo.get(ref, name)
	var parsed Ref
	if seen != nil {
		parsed = seen.ref
	} else {
		var err error
		if parsed, err = ParseRef(ref); err != nil {
			return Secret{}, err
		}
	}
	p, err := r.provider(ref, parsed)
	if err != nil {
		return Secret{}, err
	}
	if err := ctx.Err(); err != nil {
		return Secret{}, fmt.Errorf("secrets: resolve %q: %w", ref, err)
	}
	doc, err := p.Fetch(ctx, parsed)
	if err != nil {
		return Secret{}, fmt.Errorf("secrets: resolve %q: %w", ref, err)
	}
	if seen != nil && bytes.Equal(doc, seen.doc) {
		return seen.secret, nil
	}
	v, err := ExtractKey(doc, parsed)
	if err != nil {
		return Secret{}, err
	}
	if v == "" {
		return Secret{}, fmt.Errorf("secrets: resolve %q: empty value: %w",
			ref, ErrNotFound)
	}
	key := name
	if key == "" {
		key = parsed.Key
	}
	s, err := r.register(ref, key, v)
	if err == nil {
		r.memo.put(ref, name, &memoEntry{ref: parsed, doc: doc, secret: s})
	}
	return s, err
}

// provider returns the Provider for parsed, the parsed form of ref.
func (r *Resolver) provider(ref string, parsed Ref) (Provider, error) {
	scheme := parsed.Scheme
	if scheme == "" {
		scheme = r.defaultScheme
	}
	p := r.providers[scheme]
	if p == nil || scheme == "" {
		return nil, &NoProviderError{Ref: ref, Scheme: scheme}
	}
	return p, nil
}

// Invalidate makes the next read of the secret ref names ask its
// provider again. It forgets what the Resolver remembers of the
// document ref names, for every key read from it, and, when the
// provider for ref's scheme is an [Invalidator] such as a [Cache],
// calls its Invalidate, so a Cache fetches the document afresh
// instead of serving what it holds:
//
//	err := res.Invalidate("prod/db:password")
//
// A provider that keeps nothing needs no more, as each read asks it
// again anyway. The document is the one [Resolver.Resolve] of ref
// reads: since a Cache keeps the bare form ("prod/db:password") and
// the URI form ("awssm://prod/db#password") of one secret apart,
// pass the form the program reads with. A ref that does not parse
// gives an error wrapping [ErrBadRef]; one whose scheme has no
// provider gives a [*NoProviderError].
func (r *Resolver) Invalidate(ref string) error {
	return r.forget(ref, Invalidator.Invalidate)
}

// Reject reports that the value read for ref was refused by the system
// it was meant for, as when a password no longer logs in after a
// rotation, so that the next read asks the provider again rather than
// hand out the same value. It forgets what the Resolver remembers of
// the document, as [Resolver.Invalidate] does, and, when the provider
// for ref's scheme is an [Invalidator] such as a [Cache], calls its
// Reject (see [Cache.Reject]):
//
//	if errors.Is(err, errLoginFailed) {
//		_ = res.Reject("prod/db:password")
//	}
//
// ref and the errors are as for [Resolver.Invalidate].
func (r *Resolver) Reject(ref string) error {
	return r.forget(ref, Invalidator.Reject)
}

// forget drops the memo of ref's document and passes the parsed ref to
// drop when ref's provider is an Invalidator.
func (r *Resolver) forget(ref string, drop func(Invalidator, Ref)) error {
	r.init()
	parsed, err := ParseRef(ref)
	if err != nil {
		return err
	}
	p, err := r.provider(ref, parsed)
	if err != nil {
		return err
	}
	if inv, ok := p.(Invalidator); ok {
		drop(inv, parsed)
	}
	r.memo.drop(parsed)
	return nil
}

// register tells the Redactor about v, under name when that is a valid
// mask name, and wraps v in a Secret. what names the request in errors.
func (r *Resolver) register(what, name, v string) (Secret, error) {
	if r.reg.has(name, v) {
		return NewSecret(v), nil
	}
	err := r.red.AddNamed(name, v)
	if errors.Is(err, redact.ErrBadName) {
		err = r.red.Add(v)
	}
	switch {
	case err == nil:
		r.reg.add(name, v)
	case r.allowShort && errors.Is(err, redact.ErrTooShort):
	case errors.Is(err, redact.ErrTooShort):
		return Secret{}, fmt.Errorf("secrets: resolve %q: value cannot "+
			"be masked: %w", what, redact.ErrTooShort)
	default:
		return Secret{}, fmt.Errorf("secrets: resolve %q: register: %w",
			what, err)
	}
	return NewSecret(v), nil
}

// registry remembers which values a Resolver has registered, so that
// reading a value again does not register it again. It sits behind a
// pointer so that printing a Resolver never prints it.
type registry struct {
	mu   sync.RWMutex
	seen map[[2]string]struct{} // {name, value} pairs; guarded by mu
}

func (g *registry) has(name, v string) bool {
	g.mu.RLock()
	_, ok := g.seen[[2]string{name, v}]
	g.mu.RUnlock()
	return ok
}

func (g *registry) add(name, v string) {
	g.mu.Lock()
	g.seen[[2]string{name, v}] = struct{}{}
	g.mu.Unlock()
}

// memoLimit bounds the references a memo remembers; past it, the memo
// starts again empty.
const memoLimit = 4096

// memo remembers, per reference and name, the value a Resolver read
// from a document, so that a cached document is not parsed and its
// value not registered on every call. It sits behind a pointer so that
// printing a Resolver never prints it.
type memo struct {
	mu   sync.RWMutex
	seen map[[2]string]*memoEntry // {ref, name} pairs; guarded by mu
}

// memoEntry is what a memo remembers; it is never changed once stored.
type memoEntry struct {
	ref    Ref    // the parsed reference
	doc    []byte // a private copy of the document the value came from
	secret Secret // the value, already registered
}

func (m *memo) get(ref, name string) *memoEntry {
	m.mu.RLock()
	e := m.seen[[2]string{ref, name}]
	m.mu.RUnlock()
	return e
}

// drop forgets every entry read from the document ref names, whatever
// its Key.
func (m *memo) drop(ref Ref) {
	ref.Key = ""
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, e := range m.seen {
		doc := e.ref
		doc.Key = ""
		if doc == ref {
			delete(m.seen, k)
		}
	}
}

// put remembers e, taking its own copy of e.doc.
func (m *memo) put(ref, name string, e *memoEntry) {
	e.doc = bytes.Clone(e.doc)
	m.mu.Lock()
	if len(m.seen) >= memoLimit {
		clear(m.seen)
	}
	m.seen[[2]string{ref, name}] = e
	m.mu.Unlock()
}
