package secrets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errBackendDown = fmt.Errorf("backend returned 503: %w", ErrTransient)

func TestCacheTTL(t *testing.T) {
	tests := []struct {
		name      string
		ttl       time.Duration
		at        time.Duration // when the second read happens
		wantCalls int64
	}{
		{"default TTL, before expiry", 0, DefaultCacheTTL - 1, 1},
		{"default TTL, at expiry", 0, DefaultCacheTTL, 2},
		{"custom TTL, before expiry", time.Hour, time.Hour - 1, 1},
		{"custom TTL, at expiry", time.Hour, time.Hour, 2},
		{"negative TTL, same instant", -1, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			p := newCountingProvider(map[string]string{"app": "doc-value-1"})
			c := NewCache(p, &CacheOptions{TTL: tt.ttl, Now: clk.Now,
				RefreshWindow: -1})
			got, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			assert.True(t, got == "doc-value-1", "got the wrong document")
			p.set("app", "doc-value-2")
			clk.set(tt.at)
			got, err = fetchString(t, c, "x://app")
			require.NoError(t, err)
			want := map[int64]string{1: "doc-value-1", 2: "doc-value-2"}[tt.wantCalls]
			assert.True(t, got == want, "got the wrong document")
			assert.Equal(t, tt.wantCalls, p.calls.Load(), "backend calls")
		})
	}
}

func TestCacheKeyedByDocument(t *testing.T) {
	p := newCountingProvider(map[string]string{"app": `{"a": "value-a-1", "b": "value-b-1"}`})
	c := NewCache(p, nil)
	refs := []struct {
		ref       string
		wantCalls int64
	}{
		{"x://app#a", 1},
		{"x://app#b", 1},         // same document, other key
		{"x://app", 1},           // whole document
		{"x://app?version=2", 2}, // other version: another document
		{"x://app#a?version=2", 2},
		{"app:a", 3}, // no scheme: another reference
	}
	for _, r := range refs {
		_, err := fetchString(t, c, r.ref)
		require.NoError(t, err)
		assert.Equal(t, r.wantCalls, p.calls.Load(), "after %q", r.ref)
	}
}

func TestCacheEarlyRefresh(t *testing.T) {
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"app": "old-value-1"})
	// Jitter 0.5 puts the refresh point half-way into the window:
	// 10m - 2m/2 = 9m.
	c := NewCache(p, &CacheOptions{TTL: 10 * time.Minute,
		RefreshWindow: 2 * time.Minute, Now: clk.Now, Jitter: fixedJitter(0.5)})
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)

	clk.set(9*time.Minute - 1)
	_, err = fetchString(t, c, "x://app")
	require.NoError(t, err)
	assert.Equal(t, int64(1), p.calls.Load(), "refreshed before the refresh point")

	release := p.hold()
	p.set("app", "new-value-2")
	clk.set(9 * time.Minute)
	for range 50 {
		got, err := fetchString(t, c, "x://app")
		require.NoError(t, err)
		assert.True(t, got == "old-value-1", "cached value not served during refresh")
	}
	eventually(t, func() bool { return p.calls.Load() == 2 }, "refresh did not start")
	release()
	eventually(t, func() bool {
		got, _ := fetchString(t, c, "x://app")
		return got == "new-value-2"
	}, "refreshed value never served")
	assert.Equal(t, int64(2), p.calls.Load(), "backend calls")
	st := c.Stats()
	assert.Equal(t, uint64(1), st.Refreshes, "refreshes")
	assert.Equal(t, uint64(1), st.Misses, "only the first read should have waited")

	// The new value has its own TTL from the time it was fetched.
	clk.set(9*time.Minute + 9*time.Minute - 1)
	_, err = fetchString(t, c, "x://app")
	require.NoError(t, err)
	assert.Equal(t, int64(2), p.calls.Load(), "backend calls")
}

