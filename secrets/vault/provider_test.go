package vault

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/secrets"
)

func mustRef(t *testing.T, s string) secrets.Ref {
	t.Helper()
	ref, err := secrets.ParseRef(s)
	require.NoError(t, err)
	return ref
}

func newTestProvider(t *testing.T, c *api.Client, opts *Options) *Provider {
	t.Helper()
	p, err := New(c, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	return p
}

func TestFetch(t *testing.T) {
	f := newFakeVault(t)
	tok := f.addToken(t)
	f.set(func(f *fakeVault) { f.mounts["team/a/kv/"] = "2" })
	f.putKV2("secret/", "app", `{"password":"pw-current","n":12345678901234567890}`)
	f.putRaw("secret/data/app?version=1",
		`{"data":{"data":{"password":"pw-one"},"metadata":{"version":1}}}`)
	f.putRaw("kv1/app", `{"data":{"password":"pw-v1"}}`)
	f.putKV2("team/a/kv/", "deep/app", `{"db":{"password":"pw-deep"}}`)
	p := newTestProvider(t, f.client(t, tok), nil)

	tests := []struct {
		name, ref, want string
	}{
		{"kv2 current", "vault://secret/app#password", "pw-current"},
		{"kv2 version", "vault://secret/app#password?version=1", "pw-one"},
		{"kv1", "vault://kv1/app#password", "pw-v1"},
		{"deep mount", "vault://team/a/kv/deep/app#db.password", "pw-deep"},
		{"exact number", "vault://secret/app#n", "12345678901234567890"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := mustRef(t, tt.ref)
			doc, err := p.Fetch(context.Background(), ref)
			require.NoError(t, err)
			got, err := secrets.ExtractKey(doc, ref)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "got the wrong value")
		})
	}
}

func TestMountCachedPerMount(t *testing.T) {
	f := newFakeVault(t)
	tok := f.addToken(t)
	f.putKV2("secret/", "a", `{"k":"va"}`)
	f.putKV2("secret/", "b/c", `{"k":"vb"}`)
	p := newTestProvider(t, f.client(t, tok), nil)
	for _, id := range []string{"secret/a", "secret/b/c", "secret/a"} {
		_, err := p.Fetch(context.Background(), secrets.Ref{ID: id})
		require.NoError(t, err, "fetch %q", id)
	}
	m, ok := p.mounts.lookup("secret/zzz")
	assert.True(t, ok, "mount secret/ is not cached")
	assert.Equal(t, mount{path: "secret/", v2: true}, m)
}

func TestBadRef(t *testing.T) {
	f := newFakeVault(t)
	tok := f.addToken(t)
	p := newTestProvider(t, f.client(t, tok), nil)
	tests := []struct {
		name string
		ref  secrets.Ref
	}{
		{"dot dot", secrets.Ref{ID: "secret/../sys/mounts"}},
		{"dot", secrets.Ref{ID: "secret/./app"}},
		{"empty segment", secrets.Ref{ID: "secret//app"}},
		{"leading slash", secrets.Ref{ID: "/secret/app"}},
		{"trailing slash", secrets.Ref{ID: "secret/app/"}},
		{"empty", secrets.Ref{}},
		{"control", secrets.Ref{ID: "secret/a\x00b"}},
		{"version not a number", secrets.Ref{ID: "secret/app", Query: "version=x"}},
		{"version zero", secrets.Ref{ID: "secret/app", Query: "version=0"}},
		{"two versions", secrets.Ref{ID: "secret/app", Query: "version=1&version=2"}},
		{"unknown parameter", secrets.Ref{ID: "secret/app", Query: "stage=AWSPREVIOUS"}},
		{"bad query", secrets.Ref{ID: "secret/app", Query: "%zz"}},
		{"mount alone", secrets.Ref{ID: "secret"}},
		{"version on kv1", secrets.Ref{ID: "kv1/app", Query: "version=2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Fetch(context.Background(), tt.ref)
			require.ErrorIs(t, err, secrets.ErrBadRef)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.ref.String(), e.Ref, "error names the wrong reference")
		})
	}
	assert.Zero(t, f.reads.Load(), "a bad reference reached Vault")
}

