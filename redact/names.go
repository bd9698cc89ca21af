package redact

import "unsafe"

// isSecretWord reports whether w, a lower-case word of a name, makes the
// name secret wherever it appears in it.
func isSecretWord(w string) bool {
	switch w {
	case "password", "passwd", "pwd", "passphrase", "secret", "token",
		"apikey", "credential", "credentials", "creds", "authorization",
		"cookie", "privatekey", "accesskey", "secretkey", "sessionid",
		"pass", "pgpass", "pgpassword", "mysqlpwd", "pat":
		return true
	}
	return false
}

// isKeyQualifier reports whether w makes a following "key" secret, as
// in api_key or private-key.
func isKeyQualifier(w string) bool {
	switch w {
	case "api", "access", "private", "secret", "signing", "encryption",
		"master", "client", "app", "license", "auth", "session", "account",
		"storage", "sas", "hmac":
		return true
	}
	return false
}

// describesSecret reports whether w, as a name's last word, describes a
// secret without being one: token_count, password_file, secret_name,
// access_key_id.
func describesSecret(w string) bool {
	switch w {
	case "count", "counts", "len", "length", "size", "type", "kind",
		"name", "id", "ids", "limit", "max", "min", "ttl", "expiry",
		"expires", "expiration", "url", "uri", "path", "file", "dir",
		"endpoint", "prefix", "hint", "field", "header", "at", "ms",
		"used", "total", "usage", "version", "policy", "rotation",
		"source", "required", "set", "present", "valid", "ok", "enabled",
		"error", "err", "label", "prompt", "placeholder":
		return true
	}
	return false
}

// secretPairs are two-word endings that are secret although their last
// word alone would say otherwise.
var secretPairs = map[[2]string]bool{
	{"session", "id"}:        true,
	{"webhook", "url"}:       true,
	{"connection", "string"}: true,
	{"conn", "str"}:          true,
}

// SecretName reports whether an attribute or variable name looks like
// it holds a secret. The name is split into words at separators and at
// lower-to-upper case changes, so "dbPassword", "DB_PASSWORD" and
// "db-password" are alike.
//
// A name is secret when one of its words is password, passwd, pwd,
// pass, pgpass, pgpassword, mysqlpwd, passphrase, secret, token,
// apikey, credential(s), creds, authorization, cookie, sessionid or
// pat; when it ends in
// auth, session id, webhook url or connection string; or when "key"
// follows api, access, private, secret, signing, encryption, master,
// client, app, license, auth, session, account, storage, sas or hmac.
// It is not secret when its last word only describes the secret:
// count, len(gth), size, type, kind, name, id(s), limit, max, min, ttl,
// expiry, expires, expiration, url, uri, path, file, dir, endpoint,
// prefix, hint, field, header, at, ms, used, total, usage, version,
// policy, rotation, source, required, set, present, valid, ok, enabled,
// err(or), label, prompt, placeholder. PWD alone, the shell's working directory, is not secret
// (DB_PWD is). So token_count, password_file, PWD and AWS_ACCESS_KEY_ID
// are not secret; API_KEY, DB_PASS, refreshToken and X-Api-Key are.
func SecretName(name string) bool {
	return secretName(unsafe.Slice(unsafe.StringData(name), len(name)))
}

// secretName is SecretName on bytes; it does not allocate.
func secretName(name []byte) bool {
	var (
		buf        [2][32]byte // the last two words, in lower case
		prev, last string      // views of buf
		found      bool        // a secret word was seen
		n          int
	)
	start := -1
	for i := 0; i <= len(name); i++ {
		if i < len(name) && !wordBreak(name, i) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := name[start:min(i, start+len(buf[0]))]
			b := buf[n%2][:len(w)]
			for j, c := range w {
				b[j] = lower(c)
			}
			prev, last = last, unsafe.String(unsafe.SliceData(b), len(b))
			n++
			found = found || isSecretWord(last) ||
				last == "key" && isKeyQualifier(prev)
			start = -1
		}
		if i < len(name) && alnum(name[i]) {
			start = i
		}
	}
	switch {
	case n == 0, n == 1 && last == "pwd":
		// PWD alone is the shell's working directory.
		return false
	case secretPairs[[2]string{prev, last}], last == "auth":
		return true
	case describesSecret(last):
		return false
	}
	return found
}

// wordBreak reports whether a word of name ends before name[i]: at a
// byte that is not a letter or digit, or where a lower-case letter is
// followed by an upper-case one.
func wordBreak(name []byte, i int) bool {
	c := name[i]
	if !alnum(c) {
		return true
	}
	return i > 0 && c >= 'A' && c <= 'Z' && name[i-1] >= 'a' && name[i-1] <= 'z'
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
