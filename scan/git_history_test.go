package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitWhere returns "commit file:line:column" for each finding, with
// the commit named by names (id to name).
func gitWhere(fs []GitFinding, names map[string]string) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, names[f.Commit]+" "+f.File+":"+
			strconv.Itoa(f.Line)+":"+strconv.Itoa(f.Column))
	}
	return out
}

func TestScanHistoryAddedAndRemoved(t *testing.T) {
	r := newRepo(t)
	key, token := awsKey(100), ghToken(101)
	r.write("app/config.py", "a = 1\nb = 2\n")
	c1 := r.commit("2021-03-04T05:06:07+02:00", "start")
	r.write("app/config.py", "a = 1\nb = 2\naws_id = '"+key+"'\n")
	c2 := r.commit("2022-05-06T07:08:09-03:00", "add key")
	r.write("app/config.py", "a = 1\nb = 2\n")
	r.write("notes.md", strings.Repeat("text\n", 9)+"token "+token+"\n")
	c3 := r.commit("2023-01-01T00:00:00Z", "remove key, add notes")
	names := map[string]string{c1: "c1", c2: "c2", c3: "c3"}

	res, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	got := gitWhere(res.Findings, names)
	assert.Equal(t, []string{"c3 notes.md:10:7", "c2 app/config.py:3:11"}, got)
	assert.Equal(t, 3, res.Commits, "got %d commits, want 3", res.Commits)
	require.Len(t, res.Findings, 2)

	f := res.Findings[1]
	assert.Equal(t, "aws-access-key-id", f.Rule)
	assert.Equal(t, "Ada Tester", f.Author)
	assert.Equal(t, "ada@example.test", f.Email)
	want := time.Date(2022, 5, 6, 7, 8, 9, 0, time.FixedZone("", -3*3600))
	assert.True(t, want.Equal(f.Date), "got date %v, want %v", f.Date, want)
	_, off := f.Date.Zone()
	assert.Equal(t, -3*3600, off, "got zone offset %d, want the author's", off)
	assert.Equal(t, newScanner(t, nil).ScanBytes("", []byte(key))[0].Fingerprint, f.Fingerprint)
	assert.True(t, strings.HasPrefix(f.String(), c2[:12]+":app/config.py:3:11: "),
		"got %q", f.String())
	assert.False(t, holdsGit(res.Findings, key) || holdsGit(res.Findings, token),
		"a finding holds a secret")
}

// holdsGit reports whether any text of fs holds secret.
func holdsGit(fs []GitFinding, secret string) bool {
	for _, f := range fs {
		if strings.Contains(f.String(), secret) || holds([]Finding{f.Finding}, secret) {
			return true
		}
	}
	return false
}

func TestScanHistoryMerges(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", "base\n")
	r.write("b.txt", "one\n")
	base := r.commit("2024-01-01T00:00:00Z", "base")

	r.git("checkout", "-q", "-b", "feature")
	r.write("a.txt", "base\nid="+awsKey(110)+"\n")
	r.write("b.txt", "feature\n")
	feature := r.commit("2024-01-02T00:00:00Z", "feature")

	r.git("checkout", "-q", "main")
	r.write("b.txt", "main\n")
	mainC := r.commit("2024-01-03T00:00:00Z", "main")

	// the merge conflicts on b.txt; its resolution adds a token
	_, err := r.tryGit("merge", "-q", "--no-ff", "feature")
	require.Error(t, err, "the merge does not conflict")
	r.write("b.txt", "main\nfeature\ntoken="+ghToken(111)+"\n")
	r.git("add", "b.txt")
	r.gitAt("2024-01-04T00:00:00Z", "commit", "-q", "--no-edit")
	merge := r.git("rev-parse", "HEAD")
	names := map[string]string{base: "base", feature: "feature", mainC: "main", merge: "merge"}

	res, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	got := gitWhere(res.Findings, names)
	assert.Equal(t, []string{"merge b.txt:3:7", "feature a.txt:2:4"}, got)
	assert.Equal(t, 4, res.Commits, "got %d commits, want 4", res.Commits)
}

func TestScanHistoryRenamesAndBinary(t *testing.T) {
	r := newRepo(t)
	key := awsKey(120)
	r.write("old.txt", "l1\nl2\nl3\nid="+key+"\n")
	first := r.commit("2024-01-01T00:00:00Z", "add")
	require.NoError(t, os.Mkdir(filepath.Join(r.dir, "dir"), 0o755))
	r.git("mv", "old.txt", "dir/new.txt")
	r.write("dir/new.txt", "l1\nl2\nl3\nid="+key+"\nl5\n")
	r.write("blob.bin", "\x00\x01\x02id="+awsKey(121)+"\n")
	r.commit("2024-01-02T00:00:00Z", "move, binary")

	res, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	got := gitWhere(res.Findings, map[string]string{first: "first"})
	assert.Equal(t, []string{"first old.txt:4:4"}, got)
	assert.Equal(t, 1, res.Binary, "got %d binary, want 1", res.Binary)
}

