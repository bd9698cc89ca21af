package secrets

import (
	"context"
	"testing"

	"github.com/codebuddy/hush/redact"
)

func BenchmarkResolverGetEnv(b *testing.B) {
	b.Setenv("HUSH_BENCH_PASSWORD", "bench-password-value")
	r := New(&Options{Redactor: redact.New(nil)})
	ctx := context.Background()
	if _, err := r.Get(ctx, "HUSH_BENCH_PASSWORD"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Get(ctx, "HUSH_BENCH_PASSWORD"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolverGetDotEnv(b *testing.B) {
	d := &DotEnv{vals: map[string]Secret{"DB_PASSWORD": NewSecret("bench-password-value")}}
	r := New(&Options{Sources: []Source{Env(), d}})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Get(ctx, "DB_PASSWORD"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSecretString(b *testing.B) {
	s := NewSecret("bench-password-value")
	b.ReportAllocs()
	for b.Loop() {
		if s.String() != redact.Mask {
			b.Fatal("wrong mask")
		}
	}
}

func BenchmarkSecretReveal(b *testing.B) {
	s := NewSecret("bench-password-value")
	b.ReportAllocs()
	for b.Loop() {
		if s.Reveal() == "" {
			b.Fatal("empty")
		}
	}
}

func TestSecretStringAllocs(t *testing.T) {
	s := NewSecret("alloc-check-value")
	if n := testing.AllocsPerRun(100, func() { _ = s.String() }); n != 0 {
		t.Errorf("got %v allocations per String, want 0", n)
	}
}
