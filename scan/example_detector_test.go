package scan_test

import (
	"fmt"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/scan"
)

// The scanner's rule table masks secret shapes in log lines and child
// output too.
func ExampleDefaultDetectors() {
	r := redact.New(&redact.Options{Detectors: scan.DefaultDetectors()})
	fmt.Println(r.Redact("pushed with token ghp_Xq8vN2kLm4Rt7Wz1Yb5Jc9Hd3Fg6Ps0Ae2Ui"))
	fmt.Println(r.Redact("cache=redis://:Zk2mQ9vLx4Tb@cache.internal:6379/0"))
	// Output:
	// pushed with token [REDACTED:github-token]
	// cache=redis://:[REDACTED:url-password]@cache.internal:6379/0
}