func TestScanHistoryMultiLineAndHunks(t *testing.T) {
	r := newRepo(t)
	body := []string{}
	for i := range 20 {
		body = append(body, "line "+strconv.Itoa(i+1))
	}
	r.write("f.txt", strings.Join(body, "\n")+"\n")
	r.commit("2024-01-01T00:00:00Z", "base")

	// two separate hunks in one commit, and a private key block
	body[2] = "x = " + awsKey(130)
	body[15] = "y = " + awsKey(131)
	pem := "-----BEGIN RSA PRIVATE KEY-----\n" + fake(132, b64, 64) + "\n" +
		fake(133, b64, 64) + "\n-----END RSA PRIVATE KEY-----\n"
	full := map[string]string{
		"f.txt":   strings.Join(body, "\n") + "\n",
		"key.pem": "comment\n" + pem,
	}
	var want []Finding
	for _, name := range []string{"f.txt", "key.pem"} {
		r.write(name, full[name])
		want = append(want, newScanner(t, nil).ScanBytes(name, []byte(full[name]))...)
	}
	r.commit("2024-01-02T00:00:00Z", "secrets")
	require.Equal(t, []string{"aws-access-key-id", "aws-access-key-id", "private-key"},
		rulesOf(want))

	// each finding is where a scan of the file as committed puts it
	res, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	assert.Equal(t, want, plain(res.Findings))
}

// plain returns the findings of fs without their commits.
func plain(fs []GitFinding) []Finding {
	out := []Finding{}
	for _, f := range fs {
		out = append(out, f.Finding)
	}
	return out
}

func TestScanHistoryRevs(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", "id="+awsKey(140)+"\n")
	c1 := r.commit("2024-01-01T00:00:00Z", "one")
	r.write("b.txt", "id="+awsKey(141)+"\n")
	c2 := r.commit("2024-01-02T00:00:00Z", "two")
	r.git("checkout", "-q", "-b", "side", c1)
	r.write("c.txt", "id="+awsKey(142)+"\n")
	c3 := r.commit("2024-01-03T00:00:00Z", "three")
	names := map[string]string{c1: "c1", c2: "c2", c3: "c3"}

	tests := []struct {
		name string
		revs []string
		want []string
	}{
		{"all refs", nil, []string{"c3 c.txt:1:4", "c2 b.txt:1:4", "c1 a.txt:1:4"}},
		{"one branch", []string{"main"}, []string{"c2 b.txt:1:4", "c1 a.txt:1:4"}},
		{"range", []string{c1 + "..main"}, []string{"c2 b.txt:1:4"}},
		{"exclusion", []string{"side", "^main"}, []string{"c3 c.txt:1:4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir,
				&HistoryOptions{Revs: tt.revs})
			require.NoError(t, err)
			got := gitWhere(res.Findings, names)
			assert.Equal(t, tt.want, got, "got %v, want %v", got, tt.want)
		})
	}
}

func TestScanHistoryRevIsNeverAnOption(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", "a\n")
	r.commit("2024-01-01T00:00:00Z", "one")
	out := filepath.Join(t.TempDir(), "written")

	_, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir,
		&HistoryOptions{Revs: []string{"--output=" + out}})
	var ge *GitError
	require.True(t, errors.As(err, &ge), "got %v, want a *GitError", err)
	assert.Equal(t, "log", ge.Op)
	_, statErr := os.Stat(out)
	assert.True(t, os.IsNotExist(statErr), "git took the revision for an option")
}

func TestScanHistoryEmptyRepo(t *testing.T) {
	r := newRepo(t)
	res, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	assert.Zero(t, res.Commits)
	assert.Empty(t, res.Findings)
}

func TestScanHistoryTooLarge(t *testing.T) {
	r := newRepo(t)
	r.write("big.txt", strings.Repeat("filler\n", 30)+"id="+awsKey(150)+"\n")
	r.write("long.txt", strings.Repeat("y", 300)+" id="+awsKey(151)+"\n")
	r.write("ok.txt", "id="+awsKey(152)+"\n")
	r.commit("2024-01-01T00:00:00Z", "one")

	s := newScanner(t, &Options{MaxFileSize: 200})
	res, err := s.ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"ok.txt"}, files(res.Findings))
	assert.Equal(t, 2, res.TooLarge, "got %d too large, want 2", res.TooLarge)
	assert.Equal(t, 1, res.Changes, "got %d changes, want 1", res.Changes)
}

