package slogx

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebuddy/hush/internal/benchdata"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithBeforeRegister(t *testing.T) {
	tests := []struct {
		name  string
		setup func(l *slog.Logger) *slog.Logger
		want  string // JSON output after the secret is registered
	}{
		{"with", func(l *slog.Logger) *slog.Logger {
			return l.With("note", "early "+secret2)
		}, `{"level":"INFO","msg":"m","note":"early [REDACTED]","k":1}`},
		{"with then group", func(l *slog.Logger) *slog.Logger {
			return l.With("a", secret2).WithGroup("g").With("b", "x"+secret2)
		}, `{"level":"INFO","msg":"m","a":"[REDACTED]","g":{"b":"x[REDACTED]","k":1}}`},
		{"group then with", func(l *slog.Logger) *slog.Logger {
			return l.WithGroup("g").With(slog.Group("h", "c", []byte(secret2)))
		}, `{"level":"INFO","msg":"m","g":{"h":{"c":"W1JFREFDVEVEXQ=="},"k":1}}`},
		{"valuer", func(l *slog.Logger) *slog.Logger {
			return l.With("lv", leaky{secret2})
		}, `{"level":"INFO","msg":"m","lv":{"inner":"has [REDACTED]"},"k":1}`},
		{"group name", func(l *slog.Logger) *slog.Logger {
			return l.WithGroup(secret2).With("x", 1)
		}, `{"level":"INFO","msg":"m","[REDACTED]":{"x":1,"k":1}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRedactor(t)
			base, buf := jsonLogger(r, nil)
			l := tt.setup(base)
			require.NoError(t, r.Add(secret2))
			l.Info("m", "k", 1)
			out := strings.TrimSpace(buf.String())
			assert.False(t, leaks(out), "output holds the secret")
			assert.Equal(t, tt.want, out)
		})
	}
}

func TestWithRebuildsOnlyOnNewValues(t *testing.T) {
	r := newRedactor(t)
	h := NewHandler(slog.DiscardHandler, r, nil).
		WithAttrs([]slog.Attr{slog.String("a", "b")}).(*Handler)
	first := h.cur.Load()
	require.NoError(t, h.Handle(context.Background(), slog.Record{}))
	assert.Same(t, first, h.cur.Load(), "rebuilt without a new value")
	require.NoError(t, r.Add(secret2))
	require.NoError(t, h.Handle(context.Background(), slog.Record{}))
	assert.NotSame(t, first, h.cur.Load(), "not rebuilt after a new value")
	assert.Equal(t, r.Generation(), h.cur.Load().gen)
}

func TestSecretWithGroup(t *testing.T) {
	l, buf := jsonLogger(newRedactor(t), nil)
	l.With("user", "bob").WithGroup("credentials").With("user", "alice").
		Info("m", "id", 7, slog.Group("g", "x", "y"))
	want := `{"level":"INFO","msg":"m","user":"bob","credentials":` +
		`{"user":"[REDACTED]","id":"[REDACTED]","g":"[REDACTED]"}}`
	assert.Equal(t, want, strings.TrimSpace(buf.String()))
}

func TestRecordNotModified(t *testing.T) {
	h := NewHandler(slog.DiscardHandler, newRedactor(t), nil)
	rec := slog.NewRecord(time.Time{}, slog.LevelInfo, "msg "+secret1, 0)
	for i := range 7 {
		rec.AddAttrs(slog.String(fmt.Sprint("k", i), fmt.Sprint(i, secret1)))
	}
	keep := rec.Clone()
	require.NoError(t, h.Handle(context.Background(), rec))
	assert.Equal(t, keep.Message, rec.Message)
	var got, want []slog.Attr
	rec.Attrs(func(a slog.Attr) bool { got = append(got, a); return true })
	keep.Attrs(func(a slog.Attr) bool { want = append(want, a); return true })
	assert.Equal(t, want, got, "the caller's attributes changed")
}

func TestNilArguments(t *testing.T) {
	require.NotPanics(t, func() {
		Wrap(nil, nil, nil).Info("m", "password", "x")
		NewHandler(nil, nil, nil).WithGroup("g").WithAttrs(
			[]slog.Attr{slog.Int("a", 1)})
	})
	h := NewHandler(nil, nil, nil)
	assert.False(t, h.Enabled(context.Background(), slog.LevelError))

	// A nil Redactor still applies the default detectors and key names.
	buf := new(strings.Builder)
	l := slog.New(NewHandler(slog.NewJSONHandler(buf, nil), nil, nil))
	l.Info("token=abcdefgh1234", "password", "hunter2222")
	assert.False(t, strings.Contains(buf.String(), "hunter2222"), "key not masked")
	assert.False(t, strings.Contains(buf.String(), "abcdefgh1234"), "detector off")
}

func TestEnabled(t *testing.T) {
	inner := slog.NewJSONHandler(nil, &slog.HandlerOptions{Level: slog.LevelWarn})
	h := NewHandler(inner, newRedactor(t), nil)
	levels := []struct {
		level slog.Level
		want  bool
	}{{slog.LevelInfo, false}, {slog.LevelWarn, true}, {slog.LevelError, true}}
	for _, hh := range []slog.Handler{h, h.WithGroup("g"), h.WithAttrs(
		[]slog.Attr{slog.Int("a", 1)})} {
		for _, lv := range levels {
			got := hh.Enabled(context.Background(), lv.level)
			assert.Equal(t, lv.want, got, "level %v: got %v, want %v",
				lv.level, got, lv.want)
		}
	}
}

func TestWithEmpty(t *testing.T) {
	h := NewHandler(slog.DiscardHandler, newRedactor(t), nil)
	assert.Same(t, h, h.WithGroup(""))
	assert.Same(t, h, h.WithAttrs(nil))
}

func TestWithCopiesAttrs(t *testing.T) {
	r := newRedactor(t)
	l, buf := jsonLogger(r, nil)
	attrs := []slog.Attr{slog.String("a", "one")}
	h := l.Handler().WithAttrs(attrs)
	attrs[0] = slog.String("a", "two")
	require.NoError(t, r.Add(secret2)) // forces a rebuild from the kept attrs
	require.NoError(t, h.Handle(context.Background(),
		slog.NewRecord(time.Time{}, slog.LevelInfo, "m", 0)))
	assert.Equal(t, "one", decode(t, buf.Bytes())["a"])
}

func TestConcurrentRegister(t *testing.T) {
	r := newRedactor(t)
	var mu sync.Mutex
	buf := new(strings.Builder)
	inner := slog.NewTextHandler(lockedWriter{&mu, buf}, nil)
	l := slog.New(NewHandler(inner, r, nil)).With("early", "v="+secret2)

	values := make([]string, 50)
	for i := range values {
		values[i] = fmt.Sprintf("value-%02d-zzzzzz", i)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, v := range values {
			assert.NoError(t, r.Add(v))
		}
		assert.NoError(t, r.Add(secret2))
	})
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				l.Info("tick", "g", g, "i", i)
			}
		})
	}
	wg.Wait()
	buf.Reset()
	l.Info("after", "v", values[3])
	out := buf.String()
	assert.False(t, leaks(out), "output holds the secret")
	assert.False(t, strings.Contains(out, values[3]), "late value not masked")
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *strings.Builder
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestCleanRecordAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful with the race detector")
	}
	r, _ := benchRedactor(t)
	h := NewHandler(slog.DiscardHandler, r, nil)
	rec := benchdata.Record("sort=asc")
	ctx := context.Background()
	text := []byte("request served\npath\n/api/v1/orders?page=2&sort=asc\n" +
		"status\ncached\nelapsed\nerr\nupstream closed the connection\n" +
		"client\nip\n10.1.2.3\nport")
	// The Handler makes one scan of the joined text; it may allocate no
	// more than that scan does.
	scan := testing.AllocsPerRun(100, func() { r.RedactBytes(text) })
	got := testing.AllocsPerRun(100, func() {
		if err := h.Handle(ctx, rec); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, got, scan, "got %v allocations, want at most %v",
		got, scan)
}

func TestKeyRegisteredLater(t *testing.T) {
	r := newRedactor(t)
	l, buf := jsonLogger(r, nil)
	key := "field-" + secret2
	l.Info("m", key, 1) // the key is now remembered as clean
	require.NoError(t, r.Add(secret2))
	buf.Reset()
	l.Info("m", key, 1)
	assert.False(t, leaks(buf.String()), "output holds the secret")
	assert.Contains(t, decode(t, buf.Bytes()), "field-[REDACTED]")
}
