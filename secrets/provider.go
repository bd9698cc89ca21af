package secrets

import "context"

// Provider fetches secrets from a secret manager. Providers are
// registered with a [Resolver] by URI scheme (see [Options.Providers]),
// and live in their own packages so a program compiles only the clients
// it uses.
//
// Fetch returns the whole secret named by ref.ID, honouring the version
// parameters in ref.Query (ref.Scheme is "" for a bare reference sent
// to the default scheme's provider); it does not apply ref.Key, which the
// [Resolver] extracts with [ExtractKey]. A missing secret gives
// [ErrNotFound] or an error wrapping it; a refusal wraps
// [ErrAccessDenied], and a failure worth retrying wraps [ErrTransient].
// Fetch must be safe for
// concurrent use, must return, with an error wrapping ctx.Err(), when
// ctx ends, and must not put any part of a secret in its errors.
type Provider interface {
	Fetch(ctx context.Context, ref Ref) ([]byte, error)
}

// ProviderFunc adapts a function to a [Provider].
type ProviderFunc func(ctx context.Context, ref Ref) ([]byte, error)

var _ Provider = ProviderFunc(nil)

// Fetch calls f(ctx, ref).
func (f ProviderFunc) Fetch(ctx context.Context, ref Ref) ([]byte, error) {
	return f(ctx, ref)
}

// Pinner is implemented by a [Provider] whose references can name one
// immutable version of a secret, such as an AWS version id or a Vault
// KV version number. Pinned reports whether ref names such a version;
// a cache keeps a pinned reference's value without expiry, since it
// cannot change.
type Pinner interface {
	Pinned(ref Ref) bool
}
