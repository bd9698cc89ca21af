package scan

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// ruleCase is one line and the rules that must report on it; an empty
// want means nothing may.
type ruleCase struct {
	name string
	text string
	want []string
}

func ruleCases() []ruleCase {
	b64body := fake(1, b64, 64)
	jwtHead := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	jwtBody := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"1234567890","n":"x"}`))
	basic := base64.StdEncoding.EncodeToString([]byte("deploy:" + fake(2, alnum64, 12)))
	return []ruleCase{
		{"pem key", "-----BEGIN RSA PRIVATE KEY-----\n" + b64body + "\n-----END RSA PRIVATE KEY-----",
			[]string{"private-key"}},
		{"flattened pem key", `"private_key": "-----BEGIN PRIVATE KEY-----\n` + b64body + `\n"`,
			[]string{"private-key"}},
		{"openssh key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB",
			[]string{"private-key"}},
		{"pgp key", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + b64body,
			[]string{"private-key"}},
		{"pem placeholder body", "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("x", 64), nil},
		{"pem letters body", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + fake(54, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", 56),
			[]string{"private-key"}},
		{"pem word body", "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("base64keymaterial", 4), nil},
		{"public key", "-----BEGIN PUBLIC KEY-----\n" + b64body, nil},
		{"aws key id", "id = AKIA" + fake(3, upper32, 16), []string{"aws-access-key-id"}},
		{"aws key id example", "id = AKIAIOSFODNN7EXAMPLE", nil},
		{"aws key id too short", "id = AKIA" + fake(3, upper32, 12), nil},
		{"aws secret", "aws_secret_access_key = " + fake(4, b64, 40), []string{"aws-secret-access-key"}},
		{"github", "token: ghp_" + fake(5, alnum64, 36), []string{"github-token"}},
		{"github fine-grained", "github_pat_" + fake(6, alnum64, 22) + "_" + fake(7, alnum64, 59),
			[]string{"github-token"}},
		{"gitlab", "glpat-" + fake(8, alnum64, 20), []string{"gitlab-token"}},
		{"slack", "xoxb-" + fake(9, "0123456789", 12) + "-" + fake(10, alnum64, 24),
			[]string{"slack-token"}},
		{"slack webhook", "https://hooks.slack.com/services/T" + fake(11, upper32, 8) + "/B" +
			fake(12, upper32, 8) + "/" + fake(13, alnum64, 24), []string{"slack-webhook"}},
		{"stripe live", "sk_live_" + fake(14, alnum64, 24), []string{"stripe-secret-key"}},
		{"stripe restricted", "rk_live_" + fake(15, alnum64, 24), []string{"stripe-secret-key"}},
		{"stripe test", "sk_test_" + fake(14, alnum64, 24), nil},
		{"stripe publishable", "pk_live_" + fake(14, alnum64, 24), nil},
		{"aws key id named", "AWS_ACCESS_KEY_ID=" + fake(47, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 19) + "7",
			[]string{"aws-access-key-id-named"}},
		{"aws key id named word", "aws_access_key_id = ABCDEFGHIJKLMNOPQRST", nil},
		{"aws key pair", "AWS Access Key:AKIA" + fake(3, upper32, 16) + "\nsecret key:" + fake(48, b64, 40),
			[]string{"aws-access-key-id", "aws-secret-access-key-pair"}},
		{"aws key pair named twice", "aws_access_key_id = AKIA" + fake(3, upper32, 16) +
			"\naws_secret_access_key = " + fake(48, b64, 40),
			[]string{"aws-access-key-id", "aws-secret-access-key"}},
		{"escaped quotes", `$password = \"` + fake(49, alnum64, 10) + `\";`, []string{"password-assignment"}},
		{"twice escaped quotes", `clientSecret: \\'` + fake(50, hexLow, 40) + `\\',`,
			[]string{"secret-assignment"}},
		{"leading backtick", "password = '`" + fake(51, alnum64, 10) + "'", []string{"password-assignment"}},
		{"go raw string", "password := `" + fake(52, alnum64, 10) + "`", []string{"password-assignment"}},
		{"selector", `this.addPassword = "#add-password";`, nil},
		{"password with hash", `Password=#` + fake(53, alnum64, 8) + "3;", []string{"password-assignment"}},
		{"secret word value", `secret = 'notHighEnoughEntropy'`, []string{"secret-assignment"}},
		{"token word value", `token = 'notHighEnoughEntropy'`, nil},
		{"google", "key=AIza" + fake(16, alnum64, 35), []string{"google-api-key"}},
		{"azure storage", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=" +
			fake(17, b64, 86) + "==;", []string{"azure-storage-key"}},
		{"npm", "//registry.npmjs.org/:_authToken=npm_" + fake(18, alnum64, 36), []string{"npm-token"}},
		{"pypi", "password = pypi-AgEIcHlwaS5vcmc" + fake(19, alnum64, 60), []string{"pypi-token"}},
		{"sendgrid", "SG." + fake(20, alnum64, 22) + "." + fake(21, alnum64, 43),
			[]string{"sendgrid-api-key"}},
		{"twilio", "SK" + fake(22, hexLow, 32), []string{"twilio-api-key"}},
		{"openai", "sk-proj-" + fake(23, alnum64, 24) + "T3BlbkFJ" + fake(24, alnum64, 24),
			[]string{"openai-api-key"}},
		{"anthropic", "sk-ant-api03-" + fake(25, alnum64, 93) + "AA", []string{"anthropic-api-key"}},
		{"jwt", "auth: " + jwtHead + "." + jwtBody + "." + fake(26, alnum64, 43), []string{"jwt"}},
		{"jwt-shaped non-jwt", "eyJub3RoaW5nIjoiaGVyZSJ9.eyJ4Ijoi" + fake(27, alnum64, 12) + "." +
			fake(28, alnum64, 20), nil},
		{"postgres url", "postgres://app:" + fake(29, alnum64, 16) + "@db.internal:5432/app",
			[]string{"url-password"}},
		{"url template", "postgres://{user}:{password}@db.internal/app", nil},
		{"quoted url at sign", `DSN="postgres://app:` + fake(55, alnum64, 6) + "@" + fake(56, alnum64, 6) +
			`@db.internal:5432/app"`, []string{"url-password-quoted"}},
		{"quoted url space", `DSN='mysql://app:` + fake(57, alnum64, 6) + " " + fake(58, alnum64, 6) +
			`@db.internal/app'`, []string{"url-password-quoted"}},
		{"quoted url same user", `DSN="mysql://root:root@db.internal/app"`, nil},
		{"quoted url template", `DSN="mysql://{user}:{pass word}@db.internal/app"`, nil},
		{"quoted url at sign in path", `"http://j%40ne:` + fake(59, alnum64, 10) + `@host.internal/p@th?q=@go"`,
			[]string{"url-password"}},
		{"quoted urls", `"https://a.internal/x http://user@b.internal/y"`, nil},
		{"url same user", "mysql://mysql:mysql@localhost/db", nil},
		{"url without password", "https://user@host.internal/path", nil},
		{"bearer", "Authorization: Bearer " + fake(30, alnum64, 32), []string{"authorization-bearer"}},
		{"basic", "Authorization: Basic " + basic, []string{"authorization-basic"}},
		{"basic prose", "the basic idea is simple", nil},
		{"password", `db_password = "` + fake(31, alnum64, 14) + `"`, []string{"password-assignment"}},
		{"pgpassword", "PGPASSWORD=" + fake(32, alnum64, 10) + "7 psql", []string{"password-assignment"}},
		{"password env ref", `password = os.getenv("DB_PASSWORD")`, nil},
		{"password shell ref", `PASSWORD=${DB_PASSWORD}`, nil},
		{"password template", `password: "{{ .Values.db.password }}"`, nil},
		{"password angle", `password: <your-password>`, nil},
		{"password changeme", `password: changeme`, nil},
		{"password code", `password = request.form.password`, nil},
		{"password call", `password = getPassword(user)`, nil},
		{"password length", `password_length = 16`, nil},
		{"api key", `API_KEY = "` + fake(33, hexLow, 32) + `"`, []string{"secret-assignment"}},
		{"client secret yaml", `client_secret: ` + fake(34, alnum64, 24), []string{"secret-assignment"}},
		{"low entropy token", `token = "aaaabbbbaaaabbbb"`, nil},
		{"token count", `token_count = 12345678`, nil},
		{"key id", `key_id = "` + fake(35, hexLow, 32) + `"`, nil},
		{"vault", "VAULT_TOKEN=hvs." + fake(36, alnum64, 90), []string{"vault-token"}},
		{"env password word", "DB_PASSWORD=open_sesame", []string{"password-assignment"}},
		{"code camel word", "password = newPassword", nil},
		{"yaml bare word", "password: hunter", nil},
		{"netrc", "machine api.internal\n  login deploy\n  password " + fake(38, alnum64, 12),
			[]string{"netrc-password"}},
		{"network credential", `new NetworkCredential("svc", "` + fake(39, alnum64, 12) + `")`,
			[]string{"network-credential"}},
		{"psexec", `psexec \\host -u admin -p ` + fake(41, alnum64, 10) + ` cmd`, []string{"command-password"}},
		{"xml setting", `<add key="SmtpPassword" value="` + fake(42, alnum64, 12) + `"/>`,
			[]string{"xml-setting-password"}},
		{"xml setting other", `<add key="SmtpHost" value="` + fake(42, alnum64, 12) + `"/>`, nil},
		{"azure pat name", `ado_pat = "` + fake(43, lower36, 52) + `"`, []string{"secret-assignment"}},
		{"bare key", `key="` + fake(44, alnum64, 32) + `"`, []string{"secret-assignment"}},
		{"bare key hex", `key="` + fake(45, hexLow, 32) + `"`, nil},
		{"yaml binary tag", "db_secret: !!binary " + fake(46, alnum64, 40), []string{"secret-assignment"}},
		{"joined string", `pw = "app:" + appKey + ":" + appSecret`, nil},
		{"password hex", "DB_PASSWORD=0x" + fake(60, hexLow, 24), []string{"password-assignment"}},
		{"url query key", `get('https://api.internal/v1?api_key=` + fake(61, alnum64, 40) + `')`,
			[]string{"secret-assignment"}},
		{"kwarg password", "connect(password=" + fake(62, alnum64, 12) + "9)",
			[]string{"password-assignment"}},
		{"dollar in json", `"password": "pa$sw` + fake(63, alnum64, 8) + `"`,
			[]string{"password-assignment"}},
		{"dollar single quoted", `DB_PASSWORD='ci-$RANDOM-` + fake(64, alnum64, 8) + `'`,
			[]string{"password-assignment"}},
		{"fake inside token", `client_secret: "Fake` + fake(65, alnum64, 24) + `"`,
			[]string{"secret-assignment"}},
		{"netrc type-like word", "machine h\n  login strings\n  password " + fake(66, alnum64, 12),
			[]string{"netrc-password"}},
		{"password hash", "$2a$12$" + fake(37, alnum64, 53), []string{"password-hash"}},
		{"helm password key", "adminPasswordKey: postgres-password", nil},
		{"password file", "db_password_file: db-password.txt", nil},
		{"maven filter token", "<apiKey>@API_KEY@</apiKey>", nil},
		{"hugging face class name", "model = 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()", nil},
		{"baseline fingerprint", `"fingerprint": "secret-assignment:` + fake(73, hexLow, 32) + `",`, nil},
		{"password fingerprint", `"fingerprint": "password-assignment:` + fake(74, hexLow, 32) + `",`, nil},
		{"redis no user", "REDIS_URL=redis://:" + fake(67, alnum64, 16) + "@cache.internal:6379/0",
			[]string{"url-password"}},
		{"xml element", "<password>" + fake(68, alnum64, 12) + "</password>",
			[]string{"xml-element-password"}},
		{"xml element property", "<db.password>${env.DB_PASSWORD}</db.password>", nil},
		{"java properties xml", `<entry key="db.password">` + fake(75, alnum64, 12) + "</entry>",
			[]string{"xml-entry-password"}},
		{"java properties xml other", `<entry key="db.host">` + fake(75, alnum64, 12) + "</entry>", nil},
		{"maven encrypted", "<password>{" + fake(69, b64, 24) + "}</password>", nil},
		{"curl user", "curl -u deploy:" + fake(70, alnum64, 12) + " https://api.internal/v1",
			[]string{"curl-user-password"}},
		{"curl user variable", `curl --user "deploy:$API_PASSWORD" https://api.internal/v1`, nil},
		{"mysql", "mysql -h db.internal -u root -p" + fake(71, alnum64, 12) + " app",
			[]string{"mysql-password"}},
		{"mysql prompt", "mysql -h db.internal -u root -p app", nil},
		{"mysql positional", "mysql -u root -p$1 app", nil},
		{"mysql variable", `mysqldump -u root --password="$MYSQL_PWD" app`, nil},
		{"hugging face", "HF_HUB_TOKEN=hf_" + fake(72, letters52, 34), []string{"huggingface-token"}},
	}
}

