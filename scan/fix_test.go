package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFix(t *testing.T) {
	gh := "ghp_" + fake(360, alnum64, 36)
	aws := "AKIA" + fake(361, upper32, 16)
	stripe := "sk_live_" + fake(362, alnum64, 30)
	pw := fake(363, alnum64, 14)
	body := fake(364, b64, 64)
	tests := []struct {
		name, text, want string
	}{
		{"tokens on one line",
			"a: " + aws + " b: " + gh + "\n",
			"a: <aws-access-key-id> b: <github-token>\n"},
		{"stripe and password",
			"STRIPE=" + stripe + "\ndb:\n  password: " + pw + "\n",
			"STRIPE=<stripe-secret-key>\ndb:\n  password: <password>\n"},
		{"url password",
			"DATABASE_URL=postgres://app:" + pw + "@db.internal:5432/app\n",
			"DATABASE_URL=postgres://app:<password>@db.internal:5432/app\n"},
		{"private key block",
			"x\n-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n" + body + "\n-----END RSA PRIVATE KEY-----\ny\n",
			"x\n<private-key>\ny\n"},
		{"no trailing newline", "t=" + gh, "t=<github-token>"},
	}
	s := newScanner(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "app.yml")
			require.NoError(t, os.WriteFile(path, []byte(tt.text), 0o640))
			found := s.ScanBytes(path, []byte(tt.text))
			require.NotEmpty(t, found)

			n, err := Fix(path, found)
			require.NoError(t, err)
			assert.Equal(t, len(found), n, "got %d replaced, want %d", n, len(found))
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			assert.Empty(t, s.ScanBytes(path, got), "the fixed file still has findings")

			info, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o640), info.Mode().Perm())
			entries, err := os.ReadDir(filepath.Dir(path))
			require.NoError(t, err)
			assert.Len(t, entries, 1, "a temporary file was left behind")
		})
	}
}

func TestFixRevealed(t *testing.T) {
	gh := "ghp_" + fake(365, alnum64, 36)
	path := filepath.Join(t.TempDir(), "a.env")
	text := "T=" + gh + "\n"
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	found := newScanner(t, &Options{Reveal: true}).ScanBytes(path, []byte(text))
	n, err := Fix(path, found)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	got, _ := os.ReadFile(path)
	assert.Equal(t, "T=<github-token>\n", string(got))
}

func TestFixStale(t *testing.T) {
	a := "ghp_" + fake(366, alnum64, 36)
	b := "ghp_" + fake(367, alnum64, 36)
	c := "AKIA" + fake(368, upper32, 16)
	path := filepath.Join(t.TempDir(), "a.env")
	s := newScanner(t, nil)
	found := s.ScanBytes(path, []byte("A="+a+"\nC="+c+"\n"))
	require.Len(t, found, 2)
	changed := "A=" + b + "\nC=" + c + "\n"
	require.NoError(t, os.WriteFile(path, []byte(changed), 0o600))

	n, err := Fix(path, found)
	assert.Equal(t, 1, n)
	require.ErrorIs(t, err, ErrStale)
	assert.Contains(t, err.Error(), path+":1:3")
	got, _ := os.ReadFile(path)
	assert.Equal(t, "A="+b+"\nC=<aws-access-key-id>\n", string(got),
		"the stale finding changed the file")
	assert.False(t, strings.Contains(err.Error(), b), "the error holds a secret")
}

func TestFixNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.env")
	require.NoError(t, os.WriteFile(path, []byte("x\n"), 0o600))
	tests := []struct {
		name     string
		findings []Finding
		stale    bool
	}{
		{"no findings", nil, false},
		{"other file", []Finding{{File: "b.env", Line: 1, Column: 1, Rule: "x", Fingerprint: "x:00"}}, false},
		{"line out of range", []Finding{{File: path, Line: 9, Column: 1, Rule: "x", Fingerprint: "x:00"}}, true},
		{"column out of range", []Finding{{File: path, Line: 1, Column: 90, Rule: "x", Fingerprint: "x:00"}}, true},
		{"bad fingerprint", []Finding{{File: path, Line: 1, Column: 1, Rule: "x", Fingerprint: "x:zz"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Fix(path, tt.findings)
			assert.Equal(t, 0, n)
			if tt.stale {
				assert.ErrorIs(t, err, ErrStale)
			} else {
				assert.NoError(t, err)
			}
			got, _ := os.ReadFile(path)
			assert.Equal(t, "x\n", string(got))
		})
	}
	_, err := Fix(filepath.Join(dir, "missing"), []Finding{{File: filepath.Join(dir, "missing")}})
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestFixFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.env")
	link := filepath.Join(dir, "link.env")
	text := "T=ghp_" + fake(369, alnum64, 36) + "\n"
	require.NoError(t, os.WriteFile(target, []byte(text), 0o600))
	require.NoError(t, os.Symlink(target, link))
	found := newScanner(t, nil).ScanBytes(link, []byte(text))
	_, err := Fix(link, found)
	require.NoError(t, err)
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "the link was replaced by a file")
	got, _ := os.ReadFile(target)
	assert.Equal(t, "T=<github-token>\n", string(got))
}

func TestPlaceholder(t *testing.T) {
	tests := map[string]string{
		"aws-access-key-id":   "<aws-access-key-id>",
		"stripe-secret-key":   "<stripe-secret-key>",
		"github-token":        "<github-token>",
		"password-assignment": "<password>",
		"url-password":        "<password>",
		"jwt":                 "<jwt-token>",
		"Team Rule/2":         "<team-rule-2>",
	}
	for id, want := range tests {
		assert.Equal(t, want, Placeholder(id), "Placeholder(%q)", id)
	}
}
