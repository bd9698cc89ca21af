package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBaselineRoundTrip(t *testing.T) {
	s := newScanner(t, nil)
	a := "ghp_" + fake(340, alnum64, 36)
	b := "ghp_" + fake(341, alnum64, 36)
	before := s.ScanBytes("app.env", []byte("GH="+a+"\n"))
	require.Len(t, before, 1)

	var buf bytes.Buffer
	require.NoError(t, WriteBaseline(&buf, before))
	assert.False(t, strings.Contains(buf.String(), a), "baseline holds the secret")
	base, err := ReadBaseline(&buf)
	require.NoError(t, err)
	assert.Equal(t, 1, base.Len())

	moved := "# moved\n\nX=1\nGH=" + a + " OTHER=" + b + "\n"
	tests := []struct {
		name string
		scan func() []Finding
	}{
		{"filter", func() []Finding { return base.Filter(s.ScanBytes("renamed.env", []byte(moved))) }},
		{"option", func() []Finding {
			return newScanner(t, &Options{Baseline: base}).ScanBytes("renamed.env", []byte(moved))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.scan()
			require.Len(t, got, 1, "got %d findings, want only the new secret", len(got))
			assert.Equal(t, 4, got[0].Line)
			assert.Equal(t, len("GH=")+len(a)+len(" OTHER=")+1, got[0].Column)
		})
	}
}

func TestBaselineAcceptsJSONReport(t *testing.T) {
	s := newScanner(t, nil)
	found := s.ScanBytes("a", []byte("GH=ghp_"+fake(342, alnum64, 36)))
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, found))
	base, err := ReadBaseline(&buf)
	require.NoError(t, err)
	assert.True(t, base.Has(found[0]), "a JSON report read as a baseline lacks its finding")
}

func TestNilBaseline(t *testing.T) {
	var b *Baseline
	assert.Equal(t, 0, b.Len())
	assert.False(t, b.Has(Finding{Fingerprint: "x:00"}))
	assert.Len(t, b.Filter([]Finding{{Rule: "x"}}), 1)
}

func TestBadBaseline(t *testing.T) {
	good := "jwt:" + strings.Repeat("ab", 16)
	tests := []struct {
		name, text, want string
		line             int
	}{
		{"empty", "", "empty", 0},
		{"syntax", "{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": }\n", "invalid character", 4},
		{"wrong type", "{\"version\": 1, \"findings\": {}}", "cannot unmarshal", 1},
		{"version", `{"version": 2, "findings": []}`, "version 2, want 1", 0},
		{"no fingerprint", `{"version": 1, "findings": [{"rule": "jwt"}]}`, "finding 1: no fingerprint", 0},
		{"no rule", `[{"fingerprint": "` + strings.Repeat("ab", 16) + `"}]`, "has no rule", 0},
		{"rule mismatch", `[{"rule": "github-token", "fingerprint": "` + good + `"}]`,
			`not of rule "github-token"`, 0},
		{"short hash", `[{"fingerprint": "jwt:abcd"}]`, "32 lower-case hex", 0},
		{"upper hash", `[{"fingerprint": "jwt:` + strings.Repeat("AB", 16) + `"}]`, "32 lower-case hex", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "base.json")
			require.NoError(t, os.WriteFile(path, []byte(tt.text), 0o600))
			_, err := LoadBaseline(path)
			require.ErrorIs(t, err, ErrBadBaseline)
			var fe *FileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, path, fe.File)
			assert.Equal(t, tt.line, fe.Line, "got line %d, want %d", fe.Line, tt.line)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), path)
		})
	}
	_, err := LoadBaseline(filepath.Join(t.TempDir(), "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func FuzzReadBaseline(f *testing.F) {
	f.Add(`{"version": 1, "findings": [{"rule": "jwt", "fingerprint": "jwt:` +
		strings.Repeat("0f", 16) + `"}]}`)
	f.Add(`[{"fingerprint": "a:b"}]`)
	f.Fuzz(func(t *testing.T, text string) {
		b, err := ReadBaseline(strings.NewReader(text))
		if err != nil {
			require.ErrorIs(t, err, ErrBadBaseline)
			return
		}
		require.NotNil(t, b, "no error and no baseline")
	})
}
