package secrets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

// newTestRedactor returns a Redactor that masks registered values
// only, so that tests see what registration did and nothing a
// pattern found.
func newTestRedactor() *redact.Redactor {
	return redact.New(&redact.Options{Detectors: []redact.Detector{}})
}

// assertMasked checks that red masks text as want. On failure it
// prints want, never what red made of text, which may hold the value.
func assertMasked(t *testing.T, red *redact.Redactor, text, want, what string) {
	t.Helper()
	got := red.Redact(text)
	assert.True(t, got == want, "%s: not masked as %s", what, want)
}

// assertUnmasked checks that red masks nothing in text, printing only
// what.
func assertUnmasked(t *testing.T, red *redact.Redactor, text, what string) {
	t.Helper()
	assert.False(t, red.Contains(text), "%s: masked, want it left alone", what)
}

func TestCacheRegistersDocument(t *testing.T) {
	long := strings.Repeat("k", 70)
	tests := []struct {
		name   string
		doc    string
		masked map[string]string // text -> how the Redactor masks it
		left   []string          // text the Redactor must leave alone
	}{
		{name: "flat object",
			doc: `{"user": "flat-user-1", "password": "flat-pass-1"}`,
			masked: map[string]string{
				"flat-user-1": "[REDACTED:user]",
				"flat-pass-1": "[REDACTED:password]",
			}},
		{name: "nested objects",
			doc: `{"db": {"password": "nested-pass-1",
				"replica": {"password": "deep-pass-1"}}}`,
			masked: map[string]string{
				"nested-pass-1": "[REDACTED:db.password]",
				"deep-pass-1":   "[REDACTED:db.replica.password]",
			}},
		{name: "arrays",
			doc: `{"keys": ["array-key-1", {"token": "array-tok-1"}],
				"list": [["inner-val-1"]]}`,
			masked: map[string]string{
				"array-key-1": "[REDACTED:keys]",
				"array-tok-1": "[REDACTED:keys.token]",
				"inner-val-1": "[REDACTED:list]",
			}},
		{name: "array document",
			doc: `["top-array-1", {"k": "top-object-1"}]`,
			masked: map[string]string{
				"top-array-1":  "[REDACTED]",
				"top-object-1": "[REDACTED:k]",
			}},
		{name: "keys that are not names",
			doc: `{"my key": "spaced-key-1", "ok": {"bad key": {"password": "under-bad-1"}},
				"` + long + `": "long-key-1"}`,
			masked: map[string]string{
				"spaced-key-1": "[REDACTED]",
				"under-bad-1":  "[REDACTED]",
				"long-key-1":   "[REDACTED]",
			}},
		{name: "numbers under secret keys only",
			doc: `{"port": 5432123, "count": 12345678, "pin_password": 98765432,
				"api_key": 1.50000001e10}`,
			masked: map[string]string{
				"98765432":      "[REDACTED:pin_password]",
				"1.50000001e10": "[REDACTED:api_key]",
			},
			left: []string{"5432123", "12345678"}},
		{name: "short, empty, bool and null skipped",
			doc: `{"pin": "1234", "empty": "", "on": true, "off": false,
				"none": null, "password": "long-pass-1"}`,
			masked: map[string]string{"long-pass-1": "[REDACTED:password]"},
			left:   []string{"true", "false", "null"}},
		{name: "duplicate keys",
			doc: `{"password": "dup-first-1", "password": "dup-second-1"}`,
			masked: map[string]string{
				"dup-first-1":  "[REDACTED:password]",
				"dup-second-1": "[REDACTED:password]",
			}},
		{name: "escapes decoded",
			doc: `{"password": "esc\"aped\u0041-1"}`,
			masked: map[string]string{
				`esc"apedA-1`: "[REDACTED:password]",
			}},
		{name: "not JSON, trimmed",
			doc:    "  plain-secret-value-1\n",
			masked: map[string]string{"plain-secret-value-1": "[REDACTED]"}},
		{name: "broken JSON registered whole",
			doc:    `{"password": "broken-json-1"`,
			masked: map[string]string{`{"password": "broken-json-1"`: "[REDACTED]"},
			left:   []string{"broken-json-1"}},
		{name: "JSON number document",
			doc:    "12345678",
			masked: map[string]string{"12345678": "[REDACTED]"}},
		{name: "JSON string document",
			doc:    `"quoted-doc-1"`,
			masked: map[string]string{`"quoted-doc-1"`: "[REDACTED]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			red := newTestRedactor()
			p := newCountingProvider(map[string]string{"app": tt.doc})
			c := NewCache(p, &CacheOptions{Redactor: red})
			defer c.Close()
			_, err := fetchString(t, c, "x://app")
			require.NoError(t, err)
			for text, want := range tt.masked {
				assertMasked(t, red, text, want, "a value of the document")
			}
			for _, text := range tt.left {
				assertUnmasked(t, red, text, text)
			}
		})
	}
}