func TestCacheRefreshJitterSpread(t *testing.T) {
	tests := []struct {
		jitter float64
		want   time.Duration // refresh point
	}{
		{0, 10 * time.Minute},
		{0.25, 9*time.Minute + 30*time.Second},
		{0.75, 8*time.Minute + 30*time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.jitter), func(t *testing.T) {
			clk := newFakeClock()
			p := newCountingProvider(map[string]string{"app": "doc-value-1"})
			c := NewCache(p, &CacheOptions{TTL: 10 * time.Minute,
				RefreshWindow: 2 * time.Minute, Now: clk.Now,
				Jitter: fixedJitter(tt.jitter)})
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			clk.set(tt.want - time.Second)
			_, _ = fetchString(t, c, "x://app")
			assert.Equal(t, uint64(0), c.Stats().Refreshes, "refreshed early")
			if tt.want >= 10*time.Minute {
				return // no refresh point inside the TTL
			}
			clk.set(tt.want)
			_, _ = fetchString(t, c, "x://app")
			assert.Equal(t, uint64(1), c.Stats().Refreshes, "refreshes")
			require.NoError(t, c.Close())
		})
	}
}

func TestCacheMaxStale(t *testing.T) {
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"app": "stale-value-1"})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, MaxStale: 5 * time.Minute,
		RefreshWindow: -1, Now: clk.Now})
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	p.fail(errBackendDown)

	steps := []struct {
		at        time.Duration
		wantStale bool
	}{
		{2 * time.Minute, true},
		{6*time.Minute - 1, true},
		{6 * time.Minute, false}, // TTL+MaxStale: never served
		{time.Hour, false},
	}
	for _, s := range steps {
		clk.set(s.at)
		got, err := fetchString(t, c, "x://app")
		if s.wantStale {
			require.NoError(t, err, "at %v", s.at)
			assert.True(t, got == "stale-value-1", "at %v: stale value not served", s.at)
			continue
		}
		require.Error(t, err, "at %v", s.at)
		assert.True(t, errors.Is(err, ErrTransient), "at %v: got %v, want ErrTransient", s.at, err)
		assert.True(t, got == "", "at %v: got a value with an error", s.at)
	}
	assert.Equal(t, uint64(2), c.Stats().StaleServes, "stale serves")
}

// TestCacheStaleOnlyOnTransient checks which failures serve the old
// value past its TTL: only transient ones and fetch timeouts.
func TestCacheStaleOnlyOnTransient(t *testing.T) {
	tests := []struct {
		name      string
		err       error // nil: the backend hangs until the fetch timeout
		wantStale bool
		wantIs    error
	}{
		{"transient", errBackendDown, true, nil},
		{"throttled", fmt.Errorf("throttled: %w", ErrTransient), true, nil},
		{"fetch timeout", nil, true, nil},
		{"not found", ErrNotFound, false, ErrNotFound},
		{"access denied", ErrAccessDenied, false, ErrAccessDenied},
		{"unknown", errors.New("malformed answer"), false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			p := newCountingProvider(map[string]string{"app": "old-value-1"})
			c := NewCache(p, &CacheOptions{TTL: time.Minute, RefreshWindow: -1,
				FetchTimeout: 20 * time.Millisecond, Now: clk.Now})
			defer c.Close()
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			if tt.err == nil {
				defer p.hold()() // calls wait until the fetch times out
			} else {
				p.fail(tt.err)
			}
			clk.set(2 * time.Minute)
			got, err := fetchString(t, c, "x://app")
			if tt.wantStale {
				require.NoError(t, err)
				assert.True(t, got == "old-value-1", "stale value not served")
				assert.Equal(t, uint64(1), c.Stats().StaleServes, "stale serves")
				return
			}
			require.Error(t, err)
			assert.True(t, got == "", "got a value with an error")
			assert.False(t, strings.Contains(err.Error(), "old-value"), "error holds the value")
			if tt.wantIs != nil {
				assert.True(t, errors.Is(err, tt.wantIs), "got %v, want %v", err, tt.wantIs)
			}
			// The backend recovers, but the error is what a second
			// read within the same instant sees if it is remembered.
			p.fail(nil)
			got, err = fetchString(t, c, "x://app")
			if tt.wantIs != nil {
				require.Error(t, err, "not-found and denied answers are remembered")
				return
			}
			require.NoError(t, err)
			assert.True(t, got == "old-value-1", "got the wrong document")
		})
	}
}