// files returns the file of each finding.
func files(fs []GitFinding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.File)
	}
	return out
}

func TestScanHistoryErrors(t *testing.T) {
	tests := []struct {
		name string
		dir  func(t *testing.T) string
		opts *HistoryOptions
		is   error // nil: want a *GitError
	}{
		{
			name: "not a repository",
			dir:  func(t *testing.T) string { gitEnv(t); return t.TempDir() },
			is:   ErrNotRepo,
		},
		{
			name: "unknown revision",
			dir: func(t *testing.T) string {
				r := newRepo(t)
				r.commit("2024-01-01T00:00:00Z", "one")
				return r.dir
			},
			opts: &HistoryOptions{Revs: []string{"no-such-branch"}},
		},
		{
			name: "missing commit object",
			dir: func(t *testing.T) string {
				r := newRepo(t)
				r.write("a.txt", "a\n")
				first := r.commit("2024-01-01T00:00:00Z", "one")
				r.write("a.txt", "b\n")
				r.commit("2024-01-02T00:00:00Z", "two")
				obj := filepath.Join(r.dir, ".git", "objects", first[:2], first[2:])
				require.NoError(t, os.Remove(obj))
				return r.dir
			},
		},
		{
			name: "git missing",
			dir: func(t *testing.T) string {
				r := newRepo(t)
				t.Setenv("PATH", t.TempDir())
				return r.dir
			},
			is: exec.ErrNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			res, err := newScanner(t, nil).ScanHistory(context.Background(), dir, tt.opts)
			require.Error(t, err)
			require.NotNil(t, res)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			} else {
				var ge *GitError
				assert.True(t, errors.As(err, &ge), "got %T %v, want a *GitError", err, err)
			}
			assert.Contains(t, err.Error(), dir)
		})
	}
}

func TestScanHistoryCancelled(t *testing.T) {
	r := newRepo(t)
	r.write("a.txt", awsKey(160)+"\n")
	r.commit("2024-01-01T00:00:00Z", "one")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newScanner(t, nil).ScanHistory(ctx, r.dir, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func BenchmarkScanHistory(b *testing.B) {
	r := newRepo(b)
	for i := range 20 {
		var sb strings.Builder
		for j := range 100 {
			sb.WriteString("commit " + strconv.Itoa(i) + " line " + strconv.Itoa(j) +
				" of ordinary text\n")
		}
		r.write("f"+strconv.Itoa(i%4)+".txt", sb.String())
		r.commit("2024-01-01T00:00:00Z", "c")
	}
	s := newScanner(b, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := s.ScanHistory(ctx, r.dir, nil)
		if err != nil || res.Commits != 20 {
			b.Fatalf("got %d commits and %v, want 20 and no error", res.Commits, err)
		}
	}
}

func TestAuthorDate(t *testing.T) {
	tests := []struct {
		unix, iso string
		want      string // RFC 3339; empty for an error
	}{
		{"1651831689", "2022-05-06T07:08:09-03:00", "2022-05-06T07:08:09-03:00"},
		{"1651831689", "2022-05-06T10:08:09+00:00", "2022-05-06T10:08:09Z"},
		{"1651831689", "2022-05-06T10:08:09+99:00", "2022-05-06T10:08:09Z"},
		{"x", "2022-05-06T10:08:09Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.iso, func(t *testing.T) {
			got, err := authorDate([]byte(tt.unix), []byte(tt.iso))
			if tt.want == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Format(time.RFC3339))
		})
	}
}

func TestScanHistoryIgnoresRepoConfig(t *testing.T) {
	r := newRepo(t)
	key := awsKey(170)
	r.write("sub/a b.txt", "id="+key+"\n")
	c := r.commit("2024-01-01T00:00:00Z", "root")
	for _, kv := range [][2]string{
		{"log.showRoot", "false"}, {"diff.relative", "true"},
		{"diff.noprefix", "true"}, {"diff.mnemonicPrefix", "true"},
		{"color.diff", "always"}, {"color.ui", "always"},
		{"diff.external", "false"}, {"core.quotepath", "true"},
		{"log.showSignature", "true"}, {"diff.renames", "false"},
	} {
		r.git("config", kv[0], kv[1])
	}
	// from a directory without the file, as diff.relative would show
	dir := filepath.Join(r.dir, "elsewhere")
	require.NoError(t, os.Mkdir(dir, 0o755))

	res, err := newScanner(t, nil).ScanHistory(context.Background(), dir, nil)
	require.NoError(t, err)
	got := gitWhere(res.Findings, map[string]string{c: "c"})
	assert.Equal(t, []string{"c sub/a b.txt:1:4"}, got)
}

