package secrets_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/secrets"
)

// This example shows the rule "environment first, then the secret
// manager". A .env input stands in for the environment and a function
// stands in for a secret manager, so the example runs anywhere.
func ExampleResolver_GetOr() {
	ctx := context.Background()
	dotenv, err := secrets.ParseDotEnv(strings.NewReader(
		"DB_PASSWORD='dev-pa$$word'\n"), ".env", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	manager := secrets.ProviderFunc(
		func(_ context.Context, ref secrets.Ref) ([]byte, error) {
			if ref.ID != "prod/api" {
				return nil, secrets.ErrNotFound
			}
			return []byte(`{"api_key": "sk-live-0123456789"}`), nil
		})

	red := redact.New(nil)
	res := secrets.New(&secrets.Options{
		Redactor:      red,
		Sources:       []secrets.Source{dotenv},
		Providers:     map[string]secrets.Provider{"fake": manager},
		DefaultScheme: "fake",
	})

	dbPassword, err := res.GetOr(ctx, "DB_PASSWORD", "prod/db:password")
	if err != nil {
		fmt.Println(err)
		return
	}
	apiKey, err := res.GetOr(ctx, "API_KEY", "prod/api:api_key")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(dbPassword, apiKey)

	// The shared Redactor already knows both values.
	line := "login with " + dbPassword.Reveal() + " and " + apiKey.Reveal()
	fmt.Println(red.Redact(line))

	_, err = res.GetOr(ctx, "STRIPE_KEY", "prod/stripe:key")
	fmt.Println(errors.Is(err, secrets.ErrNotFound))
	// Output:
	// [REDACTED] [REDACTED]
	// login with [REDACTED:DB_PASSWORD] and [REDACTED:API_KEY]
	// true
}

func ExampleResolver_Resolve() {
	vault := secrets.ProviderFunc(
		func(_ context.Context, ref secrets.Ref) ([]byte, error) {
			fmt.Println("fetch", ref.ID, "version", ref.Param("version"))
			return []byte(`{"password": "s3cret-from-vault"}`), nil
		})
	res := secrets.New(&secrets.Options{
		Providers: map[string]secrets.Provider{"vault": vault},
	})
	ctx := context.Background()

	pw, err := res.Resolve(ctx, "vault://secret/app#password?version=3")
	fmt.Println(pw, err)

	_, err = res.Resolve(ctx, "awssm://prod/db#password")
	fmt.Println(err)
	// Output:
	// fetch secret/app version 3
	// [REDACTED] <nil>
	// secrets: resolve "awssm://prod/db#password": no provider for scheme "awssm"
}

func ExampleParseRef() {
	for _, s := range []string{
		"prod/api:api_key",
		"awssm://prod/db#password?stage=AWSPREVIOUS",
		"vault://secret/app?version=3#password",
	} {
		ref, err := secrets.ParseRef(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("scheme=%q id=%q key=%q query=%q\n",
			ref.Scheme, ref.ID, ref.Key, ref.Query)
	}
	// Output:
	// scheme="" id="prod/api" key="api_key" query=""
	// scheme="awssm" id="prod/db" key="password" query="stage=AWSPREVIOUS"
	// scheme="vault" id="secret/app" key="password" query="version=3"
}

func ExampleExtractKey() {
	doc := []byte(`{"db": {"password": "nested-pw", "port": 5432}}`)
	port, err := secrets.ExtractKey(doc, secrets.Ref{ID: "prod/db", Key: "db.port"})
	fmt.Println(port, err)

	_, err = secrets.ExtractKey(doc, secrets.Ref{ID: "prod/db", Key: "user"})
	fmt.Println(err)
	// Output:
	// 5432 <nil>
	// secrets: reference "prod/db:user": key "user": secret not found
}
