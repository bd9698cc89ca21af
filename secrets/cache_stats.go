package secrets

import (
	"math/bits"
	"sync/atomic"
	"unsafe"
)

// CacheStats counts what a [Cache] has done since it was made.
type CacheStats struct {
	Hits         uint64 // reads answered from the cache, fresh
	NegativeHits uint64 // reads answered by a remembered not-found or denial
	StaleServes  uint64 // reads answered past the TTL, the backend failing
	Misses       uint64 // reads that waited for the backend
	Fetches      uint64 // backend calls made
	Refreshes    uint64 // backend calls made in the background
	Errors       uint64 // backend calls that failed
	Evictions    uint64 // documents dropped to respect MaxEntries
	Rejects      uint64 // calls of [Cache.Reject]
	Entries      int    // documents held now, values or remembered errors
}

type cacheCounters struct {
	hits                       hitCounter
	negHits, staleServes       atomic.Uint64
	misses, fetches, refreshes atomic.Uint64
	errors, evictions, rejects atomic.Uint64
}

// Stats returns the cache's counters. Each is read atomically, but not
// all at one instant.
func (c *Cache) Stats() CacheStats {
	c.init()
	s := &c.stats
	return CacheStats{
		Hits:         s.hits.load(),
		NegativeHits: s.negHits.Load(),
		StaleServes:  s.staleServes.Load(),
		Misses:       s.misses.Load(),
		Fetches:      s.fetches.Load(),
		Refreshes:    s.refreshes.Load(),
		Errors:       s.errors.Load(),
		Evictions:    s.evictions.Load(),
		Rejects:      s.rejects.Load(),
		Entries:      c.tab.len(),
	}
}

// Bounds on the number of stripes of a hitCounter.
const (
	minStripes = 32
	maxStripes = 512
)

// hitCounter counts fresh reads. Every cached read adds to it, and one
// shared counter would be a cache line written by every core at once,
// so that parallel reads would queue for it. A hitCounter spreads the
// count over stripes, each on cache lines of its own, and a read adds
// to the stripe its goroutine's stack address picks. A goroutine keeps
// picking the same stripe while its stack stays where it is, so readers
// running on different cores mostly write different lines.
//
// A hitCounter must be sized by init before use.
type hitCounter struct {
	shift   uint     // 64 minus log2(len(stripes))
	stripes []stripe // a power of two of them
}

// stripe is one counter of a hitCounter, padded to 128 bytes: two
// 64-byte cache lines, since many x86 cores fetch lines in pairs.
type stripe struct {
	n atomic.Uint64
	_ [120]byte
}

// init sizes h for procs processors: at least eight stripes each, so
// that two busy goroutines rarely share one, within
// [minStripes, maxStripes]. It must be called before h is shared.
func (h *hitCounter) init(procs int) {
	n := min(max(8*procs, minStripes), maxStripes)
	n = 1 << bits.Len(uint(n-1)) // round up to a power of two
	h.stripes = make([]stripe, n)
	h.shift = 64 - uint(bits.TrailingZeros(uint(n)))
}

// add counts one hit.
func (h *hitCounter) add() {
	var probe byte
	// The address of a local variable tells goroutines apart cheaply;
	// it is hashed, never turned back into a pointer.
	p := uint64(uintptr(unsafe.Pointer(&probe)))
	h.stripes[(p*0x9e3779b97f4a7c15)>>h.shift].n.Add(1)
}

// load returns the sum of the stripes.
func (h *hitCounter) load() uint64 {
	var sum uint64
	for i := range h.stripes {
		sum += h.stripes[i].n.Load()
	}
	return sum
}
