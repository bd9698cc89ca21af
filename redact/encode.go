package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// variants returns the forms of value to register: the value, trimmed,
// its lines and its encodings, each at least minLen bytes long.
func variants(value string, minLen int) ([]form, error) {
	if value == "" {
		return nil, ErrEmpty
	}
	trimmed := strings.TrimSpace(value)
	if len(trimmed) < minLen {
		return nil, ErrTooShort
	}
	var out []form
	add := func(s string, e edge) {
		if len(s) >= minLen {
			out = append(out, form{s, e})
		}
	}
	for _, v := range []string{value, trimmed} {
		add(v, edge{})
		addEncodings(add, v)
	}
	if strings.ContainsAny(trimmed, "\r\n") {
		for line := range strings.Lines(trimmed) {
			line = strings.TrimSpace(line)
			if len(line) >= minLen && !punctuation(line) {
				add(line, edge{})
				addEncodings(add, line)
			}
		}
	}
	return out, nil
}

// addEncodings passes each encoded form of v to add.
func addEncodings(add func(string, edge), v string) {
	addBase64(add, v)
	path, query := url.PathEscape(v), url.QueryEscape(v)
	js := jsonString(v, false)
	for _, s := range []string{
		path,
		query,
		lowerEscapes(path),
		lowerEscapes(query),
		jsonString(v, true),
		js,
		strings.ReplaceAll(js, "/", `\/`),
		quoted(strconv.Quote(v)),
		quoted(strconv.QuoteToASCII(v)),
		strings.ReplaceAll(v, `'`, `'\''`),
		shellDouble(v),
	} {
		add(s, edge{})
	}
}

// addBase64 adds v in each base64 alphabet: whole, padded and unpadded,
// and, for each of the three positions v can start at within a 3-byte
// group, the run of characters that depend on v's bytes alone.
func addBase64(add func(string, edge), v string) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		add(enc.EncodeToString([]byte(v)), edge{})
		raw := enc.WithPadding(base64.NoPadding)
		for off := range 3 {
			e := edge{left: off > 0, right: (off+len(v))%3 != 0}
			add(base64Core(raw, v, off), e)
		}
	}
}

// base64Core encodes v after off filler bytes and keeps the characters
// that no byte outside v influences.
func base64Core(enc *base64.Encoding, v string, off int) string {
	b := make([]byte, off+len(v))
	copy(b[off:], v)
	s := enc.EncodeToString(b)
	// Characters before the first group boundary inside v mix filler
	// bits in; so does the last character when v does not end a group.
	first := []int{0, 2, 3}[off]
	end := off + len(v)
	last := end / 3 * 4
	switch end % 3 {
	case 1:
		last++
	case 2:
		last += 2
	}
	if first >= last {
		return ""
	}
	return s[first:last]
}

func jsonString(v string, escapeHTML bool) string {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(escapeHTML)
	if e.Encode(v) != nil {
		return ""
	}
	return quoted(strings.TrimSuffix(buf.String(), "\n"))
}

// lowerEscapes writes the hex digits of s's percent escapes in lower
// case, as some encoders do.
func lowerEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1] = lower(b[i+1])
			b[i+2] = lower(b[i+2])
			i += 2
		}
	}
	return string(b)
}

// quoted strips the surrounding quotes of a quoted string.
func quoted(s string) string {
	if len(s) < 2 {
		return ""
	}
	return s[1 : len(s)-1]
}

// shellDouble escapes v as it would appear inside double quotes in a
// POSIX shell.
func shellDouble(v string) string {
	var b strings.Builder
	for _, c := range []byte(v) {
		switch c {
		case '"', '\\', '$', '`':
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// punctuation reports whether s holds no letter or digit.
func punctuation(s string) bool {
	for _, c := range s {
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' ||
			c >= 'A' && c <= 'Z' || c > 0x7f {
			return false
		}
	}
	return true
}
