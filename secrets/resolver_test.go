package secrets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

// mapSource is a Source over a fixed map, for tests.
func mapSource(m map[string]string) Source {
	return SourceFunc(func(_ context.Context, key string) (string, error) {
		v, ok := m[key]
		if !ok {
			return "", fmt.Errorf("map: %q: %w", key, ErrNotFound)
		}
		return v, nil
	})
}

func failingSource(err error) Source {
	return SourceFunc(func(context.Context, string) (string, error) { return "", err })
}

func TestResolverGet(t *testing.T) {
	boom := errors.New("backend down")
	tests := []struct {
		name    string
		sources []Source
		key     string
		want    string
		wantErr error
	}{
		{"first hit wins", []Source{
			mapSource(map[string]string{"K": "from-first"}),
			mapSource(map[string]string{"K": "from-second"}),
		}, "K", "from-first", nil},
		{"falls through misses", []Source{
			mapSource(map[string]string{}),
			mapSource(map[string]string{"K": "from-second"}),
		}, "K", "from-second", nil},
		{"empty counts as unset", []Source{
			mapSource(map[string]string{"K": ""}),
			mapSource(map[string]string{"K": "from-second"}),
		}, "K", "from-second", nil},
		{"not found anywhere", []Source{
			mapSource(map[string]string{}),
		}, "K", "", ErrNotFound},
		{"no sources", []Source{}, "K", "", ErrNotFound},
		{"failure stops the search", []Source{
			failingSource(boom),
			mapSource(map[string]string{"K": "from-second"}),
		}, "K", "", boom},
		{"empty key", nil, "", "", ErrBadRef},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New(&Options{Sources: tt.sources})
			s, err := r.Get(context.Background(), tt.key)
			if tt.wantErr != nil {
				require.Error(t, err)
				assert.True(t, errors.Is(err, tt.wantErr), "got %v, want %v", err, tt.wantErr)
				prefix := fmt.Sprintf("secrets: resolve %q: ", tt.key)
				assert.True(t, strings.HasPrefix(err.Error(), prefix),
					"got %q", err.Error())
				assert.True(t, s.IsZero(), "got a value with an error")
				return
			}
			require.NoError(t, err)
			assert.True(t, s.Reveal() == tt.want, "got the wrong value")
		})
	}
}

func TestResolverGetEnv(t *testing.T) {
	t.Setenv("HUSH_TEST_SET", "env-value-1")
	t.Setenv("HUSH_TEST_EMPTY", "")
	dot := mapSource(map[string]string{
		"HUSH_TEST_EMPTY": "dotenv-value",
		"HUSH_TEST_SET":   "dotenv-other",
	})
	r := New(&Options{Sources: []Source{Env(), dot}})
	ctx := context.Background()

	s, err := r.Get(ctx, "HUSH_TEST_SET")
	require.NoError(t, err)
	assert.True(t, s.Reveal() == "env-value-1", "environment did not win")

	s, err = r.Get(ctx, "HUSH_TEST_EMPTY")
	require.NoError(t, err)
	assert.True(t, s.Reveal() == "dotenv-value", "empty variable did not fall through")

	_, err = New(nil).Get(ctx, "HUSH_TEST_UNSET_VARIABLE")
	assert.True(t, errors.Is(err, ErrNotFound), "got %v, want ErrNotFound", err)
}

func TestResolverRegistersBeforeReturning(t *testing.T) {
	const value = "registered-value-42"
	tests := []struct {
		name, key, wantMask string
	}{
		{"named", "DB_PASSWORD", "[REDACTED:DB_PASSWORD]"},
		{"not a mask name", "db password", "[REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			red := redact.New(nil)
			src := mapSource(map[string]string{tt.key: value})
			r := New(&Options{Redactor: red, Sources: []Source{src}})
			_, err := r.Get(context.Background(), tt.key)
			require.NoError(t, err)
			assert.Equal(t, "x "+tt.wantMask+" y", red.Redact("x "+value+" y"))
		})
	}
}

