package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebuddy/hush/secrets"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// build compiles the workflow program, since it runs itself as its
// child and a test binary cannot.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "workflow")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// sampleValues returns every value in sample.env that the job treats as
// a secret.
func sampleValues(t *testing.T) map[string]string {
	t.Helper()
	file, err := secrets.ParseDotEnv(bytes.NewReader(sampleEnv), "sample.env", nil)
	require.NoError(t, err)
	values := map[string]string{}
	for _, key := range append(keys, "API_KEY") {
		s, ok := file.Value(key)
		require.True(t, ok, "sample.env lacks %s", key)
		values[key] = s.Reveal()
	}
	return values
}

func TestWorkflowLeaksNothing(t *testing.T) {
	bin := build(t)
	cmd := exec.Command(bin)
	cmd.Env = cleanEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "workflow failed; stderr has %d bytes", stderr.Len())

	printed := stdout.String() + stderr.String()
	for key, v := range sampleValues(t) {
		assert.False(t, strings.Contains(printed, v), "output holds %s", key)
		b64 := base64.StdEncoding.EncodeToString([]byte(v))
		assert.False(t, strings.Contains(printed, b64), "output holds base64 of %s", key)
		for _, line := range strings.Split(v, "\n") {
			if len(line) >= 8 {
				assert.False(t, strings.Contains(printed, line), "output holds a line of %s", key)
			}
		}
	}
	assert.Contains(t, printed, "[REDACTED:DB_PASSWORD]")
	assert.Contains(t, printed, "leak check passed")
	assert.Contains(t, printed, "child: json")
}

func TestWorkflowEnvironmentWins(t *testing.T) {
	bin := build(t)
	const fromEnv = "from-the-environment-77"
	cmd := exec.Command(bin)
	cmd.Env = append(cleanEnv(), "DB_PASSWORD="+fromEnv)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err)
	assert.False(t, strings.Contains(string(out), fromEnv), "output holds the environment's value")
	assert.Contains(t, string(out), "leak check passed")
}

func TestWorkflowEnvFileFlag(t *testing.T) {
	bin := build(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.env")
	require.NoError(t, os.WriteFile(good, []byte(
		"DB_PASSWORD=flag-file-pw-1\nAPI_TOKEN=flag-file-token-2\n"+
			"SIGNING_KEY=flag-file-key-3\nAPI_KEY=flag-file-api-4\n"), 0o600))
	out, err := exec.Command(bin, "-env-file", good).CombinedOutput()
	require.NoError(t, err)
	assert.False(t, strings.Contains(string(out), "flag-file-"), "output holds a value from the file")

	bad := filepath.Join(dir, "bad.env")
	require.NoError(t, os.WriteFile(bad, []byte("DB_PASSWORD='never-closed\n"), 0o600))
	cmd := exec.Command(bin, "-env-file", bad)
	out, err = cmd.CombinedOutput()
	require.Error(t, err)
	assert.Equal(t, 2, cmd.ProcessState.ExitCode())
	assert.False(t, strings.Contains(string(out), "never-closed"), "error holds the value")
	assert.Contains(t, string(out), "bad.env")
}

// cleanEnv is this process's environment without the sample's keys, so
// a developer's own variables do not change the test.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "DB_PASSWORD", "API_TOKEN", "SIGNING_KEY", "API_KEY":
			continue
		}
		env = append(env, kv)
	}
	return env
}
