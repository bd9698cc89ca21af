package vault

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cleanEnv clears the variables NewFromEnv reads and points HOME at a
// fresh directory, which it returns.
func cleanEnv(t *testing.T) string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, v := range []string{"VAULT_ADDR", "VAULT_TOKEN", "VAULT_NAMESPACE",
		"VAULT_SKIP_VERIFY", "VAULT_CACERT", "VAULT_CAPATH", "VAULT_AGENT_ADDR",
		"VAULT_WRAP_TTL", "VAULT_HEADERS", EnvRoleID, EnvSecretID} {
		t.Setenv(v, "")
	}
	return home
}

func TestNewFromEnv(t *testing.T) {
	f := newFakeVault(t)
	tok := f.addToken(t)

	t.Run("token file", func(t *testing.T) {
		home := cleanEnv(t)
		t.Setenv("VAULT_ADDR", f.srv.URL)
		require.NoError(t, os.WriteFile(filepath.Join(home, tokenFile),
			[]byte(" "+tok+"\n"), 0o600))
		p, err := NewFromEnv(&Options{DisableRenewal: true})
		require.NoError(t, err)
		defer p.Close()
		assert.True(t, p.c.Token() == tok, "token file not read")
		assert.Equal(t, f.srv.URL, p.c.Address())
	})
	t.Run("VAULT_TOKEN wins", func(t *testing.T) {
		home := cleanEnv(t)
		t.Setenv("VAULT_TOKEN", tok)
		require.NoError(t, os.WriteFile(filepath.Join(home, tokenFile),
			[]byte("tok-from-file"), 0o600))
		p, err := NewFromEnv(nil)
		require.NoError(t, err)
		defer p.Close()
		assert.True(t, p.c.Token() == tok, "VAULT_TOKEN not used")
		assert.Equal(t, "https://127.0.0.1:8200", p.c.Address())
	})
	t.Run("approle", func(t *testing.T) {
		cleanEnv(t)
		t.Setenv("VAULT_ADDR", f.srv.URL)
		t.Setenv("VAULT_NAMESPACE", "team-a")
		t.Setenv(EnvRoleID, "role")
		t.Setenv(EnvSecretID, "sid")
		p, err := NewFromEnv(nil)
		require.NoError(t, err)
		defer p.Close()
		a, ok := p.auth.(*AppRole)
		require.True(t, ok, "got auth %T, want *AppRole", p.auth)
		assert.Equal(t, "role", a.RoleID)
		assert.True(t, a.SecretID.Reveal() == "sid", "secret id not read")
		assert.Equal(t, "team-a", p.c.Namespace())
		assert.Equal(t, "team-a", p.loginC.Namespace())
		assert.Empty(t, p.loginC.Token(), "login client sends a token")
	})
	t.Run("bad variable", func(t *testing.T) {
		cleanEnv(t)
		t.Setenv("VAULT_SKIP_VERIFY", "sometimes")
		_, err := NewFromEnv(nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "VAULT_SKIP_VERIFY")
	})
	t.Run("unreadable token file", func(t *testing.T) {
		home := cleanEnv(t)
		require.NoError(t, os.Mkdir(filepath.Join(home, tokenFile), 0o700))
		_, err := NewFromEnv(nil)
		require.Error(t, err)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.True(t, strings.Contains(err.Error(), tokenFile), "error does not name the file")
	})
}
