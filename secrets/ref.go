package secrets

import (
	"fmt"
	"net/url"
	"strings"
)

// Ref is a parsed reference to a secret held by a secret manager. Ref
// is comparable, and two references to the same thing parse to equal
// Refs, so a Ref can key a map.
//
// References are names, not secrets: they appear in errors and logs.
type Ref struct {
	// Scheme selects the [Provider], in lower case. It is "" for the
	// bare id:key form, which goes to [Options.DefaultScheme].
	Scheme string

	// ID names the secret: a secret id, name or ARN for AWS Secrets
	// Manager, a mount and path for Vault.
	ID string

	// Key is the JSON key to read from the secret (see [ExtractKey]).
	// The empty Key means the whole secret.
	Key string

	// Query holds the query parameters, such as stage=AWSPREVIOUS or
	// version=3, encoded and sorted by name; "" if there are none.
	Query string
}

// ParseRef parses a reference in one of two forms.
//
// The bare form is the one the team's rules use: "prod/api:api_key"
// means the secret "prod/api" and its JSON key "api_key"; without a
// colon, "prod/api" means the whole secret. The id ends at the first
// colon, except in an AWS ARN ("arn:...:secret:name"), where it ends at
// the colon after the seventh field. Nothing else in the bare form is
// special.
//
// The URI form picks a provider by scheme: "scheme://id#key?query", as
// in "awssm://prod/db#password?stage=AWSPREVIOUS" or
// "vault://secret/app#password?version=3". The #key fragment and the
// ?query may come in either order, and each may be left out. The id and
// key are percent-decoded, so "%23" stands for a '#' in either.
//
// Errors wrap [ErrBadRef] and quote the reference.
func ParseRef(s string) (Ref, error) {
	if err := checkRefText(s); err != "" {
		return Ref{}, badRef(s, err)
	}
	if i := strings.Index(s, "://"); i >= 0 {
		return parseURIRef(s, s[:i], s[i+3:])
	}
	return parseBareRef(s)
}

func badRef(s, reason string) error {
	return fmt.Errorf("secrets: parse reference %q: %w: %s",
		s, ErrBadRef, reason)
}

func checkRefText(s string) string {
	if s == "" {
		return "empty"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return "control character"
		}
	}
	return ""
}

func parseBareRef(s string) (Ref, error) {
	cut := strings.IndexByte(s, ':')
	if strings.HasPrefix(s, "arn:") {
		cut = nthIndex(s, ':', 7)
	}
	r := Ref{ID: s}
	if cut >= 0 {
		r.ID, r.Key = s[:cut], s[cut+1:]
		if r.Key == "" {
			return Ref{}, badRef(s, "empty key after ':'")
		}
	}
	if r.ID == "" {
		return Ref{}, badRef(s, "empty id")
	}
	return r, nil
}

// nthIndex returns the index of the nth occurrence of c in s, or -1.
func nthIndex(s string, c byte, n int) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n--
			if n == 0 {
				return i
			}
		}
	}
	return -1
}

func parseURIRef(s, scheme, rest string) (Ref, error) {
	if !validScheme(scheme) {
		return Ref{}, badRef(s, "invalid scheme")
	}
	r := Ref{Scheme: strings.ToLower(scheme)}
	end := strings.IndexAny(rest, "#?")
	if end < 0 {
		end = len(rest)
	}
	id, err := url.PathUnescape(rest[:end])
	if err != nil || id == "" {
		return Ref{}, badRef(s, "empty or badly escaped id")
	}
	r.ID = id
	var seenKey, seenQuery bool
	for rest = rest[end:]; rest != ""; {
		mark, other := rest[0], byte('?')
		if mark == '?' {
			other = '#'
		}
		next := strings.IndexByte(rest[1:], other) + 1
		if next == 0 {
			next = len(rest)
		}
		part := rest[1:next]
		rest = rest[next:]
		switch {
		case mark == '#' && !seenKey:
			seenKey = true
			if r.Key, err = url.PathUnescape(part); err != nil || r.Key == "" {
				return Ref{}, badRef(s, "empty or badly escaped key")
			}
		case mark == '?' && !seenQuery:
			seenQuery = true
			q, err := url.ParseQuery(part)
			if err != nil {
				return Ref{}, badRef(s, "badly escaped query")
			}
			r.Query = q.Encode()
		default:
			return Ref{}, badRef(s, "more than one key or query")
		}
	}
	return r, nil
}

func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20 // fold ASCII letters to lower case
		letter := c >= 'a' && c <= 'z'
		other := s[i] >= '0' && s[i] <= '9' || s[i] == '+' ||
			s[i] == '-' || s[i] == '.'
		if !letter && (i == 0 || !other) {
			return false
		}
	}
	return true
}

// Param returns the first value of the query parameter name, or "".
func (r Ref) Param(name string) string {
	q, _ := url.ParseQuery(r.Query)
	return q.Get(name)
}

// String returns the reference in a form [ParseRef] reads back to r:
// the bare form when r has no scheme, otherwise "scheme://id#key?query"
// with '%', '#', '?' and control characters in the id and key
// percent-encoded.
func (r Ref) String() string {
	if r.Scheme == "" {
		if r.Key == "" {
			return r.ID
		}
		return r.ID + ":" + r.Key
	}
	var b strings.Builder
	b.WriteString(r.Scheme)
	b.WriteString("://")
	writeRefPart(&b, r.ID)
	if r.Key != "" {
		b.WriteByte('#')
		writeRefPart(&b, r.Key)
	}
	if r.Query != "" {
		b.WriteByte('?')
		b.WriteString(r.Query)
	}
	return b.String()
}

func writeRefPart(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' || c == '#' || c == '?' || c < 0x20 || c == 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
}
