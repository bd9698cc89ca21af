package vault

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/hashicorp/vault/api"

	"github.com/codebuddy/hush/secrets"
)

var (
	// ErrNoClient reports a [Provider] made without a Vault client,
	// such as the zero Provider.
	ErrNoClient = errors.New("no client configured")

	// ErrClosed reports a [Provider] used after [Provider.Close].
	ErrClosed = errors.New("provider closed")

	// ErrNoToken reports that the Provider has no token to send and no
	// way to log in: no [Options.Token], no token on the client, no
	// [Options.Auth].
	ErrNoToken = errors.New("no token and no login method")
)

// Error reports a Vault request that failed. It names the reference
// and, when Vault answered, the HTTP status and Vault's own error
// messages. It never holds any part of a secret value, a token or a
// login credential.
//
// errors.Is matches Kind and anything in the chain of Err, so callers
// test errors.Is(err, secrets.ErrNotFound) and friends.
type Error struct {
	// Op is what failed: "new", "fetch", "login", "look up token" or
	// "renew token".
	Op string

	// Ref is the reference, in the form secrets.Ref.String gives, or
	// "" for an operation on the token alone.
	Ref string

	// Kind sorts the failure: secrets.ErrNotFound,
	// secrets.ErrAccessDenied, secrets.ErrTransient, secrets.ErrBadRef,
	// [ErrNoClient], [ErrClosed] or [ErrNoToken]. It is nil for a
	// failure of no known kind, such as a cancelled context.
	Kind error

	// StatusCode is the HTTP status of Vault's answer; 0 when there
	// was none.
	StatusCode int

	// Reason says what went wrong in fixed words or in Vault's own
	// error messages; "" when Kind and Err say it all.
	Reason string

	// Err is the cause, such as a network error or ctx.Err(); nil
	// when Vault answered.
	Err error
}

// Error names the operation, the reference, the kind, the status and
// the reason.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("vault: ")
	b.WriteString(e.Op)
	if e.Ref != "" {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(e.Ref))
	}
	if e.Kind != nil {
		b.WriteString(": ")
		b.WriteString(e.Kind.Error())
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.StatusCode != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		b.WriteByte(')')
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
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

// kindOfStatus sorts an HTTP status from Vault.
func kindOfStatus(code int) error {
	switch {
	case code == http.StatusNotFound:
		return secrets.ErrNotFound
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return secrets.ErrAccessDenied
	case code == http.StatusTooManyRequests ||
		code == http.StatusPreconditionFailed || code >= 500:
		// 412: a performance standby has not caught up yet.
		return secrets.ErrTransient
	}
	return nil
}

// transportError builds the error for a request Vault never answered.
// When ctx has ended the error wraps ctx.Err(): a deadline counts as
// transient, a cancellation as no kind at all. A certificate Vault's
// address cannot be verified with is a setting to fix, not a passing
// failure; anything else (refused or reset connections, timeouts, DNS
// failures) is transient.
func transportError(ctx context.Context, op, ref string, err error) *Error {
	e := &Error{Op: op, Ref: ref, Kind: secrets.ErrTransient, Err: err}
	if cerr := ctx.Err(); cerr != nil {
		if !errors.Is(err, cerr) {
			e.Err = fmt.Errorf("%w: %w", cerr, err)
		}
		if !errors.Is(cerr, context.DeadlineExceeded) {
			e.Kind = nil
		}
		return e
	}
	if badCertificate(err) {
		e.Kind = nil
	}
	return e
}

func badCertificate(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		authority x509.UnknownAuthorityError
		host      x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &authority) ||
		errors.As(err, &host) || errors.As(err, &invalid)
}

// maxReason bounds the text taken from Vault's error messages.
const maxReason = 300

// vaultReason returns Vault's error messages from err, or "" when err
// holds none. A body that was not JSON (a proxy's error page, say) is
// left out whole: it could hold anything. Credentials the Provider
// sends are masked in case a message quotes one.
func vaultReason(err error, creds []string) string {
	var re *api.ResponseError
	if !errors.As(err, &re) || re.RawError || len(re.Errors) == 0 {
		return ""
	}
	s := strings.Join(re.Errors, "; ")
	for _, c := range creds {
		if c != "" {
			s = strings.ReplaceAll(s, c, "[REDACTED]")
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxReason {
		s = strings.ToValidUTF8(s[:maxReason], "") + "..."
	}
	return s
}
