package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	require.NoError(t, err)
	defer file.Close()
	closed, err := os.Create(filepath.Join(t.TempDir(), "closed.txt"))
	require.NoError(t, err)
	require.NoError(t, closed.Close())

	tests := []struct {
		name string
		w    io.Writer
		want bool
	}{
		{"pipe", w, false},
		{"regular file", file, false},
		{"closed file", closed, false},
		{"buffer", &bytes.Buffer{}, false},
	}
	if dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		defer dev.Close()
		// The null device is a character device, as a terminal is.
		tests = append(tests, struct {
			name string
			w    io.Writer
			want bool
		}{"character device", dev, true})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := isTerminal(tt.w)
			assert.Equal(t, tt.want, got, "got %v, want %v", got, tt.want)
		})
	}
}

func TestOSConsoleColor(t *testing.T) {
	tests := []struct {
		noColor, term string
		want          bool
	}{
		{"", "xterm-256color", true},
		{"1", "xterm-256color", false},
		{"false", "xterm", false}, // any value but empty turns colour off
		{"", "dumb", false},
	}
	for _, tt := range tests {
		t.Run("NO_COLOR="+tt.noColor+",TERM="+tt.term, func(t *testing.T) {
			t.Setenv("NO_COLOR", tt.noColor)
			t.Setenv("TERM", tt.term)
			got := osConsole().color
			assert.Equal(t, tt.want, got, "got color %v, want %v", got, tt.want)
		})
	}
}

// ansi matches a colour escape sequence.
var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func TestColorOnlyOnATerminal(t *testing.T) {
	dir, secret := leakyTree(t)
	plainLine := "app.env:2:7: github-token: [REDACTED] (GitHub token)"
	tests := []struct {
		name  string
		con   console
		args  []string
		color bool
	}{
		{"terminal", console{stdoutTTY: true, color: true}, nil, true},
		{"terminal, NO_COLOR", console{stdoutTTY: true}, nil, false},
		{"pipe or file", console{color: true}, nil, false},
		{"json on a terminal", console{stdoutTTY: true, color: true}, []string{"-format", "json"}, false},
		{"stderr only", console{stderrTTY: true, color: true}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), append(tt.args, dir), &out, &errOut, tt.con)
			require.Equal(t, exitFindings, code)
			got := ansi.MatchString(out.String())
			assert.Equal(t, tt.color, got, "got colour %v, want %v in %q", got, tt.color, out.String())
			assert.False(t, ansi.MatchString(errOut.String()), "the summary is coloured")
			if tt.args == nil {
				assert.Contains(t, ansi.ReplaceAllString(out.String(), ""), plainLine)
			}
			assert.False(t, strings.Contains(out.String()+errOut.String(), secret),
				"output holds the secret")
		})
	}
}

func TestNoColorInOutputFile(t *testing.T) {
	dir, _ := leakyTree(t)
	report := filepath.Join(t.TempDir(), "report.txt")
	var out, errOut bytes.Buffer
	con := console{stdoutTTY: true, stderrTTY: true, color: true}
	code := run(context.Background(), []string{"-output", report, dir}, &out, &errOut, con)
	require.Equal(t, exitFindings, code)
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	assert.Contains(t, string(data), "github-token")
	assert.False(t, strings.Contains(string(data), "\x1b"), "the report file holds escapes: %q", data)
}

// TestTerminalEscapesFileNames scans a file whose name holds escape
// sequences that would retitle a terminal window and clear the screen.
func TestTerminalEscapesFileNames(t *testing.T) {
	dir, _ := leakyTree(t)
	evil := "x\x1b]0;owned\x07\x1b[2J.env"
	data, err := os.ReadFile(filepath.Join(dir, "app.env"))
	require.NoError(t, err)
	if err := os.WriteFile(filepath.Join(dir, evil), data, 0o600); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	for _, color := range []bool{false, true} {
		var out, errOut bytes.Buffer
		con := console{stdoutTTY: true, color: color}
		require.Equal(t, exitFindings, run(context.Background(), []string{dir}, &out, &errOut, con))
		text := ansi.ReplaceAllString(out.String(), "")
		assert.False(t, strings.Contains(text, "\x1b"), "color %v: a raw escape reached the terminal: %q",
			color, text)
		assert.Contains(t, text, `x\x1b]0;owned\x07\x1b[2J.env:2:7`)
	}
}
