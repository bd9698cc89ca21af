package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebuddy/hush/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitIn runs git in dir with no user or system configuration.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.test",
		"-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
	return string(out)
}

func TestStagedAndHistoryFlags(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	secret := "ghp_" + strings.Repeat("Zq8rL2mX6tPwK4nB", 3)[:36]
	gitIn(t, dir, "init", "-q")
	gitIn(t, dir, "commit", "-q", "--allow-empty", "-m", "start")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.env"), []byte("TOKEN="+secret+"\n"), 0o600))
	gitIn(t, dir, "add", "app.env")
	// The working tree no longer holds the secret; the index does.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.env"), []byte("TOKEN=\n"), 0o600))

	code, out, _ := runScan("-staged", dir)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "app.env:1:")
	assert.False(t, strings.Contains(out, secret), "report holds the secret")

	code, _, _ = runScan(dir)
	assert.Equal(t, exitClean, code, "the working tree is clean")

	gitIn(t, dir, "commit", "-q", "-m", "add")
	gitIn(t, dir, "add", "app.env")
	gitIn(t, dir, "commit", "-q", "-m", "remove")
	code, out, _ = runScan("-history", "-format", "json", dir)
	assert.Equal(t, exitFindings, code)
	var found []scan.GitFinding
	require.NoError(t, json.Unmarshal([]byte(out), &found))
	require.Len(t, found, 1)
	commit := strings.TrimSpace(gitIn(t, dir, "rev-parse", "HEAD~1")) // "add"
	assert.Equal(t, "app.env", found[0].File)
	assert.Equal(t, commit, found[0].Commit)
	assert.Equal(t, "t@example.test", found[0].Email)
	assert.False(t, found[0].Date.IsZero(), "no date")
	assert.False(t, strings.Contains(out, secret), "report holds the secret")

	code, out, _ = runScan("-history", dir)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, commit[:12]+":app.env:1:", "text names the commit")

	code, out, _ = runScan("-history", "-format", "sarif", dir)
	assert.Equal(t, exitFindings, code)
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
				}
				Properties map[string]string
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	require.Len(t, log.Runs, 1)
	require.Len(t, log.Runs[0].Results, 1)
	res := log.Runs[0].Results[0]
	assert.Equal(t, "app.env", res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	assert.Equal(t, commit, res.Properties["commit"])

	bl := filepath.Join(t.TempDir(), "baseline.json")
	code, _, _ = runScan("-history", "-write-baseline", bl, dir)
	assert.Equal(t, exitClean, code)
	code, out, _ = runScan("-history", "-format", "json", "-baseline", bl, dir)
	assert.Equal(t, exitClean, code)
	assert.Equal(t, "[]\n", out)

	code, _, errOut := runScan("-staged", t.TempDir())
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "not a git repository")

	code, _, _ = runScan("-staged", "-history", dir)
	assert.Equal(t, exitError, code)
}
