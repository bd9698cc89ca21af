package redact

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// naiveMatches is the oracle for appendMatches: every pattern tried at
// every position.
func naiveMatches(pats [][]byte, fold bool, text []byte) []match {
	var out []match
	for i := range text {
		for id, p := range pats {
			if len(p) > 0 && len(p) <= len(text)-i &&
				naiveEqual(text[i:i+len(p)], p, fold) {
				out = append(out, match{i, i + len(p), id})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b match) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	return out
}

// naiveHold is the oracle for holdFrom.
func naiveHold(pats [][]byte, fold bool, text []byte) int {
	for j := range text {
		tail := text[j:]
		for _, p := range pats {
			if len(p) > len(tail) && naiveEqual(tail, p[:len(tail)], fold) {
				return j
			}
		}
	}
	return len(text)
}

func naiveEqual(text, p []byte, fold bool) bool {
	for i := range text {
		c := text[i]
		if fold && c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

func toBytes(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func TestMatcher(t *testing.T) {
	tests := []struct {
		name string
		pats []string
		fold bool
		text string
		want []match
		hold int
	}{
		{
			name: "self-overlap",
			pats: []string{"abab"},
			text: "ababab",
			want: []match{{0, 4, 0}, {2, 6, 0}},
			hold: 4,
		},
		{
			name: "prefix of another",
			pats: []string{"abcdef", "abc"},
			text: "xxabcdefxx",
			want: []match{{2, 5, 1}, {2, 8, 0}},
			hold: 10,
		},
		{
			name: "same start and end",
			pats: []string{"secret", "secret"},
			text: "a secret",
			want: []match{{2, 8, 0}, {2, 8, 1}},
			hold: 8,
		},
		{
			name: "fold",
			pats: []string{"key", "://"},
			fold: true,
			text: "API_KEY=x https://h K",
			want: []match{{4, 7, 0}, {15, 18, 1}},
			hold: 20,
		},
		{
			name: "fold keeps punctuation exact",
			pats: []string{"a@b"},
			fold: true,
			text: "A`B a@B",
			want: []match{{4, 7, 0}},
			hold: 7,
		},
		{
			name: "no fold is exact",
			pats: []string{"token"},
			text: "TOKEN token Token",
			want: []match{{6, 11, 0}},
			hold: 17,
		},
		{
			name: "single bytes",
			pats: []string{"a", "ab"},
			text: "aab",
			want: []match{{0, 1, 0}, {1, 2, 0}, {1, 3, 1}},
			hold: 3,
		},
		{
			name: "tail held",
			pats: []string{"hunter2hunter2"},
			text: "pw: hunter2hun",
			want: nil,
			hold: 4,
		},
		{
			name: "empty patterns never match",
			pats: []string{"", "zz"},
			text: "zzz",
			want: []match{{0, 2, 1}, {1, 3, 1}},
			hold: 2,
		},
		{
			name: "match at both ends",
			pats: []string{"0123456789"},
			text: "0123456789-0123456789",
			want: []match{{0, 10, 0}, {11, 21, 0}},
			hold: 21,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pats := toBytes(tt.pats...)
			m := newMatcher(pats, tt.fold)
			got := m.appendMatches(nil, []byte(tt.text))
			assert.Equal(t, tt.want, got, "matches")
			assert.Equal(t, tt.hold, m.holdFrom([]byte(tt.text)), "holdFrom")
			assert.Equal(t, naiveMatches(pats, tt.fold, []byte(tt.text)), got, "oracle")
		})
	}
}

func TestMatcherEmpty(t *testing.T) {
	var nilM *matcher
	assert.True(t, nilM.empty())
	for _, m := range []*matcher{newMatcher(nil, false), newMatcher(toBytes(""), true)} {
		assert.True(t, m.empty())
		assert.Empty(t, m.appendMatches(nil, []byte("anything")))
		assert.Equal(t, 3, m.holdFrom([]byte("abc")))
	}
	assert.False(t, newMatcher(toBytes("x"), false).empty())
}

func TestMatcherAppendsToDst(t *testing.T) {
	m := newMatcher(toBytes("needle"), false)
	dst := []match{{100, 200, 7}}
	got := m.appendMatches(dst, []byte("a needle"))
	assert.Equal(t, []match{{100, 200, 7}, {2, 8, 0}}, got)
}

// genPatterns returns a random pattern set over a small alphabet, so
// patterns overlap, repeat themselves and prefix each other.
func genPatterns(rng *rand.Rand, alphabet string, fold bool) [][]byte {
	n := 1 + rng.IntN(12)
	minLen := 1 + rng.IntN(8)
	var pats [][]byte
	for range n {
		var p []byte
		switch {
		case len(pats) > 0 && rng.IntN(4) == 0:
			// a prefix, suffix or repetition of an earlier pattern
			q := pats[rng.IntN(len(pats))]
			switch rng.IntN(3) {
			case 0:
				p = q[:1+rng.IntN(len(q))]
			case 1:
				p = q[rng.IntN(len(q)):]
			default:
				p = append(slices.Clone(q), q...)
			}
		default:
			p = randBytes(rng, alphabet, minLen+rng.IntN(10))
		}
		p = slices.Clone(p)
		if fold {
			asciiLower(p)
		}
		pats = append(pats, p)
	}
	return pats
}

func asciiLower(b []byte) {
	for i, c := range b {
		b[i] = lower(c)
	}
}

func randBytes(rng *rand.Rand, alphabet string, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		if alphabet == "" {
			b[i] = byte(rng.IntN(256))
			continue
		}
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return b
}

// genText builds text from the alphabet with patterns (in random case
// when folding) planted in it.
func genText(rng *rand.Rand, alphabet string, pats [][]byte, fold bool) []byte {
	var text []byte
	for len(text) < 200+rng.IntN(300) {
		if rng.IntN(3) == 0 {
			p := slices.Clone(pats[rng.IntN(len(pats))])
			if fold {
				for i, c := range p {
					if c >= 'a' && c <= 'z' && rng.IntN(2) == 0 {
						p[i] = c - 'a' + 'A'
					}
				}
			}
			text = append(text, p...)
			continue
		}
		text = append(text, randBytes(rng, alphabet, 1+rng.IntN(8))...)
	}
	return text
}

func TestMatcherDifferential(t *testing.T) {
	alphabets := []struct{ name, chars string }{
		{"ab", "ab"},
		{"abc-upper", "abcABC"},
		{"text", "abcdefgh ABCD=:/_0189"},
		{"binary", ""},
	}
	for _, a := range alphabets {
		for _, fold := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/fold=%v", a.name, fold), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(len(a.chars)), 7))
				for i := range 300 {
					pats := genPatterns(rng, a.chars, fold)
					m := newMatcher(pats, fold)
					text := genText(rng, a.chars, pats, fold)
					require.Equal(t, naiveMatches(pats, fold, text),
						m.appendMatches(nil, text), "case %d: matches", i)
					for cut := range min(len(text), 60) {
						tail := text[:len(text)-cut]
						require.Equal(t, naiveHold(pats, fold, tail),
							m.holdFrom(tail), "case %d: holdFrom at %d", i, cut)
					}
				}
			})
		}
	}
}

// TestMatcherLargeSet checks a set shaped like the registered forms of
// many secrets, where buckets hold many candidates.
func TestMatcherLargeSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=_-"
	var pats [][]byte
	for range 1000 {
		pats = append(pats, randBytes(rng, chars, 6+rng.IntN(40)))
	}
	m := newMatcher(pats, false)
	text := genText(rng, chars, pats, false)
	for range 5 {
		text = append(text, genText(rng, chars, pats, false)...)
	}
	got := m.appendMatches(nil, text)
	require.Equal(t, naiveMatches(pats, false, text), got)
	assert.NotEmpty(t, got)
	for cut := range 50 {
		tail := text[:len(text)-cut]
		require.Equal(t, naiveHold(pats, false, tail), m.holdFrom(tail), "cut %d", cut)
	}
}