func TestResolverRegistersOnce(t *testing.T) {
	red := redact.New(nil)
	r := New(&Options{Redactor: red, Sources: []Source{
		mapSource(map[string]string{"TOKEN": "token-value-1", "bad name": "other-value-2"}),
	}})
	ctx := context.Background()
	for _, key := range []string{"TOKEN", "bad name"} {
		_, err := r.Get(ctx, key)
		require.NoError(t, err)
		gen := red.Generation()
		_, err = r.Get(ctx, key)
		require.NoError(t, err)
		assert.Equal(t, gen, red.Generation(), "%q registered again", key)
	}
}

func TestResolverShortValues(t *testing.T) {
	const short = "abc"
	src := mapSource(map[string]string{"PIN": short})
	ctx := context.Background()

	_, err := New(&Options{Sources: []Source{src}}).Get(ctx, "PIN")
	require.Error(t, err)
	assert.True(t, errors.Is(err, redact.ErrTooShort), "got %v, want redact.ErrTooShort", err)
	assert.True(t, strings.HasPrefix(err.Error(), `secrets: resolve "PIN": `),
		"got %q", err.Error())
	assert.False(t, strings.Contains(err.Error(), short), "error holds the value")

	s, err := New(&Options{Sources: []Source{src}, AllowShort: true}).Get(ctx, "PIN")
	require.NoError(t, err)
	assert.True(t, s.Reveal() == short, "got the wrong value")
}

func TestResolverNilRedactor(t *testing.T) {
	tests := []struct {
		name string
		r    *Resolver
	}{
		{"nil options", New(nil)},
		{"nil redactor", New(&Options{})},
		{"zero resolver", &Resolver{}},
	}
	t.Setenv("HUSH_TEST_TOKEN", "zero-value-token")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.r.Get(context.Background(), "HUSH_TEST_TOKEN")
			require.NoError(t, err)
			assert.True(t, s.Reveal() == "zero-value-token", "got the wrong value")
			require.NotNil(t, tt.r.Redactor())
			assert.Equal(t, "[REDACTED:HUSH_TEST_TOKEN]",
				tt.r.Redactor().Redact("zero-value-token"))
		})
	}
}

func TestResolverContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	src := SourceFunc(func(context.Context, string) (string, error) {
		called = true
		return "value-never-read", nil
	})
	p := ProviderFunc(func(context.Context, Ref) ([]byte, error) {
		called = true
		return []byte("value-never-read"), nil
	})
	r := New(&Options{Sources: []Source{src}, Providers: map[string]Provider{"fake": p}})

	_, err := r.Get(ctx, "K")
	assert.True(t, errors.Is(err, context.Canceled), "Get: got %v, want context.Canceled", err)
	_, err = r.Resolve(ctx, "fake://x")
	assert.True(t, errors.Is(err, context.Canceled), "Resolve: got %v, want context.Canceled", err)
	assert.False(t, called, "a source or provider was asked after the context ended")

	// A source that notices the context ending mid-call.
	ctx2, cancel2 := context.WithCancel(context.Background())
	slow := SourceFunc(func(ctx context.Context, _ string) (string, error) {
		cancel2()
		<-ctx.Done()
		return "", ctx.Err()
	})
	_, err = New(&Options{Sources: []Source{slow}}).Get(ctx2, "K")
	assert.True(t, errors.Is(err, context.Canceled), "got %v, want context.Canceled", err)
}

// fakeManager is a Provider over fixed documents, recording its calls.
type fakeManager struct {
	mu    sync.Mutex
	docs  map[string]string
	calls []Ref
}

func (m *fakeManager) Fetch(_ context.Context, ref Ref) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, ref)
	doc, ok := m.docs[ref.ID]
	if !ok {
		return nil, fmt.Errorf("fake: %q: %w", ref.ID, ErrNotFound)
	}
	return []byte(doc), nil
}

