package redact_test

import (
	"encoding/base64"
	"fmt"
	"os"

	"github.com/codebuddy/hush/redact"
)

func Example() {
	r := redact.New(nil)
	if err := r.AddNamed("DB_PASSWORD", "pg-Secret-42"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Redact("connecting with pg-Secret-42"))
	encoded := base64.StdEncoding.EncodeToString([]byte("user:pg-Secret-42"))
	fmt.Println(r.Redact("header " + encoded))
	fmt.Println(r.Redact("retry with password=not-registered-but-shaped"))
	// Output:
	// connecting with [REDACTED:DB_PASSWORD]
	// header dXNlcj[REDACTED:DB_PASSWORD]
	// retry with password=[REDACTED]
}

func ExampleRedactor_NewWriter() {
	r := redact.New(nil)
	_ = r.Add("tr0ub4dor&3")
	w := r.NewWriter(os.Stdout)
	// The secret arrives split across two writes.
	fmt.Fprint(w, "token is tr0ub")
	fmt.Fprint(w, "4dor&3\n")
	w.Close()
	// Output:
	// token is [REDACTED]
}
