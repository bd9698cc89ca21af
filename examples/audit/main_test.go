package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitEnv isolates git from the machine's configuration and from any
// repository around the test's temporary directories.
func gitEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
		"GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(t.TempDir()))
	t.Setenv("GIT_AUTHOR_NAME", "Audit Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "audit@example.invalid")
	t.Setenv("GIT_COMMITTER_NAME", "Audit Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "audit@example.invalid")
}

// newRepo returns a new, empty repository in a temporary directory.
func newRepo(t *testing.T) string {
	t.Helper()
	gitEnv(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "main")
	return dir
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
}

// write writes files (name to content) under dir; a name ending in
// "*" is written executable, without the star.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		mode := os.FileMode(0o644)
		if n, ok := strings.CutSuffix(name, "*"); ok {
			name, mode = n, 0o755
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), mode))
	}
}

// commitAll commits everything in dir.
func commitAll(t *testing.T, dir, msg string) {
	t.Helper()
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "--allow-empty", "-m", msg)
}

// fakeKeyID returns an AWS access key id shaped fake, built at run time
// so the source holds no token.
func fakeKeyID(seed uint64) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	r := rand.New(rand.NewPCG(seed, 3))
	b := []byte("AKIA")
	for range 16 {
		b = append(b, alphabet[r.IntN(len(alphabet))])
	}
	return string(b)
}

