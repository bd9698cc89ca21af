package scan

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAllowlists(t *testing.T) {
	tok := "ghp_" + fake(300, alnum64, 36)
	text := "GITHUB_TOKEN=" + tok + " # ci-bot\n"
	re := regexp.MustCompile
	tests := []struct {
		name  string
		file  string
		lists []Allowlist
		want  int
	}{
		{"none", "a.env", nil, 1},
		{"path", "test/a.env", []Allowlist{{Paths: []*regexp.Regexp{re(`^test/`)}}}, 0},
		{"other path", "src/a.env", []Allowlist{{Paths: []*regexp.Regexp{re(`^test/`)}}}, 1},
		{"secret regex", "a.env", []Allowlist{{Regexes: []*regexp.Regexp{re(`^ghp_`)}}}, 0},
		{"secret regex misses context", "a.env",
			[]Allowlist{{Regexes: []*regexp.Regexp{re(`GITHUB`)}}}, 1},
		{"match regex", "a.env",
			[]Allowlist{{Regexes: []*regexp.Regexp{re(`^ghp_`)}, Target: TargetMatch}}, 0},
		{"line regex", "a.env",
			[]Allowlist{{Regexes: []*regexp.Regexp{re(`ci-bot`)}, Target: TargetLine}}, 0},
		{"stopword any case", "a.env", []Allowlist{{StopWords: []string{tok[4:10]}}}, 0},
		{"stopword absent", "a.env", []Allowlist{{StopWords: []string{"zzzzzzzz"}}}, 1},
		{"all: path and regex", "test/a.env", []Allowlist{{MatchAll: true,
			Paths: []*regexp.Regexp{re(`^test/`)}, Regexes: []*regexp.Regexp{re(`^ghp_`)}}}, 0},
		{"all: path only half", "src/a.env", []Allowlist{{MatchAll: true,
			Paths: []*regexp.Regexp{re(`^test/`)}, Regexes: []*regexp.Regexp{re(`^ghp_`)}}}, 1},
		{"windows path", filepath.FromSlash("test/a.env"),
			[]Allowlist{{Paths: []*regexp.Regexp{re(`^test/a\.env$`)}}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScanner(t, &Options{Allowlists: tt.lists})
			got := s.ScanBytes(tt.file, []byte(text))
			assert.Len(t, got, tt.want, "got %d findings, want %d", len(got), tt.want)
		})
	}
}

func TestRuleAllowlistAndPath(t *testing.T) {
	tok := "ghp_" + fake(301, alnum64, 36)
	rules := DefaultRules()
	for i := range rules {
		if rules[i].ID == "github-token" {
			rules[i].Allowlists = []Allowlist{{Paths: []*regexp.Regexp{regexp.MustCompile(`fixtures/`)}}}
		}
		if rules[i].ID == "aws-access-key-id" {
			rules[i].Path = regexp.MustCompile(`\.tf$`)
		}
	}
	s := newScanner(t, &Options{Rules: rules})
	key := "id " + "AKIA" + fake(302, upper32, 16) + "\n"
	token := "token " + tok + "\n"
	tests := []struct {
		file, text string
		want       []string
	}{
		{"fixtures/a.txt", key + token, []string{}},
		{"main.tf", key + token, []string{"aws-access-key-id", "github-token"}},
		{"a.txt", key + token, []string{"github-token"}},
		{"fixtures/a.tf", key + token + key, []string{"aws-access-key-id", "aws-access-key-id"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := rulesOf(s.ScanBytes(tt.file, []byte(tt.text)))
			assert.Equal(t, tt.want, got, "got rules %v, want %v", got, tt.want)
		})
	}
}

func TestAllowedSecretNotReportedByLaterRule(t *testing.T) {
	tok := "ghp_" + fake(303, alnum64, 36)
	rules := DefaultRules()
	for i := range rules {
		if rules[i].ID == "github-token" {
			rules[i].Allowlists = []Allowlist{{StopWords: []string{tok[4:12]}}}
		}
	}
	s := newScanner(t, &Options{Rules: rules})
	got := s.ScanBytes("a.env", []byte(`api_token = "`+tok+`"`))
	assert.Empty(t, got, "got rules %v, want none", rulesOf(got))
}

