package secrets_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/codebuddy/hush/secrets"
)

func ExampleReadDotEnv() {
	dir, err := os.MkdirTemp("", "dotenv-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, ".env")
	content := `# local development only
export DB_PASSWORD='pa$$word-dev'
API_URL=https://api.example.test # not a secret
GREETING="hello\nworld"
`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		fmt.Println(err)
		return
	}

	env, err := secrets.ReadDotEnv(path, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(env.Keys())
	url, _ := env.Lookup(context.Background(), "API_URL")
	fmt.Println(url)
	pw, _ := env.Value("DB_PASSWORD")
	fmt.Println(pw, len(pw.Reveal()))
	// Output:
	// [DB_PASSWORD API_URL GREETING]
	// https://api.example.test
	// [REDACTED] 12
}

func ExampleQuoteDotEnv() {
	fmt.Println("A=" + secrets.QuoteDotEnv("pa$$ #word"))
	fmt.Println("B=" + secrets.QuoteDotEnv("it's"))
	// Output:
	// A='pa$$ #word'
	// B="it's"
}