// TestCacheRevokedNotServed checks that a not-found or denied answer
// during a background refresh drops the value at once, before its TTL.
func TestCacheRevokedNotServed(t *testing.T) {
	for _, kind := range []error{ErrNotFound, ErrAccessDenied} {
		t.Run(kind.Error(), func(t *testing.T) {
			clk := newFakeClock()
			p := newCountingProvider(map[string]string{"app": "revoked-value-1"})
			c := NewCache(p, &CacheOptions{TTL: 10 * time.Minute,
				RefreshWindow: 2 * time.Minute, Now: clk.Now, Jitter: fixedJitter(0.5)})
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			p.fail(kind)
			clk.set(9 * time.Minute)
			_, err = fetchString(t, c, "x://app") // starts a refresh
			require.NoError(t, err)
			eventually(t, func() bool {
				_, err := fetchString(t, c, "x://app")
				return err != nil
			}, "revoked value still served")
			got, err := fetchString(t, c, "x://app")
			assert.True(t, errors.Is(err, kind), "got %v, want %v", err, kind)
			assert.True(t, got == "", "revoked value served")
		})
	}
}

func TestCacheNegativeTTL(t *testing.T) {
	tests := []struct {
		name        string
		negTTL      time.Duration
		jitter      float64
		remembered  time.Duration // last instant the answer is remembered
		notRemember bool
	}{
		{"default, least jitter", 0, 0, DefaultCacheNegativeTTL/2 - 1, false},
		{"default, most jitter", 0, 0.999999, DefaultCacheNegativeTTL - time.Millisecond, false},
		{"custom", time.Minute, 0.5, 45*time.Second - 1, false},
		{"off", -1, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			p := newCountingProvider(map[string]string{})
			c := NewCache(p, &CacheOptions{NegativeTTL: tt.negTTL, Now: clk.Now,
				Jitter: fixedJitter(tt.jitter)})
			_, err := fetchString(t, c, "x://gone")
			require.True(t, errors.Is(err, ErrNotFound), "got %v", err)
			_, err = fetchString(t, c, "x://gone")
			require.True(t, errors.Is(err, ErrNotFound), "got %v", err)
			if tt.notRemember {
				assert.Equal(t, int64(2), p.calls.Load(), "backend calls")
				return
			}
			assert.Equal(t, int64(1), p.calls.Load(), "backend calls")
			clk.set(tt.remembered)
			_, _ = fetchString(t, c, "x://gone")
			assert.Equal(t, int64(1), p.calls.Load(), "forgot too soon")
			clk.set(tt.remembered + time.Millisecond)
			_, _ = fetchString(t, c, "x://gone")
			assert.Equal(t, int64(2), p.calls.Load(), "remembered too long")
			assert.Equal(t, uint64(2), c.Stats().NegativeHits, "negative hits")
		})
	}
}