func TestResolverGetOr(t *testing.T) {
	mgr := &fakeManager{docs: map[string]string{
		"prod/api": `{"api_key": "manager-api-key", "n": 42, "empty": ""}`,
		"raw":      "raw-manager-secret",
	}}
	boom := errors.New("source down")
	tests := []struct {
		name      string
		sources   []Source
		key, ref  string
		want      string
		wantErr   error
		wantCalls int
	}{
		{"source wins", []Source{mapSource(map[string]string{"API_KEY": "env-api-key"})},
			"API_KEY", "prod/api:api_key", "env-api-key", nil, 0},
		{"falls back to manager", nil, "API_KEY", "prod/api:api_key", "manager-api-key", nil, 1},
		{"uri form", nil, "API_KEY", "fake://prod/api#api_key", "manager-api-key", nil, 1},
		{"whole secret", nil, "API_KEY", "raw", "raw-manager-secret", nil, 1},
		{"missing secret", nil, "API_KEY", "nope:k", "", ErrNotFound, 1},
		{"missing key", nil, "API_KEY", "prod/api:other", "", ErrNotFound, 1},
		{"empty key value", nil, "API_KEY", "prod/api:empty", "", ErrNotFound, 1},
		{"not json", nil, "API_KEY", "raw:k", "", ErrNotJSON, 1},
		{"no provider", nil, "API_KEY", "awssm://prod/api#api_key", "", ErrNoProvider, 0},
		{"bad ref", nil, "API_KEY", "prod/api:", "", ErrBadRef, 0},
		{"source failure skips manager", []Source{failingSource(boom)},
			"API_KEY", "prod/api:api_key", "", boom, 0},
		{"empty ref is Get", nil, "API_KEY", "", "", ErrNotFound, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mgr.calls = nil
			if tt.sources == nil {
				tt.sources = []Source{}
			}
			r := New(&Options{
				Sources:       tt.sources,
				Providers:     map[string]Provider{"fake": mgr},
				DefaultScheme: "fake",
			})
			s, err := r.GetOr(context.Background(), tt.key, tt.ref)
			assert.Len(t, mgr.calls, tt.wantCalls)
			if tt.wantErr != nil {
				require.Error(t, err)
				assert.True(t, errors.Is(err, tt.wantErr), "got %v, want %v", err, tt.wantErr)
				assert.False(t, strings.Contains(err.Error(), "manager-"), "error holds a value")
				assert.False(t, strings.Contains(err.Error(), "raw-"), "error holds a value")
				return
			}
			require.NoError(t, err)
			assert.True(t, s.Reveal() == tt.want, "got the wrong value")
			assert.Equal(t, "[REDACTED:API_KEY]", r.Redactor().Redact(tt.want))
		})
	}
}

func TestResolverResolve(t *testing.T) {
	var got Ref
	p := ProviderFunc(func(_ context.Context, ref Ref) ([]byte, error) {
		got = ref
		return []byte(`{"password": "vault-password-3"}`), nil
	})
	r := New(&Options{Providers: map[string]Provider{"vault": p}})
	s, err := r.Resolve(context.Background(), "vault://secret/app#password?version=3")
	require.NoError(t, err)
	assert.True(t, s.Reveal() == "vault-password-3", "got the wrong value")
	want := Ref{Scheme: "vault", ID: "secret/app", Key: "password", Query: "version=3"}
	assert.Equal(t, want, got)
	assert.Equal(t, "3", got.Param("version"))
	assert.Equal(t, "[REDACTED:password]", r.Redactor().Redact("vault-password-3"))
}

