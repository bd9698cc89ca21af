package scan

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitEnv makes git in this test, the scanner's included, ignore the
// user's and the system's configuration and any repository around the
// temporary directories. It uses t.Setenv, so the test cannot be
// parallel.
func gitEnv(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
		"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
		"GIT_COMMON_DIR", "GIT_NAMESPACE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(t.TempDir()))
}

// testRepo is a git repository in a temporary directory.
type testRepo struct {
	t   testing.TB
	dir string
}

// newRepo returns a new empty repository whose branch is main.
func newRepo(t testing.TB) *testRepo {
	t.Helper()
	gitEnv(t)
	r := &testRepo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

// git runs git in the repository and returns its output. date, if
// set by gitAt, is the author and committer date.
func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	return r.gitAt("", args...)
}

// gitAt runs git with the author and committer date set to date (an
// RFC 3339 time) unless it is empty.
func (r *testRepo) gitAt(date string, args ...string) string {
	r.t.Helper()
	full := append([]string{"-c", "user.name=Ada Tester", "-c", "user.email=ada@example.test",
		"-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"}, args...)
	cmd := exec.Command("git", full...)
	cmd.Dir = r.dir
	cmd.Env = os.Environ()
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(r.t, err, "git %s: %s", args[0], stderr.String())
	return strings.TrimSpace(string(out))
}

// tryGit runs git and returns its output and error, for commands that
// are meant to fail.
func (r *testRepo) tryGit(args ...string) (string, error) {
	full := append([]string{"-c", "user.name=Ada Tester",
		"-c", "user.email=ada@example.test"}, args...)
	cmd := exec.Command("git", full...)
	cmd.Dir = r.dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// write writes content to the file at the slash-separated path,
// making its directories.
func (r *testRepo) write(path, content string) {
	r.t.Helper()
	full := filepath.Join(r.dir, filepath.FromSlash(path))
	require.NoError(r.t, os.MkdirAll(filepath.Dir(full), 0o755))
	require.NoError(r.t, os.WriteFile(full, []byte(content), 0o644))
}

// commit stages everything and commits it at date, returning the
// commit id.
func (r *testRepo) commit(date, msg string) string {
	r.t.Helper()
	r.git("add", "-A")
	r.gitAt(date, "commit", "-q", "--allow-empty", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// oddNames are file names git quotes in its patches.
var oddNames = []string{"café.py", "tab\tname.py", "new\nline.py",
	`quo"te.py`, `back\slash.py`, "sp ace é.py", "caf\xe9 n\tame.py",
	"bell\a\x7f\x01.py", "oct\\303.py"}

// oddNamedRepo returns a repository whose first commit holds a file of
// each of oddNames, and whose working tree then adds an AWS key (seeded
// from seed on) to the second line of each, with where each key must
// be reported, as "name:2:6".
func oddNamedRepo(t *testing.T, seed uint64) (*testRepo, []string) {
	t.Helper()
	r := newRepo(t)
	for _, name := range oddNames {
		r.write(name, "a = 1\n")
	}
	r.commit("2024-01-01T00:00:00Z", "start")
	want := []string{}
	for i, name := range oddNames {
		r.write(name, "a = 1\nid = "+awsKey(seed+uint64(i))+"\n")
		want = append(want, name+":2:6")
	}
	return r, want
}

// awsKey returns a fake AWS access key id the default rules report.
func awsKey(seed uint64) string {
	return "AKIA" + fake(seed, upper32, 16)
}

// ghToken returns a fake GitHub token the default rules report.
func ghToken(seed uint64) string {
	return "ghp_" + fake(seed, alnum64, 36)
}

// fingerprints returns the fingerprints of fs.
func fingerprints(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	return out
}

// TestGitFakesFire checks that the fake secrets the git tests use are
// reported by the default rules, so a test that finds none of them
// means something.
func TestGitFakesFire(t *testing.T) {
	s := newScanner(t, nil)
	for name, secret := range map[string]string{
		"aws": awsKey(1), "github": ghToken(2),
	} {
		t.Run(name, func(t *testing.T) {
			found := s.ScanBytes("f", []byte("key = "+secret+"\n"))
			require.Len(t, found, 1, "got %d findings, want 1", len(found))
			assert.Equal(t, 7, found[0].Column)
		})
	}
}

func TestPatchPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"b/dir/file.go", "dir/file.go"},
		{"b/with space.txt\t", "with space.txt"},
		{`"b/quote\"and\\slash\ttab"`, "quote\"and\\slash\ttab"},
		{`"b/\303\251t\303\251"`, "été"},
		{"/dev/null", ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := patchPath([]byte(tt.in))
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}

func TestParseRawMalformed(t *testing.T) {
	for name, in := range map[string]string{
		"no path":    ":100644 100644 aaaa bbbb M\x00",
		"few fields": ":100644 aaaa M\x00f\x00",
		"no colon":   "100644 100644 aaaa bbbb M\x00f\x00",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseRaw([]byte(in))
			assert.ErrorIs(t, err, errMalformed)
		})
	}
}

func TestLimitedBufferFirstLine(t *testing.T) {
	b := limitedBuffer{max: 10}
	n, err := b.Write([]byte("\n  fatal: x\nmore text"))
	require.NoError(t, err)
	assert.Equal(t, 21, n, "got %d written, want all 21", n)
	assert.Equal(t, "fatal:", b.firstLine())
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 100)
	in := "short\n" + long + "\n" + long + "\nlast"
	lr := &lineReader{r: bufio.NewReaderSize(strings.NewReader(in), 16), max: 50}
	var got []string
	var cuts []bool
	for {
		line, cut, err := lr.next()
		if err != nil {
			break
		}
		got = append(got, string(line))
		cuts = append(cuts, cut)
	}
	assert.Equal(t, []string{"short", long[:50], long[:50], "last"}, got)
	assert.Equal(t, []bool{false, true, true, false}, cuts)
}
