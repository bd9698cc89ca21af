package secrets

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

// TestCacheSeedServes checks that a seeded document is served as a
// fetched one would be, for every key of it, without a backend call.
func TestCacheSeedServes(t *testing.T) {
	tests := []struct {
		name      string
		seed      string // the reference seeded
		read      string // the reference read
		doc       []byte
		want      string
		wantCalls int64
	}{
		{"same ref", "x://prod/db", "x://prod/db",
			[]byte(`{"k": "seeded-value-1"}`), `{"k": "seeded-value-1"}`, 0},
		{"key ignored", "x://prod/db#password", "x://prod/db#user",
			[]byte(`{"k": "seeded-value-1"}`), `{"k": "seeded-value-1"}`, 0},
		{"bare ref", "prod/db:password", "prod/db",
			[]byte("seeded-value-1"), "seeded-value-1", 0},
		{"nil doc", "x://prod/db", "x://prod/db", nil, "", 0},
		{"other query is another document", "x://prod/db?stage=AWSPREVIOUS",
			"x://prod/db", []byte("seeded-value-1"), "backend-value-1", 1},
		{"other scheme is another document", "y://prod/db",
			"x://prod/db", []byte("seeded-value-1"), "backend-value-1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newCountingProvider(map[string]string{"prod/db": "backend-value-1"})
			c := NewCache(p, nil)
			c.Seed(mustRef(t, tt.seed), tt.doc)
			got, err := fetchString(t, c, tt.read)
			require.NoError(t, err)
			assert.True(t, got == tt.want, "got the wrong document")
			assert.Equal(t, tt.wantCalls, p.calls.Load(), "backend calls")
		})
	}
}

// TestCacheSeedExisting checks what Seed does to each kind of entry
// the cache may already hold: a fresh value is kept, anything else is
// replaced.
func TestCacheSeedExisting(t *testing.T) {
	const ttl = time.Minute
	tests := []struct {
		name      string
		before    func(t *testing.T, c *Cache, p *countingProvider, clk *fakeClock)
		want      string
		wantCalls int64 // backend calls made by before
	}{
		{"fresh value kept", func(t *testing.T, c *Cache, _ *countingProvider, _ *fakeClock) {
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
		}, "backend-value-1", 1},
		{"fresh value kept while failing", func(t *testing.T, c *Cache,
			p *countingProvider, clk *fakeClock) {
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			p.fail(errBackendDown)
			clk.set(ttl - time.Second) // in the refresh window, from ttl*0.9
			_, err = fetchString(t, c, "x://app")
			require.NoError(t, err)
			eventually(t, func() bool { return c.Stats().Errors == 1 },
				"background refresh did not fail")
		}, "backend-value-1", 2},
		{"expired value replaced", func(t *testing.T, c *Cache, _ *countingProvider, clk *fakeClock) {
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			clk.set(ttl + time.Second)
		}, "seeded-value-1", 1},
		{"stale value replaced", func(t *testing.T, c *Cache,
			p *countingProvider, clk *fakeClock) {
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			p.fail(errBackendDown)
			clk.set(ttl + time.Second)
			got, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			require.True(t, got == "backend-value-1", "stale value not served")
			p.fail(nil)
		}, "seeded-value-1", 2},
		{"negative answer replaced", func(t *testing.T, c *Cache,
			p *countingProvider, _ *fakeClock) {
			p.fail(ErrNotFound)
			_, err := fetchString(t, c, "x://app")
			require.True(t, errors.Is(err, ErrNotFound), "got %v", err)
			p.fail(nil)
		}, "seeded-value-1", 1},
		{"rejected value replaced", func(t *testing.T, c *Cache, _ *countingProvider, _ *fakeClock) {
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			c.Reject(mustRef(t, "x://app"))
		}, "seeded-value-1", 1},
		{"invalidated value replaced", func(t *testing.T, c *Cache, _ *countingProvider, _ *fakeClock) {
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			c.Invalidate(mustRef(t, "x://app"))
		}, "seeded-value-1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			p := newCountingProvider(map[string]string{"app": "backend-value-1"})
			c := NewCache(p, &CacheOptions{TTL: ttl, Now: clk.Now,
				Jitter: fixedJitter(0.5)})
			tt.before(t, c, p, clk)
			require.Equal(t, tt.wantCalls, p.calls.Load(), "backend calls before Seed")
			c.Seed(mustRef(t, "x://app"), []byte("seeded-value-1"))
			got, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			assert.True(t, got == tt.want, "got the wrong document")
			assert.Equal(t, tt.wantCalls, p.calls.Load(), "backend calls after Seed")
		})
	}
}

