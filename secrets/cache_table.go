package secrets

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// shardCount is the number of maps a table spreads its entries over,
// so that inserting one entry copies only a small map.
const shardCount = 64

// table maps references to entries. Reads take no lock: each shard's
// map is replaced, never changed, when an entry comes or goes. Its size
// is bounded, and the CLOCK hand picks what to evict.
type table struct {
	seed   maphash.Seed
	shards [shardCount]shard

	mu    sync.Mutex // guards ring and hand; taken before any shard's mu
	ring  []*entry   // every entry in the table, in CLOCK order
	hand  int        // the next slot the CLOCK hand looks at
	limit int        // the most entries the ring may hold
}

type shard struct {
	m  atomic.Pointer[map[Ref]*entry] // never changed once stored
	mu sync.Mutex                     // serialises writers of m
}

func newTable(limit int) *table {
	return &table{seed: maphash.MakeSeed(), limit: limit}
}

func (t *table) shard(ref Ref) *shard {
	h := maphash.String(t.seed, ref.ID)
	return &t.shards[h%shardCount]
}

// get returns the entry for ref, or nil.
func (t *table) get(ref Ref) *entry {
	m := t.shard(ref).m.Load()
	if m == nil {
		return nil
	}
	return (*m)[ref]
}

// getOrAdd returns the entry for ref, adding one if there is none, and
// the entry the addition evicted, or nil.
func (t *table) getOrAdd(ref Ref) (*entry, *entry) {
	sh := t.shard(ref)
	sh.mu.Lock()
	old := sh.m.Load()
	if old != nil {
		if e := (*old)[ref]; e != nil {
			sh.mu.Unlock()
			return e, nil
		}
	}
	e := &entry{ref: ref}
	e.used.Store(true)
	m := make(map[Ref]*entry, mapLen(old)+1)
	if old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	m[ref] = e
	sh.m.Store(&m)
	sh.mu.Unlock()
	return e, t.admit(e)
}

func mapLen(m *map[Ref]*entry) int {
	if m == nil {
		return 0
	}
	return len(*m)
}

// admit puts e on the ring, evicting an entry when the ring is full,
// and returns the evicted entry or nil. The CLOCK hand passes over
// entries read since it last came by, clearing their bit, and evicts
// the first one that was not.
func (t *table) admit(e *entry) *entry {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.ring) < t.limit {
		t.ring = append(t.ring, e)
		return nil
	}
	for {
		victim := t.ring[t.hand]
		if victim.used.Swap(false) {
			t.hand = (t.hand + 1) % len(t.ring)
			continue
		}
		t.remove(victim)
		t.ring[t.hand] = e
		t.hand = (t.hand + 1) % len(t.ring)
		return victim
	}
}

// remove takes e out of its shard's map. t.mu is held.
func (t *table) remove(e *entry) {
	sh := t.shard(e.ref)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	old := sh.m.Load()
	if old == nil || (*old)[e.ref] != e {
		return
	}
	m := make(map[Ref]*entry, len(*old))
	for k, v := range *old {
		if v != e {
			m[k] = v
		}
	}
	sh.m.Store(&m)
}

// len returns the number of entries held.
func (t *table) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.ring)
}