func TestFaults(t *testing.T) {
	secret := randomText("value-")
	body := func(code int, s string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, code, s) }
	}
	tests := []struct {
		name   string
		fault  http.HandlerFunc
		kind   error
		reason string
	}{
		{"not found", body(404, `{"errors":[]}`), secrets.ErrNotFound, "no secret"},
		{"deleted version", body(404, `{"data":{"data":null,"metadata":`+
			`{"deletion_time":"2024-01-01T00:00:00Z"}}}`), secrets.ErrNotFound, "deleted"},
		{"destroyed version", body(404, `{"data":{"data":null,"metadata":`+
			`{"destroyed":true}}}`), secrets.ErrNotFound, "destroyed"},
		{"denied", body(403, `{"errors":["permission denied"]}`),
			secrets.ErrAccessDenied, "permission denied"},
		{"unauthorized", body(401, `{"errors":["unauthorized"]}`),
			secrets.ErrAccessDenied, ""},
		{"throttled", body(429, `{"errors":["rate limit quota exceeded"]}`),
			secrets.ErrTransient, "rate limit"},
		{"sealed", body(503, `{"errors":["Vault is sealed"]}`),
			secrets.ErrTransient, "Vault is sealed"},
		{"server error with secret in a non-JSON body",
			body(502, "<html>"+secret+"</html>"), secrets.ErrTransient, ""},
		{"standby catching up", body(412, `{"errors":[]}`), secrets.ErrTransient, ""},
		{"garbled answer", body(200, `{"data":{"data":{"password":"`+secret),
			secrets.ErrTransient, "malformed answer"},
		{"no data", body(200, `{"data":null}`), secrets.ErrTransient, "no data"},
		{"data not an object", body(200, `{"data":{"data":"`+secret+`"}}`),
			secrets.ErrTransient, "no data"},
		{"answer too large", body(200, strings.Repeat(" ", maxBody+1)),
			secrets.ErrTransient, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeVault(t)
			tok := f.addToken(t)
			f.setFault(tt.fault)
			p := newTestProvider(t, f.client(t, tok), nil)
			_, err := p.Fetch(context.Background(), mustRef(t, "vault://secret/app#password"))
			require.ErrorIs(t, err, tt.kind)
			msg := err.Error()
			assert.Contains(t, msg, `vault: fetch "vault://secret/app#password"`)
			assert.Contains(t, msg, tt.reason)
			assert.False(t, strings.Contains(msg, secret), "error holds the secret")
			assert.False(t, strings.Contains(msg, tok), "error holds the token")
		})
	}
}

