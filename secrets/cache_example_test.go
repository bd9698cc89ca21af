package secrets_test

import (
	"context"
	"fmt"

	"github.com/codebuddy/hush/secrets"
)

// This example puts a cache in front of a secret manager. A function
// stands in for the manager and counts its calls: three reads of two
// keys of one secret make one call.
func ExampleCache() {
	calls := 0
	manager := secrets.ProviderFunc(
		func(_ context.Context, ref secrets.Ref) ([]byte, error) {
			calls++
			return []byte(`{"user": "app-user", "password": "s3cret-pw-1"}`), nil
		})
	cache := secrets.NewCache(manager, &secrets.CacheOptions{
		MaxEntries: 100,
	})
	defer cache.Close()
	res := secrets.New(&secrets.Options{
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
	// Output:
	// fake://prod/db#user [REDACTED] <nil>
	// fake://prod/db#password [REDACTED] <nil>
	// fake://prod/db#password [REDACTED] <nil>
	// calls: 1 hits: 2 misses: 1
}
