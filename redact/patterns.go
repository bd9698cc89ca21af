package redact

import (
	"bytes"
	"regexp"
)

// DefaultDetectors returns the detectors a [Redactor] uses when
// [Options.Detectors] is nil:
//
//   - assignments (key=value, key: value, "key":"value") whose key
//     [SecretName] accepts: the value is masked, the key kept;
//   - bearer tokens ("Bearer xxxxx", at least 16 characters) and
//     "Authorization: Basic xxxxx" credentials;
//   - passwords in URLs (scheme://user:password@host);
//   - AWS access key ids (AKIA..., ASIA...);
//   - private key blocks written on one line, as in JSON or escaped
//     logs; multi-line blocks are only masked when registered.
//
// The returned slice is new on each call; callers may append to it.
func DefaultDetectors() []Detector {
	return []Detector{
		assignments,
		bearer, basic, urlPassword, awsKeyID, privateKey,
	}
}

var (
	bearer = MustPattern("",
		`(?i)\bbearer\s+(?P<secret>[A-Za-z0-9\-._~+/]{16,}=*)`,
		"bearer")
	basic = MustPattern("",
		`(?i)authorization["']?\s*[:=]\s*["']?basic\s+(?P<secret>[A-Za-z0-9+/]{4,}=*)`,
		"authorization")
	urlPassword = MustPattern("",
		`[A-Za-z][A-Za-z0-9+.\-]*://[^\s:@/"']+:(?P<secret>[^\s@/"']+)@`,
		"://")
	awsKeyID = MustPattern("",
		`\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b`,
		"akia", "asia", "abia", "acca", "a3t")
	privateKey = MustPattern("",
		`-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?P<secret>.+?)-----END`,
		"private key")
)

// assignments masks the values of secret-named keys.
var assignments = &assignDetector{}

type assignDetector struct{}

// assignRE finds a key and its separator; the value after it is read
// by valueAt, so that a bare value never swallows the next assignment.
var assignRE = regexp.MustCompile(`([A-Za-z0-9_.\-]+)["']?\s{0,3}[:=]\s{0,3}`)

// Keywords returns the fragments every secret name holds.
func (assignDetector) Keywords() []string {
	return []string{"pass", "pwd", "secret", "token", "key", "cred",
		"auth", "cookie", "session"}
}

// Detect appends the value of each secret-named assignment in line.
func (assignDetector) Detect(dst []Range, line []byte) []Range {
	for _, m := range assignRE.FindAllSubmatchIndex(line, -1) {
		if !SecretName(string(line[m[2]:m[3]])) {
			continue
		}
		s, e := valueAt(line, m[1])
		if authScheme(line[s:e]) {
			s, e = nextWord(line, e)
		}
		if e > s && !harmless(line[s:e]) {
			dst = append(dst, Range{Start: s, End: e})
		}
	}
	return dst
}

// valueAt returns the value starting at line[i:]: the inside of a
// quoted string, or a bare run up to white space or a delimiter.
func valueAt(line []byte, i int) (start, end int) {
	if i >= len(line) {
		return i, i
	}
	switch q := line[i]; q {
	case '"', '\'':
		j := i + 1
		for j < len(line) && line[j] != q {
			if q == '"' && line[j] == '\\' {
				j++
			}
			j++
		}
		return i + 1, min(j, len(line))
	}
	j := i
	for j < len(line) && !valueStop[line[j]] {
		j++
	}
	return i, j
}

// valueStop holds the bytes that end a bare value.
var valueStop = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\"'&,;<>(){}[]") {
		t[c] = true
	}
	return t
}()

var authSchemes = [][]byte{
	[]byte("bearer"), []byte("basic"), []byte("digest"), []byte("token"),
	[]byte("negotiate"), []byte("aws4-hmac-sha256"),
}

// authScheme reports whether v names an HTTP authorization scheme, as
// in "Authorization: Bearer xyz", where the credential is the next word.
func authScheme(v []byte) bool {
	for _, s := range authSchemes {
		if bytes.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// nextWord returns the bare value after the spaces at line[i:].
func nextWord(line []byte, i int) (start, end int) {
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return valueAt(line, i)
}

var harmlessValues = [][]byte{
	[]byte("null"), []byte("nil"), []byte("none"), []byte("true"),
	[]byte("false"), []byte("undefined"), []byte(Mask),
}

// harmless reports whether v is a value that hides nothing: a mask, a
// word such as null, or a shell or template reference ($NAME, ${NAME},
// $(cmd)) that names a secret without holding it.
func harmless(v []byte) bool {
	if bytes.HasPrefix(v, []byte("[REDACTED")) || shellRef(v) {
		return true
	}
	for _, h := range harmlessValues {
		if bytes.EqualFold(v, h) {
			return true
		}
	}
	return false
}

// shellRef reports whether v is a shell reference: "$" alone (a bare
// value stops at the '{' of ${NAME} and the '(' of $(cmd)), or "$"
// followed by a name and nothing else.
func shellRef(v []byte) bool {
	if len(v) == 0 || v[0] != '$' {
		return false
	}
	for i, c := range v[1:] {
		name := c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' ||
			i > 0 && c >= '0' && c <= '9'
		if !name {
			return false
		}
	}
	return true
}
