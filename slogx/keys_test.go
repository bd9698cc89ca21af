package slogx

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/codebuddy/hush/redact"
)

func TestKeyCache(t *testing.T) {
	var calls atomic.Int64
	c := newKeyCache(redact.New(nil), func(k string) bool {
		calls.Add(1)
		return redact.SecretName(k)
	})
	keys := []string{"password", "user", "api_key", "token_count", "X-Api-Key",
		"", "a.b", string(make([]byte, maxCachedKey+1))}
	for i := range 3 * keyCacheSize {
		keys = append(keys, fmt.Sprintf("field_%d", i))
	}
	// Many more keys than slots: answers stay right while slots are
	// replaced, from several goroutines at once.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 2 {
				for _, k := range keys {
					if got, want := c.secret(k), redact.SecretName(k); got != want {
						t.Errorf("key %q: got %v, want %v", k, got, want)
					}
				}
			}
		})
	}
	wg.Wait()

	calls.Store(0)
	for range 100 {
		c.secret("password")
	}
	assert.LessOrEqual(t, calls.Load(), int64(1),
		"got %d calls for one repeated key, want at most 1", calls.Load())
}
