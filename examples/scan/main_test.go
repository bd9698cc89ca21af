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
	code := run(context.Background(), args, &out, &errOut, console{})
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

func TestConfigFlag(t *testing.T) {
	dir, secret := leakyTree(t)
	cfgDir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(cfgDir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
		return p
	}
	custom := write("custom.toml", "[[rules]]\nid = \"x-token\"\nregex = '''TOKEN=(\\S+)'''\n")
	allow := write("allow.toml", "[extend]\nuseDefault = true\n[allowlist]\npaths = ['''app\\.env$''']\n")
	broken := write("broken.toml", "[[rules]]\nid = \"look\"\nregex = '''a(?!b)'''\n")
	tests := []struct {
		name, config string
		want         int
		out, errOut  string
	}{
		{"custom rules", custom, exitFindings, "x-token", ""},
		{"allowlisted path", allow, exitClean, "", "1 allowlisted"},
		{"broken", broken, exitError, "", `rule "look": regex`},
		{"missing", filepath.Join(cfgDir, "none.toml"), exitError, "", "none.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runScan("-config", tt.config, dir)
			assert.Equal(t, tt.want, code, "got exit code %d, want %d", code, tt.want)
			assert.Contains(t, out, tt.out)
			assert.Contains(t, errOut, tt.errOut)
			assert.False(t, strings.Contains(out+errOut, secret), "output holds the secret")
		})
	}
}

func TestBaselineFlags(t *testing.T) {
	dir, secret := leakyTree(t)
	base := filepath.Join(t.TempDir(), "baseline.json")

	code, out, errOut := runScan("-write-baseline", base, dir)
	require.Equal(t, exitClean, code, "writing a baseline: got exit code %d", code)
	assert.Empty(t, strings.TrimSpace(out))
	assert.Contains(t, errOut, "wrote 1 findings to baseline")
	data, err := os.ReadFile(base)
	require.NoError(t, err)
	assert.False(t, strings.Contains(string(data), secret), "the baseline holds the secret")

	code, _, errOut = runScan("-baseline", base, dir)
	assert.Equal(t, exitClean, code, "got exit code %d with everything in the baseline", code)
	assert.Contains(t, errOut, "0 findings, 1 in baseline")

	other := "ghp_" + strings.Repeat("Wv3yT9hJ5cRbN7kD", 3)[:36]
	moved := "\n\nTOKEN=" + secret + "\nOTHER=" + other + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.env"), []byte(moved), 0o600))
	code, out, _ = runScan("-baseline", base, "-format", "json", dir)
	assert.Equal(t, exitFindings, code)
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got, 1, "got %d findings, want only the new secret", len(got))
	assert.EqualValues(t, 4, got[0]["line"])

	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{\"version\": 1,\n\"findings\": [}"), 0o600))
	code, _, errOut = runScan("-baseline", bad, dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "bad.json")
	assert.Contains(t, errOut, "line 2")
}

func TestFixFlag(t *testing.T) {
	dir, secret := leakyTree(t)
	code, _, errOut := runScan("-fix", dir)
	assert.Equal(t, exitFindings, code, "got exit code %d, want findings even when fixed", code)
	assert.Contains(t, errOut, "replaced 1 secrets in 1 files")
	data, err := os.ReadFile(filepath.Join(dir, "app.env"))
	require.NoError(t, err)
	assert.Equal(t, "X=1\nTOKEN=<github-token>\n", string(data))
	assert.False(t, strings.Contains(errOut, secret), "output holds the secret")

	code, _, _ = runScan(dir)
	assert.Equal(t, exitClean, code, "the fixed tree still has findings")
}
