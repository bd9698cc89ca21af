package scan

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScanDirProgress(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"a.txt":             "a\n",
		"b/c.txt":           strings.Repeat("c", 300),
		"b/d.env":           "TOKEN=ghp_" + fake(130, alnum64, 36) + "\n",
		"e/f.txt":           "f\n",
		"e/g.bin":           "\x00g",
		"h/i/j.txt":         "",
		"package-lock.json": "{}",
		"app.min.js":        "x",
	})
	type call struct {
		files int
		bytes int64
	}
	// No lock: the race detector reports calls that overlap.
	var calls []call
	s := newScanner(t, &Options{Workers: 4, Progress: func(files int, bytes int64) {
		calls = append(calls, call{files, bytes})
	}})
	res, err := s.ScanDir(context.Background(), dir)
	require.NoError(t, err)
	require.Len(t, calls, 7, "got %d calls, want one per file opened", len(calls))
	for i := 1; i < len(calls); i++ {
		assert.GreaterOrEqual(t, calls[i].files, calls[i-1].files, "files went down: %v", calls)
		assert.GreaterOrEqual(t, calls[i].bytes, calls[i-1].bytes, "bytes went down: %v", calls)
	}
	assert.Equal(t, call{res.Files, res.Bytes}, calls[len(calls)-1])
	assert.Equal(t, 6, res.Files) // the lock file too; not the binary
	assert.Equal(t, 1, res.Generated)
}
