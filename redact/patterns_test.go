package redact_test

import (
	"strings"
	"testing"

	"github.com/codebuddy/hush/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultDetectors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"key=value", "login password=hunter22 ok", "login password=[REDACTED] ok"},
		{"colon", "db_password: s3cr3t!", "db_password: [REDACTED]"},
		{"after other key", "retrying: password=hunter2222\n", "retrying: password=[REDACTED]\n"},
		{"two", "user=bob password=x1 token=y2 n=3", "user=bob password=[REDACTED] token=[REDACTED] n=3"},
		{"padded", "token=YWJjZA== next", "token=[REDACTED] next"},
		{"json", `{"user":"bob","apiKey":"k-123456"}`, `{"user":"bob","apiKey":"[REDACTED]"}`},
		{"json spaced", `{"client_secret" : "a b c"}`, `{"client_secret" : "[REDACTED]"}`},
		{"single quoted", `token='abc def'`, `token='[REDACTED]'`},
		{"slog text", `msg=x password="with space"`, `msg=x password="[REDACTED]"`},
		{"query", "GET /cb?code=1&access_token=zzz999&x=1", "GET /cb?code=1&access_token=[REDACTED]&x=1"},
		{"not secret key", "token_count=42 max_tokens=100", "token_count=42 max_tokens=100"},
		{"null", "password=null", "password=null"},
		{"go test pass", "--- PASS: TestResolve (0.00s)", "--- PASS: TestResolve (0.00s)"},
		{"go test fail", "    --- FAIL: TestX/sub (0.01s)", "    --- FAIL: TestX/sub (0.01s)"},
		{"pass assignment", "PASS: fake-pa55", "PASS: [REDACTED]"},
		{"shell ref", `echo "token=$API_TOKEN"`, `echo "token=$API_TOKEN"`},
		{"shell ref braces", `password=${DB_PASSWORD} ok`, `password=${DB_PASSWORD} ok`},
		{"shell command", `token=$(cat /run/token)`, `token=$(cat /run/token)`},
		{"dollar in password", `password=$ecr3t!`, `password=[REDACTED]`},
		{"already masked", "password=[REDACTED]", "password=[REDACTED]"},
		{"already masked named", "password=[REDACTED:DB] x", "password=[REDACTED:DB] x"},
		{"json masked", `{"password":"[REDACTED]","a":1}`, `{"password":"[REDACTED]","a":1}`},
		{"mask then more", "password=[REDACTED]fake-pa55", "password=[REDACTED]"},
		{"semicolon", "password=fake;pa55word", "password=[REDACTED]"},
		{"conn string", "Server=db;Password=fake;pa55;User=x", "Server=db;Password=[REDACTED]"},
		{"mixed case dollar", "password=$Fake99pass", "password=[REDACTED]"},
		{"db pass", "DB_PASS=fake-pa55", "DB_PASS=[REDACTED]"},
		{"url at in password", "postgres://app:fa@ke-pa55@127.0.0.1/db", "postgres://app:[REDACTED]@127.0.0.1/db"},
		{"json number", `{"password":12345678}`, `{"password":[REDACTED]}`},
		{"bearer", "Authorization: Bearer abcdefghijklmnop.qrs", "Authorization: Bearer [REDACTED]"},
		{"bearer alone", "sent Bearer abcdefghijklmnop.qrs", "sent Bearer [REDACTED]"},
		{"bearer header short", `"authorization":"Bearer abc"`, `"authorization":"[REDACTED]"`},
		{"bearer short", "a Bearer token was sent", "a Bearer token was sent"},
		{"basic", "Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic [REDACTED]"},
		{"url password", "connect postgres://app:pa55w0rd@db:5432/app", "connect postgres://app:[REDACTED]@db:5432/app"},
		{"url no password", "fetch https://example.com/a:b@c", "fetch https://example.com/a:b@c"},
		{"aws key id", "key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED] used"},
		{"aws lower", "akiaiosfodnn7example", "akiaiosfodnn7example"},
		{"private key one line", `"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"`,
			`"-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----"`},
		{"prose", "the password policy changed", "the password policy changed"},
	}
	r := redact.New(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, r.Redact(tt.in))
		})
	}
}

func TestDetectorsOff(t *testing.T) {
	r := redact.New(&redact.Options{Detectors: []redact.Detector{}})
	assert.Equal(t, "password=hunter22", r.Redact("password=hunter22"))
}

func TestCustomPattern(t *testing.T) {
	p, err := redact.NewPattern("ticket", `TKT-(?P<secret>[0-9]{6})`, "tkt-")
	require.NoError(t, err)
	r := redact.New(&redact.Options{Detectors: []redact.Detector{p}})
	assert.Equal(t, "see TKT-[REDACTED:ticket]", r.Redact("see TKT-123456"))

	_, err = redact.NewPattern("bad", `(`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"bad"`)
	_, err = redact.NewPattern("bad name", `x`)
	assert.ErrorIs(t, err, redact.ErrBadName)
	assert.Panics(t, func() { redact.MustPattern("x", `(`) })
}

// lineDetector has no keywords, so it sees every line.
type lineDetector struct{}

func (lineDetector) Keywords() []string { return nil }

func (lineDetector) Detect(dst []redact.Range, line []byte) []redact.Range {
	if i := strings.Index(string(line), "pin "); i >= 0 && len(line) >= i+8 {
		dst = append(dst, redact.Range{Start: i + 4, End: i + 8, Name: "bad name!"})
	}
	return dst
}

func TestDetectorWithoutKeywords(t *testing.T) {
	r := redact.New(&redact.Options{Detectors: []redact.Detector{lineDetector{}}})
	in := "a pin 1234\nb pin 5678 c\nno"
	want := "a pin [REDACTED]\nb pin [REDACTED] c\nno"
	assert.Equal(t, want, r.Redact(in))
	for p := 0; p <= len(in); p++ {
		assert.Equal(t, want, stream(t, r, in[:p], in[p:]), "split at %d", p)
	}
}

func TestMergedMaskKeepsName(t *testing.T) {
	r := redact.New(nil)
	require.NoError(t, r.AddNamed("TOKEN", "tok_abcdef123"))
	got := r.Redact("map[Authorization:Bearer tok_abcdef123]")
	assert.Equal(t, "map[Authorization:Bearer [REDACTED:TOKEN]]", got)
}

// nestedDetector has a keyword that holds another one after its first
// byte, and masks from the longer keyword's start.
type nestedDetector struct{}

func (nestedDetector) Keywords() []string { return []string{"age-secret-key-1", "secret"} }

func (nestedDetector) Detect(dst []redact.Range, line []byte) []redact.Range {
	if i := strings.Index(strings.ToLower(string(line)), "age-secret-key-1"); i >= 0 {
		dst = append(dst, redact.Range{Start: i, End: len(line)})
	}
	return dst
}

func TestWriterHoldsLongerKeyword(t *testing.T) {
	r := redact.New(&redact.Options{Detectors: []redact.Detector{nestedDetector{}}})
	in := "key: AGE-SECRET-KEY-1QQQQQQ\n"
	want := r.Redact(in)
	assert.Equal(t, "key: [REDACTED]\n", want)
	for p := 0; p <= len(in); p++ {
		assert.Equal(t, want, stream(t, r, in[:p], in[p:]), "split at %d", p)
	}
}
