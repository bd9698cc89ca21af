package scan

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"strings"

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
// (see bareKey), the value a plausible secret (see assignedValue),
// and random enough (see secretEntropy).
func secretKey(g [][]byte) bool {
	return (redact.SecretName(string(g[1])) || bareKey(g)) && assignedValue(g) &&
		Entropy(g[4]) >= secretEntropy(g)
}

// secretEntropy returns the least entropy, in bits per byte, of a
// value assigned to a secret name: 3.5, or 3 for a quoted value of a
// name that ends in "secret", which people choose by hand as they do
// passwords.
func secretEntropy(g [][]byte) float64 {
	if len(g[3]) > 0 && bytes.HasSuffix(bytes.ToLower(g[1]), []byte("secret")) {
		return 3
	}
	return 3.5
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
//
// A name that goes on past the password word to say where one is kept
// (adminPasswordKey, passwordSecretName, db_password_file) holds no
// password: Helm charts and Kubernetes manifests are full of them.
func passwordKey(g [][]byte) bool {
	key := bytes.ToLower(g[1])
	ok := redact.SecretName(string(g[1])) ||
		bytes.HasSuffix(key, []byte("password")) ||
		bytes.HasSuffix(key, []byte("passwd")) ||
		bytes.HasSuffix(key, []byte("pwd"))
	return ok && !namesPlace(key) && assignedValue(g)
}

// placeWords end names that say where a password is kept.
var placeWords = map[string]bool{"key": true, "keyref": true, "name": true,
	"secretname": true, "secretkey": true, "ref": true, "file": true, "path": true,
	"env": true, "var": true}

// namesPlace reports whether the lower-case name key goes on, after its
// last password word, with one of placeWords alone.
func namesPlace(key []byte) bool {
	for _, w := range []string{"password", "passwd", "pass", "pwd"} {
		i := bytes.LastIndex(key, []byte(w))
		if i < 0 {
			continue
		}
		rest := bytes.TrimLeft(key[i+len(w):], "_.-")
		return placeWords[string(rest)]
	}
	return false
}

// assignedValue reports whether the value of an assignment can be a
// secret. Its groups are key, op, quote, value, end, next and after
// (see assignment). It is not one when:
//   - a quoted value is not closed by the same quote, or is followed
//     by a call's parenthesis or a "+" that joins it to more;
//   - an unquoted value reads as code (see codeLike and expression), or
//     is a bare word that does not follow "=" (as in a .env file or a
//     shell) or is in camel case or capitals, as names in code are;
//   - an unquoted value is a name in camel case that holds the name it
//     is assigned to, as testRSAPrivateKey does for PrivateKey;
//   - a value the shell would expand holds a variable or a command
//     (see expanded);
//   - it is the name it is assigned to, as in a table of names;
//   - it is a finding's fingerprint, as in a baseline file
//     (see fingerprintOf);
//   - it is the rest of a URL's user info and host, as when a user
//     name such as $GITHUB_TOKEN reads as a key (see urlTail): the URL
//     rules judge those;
//   - it is a path, a URL (left to the URL rule) or an ARN, or starts
//     with punctuation that joins or escapes strings, or is a selector
//     or an anchor such as #add-item;
//   - the line is Go test output (see goTestOutput);
//   - the name is an AWS secret key's and the value lacks its 40 bytes.
func assignedValue(g [][]byte) bool {
	key, op, quote, v, end, next := g[1], g[2], g[3], g[4], g[5], g[6]
	after := g[7]
	quoted := len(quote) > 0
	switch {
	case quoted && !bytes.Equal(quote, end), len(next) > 0:
		return false
	case !quoted && (codeLike(v) || word(v) && !envWord(op, v)):
		return false
	case !quoted && (expression(v) || len(end) == 0 && listElement(op, v, after)),
		!quoted && camel(v) && containsFold(v, key):
		return false
	case !bytes.HasSuffix(quote, []byte("'")) && expanded(v):
		return false
	case bytes.EqualFold(key, v), pathOrName(v), goTestOutput(key, op),
		urlTail(op, v), fingerprintOf(key, op, v):
		return false
	}
	k := bytes.ToLower(key)
	aws := bytes.Contains(k, []byte("aws")) && bytes.Contains(k, []byte("secret"))
	return !aws || len(v) == 40
}

// urlTail reports whether an unquoted value after a bare ":" is the
// password and host of a URL, "secret@host.example/...": an "@" then a
// host name with a dot, ending the value or followed by "/" or ":".
func urlTail(op, v []byte) bool {
	at := bytes.LastIndexByte(v, '@')
	if string(op) != ":" || at < 0 {
		return false
	}
	host := v[at+1:]
	if i := bytes.IndexAny(host, "/:"); i >= 0 {
		host = host[:i]
	}
	return bytes.IndexByte(host, '.') > 0 &&
		len(bytes.Trim(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")) == 0
}

// fingerprintOf reports whether key, op and v read as a finding's
// fingerprint, such as secret-assignment:0123...: a rule id with a
// "-", a bare ":" and 32 lower-case hex digits.
func fingerprintOf(key, op, v []byte) bool {
	return string(op) == ":" && bytes.IndexByte(key, '-') >= 0 && len(v) == 32 &&
		allHex(v) && !bytes.ContainsAny(v, "ABCDEF")
}

// envWord reports whether a bare word v assigned with op reads as a
// value in a .env file or a shell: after "=", and neither in camel
// case nor in capitals.
func envWord(op, v []byte) bool {
	return string(bytes.TrimSpace(op)) == "=" && !camel(v) && !upper(v)
}

// pathOrName reports whether v is a file path, a URL or an ARN, or
// starts with punctuation that joins or escapes strings, or is a
// selector or an anchor (#add-item).
func pathOrName(v []byte) bool {
	return v[0] == '/' || bytes.HasPrefix(v, []byte("~/")) ||
		bytes.HasPrefix(v, []byte("./")) || bytes.Contains(v, []byte("://")) ||
		bytes.HasPrefix(v, []byte("arn:")) || bytes.IndexByte([]byte(`.+\`), v[0]) >= 0 ||
		v[0] == '#' && word(bytes.ReplaceAll(v[1:], []byte("-"), []byte("_")))
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

// expression reports whether v, an unquoted value, is an expression
// of Go, C or JavaScript rather than a literal:
//   - an address or a dereference, &pkg.Type{ or *ptr;
//   - a slice, array or map type, []T{, [...]T{, [4]T{ or map[K]V{;
//   - an object literal, {name: ...;
//   - a hexadecimal integer constant of up to 64 bits, 0xc2;
//   - a name or a chain of names (cfg.Key2) followed by a composite
//     literal's or an index's bracket, Type{ or keys[1:].
func expression(v []byte) bool {
	switch {
	case (v[0] == '&' || v[0] == '*') && len(v) > 1 && identStart(v[1]):
		return true
	case v[0] == '[':
		return arrayType(v)
	case bytes.HasPrefix(v, []byte("map[")):
		return true
	case v[0] == '{':
		n := identChain(v[1:])
		return n > 0 && n+1 < len(v) && v[n+1] == ':'
	case hexConst(v):
		return true
	}
	n := identChain(v)
	if n == 0 {
		return false
	}
	rest := v[n:]
	return len(rest) > 0 && (rest[0] == '{' || rest[0] == '[')
}

// containsFold reports whether v holds key, in any case.
func containsFold(v, key []byte) bool {
	return bytes.Contains(bytes.ToLower(v), bytes.ToLower(key))
}

// listElement reports whether v, an unquoted value given with op and
// followed by after (a comma, a parenthesis or nothing), is a name
// that ends an element of a literal or a call, as in {pwd: cwd} or
// Password: password16, in Go or JavaScript. A value given with "="
// is left alone, for a URL's query ends the same way.
func listElement(op, v, after []byte) bool {
	if string(bytes.TrimSpace(op)) == "=" {
		return false
	}
	n := identChain(v)
	rest := v[n:]
	return n > 0 && len(bytes.Trim(rest, "}]")) == 0 && (len(rest) > 0 || len(after) > 0)
}

// arrayType reports whether v opens with the brackets of a slice or
// array type, [], [...] or [4], followed by a type name.
func arrayType(v []byte) bool {
	i := bytes.IndexByte(v, ']')
	if i < 0 || i+1 == len(v) {
		return false
	}
	n := string(v[1:i])
	if n != "" && n != "..." && strings.Trim(n, "0123456789") != "" {
		return false
	}
	return identStart(v[i+1]) || v[i+1] == '*' || v[i+1] == '['
}

// identChain returns the length of the run of names joined by dots,
// such as cfg.Key2, that v opens with; 0 if it opens with none. A dot
// must be followed by another name.
func identChain(v []byte) int {
	n := 0
	for n < len(v) && identStart(v[n]) {
		i := n + 1
		for i < len(v) && (identStart(v[i]) || v[i] >= '0' && v[i] <= '9') {
			i++
		}
		n = i
		if i+1 >= len(v) || v[i] != '.' || !identStart(v[i+1]) {
			break
		}
		n++
	}
	return n
}

// identStart reports whether c can begin a name in code.
func identStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// hexConst reports whether v is a hexadecimal integer constant of at
// most 16 digits, such as 0xc2.
func hexConst(v []byte) bool {
	if len(v) < 3 || len(v) > 18 || v[0] != '0' || v[1] != 'x' && v[1] != 'X' {
		return false
	}
	for _, c := range v[2:] {
		if !isHex(c) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// expanded reports whether v, a value the shell would expand, holds a
// command or variable reference: $(, ${ or a name in capitals such as
// $RANDOM or $CI_JOB_ID. Such a value is built when it is used, not
// written down; a lower-case $name is left alone, as passwords may
// hold one.
func expanded(v []byte) bool {
	for i := bytes.IndexByte(v, '$'); i >= 0; {
		r := v[i+1:]
		if len(r) > 0 && (r[0] == '(' || r[0] == '{') || capsName(r) {
			return true
		}
		j := bytes.IndexByte(r, '$')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// capsName reports whether v opens with a name of at least two
// capitals, digits or underscores, starting with a capital or an
// underscore, that is not followed by a lower-case letter.
func capsName(v []byte) bool {
	n := 0
	for n < len(v) && (v[n] >= 'A' && v[n] <= 'Z' || v[n] == '_' ||
		n > 0 && v[n] >= '0' && v[n] <= '9') {
		n++
	}
	return n >= 2 && (n == len(v) || !(v[n] >= 'a' && v[n] <= 'z'))
}

// netrcEntry checks a .netrc match whose groups are login and secret:
// neither may be a type name, as in the fields of a struct that
// holds a .netrc entry ("login string" above "password string").
func netrcEntry(g [][]byte) bool {
	return !typeName(g[1]) && !typeName(g[2])
}

// typeNames are the built-in types of Go and a few other languages
// that a field holding a login or a password has.
var typeNames = map[string]bool{
	"string": true, "[]byte": true, "*string": true, "str": true,
	"String": true, "[]rune": true, "char*": true, "bytes": true,
}

// typeName reports whether v, without a trailing comma or semicolon,
// is a type name (see typeNames).
func typeName(v []byte) bool {
	return typeNames[string(bytes.TrimRight(v, ",;"))]
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
// like key material rather than a stand-in: long, varied base64 (at
// least 4 bits per byte; real key lines have near 6).
func keyBody(g [][]byte) bool {
	body := g[1]
	if bytes.HasPrefix(body, opensshMagic) {
		return true
	}
	return Entropy(body) >= 4 && !IsPlaceholder(body)
}

// opensshMagic is the base64 of "openssh-key-v1", with which every
// OpenSSH private key's body begins.
var opensshMagic = []byte("b3BlbnNzaC1rZXktdjE")

// urlPassword checks a URL's user and password: a password that
// repeats the user name, is a dummy word or a template reference is no
// secret, nor is the fixed word after a token given as the user name
// (see the url-token-user rule).
func urlPassword(g [][]byte) bool {
	m := g[0]
	i := bytes.Index(m, []byte("://")) + 3
	user, _, _ := bytes.Cut(m[i:], []byte(":"))
	pass := g[1]
	return !bytes.Equal(user, pass) && !templated(pass) && !templated(user) &&
		!bytes.HasPrefix(pass, []byte("x-oauth-"))
}

// quotedURLPassword checks a URL password that runs to the last "@"
// of a quoted URL: it must hold a space or an "@", which the
// url-password rule would cut short or miss, and pass that rule's own
// checks.
func quotedURLPassword(g [][]byte) bool {
	return bytes.ContainsAny(g[1], " @") && urlPassword(g)
}

// elementValue checks the text of an XML element: not a template or a
// variable such as ${db.password} or a Maven or Ant filter token such
// as @DB_PASSWORD@, nor the element's own name.
func elementValue(g [][]byte) bool {
	tag, v := g[1], g[2]
	filter := len(v) > 2 && v[0] == '@' && v[len(v)-1] == '@'
	return !templated(v) && !expanded(v) && !filter && !bytes.EqualFold(tag, v)
}

// commandValue checks a password on a command line: it holds no "$",
// which starts a variable (even $1) or a command substitution, and is
// not a template.
func commandValue(g [][]byte) bool {
	v := g[len(g)-1]
	return bytes.IndexByte(v, '$') < 0 && !templated(v) && v[0] != '<'
}

// templated reports whether v is a template field such as {password}.
func templated(v []byte) bool {
	return len(v) > 0 && (v[0] == '{' || v[len(v)-1] == '}' || v[0] == '%')
}

// accessKeyID reports whether a value assigned to an AWS access key
// id name is one that the prefixed rule does not already find: it
// mixes letters and digits and lacks a known prefix.
func accessKeyID(g [][]byte) bool {
	id := g[1]
	switch string(id[:4]) {
	case "AKIA", "ASIA", "ABIA", "ACCA":
		return false
	}
	return bytes.ContainsAny(id, "0123456789") &&
		bytes.ContainsAny(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

// leadWithout returns a check for a rule that spans lines, whose
// submatch named lead holds the part of the secret's line before it:
// the match is dropped when that part holds word, in any case, for
// then a rule run on that line alone reports the secret already.
func leadWithout(word string) func([][]byte) bool {
	w := []byte(word)
	return func(g [][]byte) bool {
		lead := g[1]
		if i := bytes.LastIndexByte(lead, '\n'); i >= 0 {
			lead = lead[i+1:]
		}
		return !bytes.Contains(bytes.ToLower(lead), w)
	}
}

// secretNamed reports whether the submatch named name, the first one,
// is a name that redact deems secret, such as API_KEY.
func secretNamed(g [][]byte) bool {
	return redact.SecretName(string(g[1]))
}

// checksummed reports whether a token whose last eight bytes are the
// hex CRC-32 (IEEE) of the random part before them, which starts after
// the first "_", carries a valid checksum; such a token is reported
// even if it reads like a placeholder. One without a valid checksum
// is reported only if it does not.
func checksummed(g [][]byte) bool {
	tok := g[0]
	_, body, _ := bytes.Cut(tok, []byte("_"))
	if len(body) > 8 {
		want := fmt.Sprintf("%08x", crc32.ChecksumIEEE(body[:len(body)-8]))
		if bytes.EqualFold(body[len(body)-8:], []byte(want)) {
			return true
		}
	}
	return !IsPlaceholder(tok)
}
