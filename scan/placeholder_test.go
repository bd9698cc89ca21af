package scan

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsPlaceholder(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<your-api-key>", true},
		{"your-token-here", true},
		{"YOUR_API_KEY", true},
		{"AKIAIOSFODNN7EXAMPLE", true},
		{"changeme", true},
		{"xxxxxxxxxxxx", true},
		{"${DB_PASSWORD}", true},
		{"$DB_PASSWORD", true},
		{"%DB_PASSWORD%", true},
		{"50%off%", false},
		{"{{ .Values.password }}", true},
		{`os.getenv("X")`, true},
		{"process.env.TOKEN", true},
		{"${{ secrets.TOKEN }}", true},
		{"aaaaaaaa", true},
		{"abcdefgh", true},
		{"98765432", true},
		{"password", true},
		{"'Admin'", true},
		{"", true},
		{"q8Zr2LmX6tPw", false},
		{"hunter22!", false},
		{"$2a$12$q8Zr2LmX6tPw", false},
		{"@@DB_PASSWORD@@", true},
		{"__DB_PASSWORD__", true},
		{"__init__", true},
		{"@@q8Zr 2LmX@@", false},
		{"__q8Zr2LmX6tPw", false},
		{"fake-password-for-tests", true},
		{"pw_fake_1", true},
		{"FakeValues99q8Zr2LmX6tPw", false},
		{"q8Zr2LmX6tPw-for-test", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := IsPlaceholder([]byte(tt.in))
			assert.Equal(t, tt.want, got, "IsPlaceholder(%q): got %v, want %v", tt.in, got, tt.want)
		})
	}
}

func TestInlineIgnore(t *testing.T) {
	s := newScanner(t, nil)
	key := "ghp_" + fake(40, alnum64, 36)
	tests := []struct {
		name string
		line string
		want int
	}{
		{"plain", "token = " + key, 1},
		{"hush", "token = " + key + " # hush:allow", 0},
		{"gitleaks", "token = " + key + " // gitleaks:allow", 0},
		{"detect-secrets", "token = " + key + " # pragma: allowlist secret", 0},
		{"marker on another line", "# hush:allow\ntoken = " + key, 1},
		{"upper case", "token = " + key + " # HUSH:ALLOW", 0},
		{"marker at line start", "hush:allow token = " + key, 0},
		{"html comment", "token = " + key + " <!-- hush:allow -->", 0},
		{"inside a URL", "curl 'https://x.test/?q=hush:allow&t=" + key + "'", 1},
		{"longer word", "token = " + key + " # hush:allowance", 1},
		{"quoted value", `token = "hush:allow` + key + `"`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := len(s.ScanBytes("", []byte(tt.line)))
			assert.Equal(t, tt.want, got, "got %d findings, want %d", got, tt.want)
		})
	}
}
