package hush_test

import (
	"fmt"
	"os"

	"github.com/codebuddy/hush/redact"
)

// Example shows the idea that ties hush together: one Redactor, shared
// by everything that writes output, knows every secret value.
func Example() {
	r := redact.New(nil)
	_ = r.AddNamed("API_TOKEN", "tok-4f9a-secret")

	out := r.NewWriter(os.Stdout)
	fmt.Fprintln(out, "calling the API with tok-4f9a-secret")
	fmt.Fprintln(out, "retrying: password=hunter2222")
	out.Close()
	// Output:
	// calling the API with [REDACTED:API_TOKEN]
	// retrying: password=[REDACTED]
}
