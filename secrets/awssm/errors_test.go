package awssm_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/awssm"
)

// bodySecret is a value the proxy puts in the bodies it mangles; no
// error may show it or any long part of it.
const bodySecret = "malformed-body-secret-Xk42vQ"

// secretPieces returns bodySecret and its halves.
func secretPieces() []string {
	h := len(bodySecret) / 2
	return []string{bodySecret, bodySecret[:h], bodySecret[h:]}
}

var kinds = []error{secrets.ErrNotFound, secrets.ErrAccessDenied,
	secrets.ErrTransient, secrets.ErrBadRef}

// checkKind asserts err wraps want, and no other kind.
func checkKind(t *testing.T, err, want error) {
	t.Helper()
	for _, k := range kinds {
		if k == want {
			assert.ErrorIs(t, err, k)
		} else {
			assert.NotErrorIs(t, err, k)
		}
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault fault
		want  error // the kind; nil for none
		calls int   // requests the SDK makes, retries included
		code  string
	}{
		{"throttling storm", awsError(400, "ThrottlingException"),
			secrets.ErrTransient, 3, "ThrottlingException"},
		{"too many requests", awsError(429, "TooManyRequestsException"),
			secrets.ErrTransient, 3, "TooManyRequestsException"},
		{"internal service error", awsError(500, "InternalServiceError"),
			secrets.ErrTransient, 3, "InternalServiceError"},
		{"plain 503", plainStatus(503), secrets.ErrTransient, 3, ""},
		{"plain 502", plainStatus(502), secrets.ErrTransient, 3, ""},
		{"connection reset", reset, secrets.ErrTransient, 3, ""},
		{"truncated body", rawBody(`{"Name":"x","SecretString":"` +
			bodySecret), secrets.ErrTransient, 1, ""},
		{"garbage body", rawBody("<html>" + bodySecret + "</html>"),
			secrets.ErrTransient, 1, ""},
		{"bad JSON after value", rawBody(`{"SecretString":"` + bodySecret +
			`" x}`), secrets.ErrTransient, 1, ""},
		{"no value", rawBody(`{"Name":"x"}`), secrets.ErrTransient, 1, ""},
		{"access denied", awsError(400, "AccessDeniedException"),
			secrets.ErrAccessDenied, 1, "AccessDeniedException"},
		{"plain 403", plainStatus(403), secrets.ErrAccessDenied, 1, ""},
		{"unrecognized client", awsError(400, "UnrecognizedClientException"),
			secrets.ErrAccessDenied, 1, "UnrecognizedClientException"},
		{"invalid signature", awsError(400, "InvalidSignatureException"),
			secrets.ErrAccessDenied, 1, "InvalidSignatureException"},
		{"expired token", awsError(400, "ExpiredTokenException"),
			secrets.ErrAccessDenied, 1, "ExpiredTokenException"},
		{"decryption failure", awsError(400, "DecryptionFailure"),
			secrets.ErrAccessDenied, 1, "DecryptionFailure"},
		{"not found", awsError(400, "ResourceNotFoundException"),
			secrets.ErrNotFound, 1, "ResourceNotFoundException"},
		{"invalid request", awsError(400, "InvalidRequestException"),
			secrets.ErrNotFound, 1, "InvalidRequestException"},
		{"invalid parameter", awsError(400, "InvalidParameterException"),
			secrets.ErrBadRef, 1, "InvalidParameterException"},
		{"unknown code", awsError(400, "SomethingNewException"),
			nil, 1, "SomethingNewException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := newFaultProxy(t)
			proxy.always(tt.fault)
			p := awssm.New(testClient(t, proxy.URL), nil)
			ref := secrets.Ref{Scheme: "awssm", ID: "prod/db", Key: "password"}

			_, err := p.Fetch(t.Context(), ref)
			require.Error(t, err)
			checkKind(t, err, tt.want)
			assert.Equal(t, tt.calls, proxy.count("GetSecretValue"),
				"got this many requests, want %d", tt.calls)

			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg,
				`awssm: fetch "awssm://prod/db#password"`),
				"got %q, want it to name the reference", msg)
			secretFree(t, msg, secretPieces()...)
			var e *awssm.Error
			require.ErrorAs(t, err, &e)
			if tt.code != "" {
				var api smithy.APIError
				require.ErrorAs(t, err, &api, "SDK error not in chain")
				assert.Equal(t, tt.code, api.ErrorCode())
			}
		})
	}
}

func TestRetriesRecover(t *testing.T) {
	client := kumoClient(t)
	name := uniqueName(t, "flaky")
	createSecret(t, client, name, "recovered-value-1")
	tests := []struct {
		name  string
		fault fault
	}{
		{"throttled twice", awsError(400, "ThrottlingException")},
		{"500 twice", awsError(500, "InternalServiceError")},
		{"reset twice", reset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := newFaultProxy(t)
			proxy.setPlan(func(_ string, call int) fault {
				if call < 2 {
					return tt.fault
				}
				return nil
			})
			p := awssm.New(testClient(t, proxy.URL), nil)
			got, err := p.Fetch(t.Context(), secrets.Ref{ID: name})
			require.NoError(t, err)
			assert.True(t, string(got) == "recovered-value-1", "wrong value")
			assert.Equal(t, 3, proxy.count("GetSecretValue"))
		})
	}
}

func TestDeadline(t *testing.T) {
	proxy := newFaultProxy(t)
	proxy.always(hang)
	p := awssm.New(testClient(t, proxy.URL), nil)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()

	_, err := p.Fetch(ctx, secrets.Ref{ID: "prod/slow"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	checkKind(t, err, secrets.ErrTransient)
	assert.Contains(t, err.Error(), `"prod/slow"`)
	assert.Equal(t, 1, proxy.count("GetSecretValue"),
		"the SDK retried after the deadline")
}

func TestCancel(t *testing.T) {
	proxy := newFaultProxy(t)
	proxy.arrived = make(chan string, 1)
	proxy.always(hang)
	p := awssm.New(testClient(t, proxy.URL), nil)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	done := make(chan error, 1)
	go func() {
		_, err := p.Fetch(ctx, secrets.Ref{ID: "prod/slow"})
		done <- err
	}()
	<-proxy.arrived
	cancel()
	err := <-done
	require.ErrorIs(t, err, context.Canceled)
	checkKind(t, err, nil)
	assert.Contains(t, err.Error(), `"prod/slow"`)
}

func TestCancelledBeforeCall(t *testing.T) {
	proxy := newFaultProxy(t)
	p := awssm.New(testClient(t, proxy.URL), nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := p.Fetch(ctx, secrets.Ref{ID: "prod/db"})
	require.ErrorIs(t, err, context.Canceled)
	checkKind(t, err, nil)
	assert.Zero(t, proxy.count("GetSecretValue"), "got a request, want none")
}

func TestUnreachable(t *testing.T) {
	// A port on 127.0.0.1 that was just in use: nothing listens there
	// now, so every attempt is refused.
	srv := httptest.NewServer(http.NotFoundHandler())
	endpoint := srv.URL
	srv.Close()
	p := awssm.New(testClient(t, endpoint), nil)
	_, err := p.Fetch(t.Context(), secrets.Ref{ID: "prod/db"})
	checkKind(t, err, secrets.ErrTransient)
	assert.Contains(t, err.Error(), `"prod/db"`)
}
