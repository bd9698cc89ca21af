package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock returns a clock that starts at the epoch and moves on by
// step each time it is read.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Unix(0, 0)
	return func() time.Time {
		now := t
		t = t.Add(step)
		return now
	}
}

// stepClock returns a clock that reads *at past the epoch.
func stepClock(at *time.Duration) func() time.Time {
	return func() time.Time { return time.Unix(0, 0).Add(*at) }
}

func TestProgressLine(t *testing.T) {
	var at time.Duration
	var buf bytes.Buffer
	p := newProgress(&buf, stepClock(&at))
	steps := []struct {
		at    time.Duration
		files int
		bytes int64
		want  string // what this step writes
	}{
		{100 * time.Millisecond, 1, 10, ""}, // too early
		{600 * time.Millisecond, 120, 12_345_678, "\rscan: 120 files, 12.3 MB scanned"},
		{700 * time.Millisecond, 130, 13_000_000, ""}, // too soon after
		{900 * time.Millisecond, 131, 13_100_000, "\rscan: 131 files, 13.1 MB scanned"},
		{2 * time.Second, 5, 0, "\rscan: 5 files, 0.0 MB scanned   "}, // padded over the longer line
	}
	for _, s := range steps {
		at = s.at
		buf.Reset()
		p.update(s.files, s.bytes)
		assert.Equal(t, s.want, buf.String(), "at %v", s.at)
	}
	buf.Reset()
	p.clear()
	assert.Equal(t, "\r"+strings.Repeat(" ", len("scan: 5 files, 0.0 MB scanned"))+"\r", buf.String())
	buf.Reset()
	p.clear()
	assert.Empty(t, buf.String(), "a cleared line was cleared again")
}

func TestProgressAddsPaths(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, fakeClock(time.Second))
	p.finish(3, 3_000_000)
	p.update(2, 500_000)
	assert.True(t, strings.HasSuffix(buf.String(), "\rscan: 5 files, 3.5 MB scanned"),
		"got %q", buf.String())
}

func TestProgressNil(t *testing.T) {
	var p *progress
	assert.NotPanics(t, func() {
		p.update(1, 1)
		p.finish(1, 1)
		p.clear()
	})
}

// bigTree writes n small files under a new directory and returns it.
func bigTree(t *testing.T, n int) string {
	dir := t.TempDir()
	for i := range n {
		sub := filepath.Join(dir, fmt.Sprint(i%4))
		require.NoError(t, mkdirWrite(sub, fmt.Sprintf("f%d.txt", i), "line\n"))
	}
	return dir
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	dir := bigTree(t, 40)
	tests := []struct {
		name string
		con  console
		args []string
		want bool
	}{
		{"terminal", console{stderrTTY: true, now: fakeClock(time.Second)}, nil, true},
		{"not a terminal", console{now: fakeClock(time.Second)}, nil, false},
		{"stdout only", console{stdoutTTY: true, now: fakeClock(time.Second)}, nil, false},
		{"quick scan", console{stderrTTY: true, now: fakeClock(time.Microsecond)}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), append(tt.args, dir), &out, &errOut, tt.con)
			require.Equal(t, exitClean, code)
			got := strings.Contains(errOut.String(), "\r")
			assert.Equal(t, tt.want, got, "got progress %v, want %v: %q", got, tt.want, errOut.String())
			lines := strings.Split(errOut.String(), "\r")
			last := lines[len(lines)-1]
			assert.True(t, strings.HasPrefix(last, "scan: 40 files (0.0 MB) scanned"),
				"the summary does not start a clean line: %q", last)
			if tt.want {
				assert.Contains(t, errOut.String(), "\rscan: 40 files, 0.0 MB scanned")
				assert.Equal(t, strings.Repeat(" ", len(lines[len(lines)-3])), lines[len(lines)-2],
					"the line was not cleared")
			}
		})
	}
}

// mkdirWrite writes text to the file name in dir, making dir first.
func mkdirWrite(dir, name, text string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600)
}
