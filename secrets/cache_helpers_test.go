package secrets

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	base time.Time
	off  atomic.Int64
}

func newFakeClock() *fakeClock {
	return &fakeClock{base: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time { return c.base.Add(time.Duration(c.off.Load())) }

// set moves the clock to d after its start.
func (c *fakeClock) set(d time.Duration) { c.off.Store(int64(d)) }

// countingProvider is a Provider whose answers tests change, counting
// its calls. While gate is not nil, each call waits for it to close.
type countingProvider struct {
	calls atomic.Int64

	mu     sync.Mutex
	docs   map[string]string // documents by ID; guarded by mu
	err    error             // returned instead of a document, if set
	gate   chan struct{}     // calls wait for it to close, if set
	ctxErr []error           // ctx.Err() seen by each call at its end
}

func newCountingProvider(docs map[string]string) *countingProvider {
	return &countingProvider{docs: docs}
}

func (p *countingProvider) Fetch(ctx context.Context, ref Ref) ([]byte, error) {
	p.calls.Add(1)
	p.mu.Lock()
	gate := p.gate
	p.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ctxErr = append(p.ctxErr, ctx.Err())
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("fake: %q: %w", ref.ID, err)
	}
	if p.err != nil {
		return nil, fmt.Errorf("fake: %q: %w", ref.ID, p.err)
	}
	doc, ok := p.docs[ref.ID]
	if !ok {
		return nil, fmt.Errorf("fake: %q: %w", ref.ID, ErrNotFound)
	}
	return []byte(doc), nil
}

func (p *countingProvider) set(id, doc string) {
	p.mu.Lock()
	p.docs[id] = doc
	p.mu.Unlock()
}

func (p *countingProvider) fail(err error) {
	p.mu.Lock()
	p.err = err
	p.mu.Unlock()
}

// hold makes later calls wait until the returned function is called.
func (p *countingProvider) hold() (release func()) {
	gate := make(chan struct{})
	p.mu.Lock()
	p.gate = gate
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			p.gate = nil
			p.mu.Unlock()
			close(gate)
		})
	}
}

// pinningProvider is a countingProvider that is also a Pinner.
type pinningProvider struct{ *countingProvider }

func (p pinningProvider) Pinned(ref Ref) bool { return ref.Param("version") != "" }

// fixedJitter returns a Jitter func that always gives f.
func fixedJitter(f float64) func() float64 { return func() float64 { return f } }

// fetchString reads ref through c and returns the document as a string.
func fetchString(t *testing.T, c *Cache, ref string) (string, error) {
	t.Helper()
	r, err := ParseRef(ref)
	require.NoError(t, err)
	doc, err := c.Fetch(context.Background(), r)
	return string(doc), err
}

func mustRef(t testing.TB, s string) Ref {
	t.Helper()
	r, err := ParseRef(s)
	require.NoError(t, err)
	return r
}

// eventually waits until cond holds, failing the test if it does not
// within a generous bound. It polls; it asserts nothing about speed.
func eventually(t *testing.T, cond func() bool, what string) {
	t.Helper()
	require.Eventually(t, cond, 10*time.Second, time.Millisecond, what)
}

// lockedWriter serialises writes to w, for logs written by goroutines.
type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// slogText returns a logger writing text records of every level to w.
func slogText(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
