package awssm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/codebuddy/hush/secrets"
)

var (
	// ErrBinary reports a secret stored as SecretBinary that was asked
	// for without binary=true in its reference or
	// [Options.AllowBinary].
	ErrBinary = errors.New("binary secret; read it with binary=true")

	// ErrNoClient reports a [Provider] made without a client, such as
	// the zero Provider.
	ErrNoClient = errors.New("no client configured")

	// errNoValue describes an answer with neither kind of value, which
	// a well-formed answer never is.
	errNoValue = errors.New("answer holds neither SecretString nor SecretBinary")
)

// Error reports a secret that could not be read. It names the
// reference and holds the SDK's error, never any part of a value.
//
// errors.Is matches Kind and anything in the chain of Err, so callers
// test errors.Is(err, secrets.ErrNotFound) and friends, and reach the
// SDK's own error types with errors.As.
type Error struct {
	Op  string // "fetch" or "prefetch"
	Ref string // the reference, in the form secrets.Ref.String gives

	// Kind sorts the failure: secrets.ErrNotFound,
	// secrets.ErrAccessDenied, secrets.ErrTransient, secrets.ErrBadRef,
	// [ErrBinary] or [ErrNoClient]. It is nil for a failure of no
	// known kind, such as a cancelled context.
	Kind error

	// Err is the cause: the SDK's error, which wraps ctx.Err() when the
	// context ended, or a description of a bad reference. Nil when Kind
	// says it all.
	Err error
}

// Error names the operation, the reference, the kind and the cause. A
// response the SDK could not decode is described in fixed words, since
// a decoder's message may quote the body, and the body holds secrets.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("awssm: ")
	b.WriteString(e.Op)
	b.WriteByte(' ')
	b.WriteString(strconv.Quote(e.Ref))
	if e.Kind != nil {
		b.WriteString(": ")
		b.WriteString(e.Kind.Error())
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(causeText(e.Err))
	}
	return b.String()
}

// Unwrap returns Kind and Err, leaving out whichever is nil.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 2)
	for _, err := range []error{e.Kind, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// causeText describes err in words that cannot hold what a server sent:
// a server's error message, or an error code it made up, may echo the
// request or worse, so only codes this package knows are named.
func causeText(err error) string {
	status := ""
	var st interface{ HTTPStatusCode() int }
	if errors.As(err, &st) {
		status = " (HTTP status " + strconv.Itoa(st.HTTPStatusCode()) + ")"
	}
	var de *smithy.DeserializationError
	if errors.As(err, &de) {
		return "malformed response from server" + status
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		code := api.ErrorCode()
		if !knownCode(code) {
			code = "an unrecognised error code"
		}
		return "server answered " + code + status
	}
	return err.Error()
}

// knownCode reports whether code is one this package sorts.
func knownCode(code string) bool {
	for _, set := range []map[string]bool{notFoundCodes, deniedCodes,
		badRefCodes, transientCodes, unsupportedCodes} {
		if set[code] {
			return true
		}
	}
	return code == "ThrottlingException" || code == "RequestLimitExceeded"
}

// Error codes sorted by what they mean for a caller. Codes the SDK
// itself retries (throttling, request timeouts) are transient too; see
// [kindOf].
var (
	notFoundCodes = codeSet(
		"ResourceNotFoundException",
		// A secret scheduled for deletion cannot be read; serving its
		// old value from a cache would hide that it is going away.
		"InvalidRequestException",
	)
	deniedCodes = codeSet(
		"AccessDeniedException", "AccessDenied",
		"UnrecognizedClientException", "InvalidClientTokenId",
		"InvalidSignatureException", "SignatureDoesNotMatch",
		"IncompleteSignature", "MissingAuthenticationToken",
		"ExpiredTokenException", "ExpiredToken",
		"DecryptionFailure", "KMSAccessDeniedException",
	)
	badRefCodes    = codeSet("InvalidParameterException", "ValidationException")
	transientCodes = codeSet(
		"InternalServiceError", "InternalFailure", "InternalServerError",
		"ServiceUnavailable", "ServiceUnavailableException",
	)
	unsupportedCodes = codeSet(
		"InvalidAction", "UnknownOperationException", "UnknownOperation",
		"NotImplemented", "NotImplementedException", "UnsupportedOperation",
	)
)

func codeSet(codes ...string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}

// kindOf sorts an error from the SDK into one of the kinds callers
// branch on, or nil when it is none of them.
//
// The error code decides first, then the HTTP status, so that a 403
// whose body is not JSON is still a refusal; a body that cannot be
// decoded is transient only after both say nothing.
func kindOf(err error) error {
	var api smithy.APIError
	if errors.As(err, &api) {
		if k := kindOfCode(api.ErrorCode()); k != nil {
			return k
		}
	}
	if k := kindOfStatus(err); k != nil {
		return k
	}
	var de *smithy.DeserializationError
	if errors.As(err, &de) {
		return secrets.ErrTransient
	}
	if retry.IsErrorRetryables(retry.DefaultRetryables).
		IsErrorRetryable(err) == aws.TrueTernary {
		return secrets.ErrTransient
	}
	return nil
}

// kindOfCode sorts an API error code, as found in an error response
// or in an entry of a batch answer.
func kindOfCode(code string) error {
	_, throttle := retry.DefaultThrottleErrorCodes[code]
	_, retryable := retry.DefaultRetryableErrorCodes[code]
	switch {
	case notFoundCodes[code]:
		return secrets.ErrNotFound
	case deniedCodes[code]:
		return secrets.ErrAccessDenied
	case badRefCodes[code]:
		return secrets.ErrBadRef
	case transientCodes[code] || throttle || retryable:
		return secrets.ErrTransient
	}
	return nil
}

func kindOfStatus(err error) error {
	var st interface{ HTTPStatusCode() int }
	if !errors.As(err, &st) {
		return nil
	}
	switch code := st.HTTPStatusCode(); {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return secrets.ErrAccessDenied
	case code == http.StatusTooManyRequests || code >= 500:
		return secrets.ErrTransient
	}
	return nil
}

// unsupported reports whether err says the server does not know the
// operation, as emulators and older endpoints answer for
// BatchGetSecretValue.
func unsupported(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) && unsupportedCodes[api.ErrorCode()] {
		return true
	}
	var st interface{ HTTPStatusCode() int }
	return errors.As(err, &st) &&
		st.HTTPStatusCode() == http.StatusNotImplemented
}

// fetchError builds the error for a failed SDK call. When ctx has
// ended, the error wraps ctx.Err() even if the SDK's does not; a
// deadline counts as transient, a cancellation as no kind at all.
//
// The SDK keeps the start of an undecodable body in its error, and
// the body of a GetSecretValue answer holds the secret, so fetchError
// drops that copy.
func fetchError(ctx context.Context, op, ref string, err error) *Error {
	var de *smithy.DeserializationError
	if errors.As(err, &de) {
		de.Snapshot = nil
	}
	e := &Error{Op: op, Ref: ref, Kind: kindOf(err), Err: err}
	cerr := ctx.Err()
	if cerr == nil {
		return e
	}
	if !errors.Is(err, cerr) {
		e.Err = fmt.Errorf("%w: %w", cerr, err)
	}
	e.Kind = nil
	if errors.Is(cerr, context.DeadlineExceeded) {
		e.Kind = secrets.ErrTransient
	}
	return e
}
