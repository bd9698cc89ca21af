package scan

import (
	"bytes"
	"regexp"
)

// serviceRules are the rules for service tokens with a recognisable
// prefix or shape, beyond the commonest ones in DefaultRules' own list.
func serviceRules() []Rule {
	return []Rule{
		prefixed("vault-token", "HashiCorp Vault token",
			`\bhv[sbr]\.[A-Za-z0-9_-]{24,}`, "hvs.", "hvb.", "hvr."),
		prefixed("shopify-token", "Shopify access token or shared secret",
			`\bshp(?:at|ss|ca|pa)_[A-Za-z0-9]{32,}\b`, "shpat_", "shpss_", "shpca_", "shppa_"),
		prefixed("databricks-token", "Databricks access token",
			`\bdapi[a-fA-F0-9]{32}(?:-\d)?\b`, "dapi"),
		prefixed("grafana-token", "Grafana cloud or service account token",
			`(?:^|[^=\w])(?P<secret>glc_[A-Za-z0-9+/]{32,}={0,2}`+
				`|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}`+
				`|eyJrIjoi[A-Za-z0-9+/]{40,}={0,2})`, "glc_", "glsa_", "eyjrijoi"),
		prefixed("vercel-token", "Vercel token",
			`\bv(?:cp|ci|ca|cr|ck)_[A-Za-z0-9]{40,}`, "vcp_", "vci_", "vca_", "vcr_", "vck_"),
		cloudflare(),
		withVerify(prefixed("huggingface-token", "Hugging Face user or organization access token",
			`\b(?:hf_|api_org_)[A-Za-z]{34}\b`, "hf_", "api_org_"), mixedCase),
		prefixed("groq-api-key", "Groq API key",
			`\bgsk_[A-Za-z0-9]{52}\b`, "gsk_"),
		prefixed("figma-token", "Figma personal access token",
			`\bfigd_[A-Za-z0-9_-]{40,}`, "figd_"),
		prefixed("tailscale-key", "Tailscale API, auth, OAuth client or webhook key",
			`\btskey-[a-z]+-[A-Za-z0-9]{6,}-[A-Za-z0-9]{20,}\b`, "tskey-"),
		prefixed("1password-token", "1Password service account token",
			`\bops_eyJ[A-Za-z0-9+/]{100,}={0,2}`, "ops_eyj"),
		prefixed("adafruit-io-key", "Adafruit IO key",
			`\baio_[A-Za-z0-9]{28}\b`, "aio_"),
		prefixed("age-secret-key", "age secret key",
			`\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b`, "age-secret-key-1"),
		prefixed("atlassian-api-token", "Atlassian API token",
			`\bATATT3[A-Za-z0-9_=-]{150,}`, "atatt3"),
		prefixed("docker-token", "Docker Hub access token",
			`\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}`, "dckr_pat_", "dckr_oat_"),
		prefixed("doppler-token", "Doppler token",
			`\bdp\.(?:ct|pt|st|sa|scim|audit)\.(?:[a-z0-9_-]+\.)?[A-Za-z0-9]{40,44}\b`, "dp."),
		prefixed("dependency-track-api-key", "Dependency-Track API key",
			`\bodt_[A-Za-z0-9]{32,}\b`, "odt_"),
		prefixed("google-oauth-secret", "Google OAuth client secret, access or refresh token",
			`(?:\bGOCSPX-[A-Za-z0-9_-]{28}|\bya29\.[A-Za-z0-9_-]{30,}|\b1//0[A-Za-z0-9_-]{60,})`,
			"gocspx-", "ya29.", "1//0"),
		prefixed("newrelic-key", "New Relic key",
			`\bNR(?:AK|AA|II|IQ|JS)-[A-Za-z0-9_-]{20,}|\b[a-z0-9]{36}NRAL\b`,
			"nrak-", "nraa-", "nrii-", "nriq-", "nrjs-", "nral"),
		prefixed("postman-api-key", "Postman API key",
			`\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b`, "pmak-"),
		prefixed("sourcegraph-token", "Sourcegraph access token",
			`\bsgp_(?:[a-f0-9]{16}_|local_)?[a-f0-9]{40}\b`, "sgp_"),
		prefixed("square-token", "Square access token or OAuth secret",
			`\bsq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}`, "sq0atp-", "sq0csp-"),
		prefixed("tavily-api-key", "Tavily API key",
			`\btvly-(?:dev-)?[A-Za-z0-9]{32}\b`, "tvly-"),
		prefixed("telegram-bot-token", "Telegram bot token",
			`\b\d{8,10}:AA[A-Za-z0-9_-]{32,33}\b`, ":aa"),
		prefixed("twitch-stream-key", "Twitch stream key",
			`\blive_\d{6,10}_[A-Za-z0-9]{30}\b`, "live_"),
		prefixed("mailchimp-api-key", "Mailchimp API key",
			`\b[a-f0-9]{32}-us\d{1,2}\b`, "-us"),
		prefixed("mailgun-api-key", "Mailgun API key",
			`\bkey-[a-f0-9]{32}\b`, "key-"),
		prefixed("nuget-api-key", "NuGet API key",
			`\boy2[a-z0-9]{43}\b`, "oy2"),
		prefixed("msteams-webhook", "Microsoft Teams incoming webhook URL",
			`https://[a-z0-9.-]*(?:outlook\.office|webhook\.office)\.com/webhook[a-z0-9]*/`+
				`[A-Za-z0-9@/_-]{60,}`, "outlook.office.com/webhook", "webhook.office.com/webhook"),
		prefixed("django-secret-key", "Django secret key left at its generated insecure value",
			`\bdjango-insecure-[^\s'"]{30,}`, "django-insecure-"),
		sonarqube(),
		prefixed("vault-unseal-key", "HashiCorp Vault unseal key",
			`(?i)\bunseal(?: key \d+:)?\s+(?P<secret>[A-Za-z0-9+/]{43,44}=?)`, "unseal"),
		prefixed("wireguard-key", "WireGuard private or preshared key",
			`(?i)\b(?:Preshared|Private)Key\s*=\s*(?P<secret>[A-Za-z0-9+/]{43}=)`,
			"presharedkey", "privatekey"),
		prefixed("cratesio-api-key", "crates.io API token",
			`\bcio[A-Za-z0-9]{32}\b`, "cio"),
		prefixed("jina-api-key", "Jina AI API key",
			`\bjina_[a-f0-9]{32}[A-Za-z0-9_-]{28,}`, "jina_"),
		prefixed("salesforce-token", "Salesforce access token",
			`\b00D[A-Za-z0-9]{12}![A-Za-z0-9_.]{80,}`, "00d"),
		prefixed("azure-devops-pat", "Azure DevOps personal access token",
			`\b[A-Za-z0-9]{52}JQQJ9\d[A-Za-z0-9]{10,24}AZDO[A-Za-z0-9]{4}\b`, "azdo"),
		truenas(),
		prefixed("thingsboard-token", "ThingsBoard device access token",
			`thingsboard\.cloud/api/v1/(?P<secret>[a-z0-9]{20})\b`, "thingsboard"),
		prefixed("blynk-client-secret", "Blynk OAuth client secret",
			`oa2-client-id_[A-Za-z0-9_-]{32}:(?P<secret>[A-Za-z0-9]{40})\b`, "oa2-client-id_"),
		prefixed("kubernetes-bootstrap-token", "Kubernetes bootstrap token",
			`(?i)token(?:-secret["']?\s*:\s*["']?|[\w-]{0,20}["']?\s*[:= ]\s*["']?[a-z0-9]{6}\.)`+
				`(?P<secret>[a-z0-9]{16})\b`, "token"),
		prefixed("vault-token-legacy", "HashiCorp Vault token in the older s. form",
			`(?i)vault[\w-]*token["']?\s*[:= ]\s*["']?(?P<secret>s\.[A-Za-z0-9_-]{24,})`, "vault"),
		prefixed("teamcity-token", "TeamCity access token",
			`\beyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_-]{30,}\.[A-Za-z0-9_-]{40,}`, "eyj0exaioiaivenwmij9"),
		prefixed("postmark-token", "Postmark server token",
			`(?i)postmark[\w.-]*["']?\s*[:=]\s*["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-`+
				`[0-9a-f]{4}-[0-9a-f]{12})`, "postmark"),
		prefixed("gitlab-runner-token", "GitLab runner registration token",
			`\bGR1348941[A-Za-z0-9_-]{20}\b`, "gr1348941"),
		prefixed("codeclimate-token", "Code Climate test reporter id",
			`(?i)CC_TEST_REPORTER_ID\s*[:=]\s*["']?(?P<secret>[a-f0-9]{64})\b`, "cc_test_reporter_id"),
		passwordHash(),
	}
}

