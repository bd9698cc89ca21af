package redact

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
)

// match is one occurrence of pattern id at text[start:end].
type match struct {
	start, end, id int
}

// matcher finds every occurrence of a fixed set of byte patterns,
// overlapping ones included. With fold set, ASCII letters match in
// either case; patterns must then be given in lower case. Empty
// patterns never match.
//
// Every pattern is at least minLen bytes long, so every occurrence
// covers minLen-width+1 or more windows of width bytes. The search
// therefore reads the text only at every step-th position, with step at
// most that count: one of the sampled windows lies at an offset below
// step in each occurrence. The first step windows of each pattern are
// hashed into a filter small enough to stay in the first-level cache;
// a sampled window that passes the filter is looked up in a table of
// (pattern, offset) candidates, and each candidate is verified in full.
type matcher struct {
	pats   [][]byte
	fold   bool
	n      int // patterns that are not empty
	minLen int // shortest non-empty pattern
	maxLen int

	width int              // bytes in a window: 1, 2 or 4
	step  int              // distance between sampled windows
	fmask uint32           // OR-ed into windows when folding
	small *[1 << 10]uint64 // windows of 1 or 2 bytes: bit k for window k
	hmask uint32           // OR-ed into the 4-byte prefixes of holdFrom
	index hashIndex

	// hold and short answer holdFrom for tails too short to hold a
	// sampled window: hold has the patterns longer than 4 bytes, by
	// their first 4 bytes; short[t-1] the sorted distinct t-byte
	// prefixes of patterns longer than t.
	hold  hashIndex
	short [3][]uint32

	// starts, when the shortest pattern has 3 bytes, is a bitset of
	// the hashed first 3 bytes of the patterns. Pairs sampled at every
	// second position pass small often in ordinary text; starts lets
	// through only those where a pattern could begin.
	starts     []uint64
	startShift uint8 // bit number of hash h is h>>startShift
}

// maxStep bounds the sampling distance, and so the number of windows of
// each pattern that the index holds.
const maxStep = 32

// newMatcher returns a matcher for patterns. The id of a match is the
// index of its pattern in patterns, which the matcher keeps.
func newMatcher(patterns [][]byte, fold bool) *matcher {
	m := &matcher{pats: patterns, fold: fold}
	for _, p := range patterns {
		if len(p) == 0 {
			continue
		}
		if m.n == 0 || len(p) < m.minLen {
			m.minLen = len(p)
		}
		m.maxLen = max(m.maxLen, len(p))
		m.n++
	}
	if m.n == 0 {
		return m
	}
	m.width = 1
	switch {
	case m.minLen >= 4:
		m.width = 4
	case m.minLen >= 2:
		m.width = 2
	}
	m.step = min(m.minLen-m.width+1, maxStep)
	if fold {
		m.hmask = 0x20202020
		m.fmask = m.hmask >> (8 * (4 - m.width))
	}
	ws := m.windows()
	m.index = newHashIndex(ws)
	if m.width < 4 {
		m.small = new([1 << 10]uint64)
		for _, c := range ws {
			m.small[c.key>>6] |= 1 << (c.key & 63)
		}
	}
	if m.minLen == 3 {
		m.buildStarts()
	}
	m.buildHold()
	return m
}

// buildStarts fills starts, with 16 to 32 bits for each pattern so that
// few positions pass it by chance.
func (m *matcher) buildStarts() {
	nb := min(max(bits.Len(uint(m.n))+4, 6), 20)
	m.starts = make([]uint64, 1<<(nb-6))
	m.startShift = uint8(32 - nb)
	for _, p := range m.pats {
		if len(p) > 0 {
			b := m.startHash(load3(p))
			m.starts[b>>6] |= 1 << (b & 63)
		}
	}
}

// startHash returns the bit in starts for the first 3 bytes k of a
// pattern or of the text.
func (m *matcher) startHash(k uint32) uint32 {
	return (k | m.hmask>>8) * hashMul >> m.startShift
}

// mayStart reports whether a pattern could start at text[s:], judging
// by its first 3 bytes. s must not be negative.
func (m *matcher) mayStart(text []byte, s int) bool {
	if s > len(text)-3 {
		return false
	}
	b := m.startHash(load3(text[s:]))
	return m.starts[b>>6]&(1<<(b&63)) != 0
}

// windows returns the candidates for the index: the windows at offsets
// below step of each pattern. They are ordered by offset, descending,
// then by pattern length and id, so that the matches found at one
// sampled position come out sorted by start and then by end.
func (m *matcher) windows() []cand {
	ids := make([]int32, 0, m.n)
	for id, p := range m.pats {
		if len(p) > 0 {
			ids = append(ids, int32(id))
		}
	}
	slices.SortStableFunc(ids, func(a, b int32) int {
		return len(m.pats[a]) - len(m.pats[b])
	})
	cs := make([]cand, 0, len(ids)*m.step)
	for off := m.step - 1; off >= 0; off-- {
		for _, id := range ids {
			k := load(m.pats[id][off:], m.width) | m.fmask
			cs = append(cs, cand{key: k, id: id, off: int32(off)})
		}
	}
	return cs
}

