package scan

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFindingPosition(t *testing.T) {
	s := newScanner(t, nil)
	key := "AKIA" + fake(50, upper32, 16)
	text := "first line\n\n  id: " + key + "\nlast " + key + "\n"
	got := s.ScanBytes("config.yaml", []byte(text))
	require.Len(t, got, 2, "got %d findings, want 2", len(got))
	want := []struct{ line, col int }{{3, 7}, {4, 6}}
	for i, f := range got {
		assert.Equal(t, "config.yaml", f.File)
		assert.Equal(t, "aws-access-key-id", f.Rule)
		assert.Equal(t, want[i].line, f.Line, "finding %d: got line %d, want %d", i, f.Line, want[i].line)
		assert.Equal(t, want[i].col, f.Column, "finding %d: got column %d, want %d", i, f.Column, want[i].col)
	}
}

func TestSpecificRuleWins(t *testing.T) {
	s := newScanner(t, nil)
	got := s.ScanBytes("", []byte(`GITHUB_TOKEN="ghp_`+fake(51, alnum64, 36)+`"`))
	assert.Equal(t, []string{"github-token"}, rulesOf(got), "got rules %v", rulesOf(got))
}

func TestRedactedMatch(t *testing.T) {
	s := newScanner(t, nil)
	pw := fake(52, alnum64, 16)
	got := s.ScanBytes("", []byte("url = postgres://app:"+pw+"@db.internal:5432/app"))
	require.Len(t, got, 1)
	assert.Equal(t, "postgres://app:[REDACTED]@db.internal:5432", got[0].Match)
	assert.Empty(t, got[0].Secret, "secret revealed without Reveal")
	assert.False(t, holds(got, pw), "a finding holds the secret")
}

func TestReveal(t *testing.T) {
	s := newScanner(t, &Options{Reveal: true})
	pw := fake(53, alnum64, 16)
	got := s.ScanBytes("", []byte("postgres://app:"+pw+"@db.internal/app"))
	require.Len(t, got, 1)
	assert.True(t, got[0].Secret == pw, "Reveal did not give the secret")
	assert.False(t, strings.Contains(got[0].Match, pw), "the match holds the secret")
}

func TestFingerprint(t *testing.T) {
	s := newScanner(t, nil)
	a := "ghp_" + fake(54, alnum64, 36)
	b := "ghp_" + fake(55, alnum64, 36)
	f1 := s.ScanBytes("x", []byte("token: "+a))
	f2 := s.ScanBytes("y", []byte("\n\n   other = 1\n  key "+a+" moved"))
	f3 := s.ScanBytes("x", []byte("token: "+b))
	require.Len(t, f1, 1)
	require.Len(t, f2, 1)
	require.Len(t, f3, 1)
	assert.Equal(t, f1[0].Fingerprint, f2[0].Fingerprint, "fingerprint changed when the line moved")
	assert.NotEqual(t, f1[0].Fingerprint, f3[0].Fingerprint, "two secrets share a fingerprint")
	assert.True(t, strings.HasPrefix(f1[0].Fingerprint, "github-token:"),
		"got fingerprint %q, want the rule id first", f1[0].Fingerprint)
	assert.Len(t, f1[0].Fingerprint, len("github-token:")+32)
}

func TestMultiLineMatchOnlyOnce(t *testing.T) {
	s := newScanner(t, nil)
	body := fake(56, b64, 64)
	text := "x\n-----BEGIN EC PRIVATE KEY-----\n" + body + "\n" + body + "\n-----END EC PRIVATE KEY-----\n"
	got := s.ScanBytes("", []byte(text))
	require.Len(t, got, 1, "got %d findings, want 1", len(got))
	assert.Equal(t, 2, got[0].Line, "got line %d, want the BEGIN line", got[0].Line)
	assert.Equal(t, 1, got[0].Column)
}

func TestNilAndEmptyInput(t *testing.T) {
	s := newScanner(t, nil)
	assert.Empty(t, s.ScanBytes("", nil))
	assert.Empty(t, s.ScanBytes("", []byte{}))
	assert.Empty(t, s.ScanBytes("", []byte("\n\n\n")))
}

func TestInvalidUTF8AndNUL(t *testing.T) {
	s := newScanner(t, nil)
	key := "ghp_" + fake(57, alnum64, 36)
	text := "\xff\xfe\x00garbage\x00 " + key + " \xc3\x28"
	got := s.ScanBytes("", []byte(text))
	assert.Equal(t, []string{"github-token"}, rulesOf(got))
}
