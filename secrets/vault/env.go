package vault

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/vault/api"

	"github.com/codebuddy/hush/secrets"
)

// Environment variables [NewFromEnv] reads besides those the api
// package reads itself (VAULT_ADDR, VAULT_TOKEN, VAULT_NAMESPACE,
// VAULT_CACERT, VAULT_CAPATH, VAULT_SKIP_VERIFY and the rest of the
// Vault command line's settings).
const (
	// EnvRoleID holds an AppRole role id; with it set, the Provider
	// logs in with [AppRole].
	EnvRoleID = "VAULT_ROLE_ID"

	// EnvSecretID holds the AppRole secret id that goes with
	// EnvRoleID.
	EnvSecretID = "VAULT_SECRET_ID"
)

// tokenFile is the file, in the home directory, where the Vault
// command line keeps the token of the last login.
const tokenFile = ".vault-token"

// NewFromEnv returns a Provider configured as the Vault command line
// is, from the environment, and by opts; nil opts means the defaults.
//
// The address, TLS settings, namespace, retries and timeout come from
// the VAULT_* variables the api package reads (api.DefaultConfig and
// api.NewClient); with no VAULT_ADDR the address is
// https://127.0.0.1:8200. The token is, in order of preference,
// [Options.Token], VAULT_TOKEN, then the contents of ~/.vault-token;
// token helpers configured for the command line are not run. When
// [Options.Auth] is nil and VAULT_ROLE_ID is set, the Provider logs in
// with [AppRole] using VAULT_ROLE_ID and VAULT_SECRET_ID, starting with
// the token above if there is one.
//
// Errors are of type [*Error] and name the variable or file at fault,
// never its contents.
func NewFromEnv(opts *Options) (*Provider, error) {
	cfg := api.DefaultConfig()
	if cfg.Error != nil {
		return nil, &Error{Op: "new", Reason: "read environment",
			Err: cfg.Error}
	}
	client, err := api.NewClient(cfg)
	if err != nil {
		return nil, &Error{Op: "new", Reason: "make client", Err: err}
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Auth == nil && os.Getenv(EnvRoleID) != "" {
		o.Auth = &AppRole{RoleID: os.Getenv(EnvRoleID),
			SecretID: secretFromEnv(EnvSecretID)}
	}
	if o.Token.IsZero() && client.Token() == "" {
		if o.Token, err = readTokenFile(); err != nil {
			return nil, err
		}
	}
	p, err := New(client, &o)
	if err != nil {
		return nil, err
	}
	if hc := cfg.HttpClient; hc != nil {
		p.idle = hc.CloseIdleConnections
	}
	return p, nil
}

func secretFromEnv(name string) secrets.Secret {
	if v := os.Getenv(name); v != "" {
		return secrets.NewSecret(v)
	}
	return secrets.Secret{}
}

// readTokenFile reads ~/.vault-token. A missing file or home
// directory means no token.
func readTokenFile() (secrets.Secret, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return secrets.Secret{}, nil
	}
	name := filepath.Join(home, tokenFile)
	b, err := os.ReadFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return secrets.Secret{}, nil
	case err != nil:
		return secrets.Secret{}, &Error{Op: "new",
			Reason: "read token file " + name, Err: pathError(err)}
	}
	if t := strings.TrimSpace(string(b)); t != "" {
		return secrets.NewSecret(t), nil
	}
	return secrets.Secret{}, nil
}

// pathError keeps only the cause of a file error; the path is named
// by the caller.
func pathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
