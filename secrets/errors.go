package secrets

import (
	"errors"
	"fmt"
	"strconv"
)

var (
	// ErrNotFound reports a secret that none of the places asked holds.
	// A [Source] returns it, or an error wrapping it, for a key it does
	// not have; a [Provider] does the same for a missing secret, and
	// [ExtractKey] for a missing JSON key.
	ErrNotFound = errors.New("secret not found")

	// ErrNoProvider reports a reference whose scheme has no [Provider].
	// Errors wrapping it are of type [*NoProviderError].
	ErrNoProvider = errors.New("no provider")

	// ErrBadRef reports a reference, or a key, that cannot be parsed.
	ErrBadRef = errors.New("invalid reference")

	// ErrSyntax reports malformed .env input. Errors wrapping it are of
	// type [*ParseError].
	ErrSyntax = errors.New("syntax error")

	// ErrNotJSON reports a secret asked for a JSON key that is not a
	// JSON object. Errors wrapping it are of type [*KeyError].
	ErrNotJSON = errors.New("secret is not a JSON object")

	// ErrAccessDenied reports that a secret manager refused to give a
	// secret to this caller: a missing permission, a revoked or
	// rejected credential. A [Provider] wraps it; a cache never serves
	// a stale value after it, so a revoked secret stops being served.
	ErrAccessDenied = errors.New("access denied")

	// ErrTransient reports a failure that may pass if the call is made
	// again: a timeout, a refused or reset connection, throttling, a
	// server error (HTTP 5xx), a sealed or unready server. A [Provider]
	// wraps it; a cache may serve a stale value after it.
	ErrTransient = errors.New("transient failure")
)

// ParseError reports malformed .env input. It names the input and the
// line, and never holds any part of a value.
type ParseError struct {
	Name   string // name of the input, usually a file path
	Line   int    // 1-based line where the bad entry starts; 0 if none
	Reason string // what is wrong, in fixed words
}

// Error returns the input name, line and reason.
func (e *ParseError) Error() string {
	if e.Line == 0 {
		return "secrets: parse " + strconv.Quote(e.Name) + ": " + e.Reason
	}
	return "secrets: parse " + strconv.Quote(e.Name) + " line " +
		strconv.Itoa(e.Line) + ": " + e.Reason
}

// Unwrap returns [ErrSyntax].
func (e *ParseError) Unwrap() error { return ErrSyntax }

// NoProviderError reports a reference whose scheme has no [Provider].
type NoProviderError struct {
	Ref    string // the reference as given
	Scheme string // its scheme; "" for the bare id:key form
}

// Error names the reference and the scheme.
func (e *NoProviderError) Error() string {
	if e.Scheme == "" {
		return fmt.Sprintf("secrets: resolve %q: %v for references "+
			"without a scheme (no default scheme set)", e.Ref, ErrNoProvider)
	}
	return fmt.Sprintf("secrets: resolve %q: %v for scheme %q",
		e.Ref, ErrNoProvider, e.Scheme)
}

// Unwrap returns [ErrNoProvider].
func (e *NoProviderError) Unwrap() error { return ErrNoProvider }

// KeyError reports a JSON key that cannot be read from a secret. It
// names the reference and the key, never the secret.
type KeyError struct {
	Ref string // the reference, in the form [Ref.String] gives
	Key string // the JSON key asked for
	Err error  // [ErrNotJSON], [ErrNotFound] or [ErrBadRef]
}

// Error names the reference, the key and what went wrong.
func (e *KeyError) Error() string {
	return fmt.Sprintf("secrets: reference %q: key %q: %v",
		e.Ref, e.Key, e.Err)
}

// Unwrap returns e.Err.
func (e *KeyError) Unwrap() error { return e.Err }
