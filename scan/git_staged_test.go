package scan

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// where returns "file:line:column" for each finding.
func where(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.File+":"+strconv.Itoa(f.Line)+":"+strconv.Itoa(f.Column))
	}
	return out
}

func TestScanStagedReadsTheIndex(t *testing.T) {
	r := newRepo(t)
	staged, unstaged, gone, untracked := awsKey(10), awsKey(11), ghToken(12), awsKey(13)
	r.write("a.txt", "x\nkey = "+staged+"\n")
	r.write("b.txt", "token: "+gone+"\n")
	r.git("add", "a.txt", "b.txt")
	r.write("a.txt", "x\nkey = "+unstaged+"\n")
	require.NoError(t, os.Remove(filepath.Join(r.dir, "b.txt")))
	r.write("c.txt", untracked+"\n")

	res, err := newScanner(t, nil).ScanStaged(context.Background(), r.dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"a.txt:2:7", "b.txt:1:8"}, where(res.Findings))
	want := fingerprints(newScanner(t, nil).ScanBytes("", []byte(staged+" "+gone)))
	assert.Equal(t, want, fingerprints(res.Findings), "findings are not the staged secrets")
	assert.Equal(t, 2, res.Files, "got %d files scanned, want 2", res.Files)
	assert.False(t, holds(res.Findings, staged) || holds(res.Findings, gone),
		"a finding holds a secret")
}

func TestScanStagedChanges(t *testing.T) {
	key := awsKey(20)
	tests := []struct {
		name  string
		setup func(r *testRepo) // after a first commit of old.txt and kept.txt
		want  []string
	}{
		{
			name: "renamed file",
			setup: func(r *testRepo) {
				r.git("mv", "old.txt", "new name.txt")
				r.write("new name.txt", "one\ntwo\nid="+key+"\n")
				r.git("add", "new name.txt")
			},
			want: []string{"new name.txt:3:4"},
		},
		{
			name: "deleted file",
			setup: func(r *testRepo) {
				r.git("rm", "-q", "kept.txt")
			},
			want: []string{},
		},
		{
			name: "committed secret in a changed file",
			setup: func(r *testRepo) {
				r.write("kept.txt", "new first line\nid="+awsKey(21)+"\n")
				r.git("add", "kept.txt")
			},
			want: []string{"kept.txt:2:4"},
		},
		{
			name: "unicode and quotes in the path",
			setup: func(r *testRepo) {
				r.write(`dir/été "q".txt`, key+"\n")
				r.git("add", "dir")
			},
			want: []string{`dir/été "q".txt:1:1`},
		},
		{
			name:  "nothing staged",
			setup: func(r *testRepo) {},
			want:  []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			r.write("old.txt", "one\ntwo\n")
			r.write("kept.txt", "id="+awsKey(21)+"\n")
			r.commit("2024-01-02T03:04:05Z", "first")
			tt.setup(r)

			res, err := newScanner(t, nil).ScanStaged(context.Background(), r.dir)
			require.NoError(t, err)
			got := where(res.Findings)
			assert.Equal(t, tt.want, got, "got %v, want %v", got, tt.want)
		})
	}
}

func TestScanStagedNoCommits(t *testing.T) {
	r := newRepo(t)
	r.write("sub/dir/conf.env", "GITHUB_TOKEN="+ghToken(30)+"\n")
	r.git("add", ".")

	// from a subdirectory: paths stay relative to the top
	res, err := newScanner(t, nil).ScanStaged(context.Background(), filepath.Join(r.dir, "sub"))
	require.NoError(t, err)
	assert.Equal(t, []string{"sub/dir/conf.env:1:14"}, where(res.Findings))
	assert.Equal(t, []string{"github-token"}, rulesOf(res.Findings))
}

