package scan

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/codebuddy/hush/redact"
)

// markdownFile reports whether name is a Markdown file, whose fenced
// code blocks with placeholders are examples (see fences).
func markdownFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown", ".mdx":
		return true
	}
	return false
}

// fences follows the fenced code blocks of a Markdown text fed to it
// in pieces, and collects the line ranges of the blocks that hold a
// placeholder such as <your-api-key> (see placeholderTag): the
// examples whose findings are not reported.
type fences struct {
	open     bool
	char     byte // '`' or '~'
	n        int  // the opening fence's length
	from     int  // the opening fence's line
	example  bool // the open block holds a placeholder
	midLine  bool // the last piece ended inside a line
	examples [][2]int
}

// walk reads the lines of piece, the first of which is numbered line
// (or continues it when the last piece ended inside a line).
func (f *fences) walk(piece []byte, line int) {
	for len(piece) > 0 {
		text, rest, found := bytes.Cut(piece, nl)
		if f.midLine {
			f.inside(text)
		} else {
			f.line(text, line)
		}
		f.midLine = !found
		if found {
			line++
		}
		piece = rest
	}
}

// line reads one whole line, numbered n.
func (f *fences) line(text []byte, n int) {
	c, run, rest := fence(text)
	switch {
	case !f.open && run > 0 && (c == '~' || bytes.IndexByte(rest, '`') < 0):
		f.open, f.char, f.n, f.from, f.example = true, c, run, n, false
	case f.open && c == f.char && run >= f.n && len(bytes.TrimSpace(rest)) == 0:
		if f.example {
			f.examples = append(f.examples, [2]int{f.from, n})
		}
		f.open = false
	default:
		f.inside(text)
	}
}

// inside notes a placeholder in text, a line or part of one.
func (f *fences) inside(text []byte) {
	if f.open && !f.example && placeholderTag(text) {
		f.example = true
	}
}

// fence returns the fence character, the length of the fence and what
// follows it, if text opens or closes a fenced code block: at most
// three spaces, then three or more backticks or tildes.
func fence(text []byte) (byte, int, []byte) {
	i := 0
	for i < 3 && i < len(text) && text[i] == ' ' {
		i++
	}
	if i == len(text) || text[i] != '`' && text[i] != '~' {
		return 0, 0, nil
	}
	c, j := text[i], i
	for j < len(text) && text[j] == c {
		j++
	}
	if j-i < 3 {
		return 0, 0, nil
	}
	return c, j - i, text[j:]
}

// placeholderTag reports whether text holds a placeholder in angle
// brackets: "<", two to 64 letters, digits, spaces, "-", "_" or "."
// starting with a letter, then ">", where the words inside are
// joined by "-", "_" or a space (<your-api-key>, <API KEY>), are all
// capitals (<TOKEN>), or name a secret as [redact.SecretName] decides
// (<password>). So <div>, <String> and <T> are not placeholders.
func placeholderTag(text []byte) bool {
	for {
		i := bytes.IndexByte(text, '<')
		if i < 0 {
			return false
		}
		text = text[i+1:]
		j := bytes.IndexByte(text, '>')
		if j < 0 {
			return false
		}
		if placeholderName(text[:j]) {
			return true
		}
	}
}

// placeholderName reports whether in, the text between angle
// brackets, names a placeholder (see placeholderTag).
func placeholderName(in []byte) bool {
	if len(in) < 2 || len(in) > 64 || !letter(in[0]) {
		return false
	}
	joined, caps := false, true
	for _, c := range in {
		switch {
		case c == '-' || c == '_' || c == ' ':
			joined = true
		case c >= 'a' && c <= 'z':
			caps = false
		case c == '.' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return joined || caps || redact.SecretName(string(in))
}

func letter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// inExample reports whether line lies in one of ranges.
func inExample(ranges [][2]int, line int) bool {
	for _, r := range ranges {
		if line >= r[0] && line <= r[1] {
			return true
		}
	}
	return false
}
