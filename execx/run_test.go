package execx

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codebuddy/hush/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitDone runs f and fails the test if it has not returned within a
// generous bound, so a hang shows up as a failure, not a stuck run.
func waitDone(t *testing.T, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("command did not finish")
		return nil
	}
}

// limitWriter accepts n bytes, then fails.
type limitWriter struct{ n int }

var errSinkFull = errors.New("sink full")

func (w *limitWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		w.n = 0
		return 0, errSinkFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestFailingWriter(t *testing.T) {
	closed := tempFile(t)
	require.NoError(t, closed.Close())
	tests := []struct {
		name  string
		w     io.Writer
		cause error
	}{
		{"writer fails", &limitWriter{n: 1 << 10}, errSinkFull},
		{"closed file", closed, os.ErrClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := helper(context.Background(), "flood", nil, "64")
			c.Stdout = tt.w
			err := waitDone(t, c.Run)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.cause)
			assert.True(t, strings.HasPrefix(err.Error(), "execx: "), "got %q", err)
		})
	}
}

func TestFailingWriterAndExit(t *testing.T) {
	c := Command(context.Background(), "sh", "-c", "echo hello; exit 4")
	c.Stdout = &limitWriter{}
	err := waitDone(t, c.Run)
	var ee *ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 4, ee.ExitCode())
	assert.ErrorIs(t, err, errSinkFull)
}

func TestCancelReturnsPromptly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := helper(ctx, "sleep", nil)
	var out syncBuffer
	c.Stdout = &out
	require.NoError(t, c.Start())
	cancel()
	err := waitDone(t, c.Wait)
	var ee *ExitError
	require.ErrorAs(t, err, &ee)
	assert.False(t, ee.Success())
}

func TestContextDoneBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := helper(ctx, "sleep", nil).Run()
	assert.ErrorIs(t, err, context.Canceled)
}

func TestExitErrorAs(t *testing.T) {
	err := Command(context.Background(), "sh", "-c", "exit 7").Run()
	var ee *ExitError
	require.ErrorAs(t, err, &ee)
	var raw *exec.ExitError
	require.ErrorAs(t, err, &raw)
	assert.Equal(t, 7, ee.ExitCode())
	assert.Equal(t, 7, raw.ExitCode())
	assert.Equal(t, `execx: "sh": exit status 7`, err.Error())
	assert.Nil(t, (&ExitError{}).Unwrap())
}

func TestSecretInArgs(t *testing.T) {
	known, token := newSecret(t), newSecret(t)
	tests := []struct {
		name  string
		args  []string
		env   []string
		index int
	}{
		{"registered value", []string{"a", known}, nil, 2},
		{"inside an argument", []string{"--data=x" + known + "y"}, nil, 1},
		{"base64 of a value", []string{"a", "b", b64(known)}, nil, 3},
		{"env value", []string{token}, []string{"MY_API_KEY=" + token}, 1},
		{"detector", []string{"-c", "password=hunter2hunter2"}, nil, 2},
		{"pattern", []string{"ORD-123456"}, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := redact.New(nil)
			require.NoError(t, r.Add(known))
			c := Command(context.Background(), "echo", tt.args...)
			c.Env = tt.env
			c.Redactor = r
			c.Patterns = []redact.Detector{orderPattern(t)}
			var out syncBuffer
			c.Stdout = &out
			err := c.Run()
			require.ErrorIs(t, err, ErrSecretInArgs)
			var ae *ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.index, ae.Index)
			assert.Equal(t, "execx: start \"echo\": argument "+strconv.Itoa(tt.index)+
				": "+ErrSecretInArgs.Error(), err.Error())
			assert.Nil(t, c.Process, "refused command started")
			assert.Empty(t, out.String())

			c = Command(context.Background(), "echo", tt.args...)
			c.Env, c.Redactor, c.AllowSecretArgs = tt.env, r, true
			c.Patterns = []redact.Detector{orderPattern(t)}
			got, err := c.Output()
			require.NoError(t, err)
			assertNoSecret(t, got, known, token)
			assert.True(t, strings.Contains(string(got), "[REDACTED"),
				"got %q", hide(string(got), known, token))
		})
	}
}

func TestPlainArgsAllowed(t *testing.T) {
	r := redact.New(nil)
	require.NoError(t, r.Add(newSecret(t)))
	c := Command(context.Background(), "echo", "deploy", "--env=prod", "password")
	c.Redactor = r
	out, err := c.Output()
	require.NoError(t, err)
	assert.Equal(t, "deploy --env=prod password\n", string(out))
}

func TestWaitDelay(t *testing.T) {
	c := helper(context.Background(), "grandchild", nil, "exit")
	c.WaitDelay = 100 * time.Millisecond
	var out syncBuffer
	c.Stdout = &out
	err := waitDone(t, c.Run)
	assert.ErrorIs(t, err, exec.ErrWaitDelay)
	assert.True(t, strings.HasPrefix(err.Error(), `execx: wait "`), "got %q", err)
	pid := grandchildPid(t, out.String())
	if pid > 0 {
		p, err := os.FindProcess(pid)
		require.NoError(t, err)
		_ = p.Kill()
	}
}

// grandchildPid reads the "pid N" line the grandchild helper prints.
func grandchildPid(t *testing.T, out string) int {
	t.Helper()
	line, _, _ := strings.Cut(out, "\n")
	pid, err := strconv.Atoi(strings.TrimPrefix(line, "pid "))
	require.NoError(t, err, "got %q", out)
	return pid
}
