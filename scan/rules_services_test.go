package scan

import (
	"fmt"
	"hash/crc32"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestServiceRules gives each service rule a token of its shape, which
// it must report, and a near miss, which nothing may report.
func TestServiceRules(t *testing.T) {
	tests := []hitMiss{
		{"vault-token", "hvs." + fake(100, alnum64, 90), "hvs.short"},
		{"shopify-token", "shpat_" + fake(101, hexLow, 32), "shpat_" + fake(101, hexLow, 12)},
		{"databricks-token", "dapi" + fake(102, hexLow, 32), "dapi" + fake(102, hexLow, 20)},
		{"grafana-token", "glsa_" + fake(103, alnum64, 32) + "_" + fake(104, hexLow, 8),
			"glsa_" + fake(103, alnum64, 10)},
		{"vercel-token", "vcp_" + fake(105, alnum64, 56), "vcp_" + fake(105, alnum64, 20)},
		{"cloudflare-api-token", "cfut_" + fake(106, alnum64, 48), "cfut_" + fake(106, alnum64, 10)},
		{"groq-api-key", "GROQ_API_KEY=gsk_" + fake(159, alnum64, 52), "gsk_" + fake(159, alnum64, 20)},
		{"huggingface-token", "HF_TOKEN=hf_" + fake(160, letters52, 34), "hf_" + fake(160, letters52, 30)},
		{"figma-token", "figd_" + fake(160, alnum64, 40), "figd_" + fake(160, alnum64, 8)},
		{"tailscale-key", "tskey-auth-" + fake(161, alnum64, 12) + "-" + fake(162, alnum64, 32),
			"tskey-auth-" + fake(161, alnum64, 12)},
		{"1password-token", "ops_eyJ" + fake(107, b64, 200), "ops_eyJshort"},
		{"adafruit-io-key", "aio_" + fake(108, alnum64, 28), "aio_" + fake(108, alnum64, 12)},
		{"age-secret-key", "AGE-SECRET-KEY-1" + fake(109, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
			"AGE-SECRET-KEY-1" + fake(109, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 20)},
		{"atlassian-api-token", "ATATT3" + fake(110, alnum64, 180), "ATATT3" + fake(110, alnum64, 40)},
		{"docker-token", "dckr_pat_" + fake(111, alnum64, 27), "dckr_pat_" + fake(111, alnum64, 8)},
		{"doppler-token", "dp.st." + fake(112, alnum64, 43), "dp.st." + fake(112, alnum64, 10)},
		{"dependency-track-api-key", "odt_" + fake(113, alnum64, 32), "odt_" + fake(113, alnum64, 10)},
		{"google-oauth-secret", "GOCSPX-" + fake(114, alnum64, 28), "GOCSPX-" + fake(114, alnum64, 9)},
		{"newrelic-key", "NRAK-" + fake(115, upper32, 27), "NRAK-" + fake(115, upper32, 6)},
		{"postman-api-key", "PMAK-" + fake(116, hexLow, 24) + "-" + fake(117, hexLow, 34),
			"PMAK-" + fake(116, hexLow, 24)},
		{"sourcegraph-token", "sgp_" + fake(118, hexLow, 40), "sgp_" + fake(118, hexLow, 20)},
		{"square-token", "sq0atp-" + fake(119, alnum64, 22), "sq0atp-" + fake(119, alnum64, 8)},
		{"tavily-api-key", "tvly-" + fake(120, alnum64, 32), "tvly-" + fake(120, alnum64, 8)},
		{"telegram-bot-token", "839574813:AA" + fake(121, alnum64, 33), "123456789:AB" + fake(121, alnum64, 33)},
		{"twitch-stream-key", "live_83957481_" + fake(122, alnum64, 30), "live_83957481_" + fake(122, alnum64, 8)},
		{"mailchimp-api-key", fake(123, hexLow, 32) + "-us13", fake(123, hexLow, 20) + "-us13"},
		{"mailgun-api-key", "key-" + fake(124, hexLow, 32), "key-" + fake(124, hexLow, 12)},
		{"nuget-api-key", "oy2" + fake(125, lower36, 43), "oy2" + fake(125, lower36, 20)},
		{"msteams-webhook", "https://contoso.webhook.office.com/webhookb2/" + fake(126, hexLow, 36) + "@" +
			fake(127, hexLow, 36) + "/IncomingWebhook/" + fake(128, hexLow, 32),
			"https://contoso.webhook.office.com/webhookb2/short"},
		{"django-secret-key", "SECRET_KEY = 'django-insecure-" + fake(129, alnum64, 40) + "'",
			"django-insecure-short"},
		{"sonarqube-token", "sonar.login=" + fake(130, hexLow, 40), "sonar.login=" + fake(130, hexLow, 20)},
		{"sonarqube-token", "squ_" + fake(163, hexLow, 40), "commit " + fake(163, hexLow, 40)},
		{"truenas-api-key", "\"method\": \"auth.login_with_api_key\",\n\"params\": [\n  \"8-" +
			fake(164, alnum64, 64) + "\"", "\"method\": \"auth.login\",\n\"params\": [\n  \"8-" +
			fake(164, alnum64, 64) + "\""},
		{"kubernetes-bootstrap-token", "token-secret: " + fake(165, lower36, 16), "token-secret: short"},
		{"vault-unseal-key", "Unseal Key 1: " + fake(131, b64, 44), "Unseal Key 1: " + fake(131, b64, 10)},
		{"wireguard-key", "PresharedKey = " + fake(132, b64, 42) + "c=", "PresharedKey = short"},
		{"cratesio-api-key", "cio" + fake(133, alnum64, 32), "cio" + fake(133, alnum64, 10)},
		{"jina-api-key", "jina_" + fake(134, hexLow, 32) + fake(135, alnum64, 28), "jina_" + fake(134, hexLow, 10)},
		{"salesforce-token", "00D" + fake(136, alnum64, 12) + "!" + fake(137, alnum64, 96),
			"00D" + fake(136, alnum64, 12) + "!" + fake(137, alnum64, 10)},
		{"azure-devops-pat", fake(138, alnum64, 52) + "JQQJ99" + fake(139, alnum64, 18) + "AZDO" +
			fake(140, alnum64, 4), fake(138, alnum64, 52) + "AZDO"},
		{"truenas-api-key", `"method":"auth.login_with_api_key", "params":["8-` + fake(143, alnum64, 64) + `"]`,
			`"method":"auth.login_with_api_key", "params":["8-` + fake(143, alnum64, 20) + `"]`},
		{"thingsboard-token", "https://thingsboard.cloud/api/v1/" + fake(144, lower36, 20) + "/telemetry",
			"https://thingsboard.cloud/api/v1/" + fake(144, lower36, 8) + "/telemetry"},
		{"blynk-client-secret", "-u oa2-client-id_" + fake(145, alnum64, 32) + ":" + fake(146, alnum64, 40),
			"-u oa2-client-id_" + fake(145, alnum64, 32) + ":" + fake(146, alnum64, 10)},
		{"kubernetes-bootstrap-token", `BOOTSTRAP_TOKEN: "` + fake(147, lower36, 6) + "." + fake(148, lower36, 16) + `"`,
			`BOOTSTRAP_TOKEN: "` + fake(147, lower36, 6) + `"`},
		{"vault-token-legacy", "-vaultToken s." + fake(149, alnum64, 40), "-vaultToken s.short"},
		{"teamcity-token", "eyJ0eXAiOiAiVENWMiJ9." + fake(150, alnum64, 36) + "." + fake(151, alnum64, 48),
			"eyJ0eXAiOiAiVENWMiJ9." + fake(150, alnum64, 10)},
		{"postmark-token", `postmark: "` + fake(152, hexLow, 8) + "-" + fake(153, hexLow, 4) + "-" +
			fake(154, hexLow, 4) + "-" + fake(155, hexLow, 4) + "-" + fake(156, hexLow, 12) + `"`,
			`postmark: "` + fake(152, hexLow, 8) + `"`},
		{"gitlab-runner-token", "--registration-token GR1348941" + fake(157, alnum64, 20),
			"--registration-token GR1348941" + fake(157, alnum64, 8)},
		{"codeclimate-token", "CC_TEST_REPORTER_ID: " + fake(158, hexLow, 64), "CC_TEST_REPORTER_ID: " + fake(158, hexLow, 20)},
		{"password-hash", "$6$" + fake(141, alnum64, 8) + "$" + fake(142, alnum64, 86), "$6$short"},
	}
	checkHitMiss(t, tests, serviceRules())
}

// TestCloudflareChecksum checks that a valid CRC-32 tail makes a
// Cloudflare token a finding even when its body reads like a
// placeholder, and that a placeholder without one is dropped.
func TestCloudflareChecksum(t *testing.T) {
	body := "aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStT"
	sum := fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte(body)))
	bad := fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte(body))^1)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"valid checksum", "cfat_" + body + sum, []string{"cloudflare-api-token"}},
		{"wrong checksum", "cfat_" + body + bad, []string{}},
		{"too long", "cfk_" + body + sum + "Z", []string{}},
		{"glued", "xcfat_" + body + sum, []string{}},
	}
	s := newScanner(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rulesOf(s.ScanBytes("", []byte(tt.text)))
			assert.Equal(t, tt.want, got, "got rules %v, want %v", got, tt.want)
		})
	}
}