func TestBadAllowlist(t *testing.T) {
	tests := []struct {
		name string
		list Allowlist
	}{
		{"empty", Allowlist{Description: "nothing"}},
		{"nil regex", Allowlist{Regexes: []*regexp.Regexp{nil}}},
		{"empty stopword", Allowlist{StopWords: []string{""}}},
		{"bad target", Allowlist{StopWords: []string{"x"}, Target: 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(&Options{Allowlists: []Allowlist{tt.list}})
			assert.ErrorIs(t, err, ErrBadAllowlist)

			rules := DefaultRules()[:1]
			rules[0].Allowlists = []Allowlist{tt.list}
			_, err = New(&Options{Rules: rules})
			assert.ErrorIs(t, err, ErrBadRule)
		})
	}
}

func TestScanDirSkipsGeneratedAndExcluded(t *testing.T) {
	dir := t.TempDir()
	tok := func(seed uint64) string { return "TOKEN=ghp_" + fake(seed, alnum64, 36) + "\n" }
	tree(t, dir, map[string]string{
		"package-lock.json":  tok(310),
		"web/yarn.lock":      tok(311),
		"go.sum":             tok(312),
		"web/app.min.js":     tok(313),
		"web/app.js.map":     tok(314),
		"web/site.min.css":   tok(315),
		"vendor/lib/a.env":   tok(316),
		"app.env":            tok(317),
		"web/app.js":         tok(318),
		"docs/lockfile.txt":  tok(319),
		"Cargo.lock.example": tok(320),
	})
	vendor := Allowlist{Paths: []*regexp.Regexp{regexp.MustCompile(`(^|/)vendor/`)}}
	tests := []struct {
		name                     string
		opts                     *Options
		files, generated, exclud int
	}{
		// Lock files are scanned, with the rules that apply to them,
		// among which github-token; minified assets and maps are not.
		{"defaults", nil, 8, 3, 0},
		{"scan generated", &Options{ScanGenerated: true}, 11, 0, 0},
		{"allowlisted path", &Options{Allowlists: []Allowlist{vendor}}, 7, 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := newScanner(t, tt.opts).ScanDir(context.Background(), dir)
			require.NoError(t, err)
			assert.Equal(t, tt.files, res.Files, "got %d files, want %d", res.Files, tt.files)
			assert.Len(t, res.Findings, tt.files)
			assert.Equal(t, tt.generated, res.Generated, "got %d generated", res.Generated)
			assert.Equal(t, tt.exclud, res.Excluded, "got %d excluded", res.Excluded)
		})
	}
}

func TestGenerated(t *testing.T) {
	for _, name := range []string{"package-lock.json", "yarn.lock", "pnpm-lock.yaml",
		"go.sum", "Cargo.lock", "poetry.lock", "Gemfile.lock", "composer.lock",
		"app.min.js", "style.min.css", "bundle.js.map"} {
		assert.True(t, Generated(name), "Generated(%q) = false, want true", name)
	}
	for _, name := range []string{"package.json", "go.mod", "Cargo.toml", "app.js",
		"minimal.css", "mapping.go", "lock.go", ""} {
		assert.False(t, Generated(name), "Generated(%q) = true, want false", name)
	}
}

func TestResultAdd(t *testing.T) {
	a := Result{Files: 1, Bytes: 2, Binary: 3, TooLarge: 4, Symlinks: 5, Failed: 6,
		Generated: 7, Excluded: 8, Findings: []Finding{{Rule: "a"}}}
	var sum Result
	sum.Add(&a)
	sum.Add(&a)
	want := Result{Files: 2, Bytes: 4, Binary: 6, TooLarge: 8, Symlinks: 10, Failed: 12,
		Generated: 14, Excluded: 16, Findings: []Finding{{Rule: "a"}, {Rule: "a"}}}
	assert.Equal(t, want, sum)
}
