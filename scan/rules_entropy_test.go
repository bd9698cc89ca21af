package scan

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEntropyRules gives each entropy rule a random value where it
// looks, which it must report, and a value it must let go.
func TestEntropyRules(t *testing.T) {
	random := "x9" + fake(300, alnum64, 38)
	cipher := base64.StdEncoding.EncodeToString([]byte(fake(301, alnum64, 256)))
	hm := func(rule, file, hit, miss string) fileHitMiss {
		return fileHitMiss{hitMiss{rule, hit, miss}, file}
	}
	tests := []fileHitMiss{
		hm("dotenv-random-value", "app/.env", "mimi="+random+"\n", "mimi=ordinary-value-here\n"),
		hm("dotenv-random-value", "config.env", "export SIGNING=\""+random+"\" # prod\n",
			"CLIENT_ID="+random+"\n"),
		hm("dotenv-random-value", ".env.local", "SALT='"+random+"'\n",
			"CHECKSUM="+fake(302, hexLow, 40)+"\n"),
		hm("random-constant", "settings.py", "SUPER_SEEKRET_VALUE = '"+random+"'\n",
			"SUPER_SEEKRET_VALUE = '"+fake(303, hexLow, 40)+"'\n"),
		hm("random-constant", "main.go", "const SIGNING_SALT = \""+random+"\"\n",
			"const OAUTH_CLIENT_ID = \""+random+"\"\n"),
		hm("yaml-nested-secret", "deploy.yml", "deploy:\n  password:\n    secure: "+
			"thequickbrownfoxjumpedoverthelazydog\n", "deploy:\n  password:\n    secure: "+cipher+"\n"),
		hm("yaml-nested-secret", "values.yaml", "db:\n  token:\n    value: \""+random+"\"\n",
			"db:\n  token:\n  value: \""+random+"\"\n"),
	}
	checkFileHitMiss(t, tests, entropyRules())
}

// TestEntropyRulesStayInTheirFiles checks that the .env and YAML rules
// report nothing in files of other kinds.
func TestEntropyRulesStayInTheirFiles(t *testing.T) {
	random := "x9" + fake(304, alnum64, 38)
	s := newScanner(t, nil)
	for _, tt := range []struct{ file, text string }{
		{"main.go", "mimi=" + random + "\n"},
		{"notes.env.txt", "mimi=" + random + "\n"},
		{"deploy.json", "password:\n    secure: thequickbrownfoxjumpedoverthelazydog\n"},
	} {
		got := rulesOf(s.ScanBytes(tt.file, []byte(tt.text)))
		assert.Empty(t, got, "%s: got rules %v, want none", tt.file, got)
	}
}

// TestLockFiles checks that lock files are scanned only with the rules
// that apply to them, and with all of them when generated files are
// asked for.
func TestLockFiles(t *testing.T) {
	token := fake(305, alnum64, 40)
	text := "{\n  \"resolved\": \"git+https://" + token + ":x-oauth-basic@github.com/o/r.git\",\n" +
		"  \"api_key\": \"" + fake(306, alnum64, 40) + "\"\n}\n"
	s := newScanner(t, nil)
	got := rulesOf(s.ScanBytes("web/package-lock.json", []byte(text)))
	assert.Equal(t, []string{"url-token-user"}, got, "lock file: got rules %v", got)
	got = rulesOf(s.ScanBytes("web/package.json", []byte(text)))
	assert.Equal(t, []string{"url-token-user", "secret-assignment"}, got, "other file: got rules %v", got)
	all := newScanner(t, &Options{ScanGenerated: true})
	got = rulesOf(all.ScanBytes("web/package-lock.json", []byte(text)))
	assert.Equal(t, []string{"url-token-user", "secret-assignment"}, got, "ScanGenerated: got rules %v", got)

	dir := t.TempDir()
	for name, text := range map[string]string{
		"package-lock.json": text,
		"app.min.js":        "var api_key = \"" + fake(307, alnum64, 40) + "\";\n",
	} {
		assert.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	res, err := s.ScanDir(t.Context(), dir)
	assert.NoError(t, err)
	assert.Equal(t, []string{"url-token-user"}, rulesOf(res.Findings))
	assert.Equal(t, 1, res.Files, "files scanned")
	assert.Equal(t, 1, res.Generated, "generated files skipped")

	only, err := New(&Options{Rules: []Rule{{ID: "x", Regex: regexp.MustCompile("api_key"),
		Keywords: []string{"api_key"}}}})
	assert.NoError(t, err)
	res, err = only.ScanDir(t.Context(), dir)
	assert.NoError(t, err)
	assert.Equal(t, 0, res.Files, "with no lock-file rule, files scanned")
	assert.Equal(t, 2, res.Generated, "with no lock-file rule, generated files skipped")
}
