package slogx

import (
	"math/bits"
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

// keyEntry is one remembered answer; it never changes once stored. The
// key is held in the entry itself, so that a lookup reads one object.
type keyEntry struct {
	key    [maxCachedKey]byte
	n      uint8 // length of the key
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
	if e != nil && string(e.key[:e.n]) == key &&
		(e.cleanAt == gen+1 || e.cleanAt == 0 && e.secret) {
		return e.secret, e.cleanAt != 0
	}
	n := &keyEntry{n: uint8(len(key)), secret: c.secretKey(key)}
	copy(n.key[:], key)
	if !c.r.Contains(key) {
		n.cleanAt = gen + 1
	}
	slot.Store(n)
	return n.secret, n.cleanAt != 0
}

// slotOf returns the slot for key, from its length and at most 16 of
// its bytes: the first and the last 8, or fewer in a shorter key. That
// is cheaper than hashing every byte, and keys that share those bytes
// and their length are rare. A collision costs a call of the
// secret-name function, never a wrong answer, since entries are
// compared by key.
func slotOf(key string) uint32 {
	n := len(key)
	var x uint64
	switch {
	case n >= 8:
		x = le64(key) ^ bits.RotateLeft64(le64(key[n-8:]), 31)
	case n >= 4:
		x = uint64(le32(key)) | uint64(le32(key[n-4:]))<<32
	case n > 0:
		x = uint64(key[0]) | uint64(key[n/2])<<8 | uint64(key[n-1])<<16
	}
	x = (x ^ uint64(n)) * 0x9e3779b97f4a7c15
	return uint32(x>>32) & (keyCacheSize - 1)
}

// le64 returns the first 8 bytes of s as a little-endian number.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 |
		uint64(s[3])<<24 | uint64(s[4])<<32 | uint64(s[5])<<40 |
		uint64(s[6])<<48 | uint64(s[7])<<56
}

// le32 returns the first 4 bytes of s as a little-endian number.
func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 |
		uint32(s[3])<<24
}
