package execx

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// wantCapture is what a capture of n bytes per end keeps of b.
func wantCapture(b []byte, n int) []byte {
	if len(b) <= 2*n {
		return b
	}
	out := append([]byte(nil), b[:n]...)
	out = append(out, "\n... omitting "+strconv.Itoa(len(b)-2*n)+" bytes ...\n"...)
	return append(out, b[len(b)-n:]...)
}

func TestCapture(t *testing.T) {
	data := []byte("abcdefghijklmnopqrstuvwxyz0123456789")
	tests := []struct {
		name   string
		n      int
		writes []int // sizes of successive writes
	}{
		{"empty", 4, nil},
		{"fits in head", 8, []int{5}},
		{"head and tail", 8, []int{16}},
		{"one big write", 4, []int{36}},
		{"byte by byte", 4, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"wrapping writes", 5, []int{7, 3, 3, 3, 9, 2, 1}},
		{"write larger than tail", 3, []int{4, 2, 10, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCapture(tt.n)
			rest := data
			var all []byte
			for _, k := range tt.writes {
				n, err := c.Write(rest[:k])
				assert.NoError(t, err)
				assert.Equal(t, k, n)
				all, rest = append(all, rest[:k]...), rest[k:]
			}
			assert.Equal(t, string(wantCapture(all, tt.n)), string(c.Bytes()))
		})
	}
}

func FuzzCapture(f *testing.F) {
	f.Add([]byte("hello, world"), uint8(3), uint8(4))
	f.Add(bytes.Repeat([]byte("x"), 100), uint8(1), uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, n, step uint8) {
		half := int(n%16) + 1
		c := newCapture(half)
		for rest := data; len(rest) > 0; {
			k := min(len(rest), int(step%32)+1)
			_, _ = c.Write(rest[:k])
			rest = rest[k:]
		}
		if got, want := c.Bytes(), wantCapture(data, half); !bytes.Equal(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}
