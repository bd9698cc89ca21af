package slogx

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/codebuddy/hush/internal/benchdata"
	"github.com/codebuddy/hush/redact"
)

func benchRedactor(b testing.TB) (*redact.Redactor, []string) {
	r := redact.New(nil)
	secrets := benchdata.Secrets(100)
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
		{"bare", bare, benchdata.Record("sort=asc")},
		{"slogx", wrapped, benchdata.Record("sort=asc")},
		{"slogx-secret", wrapped, benchdata.Record("sig=" + secrets[42])},
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
