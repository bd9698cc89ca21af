package scan

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/codebuddy/hush/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// detectorExamples returns, for each default rule the Detector keeps,
// a text holding a fake secret of its kind, in the context the rule
// needs.
func detectorExamples() map[string]string {
	jwtHead := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	jwtBody := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"42","n":"x"}`))
	basic := base64.StdEncoding.EncodeToString([]byte("deploy:" + fake(202, alnum64, 12)))
	return map[string]string{
		"private-key": `"private_key": "-----BEGIN PRIVATE KEY-----\n` +
			fake(201, b64, 64) + `\n-----END PRIVATE KEY-----\n"`,
		"aws-access-key-id":     "id=AKIA" + fake(203, upper32, 16),
		"aws-secret-access-key": "aws_secret_access_key=" + fake(204, b64, 40),
		"github-token":          "token ghp_" + fake(205, alnum64, 36),
		"gitlab-token":          "glpat-" + fake(206, alnum64, 20),
		"slack-token":           "xoxb-" + fake(207, "0123456789", 12) + "-" + fake(208, alnum64, 24),
		"slack-webhook": "https://hooks.slack.com/services/T" + fake(209, upper32, 8) +
			"/B" + fake(210, upper32, 8) + "/" + fake(211, alnum64, 24),
		"stripe-secret-key": "sk_live_" + fake(212, alnum64, 24),
		"google-api-key":    "AIza" + fake(213, alnum64, 35),
		"azure-storage-key": "AccountName=x;AccountKey=" + fake(214, b64, 86) + "==;",
		"npm-token":         "npm_" + fake(215, alnum64, 36),
		"pypi-token":        "pypi-AgEIcHlwaS5vcmc" + fake(216, alnum64, 60),
		"sendgrid-api-key":  "SG." + fake(217, alnum64, 22) + "." + fake(218, alnum64, 43),
		"twilio-api-key":    "SK" + fake(219, hexLow, 32),
		"anthropic-api-key": "sk-ant-api03-" + fake(220, alnum64, 93) + "AA",
		"openai-api-key": "sk-proj-" + fake(221, alnum64, 24) + "T3BlbkFJ" +
			fake(222, alnum64, 24),
		"jwt":                  jwtHead + "." + jwtBody + "." + fake(223, alnum64, 43),
		"vault-token":          "hvs." + fake(224, alnum64, 90),
		"shopify-token":        "shpat_" + fake(225, hexLow, 32),
		"databricks-token":     "dapi" + fake(226, hexLow, 32),
		"grafana-token":        "glsa_" + fake(227, alnum64, 32) + "_" + fake(228, hexLow, 8),
		"vercel-token":         "vcp_" + fake(229, alnum64, 56),
		"cloudflare-api-token": "cfut_" + fake(230, alnum64, 48),
		"1password-token":      "ops_eyJ" + fake(231, b64, 200),
		"adafruit-io-key":      "aio_" + fake(232, alnum64, 28),
		"age-secret-key": "AGE-SECRET-KEY-1" +
			fake(233, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
		"atlassian-api-token":      "ATATT3" + fake(234, alnum64, 180),
		"docker-token":             "dckr_pat_" + fake(235, alnum64, 27),
		"doppler-token":            "dp.st." + fake(236, alnum64, 43),
		"dependency-track-api-key": "odt_" + fake(237, alnum64, 32),
		"google-oauth-secret":      "GOCSPX-" + fake(238, alnum64, 28),
		"newrelic-key":             "NRAK-" + fake(239, upper32, 27),
		"postman-api-key":          "PMAK-" + fake(240, hexLow, 24) + "-" + fake(241, hexLow, 34),
		"sourcegraph-token":        "sgp_" + fake(242, hexLow, 40),
		"square-token":             "sq0atp-" + fake(243, alnum64, 22),
		"tavily-api-key":           "tvly-" + fake(244, alnum64, 32),
		"twitch-stream-key":        "live_83957481_" + fake(245, alnum64, 30),
		"mailgun-api-key":          "key-" + fake(246, hexLow, 32),
		"nuget-api-key":            "oy2" + fake(247, lower36, 43),
		"msteams-webhook": "https://contoso.webhook.office.com/webhookb2/" +
			fake(248, hexLow, 36) + "@" + fake(249, hexLow, 36) +
			"/IncomingWebhook/" + fake(250, hexLow, 32),
		"django-secret-key": "SECRET_KEY = 'django-insecure-" + fake(251, alnum64, 40) + "'",
		"sonarqube-token":   "sonar.login=" + fake(252, hexLow, 40),
		"vault-unseal-key":  "Unseal Key 1: " + fake(253, b64, 44),
		"wireguard-key":     "PresharedKey = " + fake(254, b64, 42) + "c=",
		"cratesio-api-key":  "cio" + fake(255, alnum64, 32),
		"jina-api-key":      "jina_" + fake(256, hexLow, 32) + fake(257, alnum64, 28),
		"salesforce-token":  "00D" + fake(258, alnum64, 12) + "!" + fake(259, alnum64, 96),
		"truenas-api-key": `"method":"auth.login_with_api_key", "params":["8-` +
			fake(260, alnum64, 64) + `"]`,
		"thingsboard-token": "https://thingsboard.cloud/api/v1/" + fake(261, lower36, 20) +
			"/telemetry",
		"blynk-client-secret": "oa2-client-id_" + fake(262, alnum64, 32) + ":" +
			fake(263, alnum64, 40),
		"kubernetes-bootstrap-token": "join_token: " + fake(264, lower36, 6) + "." +
			fake(265, lower36, 16),
		"vault-token-legacy": "vault_token: s." + fake(266, alnum64, 24),
		"teamcity-token": "eyJ0eXAiOiAiVENWMiJ9." + fake(267, alnum64, 36) + "." +
			fake(268, alnum64, 48),
		"postmark-token": "postmark_key: " + fake(269, hexLow, 8) + "-" + fake(270, hexLow, 4) +
			"-" + fake(271, hexLow, 4) + "-" + fake(272, hexLow, 4) + "-" + fake(273, hexLow, 12),
		"gitlab-runner-token":  "GR1348941" + fake(274, alnum64, 20),
		"codeclimate-token":    "CC_TEST_REPORTER_ID=" + fake(275, hexLow, 64),
		"password-hash":        "hash $2a$12$" + fake(276, alnum64, 53),
		"xml-setting-password": `<add key="SmtpPassword" value="` + fake(277, alnum64, 12) + `"/>`,
		"network-credential":   `new NetworkCredential("svc", "` + fake(278, alnum64, 12) + `")`,
		"netrc-password":       "machine api.internal login deploy password " + fake(279, alnum64, 12),
		"command-password":     `psexec \\host -u admin -p ` + fake(280, alnum64, 10) + ` cmd`,
		"url-password":         "postgres://app:" + fake(281, alnum64, 16) + "@db.internal:5432/app",
		"authorization-bearer": "Authorization: Bearer " + fake(282, alnum64, 32),
		"authorization-basic":  "Authorization: Basic " + basic,
		"password-assignment":  `db_password = "` + fake(283, alnum64, 14) + `"`,
		"secret-assignment":    `API_KEY = "` + fake(284, alnum64, 32) + `"`,
		"aws-access-key-id-named": "AWS_ACCESS_KEY_ID=" +
			fake(285, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 19) + "7",
		"aws-secret-access-key-pair": "key AKIAIOSFODNN7EXAMPLE secret key: " +
			fake(287, b64, 40),
		"url-password-quoted": `"postgres://app:` + fake(300, alnum64, 8) + "@" + fake(301, alnum64, 8) +
			`@db.internal/app"`,
		"groq-api-key":        "gsk_" + fake(288, alnum64, 52),
		"figma-token":         "figd_" + fake(289, alnum64, 40),
		"tailscale-key":       "tskey-auth-" + fake(290, alnum64, 12) + "-" + fake(291, alnum64, 32),
		"facebook-app-secret": "facebook_secret=" + fake(292, hexLow, 32),
		"build-config-secret": `buildConfigField 'String', 'API_KEY', '"` + fake(293, hexLow, 32) + `"'`,
		"env-default-secret":  `env('STRIPE_API_KEY', '` + fake(294, alnum64, 32) + `')`,
		"terraform-variable-default": `variable "db_password" { default = "` +
			fake(295, alnum64, 16) + `" }`,
		"jwt-secret":           `jwt_secret: "` + fake(296, b64, 20) + `;)` + fake(299, b64, 12) + `"`,
		"jenkins-crumb":        "Jenkins-Crumb:" + fake(297, hexLow, 32),
		"xml-element-password": "<password>" + fake(304, alnum64, 12) + "</password>",
		"xml-entry-password":   `<entry key="db.password">` + fake(309, alnum64, 12) + "</entry>",
		"curl-user-password":   "curl -u deploy:" + fake(305, alnum64, 12) + " https://x.internal",
		"mysql-password":       "mysql -u root -p" + fake(306, alnum64, 12) + " app",
		"huggingface-token":    "hf_" + fake(307, letters52, 34),
		"url-token-user":       "https://" + fake(302, alnum64, 40) + ":x-oauth-basic@github.com/o/r",
		"jenkins-initial-password": "use the following password to proceed to installation: " +
			fake(298, hexLow, 32),
	}
}

