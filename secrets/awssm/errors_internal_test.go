package awssm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/secrets"
)

func TestFetchErrorDropsSnapshot(t *testing.T) {
	const value = "snapshot-secret-Qw81"
	de := &smithy.DeserializationError{
		Err:      errors.New("bad token " + value),
		Snapshot: []byte(`{"SecretString":"` + value),
	}
	sdkErr := &smithy.OperationError{ServiceID: "Secrets Manager",
		OperationName: "GetSecretValue", Err: de}

	err := fetchError(context.Background(), "fetch", "prod/db", sdkErr)
	assert.Empty(t, de.Snapshot, "snapshot kept")
	assert.ErrorIs(t, err, secrets.ErrTransient)
	assert.False(t, strings.Contains(err.Error(), value),
		"message holds the secret")
	assert.False(t, strings.Contains(fmt.Sprintf("%v %+v %s", err, err, err),
		value), "formatted error holds the secret")
}

func TestKindOf(t *testing.T) {
	api := func(code string) error {
		return &smithy.GenericAPIError{Code: code, Message: "m"}
	}
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"throttle code from the SDK's list", api("RequestLimitExceeded"),
			secrets.ErrTransient},
		{"request timeout code", api("RequestTimeoutException"),
			secrets.ErrTransient},
		{"internal failure", api("InternalFailure"), secrets.ErrTransient},
		{"expired token", api("ExpiredToken"), secrets.ErrAccessDenied},
		{"missing token", api("MissingAuthenticationToken"),
			secrets.ErrAccessDenied},
		{"validation", api("ValidationException"), secrets.ErrBadRef},
		{"not found", api("ResourceNotFoundException"), secrets.ErrNotFound},
		{"unknown code", api("Whatever"), nil},
		{"plain error", errors.New("something"), nil},
		{"undecodable", &smithy.DeserializationError{}, secrets.ErrTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kindOf(tt.err)
			assert.Equal(t, tt.want, got, "kindOf(%v)", tt.err)
		})
	}
}

func TestErrorUnwrap(t *testing.T) {
	cause := errors.New("cause")
	tests := []struct {
		name string
		e    *Error
		n    int
	}{
		{"kind and cause", &Error{Kind: secrets.ErrTransient, Err: cause}, 2},
		{"kind only", &Error{Kind: ErrBinary}, 1},
		{"cause only", &Error{Err: cause}, 1},
		{"neither", &Error{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Len(t, tt.e.Unwrap(), tt.n)
			assert.NotPanics(t, func() { _ = tt.e.Error() })
		})
	}
}
