// Package vault reads secrets from HashiCorp Vault's KV secrets
// engines for a [secrets.Resolver].
//
// A [Provider] is a [secrets.Provider] for the "vault" scheme:
//
//	p, err := vault.NewFromEnv(nil)
//	if err != nil {
//		return err
//	}
//	defer p.Close()
//	res := secrets.New(&secrets.Options{
//		Redactor:  red,
//		Providers: map[string]secrets.Provider{"vault": p},
//	})
//	pw, err := res.GetOr(ctx, "DB_PASSWORD", "vault://secret/db#password")
//
// # Configuration
//
// [NewFromEnv] reads the variables the Vault command line reads:
// VAULT_ADDR (https://127.0.0.1:8200 when unset), VAULT_TOKEN,
// VAULT_NAMESPACE, VAULT_CACERT, VAULT_CAPATH, VAULT_CLIENT_CERT,
// VAULT_CLIENT_KEY, VAULT_SKIP_VERIFY, VAULT_CLIENT_TIMEOUT,
// VAULT_MAX_RETRIES and the others api.DefaultConfig knows. Without
// VAULT_TOKEN it reads the token from ~/.vault-token, where `vault
// login` leaves it. With VAULT_ROLE_ID (and VAULT_SECRET_ID) set, it
// logs in with AppRole. [New] takes an *api.Client configured any
// other way, and copies it.
//
// # References
//
// A reference's id is a mount and a path: "vault://secret/app#password"
// reads the secret "app" from the mount "secret/" and the JSON key
// "password" from it. With "vault" as the Resolver's default scheme the
// bare form "secret/app:password" means the same. The parameter
// version reads one version of a KV version 2 secret, as in
// "vault://secret/app#password?version=3"; [Provider.Pinned] reports
// such references, whose value never changes. A path with an empty,
// "." or ".." segment, or an unknown parameter, gives an error
// wrapping secrets.ErrBadRef.
//
// Fetch returns the secret's data, the object of key-value pairs as
// Vault stores it, so secrets.ExtractKey finds keys, nested keys and
// numbers in it exactly.
//
// # KV versions
//
// KV version 1 and 2 mounts are told apart per mount, as the Vault
// command line does, from sys/internal/ui/mounts/<path>, and the
// answer is cached per mount, so users write "secret/app" and never
// "secret/data/app". Mounts of any depth ("team/a/kv/") work. A mount
// of another engine is read as version 1 is: its answer's data is
// returned. Vault answers a path under no mount as it answers a path
// the token may not read, so a mistyped mount gives an error wrapping
// secrets.ErrAccessDenied, not secrets.ErrNotFound.
//
// # Authentication and renewal
//
// A Provider sends a token: [Options.Token], or the client's. With
// [Options.Auth] set, such as to an [*AppRole], it logs in when it has
// no token, when the token's lifetime is over, and when Vault refuses
// a request and then refuses the token itself (a lookup of the token
// fails); it then makes the refused request once more. A token Vault
// still accepts was refused for want of a permission: that gives
// secrets.ErrAccessDenied at once. One login runs at a time however
// many reads need it, and each read waits for it only as long as its
// context lasts.
//
// Unless [Options.DisableRenewal] is set, one goroutine renews a
// renewable token when two thirds of its lifetime have passed, and,
// with Auth set, logs in again ahead of time when the token cannot be
// renewed further. [Provider.Close] stops it; close every Provider.
//
// # Errors
//
// Errors are of type [*Error] and wrap the kinds callers branch on:
// secrets.ErrNotFound for a missing secret and for a deleted or
// destroyed version; secrets.ErrAccessDenied for 401 and 403 (and a
// refused login); secrets.ErrTransient for 412, 429, 5xx (a sealed or
// standby server answers 503), refused or reset connections, timeouts
// and garbled answers; secrets.ErrBadRef for bad references. When the
// caller's context ends, the error wraps ctx.Err(), and counts as
// transient if its deadline passed. Errors carry Vault's own error
// messages, with any token or credential the Provider sends masked,
// and leave out answers that are not JSON. They never hold a value.
//
// A Provider does not retry beyond what the api client does (by
// default two retries for 5xx answers and connection errors, waiting
// about a second between them) and does not cache: put a cache in
// front of it.
//
// # Tests
//
// The integration tests run against a real Vault dev server on
// 127.0.0.1: Vault v1.13.2, built from its published modules by
// tools/vaultdev/build.sh. That release is old and has known
// vulnerabilities; it is there for tests only. Without the binary, and
// without HUSH_VAULT_ADDR and HUSH_VAULT_TOKEN naming a server to use
// instead, those tests skip.
package vault
