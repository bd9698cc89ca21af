package scan

import (
	"regexp"
	"strconv"
)

// DefaultRules returns the built-in rules, most specific first. Each
// call returns a new slice that the caller may change.
//
// They find AWS access key ids and secret keys, GitHub and GitLab
// tokens, Slack tokens and webhooks, Stripe live and restricted keys,
// Google API keys, Azure storage keys, npm, PyPI, SendGrid and Twilio
// keys, OpenAI and Anthropic API keys, private key blocks (PEM,
// OpenSSH, PGP, also flattened onto one line with \n escapes, as in a
// service-account JSON file), JWTs, URLs and connection strings with a
// password, Authorization Bearer and Basic values, and assignments of
// high-entropy values to password, secret, token and API key names;
// the tokens of about forty more services, listed in the rule table;
// and secrets known by their context, such as the default of an
// environment variable lookup or of a Terraform variable with a
// secret name.
func DefaultRules() []Rule {
	rules := []Rule{
		{
			ID:          "private-key",
			Description: "Private key block (PEM, OpenSSH or PGP)",
			Regex: regexp.MustCompile(`-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----` +
				`(?:[\s"'+,]|\\[rn])*(?:[A-Za-z-]+: [^\n\\]*(?:\n|\\n)+)*(?:[\s"'+,]|\\[rn])*` +
				`([A-Za-z0-9+/=]{40,})`),
			Keywords: []string{"private key"},
			Lines:    6,
			Verify:   keyBody,
		},
		{
			ID:          "aws-access-key-id",
			Description: "AWS access key id",
			Regex:       regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b`),
			Keywords:    []string{"akia", "asia", "abia", "acca"},
			Entropy:     3,
		},
		{
			ID:          "aws-access-key-id-named",
			Description: "AWS access key id without a known prefix, assigned to its name",
			Regex: regexp.MustCompile(`(?i:aws_?access_?key_?id)["']?\s*[:=]\s*["']?` +
				`\b(?P<secret>[A-Z0-9]{20})\b`),
			Keywords: []string{"access"},
			Entropy:  3,
			Verify:   accessKeyID,
		},
		{
			ID:          "aws-secret-access-key",
			Description: "AWS secret access key",
			Regex: regexp.MustCompile(`(?i)aws.{0,20}?(?:secret|private|key).{0,20}?` +
				`\s*(?:[:=]|=>|:=)\s*["']?(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`),
			Keywords: []string{"aws"},
			Entropy:  4,
		},
		{
			ID:          "aws-secret-access-key-pair",
			Description: "AWS secret access key after its key id, on its line or the next",
			Regex: regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z2-7]{16}\b[^\n]*?\n?` +
				`(?P<lead>[^\n]{0,30}?(?i:secret)[^\n]{0,20}?(?:[:=]|=>)\s*["']?)` +
				`(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`),
			Keywords: []string{"akia", "asia"},
			Entropy:  4,
			Lines:    2,
			Verify:   leadWithout("aws"),
		},
		{
			ID:          "github-token",
			Description: "GitHub token",
			Regex: regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,251}` +
				`|ghs_\d+_eyJ[A-Za-z0-9_.-]{20,}` +
				`|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b`),
			Keywords: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
			Entropy:  3,
		},
		{
			ID:          "gitlab-token",
			Description: "GitLab token",
			Regex: regexp.MustCompile(`\b(?:glpat|gldt|glrt|glptt|glcbt|glft|glimt|gloas|glsoat)` +
				`-[A-Za-z0-9_-]{20,}\b`),
			Keywords: []string{"glpat-", "gldt-", "glrt-", "glptt-", "glcbt-",
				"glft-", "glimt-", "gloas-", "glsoat-"},
			Entropy: 3,
		},
		{
			ID:          "slack-token",
			Description: "Slack token",
			Regex: regexp.MustCompile(`\b(?:xox[abposre]-[0-9A-Za-z-]{10,}` +
				`|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)`),
			Keywords: []string{"xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-",
				"xoxr-", "xoxe-", "xoxe.", "xapp-"},
			Entropy: 3,
		},
		{
			ID:          "slack-webhook",
			Description: "Slack incoming webhook URL",
			Regex: regexp.MustCompile(`https://hooks\.slack\.com/(?:services|workflows|triggers)/` +
				`(?P<secret>[A-Za-z0-9+/_-]{20,})`),
			Keywords: []string{"hooks.slack.com"},
		},
		{
			ID:          "stripe-secret-key",
			Description: "Stripe live secret or restricted key",
			Regex:       regexp.MustCompile(`\b(?:sk|rk)_(?:live|prod)_[0-9A-Za-z]{20,247}\b`),
			Keywords:    []string{"sk_live_", "rk_live_", "sk_prod_", "rk_prod_"},
			Entropy:     3,
		},
		{
			ID:          "google-api-key",
			Description: "Google API key",
			Regex:       regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`),
			Keywords:    []string{"aiza"},
			Entropy:     3,
		},
		{
			ID:          "azure-storage-key",
			Description: "Azure storage account or shared access key",
			Regex: regexp.MustCompile(`(?i)(?:AccountKey|SharedAccessKey)\s*=\s*` +
				`(?P<secret>[A-Za-z0-9+/]{40,}={0,2})`),
			Keywords: []string{"accountkey", "sharedaccesskey"},
			Entropy:  4,
		},
		{
			ID:          "npm-token",
			Description: "npm access token",
			Regex:       regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`),
			Keywords:    []string{"npm_"},
			Entropy:     3,
		},
		{
			ID:          "pypi-token",
			Description: "PyPI upload token",
			Regex:       regexp.MustCompile(`\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`),
			Keywords:    []string{"pypi-ageichlwas5vcmc"},
		},
		{
			ID:          "sendgrid-api-key",
			Description: "SendGrid API key",
			Regex:       regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b`),
			Keywords:    []string{"sg."},
			Entropy:     3,
		},
		{
			ID:          "twilio-api-key",
			Description: "Twilio API key",
			Regex:       regexp.MustCompile(`\bSK[0-9a-fA-F]{32}\b`),
			Keywords:    []string{"sk"},
			Entropy:     3,
		},
		{
			ID:          "anthropic-api-key",
			Description: "Anthropic API key",
			Regex:       regexp.MustCompile(`\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}`),
			Keywords:    []string{"sk-ant-"},
			Entropy:     3,
		},
		{
			ID:          "openai-api-key",
			Description: "OpenAI API key",
			Regex: regexp.MustCompile(`\bsk-(?:(?:proj|svcacct|admin)-)?` +
				`[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}`),
			Keywords: []string{"t3blbkfj"},
			Entropy:  3,
		},
		{
			ID:          "jwt",
			Description: "JSON Web Token",
			Regex: regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}` +
				`\.[A-Za-z0-9_-]{16,}`),
			Keywords: []string{"eyj"},
			Entropy:  3,
			Verify:   jwtHeader,
		},
	}
	rules = append(rules, serviceRules()...)
	for i := range rules {
		rules[i].LockFiles = true
	}
	rules = append(rules, commandRules()...)
	rules = append(rules, contextRules()...)
	rules = append(rules, genericRules()...)
	return append(rules, entropyRules()...)
}