// TestCacheRegistersRefreshBeforeRead checks that the value a
// background refresh brings in is masked before any reader sees it.
func TestCacheRegistersRefreshBeforeRead(t *testing.T) {
	const (
		ttl = time.Minute
		v1  = `{"password": "refresh-pass-1"}`
		v2  = `{"password": "refresh-pass-2", "user": "refresh-user-2"}`
	)
	clk := newFakeClock()
	red := newTestRedactor()
	p := newCountingProvider(map[string]string{"app": v1})
	c := NewCache(p, &CacheOptions{TTL: ttl, Now: clk.Now,
		Jitter: fixedJitter(0.5), Redactor: red})
	defer c.Close()
	ref := mustRef(t, "x://app")
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	assertUnmasked(t, red, "refresh-pass-2", "the next value, before its fetch")

	// A reader spinning on the cache checks each new document the
	// moment it sees it.
	p.set("app", v2)
	saw := make(chan bool, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			doc, err := c.Fetch(context.Background(), ref)
			if err == nil && string(doc) == v2 {
				saw <- red.Contains("refresh-pass-2") && red.Contains("refresh-user-2")
				return
			}
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	clk.set(ttl - time.Second) // past the refresh point at ttl*0.9
	got, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	require.True(t, got == v1 || got == v2, "got the wrong document")
	select {
	case ok := <-saw:
		assert.True(t, ok, "a reader saw the refreshed document before it was masked")
	case <-time.After(10 * time.Second):
		t.Fatal("the refreshed document never reached the reader")
	}
	assertMasked(t, red, "refresh-pass-2", "[REDACTED:password]", "refreshed password")
	assertMasked(t, red, "refresh-user-2", "[REDACTED:user]", "refreshed user")
	assert.Equal(t, uint64(1), c.Stats().Refreshes, "refreshes")
	assert.Equal(t, int64(2), p.calls.Load(), "backend calls")
}

// TestCacheRegistersRefreshUnread checks that a background refresh
// registers its document although nobody reads it.
func TestCacheRegistersRefreshUnread(t *testing.T) {
	clk := newFakeClock()
	red := newTestRedactor()
	p := newCountingProvider(map[string]string{"app": "unread-value-1"})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, Now: clk.Now,
		Jitter: fixedJitter(0.5), Redactor: red})
	defer c.Close()
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	p.set("app", "unread-value-2")
	clk.set(time.Minute - time.Second)
	got, err := fetchString(t, c, "x://app") // starts the refresh
	require.NoError(t, err)
	require.True(t, got == "unread-value-1" || got == "unread-value-2",
		"got the wrong document")
	e := c.tab.get(mustRef(t, "x://app"))
	require.NotNil(t, e)
	eventually(t, func() bool { return !e.busy.Load() }, "refresh did not end")
	assertMasked(t, red, "unread-value-2", "[REDACTED]", "refreshed value")
}

// TestCacheSeedRegisters checks that Seed registers a document's keys
// before it returns, also a document it drops for a fresh one.
func TestCacheSeedRegisters(t *testing.T) {
	tests := []struct {
		name  string
		fresh bool // the cache holds a fresh value before Seed
	}{
		{"empty entry", false},
		{"fresh value kept", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			red := newTestRedactor()
			p := newCountingProvider(map[string]string{"prod/db": "held-value-1"})
			c := NewCache(p, &CacheOptions{Redactor: red})
			defer c.Close()
			if tt.fresh {
				_, err := fetchString(t, c, "x://prod/db")
				require.NoError(t, err)
			}
			c.Seed(mustRef(t, "x://prod/db#password"),
				[]byte(`{"password": "seeded-pass-1", "api": {"token": "seeded-tok-1"}}`))
			assertMasked(t, red, "seeded-pass-1", "[REDACTED:password]", "seeded password")
			assertMasked(t, red, "seeded-tok-1", "[REDACTED:api.token]", "seeded token")
			assert.Equal(t, int64(btoi(tt.fresh)), p.calls.Load(), "backend calls")
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestCacheRegistersOtherKeys checks that one read of one key, through
// a Resolver, leaves every key of the secret masked, named by its JSON
// key even for a value a Resolver reads under another name.
func TestCacheRegistersOtherKeys(t *testing.T) {
	red := newTestRedactor()
	p := newCountingProvider(map[string]string{
		"prod/db": `{"user": "other-user-1", "password": "other-pass-1",
			"replica": {"password": "other-replica-1"}, "pin": "1234"}`,
	})
	c := NewCache(p, &CacheOptions{Redactor: red})
	defer c.Close()
	r := New(&Options{Redactor: red, Sources: []Source{},
		Providers: map[string]Provider{"x": c}, DefaultScheme: "x"})
	ctx := context.Background()

	s, err := r.Resolve(ctx, "x://prod/db#user")
	require.NoError(t, err)
	require.True(t, s.Reveal() == "other-user-1", "got the wrong value")
	assertMasked(t, red, "other-pass-1", "[REDACTED:password]", "unread password")
	assertMasked(t, red, "other-replica-1", "[REDACTED:replica.password]",
		"unread nested password")

	s, err = r.GetOr(ctx, "DB_PASSWORD", "x://prod/db#password")
	require.NoError(t, err)
	require.True(t, s.Reveal() == "other-pass-1", "got the wrong value")
	assertMasked(t, red, "other-pass-1", "[REDACTED:password]",
		"password read under another name")

	_, err = r.Resolve(ctx, "x://prod/db#pin")
	assert.True(t, errors.Is(err, redact.ErrTooShort), "got %v, want ErrTooShort", err)
	assert.Equal(t, int64(1), p.calls.Load(), "backend calls")
}

// TestCacheWithoutRedactor checks that a cache with no Redactor
// registers nothing, however documents reach it.
func TestCacheWithoutRedactor(t *testing.T) {
	red := newTestRedactor()
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"app": `{"password": "unseen-pass-1"}`})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, Now: clk.Now,
		Jitter: fixedJitter(0.5)})
	defer c.Close()
	ctx := context.Background()
	_, err := fetchString(t, c, "x://app")
	require.NoError(t, err)
	c.Seed(mustRef(t, "x://seeded"), []byte(`{"password": "unseen-pass-2"}`))
	p.set("app", `{"password": "unseen-pass-3"}`)
	require.NoError(t, c.Refresh(ctx, mustRef(t, "x://app")))
	assert.Equal(t, uint64(0), red.Generation(), "values registered")
	for _, v := range []string{"unseen-pass-1", "unseen-pass-2", "unseen-pass-3"} {
		assertUnmasked(t, red, v, "a value of a document")
	}
}

