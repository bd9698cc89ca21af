package secrets

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRef(t *testing.T) {
	const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-AbCdEf"
	tests := []struct {
		name string
		in   string
		want Ref
	}{
		{"bare id and key", "prod/api:api_key", Ref{ID: "prod/api", Key: "api_key"}},
		{"bare whole secret", "prod/api", Ref{ID: "prod/api"}},
		{"bare key with colon", "prod/api:a:b", Ref{ID: "prod/api", Key: "a:b"}},
		{"bare dotted key", "prod/db:conn.password", Ref{ID: "prod/db", Key: "conn.password"}},
		{"bare arn", arn, Ref{ID: arn}},
		{"bare arn with key", arn + ":password", Ref{ID: arn, Key: "password"}},
		{"bare keeps hash", "a#b:c?d", Ref{ID: "a#b", Key: "c?d"}},
		{"uri key then query", "awssm://prod/db#password?stage=AWSPREVIOUS",
			Ref{Scheme: "awssm", ID: "prod/db", Key: "password", Query: "stage=AWSPREVIOUS"}},
		{"uri query then key", "vault://secret/app?version=3#password",
			Ref{Scheme: "vault", ID: "secret/app", Key: "password", Query: "version=3"}},
		{"uri key only", "vault://secret/app#password",
			Ref{Scheme: "vault", ID: "secret/app", Key: "password"}},
		{"uri query only", "awssm://prod/db?stage=AWSCURRENT",
			Ref{Scheme: "awssm", ID: "prod/db", Query: "stage=AWSCURRENT"}},
		{"uri whole", "awssm://prod/db", Ref{Scheme: "awssm", ID: "prod/db"}},
		{"uri scheme case folded", "AWSSM://x", Ref{Scheme: "awssm", ID: "x"}},
		{"uri query sorted", "vault://p?b=2&a=1#k",
			Ref{Scheme: "vault", ID: "p", Key: "k", Query: "a=1&b=2"}},
		{"uri escapes", "vault://a%23b#k%3Fx", Ref{Scheme: "vault", ID: "a#b", Key: "k?x"}},
		{"uri arn id", "awssm://" + arn + "#password",
			Ref{Scheme: "awssm", ID: arn, Key: "password"}},
		{"uri empty query", "vault://p?", Ref{Scheme: "vault", ID: "p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRef(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := ParseRef(got.String())
			require.NoError(t, err, "String form %q", got.String())
			assert.Equal(t, got, again, "round trip through %q", got.String())
		})
	}
}

func TestParseRefErrors(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"empty id", ":key"},
		{"empty key", "prod/api:"},
		{"control character", "prod/api\n:key"},
		{"bad scheme", "1x://a"},
		{"empty scheme", "://a"},
		{"empty uri id", "vault://#k"},
		{"empty uri key", "vault://p#"},
		{"two keys", "vault://p#a?v=1#b"},
		{"two queries", "vault://p?v=1#a?v=2"},
		{"bad escape in id", "vault://p%zz"},
		{"bad escape in key", "vault://p#%zz"},
		{"bad query", "vault://p?a=%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRef(tt.in)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrBadRef), "got %v, want ErrBadRef", err)
			assert.Regexp(t, `^secrets: parse reference ".*": invalid reference: `, err.Error())
		})
	}
}

func TestRefParam(t *testing.T) {
	r, err := ParseRef("awssm://prod/db#password?stage=AWSPREVIOUS&versionId=abc")
	require.NoError(t, err)
	assert.Equal(t, "AWSPREVIOUS", r.Param("stage"))
	assert.Equal(t, "abc", r.Param("versionId"))
	assert.Equal(t, "", r.Param("missing"))
}

func TestRefString(t *testing.T) {
	tests := []struct {
		name string
		ref  Ref
		want string
	}{
		{"bare", Ref{ID: "prod/api", Key: "api_key"}, "prod/api:api_key"},
		{"bare whole", Ref{ID: "prod/api"}, "prod/api"},
		{"uri", Ref{Scheme: "vault", ID: "secret/app", Key: "pw", Query: "version=3"},
			"vault://secret/app#pw?version=3"},
		{"uri escapes", Ref{Scheme: "x", ID: "a?b%", Key: "c#d"}, "x://a%3Fb%25#c%23d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.ref.String())
		})
	}
}

func FuzzParseRef(f *testing.F) {
	seeds := []string{"prod/api:api_key", "awssm://a#b?c=d",
		"vault://a?b=c#d", "arn:a:b:c:d:e:f:g"}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRef(s)
		if err != nil {
			if !errors.Is(err, ErrBadRef) {
				t.Fatalf("error does not wrap ErrBadRef: %v", err)
			}
			return
		}
		again, err := ParseRef(r.String())
		if err != nil || again != r {
			t.Fatalf("round trip of %q through %q: got %+v, %v", s, r.String(), again, err)
		}
	})
}