func TestScanStagedSkips(t *testing.T) {
	r := newRepo(t)
	key := awsKey(40)
	r.write("bin.dat", "\x00\x01"+key+"\n")
	r.write("big.txt", strings.Repeat("filler line\n", 20)+key+"\n")
	r.write("small.txt", key+"\n")
	r.write("link", "")
	require.NoError(t, os.Remove(filepath.Join(r.dir, "link")))
	require.NoError(t, os.Symlink("small.txt", filepath.Join(r.dir, "link")))
	r.git("add", ".")

	res, err := newScanner(t, &Options{MaxFileSize: 100}).ScanStaged(context.Background(), r.dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"small.txt:1:1"}, where(res.Findings))
	assert.Equal(t, 1, res.Binary, "got %d binary, want 1", res.Binary)
	assert.Equal(t, 1, res.TooLarge, "got %d too large, want 1", res.TooLarge)
	assert.Equal(t, 1, res.Files, "got %d files, want 1", res.Files)
}

func TestScanStagedErrors(t *testing.T) {
	tests := []struct {
		name  string
		dir   func(t *testing.T) string
		is    error // nil: want a *GitError
		names bool  // the error names the directory
	}{
		{
			name:  "not a repository",
			dir:   func(t *testing.T) string { gitEnv(t); return t.TempDir() },
			is:    ErrNotRepo,
			names: true,
		},
		{
			name: "missing directory",
			dir: func(t *testing.T) string {
				gitEnv(t)
				return filepath.Join(t.TempDir(), "nope")
			},
			is:    fs.ErrNotExist,
			names: true,
		},
		{
			name: "a file, not a directory",
			dir: func(t *testing.T) string {
				r := newRepo(t)
				r.write("f", "x")
				return filepath.Join(r.dir, "f")
			},
			is:    ErrNotRepo,
			names: true,
		},
		{
			name: "corrupt HEAD",
			dir: func(t *testing.T) string {
				r := newRepo(t)
				r.commit("2024-01-01T00:00:00Z", "first")
				r.write(".git/HEAD", "garbage\n")
				return r.dir
			},
			is:    ErrNotRepo,
			names: true,
		},
		{
			name: "bare repository",
			dir: func(t *testing.T) string {
				r := newRepo(t)
				r.write("a.txt", "id="+awsKey(51)+"\n")
				r.commit("2024-01-01T00:00:00Z", "first")
				bare := filepath.Join(t.TempDir(), "bare.git")
				r.git("clone", "-q", "--bare", r.dir, bare)
				return bare
			},
			is:    ErrBareRepo,
			names: true,
		},
		{
			name: "corrupt index",
			dir: func(t *testing.T) string {
				r := newRepo(t)
				r.write("a", "a\n")
				r.commit("2024-01-01T00:00:00Z", "first")
				r.write(".git/index", "DIRC this is not an index")
				return r.dir
			},
		},
		{
			name: "missing blob",
			dir: func(t *testing.T) string {
				r := newRepo(t)
				r.write("a.txt", "id="+awsKey(50)+"\n")
				r.git("add", "a.txt")
				id := r.git("rev-parse", ":a.txt")
				obj := filepath.Join(r.dir, ".git", "objects", id[:2], id[2:])
				require.NoError(t, os.Remove(obj))
				return r.dir
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			res, err := newScanner(t, nil).ScanStaged(context.Background(), dir)
			require.Error(t, err)
			require.NotNil(t, res)
			assert.Empty(t, res.Findings)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			} else {
				var ge *GitError
				assert.True(t, errors.As(err, &ge), "got %T %v, want a *GitError", err, err)
			}
			if tt.names {
				assert.Contains(t, err.Error(), dir)
			}
			assert.True(t, strings.HasPrefix(err.Error(), "scan: "),
				"got %q, want a scan: prefix", err)
		})
	}
}

func TestScanStagedCancelled(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", awsKey(60)+"\n")
	r.git("add", ".")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newScanner(t, nil).ScanStaged(ctx, r.dir)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestScanStagedHonoursIndexFile(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", "clean\n")
	r.git("add", "a.txt")
	// A second index, as git commit -a or a partial commit hands to a
	// pre-commit hook, holds a secret the default index does not.
	other := filepath.Join(t.TempDir(), "index")
	t.Setenv("GIT_INDEX_FILE", other)
	r.write("a.txt", "id="+awsKey(70)+"\n")
	r.git("add", "a.txt")

	res, err := newScanner(t, nil).ScanStaged(context.Background(), r.dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"a.txt:1:4"}, where(res.Findings))

	os.Unsetenv("GIT_INDEX_FILE")
	res, err = newScanner(t, nil).ScanStaged(context.Background(), r.dir)
	require.NoError(t, err)
	assert.Empty(t, where(res.Findings), "the default index holds no secret")
}

