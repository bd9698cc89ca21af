package slogx

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/codebuddy/hush/redact"
)

// benchSecrets returns n random secrets of 24 to 32 letters and digits,
// the same on every run.
func benchSecrets(n int) []string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		b := make([]byte, 24+rng.IntN(9))
		for j := range b {
			b[j] = chars[rng.IntN(len(chars))]
		}
		out[i] = string(b)
	}
	return out
}

// benchRecord returns a record with six attributes of mixed kinds; tail
// is the value of its one string attribute.
func benchRecord(tail string) slog.Record {
	rec := slog.NewRecord(time.Unix(1700000000, 0), slog.LevelInfo,
		"request served", 0)
	rec.AddAttrs(
		slog.String("path", "/api/v1/orders?page=2&"+tail),
		slog.Int("status", 200),
		slog.Bool("cached", false),
		slog.Duration("elapsed", 1234*time.Microsecond),
		slog.Any("err", errors.New("upstream closed the connection")),
		slog.Group("client", slog.String("ip", "10.1.2.3"),
			slog.Int("port", 54321)),
	)
	return rec
}

func benchRedactor(b testing.TB) (*redact.Redactor, []string) {
	r := redact.New(nil)
	secrets := benchSecrets(100)
	for _, s := range secrets {
		if err := r.Add(s); err != nil {
			b.Fatalf("register secret: %v", err)
		}
	}
	return r, secrets
}

func BenchmarkJSON(b *testing.B) {
	ctx := context.Background()
	r, secrets := benchRedactor(b)
	bare := slog.NewJSONHandler(io.Discard, nil)
	wrapped := NewHandler(bare, r, nil)
	cases := []struct {
		name string
		h    slog.Handler
		rec  slog.Record
	}{
		{"bare", bare, benchRecord("sort=asc")},
		{"slogx", wrapped, benchRecord("sort=asc")},
		{"slogx-secret", wrapped, benchRecord("sig=" + secrets[42])},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.h.Handle(ctx, c.rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
