package scan

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"

	"github.com/codebuddy/hush/redact"
)

// entropyRules find secrets by their randomness or by a structure
// where the name beside them says little: any random value in a .env
// file, a random string given to a constant in capitals, the value
// under a secret-named YAML key and that of a secret-named variable in
// a YAML env list. They come after every other rule.
func entropyRules() []Rule {
	return []Rule{
		{
			ID:          "dotenv-random-value",
			Description: "Random value in a .env file, whatever its name",
			Regex: regexp.MustCompile(`^[ \t]*(?:export[ \t]+)?(?P<key>[A-Za-z_][\w.-]*)` +
				`[ \t]*=[ \t]*(?P<quote>["']?)(?P<secret>[^\s"'#\x60$][^\s"'\x60$]{15,})` +
				`(?P<end>["']?)[ \t\r]*(?:#.*)?$`),
			Path:    regexp.MustCompile(`(?:^|/)(?:\.env(?:\.[^/]+)?|[^/]+\.env)$`),
			Entropy: 4,
			Verify:  randomValue,
		},
		{
			ID: "random-constant",
			Description: "Long random string given to a constant whose " +
				"name is in capitals",
			Regex: regexp.MustCompile(`\b(?P<key>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[ \t]*:?=[ \t]?` +
				`(?P<quote>["'])(?P<secret>[A-Za-z0-9+/_-]{32,}={0,2})["']`),
			Keywords: []string{`="`, `='`, `= "`, `= '`, "=\t\"", "=\t'"},
			Path:     sourceFile,
			Entropy:  4.3,
			Verify:   randomValue,
		},
		{
			ID: "yaml-nested-secret",
			Description: "Value under a YAML key with a secret name, such " +
				"as password: then secure: on the next line",
			Regex: regexp.MustCompile(`^(?P<indent>[ \t]*)(?:- +)?(?P<key>[\w.-]*` +
				`(?i:password|passwd|secret|token|api[_-]?key)[\w.-]*):[ \t\r]*\n` +
				`(?P<inner>[ \t]+)(?P<sub>(?i:secure|value|default|plain|plaintext)):[ \t]+` +
				`(?P<quote>["']?)(?P<secret>[^\s"'#]{8,})["']?[ \t\r]*(?:#[^\n]*)?(?:\n|$)`),
			Keywords: []string{"pass", "secret", "token", "key"},
			Path:     regexp.MustCompile(`\.ya?ml$`),
			Entropy:  3.5,
			Lines:    2,
			Verify:   nestedValue,
		},
		{
			ID: "yaml-env-secret",
			Description: "Value of a secret-named environment variable in " +
				"a YAML list, as in a Kubernetes container's env",
			Regex: regexp.MustCompile(`^(?P<indent>[ \t]*)- +name:[ \t]*["']?(?P<key>[\w.-]*` +
				`(?i:password|passwd|pwd|secret|token|api[_-]?key)[\w.-]*)["']?[ \t\r]*\n` +
				`(?:[ \t]*#[^\n]*\n)?` + // a comment line between
				`(?P<inner>[ \t]+)value:[ \t]+(?P<quote>["']?)(?P<secret>[^\s"'#]{4,})["']?` +
				`[ \t\r]*(?:#[^\n]*)?(?:\n|$)`),
			Keywords: []string{"pass", "pwd", "secret", "token", "key"},
			Path:     regexp.MustCompile(`\.ya?ml$`),
			Entropy:  2.5,
			Lines:    3,
			Verify:   envValue,
		},
	}
}

// sourceFile matches the names of source and configuration files, in
// which a constant in capitals is a constant; log lines (in no file),
// where key="value" pairs abound, are left to other rules.
var sourceFile = regexp.MustCompile(`\.(?i:py|pyw|rb|js|mjs|cjs|jsx|ts|tsx|php|sh|bash|zsh|ps1|` +
	`pl|pm|lua|r|ex|exs|go|java|kt|kts|scala|groovy|gradle|swift|dart|cs|c|h|cc|cpp|hpp|rs|` +
	`tf|hcl|ini|cfg|conf|toml|properties|env|ya?ml|json|xml)$`)