func TestCacheInvalidateRefreshReject(t *testing.T) {
	ops := []struct {
		name string
		op   func(c *Cache, r Ref) error
	}{
		{"invalidate", func(c *Cache, r Ref) error { c.Invalidate(r); return nil }},
		{"refresh", func(c *Cache, r Ref) error { return c.Refresh(context.Background(), r) }},
		{"reject", func(c *Cache, r Ref) error { c.Reject(r); return nil }},
	}
	for _, o := range ops {
		t.Run(o.name+" after a value", func(t *testing.T) {
			p := newCountingProvider(map[string]string{"app": "first-value-1"})
			c := NewCache(p, nil)
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			p.set("app", "second-value-2")
			require.NoError(t, o.op(c, mustRef(t, "x://app#key")))
			got, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			assert.True(t, got == "second-value-2", "old value served")
			assert.Equal(t, int64(2), p.calls.Load(), "backend calls")
		})
		t.Run(o.name+" clears a negative answer", func(t *testing.T) {
			p := newCountingProvider(map[string]string{})
			c := NewCache(p, nil)
			_, err := fetchString(t, c, "x://app")
			require.True(t, errors.Is(err, ErrNotFound), "got %v", err)
			p.set("app", "created-value-1")
			require.NoError(t, o.op(c, mustRef(t, "x://app")))
			got, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			assert.True(t, got == "created-value-1", "negative answer kept")
		})
		t.Run(o.name+" after a transient failure", func(t *testing.T) {
			p := newCountingProvider(map[string]string{"app": "dropped-value-1"})
			c := NewCache(p, nil)
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			p.fail(errBackendDown)
			opErr := o.op(c, mustRef(t, "x://app"))
			got, err := fetchString(t, c, "x://app")
			if o.name == "refresh" {
				// A failed refresh keeps the value it could not replace.
				require.NoError(t, err)
				assert.True(t, got == "dropped-value-1", "value held before the refresh lost")
				assert.True(t, errors.Is(opErr, ErrTransient), "got %v", opErr)
				return
			}
			assert.True(t, errors.Is(err, ErrTransient), "got %v, want ErrTransient", err)
			assert.True(t, got == "", "dropped value served")
		})
	}
	t.Run("unknown ref", func(t *testing.T) {
		c := NewCache(newCountingProvider(nil), nil)
		c.Invalidate(mustRef(t, "x://none"))
		c.Reject(mustRef(t, "x://none"))
		assert.Equal(t, 0, c.Stats().Entries)
	})
}

// TestCacheRejectShared checks that readers after a Reject share one
// backend call, and that repeated reports before it cost nothing.
func TestCacheRejectShared(t *testing.T) {
	p := newCountingProvider(map[string]string{"app": "rotated-value-1"})
	c := NewCache(p, nil)
	ref := mustRef(t, "x://app")
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	p.set("app", "rotated-value-2")
	release := p.hold()
	for range 10 {
		c.Reject(ref)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			doc, err := c.Fetch(context.Background(), ref)
			assert.NoError(t, err)
			assert.True(t, string(doc) == "rotated-value-2", "rejected value served")
		})
	}
	eventually(t, func() bool { return c.Stats().Misses == 21 }, "readers did not wait")
	release()
	wg.Wait()
	assert.Equal(t, int64(2), p.calls.Load(), "backend calls")
	assert.Equal(t, uint64(10), c.Stats().Rejects, "rejects")
}

// TestCacheInvalidateDuringFetch checks that a fetch begun before an
// Invalidate answers its waiters but is not kept.
func TestCacheInvalidateDuringFetch(t *testing.T) {
	p := newCountingProvider(map[string]string{"app": "before-value-1"})
	c := NewCache(p, nil)
	ref := mustRef(t, "x://app")
	release := p.hold()
	done := make(chan error)
	go func() {
		_, err := c.Fetch(context.Background(), ref)
		done <- err
	}()
	eventually(t, func() bool { return p.calls.Load() == 1 }, "fetch did not start")
	c.Invalidate(ref)
	release()
	assert.NoError(t, <-done, "the waiter of the invalidated fetch")
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	assert.Equal(t, int64(2), p.calls.Load(), "result of an invalidated fetch kept")
}

func TestCachePinned(t *testing.T) {
	clk := newFakeClock()
	p := pinningProvider{newCountingProvider(map[string]string{"app": "pinned-value-1"})}
	c := NewCache(p, &CacheOptions{TTL: time.Minute, Now: clk.Now})
	for _, r := range []string{"x://app?version=3", "x://app"} {
		_, err := fetchString(t, c, r)
		require.NoError(t, err)
	}
	clk.set(100 * 365 * 24 * time.Hour)
	_, err := fetchString(t, c, "x://app?version=3")
	require.NoError(t, err)
	assert.Equal(t, int64(2), p.calls.Load(), "pinned version fetched again")
	_, err = fetchString(t, c, "x://app")
	require.NoError(t, err)
	assert.Equal(t, int64(3), p.calls.Load(), "unpinned ref not fetched again")
	assert.Equal(t, uint64(0), c.Stats().Refreshes, "pinned version refreshed")
}

