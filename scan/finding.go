package scan

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/codebuddy/hush/redact"
)

// Finding is one secret found by a rule.
type Finding struct {
	// Rule is the ID of the rule that matched.
	Rule string `json:"rule"`

	// Description is the rule's description.
	Description string `json:"description"`

	// File is the file the secret is in, as it was named to the
	// scanner; empty for a byte slice or reader given no name.
	File string `json:"file"`

	// Line is the 1-based line on which the secret starts.
	Line int `json:"line"`

	// Column is the 1-based byte offset in Line at which the secret
	// starts.
	Column int `json:"column"`

	// Match is the text the rule matched with the secret replaced by
	// [redact.Mask]. It shows the context (a key name, a URL's host)
	// and nothing of the secret.
	Match string `json:"match"`

	// Secret is the secret itself, set only when [Options.Reveal]
	// asks for it.
	Secret string `json:"secret,omitempty"`

	// Entropy is the secret's Shannon entropy in bits per byte.
	Entropy float64 `json:"entropy"`

	// Fingerprint identifies the secret independently of where it is:
	// the rule ID, a colon and the first 128 bits of the SHA-256 of
	// the secret, in hex. It stays the same when the line moves and
	// differs for a different secret on the same line.
	Fingerprint string `json:"fingerprint"`
}

// String returns the finding as "file:line:column: rule: match". It
// never holds the secret.
func (f Finding) String() string {
	return f.File + ":" + strconv.Itoa(f.Line) + ":" +
		strconv.Itoa(f.Column) + ": " + f.Rule + ": " + f.Match
}

// maxMatch is the longest context kept on each side of the mask in
// [Finding.Match].
const maxMatch = 40

// redactedMatch returns match with match[s:e], the secret, masked and
// the context around it cut to maxMatch bytes, and further at the first
// byte on either side that may start other data: white space, a quote,
// '?', '#', '&', ',' or ';'. Context past such a byte could hold a
// second secret (a token in a URL's query after a password), which
// must not show in plain text.
func redactedMatch(match []byte, s, e int) string {
	before := match[max(0, s-maxMatch):s]
	after := match[e:min(len(match), e+maxMatch)]
	for i := len(before) - 1; i >= 0; i-- {
		if contextStop[before[i]] {
			before = before[i+1:]
			break
		}
	}
	for i, c := range after {
		if contextStop[c] {
			after = after[:i]
			break
		}
	}
	return string(before) + redact.Mask + string(after)
}

// contextStop holds the bytes that end the context shown around a
// masked secret.
var contextStop = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n\f\v\"'`?#&,;") {
		t[c] = true
	}
	return t
}()

func lastNewline(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\n' {
			return i
		}
	}
	return -1
}

// fingerprint returns rule + ":" + the first 128 bits of the SHA-256 of
// secret, in hex.
func fingerprint(rule string, secret []byte) string {
	sum := sha256.Sum256(secret)
	return rule + ":" + hex.EncodeToString(sum[:16])
}