// hitMiss is a rule's test case: a text it must find, alone among the
// rules, and one it must not.
type hitMiss struct {
	rule      string
	hit, miss string
}

// checkHitMiss runs the default scanner on each case, and checks that
// every rule in rules has a case.
func checkHitMiss(t *testing.T, tests []hitMiss, rules []Rule) {
	t.Helper()
	named := make([]fileHitMiss, len(tests))
	for i, tt := range tests {
		named[i] = fileHitMiss{hitMiss: tt}
	}
	checkFileHitMiss(t, named, rules)
}

// fileHitMiss is a hitMiss in a file of a given name.
type fileHitMiss struct {
	hitMiss
	file string
}

// checkFileHitMiss is checkHitMiss for cases scanned as named files.
func checkFileHitMiss(t *testing.T, tests []fileHitMiss, rules []Rule) {
	t.Helper()
	s := newScanner(t, nil)
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			got := rulesOf(s.ScanBytes(tt.file, []byte(tt.hit)))
			assert.Equal(t, []string{tt.rule}, got, "hit: got rules %v, want [%s]", got, tt.rule)
			got = rulesOf(s.ScanBytes(tt.file, []byte(tt.miss)))
			assert.Empty(t, got, "miss: got rules %v, want none", got)
		})
	}
	for _, r := range rules {
		found := false
		for _, tt := range tests {
			found = found || tt.rule == r.ID
		}
		assert.True(t, found, "rule %s has no test", r.ID)
	}
}
