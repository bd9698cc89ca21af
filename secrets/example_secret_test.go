package secrets_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"

	"github.com/codebuddy/hush/secrets"
)

func ExampleSecret() {
	pw := secrets.NewSecret("correct horse battery staple")

	fmt.Println(pw)
	fmt.Printf("%q %x %#v\n", pw, pw, pw)
	b, _ := json.Marshal(map[string]any{"password": pw})
	fmt.Println(string(b))

	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	logger.Info("connecting", "password", pw)

	fmt.Println(len(pw.Reveal()))
	// Output:
	// [REDACTED]
	// "[REDACTED]" [REDACTED] [REDACTED]
	// {"password":"[REDACTED]"}
	// level=INFO msg=connecting password=[REDACTED]
	// 28
}