// cloudflare finds Cloudflare's scannable API tokens and keys: a
// prefix, 40 random letters and digits and the hex CRC-32 of those.
// A token whose tail is not its checksum is still reported unless it
// reads like a placeholder.
func cloudflare() Rule {
	r := prefixed("cloudflare-api-token", "Cloudflare API token or key",
		`\bcf(?:ut|k|at)_[A-Za-z0-9]{48}\b`, "cfut_", "cfk_", "cfat_")
	r.KeepPlaceholders = true
	r.Verify = checksummed
	return r
}

// sonarqube finds SonarQube tokens: with their prefix anywhere, and
// in the older form of 40 hex digits where a sonar login or token
// name is assigned one.
func sonarqube() Rule {
	r := prefixed("sonarqube-token", "SonarQube token",
		`(?P<name>(?i:sonar[\w.]{0,20}?(?:login|token))["']?\s*(?:[:=,]|=>)\s*["']?\s*)?`+
			`\b(?P<secret>sq[upa]_[a-f0-9]{40}|[a-f0-9]{40})\b`, "squ_", "sqp_", "sqa_", "sonar")
	r.Verify = func(g [][]byte) bool { return len(g[1]) > 0 || g[2][3] == '_' }
	return r
}

// truenas finds TrueNAS API keys near an api_key name, on its line or
// on one of the two after it, as in a JSON-RPC call whose parameters
// are spread over lines.
func truenas() Rule {
	r := prefixed("truenas-api-key", "TrueNAS API key",
		`(?i)api_key(?P<lead>[^\n]{0,40}?(?:\n[^\n]{0,40}?){0,2}?["']\s*)`+
			`(?P<secret>\d{1,3}-[A-Za-z0-9]{64})["']`, "api_key")
	r.Lines = 3
	r.Verify = leadWithout("api_key")
	return r
}