// TestCacheSeedLikeFetch checks that a seeded value ages as a fetched
// one does: fresh for the TTL, refreshed after it, never expiring when
// pinned.
func TestCacheSeedLikeFetch(t *testing.T) {
	const ttl = time.Minute
	tests := []struct {
		name      string
		ref       string
		wantCalls int64 // after the TTL has passed
	}{
		{"expires", "x://app", 1},
		{"pinned", "x://app?version=3", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			p := pinningProvider{newCountingProvider(
				map[string]string{"app": "backend-value-1"})}
			c := NewCache(p, &CacheOptions{TTL: ttl, RefreshWindow: -1, Now: clk.Now})
			c.Seed(mustRef(t, tt.ref), []byte("seeded-value-1"))
			clk.set(ttl - time.Second)
			got, err := fetchString(t, c, tt.ref)
			require.NoError(t, err)
			assert.True(t, got == "seeded-value-1", "seeded value not served within the TTL")
			assert.Equal(t, int64(0), p.calls.Load(), "backend calls within the TTL")
			clk.set(ttl)
			_, err = fetchString(t, c, tt.ref)
			require.NoError(t, err)
			assert.Equal(t, tt.wantCalls, p.calls.Load(), "backend calls after the TTL")
		})
	}
}

// TestCacheSeedCopies checks that Seed keeps its own copy of doc.
func TestCacheSeedCopies(t *testing.T) {
	c := NewCache(newCountingProvider(nil), nil)
	doc := []byte("seeded-value-1")
	c.Seed(mustRef(t, "x://app"), doc)
	copy(doc, "changed-value-")
	got, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	assert.True(t, got == "seeded-value-1", "Seed kept the caller's slice")
}

// TestCacheSeedDuringFetch checks that the answer of a fetch running
// when Seed is called replaces the seeded value.
func TestCacheSeedDuringFetch(t *testing.T) {
	p := newCountingProvider(map[string]string{"app": "backend-value-1"})
	c := NewCache(p, nil)
	ref := mustRef(t, "x://app")
	release := p.hold()
	done := make(chan string)
	go func() {
		doc, err := c.Fetch(context.Background(), ref)
		assert.NoError(t, err)
		done <- string(doc)
	}()
	eventually(t, func() bool { return p.calls.Load() == 1 }, "fetch did not start")
	c.Seed(ref, []byte("seeded-value-1"))
	got, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	assert.True(t, got == "seeded-value-1", "seeded value not served during the fetch")
	release()
	assert.True(t, <-done == "backend-value-1", "the waiter got the wrong document")
	got, err = fetchString(t, c, "x://app")
	require.NoError(t, err)
	assert.True(t, got == "backend-value-1", "fetched value did not replace the seed")
	assert.Equal(t, int64(1), p.calls.Load(), "backend calls")
}

// TestCacheSeedEdges checks Seed on a zero Cache, on a closed one and
// past MaxEntries.
func TestCacheSeedEdges(t *testing.T) {
	t.Run("zero cache", func(t *testing.T) {
		var c Cache
		c.Seed(mustRef(t, "x://app"), []byte("seeded-value-1"))
		got, err := fetchString(t, &c, "x://app")
		require.NoError(t, err)
		assert.True(t, got == "seeded-value-1", "got the wrong document")
	})
	t.Run("closed cache", func(t *testing.T) {
		p := newCountingProvider(nil)
		c := NewCache(p, nil)
		require.NoError(t, c.Close())
		c.Seed(mustRef(t, "x://app"), []byte("seeded-value-1"))
		got, err := fetchString(t, c, "x://app")
		require.NoError(t, err)
		assert.True(t, got == "seeded-value-1", "got the wrong document")
		assert.Equal(t, int64(0), p.calls.Load(), "backend calls")
	})
	t.Run("past MaxEntries", func(t *testing.T) {
		c := NewCache(newCountingProvider(nil), &CacheOptions{MaxEntries: 2})
		for _, r := range []string{"x://a", "x://b", "x://c"} {
			c.Seed(mustRef(t, r), []byte("seeded-value-1"))
		}
		st := c.Stats()
		assert.Equal(t, 2, st.Entries, "entries")
		assert.Equal(t, uint64(1), st.Evictions, "evictions")
	})
}

// TestResolverOverSeededCache checks that a value read from a seeded
// document is registered before it is handed out.
func TestResolverOverSeededCache(t *testing.T) {
	p := newCountingProvider(map[string]string{})
	c := NewCache(p, nil)
	red := redact.New(nil)
	r := New(&Options{
		Redactor:      red,
		Sources:       []Source{},
		Providers:     map[string]Provider{"x": c},
		DefaultScheme: "x",
	})
	c.Seed(mustRef(t, "prod/db"), []byte(`{"password": "seeded-password-1"}`))
	require.False(t, red.Contains("seeded-password-1"), "Seed registered the value")
	s, err := r.Resolve(context.Background(), "prod/db:password")
	require.NoError(t, err)
	assert.True(t, s.Reveal() == "seeded-password-1", "got the wrong value")
	assert.True(t, red.Contains("seeded-password-1"), "value not registered")
	assert.Equal(t, int64(0), p.calls.Load(), "backend calls")
}