func TestDefaultRules(t *testing.T) {
	s := newScanner(t, nil)
	for _, tt := range ruleCases() {
		t.Run(tt.name, func(t *testing.T) {
			found := s.ScanBytes("f", []byte(tt.text))
			got := rulesOf(found)
			want := tt.want
			if want == nil {
				want = []string{}
			}
			assert.Equal(t, want, got, "got rules %v, want %v", got, want)
			for _, f := range found {
				assert.NotEmpty(t, f.Fingerprint, "finding has no fingerprint")
				assert.Contains(t, f.Match, "[REDACTED]", "got match without a mask")
			}
		})
	}
}

func TestDefaultRulesNeverShowSecrets(t *testing.T) {
	s := newScanner(t, nil)
	for _, tt := range ruleCases() {
		for _, f := range s.ScanBytes("f", []byte(tt.text)) {
			sr := newScanner(t, &Options{Reveal: true})
			secret := sr.ScanBytes("f", []byte(tt.text))[0].Secret
			assert.NotEmpty(t, secret, "%s: revealing scanner gave no secret", tt.name)
			assert.False(t, strings.Contains(f.Match, secret) || strings.Contains(f.String(), secret),
				"%s: a finding shows the secret", tt.name)
		}
	}
}

func TestDefaultRulesAreValid(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range DefaultRules() {
		_, err := compile(&r)
		assert.NoError(t, err, "rule %s", r.ID)
		assert.False(t, seen[r.ID], "rule id %s appears twice", r.ID)
		assert.True(t, len(r.Keywords) > 0 || r.Path != nil,
			"rule %s has neither keywords nor a path, so it runs on every line of every file", r.ID)
		assert.NotEmpty(t, r.Description, "rule %s has no description", r.ID)
		seen[r.ID] = true
	}
}

