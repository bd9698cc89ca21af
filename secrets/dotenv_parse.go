package secrets

import (
	"bytes"
	"strings"
)

// dotenvParser reads .env entries from src. Reasons it returns are
// fixed words: they never quote the input.
type dotenvParser struct {
	src   []byte
	pos   int // next byte to read
	line  int // line number of src[pos]
	start int // line number where the current entry starts
	env   *DotEnv
	buf   []byte // scratch for the value being built

	// lookupEnv finds names for expansion; nil turns expansion off.
	lookupEnv func(string) (string, bool)
}

// entry reads one line: blank, comment, or KEY=VALUE. It returns a
// reason when the entry is malformed.
func (p *dotenvParser) entry() string {
	p.start = p.line
	p.skipBlanks()
	switch {
	case p.pos == len(p.src):
		return ""
	case p.src[p.pos] == '\n':
		p.newline()
		return ""
	case p.src[p.pos] == '#':
		p.skipLine()
		return ""
	}
	p.skipExport()
	key, reason := p.key()
	if reason != "" {
		return reason
	}
	blankBefore := p.skipBlanks() > 0
	value, reason := p.value(blankBefore)
	if reason != "" {
		return reason
	}
	p.set(key, value)
	return ""
}

// skipBlanks skips spaces and tabs and returns how many it skipped.
func (p *dotenvParser) skipBlanks() int {
	n := 0
	for p.pos < len(p.src) && isBlank(p.src[p.pos]) {
		p.pos++
		n++
	}
	return n
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func (p *dotenvParser) newline() {
	p.pos++
	p.line++
}

// skipLine skips to the start of the next line.
func (p *dotenvParser) skipLine() {
	i := bytes.IndexByte(p.src[p.pos:], '\n')
	if i < 0 {
		p.pos = len(p.src)
		return
	}
	p.pos += i
	p.newline()
}

// skipExport skips an "export" prefix followed by blanks and a key.
func (p *dotenvParser) skipExport() {
	rest := p.src[p.pos:]
	if !bytes.HasPrefix(rest, []byte("export")) {
		return
	}
	i := len("export")
	if i == len(rest) || !isBlank(rest[i]) {
		return
	}
	for i < len(rest) && isBlank(rest[i]) {
		i++
	}
	if i < len(rest) && keyStart(rest[i]) {
		p.pos += i
	}
}

func keyStart(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_'
}

func keyByte(c byte) bool {
	return keyStart(c) || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// key reads a key and the '=' after it.
func (p *dotenvParser) key() (string, string) {
	start := p.pos
	for p.pos < len(p.src) && keyByte(p.src[p.pos]) {
		p.pos++
	}
	key := string(p.src[start:p.pos])
	p.skipBlanks()
	if p.pos < len(p.src) && p.src[p.pos] == '=' &&
		key != "" && keyStart(key[0]) {
		p.pos++
		return key, ""
	}
	if p.restOfLineHas('=') {
		return "", "invalid key"
	}
	return "", "missing '='"
}

func (p *dotenvParser) restOfLineHas(c byte) bool {
	rest := p.src[p.pos:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return bytes.IndexByte(rest, c) >= 0
}

// value reads the value after '=' and the rest of its last line.
// blankBefore reports white space between '=' and the value.
func (p *dotenvParser) value(blankBefore bool) (string, string) {
	if p.pos == len(p.src) {
		return "", ""
	}
	var v, reason string
	switch p.src[p.pos] {
	case '\'':
		v, reason = p.singleQuoted()
	case '"':
		v, reason = p.doubleQuoted()
	default:
		return p.unquoted(blankBefore), ""
	}
	if reason != "" {
		return "", reason
	}
	return v, p.afterQuote()
}

// unquoted reads to the end of the line or to a '#' that follows white
// space, and trims trailing white space.
func (p *dotenvParser) unquoted(blankBefore bool) string {
	start := p.pos
	end := start
	for ; end < len(p.src) && p.src[end] != '\n'; end++ {
		if p.src[end] != '#' {
			continue
		}
		if end == start && blankBefore || end > start && isBlank(p.src[end-1]) {
			break
		}
	}
	raw := bytes.TrimRight(p.src[start:end], " \t")
	p.pos = end
	p.skipLine()
	if p.lookupEnv == nil {
		return string(raw)
	}
	p.buf = p.buf[:0]
	for i := 0; i < len(raw); i++ {
		if raw[i] == '$' {
			i = p.expand(raw, i)
			continue
		}
		p.buf = append(p.buf, raw[i])
	}
	return string(p.buf)
}

// singleQuoted reads a literal value up to the next single quote.
func (p *dotenvParser) singleQuoted() (string, string) {
	body := p.src[p.pos+1:]
	end := bytes.IndexByte(body, '\'')
	if end < 0 {
		return "", "unterminated single-quoted value"
	}
	v := string(body[:end])
	p.line += strings.Count(v, "\n")
	p.pos += end + 2
	return v, ""
}

// doubleQuoted reads a value up to the next unescaped double quote,
// decoding escapes and, if on, expanding names.
func (p *dotenvParser) doubleQuoted() (string, string) {
	p.buf = p.buf[:0]
	src := p.src
	for i := p.pos + 1; i < len(src); i++ {
		switch c := src[i]; {
		case c == '"':
			p.pos = i + 1
			return string(p.buf), ""
		case c == '\\' && i+1 < len(src):
			i++
			p.buf = appendEscape(p.buf, src[i])
			if src[i] == '\n' {
				p.line++
			}
		case c == '$' && p.lookupEnv != nil:
			i = p.expand(src, i)
		default:
			if c == '\n' {
				p.line++
			}
			p.buf = append(p.buf, c)
		}
	}
	return "", "unterminated double-quoted value"
}

// appendEscape appends the meaning of backslash followed by c.
func appendEscape(dst []byte, c byte) []byte {
	switch c {
	case 'n':
		return append(dst, '\n')
	case 'r':
		return append(dst, '\r')
	case 't':
		return append(dst, '\t')
	case '"', '\\', '$':
		return append(dst, c)
	}
	return append(dst, '\\', c)
}

// afterQuote checks that only white space and a comment follow a
// closing quote on its line, and skips them.
func (p *dotenvParser) afterQuote() string {
	p.skipBlanks()
	if p.pos < len(p.src) && p.src[p.pos] != '\n' && p.src[p.pos] != '#' {
		return "unexpected text after closing quote"
	}
	p.skipLine()
	return ""
}

// expand appends the expansion of the reference starting at s[i], a
// '$', and returns the index of its last byte. A '$' that starts no
// valid reference is appended as is.
func (p *dotenvParser) expand(s []byte, i int) int {
	name, end := refName(s, i)
	if name == "" {
		p.buf = append(p.buf, '$')
		return i
	}
	p.buf = append(p.buf, p.lookup(name)...)
	return end
}

// refName returns the name in "$NAME" or "${NAME}" at s[i] and the
// index of the reference's last byte, or "" if there is none.
func refName(s []byte, i int) (string, int) {
	j := i + 1
	if j < len(s) && s[j] == '{' {
		k := j + 1
		for k < len(s) && keyByte(s[k]) {
			k++
		}
		if k == j+1 || k == len(s) || s[k] != '}' || !keyStart(s[j+1]) {
			return "", i
		}
		return string(s[j+1 : k]), k
	}
	k := j
	for k < len(s) && (keyStart(s[k]) || k > j && s[k] >= '0' && s[k] <= '9') {
		k++
	}
	if k == j {
		return "", i
	}
	return string(s[j:k]), k - 1
}

func (p *dotenvParser) lookup(name string) string {
	if s, ok := p.env.vals[name]; ok {
		return s.Reveal()
	}
	v, _ := p.lookupEnv(name)
	return v
}

// set records key=value; a later value for a key replaces an earlier.
func (p *dotenvParser) set(key, value string) {
	if _, ok := p.env.vals[key]; !ok {
		p.env.keys = append(p.env.keys, key)
	}
	p.env.vals[key] = NewSecret(value)
}
