package secrets

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dotenvValues returns every key's value, empty ones included.
func dotenvValues(d *DotEnv) map[string]string {
	m := make(map[string]string, d.Len())
	for _, k := range d.Keys() {
		s, _ := d.Value(k)
		m[k] = s.Reveal()
	}
	return m
}

func TestParseDotEnv(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  map[string]string
	}{
		{"unquoted", "A=hello world\n", map[string]string{"A": "hello world"}},
		{"no final newline", "A=x", map[string]string{"A": "x"}},
		{"export prefix", "export A=1\nexport\tB=2\n", map[string]string{"A": "1", "B": "2"}},
		{"key named export", "export=1\n", map[string]string{"export": "1"}},
		{"key starting with export", "exported=1\n", map[string]string{"exported": "1"}},
		{"spaces around equals", "A = 1\nB\t=\t2\n  C=3\n",
			map[string]string{"A": "1", "B": "2", "C": "3"}},
		{"trailing blanks trimmed", "A=1  \t\n", map[string]string{"A": "1"}},
		{"single quoted literal", `A='x\ny $B "q"'` + "\n", map[string]string{"A": `x\ny $B "q"`}},
		{"double quoted escapes", `A="a\nb\rc\td\"e\\f\$g"` + "\n",
			map[string]string{"A": "a\nb\rc\td\"e\\f$g"}},
		{"unknown escapes kept", `A="\a\x\'\u00e9"`, map[string]string{"A": `\a\x\'\u00e9`}},
		{"multi-line double", "A=\"line1\nline2\"\nB=2\n",
			map[string]string{"A": "line1\nline2", "B": "2"}},
		{"multi-line single", "A='line1\n\nline3'\nB=2\n",
			map[string]string{"A": "line1\n\nline3", "B": "2"}},
		{"inline comment", "A=value # comment\nB=value\t# c\n",
			map[string]string{"A": "value", "B": "value"}},
		{"hash inside word", "A=a#b\n", map[string]string{"A": "a#b"}},
		{"hash first after equals", "A=#b\n", map[string]string{"A": "#b"}},
		{"comment after equals and blank", "A= #c\n", map[string]string{"A": ""}},
		{"hash in double quotes", `A="a #b"` + "\n", map[string]string{"A": "a #b"}},
		{"hash in single quotes", `A='a #b'` + "\n", map[string]string{"A": "a #b"}},
		{"comment after quote", `A="x" # c` + "\n" + `B='y'#c` + "\n",
			map[string]string{"A": "x", "B": "y"}},
		{"dollar literal by default", "A=pa$$word\nB=\"${HOME}\"\nC=$A\n",
			map[string]string{"A": "pa$$word", "B": "${HOME}", "C": "$A"}},
		{"bom", "\uFEFFA=1\n", map[string]string{"A": "1"}},
		{"crlf", "A=1\r\nB=\"x\r\ny\"\r\n", map[string]string{"A": "1", "B": "x\ny"}},
		{"cr line ends", "A=fake-one\rB=fake-two\r", map[string]string{"A": "fake-one", "B": "fake-two"}},
		{"cr in quotes", "A=\"x\ry\"\n", map[string]string{"A": "x\ny"}},
		{"escaped cr", "A=\"x\\ry\"\n", map[string]string{"A": "x\ry"}},
		{"empty values", "A=\nB=\"\"\nC=''\n", map[string]string{"A": "", "B": "", "C": ""}},
		{"blank and comment lines", "\n  \n# c\n  # indented\nA=1\n\n",
			map[string]string{"A": "1"}},
		{"duplicate last wins", "A=1\nB=2\nA=3\n", map[string]string{"A": "3", "B": "2"}},
		{"key characters", "a.b-c_D9=1\n_x=2\n", map[string]string{"a.b-c_D9": "1", "_x": "2"}},
		{"quotes inside unquoted", `A=it's "x"` + "\n", map[string]string{"A": `it's "x"`}},
		{"backslash in unquoted", `A=C:\path\n` + "\n", map[string]string{"A": `C:\path\n`}},
		{"equals in value", "A=b=c\n", map[string]string{"A": "b=c"}},
		{"invalid utf8 kept", "A=\xff\xfe\n", map[string]string{"A": "\xff\xfe"}},
		{"nul kept", "A=\"a\x00b\"\n", map[string]string{"A": "a\x00b"}},
		{"escaped newline kept", "A=\"a\\\nb\"\n", map[string]string{"A": "a\\\nb"}},
		{"empty input", "", map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDotEnv(strings.NewReader(tt.input), "test.env", nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, dotenvValues(d))
		})
	}
}

