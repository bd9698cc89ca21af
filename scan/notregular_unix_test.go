//go:build unix

package scan

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScanFileRefusesPipe(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(pipe, 0o600))
	s, err := New(nil)
	require.NoError(t, err)
	_, err = s.ScanFile(context.Background(), pipe)
	require.ErrorIs(t, err, ErrNotRegular)
	_, err = s.ScanFile(context.Background(), t.TempDir())
	require.ErrorIs(t, err, ErrNotRegular)
}

func TestScanDirCountsPipes(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o600))
	res, err := newScanner(t, nil).ScanDir(context.Background(), dir)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Files, "files scanned")
	assert.Equal(t, 1, res.Special, "special files skipped")
}
