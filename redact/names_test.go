package redact_test

import (
	"testing"

	"github.com/codebuddy/hush/redact"
	"github.com/stretchr/testify/assert"
)

func TestSecretName(t *testing.T) {
	secret := []string{
		"password", "PASSWORD", "db_password", "DB_PASSWORD", "dbPassword",
		"db-password", "passwd", "passphrase", "secret",
		"client_secret", "SECRET_KEY", "token", "accessToken",
		"refresh_token", "id_token", "api_key", "apiKey", "APIKEY",
		"x-api-key", "X-Api-Key", "access_key", "private_key",
		"privateKey", "authorization", "Proxy-Authorization", "credentials",
		"aws_secret_access_key", "GITHUB_TOKEN", "signing_key",
		"basic_auth", "auth", "cookie", "session_key", "sessionId",
		"DB_PASS", "DB_PWD", "SMTP_PASS", "PGPASSWORD", "PGPASS", "GH_PAT",
		"SLACK_WEBHOOK_URL", "connection_string",
	}
	notSecret := []string{
		"", "user", "username", "token_count", "max_tokens", "tokens",
		"password_file", "secret_name", "token_type", "AWS_ACCESS_KEY_ID",
		"key", "cache_key", "primary_key", "sort_key", "keyboard",
		"author", "authority", "auth_method", "passenger", "bypass",
		"token_expires_at", "password_length", "secretary", "api_url",
		"webhook_id", "dsn", "path", "PWD", "OLDPWD", "pwd", "passwordLabel", "password_prompt", "compass", "patch", "pattern",
	}
	for _, name := range secret {
		assert.True(t, redact.SecretName(name), "%q should look secret", name)
	}
	for _, name := range notSecret {
		assert.False(t, redact.SecretName(name), "%q should not look secret", name)
	}
}

func BenchmarkSecretName(b *testing.B) {
	for b.Loop() {
		redact.SecretName("requestTokenCount")
	}
}

func TestSecretNameDoesNotAllocate(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		redact.SecretName("X-Upper-Case-Api-Key")
		redact.SecretName("requestTokenCount")
	})
	assert.Zero(t, allocs)
}