func BenchmarkScanStaged(b *testing.B) {
	r := newRepo(b)
	for i := range 5 {
		var sb strings.Builder
		for j := range 200 {
			sb.WriteString("func f" + strconv.Itoa(j) +
				"() { return nil } // line of ordinary code\n")
		}
		sb.WriteString("token := \"" + ghToken(uint64(80+i)) + "\"\n")
		r.write("pkg/file"+strconv.Itoa(i)+".go", sb.String())
	}
	r.git("add", ".")
	s := newScanner(b, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := s.ScanStaged(ctx, r.dir)
		if err != nil || len(res.Findings) != 5 {
			b.Fatalf("got %d findings and %v, want 5 and no error", len(res.Findings), err)
		}
	}
}

func TestScanStagedSkipsByName(t *testing.T) {
	r := newRepo(t)
	// Only rules for unmistakable secrets apply to lock files, and
	// secret-assignment is not one of them.
	r.write("web/package-lock.json", `{"api_key": "`+fake(90, alnum64, 40)+`"}`+"\n")
	r.write("vendor/lib.go", "id = "+awsKey(91)+"\n")
	r.write("main.go", "id = "+awsKey(92)+"\n")
	r.write("old.go", "id = "+awsKey(93)+"\n")
	r.git("add", ".")
	accepted := newScanner(t, nil).ScanBytes("old.go", []byte("id = "+awsKey(93)+"\n"))
	var base bytes.Buffer
	require.NoError(t, WriteBaseline(&base, accepted))
	bl, err := ReadBaseline(&base)
	require.NoError(t, err)

	tests := []struct {
		name string
		opts *Options
		want []string
		res  Result // the counts wanted; Findings unused
	}{
		{
			name: "defaults",
			want: []string{"main.go:1:6", "old.go:1:6", "vendor/lib.go:1:6"},
			res:  Result{Files: 4},
		},
		{
			name: "path allowlist and baseline",
			opts: &Options{
				Allowlists: []Allowlist{{Paths: []*regexp.Regexp{regexp.MustCompile(`^vendor/`)}}},
				Baseline:   bl,
			},
			want: []string{"main.go:1:6"},
			res:  Result{Files: 3, Excluded: 1},
		},
		{
			name: "generated files on",
			opts: &Options{ScanGenerated: true},
			want: []string{"main.go:1:6", "old.go:1:6", "vendor/lib.go:1:6",
				"web/package-lock.json:1:14"},
			res: Result{Files: 4},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := newScanner(t, tt.opts).ScanStaged(context.Background(), r.dir)
			require.NoError(t, err)
			assert.Equal(t, tt.want, where(res.Findings))
			got := [4]int{res.Files, res.Generated, res.Excluded, res.Binary}
			want := [4]int{tt.res.Files, tt.res.Generated, tt.res.Excluded, tt.res.Binary}
			assert.Equal(t, want, got,
				"got files, generated, excluded, binary %v, want %v", got, want)
		})
	}
}

func TestScanStagedGitMissing(t *testing.T) {
	r := newRepo(t)
	t.Setenv("PATH", t.TempDir())
	_, err := newScanner(t, nil).ScanStaged(context.Background(), r.dir)
	assert.ErrorIs(t, err, exec.ErrNotFound)
	var ge *GitError
	require.True(t, errors.As(err, &ge), "got %T, want a *GitError", err)
	assert.Equal(t, r.dir, ge.Dir)
}

func TestScanStagedOddNames(t *testing.T) {
	r, want := oddNamedRepo(t, 150)
	r.write("new é\tfile.py", "id = "+awsKey(160)+"\n")
	want = append(want, "new é\tfile.py:1:6")
	r.git("add", "-A")
	slices.Sort(want)

	res, err := newScanner(t, nil).ScanStaged(context.Background(), r.dir)
	require.NoError(t, err)
	got := where(res.Findings)
	slices.Sort(got)
	assert.Equal(t, want, got)
}