// newDetector returns the Detector of a scanner with the default rules.
func newDetector(t testing.TB) *Detector {
	t.Helper()
	return newScanner(t, nil).Detector()
}

// logLine puts text inside a structured log line.
func logLine(text string) string {
	return `time=2026-01-02T03:04:05Z level=INFO msg="deploy step" ` + text + ` done`
}

func TestDetectorCoversDefaultRules(t *testing.T) {
	examples := detectorExamples()
	for _, r := range newDetector(t).rules {
		_, ok := examples[r.ID]
		assert.True(t, ok, "rule %q has no example in detectorExamples", r.ID)
	}
	for id := range detectorSkipped {
		_, ok := examples[id]
		assert.False(t, ok, "skipped rule %q has an example", id)
	}
}

// TestDetectorMasksDefaultRules checks that a Redactor with only the
// Detector masks each rule's example secret, as found by the scanner,
// with the rule's name, in a log line and in a line of its own.
func TestDetectorMasksDefaultRules(t *testing.T) {
	s := newScanner(t, &Options{Reveal: true})
	r := redact.New(&redact.Options{Detectors: []redact.Detector{s.Detector()}})
	for id, text := range detectorExamples() {
		t.Run(id, func(t *testing.T) {
			found := s.ScanBytes("f", []byte(text))
			require.NotEmpty(t, found, "the scanner finds nothing in the example")
			assert.Equal(t, id, found[0].Rule, "got rule %q, want %q", found[0].Rule, id)
			for _, line := range []string{text, logLine(text)} {
				out := r.Redact(line)
				for _, f := range found {
					assert.False(t, strings.Contains(out, f.Secret), "output holds the secret")
				}
				assert.True(t, strings.Contains(out, "[REDACTED:"+id+"]"),
					"output lacks the mask named %q", id)
				if i := strings.Index(out, "[REDACTED"); i >= 0 {
					assert.True(t, strings.HasPrefix(line, out[:i]), "the text before the mask changed")
				}
			}
		})
	}
}

