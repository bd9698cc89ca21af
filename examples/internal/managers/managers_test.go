package managers

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

func TestRefScheme(t *testing.T) {
	tests := map[string]string{
		"awssm://prod/db#password": "awssm",
		"VAULT://secret/app#token": "vault",
		"vault://":                 "",
		"https://example.test/x":   "",
		"prod/db:password":         "",
		"plain value":              "",
	}
	for in, want := range tests {
		assert.Equal(t, want, RefScheme(in), "RefScheme(%q)", in)
	}
}

func TestConnectUnknownScheme(t *testing.T) {
	_, err := Connect(context.Background(), redact.New(nil), "nope")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"nope"`)
}
