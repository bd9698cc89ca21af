package awssm_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/awssm"
)

// TestServerTextNotEchoed checks that what a server puts in an error
// answer, its message or a made-up error code, never reaches the error
// text: a proxy in between could echo the request or a value.
func TestServerTextNotEchoed(t *testing.T) {
	const leak = "FAKE-leaky-value-0xC0FFEE"
	bodies := map[string]string{
		"message": `{"__type":"ValidationException","message":"bad value ` + leak + `"}`,
		"code":    `{"__type":"` + leak + `","message":"x"}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/x-amz-json-1.1")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(body))
			}))
			t.Cleanup(srv.Close)
			p := awssm.New(testClient(t, srv.URL), nil)
			_, err := p.Fetch(context.Background(), secrets.Ref{Scheme: "awssm", ID: "prod/db"})
			require.Error(t, err)
			assert.False(t, strings.Contains(err.Error(), leak), "error text echoes the server")
			assert.Contains(t, err.Error(), "prod/db")
		})
	}
}
