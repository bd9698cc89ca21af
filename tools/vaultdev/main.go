// Command vaultdev is HashiCorp Vault v1.13.2, built from its published
// Go modules, for one purpose only: running a throwaway dev server on
// 127.0.0.1 for hush's integration tests.
//
// Vault v1.13.2 is MPL-2.0 licensed and builds from the module proxy
// without patches. It is an old release with known vulnerabilities:
// use it for a dev server on the loopback address during tests, never
// for anything else. Newer releases are either not open source or
// cannot be built from published modules.
//
// Build it with the script next to this file (it reuses a built binary):
//
//	tools/vaultdev/build.sh
package main

import (
	"os"

	"github.com/hashicorp/vault/command"
)

func main() {
	os.Exit(command.Run(os.Args[1:]))
}
