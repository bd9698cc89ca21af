package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fileSecret = "run-test-secret-Zq9$w"

// TestHelperChild is the child that run starts in these tests. It
// prints the env file's value in several forms and exits with the code
// asked for.
func TestHelperChild(t *testing.T) {
	if os.Getenv("HUSH_RUN_CHILD") != "1" {
		t.Skip("only runs as a child of the other tests")
	}
	v := os.Getenv("APP_SECRET")
	fmt.Println("plain:", v)
	fmt.Fprintln(os.Stderr, "b64:", base64.StdEncoding.EncodeToString([]byte(v)))
	fmt.Printf("quoted: %q\n", v)
	sum := sha256.Sum256([]byte(v))
	fmt.Println("sha256:", hex.EncodeToString(sum[:]))
	var code int
	fmt.Sscan(os.Getenv("CHILD_EXIT"), &code)
	os.Exit(code)
}

func writeEnv(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.env")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func runChild(t *testing.T, envFile, exit string) (int, string, string) {
	t.Helper()
	t.Setenv("HUSH_RUN_CHILD", "1")
	t.Setenv("CHILD_EXIT", exit)
	var stdout, stderr bytes.Buffer
	code := run([]string{"-env-file", envFile, "--",
		os.Args[0], "-test.run=^TestHelperChild$"}, nil, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestRunMasksAndPassesExitCode(t *testing.T) {
	env := writeEnv(t, "APP_SECRET='"+fileSecret+"'\nPORT=80\n")
	for _, exit := range []string{"0", "3"} {
		t.Run("exit "+exit, func(t *testing.T) {
			code, out, errOut := runChild(t, env, exit)
			assert.Equal(t, exit, fmt.Sprint(code))
			all := out + errOut
			assert.False(t, strings.Contains(all, fileSecret), "output holds the secret")
			b64 := base64.StdEncoding.EncodeToString([]byte(fileSecret))
			assert.False(t, strings.Contains(all, b64[:len(b64)-4]), "output holds the base64 of the secret")
			assert.Contains(t, out, "plain: [REDACTED:APP_SECRET]")
			assert.Contains(t, errOut, "PORT is too short to mask")
		})
	}
}

func TestRunBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", []string{"-env-file", writeEnv(t, "A=b\n")}, "usage"},
		{"missing file", []string{"-env-file", filepath.Join(t.TempDir(), "nope.env"), "--", "true"}, "nope.env"},
		{"bad line", []string{"-env-file", writeEnv(t, "GOOD=1\nthis line is bad\n"), "--", "true"}, "line 2"},
		{"bad flag", []string{"-nope"}, "flag provided but not defined"},
		{"no such program", []string{"-env-file", writeEnv(t, "A=b\n"), "--", "/nonexistent/prog"}, "/nonexistent/prog"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(tt.args, nil, &bytes.Buffer{}, &stderr)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr.String(), tt.want)
		})
	}
}

func TestBadLineHidesValue(t *testing.T) {
	var stderr bytes.Buffer
	env := writeEnv(t, "BROKEN=\"unterminated "+fileSecret+"\n")
	code := run([]string{"-env-file", env, "--", "true"}, nil, &bytes.Buffer{}, &stderr)
	assert.Equal(t, 2, code)
	assert.False(t, strings.Contains(stderr.String(), fileSecret), "error holds the value")
}

func TestRunArgumentEqualToValue(t *testing.T) {
	env := writeEnv(t, "TARGET_ENV=staging-east\n")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-env-file", env, "--", os.Args[0], "staging-east"}, nil, &stdout, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), "argument 1")
	assert.False(t, strings.Contains(stderr.String(), "staging-east"), "error holds the value")

	t.Setenv("HUSH_RUN_CHILD", "1")
	t.Setenv("CHILD_EXIT", "0")
	code = run([]string{"-env-file", env, "-allow-args", "--", os.Args[0],
		"-test.run=^TestHelperChild$", "staging-east"}, nil, &stdout, &stderr)
	assert.Equal(t, 0, code)
}
