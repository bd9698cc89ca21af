package secrets

import (
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/codebuddy/hush/redact"
)

// Defaults of [CacheOptions].
const (
	// DefaultCacheTTL is how long a fetched secret is served before the
	// cache asks the backend again. Five minutes bounds how long a
	// rotated value goes on being handed out, while costing one backend
	// call per secret every five minutes, a trivial load for any secret
	// manager.
	DefaultCacheTTL = 5 * time.Minute

	// DefaultCacheMaxStale is how long past its TTL a value may still
	// be served while the backend fails with transient errors: long
	// enough to ride out a short outage or a throttling storm, short
	// enough that a value rotated away does not live on for hours.
	DefaultCacheMaxStale = 15 * time.Minute

	// DefaultCacheMaxEntries bounds the number of secret documents a
	// cache holds.
	DefaultCacheMaxEntries = 1000

	// DefaultCacheNegativeTTL is how long a not-found or access-denied
	// answer is remembered, before jitter.
	DefaultCacheNegativeTTL = 30 * time.Second

	// DefaultCacheFetchTimeout bounds one backend call.
	DefaultCacheFetchTimeout = 30 * time.Second
)

// Retry pacing after failed fetches: the first retry waits about
// retryBase, each failure in a row doubles the wait, up to retryMax.
const (
	retryBase = time.Second
	retryMax  = time.Minute
)

// forever stands for "never" in the cache's deadlines.
const forever = time.Duration(1<<63 - 1)

// CacheOptions configures a [Cache]. A nil *CacheOptions, and every
// zero field, means the documented default. No combination of values
// makes the cache panic: out-of-range values are clamped as each field
// says.
type CacheOptions struct {
	// TTL is how long a fetched value is served without asking the
	// backend again. Zero means [DefaultCacheTTL]; a negative TTL makes
	// every value expire at once, so each read asks the backend (reads
	// that overlap still share one call). References a [Pinner] reports
	// as pinned never expire.
	TTL time.Duration

	// RefreshWindow is the last part of the TTL in which a read starts
	// one background refresh while the cached value goes on being
	// served. The point where the window opens is drawn at random for
	// each fetched value, uniformly in the RefreshWindow before expiry,
	// so that many values fetched together are not refreshed together.
	// Zero means a fifth of the TTL; a negative value turns early
	// refresh off; a window longer than the TTL is cut to the TTL.
	RefreshWindow time.Duration

	// MaxStale is the hard limit on staleness: how long past its TTL a
	// value may still be served while the backend fails with a
	// transient error (one wrapping [ErrTransient], or a fetch that ran
	// out of time). Past TTL+MaxStale a value is never served. Zero
	// means [DefaultCacheMaxStale]; a negative value means stale values
	// are never served.
	MaxStale time.Duration

	// MaxEntries bounds the number of secret documents held; beyond it
	// the least recently read ones are evicted (CLOCK order). Zero or
	// negative means [DefaultCacheMaxEntries].
	MaxEntries int

	// NegativeTTL is how long a not-found or access-denied answer is
	// remembered, so that a missing secret does not send every read to
	// the backend. Each answer is remembered for a random time between
	// half of NegativeTTL and all of it. Zero means
	// [DefaultCacheNegativeTTL]; a negative value means such answers
	// are not remembered.
	NegativeTTL time.Duration

	// FetchTimeout bounds one backend call. The call runs detached from
	// the context of the reader that started it, so that a reader
	// giving up does not cancel it for the others; FetchTimeout is what
	// stops it instead. Zero means [DefaultCacheFetchTimeout]; a
	// negative value means no bound but the provider's own and
	// [Cache.Close].
	FetchTimeout time.Duration

	// Now returns the current time. Nil means time.Now. Tests set it to
	// move time by hand.
	Now func() time.Time

	// Jitter returns a random number in [0, 1) used to spread refresh
	// points, negative TTLs and retry delays. Nil means
	// math/rand/v2.Float64; results outside [0, 1) are clamped.
	Jitter func() float64

	// Redactor, when set, is told the values of every document the
	// cache stores, fetched, refreshed in the background or seeded,
	// before any reader can see the document, so that keys of a
	// secret the program never reads are masked too. Give it the
	// Redactor of the [Resolver] the cache serves. Nil means the cache
	// registers nothing, and values are registered only when a
	// Resolver reads them.
	//
	// A document holding a JSON object or array has each string
	// registered, at any depth, under the dotted path of keys that
	// leads to it ("password", "db.password") when that path is a
	// valid mask name ([redact.ValidName]), else with the plain mask.
	// A number is registered, as written, only when its key looks
	// secret ([redact.SecretName]), since ports and counts are not
	// secrets; true, false and null never are. Any other document is
	// registered whole, trimmed. Values the Redactor refuses as too
	// short are skipped: they cannot be masked, and a Resolver still
	// refuses to hand them out unless [Options.AllowShort] says so.
	//
	// Registration happens once per new document, on the goroutine
	// that fetched it or in [Cache.Seed], never on a cached read. A
	// Redactor keeps the first name a value is registered under, so
	// a value the cache registered first is masked with its JSON
	// key's name even when a Resolver reads it with
	// [Resolver.GetOr] under another.
	Redactor *redact.Redactor

	// Logger receives one record for each failed background refresh,
	// each not-found or denied answer, each eviction and each value
	// the Redactor refused for a reason other than its length, naming
	// the reference and never a value. Nil means no logging.
	Logger *slog.Logger
}

// cacheConfig is CacheOptions with the defaults applied.
type cacheConfig struct {
	ttl, window, maxStale time.Duration
	negTTL, timeout       time.Duration
	maxEntries            int
	now                   func() time.Time
	realTime              bool // now is time.Now
	jitter                func() float64
	log                   *slog.Logger
	red                   *redact.Redactor // nil: register nothing
}

func newCacheConfig(o *CacheOptions) cacheConfig {
	if o == nil {
		o = &CacheOptions{}
	}
	c := cacheConfig{
		ttl:        orDefault(o.TTL, DefaultCacheTTL),
		maxStale:   orDefault(o.MaxStale, DefaultCacheMaxStale),
		negTTL:     orDefault(o.NegativeTTL, DefaultCacheNegativeTTL),
		timeout:    orDefault(o.FetchTimeout, DefaultCacheFetchTimeout),
		maxEntries: o.MaxEntries,
		now:        o.Now,
		jitter:     o.Jitter,
		log:        o.Logger,
		red:        o.Redactor,
	}
	c.ttl = max(c.ttl, 0)
	c.window = orDefault(o.RefreshWindow, c.ttl/5)
	c.window = min(max(c.window, 0), c.ttl)
	if c.maxEntries <= 0 {
		c.maxEntries = DefaultCacheMaxEntries
	}
	if c.now == nil {
		c.now, c.realTime = time.Now, true
	}
	if c.jitter == nil {
		c.jitter = rand.Float64
	}
	return c
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// rand returns c.jitter() clamped to [0, 1).
func (c *cacheConfig) rand() float64 {
	r := c.jitter()
	if !(r >= 0) { // also catches NaN
		return 0
	}
	return min(r, 0.999999)
}

// scale returns d*f without overflow, for f in [0, 1].
func scale(d time.Duration, f float64) time.Duration {
	return time.Duration(float64(d) * f)
}

// after returns now+d, saturating at forever. now is negative when a
// clock reads earlier than when the cache was set up.
func after(now, d time.Duration) time.Duration {
	if now > 0 && d >= forever-now {
		return forever
	}
	return now + d
}
