// Command audit checks a git repository against the team's rules for
// keeping secrets out of it:
//
//	go run ./examples/audit [-repo DIR] [-max-findings N]
//
// It checks that .env is ignored by git, that no .env file is tracked
// (templates such as .env.example are fine), that a template such as
// .env.example exists, that a pre-commit hook is installed or a
// .pre-commit-config.yaml is present and that it runs a secret scanner
// (it looks for the name of hush's or of a common one, and warns if it
// finds none), and it scans every line added by
// every commit on any ref for hard-coded secrets. Each check prints
// PASS, WARN or FAIL and a short reason; findings show where a secret
// is and which rule found it, never the secret.
//
// Exit codes: 0 when no check fails (warnings allowed), 1 when one
// does, 2 when the audit could not run: DIR is not in a git
// repository, git is missing, or a git command failed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitPass  = 0
	exitFail  = 1
	exitError = 2
)

// run is main with its inputs and outputs passed in, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("repo", ".", "audit the git repository around `DIR`")
	maxFindings := fs.Int("max-findings", 20, "list at most `N` history findings")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: audit [-repo DIR] [-max-findings N]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "audit: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	r, err := openRepo(ctx, *dir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	results, err := audit(ctx, r, *maxFindings)
	writeReport(stdout, r.top, results)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	return exitCode(results)
}

// audit runs every check in order. A check that cannot run stops the
// audit; the results so far are returned with its error.
func audit(ctx context.Context, r *repo, maxFindings int) ([]result, error) {
	checks := []func(context.Context, *repo) (result, error){
		checkEnvIgnored,
		checkEnvTracked,
		checkTemplate,
		checkHook,
		func(ctx context.Context, r *repo) (result, error) {
			return checkHistory(ctx, r, maxFindings)
		},
	}
	var results []result
	for _, check := range checks {
		res, err := check(ctx, r)
		if err != nil {
			return results, err
		}
		results = append(results, res)
	}
	return results, nil
}

// exitCode returns exitFail if a result failed, else exitPass.
func exitCode(results []result) int {
	for _, r := range results {
		if r.status == statusFail {
			return exitFail
		}
	}
	return exitPass
}

// writeReport writes one line per result, its details indented below
// it, and a summary.
func writeReport(w io.Writer, top string, results []result) {
	fmt.Fprintf(w, "audit of %s\n", top)
	var counts [3]int
	for _, r := range results {
		counts[r.status]++
		fmt.Fprintf(w, "%-4s  %-18s %s\n", r.status, r.name, r.summary)
		for _, d := range r.details {
			fmt.Fprintf(w, "      %s\n", d)
		}
	}
	fmt.Fprintf(w, "summary: %d passed, %d warned, %d failed\n",
		counts[statusPass], counts[statusWarn], counts[statusFail])
}

// errGit marks an audit that could not run git.
var errGit = errors.New("audit: git")
