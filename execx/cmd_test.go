package execx

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/codebuddy/hush/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leakCmd returns a helper that leaks an env secret and a value known
// to the returned Redactor, and the two secrets.
func leakCmd(t *testing.T) (*Cmd, *redact.Redactor, []string) {
	token, known := newSecret(t), newSecret(t)
	r := redact.New(nil)
	require.NoError(t, r.AddNamed("KNOWN", known))
	c := helper(context.Background(), "leak",
		[]string{tokenEnv + "=" + token, knownEnv + "=" + known})
	c.Redactor = r
	c.Patterns = []redact.Detector{orderPattern(t)}
	return c, r, []string{token, known}
}

func orderPattern(t *testing.T) redact.Detector {
	p, err := redact.NewPattern("ORDER", `ORD-(?P<secret>\d{6})`, "ord-")
	require.NoError(t, err)
	return p
}

// wantLeak checks the output of n streams of the leak helper: every
// secret masked in every form, the masks where they belong.
func wantLeak(t *testing.T, out []byte, n int, secrets []string) {
	t.Helper()
	assertNoSecret(t, out, secrets...)
	assert.False(t, bytes.Contains(out, []byte("123456")), "order number kept")
	s := string(out)
	for _, want := range []string{
		"whole [REDACTED:" + tokenEnv + "] end",
		"split [REDACTED:" + tokenEnv + "] end",
		"b64 [REDACTED:" + tokenEnv + "] end",
		"whole [REDACTED:KNOWN] end",
		"split [REDACTED:KNOWN] end",
		"order ORD-[REDACTED:ORDER] shipped",
	} {
		assert.Equal(t, n, strings.Count(s, want), "got %q, want %d of %q",
			hide(s, secrets...), n, want)
	}
	assert.Equal(t, 2*n, strings.Count(s, "json {"), "got %q", hide(s, secrets...))
}

func TestRunMasksOutput(t *testing.T) {
	tests := []struct {
		name string
		set  func(t *testing.T, c *Cmd) (stdout, stderr func() []byte)
	}{
		{"buffers", func(t *testing.T, c *Cmd) (func() []byte, func() []byte) {
			var o, e bytes.Buffer
			c.Stdout, c.Stderr = &o, &e
			return o.Bytes, e.Bytes
		}},
		{"files", func(t *testing.T, c *Cmd) (func() []byte, func() []byte) {
			o, e := tempFile(t), tempFile(t)
			c.Stdout, c.Stderr = o, e
			return readBack(t, o), readBack(t, e)
		}},
		{"one file for both", func(t *testing.T, c *Cmd) (func() []byte, func() []byte) {
			f := tempFile(t)
			c.Stdout, c.Stderr = f, f
			return readBack(t, f), func() []byte { return nil }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, secrets := leakCmd(t)
			stdout, stderr := tt.set(t, c)
			require.NoError(t, c.Run())
			e := stderr()
			if e == nil {
				wantLeak(t, stdout(), 2, secrets)
				return
			}
			wantLeak(t, stdout(), 1, secrets)
			wantLeak(t, e, 1, secrets)
		})
	}
}

