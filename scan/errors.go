package scan

import "errors"

var (
	// ErrBadRule is wrapped by the error [New] returns for a rule that
	// cannot be used; the message names the rule and the reason.
	ErrBadRule = errors.New("scan: bad rule")

	// ErrBinary is wrapped by the error [Scanner.ScanFile] returns for
	// a file that looks binary: one with a NUL byte in its first
	// [SniffSize] bytes.
	ErrBinary = errors.New("scan: binary file")

	// errTooLarge marks a file [Scanner.ScanDir] skips for its size.
	errTooLarge = errors.New("scan: file too large")
)