// buildHold fills the tables holdFrom reads.
func (m *matcher) buildHold() {
	var cs []cand
	for id, p := range m.pats {
		if len(p) > 4 {
			k := load(p, 4) | m.hmask
			cs = append(cs, cand{key: k, id: int32(id)})
		}
		for t := 1; t <= 3 && t < len(p); t++ {
			m.short[t-1] = append(m.short[t-1], load(p, t))
		}
	}
	m.hold = newHashIndex(cs)
	for t := range m.short {
		slices.Sort(m.short[t])
		m.short[t] = slices.Compact(m.short[t])
	}
}

// empty reports whether m has no patterns.
func (m *matcher) empty() bool { return m == nil || m.n == 0 }

// appendMatches appends every occurrence in text to dst, sorted by start
// and then by end; matches with the same start and end are in order of
// id.
func (m *matcher) appendMatches(dst []match, text []byte) []match {
	if m.empty() || len(text) < m.minLen {
		return dst
	}
	switch {
	case m.width == 4:
		return m.scan4(dst, text)
	case m.starts != nil:
		return m.scan3(dst, text)
	case m.width == 2:
		return m.scan2(dst, text)
	}
	return m.scan1(dst, text)
}

// scan4 samples 4-byte windows. Matches found at one sampled position
// start after those found at the previous one, so the output needs no
// sorting.
func (m *matcher) scan4(dst []match, text []byte) []match {
	bits, shift := m.index.bits, m.index.shift
	step, fm := m.step, m.fmask
	for q := 0; q <= len(text)-4; q += step {
		k := binary.LittleEndian.Uint32(text[q:]) | fm
		h := k * hashMul
		if b := h >> shift; bits[b>>6]&(1<<(b&63)) != 0 {
			dst = m.verify(dst, text, q, k, h)
		}
	}
	return dst
}