func tempFile(t *testing.T) *os.File {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func readBack(t *testing.T, f *os.File) func() []byte {
	return func() []byte {
		b, err := os.ReadFile(f.Name())
		require.NoError(t, err)
		return b
	}
}

func TestRunRegistersEnvSecrets(t *testing.T) {
	c, r, secrets := leakCmd(t)
	assert.False(t, r.Contains(secrets[0]), "token known before Start")
	require.NoError(t, c.Run())
	assert.True(t, r.Contains(secrets[0]), "token not registered")
	assert.Equal(t, "[REDACTED:"+tokenEnv+"]", r.Redact(secrets[0]))
}

func TestNilRedactor(t *testing.T) {
	token := newSecret(t)
	c := helper(context.Background(), "leak", []string{tokenEnv + "=" + token})
	c.Patterns = []redact.Detector{orderPattern(t)}
	out, err := c.CombinedOutput()
	require.NoError(t, err)
	assertNoSecret(t, out, token)
	assertHas(t, string(out), "order ORD-[REDACTED:ORDER] shipped", token)
	assert.Equal(t, 2, strings.Count(string(out), "split [REDACTED:"+tokenEnv+"] end"),
		"got %q", hide(string(out), token))
}

func TestDefaultDetectorsInOutput(t *testing.T) {
	c := Command(context.Background(), "sh", "-c", `echo "$0=hunter2hunter2"`, "password")
	out, err := c.Output()
	require.NoError(t, err)
	// redact's assignment detector and the scanner's rule both mask
	// the value; the merged mask carries the rule's name.
	assert.Equal(t, "password=[REDACTED:password-assignment]\n", string(out))
}

func TestScannerRulesInOutput(t *testing.T) {
	b := make([]byte, 18)
	_, err := rand.Read(b)
	require.NoError(t, err)
	token := "ghp_" + hex.EncodeToString(b) // 36 bytes, like a real one
	c := Command(context.Background(), "sh", "-c", `echo "pushed with $0"`, token)
	c.AllowSecretArgs = true
	out, err := c.Output()
	require.NoError(t, err)
	assertNoSecret(t, out, token)
	want := "pushed with [REDACTED:github-token]\n"
	assert.True(t, string(out) == want, "got %q, want %q", hide(string(out), token), want)
}

func TestOutput(t *testing.T) {
	known := newSecret(t)
	tests := []struct {
		name     string
		code     string
		wantCode int
	}{
		{"success", "0", 0},
		{"exit 3", "3", 3},
		{"exit 255", "255", 255},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := redact.New(nil)
			require.NoError(t, r.Add(known))
			c := helper(context.Background(), "exit",
				[]string{knownEnv + "=" + known}, tt.code)
			c.Redactor = r
			out, err := c.Output()
			assert.Empty(t, out)
			assert.Equal(t, tt.wantCode, c.ProcessState.ExitCode())
			if tt.wantCode == 0 {
				require.NoError(t, err)
				return
			}
			var ee *ExitError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, tt.wantCode, ee.ExitCode())
			assert.Equal(t, "failed: [REDACTED]\n", string(ee.Stderr))
			var raw *exec.ExitError
			require.ErrorAs(t, err, &raw)
			assert.Nil(t, raw.Stderr, "unmasked stderr kept")
			assert.Equal(t, `execx: "`+os.Args[0]+`": exit status `+tt.code, err.Error())
		})
	}
}

func TestOutputStderrBounded(t *testing.T) {
	const n = 200000
	c := Command(context.Background(), "sh", "-c",
		`head -c 200000 /dev/zero | tr '\0' a >&2; echo >&2; echo "$0=hunter2hunter2" >&2; exit 1`,
		"password")
	_, err := c.Output()
	var ee *ExitError
	require.ErrorAs(t, err, &ee)
	tail := "\npassword=[REDACTED:password-assignment]\n"
	skipped := n + len(tail) - 2*captureHalf
	note := "\n... omitting " + strconv.Itoa(skipped) + " bytes ...\n"
	assert.Equal(t, 2*captureHalf+len(note), len(ee.Stderr))
	assert.True(t, bytes.HasSuffix(ee.Stderr, []byte(tail)),
		"got tail %q", ee.Stderr[max(0, len(ee.Stderr)-40):])
	assert.True(t, bytes.Contains(ee.Stderr, []byte(note)), "no note %q", note)
}

func TestCombinedOutput(t *testing.T) {
	c, _, secrets := leakCmd(t)
	out, err := c.CombinedOutput()
	require.NoError(t, err)
	assertNoSecret(t, out, secrets...)
	s := string(out)
	assert.Equal(t, 2, strings.Count(s, "split [REDACTED:KNOWN] end"),
		"got %q", hide(s, secrets...))
	assert.Equal(t, 2, strings.Count(s, "order ORD-[REDACTED:ORDER] shipped"),
		"got %q", hide(s, secrets...))
}

func TestEnvDirStdin(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		set  func(c *Cmd)
		mode []string
		want string
	}{
		{"env", func(c *Cmd) { c.Env = append(c.Env, "PLAIN_VALUE=hello there") },
			[]string{"env", "PLAIN_VALUE"}, "hello there"},
		{"dir", func(c *Cmd) { c.Dir = dir }, []string{"pwd"}, dir},
		{"stdin", func(c *Cmd) { c.Stdin = strings.NewReader("from stdin\n") },
			[]string{"cat"}, "from stdin\n"},
		{"no stdin", func(*Cmd) {}, []string{"cat"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := helper(context.Background(), tt.mode[0], nil, tt.mode[1:]...)
			tt.set(c)
			out, err := c.Output()
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(out))
		})
	}
}

func TestEnviron(t *testing.T) {
	c := Command(context.Background(), "true")
	c.Env = []string{"A=1", "A=2"}
	assert.Equal(t, []string{"A=2"}, c.Environ())
}