// TestMatcherHoldLong checks holdFrom on long patterns, whose long
// prefixes are found through the sampled index.
func TestMatcherHoldLong(t *testing.T) {
	for _, alphabet := range []string{"ab", "abcXYZ:/", ""} {
		for _, fold := range []bool{false, true} {
			rng := rand.New(rand.NewPCG(uint64(len(alphabet)), 11))
			for i := range 40 {
				var pats [][]byte
				minLen := 1 + rng.IntN(40)
				for range 1 + rng.IntN(20) {
					p := randBytes(rng, alphabet, minLen+rng.IntN(300))
					if fold {
						asciiLower(p)
					}
					pats = append(pats, p)
				}
				m := newMatcher(pats, fold)
				text := randBytes(rng, alphabet, rng.IntN(200))
				p := pats[rng.IntN(len(pats))]
				text = append(text, p[:rng.IntN(len(p))]...)
				for cut := range min(len(text), 400) {
					tail := text[:len(text)-cut]
					require.Equal(t, naiveHold(pats, fold, tail), m.holdFrom(tail),
						"alphabet %q fold %v case %d cut %d", alphabet, fold, i, cut)
				}
			}
		}
	}
}

func TestMatcherNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var pats [][]byte
	for range 500 {
		pats = append(pats, randBytes(rng, "0123456789abcdef", 16))
	}
	m := newMatcher(pats, false)
	text := []byte(strings.Repeat("ordinary text with nothing to find ", 30))
	var buf [8]match
	allocs := testing.AllocsPerRun(100, func() {
		_ = m.appendMatches(buf[:0], text)
		_ = m.holdFrom(text)
	})
	assert.Zero(t, allocs, "got %v allocations, want 0", allocs)
}

func FuzzMatcher(f *testing.F) {
	f.Add([]byte("abab\x00ab"), []byte("xababab"), false)
	f.Add([]byte("key\x00://\x00pass"), []byte("API_KEY=1 https://u:PASS@h"), true)
	f.Add([]byte("a\x00aa\x00aaa\x00aaaa\x00aaaaa"), []byte("aaaaaaaaaa"), false)
	f.Add([]byte("hunter2hunter2"), []byte("pw hunter2hunter2 hunter2hun"), false)
	f.Fuzz(func(t *testing.T, patList, text []byte, fold bool) {
		if len(patList) > 400 || len(text) > 2000 {
			return
		}
		pats := slices.Collect(func(yield func([]byte) bool) {
			for p := range strings.SplitSeq(string(patList), "\x00") {
				b := []byte(p)
				if fold {
					asciiLower(b)
				}
				if !yield(b) {
					return
				}
			}
		})
		m := newMatcher(pats, fold)
		want := naiveMatches(pats, fold, text)
		got := m.appendMatches(nil, text)
		if !slices.Equal(want, got) {
			t.Fatalf("matches: got %v, want %v", got, want)
		}
		for cut := range min(len(text)+1, 80) {
			tail := text[:len(text)-cut]
			if g, w := m.holdFrom(tail), naiveHold(pats, fold, tail); g != w {
				t.Fatalf("holdFrom(text[:%d]): got %d, want %d", len(tail), g, w)
			}
		}
	})
}
