package redact

import "strings"

// secretWords are words that make a name secret wherever they appear in
// it, compared in lower case after splitting the name into words.
var secretWords = map[string]bool{
	"password":      true,
	"passwd":        true,
	"pwd":           true,
	"passphrase":    true,
	"secret":        true,
	"token":         true,
	"apikey":        true,
	"credential":    true,
	"credentials":   true,
	"creds":         true,
	"authorization": true,
	"cookie":        true,
	"privatekey":    true,
	"accesskey":     true,
	"secretkey":     true,
	"sessionid":     true,
}

// keyQualifiers are words that make a following "key" secret, as in
// api_key or private-key.
var keyQualifiers = map[string]bool{
	"api": true, "access": true, "private": true, "secret": true,
	"signing": true, "encryption": true, "master": true, "client": true,
	"app": true, "license": true, "auth": true, "session": true,
	"account": true, "storage": true, "sas": true, "hmac": true,
}

// notSecretLast are final words that describe a secret without being
// one: token_count, password_file, secret_name, access_key_id.
var notSecretLast = map[string]bool{
	"count": true, "counts": true, "len": true, "length": true,
	"size": true, "type": true, "kind": true, "name": true, "id": true,
	"ids": true, "limit": true, "max": true, "min": true, "ttl": true,
	"expiry": true, "expires": true, "expiration": true, "url": true,
	"uri": true, "path": true, "file": true, "dir": true, "endpoint": true,
	"prefix": true, "hint": true, "field": true, "header": true,
	"at": true, "ms": true, "used": true, "total": true, "usage": true,
	"version": true, "policy": true, "rotation": true, "source": true,
	"required": true, "set": true, "present": true, "valid": true,
	"ok": true, "enabled": true, "error": true, "err": true,
}

// SecretName reports whether an attribute or variable name looks like
// it holds a secret. The name is split into words at separators and at
// lower-to-upper case changes, so "dbPassword", "DB_PASSWORD" and
// "db-password" are alike.
//
// A name is secret when one of its words is password, passwd, pwd,
// passphrase, secret, token, apikey, credential(s), creds,
// authorization, cookie or sessionid, when it ends in auth or in
// session followed by id, or when
// "key" follows api, access, private, secret, signing, encryption,
// master, client, app, license, auth, session, account, storage, sas
// or hmac. It is not secret when its last word only describes the
// secret: count, len(gth), size, type, kind, name, id(s), limit, max,
// min, ttl, expiry, expires, expiration, url, uri, path, file, dir,
// endpoint, prefix, hint, field, header, at, ms, used, total, usage,
// version, policy, rotation, source, required, set, present, valid,
// ok, enabled, err(or). So token_count, password_file and
// AWS_ACCESS_KEY_ID are not secret; API_KEY, refreshToken and
// X-Api-Key are.
func SecretName(name string) bool {
	var wb [8]string
	words := splitWords(wb[:0], name)
	n := len(words)
	if n >= 2 && words[n-2] == "session" && words[n-1] == "id" {
		return true
	}
	if n == 0 || notSecretLast[words[n-1]] {
		return false
	}
	if words[len(words)-1] == "auth" {
		return true
	}
	for i, w := range words {
		if secretWords[w] {
			return true
		}
		if w == "key" && i > 0 && keyQualifiers[words[i-1]] {
			return true
		}
	}
	return false
}

// splitWords appends the lower-case words of name to dst.
func splitWords(dst []string, name string) []string {
	start := -1
	for i := 0; i <= len(name); i++ {
		var c byte
		if i < len(name) {
			c = name[i]
		}
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		boundary := !alnum || (start >= 0 && c >= 'A' && c <= 'Z' &&
			name[i-1] >= 'a' && name[i-1] <= 'z')
		if boundary && start >= 0 {
			dst = append(dst, lowerWord(name[start:i]))
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	return dst
}

// lowerWord returns w in lower case, without allocating when it already
// is.
func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'A' && w[i] <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}