// commandRules find passwords passed to well-known commands and
// constructors, in .netrc files and in XML settings and elements.
func commandRules() []Rule {
	return []Rule{
		{
			ID:          "xml-setting-password",
			Description: "Password in an XML add key/value setting",
			Regex: regexp.MustCompile(`(?i)key="[\w.-]*(?:password|passwd|secret|token|apikey)` +
				`[\w.-]*"\s+value="(?P<secret>[^"]{4,})"`),
			Keywords: []string{`key="`},
			Entropy:  2,
		},
		{
			ID:          "network-credential",
			Description: "Password given to a .NET NetworkCredential",
			Regex: regexp.MustCompile(`(?i)NetworkCredential\(\s*"[^"]*"\s*,\s*` +
				`"(?P<secret>[^"]{4,})"`),
			Keywords: []string{"networkcredential"},
			Entropy:  2,
		},
		{
			ID:          "netrc-password",
			Description: "Password in a .netrc entry",
			Regex: regexp.MustCompile(`\blogin\s+(?P<login>\S+)\s+password\s+` +
				`(?P<secret>\S{4,})`),
			Keywords: []string{"login"},
			Entropy:  2,
			Lines:    2,
			Verify:   netrcEntry,
		},
		{
			ID:          "xml-element-password",
			Description: "Password, secret or token as the text of an XML element",
			Regex: regexp.MustCompile(`(?i)<(?P<tag>[\w.:-]*` +
				`(?:password|passwd|secret|token|apikey|api_key))>(?P<secret>[^<>\s]{4,})</`),
			Keywords: []string{"password>", "passwd>", "secret>", "token>", "apikey>", "api_key>"},
			Entropy:  2,
			Verify:   elementValue,
		},
		{
			ID:          "xml-entry-password",
			Description: "Password, secret or token in a Java properties XML entry",
			Regex: regexp.MustCompile(`(?i)<entry\s+key="(?P<tag>[\w.-]*` +
				`(?:password|passwd|secret|token|apikey|api_key)[\w.-]*)"\s*>` +
				`(?P<secret>[^<>\s]{4,})</entry>`),
			Keywords: []string{"<entry"},
			Entropy:  2,
			Verify:   elementValue,
		},
		{
			ID:          "curl-user-password",
			Description: "Password given to curl with -u or --user",
			Regex: regexp.MustCompile(`\bcurl\b[^\n]*?\s(?:-u|--user)[ =]?["']?` +
				`(?P<user>[^\s:"'$]+):(?P<secret>[^\s"']{4,})`),
			Keywords: []string{"curl"},
			Entropy:  2,
			Verify:   commandValue,
		},
		{
			ID:          "mysql-password",
			Description: "Password given to a MySQL client with -p or --password=",
			Regex: regexp.MustCompile(`\bmysql(?:dump|admin|import|sh)?\b[^\n]*?\s` +
				`(?:-p|--password=)["']?(?P<secret>[^\s"'-][^\s"']{3,})`),
			Keywords: []string{"mysql"},
			Entropy:  2,
			Verify:   commandValue,
		},
		{
			ID:          "command-password",
			Description: "Password on the command line of psexec or Connect-VIServer",
			Regex: regexp.MustCompile(`(?i)\b(?:psexec|connect-viserver)\b.*?` +
				`\s-p(?:assword)?\s+(?P<secret>[^\s"']{4,})`),
			Keywords: []string{"psexec", "connect-viserver"},
			Entropy:  2,
		},
	}
}

