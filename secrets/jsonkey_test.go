package secrets

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExtractKey(t *testing.T) {
	doc := []byte(`{
		"api_key": "k-123456",
		"db.password": "literal-wins",
		"db": {"password": "nested", "port": 5432, "opts": {"ssl": true}},
		"big": 12345678901234567890,
		"price": 1.50,
		"list": [1, "two"],
		"nothing": null,
		"escaped": "a\"b\u00e9\n",
		"a.b": {"c": "split-after-literal"}
	}`)
	tests := []struct {
		key, want string
	}{
		{"api_key", "k-123456"},
		{"db.password", "literal-wins"},
		{"db.port", "5432"},
		{"db.opts.ssl", "true"},
		{"db.opts", `{"ssl":true}`},
		{"big", "12345678901234567890"},
		{"price", "1.50"},
		{"list", `[1,"two"]`},
		{"escaped", "a\"b\u00e9\n"},
		{"a.b.c", "split-after-literal"},
		{"", string(doc)},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			got, err := ExtractKey(doc, Ref{ID: "prod/api", Key: tt.key})
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestExtractKeyErrors(t *testing.T) {
	const secret = "plain-text-secret-value"
	tests := []struct {
		name    string
		doc     string
		key     string
		wantErr error
	}{
		{"not json", secret, "k", ErrNotJSON},
		{"json string", `"` + secret + `"`, "k", ErrNotJSON},
		{"json array", `["` + secret + `"]`, "k", ErrNotJSON},
		{"broken json", `{"k": "` + secret, "k", ErrNotJSON},
		{"missing key", `{"k": "` + secret + `"}`, "other", ErrNotFound},
		{"null member", `{"k": null, "x": "` + secret + `"}`, "k", ErrNotFound},
		{"path through scalar", `{"k": "` + secret + `"}`, "k.x", ErrNotFound},
		{"empty doc", ``, "k", ErrNotJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := Ref{Scheme: "vault", ID: "secret/app", Key: tt.key}
			_, err := ExtractKey([]byte(tt.doc), ref)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tt.wantErr), "got %v, want %v", err, tt.wantErr)
			var ke *KeyError
			require.True(t, errors.As(err, &ke), "got %T, want *KeyError", err)
			assert.Equal(t, tt.key, ke.Key)
			assert.Equal(t, "vault://secret/app#"+tt.key, ke.Ref)
			assert.False(t, strings.Contains(err.Error(), "plain-text"), "error holds the secret")
		})
	}
}

func TestExtractKeyBoundsWork(t *testing.T) {
	// Every prefix of the path is a key holding an object, so an
	// unbounded search would branch at each dot.
	var b strings.Builder
	b.WriteString("{")
	for i := 1; i <= 30; i++ {
		if i > 1 {
			b.WriteString(",")
		}
		b.WriteString(`"` + strings.TrimSuffix(strings.Repeat("a.", i), ".") + `":{}`)
	}
	b.WriteString("}")
	key := strings.TrimSuffix(strings.Repeat("a.", 40), ".")
	_, err := ExtractKey([]byte(b.String()), Ref{ID: "x", Key: key})
	assert.True(t, errors.Is(err, ErrNotFound), "got %v, want ErrNotFound", err)
}
