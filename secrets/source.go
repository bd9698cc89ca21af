package secrets

import (
	"context"
	"os"
)

// Source is a place that maps keys to secret values, such as the process
// environment or a .env file. Lookup returns [ErrNotFound], or an error
// wrapping it, when it has no value for key; any other error stops a
// [Resolver] from asking later sources, since a source that failed might
// have held the value. Lookup must be safe for concurrent use and should
// return early, with an error wrapping ctx.Err(), when ctx ends.
type Source interface {
	Lookup(ctx context.Context, key string) (string, error)
}

// SourceFunc adapts a function to a [Source].
type SourceFunc func(ctx context.Context, key string) (string, error)

var _ Source = SourceFunc(nil)

// Lookup calls f(ctx, key).
func (f SourceFunc) Lookup(ctx context.Context, key string) (string, error) {
	return f(ctx, key)
}

// Env returns a [Source] that reads the process environment. A variable
// that is set to the empty string counts as unset, as the shell idiom
// ${VAR:-default} and the rule "if value: return value" both treat it:
// an empty password left in a CI configuration should fall through to
// the next source, not be handed out.
func Env() Source { return envSource{} }

type envSource struct{}

func (envSource) Lookup(_ context.Context, key string) (string, error) {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return "", ErrNotFound
	}
	return v, nil
}
