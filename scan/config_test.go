package scan

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sampleConfig = `title = "team rules"

[extend]
useDefault = true
disabledRules = ["jwt"]

[[rules]]
id = "acme-token"
description = "Acme internal token"
regex = '''(?i)acme[_-]?token\s*[:=]\s*["']?(acme_[a-z0-9]{24})'''
entropy = 3.0
keywords = ["ACME"]
tags = ["internal"]

  [[rules.allowlists]]
  description = "test tokens"
  stopwords = ["acme_test"]

[[rules]]
id = "github-token"
description = "GitHub token, only in config files"
regex = '''ghp_[A-Za-z0-9]{36}'''
path = '''\.(ya?ml|env)$'''
keywords = ["ghp_"]

  [rules.allowlist]
  regexTarget = "line"
  regexes = ['''ci-bot''']

[allowlist]
description = "vendored code"
paths = ['''(^|/)vendor/''']

[[allowlists]]
targetRules = ["acme-token"]
condition = "AND"
paths = ['''^docs/''']
regexes = ['''acme_''']
`

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader(sampleConfig), "gitleaks.toml")
	require.NoError(t, err)
	assert.Empty(t, cfg.Warnings)
	ids := []string{}
	for _, r := range cfg.Rules {
		ids = append(ids, r.ID)
	}
	require.Equal(t, []string{"acme-token", "github-token"}, ids[:2])
	assert.NotContains(t, ids, "jwt", "a disabled default rule is there")
	assert.Contains(t, ids, "aws-access-key-id", "the default rules are missing")
	assert.Equal(t, 1, slices.Index(ids, "github-token"), "github-token is not replaced")
	acme := cfg.Rules[0]
	assert.Equal(t, 1, acme.SecretGroup)
	assert.Equal(t, []string{"acme"}, acme.Keywords)
	assert.Len(t, acme.Allowlists, 2, "got %d acme allowlists, want its own and the targeted one", len(acme.Allowlists))
	assert.True(t, acme.Allowlists[1].MatchAll)
	assert.Len(t, cfg.Allowlists, 1)

	s := newScanner(t, &Options{Rules: cfg.Rules, Allowlists: cfg.Allowlists})
	acmeTok := "acme_" + fake(350, lower36, 24)
	gh := "ghp_" + fake(351, alnum64, 36)
	tests := []struct {
		file, text string
		want       []string
	}{
		{"app.go", "ACME_TOKEN = \"" + acmeTok + "\"", []string{"acme-token"}},
		{"app.go", "acme_token: acme_test" + fake(352, lower36, 20), []string{}},
		{"docs/x.md", "acme-token=" + acmeTok, []string{}},
		{"vendor/x.go", "acme-token=" + acmeTok, []string{}},
		{"ci.yml", "token: " + gh, []string{"github-token"}},
		{"ci.yml", "token: " + gh + " # ci-bot", []string{}},
		{"main.go", "use " + gh, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := rulesOf(s.ScanBytes(tt.file, []byte(tt.text)))
			assert.Equal(t, tt.want, got, "got rules %v, want %v", got, tt.want)
		})
	}
}

func TestConfigWithoutDefaults(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader(`
[[rules]]
id = "only"
regex = '''only_[0-9]{8}'''
`), "c.toml")
	require.NoError(t, err)
	require.Len(t, cfg.Rules, 1)
	assert.Nil(t, cfg.Rules[0].Keywords)
	s := newScanner(t, &Options{Rules: cfg.Rules})
	assert.Equal(t, []string{"only"}, rulesOf(s.ScanBytes("x", []byte("v = only_39184726"))))
	assert.Empty(t, s.ScanBytes("x", []byte("ghp_"+fake(353, alnum64, 36))))
}

func TestConfigWarnings(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader(`
[[rules]]
id = "two-groups"
regex = '''(a|b)=([0-9a-f]{16})'''
skipReport = true

[allowlist]
commits = ["abc123"]
`), "w.toml")
	require.NoError(t, err)
	msgs := []string{}
	for _, w := range cfg.Warnings {
		assert.ErrorIs(t, w, ErrBadConfig)
		msgs = append(msgs, w.Error())
	}
	joined := strings.Join(msgs, "\n")
	assert.Contains(t, joined, `"rules.skipReport" is not supported`)
	assert.Contains(t, joined, `"two-groups": no secretGroup and 2 groups`)
	assert.Equal(t, 1, cfg.Rules[0].SecretGroup)
	require.Len(t, cfg.Allowlists, 1)
	assert.Equal(t, []string{"abc123"}, cfg.Allowlists[0].Commits)
}

