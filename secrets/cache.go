package secrets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"
)

// ErrCacheClosed reports a read that needed the backend after
// [Cache.Close].
var ErrCacheClosed = errors.New("cache closed")

// Cache is a [Provider] that keeps what another Provider fetched. Put
// it in [Options.Providers] in place of the provider it wraps, and give
// it the Resolver's Redactor, so that every value it fetches is masked
// from the moment it arrives:
//
//	red := redact.New(nil)
//	res := secrets.New(&secrets.Options{
//		Redactor: red,
//		Providers: map[string]secrets.Provider{
//			"awssm": secrets.NewCache(aws, &secrets.CacheOptions{
//				Redactor: red,
//			}),
//		},
//	})
//
// The cache keys on the document, a [Ref] without its Key, so one
// backend call serves every JSON key of one secret, while references
// that differ in version parameters are kept apart. The package
// documentation describes its behaviour; [CacheOptions] its settings.
//
// The slices Fetch returns are shared by every reader and must not be
// changed.
//
// A Cache is safe for concurrent use. The zero Cache has no provider:
// every read that misses fails with an error wrapping [ErrNoProvider].
type Cache struct {
	p      Provider
	pinner Pinner // p as a Pinner, or nil
	cfg    cacheConfig
	epoch  time.Time
	tab    *table
	stats  cacheCounters

	stop    context.Context // ended by Close
	cancel  context.CancelFunc
	wg      sync.WaitGroup // counts running fetches
	closeMu sync.RWMutex   // guards closed, and wg.Add against Close
	closed  bool

	once sync.Once
}

var _ Provider = (*Cache)(nil)

// NewCache returns a Cache in front of p, configured by opts; nil opts
// means the defaults. If p implements [Pinner], references it reports
// as pinned are kept without expiry.
func NewCache(p Provider, opts *CacheOptions) *Cache {
	c := &Cache{p: p}
	c.once.Do(func() { c.setup(opts) })
	return c
}

func (c *Cache) setup(opts *CacheOptions) {
	c.cfg = newCacheConfig(opts)
	c.epoch = c.cfg.now()
	c.tab = newTable(c.cfg.maxEntries)
	c.stats.hits.init(runtime.GOMAXPROCS(0))
	c.stop, c.cancel = context.WithCancel(context.Background())
	c.pinner, _ = c.p.(Pinner)
}

func (c *Cache) init() {
	c.once.Do(func() { c.setup(nil) })
}

// clock returns the time since the cache was made. With the default
// clock it reads only the monotonic clock, which costs less than
// time.Now.
func (c *Cache) clock() time.Duration {
	if c.cfg.realTime {
		return time.Since(c.epoch)
	}
	return c.cfg.now().Sub(c.epoch)
}

// Fetch returns the document ref names, ignoring ref.Key: from the
// cache when it holds a fresh copy, otherwise from the backend, in one
// call shared with every other reader of the same document. While it
// waits, Fetch returns when ctx ends, with an error wrapping ctx.Err(),
// without stopping the call for the others.
//
// Errors from the backend are returned as the provider gave them,
// except that a fetch cut off by [CacheOptions.FetchTimeout] also wraps
// [ErrTransient]. A remembered not-found or denied answer is returned
// again until it expires.
func (c *Cache) Fetch(ctx context.Context, ref Ref) ([]byte, error) {
	c.init()
	ref.Key = ""
	now := c.clock()
	if e := c.tab.get(ref); e != nil {
		v := e.val.Load()
		if v.fresh(now) {
			e.touch()
			c.stats.hits.add()
			if now >= v.refreshAt && now >= v.retryAt && !e.busy.Load() {
				c.refresh(ctx, e)
			}
			return v.doc, nil
		}
		if v.negative(now) {
			e.touch()
			c.stats.negHits.Add(1)
			return nil, v.err
		}
	}
	return c.miss(ctx, ref)
}

