package scan

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tree writes files (path relative to dir: content) under dir.
func tree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	}
}

func TestScanDir(t *testing.T) {
	dir := t.TempDir()
	tok := func(seed uint64) string { return "TOKEN=ghp_" + fake(seed, alnum64, 36) + "\n" }
	tree(t, dir, map[string]string{
		"a.env":               tok(70),
		"sub/b.go":            "package b\n\nvar x = 1\n" + tok(71),
		"sub/deep/c.txt":      "nothing here\n",
		".git/config":         tok(72),
		"sub/.git/HEAD":       tok(73),
		"img.png":             "\x89PNG\x00\x00" + tok(74),
		"big.log":             tok(75) + string(bigText(2048)),
		"sub/.gitignore":      "*.log\n",
		"sub/deep/more/d.yml": "password: " + fake(76, alnum64, 14) + "\n",
	})
	require.NoError(t, os.Symlink(filepath.Join(dir, "a.env"), filepath.Join(dir, "link.env")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "linkdir")))

	s := newScanner(t, &Options{MaxFileSize: 1024, Workers: 3})
	res, err := s.ScanDir(context.Background(), dir)
	require.NoError(t, err)

	files := []string{}
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.File)
		files = append(files, rel)
	}
	assert.Equal(t, []string{"a.env", "sub/b.go", "sub/deep/more/d.yml"}, files, "got files %v", files)
	assert.Equal(t, 5, res.Files, "got %d files scanned, want 5", res.Files)
	assert.Equal(t, 1, res.Binary, "got %d binary", res.Binary)
	assert.Equal(t, 1, res.TooLarge, "got %d too large", res.TooLarge)
	assert.Equal(t, 2, res.Symlinks, "got %d symlinks", res.Symlinks)
	assert.Equal(t, 0, res.Failed)
	assert.Equal(t, 4, res.Findings[1].Line)
}

func bigText(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return b
}

func TestScanDirUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"ok.env":          "TOKEN=ghp_" + fake(77, alnum64, 36) + "\n",
		"locked.env":      "x\n",
		"closed/in.env":   "x\n",
		"zz/after.env":    "TOKEN=ghp_" + fake(78, alnum64, 36) + "\n",
		"closed/more.env": "x\n",
	})
	require.NoError(t, os.Chmod(filepath.Join(dir, "locked.env"), 0))
	require.NoError(t, os.Chmod(filepath.Join(dir, "closed"), 0))
	t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "closed"), 0o700) })

	res, err := newScanner(t, nil).ScanDir(context.Background(), dir)
	require.Error(t, err)
	require.ErrorIs(t, err, fs.ErrPermission)
	assert.Contains(t, err.Error(), "locked.env")
	assert.Contains(t, err.Error(), "closed")
	assert.Equal(t, 2, res.Failed, "got %d failed, want 2", res.Failed)
	assert.Len(t, res.Findings, 2, "the readable files were not all scanned")
}

func TestScanDirMissingRoot(t *testing.T) {
	res, err := newScanner(t, nil).ScanDir(context.Background(), filepath.Join(t.TempDir(), "nope"))
	require.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "nope")
	assert.Empty(t, res.Findings)
}

func TestScanDirCancelled(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"a.env": "x\n", "b.env": "y\n"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newScanner(t, nil).ScanDir(ctx, dir)
	require.ErrorIs(t, err, context.Canceled)
}

func TestScanDirNoLimit(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"big.txt": string(bigText(4096)) + "\nTOKEN=ghp_" + fake(79, alnum64, 36)})
	res, err := newScanner(t, &Options{MaxFileSize: -1}).ScanDir(context.Background(), dir)
	require.NoError(t, err)
	assert.Len(t, res.Findings, 1)
	assert.Equal(t, int64(4096+1+10+36), res.Bytes)
}

func TestScanDirRootSymlink(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"real/a.env": "TOKEN=ghp_" + fake(80, alnum64, 36)})
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(filepath.Join(dir, "real"), link))
	res, err := newScanner(t, nil).ScanDir(context.Background(), link)
	require.NoError(t, err)
	require.Len(t, res.Findings, 1)
	assert.Equal(t, filepath.Join(link, "a.env"), res.Findings[0].File)
}
