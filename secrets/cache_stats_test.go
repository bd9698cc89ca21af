package secrets

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHitCounterSize(t *testing.T) {
	tests := []struct {
		procs, want int
	}{
		{0, minStripes},
		{1, minStripes},
		{4, minStripes},
		{5, 64},
		{8, 64},
		{9, 128},
		{64, maxStripes},
		{1 << 20, maxStripes},
	}
	for _, tt := range tests {
		var h hitCounter
		h.init(tt.procs)
		assert.Equal(t, tt.want, len(h.stripes), "got stripes for %d procs", tt.procs)
		assert.Equal(t, uint64(1)<<(64-h.shift), uint64(len(h.stripes)),
			"shift for %d procs", tt.procs)
	}
}

// TestHitCounterSums checks that hits counted by many goroutines, on
// whatever stripes they pick, all show in the sum, and that goroutines
// alive at once do not all pick one stripe.
func TestHitCounterSums(t *testing.T) {
	const goroutines, each = 64, 1000
	var h hitCounter
	h.init(4)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			<-start
			for range each {
				h.add()
			}
		})
	}
	close(start)
	wg.Wait()
	assert.Equal(t, uint64(goroutines*each), h.load(), "hits")
	used := 0
	for i := range h.stripes {
		if h.stripes[i].n.Load() != 0 {
			used++
		}
	}
	assert.Greater(t, used, 1, "got every hit on one stripe")
}

// TestCacheStatsParallelHits checks the Hits that Stats reports after
// reads from many goroutines.
func TestCacheStatsParallelHits(t *testing.T) {
	const goroutines, each = 16, 500
	p := newCountingProvider(map[string]string{"app": "parallel-value-1"})
	c := NewCache(p, nil)
	ref := mustRef(t, "x://app")
	_, err := c.Fetch(context.Background(), ref)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				_, err := c.Fetch(context.Background(), ref)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	st := c.Stats()
	assert.Equal(t, uint64(goroutines*each), st.Hits, "hits")
	assert.Equal(t, uint64(1), st.Misses, "misses")
}
