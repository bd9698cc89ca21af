package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leakyTree writes a tree with one secret and returns its root and the
// secret, which is built at run time rather than written in the source.
func leakyTree(t *testing.T) (string, string) {
	dir := t.TempDir()
	secret := "ghp_" + strings.Repeat("Zq8rL2mX6tPwK4nB", 3)[:36]
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.env"), []byte("X=1\nTOKEN="+secret+"\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "clean.go"), []byte("package clean\n"), 0o600))
	return dir, secret
}

func runScan(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	dir, _ := leakyTree(t)
	clean := filepath.Join(dir, "clean.go")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"findings", []string{dir}, exitFindings},
		{"clean file", []string{clean}, exitClean},
		{"missing path", []string{filepath.Join(dir, "missing")}, exitError},
		{"missing and leaky", []string{filepath.Join(dir, "missing"), dir}, exitError},
		{"bad format", []string{"-format", "xml", dir}, exitError},
		{"bad flag", []string{"-nope", dir}, exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, _ := runScan(tt.args...)
			assert.Equal(t, tt.want, got, "got exit code %d, want %d", got, tt.want)
		})
	}
}

func TestFormats(t *testing.T) {
	dir, secret := leakyTree(t)
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			code, out, errOut := runScan("--format", format, dir)
			require.Equal(t, exitFindings, code)
			assert.False(t, strings.Contains(out+errOut, secret), "output holds the secret")
			assert.Contains(t, errOut, "1 findings")
			switch format {
			case "text":
				assert.Contains(t, out, "app.env:2:7: github-token: [REDACTED]")
			case "json":
				var got []map[string]any
				require.NoError(t, json.Unmarshal([]byte(out), &got))
				require.Len(t, got, 1)
				for _, k := range []string{"rule", "file", "line", "column", "fingerprint", "match"} {
					assert.Contains(t, got[0], k)
				}
			case "sarif":
				var got map[string]any
				require.NoError(t, json.Unmarshal([]byte(out), &got))
				assert.Equal(t, "2.1.0", got["version"])
			}
		})
	}
}

func TestOutputFile(t *testing.T) {
	dir, secret := leakyTree(t)
	report := filepath.Join(t.TempDir(), "report.json")
	code, out, _ := runScan("-format", "json", "-output", report, dir)
	require.Equal(t, exitFindings, code)
	assert.Empty(t, out, "report also went to standard output")
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"rule": "github-token"`)
	assert.False(t, strings.Contains(string(data), secret), "report holds the secret")

	code, _, errOut := runScan("-output", filepath.Join(dir, "no", "such", "dir.json"), dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "dir.json")
}

func TestDefaultPathIsCurrentDir(t *testing.T) {
	dir, _ := leakyTree(t)
	t.Chdir(dir)
	code, out, _ := runScan()
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "app.env:2:7")
}