// FuzzHistoryParse feeds arbitrary text to the git log parser: it must
// neither panic nor report a negative line or a column before the
// first.
func FuzzHistoryParse(f *testing.F) {
	f.Add([]byte("\x00abc\x001704067200\x002024-01-01T00:00:00Z\x00A\x00a@b\ndiff --git a/f b/f\n" +
		"+++ b/f\n@@ -0,0 +1,2 @@\n+id=" + awsKey(180) + "\n+x\n"))
	f.Add([]byte("\x00m\x001704067200\x002024-01-01T00:00:00Z\x00A\x00a@b\ndiff --cc f\n+++ b/f\n" +
		"@@@ -1,1 -1,1 +1,2 @@@\n  x\n++id=" + awsKey(181) + "\n- y\n"))
	f.Add([]byte("diff --cc f\n+++ b/f\n@@@ -1,1 -1,1 +1,2 @@@\n++id=" + awsKey(182) + "\n"))
	f.Add([]byte("diff --git a/f b/f\nBinary files a/f and b/f differ\n@@ +\n@@@@@@\n"))
	s := newScanner(f, nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		res := &HistoryResult{}
		h := s.newHistory(context.Background(), res)
		_ = h.read(bufio.NewReader(bytes.NewReader(data)))
		h.finish()
		for _, fd := range res.Findings {
			if fd.Line < 0 || fd.Column < 1 {
				t.Fatalf("got line %d, column %d", fd.Line, fd.Column)
			}
		}
	})
}

func FuzzParseRaw(f *testing.F) {
	f.Add([]byte(":100644 100644 aaaa bbbb M\x00f\x00:000000 100755 0000 cccc A\x00g h\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		blobs, err := parseRaw(data)
		if err == nil && len(blobs) > bytes.Count(data, []byte{0})/2 {
			t.Fatalf("got %d blobs from %d NULs", len(blobs), bytes.Count(data, []byte{0}))
		}
	})
}

func TestScanHistorySkipsByName(t *testing.T) {
	r := newRepo(t)
	r.write("yarn.lock", `api_key "`+fake(190, alnum64, 40)+`"`+"\n")
	r.write("app.min.js", "token "+ghToken(190)+"\n")
	r.write("vendor/x.go", "id = "+awsKey(191)+"\n")
	r.write("main.go", "id = "+awsKey(192)+"\n")
	r.commit("2024-01-01T00:00:00Z", "one")

	vendor := Allowlist{Paths: []*regexp.Regexp{regexp.MustCompile(`^vendor/`)}}
	opts := &Options{Allowlists: []Allowlist{vendor}}
	res, err := newScanner(t, opts).ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"main.go"}, files(res.Findings))
	assert.Equal(t, 1, res.Generated, "got %d generated, want 1", res.Generated)
	assert.Equal(t, 1, res.Excluded, "got %d excluded, want 1", res.Excluded)
}

func TestScanHistoryIgnoresDiffAttributes(t *testing.T) {
	tests := []struct {
		name  string
		setup func(r *testRepo) // before the commits with secrets
	}{
		{
			name: "committed gitattributes",
			setup: func(r *testRepo) {
				r.write(".gitattributes", "* -diff\n")
			},
		},
		{
			name: "info attributes",
			setup: func(r *testRepo) {
				r.write(".git/info/attributes", "* binary\n")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			tt.setup(r)
			key, token := awsKey(130), ghToken(131)
			r.write("app.py", "a = 1\n")
			r.commit("2024-01-01T00:00:00Z", "start")
			r.write("app.py", "a = 1\nid = '"+key+"'\n")
			r.write("blob.bin", "\x00\x01\x02id="+awsKey(132)+"\n")
			r.commit("2024-01-02T00:00:00Z", "key, binary")
			r.write("app.py", "a = 1\n")
			r.write("notes.txt", "token "+token+"\n")
			r.commit("2024-01-03T00:00:00Z", "token")

			res, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir, nil)
			require.NoError(t, err)
			assert.Equal(t, []string{"notes.txt:1:7", "app.py:2:7"},
				where(plain(res.Findings)))
			assert.Equal(t, 1, res.Binary, "got %d binary, want 1", res.Binary)
			assert.False(t, holdsGit(res.Findings, key) || holdsGit(res.Findings, token),
				"a finding holds a secret")
		})
	}
}