func TestResolverNoProvider(t *testing.T) {
	tests := []struct {
		name, ref, scheme, text string
	}{
		{"scheme", "awssm://prod/db#password", "awssm",
			`secrets: resolve "awssm://prod/db#password": no provider for scheme "awssm"`},
		{"bare without default", "prod/api:api_key", "",
			`secrets: resolve "prod/api:api_key": no provider for references ` +
				`without a scheme (no default scheme set)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(nil).Resolve(context.Background(), tt.ref)
			var npe *NoProviderError
			require.True(t, errors.As(err, &npe), "got %v, want *NoProviderError", err)
			assert.Equal(t, tt.scheme, npe.Scheme)
			assert.Equal(t, tt.ref, npe.Ref)
			assert.True(t, errors.Is(err, ErrNoProvider), "error does not wrap ErrNoProvider")
			assert.Equal(t, tt.text, err.Error())
		})
	}
}

func TestResolverProviderErrorWrapped(t *testing.T) {
	denied := errors.New("access denied")
	p := ProviderFunc(func(context.Context, Ref) ([]byte, error) { return nil, denied })
	r := New(&Options{Providers: map[string]Provider{"x": p}})
	_, err := r.Resolve(context.Background(), "x://id#k")
	assert.True(t, errors.Is(err, denied), "got %v, want the provider's error", err)
	assert.Equal(t, `secrets: resolve "x://id#k": access denied`, err.Error())
}

func TestResolverOptionsCopied(t *testing.T) {
	opts := &Options{Sources: []Source{mapSource(map[string]string{"K": "first-value"})}}
	r := New(opts)
	opts.Sources[0] = mapSource(map[string]string{"K": "changed-value"})
	s, err := r.Get(context.Background(), "K")
	require.NoError(t, err)
	assert.True(t, s.Reveal() == "first-value", "New did not copy Options.Sources")
}

func TestResolverConcurrent(t *testing.T) {
	red := redact.New(nil)
	r := New(&Options{Redactor: red, Sources: []Source{
		mapSource(map[string]string{"A": "concurrent-a", "B": "concurrent-b"}),
	}})
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := []string{"A", "B"}[i%2]
			s, err := r.Get(context.Background(), key)
			assert.NoError(t, err)
			assert.False(t, s.IsZero())
		}()
	}
	wg.Wait()
	assert.True(t, red.Contains("concurrent-a"), "value not registered")
	assert.True(t, red.Contains("concurrent-b"), "value not registered")
}

func TestResolverPrintsNoValues(t *testing.T) {
	r := New(&Options{Sources: []Source{mapSource(map[string]string{"K": "printed-value-7"})}})
	_, err := r.Get(context.Background(), "K")
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		out := sprintfVerb(verb, r)
		assert.False(t, strings.Contains(out, "printed-value-7"), "%s output holds the value", verb)
	}
}

// recordingInvalidator is a Provider and an Invalidator that records
// the calls it gets, in the form "invalidate ref" or "reject ref".
type recordingInvalidator struct {
	Provider
	mu    sync.Mutex
	calls []string // guarded by mu
}

func (p *recordingInvalidator) Invalidate(ref Ref) { p.record("invalidate", ref) }

func (p *recordingInvalidator) Reject(ref Ref) { p.record("reject", ref) }

func (p *recordingInvalidator) record(op string, ref Ref) {
	p.mu.Lock()
	p.calls = append(p.calls, op+" "+ref.String())
	p.mu.Unlock()
}

// forgetOps are the Resolver's two ways to drop what it knows of a ref.
var forgetOps = []struct {
	name string
	op   func(r *Resolver, ref string) error
}{
	{"invalidate", (*Resolver).Invalidate},
	{"reject", (*Resolver).Reject},
}

func TestResolverInvalidateErrors(t *testing.T) {
	p := newCountingProvider(map[string]string{})
	tests := []struct {
		name       string
		opts       *Options
		ref        string
		wantErr    error
		wantScheme string // of the *NoProviderError, for ErrNoProvider
	}{
		{"empty ref", &Options{}, "", ErrBadRef, ""},
		{"control character", &Options{}, "x://a\nb", ErrBadRef, ""},
		{"unknown scheme", &Options{Providers: map[string]Provider{"x": p}},
			"y://app#k", ErrNoProvider, "y"},
		{"bare without default", &Options{Providers: map[string]Provider{"x": p}},
			"app:k", ErrNoProvider, ""},
		{"default without provider", &Options{DefaultScheme: "y"},
			"app:k", ErrNoProvider, "y"},
		{"zero resolver", nil, "x://app#k", ErrNoProvider, "x"},
	}
	for _, o := range forgetOps {
		for _, tt := range tests {
			t.Run(o.name+" "+tt.name, func(t *testing.T) {
				r := New(tt.opts)
				err := o.op(r, tt.ref)
				require.Error(t, err)
				assert.True(t, errors.Is(err, tt.wantErr), "got %v, want %v", err, tt.wantErr)
				assert.True(t, strings.HasPrefix(err.Error(), "secrets: "), "got %q", err.Error())
				if tt.wantErr != ErrNoProvider {
					return
				}
				var np *NoProviderError
				require.True(t, errors.As(err, &np), "got %T, want *NoProviderError", err)
				assert.Equal(t, tt.ref, np.Ref, "Ref")
				assert.Equal(t, tt.wantScheme, np.Scheme, "Scheme")
			})
		}
	}
}

// TestResolverInvalidateOverCache checks that both operations, given
// any key of a document in the form it was read, make the next read of
// every key go to the backend, and that the new value is registered.
func TestResolverInvalidateOverCache(t *testing.T) {
	tests := []struct {
		name       string
		read, drop string
	}{
		{"same ref", "x://prod/db#password", "x://prod/db#password"},
		{"other key", "x://prod/db#password", "x://prod/db#user"},
		{"whole document", "x://prod/db#password", "x://prod/db"},
		{"bare ref", "prod/db:password", "prod/db:user"},
	}
	for _, o := range forgetOps {
		for _, tt := range tests {
			t.Run(o.name+" "+tt.name, func(t *testing.T) {
				p := newCountingProvider(map[string]string{
					"prod/db": `{"user": "db-user-name-1", "password": "db-password-1"}`,
				})
				c := NewCache(p, nil)
				red := redact.New(nil)
				r := New(&Options{Redactor: red, Sources: []Source{},
					Providers: map[string]Provider{"x": c}, DefaultScheme: "x"})
				ctx := context.Background()
				_, err := r.Resolve(ctx, tt.read)
				require.NoError(t, err)
				p.set("prod/db", `{"user": "db-user-name-1", "password": "db-password-2"}`)
				s, err := r.Resolve(ctx, tt.read)
				require.NoError(t, err)
				require.True(t, s.Reveal() == "db-password-1", "cache not used")

				require.NoError(t, o.op(r, tt.drop))
				s, err = r.Resolve(ctx, tt.read)
				require.NoError(t, err)
				assert.True(t, s.Reveal() == "db-password-2", "old value served")
				assert.True(t, red.Contains("db-password-2"), "new value not registered")
				assert.Equal(t, int64(2), p.calls.Load(), "backend calls")
				wantRejects := uint64(0)
				if o.name == "reject" {
					wantRejects = 1
				}
				assert.Equal(t, wantRejects, c.Stats().Rejects, "rejects")
			})
		}
	}
}

// TestResolverInvalidateOtherForm checks the documented limit: the
// bare and URI forms of one secret are separate documents.
func TestResolverInvalidateOtherForm(t *testing.T) {
	p := newCountingProvider(map[string]string{"prod/db": `{"password": "db-password-1"}`})
	r := New(&Options{Sources: []Source{},
		Providers: map[string]Provider{"x": NewCache(p, nil)}, DefaultScheme: "x"})
	ctx := context.Background()
	_, err := r.Resolve(ctx, "prod/db:password")
	require.NoError(t, err)
	require.NoError(t, r.Invalidate("x://prod/db#password"))
	_, err = r.Resolve(ctx, "prod/db:password")
	require.NoError(t, err)
	assert.Equal(t, int64(1), p.calls.Load(), "backend calls")
}

// TestResolverInvalidateForwards checks what reaches a provider that
// is an Invalidator, and which remembered values the Resolver forgets.
func TestResolverInvalidateForwards(t *testing.T) {
	const env = "HUSH_TEST_UNSET_FOR_FORGET"
	t.Setenv(env, "")
	docs := newCountingProvider(map[string]string{
		"app":   `{"j": "forget-value-j", "k": "forget-value-k"}`,
		"other": `{"k": "forget-value-o"}`,
	})
	reads := []struct {
		ref, name string // name is "" for Resolve, the key for GetOr
		kept      bool   // remembered after dropping x://app#k
	}{
		{"x://app#k", "", false},
		{"x://app#j", env, false},
		{"app:j", "", true}, // the bare form: another document
		{"x://app?stage=AWSPREVIOUS#k", "", true},
		{"x://other#k", "", true},
	}
	for _, o := range forgetOps {
		t.Run(o.name, func(t *testing.T) {
			p := &recordingInvalidator{Provider: docs}
			r := New(&Options{Providers: map[string]Provider{"x": p}, DefaultScheme: "x"})
			ctx := context.Background()
			for _, rd := range reads {
				var err error
				if rd.name == "" {
					_, err = r.Resolve(ctx, rd.ref)
				} else {
					_, err = r.GetOr(ctx, rd.name, rd.ref)
				}
				require.NoError(t, err)
			}
			require.NoError(t, o.op(r, "x://app#k"))
			assert.Equal(t, []string{o.name + " x://app#k"}, p.calls, "calls")
			for _, rd := range reads {
				got := r.memo.get(rd.ref, rd.name) != nil
				assert.Equal(t, rd.kept, got, "%s: remembered", rd.ref)
			}
		})
	}
}
