package scan

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
)

func FuzzScan(f *testing.F) {
	for _, c := range ruleCases() {
		f.Add([]byte(c.text))
	}
	f.Add([]byte("\x00\xff\n\r\n-----BEGIN PRIVATE KEY-----\\n"))
	s := newScanner(f, nil)
	f.Fuzz(func(t *testing.T, in []byte) {
		want := s.ScanBytes("f", in)
		r := &choppy{r: bytes.NewReader(in), rnd: rand.New(rand.NewPCG(uint64(len(in)), 1))}
		got, err := s.ScanReader(context.Background(), "f", r)
		if err != nil {
			t.Fatalf("ScanReader: %v", err)
		}
		if len(got) != len(want) {
			t.Fatalf("got %d streamed findings, want %d", len(got), len(want))
		}
		for i, g := range got {
			if g != want[i] {
				t.Fatalf("streamed finding %d differs: %v, want %v", i, g, want[i])
			}
			if g.Line < 1 || g.Column < 1 {
				t.Fatalf("finding %d at line %d column %d", i, g.Line, g.Column)
			}
		}
	})
}