// TestDetectorWithDefaults checks the use the Detector is made for:
// next to redact's own detectors, every example is masked.
func TestDetectorWithDefaults(t *testing.T) {
	s := newScanner(t, &Options{Reveal: true})
	r := redact.New(&redact.Options{
		Detectors: append(redact.DefaultDetectors(), s.Detector()),
	})
	for id, text := range detectorExamples() {
		t.Run(id, func(t *testing.T) {
			out := r.Redact(logLine(text))
			for _, f := range s.ScanBytes("f", []byte(text)) {
				assert.False(t, strings.Contains(out, f.Secret), "output holds the secret")
			}
		})
	}
}

// TestDetectorKeywordRule checks the redact.Detector contract: each
// range begins at or after the first keyword in the line.
func TestDetectorKeywordRule(t *testing.T) {
	d := newDetector(t)
	for id, text := range detectorExamples() {
		t.Run(id, func(t *testing.T) {
			line := []byte(logLine(text))
			first := firstKeywordSlow(d.Keywords(), line)
			require.GreaterOrEqual(t, first, 0, "no keyword in the line")
			rs := d.Detect(nil, line)
			require.NotEmpty(t, rs, "nothing detected")
			for _, x := range rs {
				assert.GreaterOrEqual(t, x.Start, first,
					"range starts at %d, before the first keyword at %d", x.Start, first)
				assert.Less(t, x.Start, x.End, "empty range")
				assert.LessOrEqual(t, x.End, len(line), "range past the line")
			}
		})
	}
}

