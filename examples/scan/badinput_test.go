package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadConfigAndBaseline checks that an unusable file named by a
// flag stops the command with exit code 2 and a message naming it.
func TestBadConfigAndBaseline(t *testing.T) {
	dir, secret := leakyTree(t)
	files := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(files, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
		return p
	}
	tests := []struct {
		name, flag, file string
		why              string // part of the message
	}{
		{"unclosed table", "-config", write("table.toml", "[[rules]]\nid = \"a\"\n[[rules]\nid = \"b\"\n"), "line"},
		{"value missing", "-config", write("value.toml", "[[rules]]\nid =\n"), "line"},
		{"not TOML", "-config", write("bin.toml", "\x00\xff\xfe{{{"), ""},
		{"config is a directory", "-config", t.TempDir(), ""},
		{"empty baseline", "-baseline", write("empty.json", ""), "empty"},
		{"baseline not JSON", "-baseline", write("text.json", "fingerprints:\n- x\n"), "line 1"},
		{"baseline cut short", "-baseline", write("cut.json", "{\"version\": 1,\n\"findings\": ["), ""},
		{"baseline version", "-baseline", write("v9.json", `{"version": 9, "findings": []}`), "version"},
		{"baseline missing", "-baseline", filepath.Join(files, "none.json"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runScan(tt.flag, tt.file, dir)
			assert.Equal(t, exitError, code, "got exit code %d, want %d", code, exitError)
			assert.Contains(t, errOut, filepath.Base(tt.file), "the message does not name the file")
			assert.Contains(t, errOut, tt.why)
			assert.True(t, strings.HasPrefix(errOut, "scan: "), "got %q", errOut)
			assert.False(t, strings.Contains(out+errOut, secret), "output holds the secret")
		})
	}
}

// TestMissingPathScansTheRest checks that a path that does not exist
// is reported, with exit code 2, after the other paths are scanned.
func TestMissingPathScansTheRest(t *testing.T) {
	dir, secret := leakyTree(t)
	missing := filepath.Join(dir, "no-such-dir")
	code, out, errOut := runScan("-format", "json", missing, dir, filepath.Join(dir, "clean.go"))
	assert.Equal(t, exitError, code)
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got), "the report is not JSON: %q", out)
	require.Len(t, got, 1, "the paths after the missing one were not scanned")
	assert.Equal(t, filepath.Join(dir, "app.env"), got[0]["file"])
	assert.Contains(t, errOut, "no-such-dir")
	assert.Contains(t, errOut, "3 files")
	assert.Contains(t, errOut, "1 unreadable")
	assert.False(t, strings.Contains(out+errOut, secret), "output holds the secret")
}

// TestOddFiles scans a tree of files that are not plain UTF-8 text,
// and a directory named like a file.
func TestOddFiles(t *testing.T) {
	dir, secret := leakyTree(t)
	line := "\nAPI_TOKEN=" + secret + "\n"
	odd := map[string]string{
		"latin1.txt":        "caf\xe9 \xff\xfe" + line + "\xc3\x28\n",
		"blob.bin":          "\x00\x01\x02" + line,
		"late-nul.txt":      strings.Repeat("a\n", 5000) + "\x00" + line,
		"named.env/in.conf": line,
		"crlf.ini":          "[a]\r" + strings.ReplaceAll(line, "\n", "\r\n"),
	}
	for name, text := range odd {
		require.NoError(t, mkdirWrite(filepath.Join(dir, filepath.Dir(name)), filepath.Base(name), text))
	}
	code, out, errOut := runScan("-format", "json", dir, filepath.Join(dir, "named.env"))
	require.Equal(t, exitFindings, code, "stderr: %s", errOut)
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got), "the report is not JSON")
	files := map[string]int{}
	for _, f := range got {
		rel, err := filepath.Rel(dir, f["file"].(string))
		require.NoError(t, err)
		files[filepath.ToSlash(rel)]++
	}
	want := map[string]int{"app.env": 1, "latin1.txt": 1, "late-nul.txt": 1,
		"named.env/in.conf": 2, "crlf.ini": 1}
	assert.Equal(t, want, files)
	assert.Contains(t, errOut, "1 binary")
	assert.Contains(t, errOut, "0 unreadable")
	assert.False(t, strings.Contains(out+errOut, secret), "output holds the secret")
}

// TestStagedBadRepository runs -staged where there is no usable
// repository.
func TestStagedBadRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(t.TempDir()))
	repo := func(t *testing.T) string {
		dir := t.TempDir()
		gitIn(t, dir, "init", "-q")
		require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o600))
		gitIn(t, dir, "add", "a.txt")
		gitIn(t, dir, "commit", "-q", "-m", "first")
		return dir
	}
	tests := []struct {
		name  string
		dir   func(t *testing.T) string
		names bool // the message names the directory
	}{
		{"not a repository", func(t *testing.T) string { return t.TempDir() }, true},
		{"missing directory", func(t *testing.T) string {
			return filepath.Join(t.TempDir(), "gone")
		}, true},
		{"a file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "f.txt")
			require.NoError(t, os.WriteFile(p, nil, 0o600))
			return p
		}, true},
		{"corrupt HEAD", func(t *testing.T) string {
			dir := repo(t)
			require.NoError(t, os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("junk\n"), 0o600))
			return dir
		}, true},
		{"corrupt index", func(t *testing.T) string {
			dir := repo(t)
			require.NoError(t, os.WriteFile(filepath.Join(dir, ".git", "index"), []byte("DIRC junk"), 0o600))
			return dir
		}, false},
		{"objects gone", func(t *testing.T) string {
			dir := repo(t)
			require.NoError(t, os.RemoveAll(filepath.Join(dir, ".git", "objects")))
			return dir
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			code, _, errOut := runScan("-staged", dir)
			assert.Equal(t, exitError, code, "got exit code %d, want %d; stderr: %s", code, exitError, errOut)
			assert.Contains(t, errOut, "scan: ")
			if tt.names {
				assert.Contains(t, errOut, dir)
			}
			assert.NotContains(t, errOut, "panic")
		})
	}
}