// audited runs the command and returns its exit code and output.
func audited(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

const hookScript = "#!/bin/sh\nexec go run ./examples/scan --staged\n"

func TestAudit(t *testing.T) {
	secret := fakeKeyID(1)
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		code  int
		want  []string // lines or parts of lines the report must hold
	}{
		{
			name: "clean",
			setup: func(t *testing.T, dir string) {
				write(t, dir, map[string]string{
					".gitignore":   ".env\n",
					".env.example": "API_KEY=<your-api-key>\n",
					"main.go":      "package main\n",
					".env":         "AWS_KEY_ID=" + secret + "\n",
				})
				commitAll(t, dir, "start")
				write(t, dir, map[string]string{".git/hooks/pre-commit*": hookScript})
			},
			code: exitPass,
			want: []string{
				"PASS  .env ignored       .env is ignored by git",
				"PASS  no .env tracked    no .env file is tracked",
				"PASS  env template       template tracked: .env.example",
				"PASS  pre-commit hook    pre-commit hook installed",
				"PASS  history scan       no secrets in 1 commits",
				"summary: 5 passed, 0 warned, 0 failed",
			},
		},
		{
			name: "leaky",
			setup: func(t *testing.T, dir string) {
				write(t, dir, map[string]string{
					".env":            "AWS_KEY_ID=" + secret + "\n",
					"config/prod.env": "MODE=prod\n",
				})
				commitAll(t, dir, "add env")
			},
			code: exitFail,
			want: []string{
				"FAIL  .env ignored       .env is not ignored by git",
				"FAIL  no .env tracked    2 env files are tracked",
				"      .env\n",
				"      config/prod.env\n",
				"WARN  env template       no .env.example or similar template",
				"FAIL  pre-commit hook    no pre-commit hook and no .pre-commit-config.yaml",
				"FAIL  history scan       1 findings in 1 commits",
				":.env:1:12: aws-access-key-id: [REDACTED]",
				"summary: 0 passed, 1 warned, 4 failed",
			},
		},
		{
			name: "secret only in history",
			setup: func(t *testing.T, dir string) {
				write(t, dir, map[string]string{
					".gitignore": ".env\n", "sample.env": "KEY=\n",
					".pre-commit-config.yaml": "repos:\n- repo: local\n  hooks:\n  - id: hush-scan\n",
					"deploy.sh":               "export AWS_KEY_ID=" + secret + "\n",
				})
				commitAll(t, dir, "oops")
				write(t, dir, map[string]string{"deploy.sh": "echo ok\n"})
				commitAll(t, dir, "remove")
			},
			code: exitFail,
			want: []string{
				"PASS  no .env tracked",
				"PASS  env template       template tracked: sample.env",
				"PASS  pre-commit hook    .pre-commit-config.yaml present; run pre-commit install",
				"FAIL  history scan       1 findings in 2 commits",
				":deploy.sh:1:19: aws-access-key-id",
			},
		},
		{
			name: "warnings only",
			setup: func(t *testing.T, dir string) {
				write(t, dir, map[string]string{
					".gitignore": ".env*\n!.gitignore\n", ".env.example": "KEY=\n",
					".git/hooks/pre-commit": hookScript, "main.go": "package main\n",
				})
				commitAll(t, dir, "start")
			},
			code: exitPass,
			want: []string{
				"WARN  env template       .env.example exists but is not tracked",
				"WARN  pre-commit hook    pre-commit hook is not executable, so git skips it",
				"summary: 3 passed, 2 warned, 0 failed",
			},
		},
		{
			name: "hook without a scanner",
			setup: func(t *testing.T, dir string) {
				write(t, dir, map[string]string{
					".gitignore": ".env\n", ".env.example": "KEY=\n",
				})
				commitAll(t, dir, "start")
				write(t, dir, map[string]string{".git/hooks/pre-commit*": "#!/bin/sh\nexit 0\n"})
			},
			code: exitPass,
			want: []string{"WARN  pre-commit hook    pre-commit hook installed, but it runs " +
				"no secret scanner"},
		},
		{
			name: "pre-commit config without a scanner",
			setup: func(t *testing.T, dir string) {
				write(t, dir, map[string]string{
					".gitignore": ".env\n", ".env.example": "KEY=\n",
					".pre-commit-config.yaml": "repos:\n- repo: local\n  hooks:\n  - id: gofmt\n",
				})
				commitAll(t, dir, "start")
			},
			code: exitPass,
			want: []string{"WARN  pre-commit hook    .pre-commit-config.yaml present, but it runs " +
				"no secret scanner"},
		},
		{
			name: "framework hook with a scanner in its config",
			setup: func(t *testing.T, dir string) {
				write(t, dir, map[string]string{
					".gitignore": ".env\n", ".env.example": "KEY=\n",
					".pre-commit-config.yaml": "repos:\n- repo: https://github.com/gitleaks/gitleaks\n",
				})
				commitAll(t, dir, "start")
				write(t, dir, map[string]string{".git/hooks/pre-commit*": "#!/bin/sh\n" +
					"exec pre-commit hook-impl --hook-type=pre-commit\n"})
			},
			code: exitPass,
			want: []string{"PASS  pre-commit hook    pre-commit hook installed"},
		},
		{
			name: "no commits yet",
			setup: func(t *testing.T, dir string) {
				write(t, dir, map[string]string{".gitignore": ".env\n"})
			},
			code: exitFail,
			want: []string{"PASS  .env ignored", "PASS  history scan       no secrets in 0 commits"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newRepo(t)
			tt.setup(t, dir)
			code, out, errOut := audited(t, "-repo", dir)
			assert.Equal(t, tt.code, code, "got exit code %d, want %d; stderr: %s",
				code, tt.code, errOut)
			for _, w := range tt.want {
				assert.True(t, strings.Contains(out, w), "report lacks %q:\n%s", w, out)
			}
			assert.False(t, strings.Contains(out+errOut, secret), "output holds the secret")
		})
	}
}

func TestAuditSubdirectory(t *testing.T) {
	dir := newRepo(t)
	write(t, dir, map[string]string{".gitignore": ".env\n", "pkg/a.go": "package a\n"})
	commitAll(t, dir, "start")
	code, out, _ := audited(t, "-repo", filepath.Join(dir, "pkg"))
	assert.Equal(t, exitFail, code, "got exit code %d, want %d", code, exitFail)
	assert.True(t, strings.Contains(out, "PASS  .env ignored"), "the top was not found:\n%s", out)
}