// firstKeywordSlow returns the least index in line at which one of kws
// starts, in any case, or -1.
func firstKeywordSlow(kws []string, line []byte) int {
	low := bytes.ToLower(line)
	first := -1
	for _, k := range kws {
		if i := bytes.Index(low, []byte(k)); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	return first
}

func TestDetectorKeywords(t *testing.T) {
	kws := newDetector(t).Keywords()
	for _, k := range kws {
		assert.True(t, lowerASCII(k), "keyword %q is not lower-case ASCII", k)
	}
	// A keyword holding another after its first byte would let a
	// Writer write out the longer one's start; see cutKeywords.
	all := append(redactKeywords(), kws...)
	for _, k := range kws {
		for _, o := range all {
			i := strings.Index(k[1:], o)
			assert.False(t, i >= 0 && 1+i+len(o) < len(k), "keyword %q holds %q", k, o)
		}
	}
	for _, k := range []string{"-us", "azdo", ":aa", "nral", "t3blbkfj"} {
		assert.NotContains(t, kws, k, "keyword inside a match")
	}
	for _, k := range []string{"sk-", "https://", "nrak-", "ghp_", "pass", "github_pat"} {
		assert.Contains(t, kws, k)
	}
}

// TestDetectorStreaming checks that a redact.Writer cut into random
// pieces writes what Redact returns for the whole text.
func TestDetectorStreaming(t *testing.T) {
	s := newScanner(t, nil)
	r := redact.New(&redact.Options{
		Detectors: append(redact.DefaultDetectors(), s.Detector()),
	})
	rng := rand.New(rand.NewPCG(4, 2))
	for id, text := range detectorExamples() {
		t.Run(id, func(t *testing.T) {
			in := "starting\n" + logLine(text) + "\n" + text + "\nhttps://x.internal/ ok\n" +
				"trailing " + text
			want := r.Redact(in)
			for range 20 {
				var out bytes.Buffer
				w := r.NewWriter(&out)
				for rest := in; len(rest) > 0; {
					n := 1 + rng.IntN(min(len(rest), 40))
					_, err := w.Write([]byte(rest[:n]))
					require.NoError(t, err)
					rest = rest[n:]
				}
				require.NoError(t, w.Close())
				if out.String() != want {
					t.Fatalf("stream differs from one-shot")
				}
			}
		})
	}
}

func TestDetectorLeavesAlone(t *testing.T) {
	d := newDetector(t)
	tests := []struct{ name, line string }{
		{"placeholder", `password = changeme`},
		{"template", `password: "{{ .Values.db.password }}"`},
		{"env ref", `password = os.getenv("DB_PASSWORD")`},
		{"angle placeholder", `api_key: <your-api-key>`},
		{"aws example", `id=AKIAIOSFODNN7EXAMPLE`},
		{"low entropy", `token = "aaaabbbbaaaabbbb"`},
		{"prose", `the basic idea is to pass the token along`},
		{"stripe test key", "sk_test_" + fake(290, alnum64, 24)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := d.Detect(nil, []byte(tt.line))
			assert.Empty(t, rs, "got %d ranges, want none", len(rs))
		})
	}
}

