package secrets

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestCacheNoGoroutineLeak drives misses, background refreshes,
// abandoned waits and a fetch cut off by Close, and checks that no
// goroutine the cache started outlives them.
func TestCacheNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()

	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"a": "leak-value-1", "b": "leak-value-2"})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, Now: clk.Now,
		Jitter: fixedJitter(0.5)})
	ctx := context.Background()

	// Misses and hits.
	for range 10 {
		_, err := c.Fetch(ctx, mustRef(t, "x://a"))
		require.NoError(t, err)
	}
	// A background refresh that completes.
	clk.set(55 * time.Second)
	_, err := c.Fetch(ctx, mustRef(t, "x://a"))
	require.NoError(t, err)
	eventually(t, func() bool { return p.calls.Load() == 2 }, "refresh did not run")

	// Readers that give up on a fetch that never ends by itself.
	release := p.hold()
	defer release()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ctx, cancel := context.WithCancel(ctx)
			go cancel()
			_, _ = c.Fetch(ctx, mustRef(t, "x://b"))
		})
	}
	wg.Wait()

	require.NoError(t, c.Close())
	settled(t, before, "goroutines left running after Close")
}

// TestCacheFetchGoroutinesEnd checks that without Close, the goroutine
// of each fetch ends when the fetch does.
func TestCacheFetchGoroutinesEnd(t *testing.T) {
	before := runtime.NumGoroutine()
	p := newCountingProvider(map[string]string{"a": "leak-value-1"})
	c := NewCache(p, nil)
	release := p.hold()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = c.Fetch(context.Background(), mustRef(t, "x://a"))
	}()
	eventually(t, func() bool { return p.calls.Load() == 1 }, "fetch did not start")
	require.Greater(t, runtime.NumGoroutine(), before, "no fetch goroutine seen")
	release()
	<-done
	settled(t, before, "fetch goroutine left running")
}

// settled waits for the goroutine count to fall to want, failing the
// test if it does not within a generous bound. It polls on this
// goroutine, since a polling helper's own goroutines would be counted.
func settled(t *testing.T, want int, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > want {
		if time.Now().After(deadline) {
			t.Fatalf("%s: got %d goroutines, want %d", what,
				runtime.NumGoroutine(), want)
		}
		time.Sleep(time.Millisecond)
	}
}
