package vault

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/secrets"
)

// kvSetup is what the integration tests put in a Vault server: a KV
// version 1 mount, a version 2 mount, and one two segments deep, each
// under a random name so that tests can share a server.
type kvSetup struct {
	root         *api.Client
	v1, v2, deep string // mount paths without the trailing slash
	values       map[string]string
}

func setupKV(t *testing.T, s *devServer) *kvSetup {
	t.Helper()
	root := s.client(t, s.root)
	id := strings.ToLower(randomText(""))[:10]
	k := &kvSetup{root: root, v1: "kv1-" + id, v2: "kv2-" + id,
		deep: "team/" + id + "/kv", values: map[string]string{}}
	sys := root.Sys()
	require.NoError(t, sys.Mount(k.v1, &api.MountInput{Type: "kv",
		Options: map[string]string{"version": "1"}}))
	for _, m := range []string{k.v2, k.deep} {
		require.NoError(t, sys.Mount(m, &api.MountInput{Type: "kv",
			Options: map[string]string{"version": "2"}}))
	}
	for i := 1; i <= 3; i++ {
		k.values["v"+itoa(i)] = randomText("pw-v" + itoa(i) + "-")
		k.writeRaw(t, k.v2+"/data/app", `{"data":{"password":"`+
			k.values["v"+itoa(i)]+`","n":1234567.25,`+
			`"db":{"user":"app-user"}}}`)
	}
	k.values["v1mount"] = randomText("pw-kv1-")
	k.writeRaw(t, k.v1+"/app", `{"password":"`+k.values["v1mount"]+`"}`)
	k.values["deep"] = randomText("pw-deep-")
	k.writeRaw(t, k.deep+"/data/svc/app", `{"data":{"password":"`+
		k.values["deep"]+`"}}`)
	return k
}

func (k *kvSetup) writeRaw(t *testing.T, path, body string) {
	t.Helper()
	_, err := k.root.Logical().WriteBytes(path, []byte(body))
	require.NoError(t, err, "write %s", path)
}

func TestIntegrationRead(t *testing.T) {
	s := sharedServer(t)
	k := setupKV(t, s)
	p := newTestProvider(t, s.client(t, s.root), nil)
	red := redact.New(nil)
	res := secrets.New(&secrets.Options{Redactor: red, DefaultScheme: "vault",
		Providers: map[string]secrets.Provider{"vault": p}})

	tests := []struct {
		name, ref, want string
	}{
		{"kv2 current", "vault://" + k.v2 + "/app#password", k.values["v3"]},
		{"kv2 version 1", "vault://" + k.v2 + "/app#password?version=1", k.values["v1"]},
		{"kv2 bare form", k.v2 + "/app:password", k.values["v3"]},
		{"kv1", "vault://" + k.v1 + "/app#password", k.values["v1mount"]},
		{"deep mount", "vault://" + k.deep + "/svc/app#password", k.values["deep"]},
		{"nested key", "vault://" + k.v2 + "/app#db.user", "app-user"},
		{"number as Vault keeps it", "vault://" + k.v2 + "/app#n", "1234567.25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := res.Resolve(context.Background(), tt.ref)
			require.NoError(t, err)
			assert.True(t, got.Reveal() == tt.want, "got the wrong value")
			assert.True(t, red.Contains(tt.want), "value not registered")
		})
	}
}

func TestIntegrationNotFound(t *testing.T) {
	s := sharedServer(t)
	k := setupKV(t, s)
	_, err := k.root.Logical().Write(k.v2+"/delete/app",
		map[string]any{"versions": []int{2}})
	require.NoError(t, err)
	_, err = k.root.Logical().Write(k.v2+"/destroy/app",
		map[string]any{"versions": []int{1}})
	require.NoError(t, err)
	p := newTestProvider(t, s.client(t, s.root), nil)

	tests := []struct {
		name, ref, reason string
	}{
		{"kv2 no secret", "vault://" + k.v2 + "/missing", "no secret"},
		{"kv1 no secret", "vault://" + k.v1 + "/missing", "no secret"},
		{"no such version", "vault://" + k.v2 + "/app?version=9", ""},
		{"deleted version", "vault://" + k.v2 + "/app?version=2", "deleted"},
		{"destroyed version", "vault://" + k.v2 + "/app?version=1", "destroyed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Fetch(context.Background(), mustRef(t, tt.ref))
			require.ErrorIs(t, err, secrets.ErrNotFound)
			assert.Contains(t, err.Error(), tt.reason)
			for _, v := range k.values {
				assert.False(t, strings.Contains(err.Error(), v), "error holds a value")
			}
		})
	}
}