// miss answers a read the lock-free path could not: it serves a stale
// value while the backend is known to be failing, or waits for a fetch.
func (c *Cache) miss(ctx context.Context, ref Ref) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("secrets: cache %q: %w", ref.String(), err)
	}
	if c.p == nil {
		return nil, fmt.Errorf("secrets: cache %q: %w", ref.String(),
			ErrNoProvider)
	}
	e, victim := c.tab.getOrAdd(ref)
	if victim != nil {
		c.evicted(victim)
	}
	e.touch()
	e.mu.Lock()
	now := c.clock()
	v := e.val.Load()
	switch {
	case v.fresh(now):
		e.mu.Unlock()
		c.stats.hits.add()
		return v.doc, nil
	case v.negative(now):
		e.mu.Unlock()
		c.stats.negHits.Add(1)
		return nil, v.err
	case v != nil && v.down && v.stale(now):
		if e.call == nil && now >= v.retryAt {
			c.retry(ctx, e)
		}
		e.mu.Unlock()
		c.stats.staleServes.Add(1)
		return v.doc, nil
	}
	f := e.call
	var err error
	if f == nil {
		f, err = c.begin(ctx, e)
	}
	e.mu.Unlock()
	if err != nil {
		return nil, err
	}
	c.stats.misses.Add(1)
	return c.wait(ctx, ref, f)
}

// wait waits for f, or for ctx to end.
func (c *Cache) wait(ctx context.Context, ref Ref, f *flight) ([]byte, error) {
	select {
	case <-f.done:
		if f.stale {
			c.stats.staleServes.Add(1)
		}
		return f.doc, f.err
	case <-ctx.Done():
		return nil, fmt.Errorf("secrets: cache %q: %w", ref.String(),
			ctx.Err())
	}
}

// refresh starts a background fetch of e unless one is running or due
// later.
func (c *Cache) refresh(ctx context.Context, e *entry) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := c.clock()
	v := e.val.Load()
	if e.call != nil || !v.fresh(now) || now < v.refreshAt || now < v.retryAt {
		return
	}
	c.retry(ctx, e)
}

// retry starts a background fetch of e. e.mu is held.
func (c *Cache) retry(ctx context.Context, e *entry) {
	if _, err := c.begin(ctx, e); err == nil {
		c.stats.refreshes.Add(1)
	}
}

// begin starts a fetch of e in its own goroutine, detached from ctx's
// cancellation but keeping its values. e.mu is held.
func (c *Cache) begin(ctx context.Context, e *entry) (*flight, error) {
	c.closeMu.RLock()
	defer c.closeMu.RUnlock()
	if c.closed {
		return nil, fmt.Errorf("secrets: cache %q: %w", e.ref.String(),
			ErrCacheClosed)
	}
	f := &flight{done: make(chan struct{}), gen: e.gen}
	e.call = f
	e.busy.Store(true)
	c.wg.Add(1)
	go c.run(context.WithoutCancel(ctx), e, f)
	return f, nil
}

// run makes one backend call, registers the document it returns, and
// settles its outcome, which makes the document visible.
func (c *Cache) run(ctx context.Context, e *entry, f *flight) {
	defer c.wg.Done()
	defer close(f.done)
	doc, err := c.call(ctx, e.ref)
	if err == nil {
		c.register(e, doc)
	}
	c.settle(e, f, doc, err)
}

// call asks the provider, bounded by the fetch timeout and Close. A
// panic in the provider becomes an error that does not show its value,
// which might hold a secret.
func (c *Cache) call(ctx context.Context, ref Ref) (doc []byte, err error) {
	var cancel context.CancelFunc
	if c.cfg.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.cfg.timeout)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	defer context.AfterFunc(c.stop, cancel)()
	defer func() {
		if recover() != nil {
			doc, err = nil, fmt.Errorf("secrets: cache %q: provider "+
				"panicked", ref.String())
		}
	}()
	c.stats.fetches.Add(1)
	doc, err = c.p.Fetch(ctx, ref)
	if errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrTransient) {
		err = fmt.Errorf("secrets: cache %q: %w: %w", ref.String(),
			ErrTransient, err)
	}
	return doc, err
}