// TestCacheRegisterNotOnHit checks that reading a held document, or
// fetching the same bytes again, registers nothing more.
func TestCacheRegisterNotOnHit(t *testing.T) {
	red := newTestRedactor()
	p := newCountingProvider(map[string]string{"app": `{"password": "steady-pass-1"}`})
	c := NewCache(p, &CacheOptions{Redactor: red})
	defer c.Close()
	ctx := context.Background()
	ref := mustRef(t, "x://app")
	_, err := c.Fetch(ctx, ref)
	require.NoError(t, err)
	gen := red.Generation()
	require.NotZero(t, gen, "nothing registered")
	for range 10 {
		_, err := c.Fetch(ctx, ref)
		require.NoError(t, err)
	}
	require.NoError(t, c.Refresh(ctx, ref))
	assert.Equal(t, gen, red.Generation(), "registered again")
}

// TestCacheRegisterFailedFetch checks that what a failing provider
// returns with its error is neither registered nor served.
func TestCacheRegisterFailedFetch(t *testing.T) {
	red := newTestRedactor()
	p := ProviderFunc(func(context.Context, Ref) ([]byte, error) {
		return []byte("failed-doc-1"), ErrNotFound
	})
	c := NewCache(p, &CacheOptions{Redactor: red})
	defer c.Close()
	_, err := fetchString(t, c, "x://app")
	assert.True(t, errors.Is(err, ErrNotFound), "got %v, want ErrNotFound", err)
	assert.Equal(t, uint64(0), red.Generation(), "values registered")
}

// TestCacheRegisterConcurrent has readers, seeds, refreshes and
// invalidations race, each reader checking that every document it is
// handed is already masked.
func TestCacheRegisterConcurrent(t *testing.T) {
	red := newTestRedactor()
	var (
		mu sync.Mutex
		n  int
	)
	p := ProviderFunc(func(context.Context, Ref) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Appendf(nil, `{"password": "conc-fetched-%d"}`, n), nil
	})
	c := NewCache(p, &CacheOptions{TTL: -1, Redactor: red})
	defer c.Close()
	ref := mustRef(t, "x://app")
	ctx := context.Background()
	var wg sync.WaitGroup
	var unmasked sync.Map
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				switch (i + j) % 4 {
				case 0:
					c.Seed(ref, fmt.Appendf(nil, `{"password": "conc-seeded-%d-%d"}`, i, j))
				case 1:
					c.Invalidate(ref)
				}
				doc, err := c.Fetch(ctx, ref)
				if err != nil {
					unmasked.Store("error", true)
					continue
				}
				var m map[string]string
				if json.Unmarshal(doc, &m) != nil || !red.Contains(m["password"]) {
					unmasked.Store(i*100+j, true)
				}
			}
		})
	}
	wg.Wait()
	count := 0
	unmasked.Range(func(any, any) bool { count++; return true })
	assert.Equal(t, 0, count, "reads handed a document not yet masked, or failed")
}

// TestDocValuesDeep checks nesting far deeper than any real secret:
// within the JSON decoder's depth limit the leaf is found, past it the
// document is not JSON and is yielded whole.
func TestDocValuesDeep(t *testing.T) {
	tests := []struct {
		name  string
		depth int
		want  string
	}{
		{"deep", 4000, "deep-leaf-1"}, // 8,000 levels
		{"past the limit", 100000, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Repeat(`{"a":[`, tt.depth) + `"deep-leaf-1"` +
				strings.Repeat(`]}`, tt.depth)
			want := tt.want
			if want == "" {
				want = doc
			}
			var n int
			for name, v := range docValues([]byte(doc)) {
				n++
				assert.True(t, v == want, "got the wrong value")
				assert.Equal(t, "", name, "name of a path too long")
			}
			assert.Equal(t, 1, n, "values yielded")
		})
	}
}
