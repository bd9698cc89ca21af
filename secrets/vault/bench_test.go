package vault

import (
	"context"
	"testing"

	"github.com/codebuddy/hush/secrets"
)

// BenchmarkFetch reads one KV version 2 secret from a local stand-in
// for Vault, its mount already known: the cost of one read, HTTP
// included.
func BenchmarkFetch(b *testing.B) {
	f := newFakeVault(b)
	tok := f.addToken(b)
	f.putKV2("secret/", "app", `{"password":"value-of-the-secret"}`)
	p, err := New(f.client(b, tok), &Options{DisableRenewal: true})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	ref := secrets.Ref{ID: "secret/app", Key: "password"}
	ctx := context.Background()
	if _, err := p.Fetch(ctx, ref); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Fetch(ctx, ref); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMountLookup(b *testing.B) {
	var c mountCache
	c.store(mount{path: "team/a/kv/", v2: true})
	c.store(mount{path: "secret/", v2: true})
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.lookup("team/a/kv/service/db/password"); !ok {
			b.Fatal("mount not found")
		}
	}
}