func TestNotFoundForgetsMount(t *testing.T) {
	f := newFakeVault(t)
	tok := f.addToken(t)
	f.putRaw("kv1/app", `{"data":{"k":"v1value"}}`)
	p := newTestProvider(t, f.client(t, tok), nil)
	_, err := p.Fetch(context.Background(), secrets.Ref{ID: "kv1/app"})
	require.NoError(t, err)

	// The mount is enabled again as version 2.
	f.set(func(f *fakeVault) {
		f.mounts["kv1/"] = "2"
		delete(f.docs, "kv1/app")
	})
	f.putKV2("kv1/", "app", `{"k":"v2value"}`)
	_, err = p.Fetch(context.Background(), secrets.Ref{ID: "kv1/app"})
	require.ErrorIs(t, err, secrets.ErrNotFound)
	doc, err := p.Fetch(context.Background(), secrets.Ref{ID: "kv1/app"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"k":"v2value"}`, string(doc))
}

func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())

	cfg := api.DefaultConfig()
	cfg.Address = "http://" + addr
	cfg.MaxRetries = 0
	c, err := api.NewClient(cfg)
	require.NoError(t, err)
	p := newTestProvider(t, c, &Options{Token: secrets.NewSecret("tok-unused")})
	_, err = p.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.ErrorIs(t, err, secrets.ErrTransient)
	assert.False(t, strings.Contains(err.Error(), "tok-unused"), "error holds the token")
}

func TestContext(t *testing.T) {
	f := newFakeVault(t)
	tok := f.addToken(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	f.setFault(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	f.putKV2("secret/", "app", `{"k":"v"}`)
	p := newTestProvider(t, f.client(t, tok), nil)
	ref := secrets.Ref{ID: "secret/app"}

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := p.Fetch(ctx, ref)
		require.ErrorIs(t, err, context.Canceled)
		assert.False(t, errors.Is(err, secrets.ErrTransient),
			"a cancelled read counts as transient")
	})
	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := p.Fetch(ctx, ref)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, secrets.ErrTransient)
	})
}

func TestAppRole(t *testing.T) {
	f := newFakeVault(t)
	f.putKV2("secret/", "app", `{"k":"value-app"}`)
	f.putKV2("secret/", "locked", `{"k":"value-locked"}`)
	f.set(func(f *fakeVault) { f.denied["secret/data/locked"] = true })
	auth := &AppRole{RoleID: f.roleID, SecretID: secrets.NewSecret(f.secretID)}
	p := newTestProvider(t, f.client(t, ""), &Options{Auth: auth, DisableRenewal: true})
	ctx := context.Background()

	_, err := p.Fetch(ctx, secrets.Ref{ID: "secret/app"})
	require.NoError(t, err)
	assert.EqualValues(t, 1, f.logins.Load(), "logins after the first read")

	t.Run("refused for want of permission", func(t *testing.T) {
		_, err := p.Fetch(ctx, secrets.Ref{ID: "secret/locked"})
		require.ErrorIs(t, err, secrets.ErrAccessDenied)
		assert.EqualValues(t, 1, f.logins.Load(), "logged in again for a valid token")
	})
	t.Run("token revoked", func(t *testing.T) {
		f.revokeAll()
		doc, err := p.Fetch(ctx, secrets.Ref{ID: "secret/app"})
		require.NoError(t, err)
		assert.JSONEq(t, `{"k":"value-app"}`, string(doc))
		assert.EqualValues(t, 2, f.logins.Load(), "logins after the token was revoked")
	})
}

func TestAppRoleBadCredentials(t *testing.T) {
	f := newFakeVault(t)
	wrong := randomText("wrong-")
	auth := &AppRole{RoleID: f.roleID, SecretID: secrets.NewSecret(wrong)}
	p := newTestProvider(t, f.client(t, ""), &Options{Auth: auth})
	_, err := p.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.ErrorIs(t, err, secrets.ErrAccessDenied)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "login", e.Op)
	assert.Equal(t, "secret/app", e.Ref)
	assert.False(t, strings.Contains(err.Error(), wrong), "error holds the secret id")
}

func TestLoginOnceForManyReaders(t *testing.T) {
	f := newFakeVault(t)
	f.putKV2("secret/", "app", `{"k":"value-app"}`)
	loginGo := make(chan struct{})
	f.set(func(f *fakeVault) { f.loginGo = loginGo })
	auth := &AppRole{RoleID: f.roleID, SecretID: secrets.NewSecret(f.secretID)}
	p := newTestProvider(t, f.client(t, ""), &Options{Auth: auth, DisableRenewal: true})

	// One reader gives up while the login is in flight; the others wait.
	short, cancel := context.WithCancel(context.Background())
	shortErr := make(chan error, 1)
	go func() {
		_, err := p.Fetch(short, secrets.Ref{ID: "secret/app"})
		shortErr <- err
	}()
	const n = 50
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = p.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
		})
	}
	require.Eventually(t, func() bool { return f.logins.Load() > 0 },
		10*time.Second, time.Millisecond, "no login started")
	cancel()
	require.ErrorIs(t, <-shortErr, context.Canceled)
	close(loginGo)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "reader %d", i)
	}
	assert.EqualValues(t, 1, f.logins.Load(), "logins for concurrent readers")
	require.NoError(t, p.Close())
	requireNoLeak(t)
}

func TestRenewal(t *testing.T) {
	f := newFakeVault(t)
	f.set(func(f *fakeVault) { f.ttl = 1 })
	tok := f.addToken(t)
	f.putKV2("secret/", "app", `{"k":"value-app"}`)
	p, err := New(f.client(t, tok), nil)
	require.NoError(t, err)
	_, err = p.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return f.renewals.Load() >= 2 },
		20*time.Second, 10*time.Millisecond, "token not renewed")
	assert.EqualValues(t, 1, f.lookups.Load(), "lookups of the token")
	require.NoError(t, p.Close())
	requireNoLeak(t)
}

func TestRenewalLogsInWithAppRole(t *testing.T) {
	f := newFakeVault(t)
	f.set(func(f *fakeVault) { f.ttl = 1 })
	auth := &AppRole{RoleID: f.roleID, SecretID: secrets.NewSecret(f.secretID)}
	f.putKV2("secret/", "app", `{"k":"value-app"}`)
	p, err := New(f.client(t, ""), &Options{Auth: auth})
	require.NoError(t, err)
	_, err = p.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.NoError(t, err)

	// Make the next renewal fail as for an expired token: the loop
	// logs in again without waiting for a read.
	f.revokeAll()
	require.Eventually(t, func() bool { return f.logins.Load() >= 2 },
		20*time.Second, 10*time.Millisecond, "no login after a refused renewal")
	require.NoError(t, p.Close())
	requireNoLeak(t)
}

func TestClose(t *testing.T) {
	f := newFakeVault(t)
	tok := f.addToken(t)
	p, err := New(f.client(t, tok), nil)
	require.NoError(t, err)
	_, err = p.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.ErrorIs(t, err, secrets.ErrNotFound)
	require.NoError(t, p.Close())
	require.NoError(t, p.Close())
	_, err = p.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.ErrorIs(t, err, ErrClosed)
	requireNoLeak(t)
}

func TestZeroAndNil(t *testing.T) {
	var zero Provider
	_, err := zero.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.ErrorIs(t, err, ErrNoClient)
	require.NoError(t, zero.Close())
	assert.False(t, zero.Pinned(secrets.Ref{ID: "secret/app"}))

	var nilP *Provider
	_, err = nilP.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.ErrorIs(t, err, ErrNoClient)
	require.NoError(t, nilP.Close())

	_, err = New(nil, &Options{})
	require.ErrorIs(t, err, ErrNoClient)

	f := newFakeVault(t)
	p := newTestProvider(t, f.client(t, ""), &Options{Auth: (*AppRole)(nil)})
	_, err = p.Fetch(context.Background(), secrets.Ref{ID: "secret/app"})
	require.Error(t, err, "a nil AppRole logged in")

	_, err = New(f.client(t, ""), &Options{Token: secrets.NewSecret("tok\nx")})
	require.ErrorIs(t, err, secrets.ErrAccessDenied)
}

func TestPinned(t *testing.T) {
	var p Provider
	tests := []struct {
		ref  string
		want bool
	}{
		{"vault://secret/app#k?version=3", true},
		{"vault://secret/app#k", false},
		{"vault://secret/app#k?version=0", false},
		{"vault://secret/app#k?version=x", false},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			assert.Equal(t, tt.want, p.Pinned(mustRef(t, tt.ref)))
		})
	}
}

func TestNewKeepsClient(t *testing.T) {
	f := newFakeVault(t)
	tok := f.addToken(t)
	other := f.addToken(t)
	var ns atomic.Value
	f.setFault(func(w http.ResponseWriter, r *http.Request) {
		ns.Store(r.Header.Get("X-Vault-Namespace"))
		writeJSON(w, 200, `{"data":{"k":"v"}}`)
	})
	c := f.client(t, tok)
	c.SetNamespace("team-a")
	p := newTestProvider(t, c, &Options{Token: secrets.NewSecret(other)})
	c.SetNamespace("team-b")
	_, err := p.Fetch(context.Background(), secrets.Ref{ID: "kv1/app"})
	require.NoError(t, err)
	assert.Equal(t, "team-a", ns.Load(), "namespace not kept")
	assert.True(t, c.Token() == tok, "New changed the caller's client")
	assert.True(t, p.c.Token() == other, "Options.Token not used")
}