func TestBadConfig(t *testing.T) {
	tests := []struct {
		name, text, want string
		line             int
	}{
		{"syntax", "[[rules]]\nid = \"x\nregex = 'a'\n", "", 2},
		{"type", "[[rules]]\nid = \"x\"\nregex = 'a'\nsecretGroup = \"one\"\n", "incompatible types", 4},
		{"no id", "[[rules]]\nregex = 'a'\n", "rule: no id", 1},
		{"no regex", "\n[[rules]]\nid = \"x\"\n", `rule "x": no regex`, 2},
		{"path only", "[[rules]]\nid = \"p12\"\npath = '''\\.p12$'''\n", "path but no regex", 1},
		{"lookahead", "[[rules]]\nid = \"a\"\nregex = 'x'\n\n[[rules]]\nid = \"look\"\nregex = '''foo(?=bar)'''\n",
			`rule "look": regex: invalid or unsupported Perl syntax: (?=`, 5},
		{"backreference", "[[rules]]\nid = \"back\"\nregex = '''(a)\\1'''\n", "invalid escape sequence", 1},
		{"bad group", "[[rules]]\nid = \"g\"\nregex = '(a)'\nsecretGroup = 3\n", "secret group 3 out of range", 1},
		{"negative entropy", "[[rules]]\nid = \"e\"\nregex = 'a'\nentropy = -1.0\n", "negative entropy", 1},
		{"non-ascii keyword", "[[rules]]\nid = \"k\"\nregex = 'a'\nkeywords = [\"ключ\"]\n", "not lower-case ASCII", 1},
		{"duplicate", "[[rules]]\nid = \"d\"\nregex = 'a'\n[[rules]]\nid = \"d\"\nregex = 'b'\n", "defined twice", 4},
		{"bad condition", "[allowlist]\ncondition = \"XOR\"\npaths = ['a']\n", `condition "XOR"`, 1},
		{"bad target", "[allowlist]\nregexTarget = \"file\"\nregexes = ['a']\n", `regexTarget "file"`, 1},
		{"empty allowlist", "[allowlist]\ndescription = \"none\"\n", "no paths, regexes, stopwords or commits", 1},
		{"unknown target rule", "[[allowlists]]\ntargetRules = [\"nope\"]\npaths = ['a']\n", `target rule "nope"`, 1},
		{"second allowlist", "title = \"t\"\n\n[allowlist]\npaths = ['a']\n\n[[allowlists]]\npaths = ['(?!x)']\n",
			"global allowlist 2: path 1", 6},
		{"dotted allowlist", "allowlist.paths = ['(']\n", "global allowlist 1: path 1", 0},
		{"lookbehind", "[[rules]]\nid = \"r\"\nregex = '(?<=x)y'\n", "lookbehind", 1},
		{"bad allowlist regex", "[[rules]]\nid = \"r\"\nregex = 'a'\n[[rules.allowlists]]\nregexes = ['(']\n",
			"allowlist 1: regex 1: missing closing )", 1},
		{"url", "[extend]\nurl = \"https://example.invalid/x.toml\"\n", "extend.url is not supported", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig(strings.NewReader(tt.text), "team.toml")
			require.ErrorIs(t, err, ErrBadConfig)
			var fe *FileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "team.toml", fe.File)
			assert.Equal(t, tt.line, fe.Line, "got line %d, want %d", fe.Line, tt.line)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestConfigRegexErrorHidesLiteral(t *testing.T) {
	secret := "Zq8rL2mX6tPwK4nB"
	_, err := ParseConfig(strings.NewReader("[allowlist]\nregexes = ['''("+secret+"''']\n"), "c.toml")
	require.ErrorIs(t, err, ErrBadConfig)
	assert.False(t, strings.Contains(err.Error(), secret), "the error holds the regex's literal")
}

func TestLoadConfigExtendPath(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"base.toml": "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"base-rule\"\nregex = 'base_[0-9]{6}'\n" +
			"[allowlist]\npaths = ['''^fixtures/''']\n",
		"sub/team.toml": "[extend]\npath = \"../base.toml\"\ndisabledRules = [\"jwt\"]\n\n" +
			"[[rules]]\nid = \"team-rule\"\nregex = 'team_[0-9]{6}'\n",
		"loop.toml": "[extend]\npath = \"loop.toml\"\n",
	})
	cfg, err := LoadConfig(filepath.Join(dir, "sub", "team.toml"))
	require.NoError(t, err)
	ids := []string{}
	for _, r := range cfg.Rules {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"team-rule", "base-rule"}, ids[:2])
	assert.Contains(t, ids, "github-token")
	assert.NotContains(t, ids, "jwt")
	assert.Len(t, cfg.Allowlists, 1, "the base file's allowlist is lost")

	_, err = LoadConfig(filepath.Join(dir, "loop.toml"))
	assert.ErrorIs(t, err, ErrBadConfig)
	assert.Contains(t, err.Error(), "nested more than")

	_, err = LoadConfig(filepath.Join(dir, "missing.toml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.ErrorIs(t, err, ErrBadConfig)
}

func FuzzParseConfig(f *testing.F) {
	f.Add(sampleConfig)
	f.Add("[[rules]]\nid = \"x\"\nregex = '(a'\n")
	f.Add("[extend]\npath = \"x.toml\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := ParseConfig(strings.NewReader(text), "fuzz.toml")
		if err != nil {
			require.ErrorIs(t, err, ErrBadConfig)
			return
		}
		_, err = New(&Options{Rules: cfg.Rules, Allowlists: cfg.Allowlists})
		require.NoError(t, err, "a parsed config does not make a scanner")
	})
}
