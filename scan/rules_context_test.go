package scan

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestContextRules gives each context rule a secret in its context,
// which it must report, and the same value out of it, which nothing
// may report.
func TestContextRules(t *testing.T) {
	hex32 := fake(200, hexLow, 32)
	tests := []hitMiss{
		{"facebook-app-secret", `config.facebook.key = "` + hex32 + `"`,
			`config.facebook.page = "` + fake(200, hexLow, 20) + `"`},
		{"build-config-secret", `buildConfigField 'String', 'API_KEY', '"` + hex32 + `"'`,
			`buildConfigField 'String', 'BASE_URL', '"` + hex32 + `"'`},
		{"env-default-secret", `'key' => env('STRIPE_API_KEY', '` + fake(201, alnum64, 32) + `'),`,
			`'region' => env('AWS_REGION', '` + fake(201, alnum64, 32) + `'),`},
		{"env-default-secret", `os.environ.get("DB_PASSWORD", "` + fake(202, alnum64, 16) + `")`,
			`os.environ.get("DB_PASSWORD", "` + fake(202, alnum64, 4) + `")`},
		{"terraform-variable-default", "variable \"okta_api_token\" {\n  default = \"00" +
			fake(203, alnum64, 40) + "\"\n}", "variable \"okta_org_name\" {\n  default = \"00" +
			fake(203, alnum64, 40) + "\"\n}"},
		{"jwt-secret", `  jwtsecret: "7` + "`D'}/vYR)T;W" + `\5]EBrf;_&k>qX??]G&3CF=;@vyrVBp"`,
			`  jwtsecret: "short"`},
		{"jenkins-crumb", `-H 'Jenkins-Crumb:` + hex32 + `'`, `-H 'Jenkins-Crumb:` + hex32[:12] + `'`},
		{"jenkins-initial-password", "Please use the following password to proceed to installation:\n\n" +
			hex32 + "\n", "Please use the following password to proceed to installation:\n\n" +
			"/var/jenkins_home/secrets/initialAdminPassword\n"},
	}
	checkHitMiss(t, tests, contextRules())
}

// TestMultiLineRulesReportOnce checks that a secret that a rule
// spanning lines could reach from an earlier line is reported once,
// by the rule that sees it on its own line.
func TestMultiLineRulesReportOnce(t *testing.T) {
	key := "8-" + fake(210, alnum64, 64)
	text := "api_key:\n\"api_key\": \"" + key + "\""
	s := newScanner(t, nil)
	found := s.ScanBytes("", []byte(text))
	got := rulesOf(found)
	assert.Equal(t, []string{"truenas-api-key"}, got, "got rules %v, want one truenas-api-key", got)
	if len(found) == 1 {
		assert.Equal(t, 2, found[0].Line, "got line %d, want 2", found[0].Line)
	}
}
