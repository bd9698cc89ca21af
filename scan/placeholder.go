package scan

import "bytes"

// placeholderWords are words that, anywhere in a value, make it a
// placeholder rather than a secret. Random tokens hold one of them
// too rarely to matter; "fake" counts only as a word of a phrase
// (fake-password), for some real tokens start with Fake.
var placeholderWords = [][]byte{
	[]byte("example"), []byte("changeme"), []byte("change_me"),
	[]byte("change-me"), []byte("xxxx"), []byte("placeholder"),
	[]byte("your_"), []byte("your-"), []byte("yourapi"),
	[]byte("dummy"), []byte("redacted"), []byte("sample"),
	[]byte("getenv"), []byte("environ"), []byte("process.env"),
	[]byte("secrets."), []byte("****"), []byte("...."),
	[]byte("insert"), []byte("replace"), []byte("notreal"),
	[]byte("not_real"), []byte("not-real"), []byte("abcdef"),
	[]byte("123456"), []byte("a1b2c3"), []byte("aabbcc"),
	[]byte("not_a_real"), []byte("not-a-real"), []byte("fake-"),
	[]byte("fake_"), []byte("-for-test"), []byte("_for_test"),
}

// dummyValues are whole values that are words, not secrets.
var dummyValues = map[string]bool{
	"password": true, "passwd": true, "pass": true, "pwd": true,
	"secret": true, "mysecret": true, "mypassword": true, "token": true,
	"apikey": true, "api_key": true, "test": true, "none": true,
	"null": true, "nil": true, "true": true, "false": true,
	"username": true, "user": true, "admin": true, "root": true,
}

// placeholderStarts are openings of template and variable references.
var placeholderStarts = [][]byte{
	[]byte("${"), []byte("$("), []byte("{{"), []byte("%("),
	[]byte("<%"), []byte("#{"), []byte("<"),
}

// IsPlaceholder reports whether v looks like a stand-in for a secret
// rather than one: it is a word such as password, secret, test or
// admin; it holds a word such as example, changeme, your_, xxxx,
// placeholder, dummy, redacted or fake- (fake-password-for-tests), a
// run such as abcdef or 123456, or a reference such as getenv,
// process.env or secrets.; it opens a template or variable reference
// (${VAR}, {{ .Var }}, <your-api-key>, $VAR, %VAR%) or is a name to
// replace (@@DB_PASSWORD@@, __DB_PASSWORD__); or it is a run of one
// character or a run of consecutive letters or digits (abcdef, 123456).
// Case does not matter.
func IsPlaceholder(v []byte) bool {
	v = bytes.Trim(v, "\"'`: ")
	if len(v) == 0 {
		return true
	}
	for _, p := range placeholderStarts {
		if bytes.HasPrefix(v, p) {
			return true
		}
	}
	if v[0] == '$' && len(v) > 1 && varStart(v[1]) {
		return true
	}
	if len(v) > 2 && v[0] == '%' && v[len(v)-1] == '%' {
		return true // a Windows variable, %NAME%
	}
	if wrapped(v, "@@") || wrapped(v, "__") {
		return true // a token to replace, @@NAME@@ or __NAME__
	}
	var buf [256]byte
	low := buf[:0]
	if len(v) <= len(buf) {
		for _, c := range v {
			low = append(low, lower(c))
		}
	} else {
		low = bytes.ToLower(v)
	}
	for _, w := range placeholderWords {
		if bytes.Contains(low, w) {
			return true
		}
	}
	return dummyValues[string(low)] || repeated(low) || sequence(low)
}

// wrapped reports whether v is a name between two marks, as in
// @@DB_PASSWORD@@ or __DB_PASSWORD__.
func wrapped(v []byte, mark string) bool {
	m := len(mark)
	if len(v) <= 2*m || string(v[:m]) != mark || string(v[len(v)-m:]) != mark {
		return false
	}
	for _, c := range v[m : len(v)-m] {
		if !varStart(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// varStart reports whether c can begin a shell variable name.
func varStart(c byte) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// repeated reports whether v is one byte repeated.
func repeated(v []byte) bool {
	for _, c := range v[1:] {
		if c != v[0] {
			return false
		}
	}
	return true
}

// sequence reports whether v, at least four bytes long, counts up or
// down one byte at a time, as abcdef and 654321 do.
func sequence(v []byte) bool {
	if len(v) < 4 {
		return false
	}
	up, down := true, true
	for i := 1; i < len(v); i++ {
		up = up && v[i] == v[i-1]+1
		down = down && v[i] == v[i-1]-1
	}
	return up || down
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// ignoreMarkers are comments that exempt a line from scanning: this
// module's own and those the users of other scanners already have in
// their code.
var ignoreMarkers = [][]byte{
	[]byte("hush:allow"),
	[]byte("gitleaks:allow"),
	[]byte("pragma: allowlist secret"),
}

// ignored reports whether line carries an inline ignore marker, in any
// case. A marker counts only as a word of its own in a comment-like
// place: at the start of the line or after white space or a comment
// character, and not followed by a letter, digit, '_' or '-'. So
// "?q=hush:allow" inside a URL, "hush:allowance" or a quoted value
// that starts with a marker does not silence a line.
func ignored(line []byte) bool {
	for _, m := range ignoreMarkers {
		for i := 0; i+len(m) <= len(line); i++ {
			if lower(line[i]) != m[0] || !bytes.EqualFold(line[i:i+len(m)], m) {
				continue
			}
			if markerBefore(line, i) && markerAfter(line, i+len(m)) {
				return true
			}
		}
	}
	return false
}

// markerBefore reports whether a marker may start at line[i].
func markerBefore(line []byte, i int) bool {
	if i == 0 {
		return true
	}
	switch line[i-1] {
	case ' ', '\t', '#', '/', '*', ';', '-', '!', '<', '(', '%':
		return true
	}
	return false
}

// markerAfter reports whether a marker may end before line[i].
func markerAfter(line []byte, i int) bool {
	if i == len(line) {
		return true
	}
	c := line[i]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
		c >= '0' && c <= '9' || c == '_' || c == '-')
}