func TestScanHistoryOddNames(t *testing.T) {
	r, want := oddNamedRepo(t, 140)
	r.commit("2024-01-02T00:00:00Z", "keys")
	slices.Sort(want)

	res, err := newScanner(t, nil).ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	got := where(plain(res.Findings))
	slices.Sort(got)
	assert.Equal(t, want, got)
}

func TestUnquoteC(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", `"b/a.txt"`, "b/a.txt", true},
		{"octal utf-8", `"b/caf\303\251.py"`, "b/café.py", true},
		{"raw latin-1 byte", "\"b/caf\xe9 n\\tame\"", "b/caf\xe9 n\tame", true},
		{"letters", `"\a\b\t\n\v\f\r\"\\"`, "\a\b\t\n\v\f\r\"\\", true},
		{"octal control", `"\001\177"`, "\x01\x7f", true},
		{"not quoted", `b/a.txt`, "", false},
		{"one quote", `"`, "", false},
		{"bare quote inside", `"a"b"`, "", false},
		{"trailing backslash", `"a\"`, "", false},
		{"short octal", `"\30"`, "", false},
		{"octal over a byte", `"\400"`, "", false},
		{"unknown escape", `"\x41"`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := unquoteC([]byte(tt.in))
			assert.Equal(t, tt.ok, ok, "got ok %v, want %v", ok, tt.ok)
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}

func TestScanHistoryAllowsCommits(t *testing.T) {
	r := newRepo(t)
	r.write("a.go", "id = "+awsKey(195)+"\n")
	first := r.commit("2024-01-01T00:00:00Z", "one")
	r.write("b.go", "id = "+awsKey(196)+"\n")
	second := r.commit("2024-01-02T00:00:00Z", "two")
	tests := []struct {
		name string
		list Allowlist
		want []string
	}{
		{"full id", Allowlist{Commits: []string{first}}, []string{"b.go"}},
		{"short id, upper case", Allowlist{Commits: []string{strings.ToUpper(second[:7])}},
			[]string{"a.go"}},
		{"match all: commit and path", Allowlist{MatchAll: true, Commits: []string{first},
			Paths: []*regexp.Regexp{regexp.MustCompile(`^b\.go$`)}}, []string{"a.go", "b.go"}},
		{"other commit", Allowlist{Commits: []string{"0000000"}}, []string{"a.go", "b.go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScanner(t, &Options{Allowlists: []Allowlist{tt.list}})
			res, err := s.ScanHistory(context.Background(), r.dir, nil)
			require.NoError(t, err)
			got := files(res.Findings)
			slices.Sort(got)
			assert.Equal(t, tt.want, got)
			// Outside the history, commits match nothing.
			found := s.ScanBytes("a.go", []byte("id = "+awsKey(195)+"\n"))
			assert.Len(t, found, 1, "ScanBytes: got %d findings, want 1", len(found))
		})
	}
}

func TestAllowlistCommitsChecked(t *testing.T) {
	for _, ids := range [][]string{{"abc"}, {"not-hex-at-all"}} {
		_, err := New(&Options{Allowlists: []Allowlist{{Commits: ids}}})
		assert.ErrorIs(t, err, ErrBadAllowlist, "commits %q", ids)
	}
}

func TestScanHistoryProgress(t *testing.T) {
	r := newRepo(t)
	for i := range 3 {
		r.write("f"+strconv.Itoa(i)+".txt", strings.Repeat("x", 10*(i+1))+"\n")
		r.commit("2024-01-0"+strconv.Itoa(i+1)+"T00:00:00Z", "c")
	}
	var calls [][2]int64
	s := newScanner(t, &Options{Progress: func(files int, bytes int64) {
		calls = append(calls, [2]int64{int64(files), bytes})
	}})
	res, err := s.ScanHistory(context.Background(), r.dir, nil)
	require.NoError(t, err)
	require.Len(t, calls, res.Changes, "got %d calls, want one per change", len(calls))
	for i := 1; i < len(calls); i++ {
		assert.Greater(t, calls[i][0], calls[i-1][0], "changes did not grow: %v", calls)
		assert.GreaterOrEqual(t, calls[i][1], calls[i-1][1], "bytes went down: %v", calls)
	}
	assert.Equal(t, [2]int64{int64(res.Changes), res.Bytes}, calls[len(calls)-1])
}