// settle records the outcome of f and decides what its waiters get.
// Only the entry's current fetch changes what the entry holds; one
// begun before an Invalidate still answers its own waiters.
func (c *Cache) settle(e *entry, f *flight, doc []byte, err error) {
	var msg string // logged once e.mu is released
	level := slog.LevelWarn
	defer func() {
		if msg != "" {
			c.logf(level, msg, e.ref, err)
		}
	}()
	now := c.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	current := e.call == f
	if current {
		e.call = nil
		e.busy.Store(false)
	}
	if err == nil {
		f.doc = doc
		if current {
			e.val.Store(c.positive(e.ref, doc, now))
		}
		return
	}
	c.stats.errors.Add(1)
	f.err = err
	old := e.val.Load()
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrAccessDenied) {
		if current {
			e.val.Store(c.negative(err, now))
		}
		level, msg = slog.LevelInfo, "secrets: cache: secret refused or gone"
		return
	}
	transient := errors.Is(err, ErrTransient)
	switch {
	case old.fresh(now):
		f.doc, f.err = old.doc, nil
	case transient && old.stale(now):
		f.doc, f.err, f.stale = old.doc, nil, true
	}
	if current && old != nil && old.err == nil {
		e.val.Store(c.failed(old, now, transient))
	}
	msg = "secrets: cache: fetch failed"
}

// positive returns the value for a document fetched at now.
func (c *Cache) positive(ref Ref, doc []byte, now time.Duration) *value {
	if doc == nil {
		doc = []byte{}
	}
	if c.pinner != nil && c.pinner.Pinned(ref) {
		return &value{doc: doc, refreshAt: forever, expires: forever,
			staleUntil: forever}
	}
	v := &value{doc: doc, expires: after(now, c.cfg.ttl)}
	v.refreshAt = v.expires - scale(c.cfg.window, c.cfg.rand())
	v.staleUntil = after(v.expires, c.cfg.maxStale)
	return v
}

// negative returns the value remembering err, or nil when such answers
// are not remembered.
func (c *Cache) negative(err error, now time.Duration) *value {
	if c.cfg.negTTL < 0 {
		return nil
	}
	half := c.cfg.negTTL / 2
	d := half + scale(c.cfg.negTTL-half, c.cfg.rand())
	return &value{err: err, expires: after(now, d)}
}

// failed returns old after one more failed fetch: unchanged deadlines,
// and no background fetch before a jittered, doubling delay.
func (c *Cache) failed(old *value, now time.Duration, transient bool) *value {
	v := *old
	v.fails++
	v.down = transient
	d := min(retryBase<<min(v.fails-1, 6), retryMax)
	v.retryAt = after(now, d/2+scale(d/2, c.cfg.rand()))
	return &v
}

func (c *Cache) evicted(e *entry) {
	c.stats.evictions.Add(1)
	c.logf(slog.LevelDebug, "secrets: cache: evicted", e.ref, nil)
}

func (c *Cache) logf(level slog.Level, msg string, ref Ref, err error) {
	if c.cfg.log == nil {
		return
	}
	attrs := []slog.Attr{slog.String("ref", ref.String())}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.cfg.log.LogAttrs(context.Background(), level, msg, attrs...)
}

// Invalidator is implemented by a [Provider] that keeps what it
// fetched, as [Cache] does, so that [Resolver.Invalidate] and
// [Resolver.Reject] can tell it to let go of a document. Both methods
// receive the reference as parsed, Key included; they must be safe for
// concurrent use and must not block on the backend.
type Invalidator interface {
	// Invalidate forgets what is kept for the document ref names.
	Invalidate(ref Ref)

	// Reject reports that the value given for ref was refused by the
	// system it was meant for, so it must not be handed out again.
	Reject(ref Ref)
}

var _ Invalidator = (*Cache)(nil)

// Invalidate forgets what the cache holds for the document ref names
// (ref.Key is ignored), remembered not-found and denied answers too.
// A fetch already running still answers the readers waiting for it,
// but its result is not kept; the next read asks the backend again.
func (c *Cache) Invalidate(ref Ref) {
	c.init()
	ref.Key = ""
	e := c.tab.get(ref)
	if e == nil {
		return
	}
	e.mu.Lock()
	e.gen++
	e.call = nil
	e.busy.Store(false)
	e.val.Store(nil)
	e.mu.Unlock()
}

