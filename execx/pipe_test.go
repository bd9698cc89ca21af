package execx

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStdoutStderrPipes(t *testing.T) {
	c, _, secrets := leakCmd(t)
	outPipe, err := c.StdoutPipe()
	require.NoError(t, err)
	errPipe, err := c.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, c.Start())

	var wg sync.WaitGroup
	got := make([][]byte, 2)
	for i, p := range []io.Reader{outPipe, errPipe} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = io.ReadAll(p) // ReadAll stops at EOF
		}()
	}
	wg.Wait()
	require.NoError(t, c.Wait())
	wantLeak(t, got[0], 1, secrets)
	wantLeak(t, got[1], 1, secrets)
}

func TestStdoutPipeSmallReads(t *testing.T) {
	token := newSecret(t)
	c := helper(context.Background(), "leak", []string{tokenEnv + "=" + token})
	p, err := c.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, c.Start())
	var out bytes.Buffer
	buf := make([]byte, 3)
	for {
		n, err := p.Read(buf)
		out.Write(buf[:n])
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	n, err := p.Read(buf)
	assert.Equal(t, 0, n)
	assert.Equal(t, io.EOF, err, "a read after EOF")
	require.NoError(t, c.Wait())
	assertNoSecret(t, out.Bytes(), token)
	assertHas(t, out.String(), "split [REDACTED:"+tokenEnv+"] end", token)
}

func TestStdinPipe(t *testing.T) {
	c := helper(context.Background(), "cat", nil)
	in, err := c.StdinPipe()
	require.NoError(t, err)
	out, err := c.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, c.Start())
	_, err = io.WriteString(in, "line one\nline two\n")
	require.NoError(t, err)
	require.NoError(t, in.Close())
	b, err := io.ReadAll(out)
	require.NoError(t, err)
	require.NoError(t, c.Wait())
	assert.Equal(t, "line one\nline two\n", string(b))
}

func TestWaitClosesUnreadPipe(t *testing.T) {
	c := helper(context.Background(), "text", nil, "1000")
	p, err := c.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, c.Start())
	require.NoError(t, c.Wait())
	_, err = io.ReadAll(p)
	assert.ErrorIs(t, err, os.ErrClosed)
}

func TestPipeMisuse(t *testing.T) {
	tests := []struct {
		name string
		run  func(c *Cmd) error
		want string
	}{
		{"stdout twice", func(c *Cmd) error {
			_, err := c.StdoutPipe()
			require.NoError(t, err)
			_, err = c.StdoutPipe()
			return err
		}, "execx: Stdout already set"},
		{"stdout with writer", func(c *Cmd) error {
			c.Stdout = io.Discard
			_, err := c.StdoutPipe()
			return err
		}, "execx: Stdout already set"},
		{"stderr with writer", func(c *Cmd) error {
			c.Stderr = io.Discard
			_, err := c.StderrPipe()
			return err
		}, "execx: Stderr already set"},
		{"stdin with reader", func(c *Cmd) error {
			c.Stdin = strings.NewReader("")
			_, err := c.StdinPipe()
			return err
		}, "execx: Stdin already set"},
		{"pipe then writer", func(c *Cmd) error {
			_, err := c.StderrPipe()
			require.NoError(t, err)
			c.Stderr = io.Discard
			return c.Run()
		}, "execx: stderr has both a writer and a pipe"},
		{"output after pipe", func(c *Cmd) error {
			_, err := c.StdoutPipe()
			require.NoError(t, err)
			_, err = c.Output()
			return err
		}, "execx: Stdout already set"},
		{"pipe after start", func(c *Cmd) error {
			require.NoError(t, c.Start())
			defer c.Wait()
			_, err := c.StdoutPipe()
			return err
		}, "execx: StdoutPipe after process started"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run(Command(context.Background(), "true"))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
