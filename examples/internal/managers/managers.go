// Package managers connects the example programs to secret managers
// configured the usual way, through the environment.
//
// A scheme is connected only when the caller asks for it, so a program
// whose references name no manager never loads AWS credentials or
// talks to Vault:
//
//   - "vault": [vault.NewFromEnv]: VAULT_ADDR, VAULT_TOKEN or the token
//     file, VAULT_NAMESPACE, VAULT_CACERT, or AppRole with VAULT_ROLE_ID
//     and VAULT_SECRET_ID.
//   - "awssm": the AWS SDK's default configuration: AWS_REGION,
//     credentials from the environment, shared files or the platform,
//     and AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_SECRETS_MANAGER for a
//     local endpoint.
//
// Each provider sits behind a [secrets.Cache] with default options that
// registers every value it fetches with the program's Redactor.
package managers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/awssm"
	"github.com/codebuddy/hush/secrets/vault"
)

// Schemes are the reference schemes this package can connect.
var Schemes = []string{"awssm", "vault"}

// Set is a group of connected providers, by scheme.
type Set struct {
	Providers map[string]secrets.Provider
	closers   []func() error
}

// Connect returns providers for the given schemes, whose caches register
// what they fetch with red. An unknown scheme is an error. Close the Set
// when done.
func Connect(ctx context.Context, red *redact.Redactor, schemes ...string) (*Set, error) {
	s := &Set{Providers: map[string]secrets.Provider{}}
	for _, scheme := range schemes {
		if _, ok := s.Providers[scheme]; ok {
			continue
		}
		p, err := s.connect(ctx, scheme)
		if err != nil {
			return nil, errors.Join(err, s.Close())
		}
		c := secrets.NewCache(p, &secrets.CacheOptions{Redactor: red})
		s.closers = append(s.closers, c.Close)
		s.Providers[scheme] = c
	}
	return s, nil
}

func (s *Set) connect(ctx context.Context, scheme string) (secrets.Provider, error) {
	switch scheme {
	case "vault":
		p, err := vault.NewFromEnv(nil)
		if err != nil {
			return nil, fmt.Errorf("connect to vault: %w", err)
		}
		s.closers = append(s.closers, p.Close)
		return p, nil
	case "awssm":
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, fmt.Errorf("load AWS configuration: %w", err)
		}
		return awssm.NewFromConfig(cfg, nil), nil
	}
	return nil, fmt.Errorf("no manager for scheme %q (known: %s)",
		scheme, strings.Join(Schemes, ", "))
}

// Close stops the providers' background work.
func (s *Set) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil
	return errors.Join(errs...)
}

// RefScheme returns the manager scheme of value when value is a
// reference in URI form to a known manager ("awssm://...",
// "vault://...", in any case), and "" otherwise. Bare id:key references are not
// recognised, since ordinary values such as host:port look the same.
func RefScheme(value string) string {
	for _, s := range Schemes {
		if len(value) > len(s)+3 && strings.EqualFold(value[:len(s)+3], s+"://") {
			return s
		}
	}
	return ""
}