func TestParseDotEnvKeyOrder(t *testing.T) {
	d, err := ParseDotEnv(strings.NewReader("B=1\nA=2\nB=3\nC=4\n"), "x", nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"B", "A", "C"}, d.Keys())
	assert.Equal(t, 3, d.Len())
	assert.Equal(t, "x", d.Name())
}

func TestParseDotEnvExpand(t *testing.T) {
	env := map[string]string{"HOME": "/home/u", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	tests := []struct {
		name  string
		input string
		want  map[string]string
	}{
		{"braces from env", `A=${HOME}/x`, map[string]string{"A": "/home/u/x"}},
		{"bare from env", `A=$HOME/x`, map[string]string{"A": "/home/u/x"}},
		{"earlier key wins", "HOME=/h\nA=$HOME", map[string]string{"HOME": "/h", "A": "/h"}},
		{"later key not seen", "A=$B\nB=1", map[string]string{"A": "", "B": "1"}},
		{"unknown is empty", `A=x${NOPE}y`, map[string]string{"A": "xy"}},
		{"double quoted", `A="$HOME ${HOME}"`, map[string]string{"A": "/home/u /home/u"}},
		{"escaped dollar", `A="\$HOME"`, map[string]string{"A": "$HOME"}},
		{"single quoted literal", `A='$HOME'`, map[string]string{"A": "$HOME"}},
		{"lone dollar", `A=a$ b$`, map[string]string{"A": "a$ b$"}},
		{"dollar digit", `A=$1x`, map[string]string{"A": "$1x"}},
		{"unclosed brace", `A=${HOME`, map[string]string{"A": "${HOME"}},
		{"default form kept", `A=${HOME:-x}`, map[string]string{"A": "${HOME:-x}"}},
		{"empty braces", `A=${}`, map[string]string{"A": "${}"}},
		{"name stops at punctuation", `A=$HOME.x`, map[string]string{"A": "/home/u.x"}},
		{"dotted name in braces", "a.b=1\nA=${a.b}", map[string]string{"a.b": "1", "A": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := &DotEnvOptions{Expand: true, LookupEnv: lookup}
			d, err := ParseDotEnv(strings.NewReader(tt.input), "x", opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, dotenvValues(d))
		})
	}
}

func TestParseDotEnvErrors(t *testing.T) {
	const secret = "hunter2-very-secret"
	tests := []struct {
		name     string
		input    string
		wantLine int
		reason   string
	}{
		{"no equals", "A=1\n" + secret + "\n", 2, "missing '='"},
		{"bad key start", "9" + secret + "=1\n", 1, "invalid key"},
		{"bad key char", "K@Y=" + secret + "\n", 1, "invalid key"},
		{"space in key", "MY KEY=" + secret + "\n", 1, "invalid key"},
		{"only equals", "=" + secret + "\n", 1, "invalid key"},
		{"export alone", "export\n", 1, "missing '='"},
		{"unterminated double", "A=1\nB=\"" + secret + "\nmore\n", 2,
			"unterminated double-quoted value"},
		{"unterminated single", "\n\nB='" + secret, 3, "unterminated single-quoted value"},
		{"trailing backslash", `B="` + secret + `\`, 1, "unterminated double-quoted value"},
		{"garbage after double", `A="x"` + secret + "\n", 1, "unexpected text after closing quote"},
		{"garbage after single", `A='` + secret + `' x` + "\n", 1,
			"unexpected text after closing quote"},
		{"line after multi-line", "A=\"a\nb\"\nB" + secret + "\n", 3, "missing '='"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDotEnv(strings.NewReader(tt.input), "app.env", nil)
			require.Error(t, err)
			var pe *ParseError
			require.True(t, errors.As(err, &pe), "got %T, want *ParseError", err)
			assert.Equal(t, "app.env", pe.Name)
			assert.Equal(t, tt.wantLine, pe.Line)
			assert.Equal(t, tt.reason, pe.Reason)
			assert.True(t, errors.Is(err, ErrSyntax), "error does not wrap ErrSyntax")
			assert.False(t, strings.Contains(err.Error(), "hunter2"),
				"error holds part of the value")
			assert.True(t, strings.HasPrefix(err.Error(), `secrets: parse "app.env" line `),
				"got %q", err.Error())
		})
	}
}

func TestParseDotEnvHugeLine(t *testing.T) {
	big := strings.Repeat("x", 4<<20)
	input := "A=" + big + "\nB='" + big + "'\nC=1\n"
	d, err := ParseDotEnv(strings.NewReader(input), "big", nil)
	require.NoError(t, err)
	a, _ := d.Value("A")
	b, _ := d.Value("B")
	assert.True(t, a.Reveal() == big, "long unquoted value changed")
	assert.True(t, b.Reveal() == big, "long quoted value changed")
	assert.Equal(t, 3, d.Len())
}

func TestParseDotEnvTooLarge(t *testing.T) {
	r := io.LimitReader(neverEnding('a'), MaxDotEnvSize+10)
	_, err := ParseDotEnv(r, "huge", nil)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrTooLarge), "got %v, want ErrTooLarge", err)
	assert.Contains(t, err.Error(), `"huge"`)
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestParseDotEnvReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ParseDotEnv(iotest.ErrReader(boom), "r.env", nil)
	require.Error(t, err)
	assert.True(t, errors.Is(err, boom), "got %v, want the reader's error", err)
	assert.Equal(t, `secrets: read "r.env": disk on fire`, err.Error())
}

func TestReadDotEnv(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	require.NoError(t, os.WriteFile(path, []byte("export DB_PASSWORD='pa$$w0rd!'\n"), 0o600))

	d, err := ReadDotEnv(path, nil)
	require.NoError(t, err)
	v, err := d.Lookup(context.Background(), "DB_PASSWORD")
	require.NoError(t, err)
	assert.True(t, v == "pa$$w0rd!", "got the wrong value")
	assert.Equal(t, path, d.Name())

	t.Run("missing file", func(t *testing.T) {
		missing := filepath.Join(dir, "nope.env")
		_, err := ReadDotEnv(missing, nil)
		require.Error(t, err)
		assert.True(t, errors.Is(err, fs.ErrNotExist), "got %v, want fs.ErrNotExist", err)
		var pe *fs.PathError
		assert.True(t, errors.As(err, &pe), "got %T, want *fs.PathError inside", err)
		assert.Contains(t, err.Error(), missing)
	})
	t.Run("directory", func(t *testing.T) {
		_, err := ReadDotEnv(dir, nil)
		require.Error(t, err)
		var pe *fs.PathError
		assert.True(t, errors.As(err, &pe), "got %T, want *fs.PathError inside", err)
		assert.Contains(t, err.Error(), dir)
	})
	t.Run("parse error names path", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.env")
		require.NoError(t, os.WriteFile(bad, []byte("A=1\nB\n"), 0o600))
		_, err := ReadDotEnv(bad, nil)
		var pe *ParseError
		require.True(t, errors.As(err, &pe), "got %v, want *ParseError", err)
		assert.Equal(t, bad, pe.Name)
		assert.Equal(t, 2, pe.Line)
	})
}

func TestDotEnvLookup(t *testing.T) {
	d, err := ParseDotEnv(strings.NewReader("SET=value1\nEMPTY=\n"), "x", nil)
	require.NoError(t, err)
	ctx := context.Background()
	tests := []struct {
		key     string
		want    string
		wantErr error
	}{
		{"SET", "value1", nil},
		{"EMPTY", "", ErrNotFound},
		{"MISSING", "", ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			v, err := d.Lookup(ctx, tt.key)
			assert.True(t, errors.Is(err, tt.wantErr), "got %v, want %v", err, tt.wantErr)
			assert.Equal(t, tt.want, v)
		})
	}
	_, defined := d.Value("EMPTY")
	assert.True(t, defined, "empty key not defined")
}

func TestDotEnvPrintsNoValues(t *testing.T) {
	d, err := ParseDotEnv(strings.NewReader("TOKEN=abcdef123456\n"), "x", nil)
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d", "%q"} {
		out := sprintfVerb(verb, d)
		assert.False(t, strings.Contains(out, "abcdef123456"), "%s output holds the value", verb)
		out = sprintfVerb(verb, *d)
		assert.False(t, strings.Contains(out, "abcdef123456"), "%s output holds the value", verb)
	}
}

func TestQuoteDotEnv(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"plain", "abc", "'abc'"},
		{"empty", "", "''"},
		{"dollar and hash", "a$b #c", "'a$b #c'"},
		{"newline", "a\nb", "'a\nb'"},
		{"single quote", `it's $x`, `"it's \$x"`},
		{"carriage return", "a\rb", `"a\rb"`},
		{"all escapes", "'\\\"$\n\r", `"'\\\"\$\n\r"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := QuoteDotEnv(tt.value)
			assert.Equal(t, tt.want, got)
			for _, expand := range []bool{false, true} {
				d, err := ParseDotEnv(strings.NewReader("K="+got+"\n"), "x",
					&DotEnvOptions{Expand: expand, LookupEnv: lookupX})
				require.NoError(t, err)
				s, _ := d.Value("K")
				assert.Equal(t, tt.value, s.Reveal(), "expand=%v", expand)
			}
		})
	}
}

func lookupX(string) (string, bool) { return "X", true }