// policyToken makes a token whose only policy reads the secret "app"
// of mount.
func policyToken(t *testing.T, k *kvSetup, mount string) string {
	t.Helper()
	name := "read-" + strings.ToLower(randomText(""))[:8]
	rules := `path "` + mount + `/data/app" { capabilities = ["read"] }`
	require.NoError(t, k.root.Sys().PutPolicy(name, rules))
	sec, err := k.root.Auth().Token().Create(&api.TokenCreateRequest{
		Policies: []string{name}, NoDefaultPolicy: false, TTL: "1h"})
	require.NoError(t, err)
	return sec.Auth.ClientToken
}

func TestIntegrationDenied(t *testing.T) {
	s := sharedServer(t)
	k := setupKV(t, s)
	tok := policyToken(t, k, k.v2)
	p := newTestProvider(t, s.client(t, tok), nil)

	_, err := p.Fetch(context.Background(), mustRef(t, "vault://"+k.v2+"/app#password"))
	require.NoError(t, err, "the policy allows this read")
	for _, ref := range []string{
		"vault://" + k.v2 + "/other", // the mount is readable, the path not
		"vault://" + k.v1 + "/app",   // nothing on the mount is
		"vault://nomount/app",        // Vault hides which mounts exist
	} {
		t.Run(ref, func(t *testing.T) {
			_, err := p.Fetch(context.Background(), mustRef(t, ref))
			require.ErrorIs(t, err, secrets.ErrAccessDenied)
			assert.False(t, strings.Contains(err.Error(), tok), "error holds the token")
		})
	}
}

// countingAuth counts the logins it makes.
type countingAuth struct {
	api.AuthMethod
	n atomic.Int32
}

func (c *countingAuth) Login(ctx context.Context, client *api.Client) (*api.Secret, error) {
	c.n.Add(1)
	return c.AuthMethod.Login(ctx, client)
}

// appRole enables AppRole at a random mount with a role reading the
// secret "app" of k.v2, whose tokens have the given lifetimes.
func appRole(t *testing.T, k *kvSetup, ttl, maxTTL string) *AppRole {
	t.Helper()
	mount := "approle-" + strings.ToLower(randomText(""))[:8]
	require.NoError(t, k.root.Sys().EnableAuthWithOptions(mount,
		&api.EnableAuthOptions{Type: "approle"}))
	return appRoleAt(t, k, mount, ttl, maxTTL)
}

// appRoleAt makes a role at the AppRole mount, as appRole does.
func appRoleAt(t *testing.T, k *kvSetup, mount, ttl, maxTTL string) *AppRole {
	t.Helper()
	id := strings.ToLower(randomText(""))[:8]
	policy := "app-" + id
	require.NoError(t, k.root.Sys().PutPolicy(policy,
		`path "`+k.v2+`/data/app" { capabilities = ["read"] }`))
	role := "auth/" + mount + "/role/app-" + id
	_, err := k.root.Logical().Write(role, map[string]any{
		"token_policies": policy, "token_ttl": ttl, "token_max_ttl": maxTTL})
	require.NoError(t, err)
	rid, err := k.root.Logical().Read(role + "/role-id")
	require.NoError(t, err)
	sid, err := k.root.Logical().Write(role+"/secret-id", nil)
	require.NoError(t, err)
	return &AppRole{Mount: mount, RoleID: rid.Data["role_id"].(string),
		SecretID: secrets.NewSecret(sid.Data["secret_id"].(string))}
}

// tokenGone reports whether Vault no longer knows token.
func tokenGone(k *kvSetup, token string) bool {
	_, err := k.root.Auth().Token().Lookup(token)
	return err != nil
}

