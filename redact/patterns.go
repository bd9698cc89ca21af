package redact

import (
	"bytes"
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
		`[A-Za-z][A-Za-z0-9+.\-]*://[^\s:@/"']+:(?P<secret>[^\s/"']+)@[^\s@/"']`,
		"://")
	awsKeyID = MustPattern("",
		`\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`,
		"akia", "asia", "abia", "acca")
	privateKey = MustPattern("",
		`-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?P<secret>.+?)-----END`,
		"private key")
)

// assignments masks the values of secret-named keys.
var assignments = &assignDetector{}

type assignDetector struct{}

// assignKeywords are fragments of the names SecretName accepts. "pat"
// is left out, as it is in too many ordinary words (path, pattern) to
// be worth the cost: GH_PAT=... is masked only when the value is
// registered.
var assignKeywords = []string{"pass", "pwd", "secret", "token", "key",
	"cred", "auth", "cookie", "session", "webhook"}

// Keywords returns the fragments every secret name holds.
func (assignDetector) Keywords() []string { return assignKeywords }

// Detect appends the value of each secret-named assignment in line: a
// key, an optional closing quote, up to three spaces, ':' or '=', up to
// three spaces, and the value.
func (assignDetector) Detect(dst []Range, line []byte) []Range {
	for i := 0; i < len(line); i++ {
		if c := line[i]; c != '=' && c != ':' {
			continue
		}
		key := keyBefore(line, i)
		if len(key) == 0 || !secretName(key) || goTestResult(line, key) {
			continue
		}
		v := i + 1
		for n := 0; n < 3 && v < len(line) && space(line[v]); n++ {
			v++
		}
		s, e := valueAt(line, v)
		if m := maskAt(line[s:]); m > 0 {
			// Already masked, unless more of the value follows.
			e = s + m
			for e < len(line) && !valueStop[line[e]] {
				e++
			}
			if e == s+m {
				continue
			}
		}
		if authScheme(line[s:e]) {
			s, e = nextWord(line, e)
		}
		if e > s && !harmless(line[s:e]) {
			dst = append(dst, Range{Start: s, End: e})
		}
	}
	return dst
}

// goTestResult reports whether key is PASS, FAIL or SKIP in a line of
// go test -v output, "--- PASS: TestName (0.00s)", where it names no
// password.
func goTestResult(line, key []byte) bool {
	switch string(key) {
	case "PASS", "FAIL", "SKIP":
		return bytes.Contains(line, append([]byte("--- "), key...))
	}
	return false
}

// keyBefore returns the key that ends before the separator at line[i]:
// a run of letters, digits, '_', '.' and '-', then an optional quote and
// up to three spaces.
func keyBefore(line []byte, i int) []byte {
	j := i
	for n := 0; n < 3 && j > 0 && space(line[j-1]); n++ {
		j--
	}
	if j > 0 && (line[j-1] == '"' || line[j-1] == '\'') {
		j--
	}
	k := j
	for k > 0 && keyByte[line[k-1]] {
		k--
	}
	return line[k:j]
}

// keyByte holds the bytes a key is made of.
var keyByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
			c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
	}
	return t
}()

func space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
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

// valueStop holds the bytes that end a bare value: white space, quotes,
// '&' (query strings), ',' and closing brackets (unquoted JSON and
// Go's %v of maps and structs), and '<' and '>' (markup).
var valueStop = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n\f\v\"'&,<>)}]") {
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
	[]byte("false"), []byte("undefined"),
}

// maskAt returns the length of the mask b starts with, or 0.
func maskAt(b []byte) int {
	if !bytes.HasPrefix(b, []byte("[REDACTED")) {
		return 0
	}
	if i := bytes.IndexByte(b, ']'); i > 0 && isMask(b[:i+1]) {
		return i + 1
	}
	return 0
}

// isMask reports whether v is exactly a mask this package writes.
func isMask(v []byte) bool {
	if string(v) == Mask {
		return true
	}
	name, ok := bytes.CutPrefix(v, []byte("[REDACTED:"))
	if !ok || len(name) < 2 || name[len(name)-1] != ']' {
		return false
	}
	return ValidName(string(name[:len(name)-1]))
}

// harmless reports whether v is a value that hides nothing: a mask, a
// word such as null, or a shell or template reference ($NAME, ${NAME},
// $(cmd)) that names a secret without holding it.
func harmless(v []byte) bool {
	if isMask(v) || shellRef(v) {
		return true
	}
	for _, h := range harmlessValues {
		if bytes.EqualFold(v, h) {
			return true
		}
	}
	return false
}

// shellRef reports whether v is a shell reference: ${NAME}, $(cmd), or
// "$" followed by an upper-case variable name and nothing else. A mixed-case
// "$Word1" is more likely a password than a variable.
func shellRef(v []byte) bool {
	if len(v) == 0 || v[0] != '$' {
		return false
	}
	if len(v) > 1 && (v[1] == '{' || v[1] == '(') {
		return true
	}
	for i, c := range v[1:] {
		name := c == '_' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
		if !name {
			return false
		}
	}
	return true
}
