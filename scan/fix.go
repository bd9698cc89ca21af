package scan

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// maxFixSecret is the longest secret [Fix] looks for.
const maxFixSecret = 64 << 10

// placeholders are the stand-ins [Fix] writes for the secrets of the
// built-in rules whose ids do not already say it well.
var placeholders = map[string]string{
	"aws-secret-access-key": "<aws-secret-access-key>",
	"url-password":          "<password>",
	"password-assignment":   "<password>",
	"netrc-password":        "<password>",
	"command-password":      "<password>",
	"network-credential":    "<password>",
	"xml-setting-password":  "<password>",
	"secret-assignment":     "<secret>",
	"jwt":                   "<jwt-token>",
	"authorization-bearer":  "<bearer-token>",
	"authorization-basic":   "<basic-credentials>",
	"private-key":           "<private-key>",
	"password-hash":         "<password-hash>",
}

// Placeholder returns what [Fix] writes in place of a secret found by
// the rule with this id: "<password>" for the password rules,
// "<secret>" for other assignments, "<jwt-token>", "<bearer-token>",
// "<private-key>" and the like for some others, and for the rest the
// id itself, lower-cased, in angle brackets, such as
// "<aws-access-key-id>" or "<stripe-secret-key>".
func Placeholder(rule string) string {
	if p, ok := placeholders[rule]; ok {
		return p
	}
	id := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, rule)
	return "<" + id + ">"
}

// Fix replaces in the file at path the secret of each of findings
// whose File is path with [Placeholder] of its rule, and returns how
// many it replaced. For a private key it replaces the whole block, to
// the END line. The placeholders are not findings when scanned again.
//
// Fix finds each secret from its finding's line, column and
// fingerprint, or its Secret when revealed, so it needs no secret in
// the finding; a finding that no longer matches the file, because the
// file changed since the scan, is left alone and its error, wrapping
// [ErrStale], joined into the returned error. Findings for other
// files are ignored.
//
// It reads the whole file, writes the result to a new file in the
// same directory with the same permissions, and renames it over the
// old one, so a reader sees the old file or the new one, never a mix;
// it follows a symbolic link and replaces its target. When nothing is
// replaced the file is not written.
func Fix(path string, findings []Finding) (int, error) {
	mine := slices.DeleteFunc(slices.Clone(findings), func(f Finding) bool {
		return f.File != path
	})
	if len(mine) == 0 {
		return 0, nil
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return 0, fmt.Errorf("scan: fix: %w", err)
	}
	data, err := os.ReadFile(real)
	if err != nil {
		return 0, fmt.Errorf("scan: fix: %w", err)
	}
	spans, errs := locate(data, path, mine)
	if len(spans) == 0 {
		return 0, errors.Join(errs...)
	}
	if err := writeAtomic(real, replaceSpans(data, spans)); err != nil {
		errs = append(errs, err)
		return 0, errors.Join(errs...)
	}
	return len(spans), errors.Join(errs...)
}

// span is a part of a file to replace with text.
type span struct {
	start, end int
	text       string
}

// locate returns the spans to replace for findings in data, sorted and
// without overlaps, and an error for each finding it cannot place.
func locate(data []byte, path string, findings []Finding) ([]span, []error) {
	starts := lineStarts(data)
	var (
		spans []span
		errs  []error
	)
	for _, f := range findings {
		sp, ok := place(data, starts, f)
		if !ok {
			errs = append(errs, fmt.Errorf("%w: %s:%d:%d (rule %q)",
				ErrStale, path, f.Line, f.Column, f.Rule))
			continue
		}
		spans = append(spans, sp)
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	out := spans[:0]
	for _, sp := range spans {
		if len(out) == 0 || sp.start >= out[len(out)-1].end {
			out = append(out, sp)
		}
	}
	return out, errs
}

// lineStarts returns the offset at which each line of data starts.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// place finds the secret of f in data and returns the span to
// replace, or false if it is not where f says.
func place(data []byte, starts []int, f Finding) (span, bool) {
	if f.Line < 1 || f.Line > len(starts) || f.Column < 1 {
		return span{}, false
	}
	start := starts[f.Line-1] + f.Column - 1
	if start >= len(data) {
		return span{}, false
	}
	end, ok := secretEnd(data, start, f)
	if !ok {
		return span{}, false
	}
	if f.Rule == "private-key" {
		end = keyBlockEnd(data, end)
	}
	return span{start: start, end: end, text: Placeholder(f.Rule)}, true
}

// secretEnd returns where the secret of f that starts at data[start]
// ends: after f.Secret if it is set and there, else at the length
// whose hash is f's fingerprint.
func secretEnd(data []byte, start int, f Finding) (int, bool) {
	if f.Secret != "" {
		end := start + len(f.Secret)
		return end, end <= len(data) && string(data[start:end]) == f.Secret
	}
	i := strings.LastIndexByte(f.Fingerprint, ':')
	want, err := hex.DecodeString(f.Fingerprint[i+1:])
	if i < 0 || err != nil || len(want) == 0 || len(want) > sha256.Size {
		return 0, false
	}
	h := sha256.New()
	var sum [sha256.Size]byte
	for end := start; end < min(len(data), start+maxFixSecret); end++ {
		h.Write(data[end : end+1])
		if bytes.Equal(h.Sum(sum[:0])[:len(want)], want) {
			return end + 1, true
		}
	}
	return 0, false
}

// keyBlockEnd returns the end of the END line of the private key
// block whose secret ends at end. A block without an END line near (a
// truncated paste) ends after the run of lines holding only base64
// text that follows, so no key material is left behind.
func keyBlockEnd(data []byte, end int) int {
	rest := data[end:min(len(data), end+maxFixSecret)]
	if i := bytes.Index(rest, []byte("-----END ")); i >= 0 {
		if j := bytes.Index(rest[i+9:], []byte("-----")); j >= 0 {
			return end + i + 9 + j + 5
		}
	}
	for end < len(data) {
		next := bytes.IndexByte(data[end+1:], '\n')
		if data[end] != '\n' || next < 0 {
			next = len(data) - end - 1
		}
		line := bytes.TrimRight(data[end+1:end+1+next], "\r")
		if len(line) == 0 || !base64Line(line) {
			return end
		}
		end += 1 + next
	}
	return end
}

// base64Line reports whether line holds only base64 characters, as the
// body lines of a key block do.
func base64Line(line []byte) bool {
	for _, c := range line {
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' ||
			c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
		if !ok {
			return false
		}
	}
	return true
}

// replaceSpans returns data with each of spans, sorted and apart,
// replaced by its text.
func replaceSpans(data []byte, spans []span) []byte {
	var out bytes.Buffer
	out.Grow(len(data))
	prev := 0
	for _, sp := range spans {
		out.Write(data[prev:sp.start])
		out.WriteString(sp.text)
		prev = sp.end
	}
	out.Write(data[prev:])
	return out.Bytes()
}

// writeAtomic replaces the file at path with data: it writes a
// temporary file in the same directory with path's permissions and
// renames it over path.
func writeAtomic(path string, data []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("scan: fix: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".fix-*")
	if err != nil {
		return fmt.Errorf("scan: fix: %w", err)
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	err = errors.Join(err, tmp.Chmod(info.Mode().Perm()), tmp.Sync(), tmp.Close())
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("scan: fix %q: %w", path, err)
	}
	return nil
}
