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

// A secret in the arguments is refused: pass it by environment instead.
func ExampleErrSecretInArgs() {
	r := redact.New(nil)
	token := "tok-8c1e55b0d2"
	if err := r.AddNamed("DEPLOY_TOKEN", token); err != nil {
		fmt.Println(err)
		return
	}

	cmd := execx.Command(context.Background(), "curl", "-H", "X-Token: "+token)
	cmd.Redactor = r
	err := cmd.Run()
	fmt.Println(errors.Is(err, execx.ErrSecretInArgs))
	fmt.Println(err)

	cmd = execx.Command(context.Background(), "sh", "-c", `echo "sent $DEPLOY_TOKEN"`)
	cmd.Env = []string{"DEPLOY_TOKEN=" + token}
	cmd.Redactor = r
	cmd.Stdout = os.Stdout
	if err := cmd.Run(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// true
	// execx: start "curl": argument 2: argument holds a secret (visible in the process list); pass it by environment variable or stdin
	// sent [REDACTED:DEPLOY_TOKEN]
}
