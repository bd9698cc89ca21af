package secrets

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

func TestResolverOverCache(t *testing.T) {
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{
		"prod/db": `{"user": "db-user-name-1", "password": "db-password-1"}`,
	})
	red := redact.New(nil)
	r := New(&Options{
		Redactor:  red,
		Sources:   []Source{},
		Providers: map[string]Provider{"x": NewCache(p, &CacheOptions{Now: clk.Now})},
	})
	ctx := context.Background()
	tests := []struct {
		ref, want string
	}{
		{"x://prod/db#user", "db-user-name-1"},
		{"x://prod/db#password", "db-password-1"},
		{"x://prod/db#password", "db-password-1"},
	}
	for _, tt := range tests {
		s, err := r.Resolve(ctx, tt.ref)
		require.NoError(t, err)
		assert.True(t, s.Reveal() == tt.want, "%s: got the wrong value", tt.ref)
		assert.True(t, red.Contains(tt.want), "%s: value not registered", tt.ref)
	}
	assert.Equal(t, int64(1), p.calls.Load(), "backend calls")

	// A rotated value is registered before it is handed out.
	p.set("prod/db", `{"user": "db-user-name-1", "password": "db-password-2"}`)
	clk.set(time.Hour)
	s, err := r.Resolve(ctx, "x://prod/db#password")
	require.NoError(t, err)
	assert.True(t, s.Reveal() == "db-password-2", "rotated value not served")
	assert.True(t, red.Contains("db-password-2"), "rotated value not registered")
	assert.Equal(t, "[REDACTED:password]", red.Redact("db-password-2"))
}

// TestResolverMemoFollowsDocument checks that the Resolver's memo of
// extracted values follows the document's bytes, also when a provider
// changes a slice it returned earlier.
func TestResolverMemoFollowsDocument(t *testing.T) {
	var mu sync.Mutex
	buf := []byte(`{"k": "memo-value-1"}`)
	p := ProviderFunc(func(context.Context, Ref) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf, nil
	})
	red := redact.New(nil)
	r := New(&Options{Redactor: red, Providers: map[string]Provider{"x": p}})
	ctx := context.Background()
	steps := []struct {
		doc, want string
	}{
		{`{"k": "memo-value-1"}`, "memo-value-1"},
		{`{"k": "memo-value-2"}`, "memo-value-2"}, // same slice, changed
		{`{"k": "memo-value-2"}`, "memo-value-2"},
		{`{"k": "memo-value-1"}`, "memo-value-1"},
	}
	for i, st := range steps {
		mu.Lock()
		copy(buf, st.doc)
		mu.Unlock()
		s, err := r.Resolve(ctx, "x://app#k")
		require.NoError(t, err)
		assert.True(t, s.Reveal() == st.want, "step %d: got the wrong value", i)
		assert.True(t, red.Contains(st.want), "step %d: value not registered", i)
	}
}

func TestCachedReadAllocs(t *testing.T) {
	t.Setenv("HUSH_TEST_UNSET_FOR_ALLOCS", "")
	p := newCountingProvider(map[string]string{"prod/db": `{"password": "alloc-password-1"}`})
	c := NewCache(p, nil)
	red := redact.New(nil)
	cr := NewCache(p, &CacheOptions{Redactor: red})
	r := New(&Options{Providers: map[string]Provider{"x": c}, DefaultScheme: "x"})
	ctx := context.Background()
	ref := mustRef(t, "x://prod/db#password")
	tests := []struct {
		name string
		read func() error
	}{
		{"Cache.Fetch", func() error { _, err := c.Fetch(ctx, ref); return err }},
		{"Cache.Fetch with a Redactor", func() error {
			_, err := cr.Fetch(ctx, ref)
			return err
		}},
		{"Resolver.Resolve", func() error {
			_, err := r.Resolve(ctx, "x://prod/db#password")
			return err
		}},
		{"Resolver.Resolve bare", func() error {
			_, err := r.Resolve(ctx, "prod/db:password")
			return err
		}},
		{"Resolver.GetOr", func() error {
			_, err := r.GetOr(ctx, "HUSH_TEST_UNSET_FOR_ALLOCS", "prod/db:password")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.read())
			n := testing.AllocsPerRun(100, func() {
				if err := tt.read(); err != nil {
					t.Fatal(err)
				}
			})
			assert.Equal(t, 0.0, n, "allocations per cached read")
		})
	}
}