// scan3 is scan2 for patterns of 3 bytes or more, where step is 2:
// a sampled pair that passes small is verified only if a pattern could
// start at it or one byte before it, the only starts of an occurrence
// that holds the pair at an offset below step.
func (m *matcher) scan3(dst []match, text []byte) []match {
	small, fm := m.small, uint16(m.fmask)
	for q := 0; q <= len(text)-2; q += 2 {
		k := binary.LittleEndian.Uint16(text[q:]) | fm
		if small[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		if q > 0 && m.mayStart(text, q-1) || m.mayStart(text, q) {
			dst = m.verify(dst, text, q, uint32(k), uint32(k)*hashMul)
		}
	}
	return dst
}

// scan2 is scan4 for 2-byte windows.
func (m *matcher) scan2(dst []match, text []byte) []match {
	small := m.small
	step, fm := m.step, uint16(m.fmask)
	for q := 0; q <= len(text)-2; q += step {
		k := binary.LittleEndian.Uint16(text[q:]) | fm
		if small[k>>6]&(1<<(k&63)) != 0 {
			dst = m.verify(dst, text, q, uint32(k), uint32(k)*hashMul)
		}
	}
	return dst
}

// scan1 is scan4 for single bytes.
func (m *matcher) scan1(dst []match, text []byte) []match {
	small := m.small
	fm := byte(m.fmask)
	for q, c := range text {
		k := c | fm
		if small[k>>6]&(1<<(k&63)) != 0 {
			dst = m.verify(dst, text, q, uint32(k), uint32(k)*hashMul)
		}
	}
	return dst
}

// verify appends the occurrences that hold window k, of hash h, at
// text position q.
func (m *matcher) verify(dst []match, text []byte, q int, k, h uint32) []match {
	for _, c := range m.index.bucket(h) {
		if c.key != k {
			continue
		}
		p := m.pats[c.id]
		start := q - int(c.off)
		end := start + len(p)
		if start < 0 || end > len(text) || !m.equal(text[start:end], p) {
			continue
		}
		dst = append(dst, match{start, end, int(c.id)})
	}
	return dst
}

// holdFrom returns the smallest j such that text[j:] is a non-empty
// proper prefix of some pattern, or len(text) if there is none. Its cost
// grows with the length of the longest pattern divided by the step.
func (m *matcher) holdFrom(text []byte) int {
	if m.empty() {
		return len(text)
	}
	n := len(text)
	lo := max(0, n-m.maxLen+1)
	short := max(lo, n-(m.step+m.width-2))
	if j := m.sampledHold(text, lo, short); j < short {
		return j
	}
	for j := short; j < n; j++ {
		tail := text[j:]
		if len(tail) >= 4 && m.longPrefix(tail) ||
			len(tail) < 4 && m.shortPrefix(tail) {
			return j
		}
	}
	return n
}

// sampledHold returns the smallest j in [lo, short) such that text[j:]
// is a proper prefix of some pattern, or len(text) if there is none.
// Such a tail is at least step+width-1 bytes long, so, like a match, it
// holds a window at an offset below step at one of the positions the
// index is probed at.
func (m *matcher) sampledHold(text []byte, lo, short int) int {
	n, s := len(text), m.step
	best := n
	for q := (lo + s - 1) / s * s; q+m.width <= n && q-s+1 < min(best, short); q += s {
		k := load(text[q:], m.width) | m.fmask
		h := k * hashMul
		if !m.index.has(h) {
			continue
		}
		for _, c := range m.index.bucket(h) {
			j := q - int(c.off)
			p := m.pats[c.id]
			if c.key != k || j < lo || j >= min(best, short) || len(p) <= n-j {
				continue
			}
			if m.equal(text[j:], p[:n-j]) {
				best = j
			}
		}
	}
	return best
}

// longPrefix reports whether tail, at least 4 bytes long, is a proper
// prefix of a pattern.
func (m *matcher) longPrefix(tail []byte) bool {
	k := binary.LittleEndian.Uint32(tail) | m.hmask
	h := k * hashMul
	if !m.hold.has(h) {
		return false
	}
	for _, c := range m.hold.bucket(h) {
		p := m.pats[c.id]
		if c.key == k && len(p) > len(tail) && m.equal(tail, p[:len(tail)]) {
			return true
		}
	}
	return false
}

// shortPrefix reports whether tail, 1 to 3 bytes long, is a proper
// prefix of a pattern.
func (m *matcher) shortPrefix(tail []byte) bool {
	var k uint32
	for i, c := range tail {
		if m.fold {
			c = lower(c)
		}
		k |= uint32(c) << (8 * i)
	}
	_, ok := slices.BinarySearch(m.short[len(tail)-1], k)
	return ok
}

// equal reports whether text equals the pattern p, folding case if m
// does.
func (m *matcher) equal(text, p []byte) bool {
	if !m.fold {
		return bytes.Equal(text, p)
	}
	for i, c := range text {
		if lower(c) != p[i] {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// load returns the first w bytes of b, w at most 4, as a little-endian
// number.
func load(b []byte, w int) uint32 {
	var k uint32
	for i := range w {
		k |= uint32(b[i]) << (8 * i)
	}
	return k
}

// load3 returns the first 3 bytes of b as a little-endian number.
func load3(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16
}

// hashMul is the multiplier of the multiply-shift hash of windows: odd,
// with its bits spread evenly (2^32 divided by the golden ratio).
const hashMul = 0x9e3779b1

// cand is a window of pattern id at offset off; key is the window's
// bytes, folded as the text's are.
type cand struct {
	key     uint32
	id, off int32
}

// hashIndex finds candidates by the hash of their key. A bitset on the
// high bits of the hash rejects most misses in one load; the rest are
// resolved in buckets on fewer high bits.
type hashIndex struct {
	bits   []uint64
	shift  uint8 // bit number of hash h is h>>shift
	bshift uint8 // bucket of hash h is h>>bshift
	heads  []int32
	cands  []cand // bucket b is cands[heads[b]:heads[b+1]]
}

// newHashIndex indexes cs. Candidates keep their relative order within
// a bucket.
func newHashIndex(cs []cand) hashIndex {
	nb := bits.Len(uint(len(cs)))
	bitBits := min(max(nb+3, 6), 17)
	bucketBits := min(max(nb, 1), bitBits)
	x := hashIndex{
		bits:   make([]uint64, 1<<(bitBits-6)),
		shift:  uint8(32 - bitBits),
		bshift: uint8(32 - bucketBits),
		heads:  make([]int32, 1<<bucketBits+1),
		cands:  make([]cand, len(cs)),
	}
	for _, c := range cs {
		h := c.key * hashMul
		b := h >> x.shift
		x.bits[b>>6] |= 1 << (b & 63)
		x.heads[h>>x.bshift+1]++
	}
	for i := 1; i < len(x.heads); i++ {
		x.heads[i] += x.heads[i-1]
	}
	next := slices.Clone(x.heads[:len(x.heads)-1])
	for _, c := range cs {
		b := (c.key * hashMul) >> x.bshift
		x.cands[next[b]] = c
		next[b]++
	}
	return x
}

// has reports whether some candidate may have hash h.
func (x *hashIndex) has(h uint32) bool {
	b := h >> x.shift
	return x.bits[b>>6]&(1<<(b&63)) != 0
}

// bucket returns the candidates whose hash shares h's bucket.
func (x *hashIndex) bucket(h uint32) []cand {
	b := h >> x.bshift
	return x.cands[x.heads[b]:x.heads[b+1]]
}
