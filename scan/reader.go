package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// SniffSize is how many leading bytes of a file [Scanner.ScanFile]
// looks at to decide whether it is binary.
const SniffSize = 8 << 10

// chunkSize is how much of a stream is scanned at once. A line longer
// than a chunk is scanned in pieces that overlap by overlapSize bytes,
// so memory stays flat on any input.
const (
	chunkSize   = 1 << 20
	overlapSize = 4 << 10
)

var chunks = sync.Pool{New: func() any {
	b := make([]byte, chunkSize)
	return &b
}}

// ScanReader returns the findings in what r yields until io.EOF,
// naming file in each. It reads r in chunks of 1 MiB and keeps only the
// unfinished lines between them, so memory does not grow with the
// input. A line longer than a chunk is scanned in overlapping pieces:
// a secret longer than 4 KiB that crosses a piece's end can be missed.
//
// It stops with ctx's error when ctx ends, and with a wrapped read
// error when r fails; the findings made so far are returned with either.
func (s *Scanner) ScanReader(ctx context.Context, file string, r io.Reader) ([]Finding, error) {
	p := pass{s: s, file: file, line: 1}
	err := s.stream(ctx, &p, r, nil)
	return p.found, err
}

// stream feeds r to p chunk by chunk. check, if not nil, sees the first
// chunk before it is scanned and may refuse it with an error.
func (s *Scanner) stream(ctx context.Context, p *pass, r io.Reader,
	check func([]byte) error) error {
	bp := chunks.Get().(*[]byte)
	defer chunks.Put(bp)
	buf, n := *bp, 0
	for first := true; ; first = false {
		if err := ctx.Err(); err != nil {
			return err
		}
		m, err := io.ReadFull(r, buf[n:])
		n += m
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return fmt.Errorf("scan: read %q: %w", p.file, err)
		}
		if first && check != nil {
			if err := check(buf[:n]); err != nil {
				return err
			}
		}
		if eof {
			p.scan(buf[:n], n)
			return nil
		}
		limit := n - s.held(buf[:n])
		p.scan(buf[:n], limit)
		p.advance(buf[:limit])
		n = copy(buf, buf[limit:n])
	}
}

// held returns how many bytes at the end of the full buffer buf must be
// kept for the next chunk: the unfinished last line and, for rules that
// span lines, the lines before it. When that is the whole buffer, one
// line fills it and held keeps only an overlap.
func (s *Scanner) held(buf []byte) int {
	end := len(buf)
	for range s.maxLines {
		i := bytes.LastIndexByte(buf[:end], '\n')
		if i < 0 {
			return overlapSize
		}
		end = i
	}
	return len(buf) - (end + 1)
}

// advance moves p's column on past done, the part of a chunk that was
// scanned and will not be seen again.
func (p *pass) advance(done []byte) {
	if i := bytes.LastIndexByte(done, '\n'); i >= 0 {
		p.col = len(done) - (i + 1)
		return
	}
	p.col += len(done)
}

// ScanFile returns the findings in the file at path. A file that
// starts with a UTF-16 byte order mark is scanned as the UTF-8 text it
// holds, so columns count bytes of that text. It refuses, with an
// error wrapping [ErrBinary], a file with a NUL byte in its first
// [SniffSize] bytes, and with [ErrNotRegular] anything but a regular
// file (a named pipe would block the open). Other failures are wrapped
// *os.PathError values or read errors naming path.
func (s *Scanner) ScanFile(ctx context.Context, path string) ([]Finding, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w %q", ErrNotRegular, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	defer f.Close()
	return s.scanOpen(ctx, f, path)
}

// scanOpen is ScanFile on an open file. A file that starts with a
// UTF-16 byte order mark is scanned as the UTF-8 text it holds.
func (s *Scanner) scanOpen(ctx context.Context, f *os.File, path string) ([]Finding, error) {
	p := pass{s: s, file: path, line: 1}
	var mark [2]byte
	n, _ := f.ReadAt(mark[:], 0)
	r, err := utf16Text(f, mark[:n])
	if err != nil {
		return nil, fmt.Errorf("scan: read %q: %w", path, err)
	}
	err = s.stream(ctx, &p, r, func(b []byte) error {
		if bytes.IndexByte(b[:min(len(b), SniffSize)], 0) >= 0 {
			return fmt.Errorf("%w %q", ErrBinary, path)
		}
		return nil
	})
	return p.found, err
}