func TestInvalidUTF8(t *testing.T) {
	token := newSecret(t)
	c := helper(context.Background(), "binary", []string{tokenEnv + "=" + token})
	out, err := c.Output()
	require.NoError(t, err)
	want := "\xff\xfe\x80a[REDACTED:" + tokenEnv + "]\xc3\x28\x00\xed\xa0\x80z"
	assert.Equal(t, want, hide(string(out), token))
}

func TestString(t *testing.T) {
	known := newSecret(t)
	token := newSecret(t)
	r := redact.New(nil)
	require.NoError(t, r.Add(known))
	c := Command(context.Background(), "/bin/echo", "a", known, token, "b")
	c.Env = []string{"API_TOKEN=" + token}
	c.Redactor = r
	s := c.String()
	assert.Equal(t, "/bin/echo a [REDACTED] [REDACTED:API_TOKEN] b",
		hide(s, known, token))

	assert.Equal(t, "", (&Cmd{}).String())

	missing := Command(context.Background(), "no-such-program-"+known[3:9], "x")
	missing.Redactor = r
	assert.Equal(t, "no-such-program-"+known[3:9]+" x", missing.String())
}

func TestStartWait(t *testing.T) {
	c, _, secrets := leakCmd(t)
	var o, e bytes.Buffer
	c.Stdout, c.Stderr = &o, &e
	require.NoError(t, c.Start())
	require.NotNil(t, c.Process)
	require.NoError(t, c.Wait())
	assert.True(t, c.ProcessState.Success())
	wantLeak(t, o.Bytes(), 1, secrets)
	wantLeak(t, e.Bytes(), 1, secrets)
}

func TestMisuse(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"wait before start", func() error {
			return Command(ctx, "true").Wait()
		}, "execx: not started"},
		{"start twice", func() error {
			c := Command(ctx, "true")
			require.NoError(t, c.Start())
			t.Cleanup(func() { _ = c.Wait() })
			return c.Start()
		}, "execx: already started"},
		{"wait twice", func() error {
			c := Command(ctx, "true")
			require.NoError(t, c.Run())
			return c.Wait()
		}, "execx: Wait was already called"},
		{"output with stdout", func() error {
			c := Command(ctx, "true")
			c.Stdout = &bytes.Buffer{}
			_, err := c.Output()
			return err
		}, "execx: Stdout already set"},
		{"combined with stderr", func() error {
			c := Command(ctx, "true")
			c.Stderr = &bytes.Buffer{}
			_, err := c.CombinedOutput()
			return err
		}, "execx: Stderr already set"},
		{"nil context", func() error {
			var none context.Context
			return Command(none, "true").Run()
		}, "execx: nil Context"},
		{"no such program", func() error {
			return Command(ctx, "no-such-program-here").Run()
		}, `execx: start "no-such-program-here": executable file not found in $PATH`},
		{"zero Cmd", func() error {
			return (&Cmd{Path: "true"}).Run()
		}, "execx: Cmd not made by Command"},
		{"zero Cmd stdin pipe", func() error {
			_, err := (&Cmd{}).StdinPipe()
			return err
		}, "execx: Cmd not made by Command"},
		{"empty path", func() error {
			return (&Cmd{ctx: ctx, inner: exec.Command("")}).Run()
		}, "execx: start: exec: no command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// failWriter fails every write with an error whose text holds msg.
type failWriter struct{ msg string }

func (w failWriter) Write([]byte) (int, error) {
	return 0, errors.New("sink refused " + w.msg)
}

func TestErrorsMasked(t *testing.T) {
	known := newSecret(t)[:27] // no quotes: it is used in a path
	r := redact.New(nil)
	require.NoError(t, r.Add(known))
	tests := []struct {
		name string
		cmd  func() *Cmd
		want string
	}{
		{"program", func() *Cmd {
			c := Command(context.Background(), "./"+known)
			c.AllowSecretArgs = true
			return c
		}, `execx: start "./[REDACTED]": fork/exec ./[REDACTED]: no such file or directory`},
		{"writer", func() *Cmd {
			c := Command(context.Background(), "echo", "hello")
			c.Stdout = failWriter{known}
			return c
		}, "execx: write stdout: redact: write: sink refused [REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.cmd()
			c.Redactor = r
			err := c.Run()
			require.Error(t, err)
			assert.False(t, strings.Contains(err.Error(), known), "error holds the secret")
			assert.Equal(t, tt.want, hide(err.Error(), known))
		})
	}
}