// Refresh fetches the document ref names from the backend now, as
// [Cache.Invalidate] followed by a read would, and returns the error
// of that fetch. When the fetch fails with a transient error, the value
// held before is kept, so later reads can still be served from it
// under the usual stale rules; after any other failure it is gone.
func (c *Cache) Refresh(ctx context.Context, ref Ref) error {
	c.init()
	ref.Key = ""
	var old *value
	if e := c.tab.get(ref); e != nil {
		old = e.val.Load()
	}
	c.Invalidate(ref)
	_, err := c.miss(ctx, ref)
	if err != nil && old != nil && errors.Is(err, ErrTransient) {
		if e := c.tab.get(ref); e != nil {
			e.mu.Lock()
			if e.val.Load() == nil && e.call == nil {
				e.val.Store(old)
			}
			e.mu.Unlock()
		}
	}
	return err
}

// Seed stores doc as the document ref names (ref.Key is ignored), as
// if a read had just fetched it from the backend: it is served fresh
// for the TTL, refreshed early and kept stale like a fetched value, and
// kept without expiry when a [Pinner] reports ref as pinned. It asks
// the backend nothing. Seed is meant for documents read in bulk at
// start-up, such as those the awssm provider's Prefetch returns:
//
//	docs, err := aws.Prefetch(ctx, refs...)
//	for ref, doc := range docs {
//		cache.Seed(ref, doc)
//	}
//
// A value the cache holds that is still fresh is kept, and doc is
// dropped, since a fetched value is at least as new. Anything else is
// replaced: a value past its TTL, whether or not the backend is
// failing, a remembered not-found or denied answer, and an entry
// emptied by [Cache.Invalidate] or [Cache.Reject]. Seed trusts doc: a
// rejected value seeded again is served again. A fetch already running
// is not stopped; its answer replaces doc when it arrives.
//
// Seed keeps its own copy of doc, so the caller may change or reuse
// doc afterwards; a nil doc is stored as an empty document. A seeded
// document counts against [CacheOptions.MaxEntries] and may evict
// another. With a [CacheOptions.Redactor], Seed registers the values
// of doc before it returns, also when it keeps a fresh value instead,
// since the caller holds doc and may print it. Seed works after
// [Cache.Close] too.
func (c *Cache) Seed(ref Ref, doc []byte) {
	c.init()
	ref.Key = ""
	e, victim := c.tab.getOrAdd(ref)
	if victim != nil {
		c.evicted(victim)
	}
	doc = bytes.Clone(doc)
	c.register(e, doc)
	e.mu.Lock()
	defer e.mu.Unlock()
	now := c.clock()
	if e.val.Load().fresh(now) {
		return
	}
	e.val.Store(c.positive(e.ref, doc, now))
}

// Reject reports that the value the cache gave for ref was refused by
// the system it was meant for, as when a password no longer logs in
// after a rotation. The cache drops the value, so the next read waits
// for the backend, in one call shared by every reader; a refresh
// already running is that call. The rejected value is not served
// again, not even stale.
//
// Readers that report the same rejection before the next value
// arrives cost nothing more; a report arriving after it makes one
// more backend call.
func (c *Cache) Reject(ref Ref) {
	c.init()
	ref.Key = ""
	c.stats.rejects.Add(1)
	e := c.tab.get(ref)
	if e == nil {
		return
	}
	e.mu.Lock()
	e.val.Store(nil)
	e.mu.Unlock()
}

// Close stops fetches in progress, by cancelling their contexts, and
// waits for them to return. Afterwards the cache answers from what it
// holds but asks the backend no more: reads that would need it fail
// with an error wrapping [ErrCacheClosed]. Close always returns nil,
// and may be called more than once.
func (c *Cache) Close() error {
	c.init()
	c.closeMu.Lock()
	c.closed = true
	c.closeMu.Unlock()
	c.cancel()
	c.wg.Wait()
	return nil
}