// passwordHash finds crypt(3) and Kerberos hashes, from which a
// password can be recovered offline. They begin with "$", so the
// placeholder check, which takes "$NAME" for a variable, is off.
func passwordHash() Rule {
	r := prefixed("password-hash", "Password hash in crypt or Kerberos form",
		`\$(?:1|2[abxy]|5|6|8|krb5asrep\$2[03]|krb5tgs\$2[03])\$[^\s'"]{20,}`,
		"$1$", "$2a$", "$2b$", "$2x$", "$2y$", "$5$", "$6$", "$8$",
		"$krb5asrep$", "$krb5tgs$")
	r.KeepPlaceholders = true
	return r
}

// prefixed returns a rule whose secret is the submatch named "secret"
// or else the whole match, reported when its entropy is at least 3
// bits per byte.
func prefixed(id, desc, expr string, keywords ...string) Rule {
	return Rule{
		ID:          id,
		Description: desc,
		Regex:       regexp.MustCompile(expr),
		Keywords:    keywords,
		Entropy:     3,
	}
}

// withVerify returns r with the check verify.
func withVerify(r Rule, verify func([][]byte) bool) Rule {
	r.Verify = verify
	return r
}

// mixedCase reports whether the letters after the prefix of a token
// made of random letters are between a quarter and three quarters
// capitals, as random ones nearly always are (a name in camel case,
// such as hf_AutoModelForCausalLM, has far fewer).
func mixedCase(g [][]byte) bool {
	body := g[0][bytes.LastIndexByte(g[0], '_')+1:]
	upper := 0
	for _, c := range body {
		if c >= 'A' && c <= 'Z' {
			upper++
		}
	}
	return 4*upper >= len(body) && 4*upper <= 3*len(body)
}
