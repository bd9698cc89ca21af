package secrets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// MaxDotEnvSize is the largest .env input [ParseDotEnv] and
// [ReadDotEnv] accept, in bytes. Lines may be as long as the input.
const MaxDotEnvSize = 16 << 20

// ErrTooLarge reports .env input larger than [MaxDotEnvSize].
var ErrTooLarge = errors.New("input larger than the maximum size")

// DotEnvOptions configures .env parsing. A nil *DotEnvOptions means the
// defaults: no expansion.
type DotEnvOptions struct {
	// Expand turns on expansion of $NAME and ${NAME} in unquoted and
	// double-quoted values. It is off by default because passwords
	// often hold '$'. A name is looked up among the keys defined
	// earlier in the same input, then with LookupEnv; an unknown name
	// expands to "". "\$" in a double-quoted value, and anything in a
	// single-quoted one, stays literal; a '$' not followed by a name,
	// or a "${" without a valid name and '}', is kept as written.
	Expand bool

	// LookupEnv finds names that Expand does not find among earlier
	// keys. Nil means os.LookupEnv. It is not called unless Expand is
	// set.
	LookupEnv func(name string) (string, bool)
}

// DotEnv holds the entries of a parsed .env input. It is a [Source],
// safe for concurrent use once made. Its values are kept as [Secret]s,
// so printing a DotEnv shows its keys but none of its values.
type DotEnv struct {
	name string
	keys []string          // keys in order of first appearance
	vals map[string]Secret // last value of each key
}

var _ Source = (*DotEnv)(nil)

// ReadDotEnv parses the .env file at path; see [ParseDotEnv]. An error
// opening or reading the file wraps the *fs.PathError, which names the
// path, so errors.Is(err, fs.ErrNotExist) reports a missing file.
func ReadDotEnv(path string, opts *DotEnvOptions) (*DotEnv, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	defer f.Close()
	src, err := readLimited(f)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, fmt.Errorf("secrets: read %q: %w", path, err)
		}
		return nil, fmt.Errorf("secrets: %w", err)
	}
	return parseDotEnv(src, path, opts)
}

// ParseDotEnv parses .env input from r, in the dialect described in the
// package documentation. name identifies the input in errors. Malformed
// input gives a [*ParseError]; input larger than [MaxDotEnvSize] gives
// an error wrapping [ErrTooLarge].
func ParseDotEnv(r io.Reader, name string, opts *DotEnvOptions) (*DotEnv, error) {
	src, err := readLimited(r)
	if err != nil {
		return nil, fmt.Errorf("secrets: read %q: %w", name, err)
	}
	return parseDotEnv(src, name, opts)
}

func readLimited(r io.Reader) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, MaxDotEnvSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxDotEnvSize {
		return nil, ErrTooLarge
	}
	return src, nil
}

// Name returns the name the input was parsed under.
func (d *DotEnv) Name() string { return d.name }

// Len returns the number of distinct keys.
func (d *DotEnv) Len() int { return len(d.keys) }

// Keys returns the keys in the order they first appear.
func (d *DotEnv) Keys() []string { return slices.Clone(d.keys) }

// Value returns the value of key and whether key is defined. A key set
// to the empty string is defined.
func (d *DotEnv) Value(key string) (Secret, bool) {
	s, ok := d.vals[key]
	return s, ok
}

// Lookup returns the value of key. A key that is missing or set to the
// empty string gives [ErrNotFound], as for [Env].
func (d *DotEnv) Lookup(_ context.Context, key string) (string, error) {
	v := d.vals[key].Reveal()
	if v == "" {
		return "", ErrNotFound
	}
	return v, nil
}

// QuoteDotEnv returns value quoted so that [ParseDotEnv] reads it back
// unchanged, with or without [DotEnvOptions.Expand]: in single quotes
// when value holds neither a single quote nor a carriage return,
// otherwise in double quotes with '\\', '"', '$', newline and carriage
// return escaped.
func QuoteDotEnv(value string) string {
	if !strings.ContainsAny(value, "'\r") {
		return "'" + value + "'"
	}
	var b strings.Builder
	b.Grow(len(value) + 8)
	b.WriteByte('"')
	for i := 0; i < len(value); i++ {
		switch c := value[i]; c {
		case '\\', '"', '$':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// parseDotEnv parses src, which it may modify.
func parseDotEnv(src []byte, name string, opts *DotEnvOptions) (*DotEnv, error) {
	p := &dotenvParser{
		src:  normalize(src),
		line: 1,
		env:  &DotEnv{name: name, vals: make(map[string]Secret)},
	}
	if opts != nil && opts.Expand {
		p.lookupEnv = opts.LookupEnv
		if p.lookupEnv == nil {
			p.lookupEnv = os.LookupEnv
		}
	}
	for p.pos < len(p.src) {
		if reason := p.entry(); reason != "" {
			return nil, &ParseError{Name: name, Line: p.start, Reason: reason}
		}
	}
	return p.env, nil
}

// normalize drops a leading UTF-8 byte order mark and turns CRLF and
// lone CR line ends into LF, so a file saved with old Mac line ends
// does not read as one long line.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}
