package scan

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRejectsBadRules(t *testing.T) {
	re := regexp.MustCompile(`(a)(b)`)
	tests := []struct {
		name string
		rule Rule
		want string
	}{
		{"empty id", Rule{Regex: re}, "empty id"},
		{"no regex", Rule{ID: "r"}, `"r": no regex`},
		{"group too big", Rule{ID: "r", Regex: re, SecretGroup: 3}, "secret group 3"},
		{"negative group", Rule{ID: "r", Regex: re, SecretGroup: -1}, "secret group -1"},
		{"negative entropy", Rule{ID: "r", Regex: re, Entropy: -1}, "negative entropy"},
		{"nan entropy", Rule{ID: "r", Regex: re, Entropy: math.NaN()}, "negative entropy"},
		{"upper keyword", Rule{ID: "r", Regex: re, Keywords: []string{"Key"}}, `keyword "Key"`},
		{"empty keyword", Rule{ID: "r", Regex: re, Keywords: []string{""}}, `keyword ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(&Options{Rules: []Rule{tt.rule}})
			require.ErrorIs(t, err, ErrBadRule)
			assert.True(t, strings.Contains(err.Error(), tt.want),
				"got error %q, want it to hold %q", err, tt.want)
		})
	}
}

func TestSecretGroup(t *testing.T) {
	tests := []struct {
		name  string
		rule  Rule
		input string
		want  string
	}{
		{"whole match", Rule{ID: "r", Regex: regexp.MustCompile(`tok_[a-z0-9]{12}`)},
			"x tok_abc123def456 y", "tok_abc123def456"},
		{"named group", Rule{ID: "r", Regex: regexp.MustCompile(`(k)=(?P<secret>[a-z0-9]{12})`)},
			"k=abc123def456", "abc123def456"},
		{"numbered group", Rule{ID: "r", Regex: regexp.MustCompile(`(k)=([a-z0-9]{12})`), SecretGroup: 2},
			"k=abc123def456", "abc123def456"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScanner(t, &Options{Rules: []Rule{tt.rule}, Reveal: true})
			found := s.ScanBytes("", []byte(tt.input))
			require.Len(t, found, 1)
			assert.True(t, found[0].Secret == tt.want, "got the wrong secret")
		})
	}
}

func TestEntropy(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"", 0},
		{"aaaa", 0},
		{"ab", 1},
		{"abcd", 2},
		{"0123456789abcdef", 4},
	}
	for _, tt := range tests {
		got := Entropy([]byte(tt.in))
		assert.InDelta(t, tt.want, got, 1e-9, "Entropy(%q): got %v, want %v", tt.in, got, tt.want)
	}
}

func TestEntropyThreshold(t *testing.T) {
	r := Rule{ID: "r", Regex: regexp.MustCompile(`v=(?P<secret>\S+)`), Keywords: []string{"v="}, Entropy: 3}
	s := newScanner(t, &Options{Rules: []Rule{r}})
	assert.Empty(t, s.ScanBytes("", []byte("v=abababab")), "low entropy value reported")
	assert.Len(t, s.ScanBytes("", []byte("v=q8Zr2LmX")), 1, "high entropy value not reported")
}

func TestVerify(t *testing.T) {
	r := Rule{
		ID: "r", Regex: regexp.MustCompile(`id=(\w+)`), Keywords: []string{"id="},
		Verify: func(g [][]byte) bool { return strings.HasSuffix(string(g[1]), "7") },
	}
	s := newScanner(t, &Options{Rules: []Rule{r}})
	got := s.ScanBytes("", []byte("id=q8Zr2LmX6\nid=q8Zr2LmX7"))
	require.Len(t, got, 1, "got %d findings, want 1", len(got))
	assert.Equal(t, 2, got[0].Line, "got line %d, want 2", got[0].Line)
}

func TestRuleWithoutKeywordsSeesEveryLine(t *testing.T) {
	r := Rule{ID: "digits", Regex: regexp.MustCompile(`\b\d{8}\b`), KeepPlaceholders: true}
	s := newScanner(t, &Options{Rules: []Rule{r}})
	got := s.ScanBytes("", []byte("a\n 83920174\nb\n47381920"))
	assert.Equal(t, []int{2, 4}, lines(got), "got lines %v, want [2 4]", lines(got))
}

func lines(fs []Finding) []int {
	out := []int{}
	for _, f := range fs {
		out = append(out, f.Line)
	}
	return out
}

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{`\bSK[0-9a-f]{32}\b`, []string{"SK"}},
		{`(?i)aws_[a-z]+`, nil},
		{`x(?:ab|cd)y+`, []string{"x", "y"}},
		{`(tok_)?[a-z]{4}`, nil},
		{`(?:ghp_){1,2}z*`, []string{"ghp_"}},
	}
	for _, tt := range tests {
		c, err := compile(&Rule{ID: "r", Regex: regexp.MustCompile(tt.expr)})
		require.NoError(t, err)
		got := []string{}
		for _, l := range c.required {
			got = append(got, string(l))
		}
		want := tt.want
		if want == nil {
			want = []string{}
		}
		assert.Equal(t, want, got, "%s: got literals %q, want %q", tt.expr, got, want)
	}
}
