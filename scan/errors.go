package scan

import (
	"errors"
	"strconv"
)

var (
	// ErrBadRule is wrapped by the error [New] returns for a rule that
	// cannot be used; the message names the rule and the reason.
	ErrBadRule = errors.New("scan: bad rule")

	// ErrBadAllowlist is wrapped by the error [New] returns for an
	// allowlist in [Options.Allowlists] that cannot be used; the
	// message says which and why.
	ErrBadAllowlist = errors.New("scan: bad allowlist")

	// ErrBinary is wrapped by the error [Scanner.ScanFile] returns for
	// a file that looks binary: one with a NUL byte in its first
	// [SniffSize] bytes.
	ErrBinary = errors.New("scan: binary file")

	// ErrNotRegular is wrapped by the error [Scanner.ScanFile] returns
	// for a path that is not a regular file: a directory, a named
	// pipe, a device or a socket.
	ErrNotRegular = errors.New("scan: not a regular file")

	// errTooLarge marks a file [Scanner.ScanDir] skips for its size.
	errTooLarge = errors.New("scan: file too large")
)

var (
	// ErrBadConfig is wrapped by the [*FileError] that [LoadConfig]
	// and [ParseConfig] return for a configuration they cannot use.
	ErrBadConfig = errors.New("scan: bad config")

	// ErrBadBaseline is wrapped by the [*FileError] that
	// [ReadBaseline] and [LoadBaseline] return for a malformed
	// baseline.
	ErrBadBaseline = errors.New("scan: bad baseline")

	// ErrStale is wrapped by the error [Fix] returns for a finding
	// that no longer matches the file: the secret at its line and
	// column is not the one it was found with.
	ErrStale = errors.New("scan: finding does not match the file")
)

// FileError is a configuration or baseline file that cannot be used.
// It names the file and, where known, the line; never a secret.
type FileError struct {
	// Kind is "config" or "baseline".
	Kind string

	// File is the file as it was named; empty for a reader given no
	// name.
	File string

	// Line is the 1-based line the problem is on, or 0 if unknown.
	Line int

	// Err says what is wrong.
	Err error
}

// Error returns "scan: KIND FILE:LINE: reason", leaving out what is
// unknown.
func (e *FileError) Error() string {
	msg := "scan: " + e.Kind
	if e.File != "" {
		msg += " " + strconv.Quote(e.File)
	}
	if e.Line > 0 {
		msg += " line " + strconv.Itoa(e.Line)
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns [ErrBadConfig] or [ErrBadBaseline], by Kind, and Err.
func (e *FileError) Unwrap() []error {
	kind := ErrBadBaseline
	if e.Kind == "config" {
		kind = ErrBadConfig
	}
	return []error{kind, e.Err}
}
