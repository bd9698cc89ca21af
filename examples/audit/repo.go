package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// repo is the repository under audit.
type repo struct {
	top     string   // the top of the work tree
	tracked []string // the paths git tracks, from top, with "/"
}

// openRepo finds the repository around dir and lists what it tracks.
func openRepo(ctx context.Context, dir string) (*repo, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("audit: repository: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("audit: repository %q is not a directory", dir)
	}
	out, _, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	r := &repo{top: strings.TrimRight(string(out), "\n")}
	if out, _, err = git(ctx, r.top, "ls-files", "-z"); err != nil {
		return nil, err
	}
	for p := range bytes.SplitSeq(out, []byte{0}) {
		if len(p) > 0 {
			r.tracked = append(r.tracked, string(p))
		}
	}
	return r, nil
}

// gitError is a git command that failed or could not start.
type gitError struct {
	args   []string
	stderr string // git's first line of complaint
	err    error
}

func (e *gitError) Error() string {
	msg := "audit: git " + e.args[0]
	if e.stderr != "" {
		return msg + ": " + e.stderr
	}
	return msg + ": " + e.err.Error()
}

func (e *gitError) Unwrap() []error { return []error{errGit, e.err} }

// git runs "git ARGS" in dir and returns its output and exit status.
// An exit status in okStatus is no error. It turns off what could
// change the repository, page output or ask for a password.
func git(ctx context.Context, dir string, args ...string) ([]byte, int, error) {
	return gitOK(ctx, dir, nil, args...)
}

// gitOK is git with the exit statuses, other than 0, that are answers
// rather than failures (1 for "not ignored" from check-ignore).
func gitOK(ctx context.Context, dir string, okStatus []int, args ...string) ([]byte, int, error) {
	full := append([]string{"--no-pager", "-c", "core.fsmonitor=false"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0",
		"GIT_TERMINAL_PROMPT=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		for _, s := range okStatus {
			if exit.ExitCode() == s {
				return out, s, nil
			}
		}
	}
	if err != nil {
		line, _, _ := strings.Cut(stderr.String(), "\n")
		return out, -1, &gitError{args: args, stderr: line, err: err}
	}
	return out, 0, nil
}