func TestCacheEviction(t *testing.T) {
	t.Run("bound", func(t *testing.T) {
		docs := map[string]string{}
		for i := range 50 {
			docs[fmt.Sprint("id", i)] = "evict-value-1"
		}
		p := newCountingProvider(docs)
		c := NewCache(p, &CacheOptions{MaxEntries: 8})
		for i := range 50 {
			_, err := fetchString(t, c, fmt.Sprint("x://id", i))
			require.NoError(t, err)
			assert.LessOrEqual(t, c.Stats().Entries, 8, "entries")
		}
		assert.Equal(t, uint64(42), c.Stats().Evictions, "evictions")
	})
	t.Run("recently read survive", func(t *testing.T) {
		p := newCountingProvider(map[string]string{
			"a": "value-a-1", "b": "value-b-1", "c": "value-c-1",
			"d": "value-d-1", "e": "value-e-1",
		})
		c := NewCache(p, &CacheOptions{MaxEntries: 3})
		for _, id := range []string{"a", "b", "c", "d"} { // d evicts a
			_, err := fetchString(t, c, "x://"+id)
			require.NoError(t, err)
		}
		_, err := fetchString(t, c, "x://b") // b read again
		require.NoError(t, err)
		_, err = fetchString(t, c, "x://e") // passes over b, evicts c
		require.NoError(t, err)
		calls := p.calls.Load()
		for _, id := range []string{"b", "d", "e"} {
			_, err := fetchString(t, c, "x://"+id)
			require.NoError(t, err)
		}
		assert.Equal(t, calls, p.calls.Load(), "a kept entry was fetched again")
		_, err = fetchString(t, c, "x://c")
		require.NoError(t, err)
		assert.Equal(t, calls+1, p.calls.Load(), "c was not evicted")
	})
}

// TestCacheSingleflight has 1,000 readers of one cold key make exactly
// one backend call.
func TestCacheSingleflight(t *testing.T) {
	const readers = 1000
	p := newCountingProvider(map[string]string{"app": "shared-value-1"})
	c := NewCache(p, nil)
	release := p.hold()
	ref := mustRef(t, "x://app#k")
	var wg sync.WaitGroup
	var bad sync.Map
	for i := range readers {
		wg.Go(func() {
			doc, err := c.Fetch(context.Background(), ref)
			if err != nil || string(doc) != "shared-value-1" {
				bad.Store(i, true)
			}
		})
	}
	eventually(t, func() bool { return c.Stats().Misses == readers }, "readers did not all wait")
	release()
	wg.Wait()
	assert.Equal(t, int64(1), p.calls.Load(), "backend calls")
	n := 0
	bad.Range(func(any, any) bool { n++; return true })
	assert.Equal(t, 0, n, "readers with a wrong answer")
}

// TestCacheWaitersCancel checks that a reader giving up returns at
// once, without cancelling the fetch the others wait for.
func TestCacheWaitersCancel(t *testing.T) {
	p := newCountingProvider(map[string]string{"app": "waited-value-1"})
	c := NewCache(p, nil)
	release := p.hold()
	ref := mustRef(t, "x://app#password")

	ctx, cancel := context.WithCancel(context.Background())
	quitter := make(chan error, 1)
	go func() {
		_, err := c.Fetch(ctx, ref)
		quitter <- err
	}()
	patient := make(chan string, 1)
	go func() {
		doc, _ := c.Fetch(context.Background(), ref)
		patient <- string(doc)
	}()
	eventually(t, func() bool { return c.Stats().Misses == 2 }, "readers did not wait")

	cancel()
	err := <-quitter
	assert.True(t, errors.Is(err, context.Canceled), "got %v, want context.Canceled", err)
	assert.Equal(t, `secrets: cache "x://app": context canceled`, err.Error())

	release()
	assert.True(t, <-patient == "waited-value-1", "patient reader got the wrong document")
	assert.Equal(t, int64(1), p.calls.Load(), "backend calls")
	p.mu.Lock()
	defer p.mu.Unlock()
	assert.Equal(t, []error{nil}, p.ctxErr, "the fetch's context ended")
}

