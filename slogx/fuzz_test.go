package slogx

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fuzzRecord builds a record from fuzzed text, with secret1 inside
// every string-like value when withSecret is set.
func fuzzRecord(msg, key, val string, withSecret bool) slog.Record {
	s := ""
	if withSecret {
		s = secret1
	}
	rec := slog.NewRecord(time.Time{}, slog.LevelInfo, msg+s+msg, 0)
	rec.AddAttrs(
		slog.String(key, val+s+val),
		slog.Any("b", []byte(val+s)),
		slog.Any("e", errors.New(s+val)),
		slog.Group("g", slog.String(key, s+val), slog.Int(val, 1)),
		slog.Any("l", []string{val, s}),
	)
	return rec
}

// FuzzHandle checks that a registered value never reaches the output,
// whatever surrounds it, and that the one-scan check never lets pass a
// record that attribute-by-attribute masking would change.
func FuzzHandle(f *testing.F) {
	f.Add("login", "user", "bob")
	f.Add("a\nb", "pass\nword", "x=\n")
	f.Add("password=", "token", secret1[:8])
	f.Add(secret1[3:], secret1[:5], "\"\\")
	f.Add("Bearer ", "authorization", "Basic ")
	f.Fuzz(func(t *testing.T, msg, key, val string) {
		r := newRedactor(t)
		for _, mk := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		} {
			buf := new(bytes.Buffer)
			h := NewHandler(mk(buf), r, nil)
			rec := fuzzRecord(msg, key, val, true)
			require.NoError(t, h.Handle(context.Background(), rec))
			if bytes.Contains(buf.Bytes(), []byte(secret1)) {
				t.Fatal("output holds the secret")
			}
		}

		m := &masker{r: r, keys: newKeyCache(r, r.Contains)}
		rec := fuzzRecord(msg, key, val, false)
		if !m.clean(&rec) {
			return
		}
		var want, got bytes.Buffer
		ctx := context.Background()
		require.NoError(t, slog.NewJSONHandler(&want, nil).Handle(ctx, rec))
		masked := m.maskRecord(rec, false)
		require.NoError(t, slog.NewJSONHandler(&got, nil).Handle(ctx, masked))
		assert.True(t, bytes.Equal(want.Bytes(), got.Bytes()),
			"clean record changed by masking")
	})
}
