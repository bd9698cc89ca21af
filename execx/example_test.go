//go:build unix

package execx_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/codebuddy/hush/execx"
	"github.com/codebuddy/hush/redact"
)

// A child that prints a secret from its environment shows only a mask.
func Example() {
	r := redact.New(nil) // in a program: the one shared Redactor

	cmd := execx.Command(context.Background(), "sh", "-c",
		`echo "connecting with $DB_PASSWORD"; echo "login failed for $DB_PASSWORD" >&2`)
	cmd.Env = []string{"DB_PASSWORD=correct-horse-battery"}
	cmd.Redactor = r
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stdout
	if err := cmd.Run(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// connecting with [REDACTED:DB_PASSWORD]
	// login failed for [REDACTED:DB_PASSWORD]
}

// A failing command's error and captured standard error are masked.
func ExampleCmd_Output() {
	r := redact.New(nil)
	if err := r.AddNamed("API_KEY", "k-5f2d9a7c31"); err != nil {
		fmt.Println(err)
		return
	}

	cmd := execx.Command(context.Background(), "sh", "-c",
		`echo "rejected key $SENT" >&2; exit 3`)
	cmd.Env = []string{"SENT=k-5f2d9a7c31"}
	cmd.Redactor = r
	_, err := cmd.Output()
	fmt.Println(err)
	var ee *execx.ExitError
	if errors.As(err, &ee) {
		fmt.Printf("exit code %d, stderr %q\n", ee.ExitCode(), ee.Stderr)
	}
	// Output:
	// execx: "sh": exit status 3
	// exit code 3, stderr "rejected key [REDACTED:API_KEY]\n"
}
