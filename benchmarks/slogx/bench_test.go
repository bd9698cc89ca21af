// Package slogx compares the cost of slogx with a bare slog.JSONHandler
// and with masq, a slog redaction library that works as a ReplaceAttr
// function. It lives in a module of its own so that the main module
// never depends on masq.
package slogx

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/m-mizutani/masq"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/slogx"
)

// secrets returns n random secrets of 24 to 32 letters and digits, the
// same on every run.
func secrets(n int) []string {
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

// record returns the record every case logs: six attributes of mixed
// kinds; tail ends its one string attribute.
func record(tail string) slog.Record {
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

func BenchmarkJSON(b *testing.B) {
	ctx := context.Background()
	r := redact.New(nil)
	known := secrets(100)
	for _, s := range known {
		if err := r.Add(s); err != nil {
			b.Fatalf("register secret: %v", err)
		}
	}
	bare := slog.NewJSONHandler(io.Discard, nil)
	wrapped := slogx.NewHandler(bare, r, nil)
	masked := slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{
		ReplaceAttr: masq.New(
			masq.WithFieldName("password"),
			masq.WithFieldName("token"),
			masq.WithFieldName("secret"),
			masq.WithFieldName("api_key"),
		),
	})
	cases := []struct {
		name string
		h    slog.Handler
		rec  slog.Record
	}{
		{"bare", bare, record("sort=asc")},
		{"slogx", wrapped, record("sort=asc")},
		{"slogx-secret", wrapped, record("sig=" + known[42])},
		{"masq", masked, record("sort=asc")},
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
