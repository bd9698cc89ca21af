package secrets

import (
	"sync"
	"sync/atomic"
	"time"
)

// entry is the cache's slot for one secret document: a reference
// without its Key.
type entry struct {
	ref Ref

	// val is the current value, read without a lock and replaced,
	// never changed in place, under mu. Nil means nothing is held.
	val atomic.Pointer[value]

	// busy is true while call is not nil, so that readers can skip
	// taking mu to find out.
	busy atomic.Bool

	// used is the CLOCK bit: set by reads, cleared by the eviction hand.
	used atomic.Bool

	mu   sync.Mutex // guards the fields below; never held across a fetch
	call *flight    // the fetch in progress, or nil
	gen  uint64     // bumped by Invalidate, so older fetches are ignored
}

// touch marks e as recently read. It writes only when the bit is
// clear, so that readers of a hot entry do not fight over its cache
// line.
func (e *entry) touch() {
	if !e.used.Load() {
		e.used.Store(true)
	}
}

// value is one answer from the backend. It is never changed once
// published; all times are offsets from the cache's epoch.
type value struct {
	doc []byte // the document; meaningful when err is nil
	err error  // a remembered not-found or denied answer, or nil

	refreshAt  time.Duration // reads from here on start a refresh
	expires    time.Duration // served fresh until here
	staleUntil time.Duration // served stale, on transient errors, until here
	retryAt    time.Duration // no background fetch before this

	fails int  // failed refreshes in a row
	down  bool // the last refresh failed transiently
}

// fresh reports whether v holds a document that can be served as it is
// at time now.
func (v *value) fresh(now time.Duration) bool {
	return v != nil && v.err == nil && now < v.expires
}

// stale reports whether v holds a document that may be served at time
// now because the backend is failing transiently.
func (v *value) stale(now time.Duration) bool {
	return v != nil && v.err == nil && now < v.staleUntil
}

// negative reports whether v is a remembered not-found or denied
// answer still valid at time now.
func (v *value) negative(now time.Duration) bool {
	return v != nil && v.err != nil && now < v.expires
}

// flight is one backend call and its outcome, shared by every reader
// that waits for it.
type flight struct {
	done chan struct{} // closed when the fields below are set
	gen  uint64        // the entry's gen when the call started

	doc   []byte
	err   error
	stale bool // doc is a stale value served because of err
}