func TestCacheCancelledBeforeRead(t *testing.T) {
	p := newCountingProvider(map[string]string{"app": "never-value-1"})
	c := NewCache(p, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Fetch(ctx, mustRef(t, "x://app"))
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
	assert.Equal(t, int64(0), p.calls.Load(), "backend asked after the context ended")
}

func TestCacheStats(t *testing.T) {
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"app": "counted-value-1"})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, RefreshWindow: -1, Now: clk.Now})
	_, _ = fetchString(t, c, "x://app")  // miss, fetch
	_, _ = fetchString(t, c, "x://app")  // hit
	_, _ = fetchString(t, c, "x://gone") // miss, fetch, error
	_, _ = fetchString(t, c, "x://gone") // negative hit
	p.fail(errBackendDown)
	clk.set(2 * time.Minute)
	_, _ = fetchString(t, c, "x://app") // miss, fetch, error, stale
	_, _ = fetchString(t, c, "x://app") // stale without asking
	want := CacheStats{Hits: 1, NegativeHits: 1, StaleServes: 2, Misses: 3,
		Fetches: 3, Errors: 2, Entries: 2}
	assert.Equal(t, want, c.Stats())
}

func TestCacheStaleRetriesInBackground(t *testing.T) {
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"app": "retry-value-1"})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, RefreshWindow: -1,
		Now: clk.Now, Jitter: fixedJitter(0)})
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	p.fail(errBackendDown)
	clk.set(2 * time.Minute)
	_, err = fetchString(t, c, "x://app") // waits, fails, stale
	require.NoError(t, err)
	_, err = fetchString(t, c, "x://app") // stale, retry not yet due
	require.NoError(t, err)
	assert.Equal(t, int64(2), p.calls.Load(), "retried before the delay")

	p.fail(nil)
	p.set("app", "retry-value-2")
	clk.set(2*time.Minute + retryBase/2) // the delay with jitter 0
	got, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	assert.True(t, got == "retry-value-1", "reader waited for the retry")
	eventually(t, func() bool {
		got, _ := fetchString(t, c, "x://app")
		return got == "retry-value-2"
	}, "background retry never landed")
	assert.Equal(t, int64(3), p.calls.Load(), "backend calls")
}

func TestCacheClose(t *testing.T) {
	p := newCountingProvider(map[string]string{"app": "closed-value-1", "b": "closed-value-2"})
	c := NewCache(p, nil)
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)

	release := p.hold()
	defer release()
	waiter := make(chan error, 1)
	go func() {
		_, err := fetchString(t, c, "x://b")
		waiter <- err
	}()
	eventually(t, func() bool { return p.calls.Load() == 2 }, "fetch did not start")
	require.NoError(t, c.Close())
	assert.True(t, errors.Is(<-waiter, context.Canceled), "Close did not stop the fetch")

	got, err := fetchString(t, c, "x://app")
	require.NoError(t, err, "cached value after Close")
	assert.True(t, got == "closed-value-1", "got the wrong document")
	_, err = fetchString(t, c, "x://other")
	assert.True(t, errors.Is(err, ErrCacheClosed), "got %v, want ErrCacheClosed", err)
	require.NoError(t, c.Close(), "second Close")
}