func TestIntegrationAppRole(t *testing.T) {
	s := sharedServer(t)
	k := setupKV(t, s)
	ref := mustRef(t, "vault://"+k.v2+"/app#password")
	ctx := context.Background()

	t.Run("login", func(t *testing.T) {
		auth := &countingAuth{AuthMethod: appRole(t, k, "1h", "1h")}
		p := newTestProvider(t, s.client(t, ""), &Options{Auth: auth})
		_, err := p.Fetch(ctx, ref)
		require.NoError(t, err)
		_, err = p.Fetch(ctx, mustRef(t, "vault://"+k.v2+"/other"))
		require.ErrorIs(t, err, secrets.ErrAccessDenied)
		assert.EqualValues(t, 1, auth.n.Load(), "logins")
	})
	t.Run("bad secret id", func(t *testing.T) {
		a := appRole(t, k, "1h", "1h")
		a.SecretID = secrets.NewSecret(randomText("wrong-"))
		p := newTestProvider(t, s.client(t, ""), &Options{Auth: a})
		_, err := p.Fetch(ctx, ref)
		require.ErrorIs(t, err, secrets.ErrAccessDenied)
		assert.False(t, strings.Contains(err.Error(), a.SecretID.Reveal()),
			"error holds the secret id")
	})
	t.Run("revoked token", func(t *testing.T) {
		auth := &countingAuth{AuthMethod: appRole(t, k, "1h", "1h")}
		p := newTestProvider(t, s.client(t, ""), &Options{Auth: auth})
		_, err := p.Fetch(ctx, ref)
		require.NoError(t, err)
		require.NoError(t, k.root.Auth().Token().RevokeTree(p.c.Token()))
		_, err = p.Fetch(ctx, ref)
		require.NoError(t, err, "no login after a refused read")
		assert.EqualValues(t, 2, auth.n.Load(), "logins")
	})
	t.Run("expired token", func(t *testing.T) {
		auth := &countingAuth{AuthMethod: appRole(t, k, "2s", "2s")}
		p := newTestProvider(t, s.client(t, ""),
			&Options{Auth: auth, DisableRenewal: true})
		_, err := p.Fetch(ctx, ref)
		require.NoError(t, err)
		first := p.c.Token()
		require.Eventually(t, func() bool { return tokenGone(k, first) },
			30*time.Second, 100*time.Millisecond, "token never expired")
		_, err = p.Fetch(ctx, ref)
		require.NoError(t, err, "no login after the token expired")
		assert.EqualValues(t, 2, auth.n.Load(), "logins")
	})
	t.Run("renewed token", func(t *testing.T) {
		auth := &countingAuth{AuthMethod: appRole(t, k, "2s", "1h")}
		p := newTestProvider(t, s.client(t, ""), &Options{Auth: auth})
		_, err := p.Fetch(ctx, ref)
		require.NoError(t, err)
		first := p.c.Token()
		require.Eventually(t, func() bool { return renewed(k, first) },
			30*time.Second, 100*time.Millisecond, "token never renewed")
		require.NoError(t, p.Close())
		requireNoLeak(t)
	})
}

// renewed reports whether token has been renewed at least once.
func renewed(k *kvSetup, token string) bool {
	sec, err := k.root.Auth().Token().Lookup(token)
	return err == nil && sec.Data["last_renewal_time"] != nil
}

func TestIntegrationSealed(t *testing.T) {
	s := ownServer(t)
	k := setupKV(t, s)
	p := newTestProvider(t, s.client(t, s.root), nil)
	ref := mustRef(t, "vault://"+k.v2+"/app#password")
	_, err := p.Fetch(context.Background(), ref)
	require.NoError(t, err)
	require.NoError(t, k.root.Sys().Seal())
	_, err = p.Fetch(context.Background(), ref)
	require.ErrorIs(t, err, secrets.ErrTransient)
	assert.Contains(t, err.Error(), "sealed")
}

func TestIntegrationContext(t *testing.T) {
	s := sharedServer(t)
	k := setupKV(t, s)
	p := newTestProvider(t, s.client(t, s.root), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Fetch(ctx, mustRef(t, "vault://"+k.v2+"/app"))
	require.ErrorIs(t, err, context.Canceled)
}

func TestIntegrationFromEnv(t *testing.T) {
	s := sharedServer(t)
	k := setupKV(t, s)
	ref := mustRef(t, "vault://"+k.v2+"/app#password")
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("VAULT_ADDR", s.addr)
	t.Setenv("VAULT_TOKEN", "")
	t.Setenv("VAULT_NAMESPACE", "")
	t.Setenv("VAULT_MAX_RETRIES", "0")
	t.Setenv(EnvRoleID, "")
	t.Setenv(EnvSecretID, "")

	t.Run("token file", func(t *testing.T) {
		require.NoError(t, os.WriteFile(filepath.Join(home, ".vault-token"),
			[]byte(s.root+"\n"), 0o600))
		p, err := NewFromEnv(nil)
		require.NoError(t, err)
		defer p.Close()
		_, err = p.Fetch(context.Background(), ref)
		require.NoError(t, err)
	})
	t.Run("approle", func(t *testing.T) {
		auths, err := k.root.Sys().ListAuth()
		require.NoError(t, err)
		if _, ok := auths["approle/"]; !ok {
			require.NoError(t, k.root.Sys().EnableAuthWithOptions("approle",
				&api.EnableAuthOptions{Type: "approle"}))
		}
		a := appRoleAt(t, k, "approle", "1h", "1h")
		require.NoError(t, os.Remove(filepath.Join(home, ".vault-token")))
		t.Setenv(EnvRoleID, a.RoleID)
		t.Setenv(EnvSecretID, a.SecretID.Reveal())
		p, err := NewFromEnv(nil)
		require.NoError(t, err)
		defer p.Close()
		_, err = p.Fetch(context.Background(), ref)
		require.NoError(t, err)
	})
}