func TestAssignmentsInCode(t *testing.T) {
	s := newScanner(t, nil)
	lines := []string{
		"--- PASS: TestResolve4 (0.00s)",
		"PWD=/home/user/src",
		"TOKEN_ALL_ACCESS = TOKEN_READ_WRITE",
		"clientKey = keyMaterial[:clientMACLen]",
		"tokenState = tokenObjectComma",
		"password := cfg.Database.Password",
		"var passFlagToTest = map[string]bool{",
		"var secretPairs = map[[2]string]bool{",
		"var passOrder = [...]constraint{",
		"var hasTokenTests = []hasTokenTest{",
		"\tCredential: &syscall.Credential{",
		"var HelpGoAuth = &base.Command{",
		"\tf.pass = &emptyPass",
		"stmt.Token = stmt.Token[1:]",
		"pass := g[1]",
		"cliSecret := cli2.writeSecret[QUICEncryptionLevelEarly]",
		"\tPrivateKey:  testP256PrivateKey,",
		"\tPrivateKey:  messageOnlySigner{testRSAPrivateKey},",
		"\tSecret: Bug4Secret{1},",
		"\t{name: \"link PWD\", pwd: link},",
		"oidExtKeyUsageServerAuth = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1}",
		"config.Certificates[0].PrivateKey = testRSA2048PrivateKey",
		"RenderPassSelection.prototype={__proto__:Selection.prototype,get x(){}}",
		"\tSMART_HCYL_PASS = 0xc2",
		"\tSYS___PASSWD = 0x216 // 534",
		`encodeUserPassword:   "encodeUserPassword",`,
		`db_password="ci-db-pw-$RANDOM-$RANDOM"`,
		`api_token="ci-api-token-$RANDOM$RANDOM"`,
		`DB_PASSWORD="pw-$CI_JOB_ID-${SUFFIX}"`,
		`DB_PASSWORD=@@DB_PASSWORD@@`,
		`db_password: "__DB_PASSWORD__"`,
		`password = "fake-password-for-tests"`,
		"type entry struct {\n\tlogin string\n\tpassword string\n}",
	}
	for _, l := range lines {
		got := rulesOf(s.ScanBytes("", []byte(l)))
		assert.Empty(t, got, "%q: got rules %v, want none", l, got)
	}
}
