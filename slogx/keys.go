package slogx

import (
	"strings"
	"sync/atomic"

	"github.com/codebuddy/hush/redact"
)

// keyCacheSize is the number of slots in a [keyCache]; a power of two.
const keyCacheSize = 512

// maxCachedKey is the longest key a [keyCache] remembers.
const maxCachedKey = 64

// keyCache remembers, for recently seen attribute keys, whether a key is
// secret and whether the Redactor found nothing in it, since most
// programs log the same few keys over and over and asking costs more
// than a lookup. It is a direct-mapped table: a key whose slot is taken
// by another key replaces it. Safe for concurrent use without locks.
type keyCache struct {
	r         *redact.Redactor
	secretKey func(string) bool
	slots     [keyCacheSize]atomic.Pointer[keyEntry]
}

// keyEntry is one remembered answer; it never changes once stored.
type keyEntry struct {
	key    string
	secret bool
	// cleanAt is one more than the Redactor generation at which key was
	// found to hold nothing to mask, or zero if it holds something. A
	// Redactor masks the same text the same way until its generation
	// changes.
	cleanAt uint64
}

func newKeyCache(r *redact.Redactor, secretKey func(string) bool) *keyCache {
	return &keyCache{r: r, secretKey: secretKey}
}

// secret reports whether key names a secret.
func (c *keyCache) secret(key string) bool {
	secret, _ := c.lookup(key, c.r.Generation())
	return secret
}

// lookup reports whether key names a secret and whether it holds
// nothing the Redactor masks. gen must have been read from the Redactor
// before the call.
func (c *keyCache) lookup(key string, gen uint64) (secret, clean bool) {
	if len(key) > maxCachedKey {
		return c.secretKey(key), !c.r.Contains(key)
	}
	slot := &c.slots[slotOf(key)]
	e := slot.Load()
	if e != nil && e.key == key && (e.cleanAt == gen+1 || e.cleanAt == 0 && e.secret) {
		return e.secret, e.cleanAt != 0
	}
	n := &keyEntry{key: strings.Clone(key), secret: c.secretKey(key)}
	if !c.r.Contains(key) {
		n.cleanAt = gen + 1
	}
	slot.Store(n)
	return n.secret, n.cleanAt != 0
}

// slotOf returns the slot for key: FNV-1a, cheaper than a seeded hash
// for short keys. A collision costs a call of the secret-name function,
// never a wrong answer, since entries are compared by key.
func slotOf(key string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint32(key[i])) * 16777619
	}
	return (h ^ h>>16) & (keyCacheSize - 1)
}
