package secrets_test

import (
	"context"
	"fmt"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/secrets"
)

// This example puts a cache in front of a secret manager and gives
// it the Resolver's Redactor. A function stands in for the manager
// and counts its calls: three reads of two keys of one secret make
// one call, and the key the program never reads is masked too.
func ExampleCache() {
	calls := 0
	manager := secrets.ProviderFunc(
		func(_ context.Context, ref secrets.Ref) ([]byte, error) {
			calls++
			return []byte(`{"user": "app-user", "password": "s3cret-pw-1",
				"admin": {"token": "adm-tok-99"}}`), nil
		})
	red := redact.New(nil)
	cache := secrets.NewCache(manager, &secrets.CacheOptions{
		MaxEntries: 100,
		Redactor:   red,
	})
	defer cache.Close()
	res := secrets.New(&secrets.Options{
		Redactor:  red,
		Providers: map[string]secrets.Provider{"fake": cache},
	})
	ctx := context.Background()
	for _, ref := range []string{
		"fake://prod/db#user",
		"fake://prod/db#password",
		"fake://prod/db#password",
	} {
		s, err := res.Resolve(ctx, ref)
		fmt.Println(ref, s, err)
	}
	st := cache.Stats()
	fmt.Println("calls:", calls, "hits:", st.Hits, "misses:", st.Misses)
	fmt.Println(red.Redact("login app-user s3cret-pw-1, admin adm-tok-99"))
	// Output:
	// fake://prod/db#user [REDACTED] <nil>
	// fake://prod/db#password [REDACTED] <nil>
	// fake://prod/db#password [REDACTED] <nil>
	// calls: 1 hits: 2 misses: 1
	// login [REDACTED:user] [REDACTED:password], admin [REDACTED:admin.token]
}