// TestDetectorCustomRules covers rules of one's own: one without
// keywords makes the Detector see every line; a match that begins
// before the keyword is not reported.
func TestDetectorCustomRules(t *testing.T) {
	tests := []struct {
		name     string
		rule     Rule
		line     string
		nilKws   bool
		wantMask bool
	}{
		{"no keywords", Rule{ID: "acme-key", Regex: regexp.MustCompile(`\bacme_[a-z0-9]{16}\b`)},
			"k=acme_" + fake(291, lower36, 16), true, true},
		{"keyword first", Rule{ID: "acme-key", Keywords: []string{"acme_"},
			Regex: regexp.MustCompile(`\bacme_[a-z0-9]{16}\b`)},
			"k=acme_" + fake(291, lower36, 16), false, true},
		{"keyword last", Rule{ID: "acme-key", Keywords: []string{"_acme"},
			Regex: regexp.MustCompile(`\b[a-z0-9]{16}_acme\b`)},
			"k=" + fake(292, lower36, 16) + "_acme", false, false},
		{"default id, own expression", Rule{ID: "mailchimp-api-key", Keywords: []string{"mc:"},
			Regex: regexp.MustCompile(`mc:(?P<secret>[a-f0-9]{32})`)},
			"mc:" + fake(293, hexLow, 32), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScanner(t, &Options{Rules: []Rule{tt.rule}})
			d := s.Detector()
			assert.Equal(t, tt.nilKws, d.Keywords() == nil, "got keywords %v", d.Keywords())
			out := redact.New(&redact.Options{Detectors: []redact.Detector{d}}).Redact(tt.line)
			got := strings.Contains(out, "[REDACTED:"+tt.rule.ID+"]")
			assert.Equal(t, tt.wantMask, got, "got masked %v, want %v", got, tt.wantMask)
		})
	}
}

func TestDetectorConcurrent(t *testing.T) {
	s := newScanner(t, &Options{Reveal: true})
	r := redact.New(&redact.Options{
		Detectors: append(redact.DefaultDetectors(), s.Detector()),
	})
	examples := detectorExamples()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, text := range examples {
				out := r.Redact(logLine(text))
				for _, f := range s.ScanBytes("f", []byte(text)) {
					assert.False(t, strings.Contains(out, f.Secret), "output holds the secret")
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkDetector measures a Redactor with redact's own detectors,
// then with the scanner's added, on log text in which one line in a
// hundred holds a secret.
func BenchmarkDetector(b *testing.B) {
	var text strings.Builder
	for i := range 1000 {
		if i%100 == 0 {
			text.WriteString(logLine("ghp_"+fake(uint64(i), alnum64, 36)) + "\n")
			continue
		}
		text.WriteString(`time=2026-01-02T03:04:05Z level=INFO msg="request served" ` +
			"path=/api/v1/items status=200 bytes=5120 user=alice\n")
	}
	in := []byte(text.String())
	dets := map[string][]redact.Detector{
		"redact":      redact.DefaultDetectors(),
		"redact+scan": append(redact.DefaultDetectors(), newDetector(b)),
	}
	for _, name := range []string{"redact", "redact+scan"} {
		b.Run(name, func(b *testing.B) {
			r := redact.New(&redact.Options{Detectors: dets[name]})
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				r.RedactBytes(in)
			}
		})
	}
}

// TestRuleTableCoversRedactDefaults checks that what redact's own
// default detectors mask, the rule table reports too, so the scanner's
// table is the one table of secret shapes in the module and redact's
// defaults a fast subset of it for logs.
func TestRuleTableCoversRedactDefaults(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte("deploy:" + fake(320, alnum64, 12)))
	texts := []string{
		`db_password = "` + fake(321, alnum64, 14) + `"`,
		`API_TOKEN=` + fake(322, alnum64, 32),
		`{"client_secret": "` + fake(323, alnum64, 24) + `"}`,
		"Authorization: Bearer " + fake(324, alnum64, 32),
		"Authorization: Basic " + basic,
		"postgres://app:" + fake(325, alnum64, 16) + "@db.internal:5432/app",
		"key id AKIA" + fake(326, upper32, 16),
		`"-----BEGIN RSA PRIVATE KEY-----\n` + fake(327, b64, 64) + `\n-----END RSA PRIVATE KEY-----"`,
	}
	red := redact.New(nil)
	s := newScanner(t, nil)
	for i, text := range texts {
		masked := red.Redact(text)
		require.NotEqual(t, text, masked, "text %d: redact's defaults mask nothing", i)
		found := s.ScanBytes("config.txt", []byte(text))
		assert.NotEmpty(t, found, "text %d: the rule table reports nothing", i)
	}
}
