package secrets

import (
	"crypto/subtle"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/codebuddy/hush/redact"
)

// Secret holds a secret value that never prints itself. Every way Go
// has of turning a value into text shows [redact.Mask] instead: String,
// GoString, Format with any verb and flags, MarshalJSON, MarshalText and
// LogValue. Reading the value takes an explicit call to
// [Secret.Reveal] or [Secret.RevealBytes].
//
// The value is kept only inside a closure. When a Secret sits in an
// unexported struct field, where fmt cannot call its methods and prints
// its fields instead, what appears is the mask and the address of the
// closure's code, which is the same for every Secret.
//
// The zero Secret is valid: it is empty, [Secret.IsZero] reports true
// and its methods print the same mask as any other. Only where fmt
// prints raw fields (an unexported struct field) does an empty Secret
// look different from a set one; no output ever shows a value.
// Secrets are not comparable with ==; use [Secret.Equal].
type Secret struct {
	mask  string        // redact.Mask, or "" in the zero Secret
	value func() string // nil in the zero Secret
}

var (
	_ fmt.Stringer             = Secret{}
	_ fmt.GoStringer           = Secret{}
	_ fmt.Formatter            = Secret{}
	_ slog.LogValuer           = Secret{}
	_ json.Marshaler           = Secret{}
	_ encoding.TextMarshaler   = Secret{}
	_ json.Unmarshaler         = (*Secret)(nil)
	_ encoding.TextUnmarshaler = (*Secret)(nil)
)

// NewSecret returns a Secret holding value. It registers value with no
// [redact.Redactor]; values from a [Resolver] are registered before it
// hands them out, and that is the usual way to get a Secret.
func NewSecret(value string) Secret {
	return Secret{mask: redact.Mask, value: box(value).get}
}

// box holds a value for a Secret. A Secret keeps the method value
// box(v).get, whose code address is the same for every Secret wherever
// it is made; a closure literal would get a new address at each call
// site [NewSecret] is inlined into.
type box string

func (b box) get() string { return string(b) }

// Reveal returns the secret value, or "" for the zero Secret.
func (s Secret) Reveal() string {
	if s.value == nil {
		return ""
	}
	return s.value()
}

// RevealBytes returns the secret value in a new slice, which the caller
// may overwrite when done with it. It returns nil for the zero Secret.
func (s Secret) RevealBytes() []byte {
	if s.value == nil {
		return nil
	}
	return []byte(s.value())
}

// IsZero reports whether s is the zero Secret. A Secret made from an
// empty string by [NewSecret] is not zero, though it reveals "".
func (s Secret) IsZero() bool { return s.value == nil }

// Equal reports whether s and t hold the same value, comparing in time
// that does not depend on where the values differ.
func (s Secret) Equal(t Secret) bool {
	a, b := s.Reveal(), t.Reveal()
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// String returns [redact.Mask].
func (s Secret) String() string { return redact.Mask }

// GoString returns [redact.Mask], so %#v shows no value either.
func (s Secret) GoString() string { return redact.Mask }

// Format writes [redact.Mask] for every verb, flag and width; %q writes
// it quoted.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = io.WriteString(f, strconv.Quote(redact.Mask))
		return
	}
	_, _ = io.WriteString(f, redact.Mask)
}

// LogValue returns [redact.Mask] as a string, for log/slog.
func (s Secret) LogValue() slog.Value {
	return slog.StringValue(redact.Mask)
}

// MarshalJSON returns [redact.Mask] as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) {
	return []byte(`"` + redact.Mask + `"`), nil
}

// MarshalText returns [redact.Mask].
func (s Secret) MarshalText() ([]byte, error) {
	return []byte(redact.Mask), nil
}

// ErrDecode reports an attempt to decode a Secret from JSON or text.
var ErrDecode = errors.New("secret values cannot be decoded")

// UnmarshalJSON refuses to decode and returns an error wrapping
// [ErrDecode]. A decoded Secret would be registered with no
// [redact.Redactor], and decoding the mask a Secret marshals to would
// silently turn "[REDACTED]" into a secret value. Decode into a string
// field and pass it to [NewSecret] if that is what you mean.
func (s *Secret) UnmarshalJSON([]byte) error {
	return fmt.Errorf("secrets: unmarshal JSON: %w", ErrDecode)
}

// UnmarshalText refuses to decode, for the reasons given at
// [Secret.UnmarshalJSON], and returns an error wrapping [ErrDecode].
func (s *Secret) UnmarshalText([]byte) error {
	return fmt.Errorf("secrets: unmarshal text: %w", ErrDecode)
}
