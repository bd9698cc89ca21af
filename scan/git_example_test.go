package scan_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/codebuddy/hush/scan"
)

// A pre-commit hook scans what the index holds: here a key that was
// staged and then removed from the working tree is still found, since
// it is what the commit would record.
func ExampleScanner_ScanStaged() {
	dir, err := os.MkdirTemp("", "repo")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			panic(string(out))
		}
	}
	file := filepath.Join(dir, "deploy.env")
	git("init", "-q")
	os.WriteFile(file, []byte("AWS_ACCESS_KEY_ID=AKIAQ7RZK2M4XW5VN3TB\n"), 0o600)
	git("add", "deploy.env")
	os.WriteFile(file, []byte("AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\n"), 0o600)

	s, err := scan.New(nil)
	if err != nil {
		panic(err)
	}
	res, err := s.ScanStaged(context.Background(), dir)
	if err != nil {
		panic(err)
	}
	for _, f := range res.Findings {
		fmt.Println(f)
	}
	// Output:
	// deploy.env:1:19: aws-access-key-id: [REDACTED]
}