// randomValue reports whether a value found by its entropy alone can
// be a secret: it mixes lower case, capitals and digits, is not a file
// path, URL or template, and is not made of hex digits only, as
// checksums are. Its name must hold none of the words the assignment
// rules look for (they judge those names, and let some go, such as
// CACHE_KEY) and not be that of an identifier, such as CLIENT_ID or
// AUTH0_DOMAIN. Its groups are key, quote, value and possibly more.
func randomValue(g [][]byte) bool {
	key, v := g[1], g[3]
	if assignedName.Match(key) || redact.SecretName(string(key)) || identifierName(string(key)) ||
		bytes.HasPrefix(bytes.ToUpper(key), []byte("DOTENV_VAULT")) {
		return false
	}
	return bytes.ContainsAny(v, "0123456789") &&
		bytes.ContainsAny(v, "abcdefghijklmnopqrstuvwxyz") &&
		bytes.ContainsAny(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		v[0] != '-' && !allHex(v) && !filePath(v) && !templated(v) &&
		!bytes.Contains(v, []byte("://")) &&
		!bytes.HasPrefix(v, []byte("ENC[")) && !fileFormat(v)
}

// filePath reports whether v starts like a file path.
func filePath(v []byte) bool {
	for _, p := range []string{"/", "~/", "./", "../"} {
		if bytes.HasPrefix(v, []byte(p)) {
			return true
		}
	}
	return false
}

// fileFormats are how the base64 of public file formats begins: PNG,
// JPEG, GIF, PDF, RIFF (WebP), XML, SVG, gzip, zip, DER (certificates,
// public keys) and OpenSSH public keys. Such constants embed images
// and certificates, not secrets; a DER private key given a name with
// KEY in it is the assignment rules' to judge.
var fileFormats = []string{"iVBORw0KGgo", "/9j/", "R0lGOD", "JVBERi0", "UklGR", "PD94bWwg",
	"PHN2Zy", "H4sI", "UEsDB", "MII", "AAAAB3NzaC1", "AAAAC3NzaC1", "AAAAE2VjZHNh"}

// fileFormat reports whether v is the base64 of a public file format
// (see fileFormats).
func fileFormat(v []byte) bool {
	for _, p := range fileFormats {
		if bytes.HasPrefix(v, []byte(p)) {
			return true
		}
	}
	return false
}

// assignedName matches the names that the password-assignment and
// secret-assignment rules judge.
var assignedName = regexp.MustCompile(`(?i)pass|pwd|secret|token|key|auth|cred|_pat\b`)

// identifierName reports whether a name, in any case, ends with a
// word that names an identifier or a public value: ID, UUID, GUID,
// DOMAIN, HOST, URL, HASH, SHA, DIGEST, CHECKSUM, VERSION, NAME or
// BOUNDARY.
func identifierName(name string) bool {
	name = strings.ToUpper(name)
	i := strings.LastIndexAny(name, "_.-")
	last := name[i+1:]
	switch last {
	case "ID", "UUID", "GUID", "DOMAIN", "HOST", "URL", "HASH", "SHA",
		"DIGEST", "CHECKSUM", "VERSION", "NAME", "BOUNDARY":
		return true
	}
	return false
}

// allHex reports whether v is made of hex digits only.
func allHex(v []byte) bool {
	for _, c := range v {
		if !isHex(c) {
			return false
		}
	}
	return true
}

// envValue checks the value of a secret-named variable in a YAML env
// list: the name must be one redact deems secret, and the value not a
// template or a reference. Its groups are indent, key, inner, quote and
// value.
func envValue(g [][]byte) bool {
	indent, key, inner, v := g[1], g[2], g[3], g[5]
	return redact.SecretName(string(key)) && len(inner) > len(indent) &&
		!templated(v) && !expanded(v) && !pathOrName(v)
}

// nestedValue reports whether the value under a secret-named YAML key
// sits deeper than that key and can be a secret: not a template or a
// reference, and, under secure:, not what Travis CI and AppVeyor put
// there (see encrypted). Its groups are indent, key, inner, sub (the
// inner key), quote and value.
func nestedValue(g [][]byte) bool {
	indent, inner, sub, v := g[1], g[3], g[4], g[6]
	if bytes.EqualFold(sub, []byte("secure")) && encrypted(v) {
		return false
	}
	return len(inner) > len(indent) && bytes.HasPrefix(inner, indent) &&
		!templated(v) && !expanded(v) && !pathOrName(v)
}

// encrypted reports whether v is base64 of a ciphertext such as the
// secure: values of Travis CI (RSA: 128 bytes and more) and AppVeyor
// (AES: whole 16-byte blocks), which are safe to commit. A plain value
// put under secure: by mistake is rarely either: a shorter one must
// also hold a "+", "/" or "=", which a token of letters and digits
// lacks and most base64 of random bytes has.
func encrypted(v []byte) bool {
	n, err := base64.StdEncoding.Decode(make([]byte, base64.StdEncoding.DecodedLen(len(v))), v)
	switch {
	case err != nil || n < 16:
		return false
	case n >= 128:
		return true
	}
	return n%16 == 0 && bytes.ContainsAny(v, "+/=")
}
