package secrets

import (
	"context"
	"testing"

	"github.com/codebuddy/hush/redact"
)

func benchCache(b *testing.B) (*Cache, Ref) {
	return benchCacheWith(b, nil)
}

func benchCacheWith(b *testing.B, opts *CacheOptions) (*Cache, Ref) {
	p := newCountingProvider(map[string]string{
		"prod/db": `{"user": "bench-user", "password": "bench-password-1"}`,
	})
	c := NewCache(p, opts)
	ref := mustRef(b, "awssm://prod/db#password?stage=AWSCURRENT")
	if _, err := c.Fetch(context.Background(), ref); err != nil {
		b.Fatal(err)
	}
	return c, ref
}

func BenchmarkCacheHit(b *testing.B) {
	benchFetch(b, benchCache, false)
}

// benchFetch fetches the reference of the cache that setup makes, once
// per iteration, after invalidating it if miss is set.
func benchFetch(b *testing.B, setup func(*testing.B) (*Cache, Ref), miss bool) {
	c, ref := setup(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if miss {
			c.Invalidate(ref)
		}
		if _, err := c.Fetch(ctx, ref); err != nil {
			b.Fatal(err)
		}
	}
}

// registered makes the benchmark cache with a Redactor.
func registered(b *testing.B) (*Cache, Ref) {
	return benchCacheWith(b, &CacheOptions{Redactor: redact.New(nil)})
}

// BenchmarkCacheHitRegistered is BenchmarkCacheHit with a Redactor,
// which a cached read never touches.
func BenchmarkCacheHitRegistered(b *testing.B) {
	benchFetch(b, registered, false)
}

func BenchmarkCacheHitParallel(b *testing.B) {
	c, ref := benchCache(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Fetch(ctx, ref); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkResolverResolveCached(b *testing.B) {
	c, _ := benchCache(b)
	r := New(&Options{Providers: map[string]Provider{"awssm": c}})
	ctx := context.Background()
	const ref = "awssm://prod/db#password?stage=AWSCURRENT"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Resolve(ctx, ref); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolverGetOrCached(b *testing.B) {
	c, _ := benchCache(b)
	r := New(&Options{
		Providers:     map[string]Provider{"awssm": c},
		DefaultScheme: "awssm",
	})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.GetOr(ctx, "HUSH_BENCH_UNSET_DB_PASSWORD", "prod/db:password"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCacheMiss measures a read that waits for the backend: the
// fetch goroutine, its context and the hand-over to the reader.
func BenchmarkCacheMiss(b *testing.B) {
	benchFetch(b, benchCache, true)
}

// BenchmarkCacheMissRegistered is BenchmarkCacheMiss with a Redactor:
// each fetch registers the document's values again, which the
// Redactor already knows.
func BenchmarkCacheMissRegistered(b *testing.B) {
	benchFetch(b, registered, true)
}
