package execx

import (
	"context"
	"testing"

	"github.com/codebuddy/hush/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecretEnvName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"API_KEY", true},
		{"STRIPE_KEY", true},
		{"AWS_ACCESS_KEY_ID", true},
		{"AWS_SECRET_ACCESS_KEY", true},
		{"DB_PASSWORD", true},
		{"db_password", true},
		{"MYSQL_PWD", true},
		{"LDAP_PASSWD", true},
		{"GITHUB_TOKEN", true},
		{"GOOGLE_APPLICATION_CREDENTIALS", true},
		{"OAUTH_CLIENT", true},
		{"BASIC_AUTH", true},
		{"SSH_AUTH_SOCK", true},
		{"SESSION_COOKIE", true},
		{"dbPassword", true},
		{"GIT_AUTHOR_NAME", false},
		{"XAUTHORITY", false},
		{"HOME", false},
		{"PATH", false},
		{"USER", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, SecretEnvName(tt.name))
		})
	}
}

func TestRegister(t *testing.T) {
	long, other := newSecret(t), newSecret(t)
	tests := []struct {
		name   string
		entry  string
		value  string
		masked bool
		want   string
	}{
		{"named", "DB_PASSWORD=" + long, long, true, "[REDACTED:DB_PASSWORD]"},
		{"name not fit for a mask", "MY KEY=" + other, other, true, "[REDACTED]"},
		{"plain name", "GREETING=hello world", "hello world", false, "hello world"},
		{"too short", "API_KEY=abc", "abc", false, "abc"},
		{"empty", "API_KEY=", "", false, ""},
		{"no equals sign", "API_KEY", "API_KEY", false, "API_KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMasker(redact.New(nil), nil)
			m.register([]string{tt.entry}, map[string]bool{})
			assert.Equal(t, tt.masked, tt.value != "" && m.contains(tt.value))
			assert.Equal(t, tt.want, hide(m.redact(tt.value), long, other))
		})
	}
}

func TestRegisterOncePerCmd(t *testing.T) {
	r := redact.New(nil)
	c := Command(context.Background(), "true")
	c.Redactor = r
	c.Env = []string{"API_TOKEN=" + newSecret(t)}
	_ = c.String()
	gen := r.Generation()
	_ = c.String()
	require.NoError(t, c.Run())
	assert.Equal(t, gen, r.Generation(), "registered again")

	c.Env = append(c.Env, "OTHER_TOKEN="+newSecret(t))
	_ = c.String()
	assert.Greater(t, r.Generation(), gen, "new entry not registered")
}

func TestPatternsLayer(t *testing.T) {
	r := redact.New(nil)
	m := newMasker(r, []redact.Detector{orderPattern(t)})
	require.NotNil(t, m.extra)
	assert.Equal(t, "ORD-[REDACTED:ORDER] password=[REDACTED]",
		m.redact("ORD-123456 password=hunter2hunter2"))
	assert.False(t, r.Contains("ORD-123456"), "pattern added to the shared Redactor")
	assert.Nil(t, newMasker(r, nil).extra)
}
