package vault

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
	"github.com/stretchr/testify/assert"

	"github.com/codebuddy/hush/secrets"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"answered", &Error{Op: "fetch", Ref: "vault://secret/app",
			Kind: secrets.ErrAccessDenied, StatusCode: 403, Reason: "permission denied"},
			`vault: fetch "vault://secret/app": access denied: permission denied (HTTP 403)`},
		{"no answer", &Error{Op: "fetch", Ref: "secret/app",
			Kind: secrets.ErrTransient, Err: errors.New("connection refused")},
			`vault: fetch "secret/app": transient failure: connection refused`},
		{"no ref", &Error{Op: "renew token", Kind: secrets.ErrAccessDenied},
			`vault: renew token: access denied`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

func TestErrorUnwrap(t *testing.T) {
	cause := errors.New("cause")
	err := &Error{Op: "fetch", Kind: secrets.ErrTransient, Err: cause}
	assert.ErrorIs(t, err, secrets.ErrTransient)
	assert.ErrorIs(t, err, cause)
	assert.Len(t, (&Error{Op: "fetch"}).Unwrap(), 0)
}

func TestKindOfStatus(t *testing.T) {
	tests := []struct {
		code int
		want error
	}{
		{404, secrets.ErrNotFound},
		{401, secrets.ErrAccessDenied},
		{403, secrets.ErrAccessDenied},
		{412, secrets.ErrTransient},
		{429, secrets.ErrTransient},
		{500, secrets.ErrTransient},
		{503, secrets.ErrTransient},
		{400, nil},
		{405, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			assert.Equal(t, tt.want, kindOfStatus(tt.code),
				"got the wrong kind for HTTP %d", tt.code)
		})
	}
}

func TestTransportError(t *testing.T) {
	cause := errors.New("dial tcp: connection refused")
	live := context.Background()
	cancelled, cancel := context.WithCancel(live)
	cancel()
	expired, cancel2 := context.WithDeadline(live, time.Unix(1, 0))
	defer cancel2()

	e := transportError(live, "fetch", "r", cause)
	assert.ErrorIs(t, e, secrets.ErrTransient)
	e = transportError(cancelled, "fetch", "r", cause)
	assert.ErrorIs(t, e, context.Canceled)
	assert.NotErrorIs(t, e, secrets.ErrTransient)
	e = transportError(expired, "fetch", "r", cause)
	assert.ErrorIs(t, e, context.DeadlineExceeded)
	assert.ErrorIs(t, e, secrets.ErrTransient)
}

func TestVaultReason(t *testing.T) {
	token := randomText("tok-")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"messages", &api.ResponseError{Errors: []string{"a", "b"}}, "a; b"},
		{"credential masked", &api.ResponseError{
			Errors: []string{"bad token " + token}}, "bad token [REDACTED]"},
		{"raw body left out", &api.ResponseError{RawError: true,
			Errors: []string{"<html>" + token}}, ""},
		{"white space folded", &api.ResponseError{
			Errors: []string{"1 error occurred:\n\t* permission denied\n\n"}},
			"1 error occurred: * permission denied"},
		{"not a response", errors.New("x"), ""},
		{"long", &api.ResponseError{Errors: []string{strings.Repeat("x", 1000)}},
			strings.Repeat("x", maxReason) + "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := vaultReason(tt.err, []string{"", token})
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAppRoleHidesSecretID(t *testing.T) {
	sid := randomText("sid-")
	a := &AppRole{RoleID: "role", SecretID: secrets.NewSecret(sid)}
	var out strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
		fmt.Fprintf(&out, verb+"\n", a)
		fmt.Fprintf(&out, verb+"\n", *a)
		fmt.Fprintf(&out, verb+"\n", Options{Auth: a, Token: secrets.NewSecret(sid)})
	}
	slog.New(slog.NewTextHandler(&out, nil)).Info("x", "auth", a, "value", *a)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("x", "auth", a)
	assert.False(t, strings.Contains(out.String(), sid), "output holds the secret id")
	assert.False(t, strings.Contains(out.String(), fmt.Sprintf("%x", sid)),
		"output holds the secret id in hex")
}