func TestCacheOptionsNeverPanic(t *testing.T) {
	tests := []struct {
		name string
		c    func() *Cache
	}{
		{"zero cache", func() *Cache { return &Cache{} }},
		{"nil provider", func() *Cache { return NewCache(nil, nil) }},
		{"nil options", func() *Cache { return NewCache(newCountingProvider(nil), nil) }},
		{"zero options", func() *Cache {
			return NewCache(newCountingProvider(nil), &CacheOptions{})
		}},
		{"all negative", func() *Cache {
			return NewCache(newCountingProvider(nil), &CacheOptions{TTL: -1,
				RefreshWindow: -1, MaxStale: -1, MaxEntries: -1, NegativeTTL: -1,
				FetchTimeout: -1})
		}},
		{"huge", func() *Cache {
			return NewCache(newCountingProvider(nil), &CacheOptions{TTL: forever,
				RefreshWindow: forever, MaxStale: forever, NegativeTTL: forever,
				FetchTimeout: forever, MaxEntries: 1})
		}},
		{"bad jitter", func() *Cache {
			return NewCache(newCountingProvider(nil), &CacheOptions{
				Jitter: func() float64 { return -7 }})
		}},
		{"only a clock", func() *Cache {
			return NewCache(newCountingProvider(nil), &CacheOptions{Now: newFakeClock().Now})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c()
			ctx := context.Background()
			ref := mustRef(t, "x://app#k")
			assert.NotPanics(t, func() {
				_, err := c.Fetch(ctx, ref)
				assert.Error(t, err)
				_, err = c.Fetch(ctx, ref)
				assert.Error(t, err)
				c.Invalidate(ref)
				c.Reject(ref)
				_ = c.Refresh(ctx, ref)
				_ = c.Stats()
				assert.NoError(t, c.Close())
			})
		})
	}
	_, err := (&Cache{}).Fetch(context.Background(), mustRef(t, "x://app"))
	assert.True(t, errors.Is(err, ErrNoProvider), "got %v, want ErrNoProvider", err)
}

func TestCacheProviderPanic(t *testing.T) {
	const secret = "panicking-secret-value"
	p := ProviderFunc(func(context.Context, Ref) ([]byte, error) {
		panic("leaked " + secret)
	})
	c := NewCache(p, nil)
	_, err := c.Fetch(context.Background(), mustRef(t, "x://app"))
	require.Error(t, err)
	assert.Equal(t, `secrets: cache "x://app": provider panicked`, err.Error())
	assert.False(t, strings.Contains(err.Error(), secret), "error holds the secret")
}

// TestCacheErrorsNameRefNotValue runs every failing path with a
// document holding a secret and checks no error or log line shows it.
func TestCacheErrorsNameRefNotValue(t *testing.T) {
	const secret = "super-secret-doc-value"
	var logs strings.Builder
	var mu sync.Mutex
	logger := slogText(&lockedWriter{w: &logs, mu: &mu})
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"app": secret})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, MaxEntries: 1,
		Logger: logger, Now: clk.Now})
	var errs []error
	_, _ = fetchString(t, c, "x://app")
	for _, fail := range []error{errBackendDown, ErrAccessDenied, ErrNotFound,
		errors.New("odd")} {
		p.fail(fail)
		clk.set(clk.Now().Sub(clk.base) + time.Hour)
		_, err := fetchString(t, c, "x://app")
		errs = append(errs, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Fetch(ctx, mustRef(t, "x://other"))
	errs = append(errs, err)
	_, _ = fetchString(t, c, "x://evicts-app")
	require.NoError(t, c.Close())
	for _, err := range errs {
		require.Error(t, err)
		assert.False(t, strings.Contains(err.Error(), secret), "error holds the secret")
		named := strings.Contains(err.Error(), `"app"`) ||
			strings.Contains(err.Error(), `"x://other"`)
		assert.True(t, named, "error does not name the ref: %v", err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		out := sprintfVerb(verb, c)
		assert.False(t, strings.Contains(out, secret), "%s output holds the secret", verb)
	}
	mu.Lock()
	out := logs.String()
	mu.Unlock()
	assert.False(t, strings.Contains(out, secret), "log holds the secret")
	assert.True(t, strings.Contains(out, "ref=x://app"), "log does not name the ref")
	assert.True(t, strings.Contains(out, "evicted"), "eviction not logged")
}
