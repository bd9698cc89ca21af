package scan

import (
	"encoding/base64"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		hm("yaml-env-secret", "deploy.yaml", "env:\n  - name: DB_PASSWORD\n    value: \"s3"+
			fake(308, alnum64, 10)+"\"\n", "env:\n  - name: DB_PASSWORD\n    value: \"${DB_PASSWORD}\"\n"),
		hm("yaml-env-secret", "deploy.yml", "- name: API_TOKEN\r\n  value: "+random+"\r\n",
			"- name: API_TOKEN_FILE\n  value: /run/secrets/token\n"),
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

// mixedFake returns a value of n+3 bytes that mixes lower case,
// capitals and digits, as the entropy rules want.
func mixedFake(seed uint64, n int) string {
	return "Qz7" + fake(seed, alnum64, n)
}

// randBase64 returns base64 of n pseudo-random bytes.
func randBase64(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 9))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return base64.StdEncoding.EncodeToString(b)
}

// TestEntropyRulesFindEdgeCases gives the entropy rules secrets in
// line endings, file names and layouts they once missed.
func TestEntropyRulesFindEdgeCases(t *testing.T) {
	v := mixedFake(1, 29)
	tests := []struct {
		name, file, text string
	}{
		{"crlf dotenv", ".env", "SERVICE_X=" + v + "\r\n"},
		{"crlf yaml", "a.yml", "db:\r\n  password:\r\n    value: " + v + "\r\n"},
		{"non-ascii dotenv name", "café.env", "SERVICE_X=" + v + "\n"},
		{"dotenv name with space", "my app.env", "SERVICE_X=" + v + "\n"},
		{"gofmt-aligned const", "c.go", "const (\n\tA_LONGER_NAME_X = \"x\"\n\tSVC_ONE_VAL     = \"" + v + v + "\"\n)\n"},
		{"const with tab", "c.py", "SVC_ONE_VAL\t=\t\"" + v + v + "\"\n"},
		{"dotenv value with #", ".env", "SERVICE_X=" + v[:16] + "#" + v[16:] + "\n"},
		{"dotenv value starting with +", ".env", "SERVICE_X=+" + v + "\n"},
		{"secure: holding a plain 64-hex token", "a.yml", "deploy:\n  api_key:\n    secure: " + fake(2, hexLow, 64) + "\n"},
		{"kubernetes env with a comment", "deploy.yaml", "env:\n  - name: DB_PASSWORD\n" +
			"    # rotated monthly\n    value: " + mixedFake(10, 12) + "\n"},
		{"kubernetes env", "deploy.yaml", "env:\n  - name: DB_PASSWORD\n    value: " + mixedFake(9, 12) + "\n"},
	}
	s := newScanner(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.ScanBytes(tt.file, []byte(tt.text))
			assert.NotEmpty(t, got, "got no finding in %s, want one", tt.file)
		})
	}
}

// TestEntropyRulesSkipPublicValues checks values that are committed
// by design or public: encrypted files, embedded images, variables.
func TestEntropyRulesSkipPublicValues(t *testing.T) {
	sopsLine := func(k string, seed uint64) string {
		return k + "=ENC[AES256_GCM,data:" + randBase64(seed, 24) + ",iv:" + randBase64(seed+1, 32) +
			",tag:" + randBase64(seed+2, 16) + ",type:str]\n"
	}
	png := "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
	tests := []struct {
		name, file, text string
	}{
		{"dotenv-vault file", ".env.vault", `DOTENV_VAULT_PRODUCTION="` + randBase64(3, 120) + "\"\n"},
		{"sops-encrypted dotenv", "secrets.enc.env", sopsLine("DB", 4) + sopsLine("sops_mac", 7)},
		{"base64 PNG constant", "logo.py", `LOGO_PNG = "` + png + "\"\n"},
		{"multipart boundary", "http.py", `MIME_BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW"` + "\n"},
		{"base64 certificate constant", "ca.py", `CA_CERT_B64 = "MIID` + mixedFake(8, 60) + "\"\n"},
		{"shell variable before x-oauth-basic", "ci.sh",
			`git config url."https://$GITHUB_TOKEN:x-oauth-basic@github.com/".insteadOf "https://github.com/"` + "\n"},
	}
	s := newScanner(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.ScanBytes(tt.file, []byte(tt.text))
			assert.Empty(t, rulesOf(got), "got findings in %s, want none", tt.file)
		})
	}
}

// TestMarkerOnSecretLine checks that a marker on the line a
// multi-line rule's secret is on exempts it, as it does for every
// other rule.
func TestMarkerOnSecretLine(t *testing.T) {
	v := mixedFake(5, 21)
	text := "db:\n  password:\n    value: " + v + " # hush:allow\n"
	got := newScanner(t, nil).ScanBytes("a.yml", []byte(text))
	for _, f := range got {
		assert.NotEqual(t, 3, f.Line, "got a finding by %s on the marked line 3, want none", f.Rule)
	}
	assert.False(t, holds(got, v), "a finding holds the secret")
}

// TestConfigRulesScanLockFiles checks that a rule read from a gitleaks
// config applies to lock files, as it does in gitleaks.
func TestConfigRulesScanLockFiles(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader(
		"[[rules]]\nid = \"acme-token\"\nregex = '''acme_[a-z0-9]{30}'''\nkeywords = [\"acme_\"]\n"),
		"gitleaks.toml")
	require.NoError(t, err)
	s := newScanner(t, &Options{Rules: cfg.Rules})
	line := []byte(`{"resolved": "https://registry.acme.example/x.tgz?t=acme_` + fake(6, lower36, 30) + `"}` + "\n")
	assert.NotEmpty(t, s.ScanBytes("notes.json", line), "got no finding in notes.json, want one")
	assert.NotEmpty(t, s.ScanBytes("package-lock.json", line), "got no finding in package-lock.json, want one")
}
