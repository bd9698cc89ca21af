// Package slogx compares the cost of slogx with a bare slog.JSONHandler
// and with masq, a slog redaction library that works as a ReplaceAttr
// function. It lives in a module of its own so that the main module
// never depends on masq.
package slogx

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/m-mizutani/masq"

	"github.com/codebuddy/hush/internal/benchdata"
	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/slogx"
)

func BenchmarkJSON(b *testing.B) {
	ctx := context.Background()
	r := redact.New(nil)
	known := benchdata.Secrets(100)
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
		{"bare", bare, benchdata.Record("sort=asc")},
		{"slogx", wrapped, benchdata.Record("sort=asc")},
		{"slogx-secret", wrapped, benchdata.Record("sig=" + known[42])},
		{"masq", masked, benchdata.Record("sort=asc")},
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
