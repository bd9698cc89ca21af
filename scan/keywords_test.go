package scan

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKeywordSet(t *testing.T) {
	k := newKeywordSet([][]string{{"key"}, {"akia", "eyj"}, {"monkey"}}, 3)
	tests := []struct {
		name string
		text string
		want []uint64 // rule set of the whole text
	}{
		{"none", "nothing to see", []uint64{0}},
		{"lower", "a key here", []uint64{0b001}},
		{"upper", "A KEY HERE", []uint64{0b001}},
		{"mixed case", "AkIa", []uint64{0b010}},
		{"suffix of another", "monkey", []uint64{0b101}},
		{"prefix overlap", "akiakey", []uint64{0b011}},
		{"at end", "xxeyJ", []uint64{0b010}},
		{"broken by newline", "ke\ny", []uint64{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := k.addLine(make([]uint64, 1), []byte(tt.text), 0, len(tt.text))
			assert.Equal(t, tt.want, got, "got rules %b, want %b", got, tt.want)
		})
	}
}

func TestKeywordSetNext(t *testing.T) {
	k := newKeywordSet([][]string{{"token"}}, 1)
	text := []byte("a TOKEN and a token")
	end := k.next(text, 0)
	assert.Equal(t, 7, end, "got first end %d, want 7", end)
	end = k.next(text, 7)
	assert.Equal(t, len(text), end, "got second end %d, want %d", end, len(text))
	end = k.next(text, len(text))
	assert.Equal(t, -1, end, "got %d past the end, want -1", end)
}
