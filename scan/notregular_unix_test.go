//go:build unix

package scan

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"

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