func TestAuditMaxFindings(t *testing.T) {
	dir := newRepo(t)
	for i := range 3 {
		write(t, dir, map[string]string{"keys.txt": "id " + fakeKeyID(uint64(10+i)) + "\n"})
		commitAll(t, dir, "key")
	}
	code, out, _ := audited(t, "-repo", dir, "-max-findings", "1")
	assert.Equal(t, exitFail, code, "got exit code %d, want %d", code, exitFail)
	assert.True(t, strings.Contains(out, "3 findings in 3 commits"), "report:\n%s", out)
	assert.True(t, strings.Contains(out, "... and 2 more"), "report:\n%s", out)
	assert.Equal(t, 1, strings.Count(out, "aws-access-key-id"), "report:\n%s", out)
}

func TestAuditErrors(t *testing.T) {
	gitEnv(t)
	notRepo := t.TempDir()
	file := filepath.Join(notRepo, "f.txt")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	tests := []struct {
		name    string
		args    []string
		noGit   bool
		message string
	}{
		{"not a repository", []string{"-repo", notRepo}, false,
			"audit: git rev-parse: fatal: not a git repository"},
		{"missing directory", []string{"-repo", filepath.Join(notRepo, "nope")}, false,
			"audit: repository: stat"},
		{"a file", []string{"-repo", file}, false, "is not a directory"},
		{"extra argument", []string{"."}, false, `unexpected argument "."`},
		{"bad flag", []string{"-nope"}, false, "flag provided but not defined"},
		{"git missing", []string{"-repo", notRepo}, true, "audit: git rev-parse:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.noGit {
				t.Setenv("PATH", t.TempDir())
			}
			code, out, errOut := audited(t, tt.args...)
			assert.Equal(t, exitError, code, "got exit code %d, want %d", code, exitError)
			assert.Empty(t, out, "report written despite the error")
			assert.True(t, strings.Contains(errOut, tt.message), "stderr %q lacks %q", errOut, tt.message)
		})
	}
}

func TestEnvKind(t *testing.T) {
	tests := []struct {
		path          string
		env, template bool
	}{
		{".env", true, false},
		{"app/.env", true, false},
		{".env.local", true, false},
		{".ENV.production", true, false},
		{"prod.env", true, false},
		{".env.example", true, true},
		{"config/.env.sample", true, true},
		{"sample.env", true, true},
		{".env.template", true, true},
		{".env.dist", true, true},
		{".envrc", false, false},
		{"environment.go", false, false},
		{"env/main.go", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			env, template := envKind(tt.path)
			assert.Equal(t, tt.env, env, "got env %v, want %v", env, tt.env)
			assert.Equal(t, tt.template, template, "got template %v, want %v", template, tt.template)
		})
	}
}

func TestHookScans(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, ".pre-commit-config.yaml")
	tests := []struct {
		name, hook, config string
		want               bool
	}{
		{"README's plain hook", "#!/bin/sh\nexec scan -staged\n", "", true},
		{"go run", "#!/bin/sh\nexec go run ./examples/scan --staged\n", "", true},
		{"gitleaks", "#!/bin/sh\ngitleaks protect --staged\n", "", true},
		{"scanner only in a comment", "#!/bin/sh\n# TODO: run gitleaks here some day\nexit 0\n", "", false},
		{"word inside a word", "#!/bin/sh\n# shush, lint only\nexec golangci-lint run\n", "", false},
		{"other scan command", "#!/bin/sh\nexec trivy-scan .\n", "", false},
		{"framework hook, scanner in config", "#!/bin/sh\nexec pre-commit hook-impl\n",
			"repos:\n- repo: https://github.com/gitleaks/gitleaks\n", true},
		{"framework hook, scanner only in a config comment", "#!/bin/sh\nexec pre-commit hook-impl\n",
			"# gitleaks removed\nrepos: []\n", false},
		{"other hook, scanner in config", "#!/bin/sh\nexit 0\n",
			"repos:\n- repo: https://github.com/gitleaks/gitleaks\n", false},
		{"hush hook id", "#!/bin/sh\nexec pre-commit hook-impl\n", "  hooks:\n  - id: hush-scan\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hook := filepath.Join(dir, "pre-commit")
			require.NoError(t, os.WriteFile(hook, []byte(tt.hook), 0o700))
			require.NoError(t, os.WriteFile(config, []byte(tt.config), 0o600))
			assert.Equal(t, tt.want, hookScans(hook, config))
		})
	}
}
