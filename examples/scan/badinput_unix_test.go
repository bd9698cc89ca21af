//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNamedPipePath checks that a named pipe given as a path is
// refused rather than opened, which would wait for a writer for ever,
// and that one inside a tree is passed over.
func TestNamedPipePath(t *testing.T) {
	dir, _ := leakyTree(t)
	pipe := filepath.Join(dir, "pipe.env")
	require.NoError(t, syscall.Mkfifo(pipe, 0o600))

	code, out, errOut := runScan(pipe, dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, `"`+pipe+`": not a regular file or directory`)
	assert.Contains(t, out, "app.env:2:7", "the directory was not scanned")
	assert.Contains(t, errOut, "2 special, 0 unreadable", "the pipe, as a path and in the tree")

	code, _, errOut = runScan(dir)
	assert.Equal(t, exitFindings, code, "stderr: %s", errOut)
	assert.Contains(t, errOut, "1 special, 0 unreadable")
}
