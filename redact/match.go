package redact

import "bytes"

// match is one occurrence of pattern id at text[start:end].
type match struct {
	start, end, id int
}

// matcher finds every occurrence of a fixed set of byte patterns,
// overlapping ones included. With fold set, ASCII letters match in
// either case; patterns must then be given in lower case.
type matcher struct {
	pats   [][]byte
	fold   bool
	maxLen int
}

func newMatcher(patterns [][]byte, fold bool) *matcher {
	m := &matcher{pats: patterns, fold: fold}
	for _, p := range patterns {
		m.maxLen = max(m.maxLen, len(p))
	}
	return m
}

// empty reports whether m has no patterns.
func (m *matcher) empty() bool { return m == nil || len(m.pats) == 0 }

// appendMatches appends every occurrence in text to dst, sorted by start
// and then by end.
func (m *matcher) appendMatches(dst []match, text []byte) []match {
	if m.empty() {
		return dst
	}
	for i := range text {
		for id, p := range m.pats {
			if len(p) <= len(text)-i && m.equal(text[i:i+len(p)], p) {
				dst = append(dst, match{i, i + len(p), id})
			}
		}
	}
	sortMatches(dst)
	return dst
}

// holdFrom returns the smallest j such that text[j:] is a proper prefix
// of some pattern, or len(text) if there is none.
func (m *matcher) holdFrom(text []byte) int {
	if m.empty() {
		return len(text)
	}
	for j := max(0, len(text)-m.maxLen+1); j < len(text); j++ {
		tail := text[j:]
		for _, p := range m.pats {
			if len(p) > len(tail) && m.equal(tail, p[:len(tail)]) {
				return j
			}
		}
	}
	return len(text)
}

func (m *matcher) equal(a, b []byte) bool {
	if !m.fold {
		return bytes.Equal(a, b)
	}
	for i := range a {
		if lower(a[i]) != b[i] {
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

func sortMatches(ms []match) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && less(ms[j], ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func less(a, b match) bool {
	if a.start != b.start {
		return a.start < b.start
	}
	return a.end < b.end
}
