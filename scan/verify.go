package scan

import (
	"bytes"
	"encoding/base64"

	"github.com/codebuddy/hush/redact"
)

// jwtHeader reports whether the first part of a JWT decodes to a JSON
// object with an "alg" or "typ" member.
func jwtHeader(g [][]byte) bool {
	head, _, _ := bytes.Cut(g[0], []byte("."))
	var buf [512]byte
	n, err := base64.RawURLEncoding.Decode(buf[:], head[:min(len(head), 680)])
	if err != nil && n == 0 {
		return false
	}
	return bytes.Contains(buf[:n], []byte(`"alg"`)) || bytes.Contains(buf[:n], []byte(`"typ"`))
}

// basicCredentials reports whether the secret decodes to user:password.
func basicCredentials(g [][]byte) bool {
	v := g[len(g)-1]
	var buf [384]byte
	if base64.StdEncoding.DecodedLen(len(v)) > len(buf) {
		return false
	}
	n, err := base64.StdEncoding.Decode(buf[:], v)
	if err != nil {
		return false
	}
	user, pass, ok := bytes.Cut(buf[:n], []byte(":"))
	return ok && len(user) > 0 && len(pass) > 0 && printable(buf[:n])
}

// printable reports whether b is printable ASCII.
func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// secretKey checks a match of an assignment expression (see
// assignment): the name must be one redact deems secret or a bare key
// (see bareKey), and the value a plausible secret (see assignedValue).
func secretKey(g [][]byte) bool {
	return (redact.SecretName(string(g[1])) || bareKey(g)) && assignedValue(g)
}

// bareKey reports whether an assignment is to a name that is just
// "key" of a quoted value random enough (4 bits per byte, more than
// hex digits can have) to be a key rather than a word or a name.
func bareKey(g [][]byte) bool {
	return bytes.EqualFold(g[1], []byte("key")) && len(g[3]) > 0 && Entropy(g[4]) >= 4
}

// passwordKey is secretKey for names that hold pass or pwd: it also
// takes names that end in password, passwd or pwd as one word, such as
// PGPASSWORD.
func passwordKey(g [][]byte) bool {
	key := bytes.ToLower(g[1])
	ok := redact.SecretName(string(g[1])) ||
		bytes.HasSuffix(key, []byte("password")) ||
		bytes.HasSuffix(key, []byte("passwd")) ||
		bytes.HasSuffix(key, []byte("pwd"))
	return ok && assignedValue(g)
}

// assignedValue reports whether the value of an assignment can be a
// secret. Its groups are key, op, quote, value, end and next (see
// assignment). It is not one when:
//   - a quoted value is not closed by the same quote, or is followed
//     by a call's parenthesis or a "+" that joins it to more;
//   - an unquoted value reads as code (see codeLike), or is a bare word
//     that does not follow "=" (as in a .env file or a shell) or is in
//     camel case or capitals, as names in code are;
//   - it is a path, a URL (left to the URL rule) or an ARN, or starts
//     with punctuation that joins or escapes strings;
//   - the line is Go test output (see goTestOutput);
//   - the name is an AWS secret key's and the value lacks its 40 bytes.
func assignedValue(g [][]byte) bool {
	key, op, quote, v, end, next := g[1], g[2], g[3], g[4], g[5], g[6]
	quoted := len(quote) > 0
	switch {
	case quoted && !bytes.Equal(quote, end), len(next) > 0:
		return false
	case !quoted && (codeLike(v) || word(v) && !envWord(op, v)):
		return false
	case pathOrName(v), goTestOutput(key, op):
		return false
	}
	k := bytes.ToLower(key)
	aws := bytes.Contains(k, []byte("aws")) && bytes.Contains(k, []byte("secret"))
	return !aws || len(v) == 40
}

// envWord reports whether a bare word v assigned with op reads as a
// value in a .env file or a shell: after "=", and neither in camel
// case nor in capitals.
func envWord(op, v []byte) bool {
	return string(bytes.TrimSpace(op)) == "=" && !camel(v) && !upper(v)
}

// pathOrName reports whether v is a file path, a URL or an ARN, or
// starts with punctuation that joins or escapes strings.
func pathOrName(v []byte) bool {
	return v[0] == '/' || bytes.HasPrefix(v, []byte("~/")) ||
		bytes.HasPrefix(v, []byte("./")) || bytes.Contains(v, []byte("://")) ||
		bytes.HasPrefix(v, []byte("arn:")) || bytes.IndexByte([]byte(`.+\`), v[0]) >= 0
}

// codeLike reports whether v, an unquoted value, reads as code: a
// chain of names or an index into one (req.Form.Password, cfg[,
// key[:n]), without digits.
func codeLike(v []byte) bool {
	chain := false
	for _, c := range v {
		switch {
		case c == '.' || c == '[' || c == ']':
			chain = true
		case c == ':':
		case c != '_' && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'):
			return false
		}
	}
	return chain
}

// word reports whether v holds only letters and underscores.
func word(v []byte) bool {
	for _, c := range v {
		if c != '_' && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// upper reports whether v has no lower-case letter.
func upper(v []byte) bool {
	return bytes.IndexFunc(v, func(r rune) bool { return r >= 'a' && r <= 'z' }) < 0
}

// goTestOutput reports whether key and op are "PASS" and ":", as in the
// "--- PASS: TestName" lines of Go's test output.
func goTestOutput(key, op []byte) bool {
	return string(key) == "PASS" && bytes.HasPrefix(op, []byte(":"))
}

// camel reports whether v has a lower-case letter followed by an
// upper-case one.
func camel(v []byte) bool {
	for i := 1; i < len(v); i++ {
		if v[i] >= 'A' && v[i] <= 'Z' && v[i-1] >= 'a' && v[i-1] <= 'z' {
			return true
		}
	}
	return false
}

// keyBody reports whether the first line of a private key's body looks
// like key material rather than a stand-in: long, varied base64.
func keyBody(g [][]byte) bool {
	body := g[1]
	if bytes.HasPrefix(body, opensshMagic) {
		return true
	}
	return Entropy(body) >= 4.5 && !IsPlaceholder(body)
}

// opensshMagic is the base64 of "openssh-key-v1", with which every
// OpenSSH private key's body begins.
var opensshMagic = []byte("b3BlbnNzaC1rZXktdjE")

// urlPassword checks a URL's user and password: a password that
// repeats the user name, is a dummy word or a template reference is no
// secret.
func urlPassword(g [][]byte) bool {
	m := g[0]
	i := bytes.Index(m, []byte("://")) + 3
	user, _, _ := bytes.Cut(m[i:], []byte(":"))
	pass := g[1]
	return !bytes.Equal(user, pass) && !templated(pass) && !templated(user)
}

// templated reports whether v is a template field such as {password}.
func templated(v []byte) bool {
	return len(v) > 0 && (v[0] == '{' || v[len(v)-1] == '}' || v[0] == '%')
}
