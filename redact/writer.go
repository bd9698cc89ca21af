package redact

import (
	"fmt"
	"io"
	"slices"
	"sync"
)

// Writer masks everything written to it and passes the result to an
// underlying writer. What reaches the underlying writer for any split of
// the input into writes equals [Redactor.RedactBytes] of the whole
// input, provided no value is registered while the stream is open.
//
// Writer holds back only bytes that could still begin a secret and
// writes them on Close; it never flushes on a timer. It is safe for
// concurrent use, though concurrent writes interleave at write
// boundaries as they would on the underlying writer.
type Writer struct {
	r   *Redactor
	dst io.Writer

	mu      sync.Mutex // guards the fields below
	pending []byte     // held input; pending[:ctx] is already written
	ctx     int        // written start of the current line
	out     []byte     // scratch for masked output
	spans   []span     // scratch for scan
	err     error      // sticky error from dst, or ErrClosed
}

var _ io.WriteCloser = (*Writer)(nil)

// NewWriter returns a [Writer] that masks with r and writes to w. Close
// the Writer to write what it holds back; closing does not close w.
func (r *Redactor) NewWriter(w io.Writer) *Writer {
	return &Writer{r: r, dst: w}
}

// Write masks p and writes what is final to the underlying writer. It
// reports len(p) on success, since held bytes are accepted, not lost. An
// error from the underlying writer is returned, wrapped, by this and
// every later call.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	w.pending = append(w.pending, p...)
	if err := w.flush(false); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close writes every held byte, masked, and stops the Writer. Later
// writes return [ErrClosed]. Close does not close the underlying
// writer. A second Close returns nil.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == ErrClosed {
		return nil
	}
	if w.err != nil {
		return w.err
	}
	err := w.flush(true)
	w.pending, w.out, w.spans = nil, nil, nil
	if err == nil {
		w.err = ErrClosed
	}
	return err
}

// flush writes the final part of pending and keeps the rest.
func (w *Writer) flush(final bool) error {
	spans, cut := w.r.scan(w.spans[:0], w.pending, w.ctx, final)
	w.spans = spans[:0]
	if cut > w.ctx {
		w.out = applyFrom(w.out[:0], w.pending, w.ctx, cut, spans)
		if _, err := w.dst.Write(w.out); err != nil {
			w.err = fmt.Errorf("redact: write: %w", err)
			return w.err
		}
	}
	start := cut
	if len(w.r.detectors) > 0 {
		start = lineStart(w.pending, cut)
	}
	w.ctx = cut - start
	n := copy(w.pending, w.pending[start:])
	w.pending = w.pending[:n]
	if cap(w.pending) > 64<<10 && n < cap(w.pending)/4 {
		w.pending = append([]byte(nil), w.pending...)
	}
	return nil
}

// applyFrom appends buf[from:to] to dst with spans masked; every span
// lies inside [from, to).
func applyFrom(dst, buf []byte, from, to int, spans []span) []byte {
	n := to - from
	for _, s := range spans {
		n += len(s.mask) - (s.end - s.start)
	}
	dst = slices.Grow(dst, max(n, 0))
	last := from
	for _, s := range spans {
		dst = append(dst, buf[last:s.start]...)
		dst = append(dst, s.mask...)
		last = s.end
	}
	return append(dst, buf[last:to]...)
}
