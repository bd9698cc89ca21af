package vault_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/hashicorp/vault/api"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/secrets"
	"github.com/codebuddy/hush/secrets/vault"
)

func ExampleProvider() {
	// A stand-in for Vault that holds one KV version 2 secret.
	srv := httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/v1/sys/internal/ui/mounts/secret/db":
				fmt.Fprint(w, `{"data":{"path":"secret/","type":"kv",`+
					`"options":{"version":"2"}}}`)
			case "/v1/secret/data/db":
				fmt.Fprint(w, `{"data":{"data":{"password":"correct-horse"}}}`)
			default:
				http.NotFound(w, r)
			}
		}))
	defer srv.Close()

	cfg := api.DefaultConfig()
	cfg.Address = srv.URL
	client, err := api.NewClient(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := vault.New(client, &vault.Options{
		Token: secrets.NewSecret("example-token"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()

	red := redact.New(nil)
	res := secrets.New(&secrets.Options{
		Redactor:  red,
		Providers: map[string]secrets.Provider{"vault": p},
	})
	pw, err := res.Resolve(context.Background(), "vault://secret/db#password")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pw)
	fmt.Println(red.Redact("connecting with correct-horse"))
	// Output:
	// [REDACTED]
	// connecting with [REDACTED:password]
}
