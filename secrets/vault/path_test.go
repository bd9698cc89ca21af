package vault

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/secrets"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		name string
		ref  secrets.Ref
		want request
	}{
		{"plain", secrets.Ref{ID: "secret/app"}, request{path: "secret/app"}},
		{"deep", secrets.Ref{ID: "a/b/c/d"}, request{path: "a/b/c/d"}},
		{"version", secrets.Ref{ID: "secret/app", Query: "version=12"},
			request{path: "secret/app", version: 12}},
		{"odd characters kept", secrets.Ref{ID: "secret/a b#c?d%e"},
			request{path: "secret/a b#c?d%e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRequest(tt.ref)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestKVPath(t *testing.T) {
	v1 := mount{path: "kv/"}
	v2 := mount{path: "team/a/", v2: true}
	tests := []struct {
		name    string
		m       mount
		req     request
		path    string
		version string
	}{
		{"kv1", v1, request{path: "kv/app"}, "kv/app", ""},
		{"kv2", v2, request{path: "team/a/x/y"}, "team/a/data/x/y", ""},
		{"kv2 version", v2, request{path: "team/a/x", version: 3}, "team/a/data/x", "3"},
		{"unknown mount", mount{}, request{path: "kv/app"}, "kv/app", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, params, err := kvPath(tt.m, tt.req)
			require.NoError(t, err)
			assert.Equal(t, tt.path, path)
			assert.Equal(t, tt.version, strings.Join(params["version"], ","))
		})
	}
}

func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{"secret/app", "a/../b", "a//b", "/a", "a/",
		"secret/app?version=3", "x?version=0&a=b", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, query, _ := strings.Cut(s, "?")
		req, err := parseRequest(secrets.Ref{ID: id, Query: query})
		if err != nil {
			return
		}
		for seg := range strings.SplitSeq(req.path, "/") {
			if seg == "" || seg == "." || seg == ".." {
				t.Fatalf("parseRequest accepted segment %q", seg)
			}
		}
		if req.version < 0 {
			t.Fatalf("negative version %d", req.version)
		}
	})
}

func FuzzSecretData(f *testing.F) {
	for _, s := range []string{`{"data":{"a":1}}`, `{"data":{"data":{"a":"b"}}}`,
		`{"data":null}`, `{"data":[1]}`, `{`, ``, `{"data":{"data":"x"}}`} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, body []byte, v2 bool) {
		doc, reason := secretData(body, v2)
		if reason != "" {
			return
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(doc, &obj); err != nil {
			t.Fatalf("secretData returned a document that is not an object")
		}
	})
}
