package scan

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func BenchmarkScanBytes(b *testing.B) {
	s := newScanner(b, nil)
	in := manyLines(8 << 20)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		s.ScanBytes("", in)
	}
}

// BenchmarkScanBytesDense has a keyword on every line, so every line
// is matched against a rule's regular expression: the worst case.
func BenchmarkScanBytesDense(b *testing.B) {
	s := newScanner(b, nil)
	in := lineMix(8<<20, "func f() { return strings.Repeat(\"key\", 3) } // a token here\n")
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		s.ScanBytes("", in)
	}
}

func BenchmarkScanReader(b *testing.B) {
	s := newScanner(b, nil)
	in := manyLines(8 << 20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ScanReader(context.Background(), "", bytes.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanDirGoroot scans the Go source tree, the reference tree
// for comparing scanners' speed.
func BenchmarkScanDirGoroot(b *testing.B) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		b.Skip("no go command:", err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), "src")
	if _, err := os.Stat(root); err != nil {
		b.Skip("no Go source tree:", err)
	}
	s := newScanner(b, nil)
	var n int64
	for b.Loop() {
		res, err := s.ScanDir(context.Background(), root)
		if err != nil {
			b.Fatal(err)
		}
		n = res.Bytes
	}
	b.SetBytes(n)
}