// genericRules are the rules that look at the context of a secret
// rather than its shape; they come last, so a specific rule reports a
// secret they would also find.
func genericRules() []Rule {
	return []Rule{
		{
			ID: "url-token-user",
			Description: "Token given as the user name of a URL, with the " +
				"password GitHub reads as a token login",
			Regex: regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9+.-]{1,30}://` +
				`(?P<secret>[A-Za-z0-9_-]{20,}):(?:x-oauth-basic|x-oauth-token)@[^\s/'"@]+`),
			Keywords:  []string{"x-oauth-"},
			Entropy:   3,
			LockFiles: true,
		},
		{
			ID: "url-password-quoted",
			Description: "Password holding spaces or an unencoded @ in a " +
				"quoted URL",
			Regex: regexp.MustCompile(`["']\b[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s:/@'"]+:` +
				`(?P<secret>[^'"\n/?#]{4,})@[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?][^\s'"]*)?["']`),
			Keywords:  []string{"://"},
			Verify:    quotedURLPassword,
			LockFiles: true,
		},
		{
			ID:          "url-password",
			Description: "Password in a URL or connection string",
			Regex: regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s:/@'"]*:` +
				`(?P<secret>[^\s@/'"]{4,})@[^\s/'"@]+`),
			Keywords:  []string{"://"},
			Verify:    urlPassword,
			LockFiles: true,
		},
		{
			ID:          "authorization-bearer",
			Description: "Bearer token in an Authorization value",
			Regex: regexp.MustCompile(`(?i)\bbearer\s+` +
				`(?P<secret>[A-Za-z0-9._~+/-]{12,}=*)`),
			Keywords: []string{"bearer"},
			Entropy:  3,
		},
		{
			ID:          "authorization-basic",
			Description: "Basic credentials in an Authorization value",
			Regex:       regexp.MustCompile(`(?i)\bbasic\s+(?P<secret>[A-Za-z0-9+/]{8,}={0,2})`),
			Keywords:    []string{"basic"},
			Verify:      basicCredentials,
		},
		{
			ID:          "password-assignment",
			Description: "Password assigned in code or configuration",
			Regex:       regexp.MustCompile(assignment(`pass|pwd`, `|\bis`, 4)),
			Keywords:    []string{"pass", "pwd"},
			Entropy:     2,
			Verify:      passwordKey,
		},
		{
			ID: "secret-assignment",
			Description: "High-entropy secret, token or API key assigned " +
				"in code or configuration",
			Regex:    regexp.MustCompile(assignment(`secret|token|key|auth|cred|_pat\b`, ``, 8)),
			Keywords: []string{"secret", "token", "key", "auth", "cred", "_pat"},
			Entropy:  3,
			Verify:   secretKey,
		},
	}
}

// assignment returns an expression for a name holding one of words,
// an assignment operator (one of the usual or of moreOps, which starts
// with "|"), an optional YAML tag such as !!binary, and a value of at
// least min bytes. A quote may be escaped (\" inside a string, \\' in
// one escaped twice), and a quoted value may begin with a backtick.
// Its groups are key, op,
// quote, secret, end (the closing quote), next (a parenthesis that
// makes the value a call) and after (a comma or parenthesis that
// ends the value inside a list or a call).
func assignment(words, moreOps string, min int) string {
	const q = "(?:\\\\{1,2}[\"'`]|[\"'`])?"
	return `(?P<key>\b[A-Za-z0-9_.-]*(?i:` + words + `)[A-Za-z0-9_.-]*)["'\]]*` +
		`(?P<op>\s*(?:=|:=|:|=>|==` + moreOps + `)\s*(?:!![a-z]+\s+)?)` +
		`(?P<quote>` + q + `)` +
		"(?P<secret>`?[^\\s\\\\\"'`,;()<>]{" + strconv.Itoa(min) + ",})" +
		`(?P<end>` + q + `)(?P<next>\(|\s*\+)?(?P<after>[,)]?)`
}
