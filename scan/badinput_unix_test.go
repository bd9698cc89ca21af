//go:build unix

package scan

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScanDirSkipsFIFO checks that a named pipe in a tree is passed
// over rather than opened, which would wait for a writer for ever.
func TestScanDirSkipsFIFO(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"a.env": "TOKEN=ghp_" + fake(129, alnum64, 36) + "\n"})
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.env"), 0o600))
	res, err := newScanner(t, nil).ScanDir(context.Background(), dir)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Files, "got %d files scanned, want 1", res.Files)
	assert.Len(t, res.Findings, 1)
	assert.Zero(t, res.Failed)
}
