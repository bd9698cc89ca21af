package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"strings"
	"time"
)

// ErrNotRepo is wrapped by the error [Scanner.ScanStaged] and
// [Scanner.ScanHistory] return for a directory that git does not take
// for part of a repository, including one whose .git is too damaged
// for git to recognise.
var ErrNotRepo = errors.New("scan: not a git repository")

// ErrBareRepo is wrapped by the error [Scanner.ScanStaged] returns for a
// bare repository, which has no index to stage changes in.
var ErrBareRepo = errors.New("scan: bare repository has no index")

// GitError is a git command that failed or could not be started. A
// missing git program gives a GitError wrapping [exec.ErrNotFound].
type GitError struct {
	// Dir is the directory git ran in.
	Dir string

	// Op is the git subcommand, such as "diff-index" or "log".
	Op string

	// Stderr is the first line git wrote to its standard error,
	// cut to 200 bytes; empty if it wrote none.
	Stderr string

	// Err is the cause: an *exec.ExitError, a start failure, a
	// malformed reply or [ErrNotRepo].
	Err error
}

// Error returns "scan: git OP in DIR: " and git's message or the cause.
func (e *GitError) Error() string {
	msg := "scan: git " + e.Op + " in " + fmt.Sprintf("%q", e.Dir) + ": "
	if e.Stderr != "" {
		return msg + e.Stderr
	}
	return msg + strings.TrimPrefix(e.Err.Error(), "scan: ")
}

// Unwrap returns the cause.
func (e *GitError) Unwrap() error { return e.Err }

// gitErrStatus is the status git exits with on a fatal error, such as
// running outside a repository.
const gitErrStatus = 128

// maxStderr bounds the standard error kept from one git command.
const maxStderr = 4 << 10

// gitCmd is one git command being run in a repository.
type gitCmd struct {
	cmd    *exec.Cmd
	dir    string
	op     string
	stderr limitedBuffer
}

// newGit prepares "git ARGS" in dir. It inherits the environment, so a
// hook's GIT_DIR and GIT_INDEX_FILE are honoured, and turns off what
// could change the repository, page output, ask for a password or run
// a configured program.
func newGit(ctx context.Context, dir string, args ...string) *gitCmd {
	full := append([]string{
		"--no-pager",
		"-c", "core.quotepath=off",
		"-c", "core.fsmonitor=false",
		"-c", "color.ui=false",
		"-c", "log.showSignature=false",
		"-c", "log.showRoot=true",
		"-c", "diff.relative=false",
	}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"LC_ALL=C",
		"GIT_OPTIONAL_LOCKS=0",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_PAGER=cat",
	)
	cmd.WaitDelay = time.Second
	g := &gitCmd{cmd: cmd, dir: dir, op: args[0]}
	g.stderr.max = maxStderr
	cmd.Stderr = &g.stderr
	return g
}

// fail returns err as a *GitError, or ctx's error when ctx ended.
func (g *gitCmd) fail(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("scan: git %s in %q: %w", g.op, g.dir, ctx.Err())
	}
	return &GitError{Dir: g.dir, Op: g.op, Stderr: g.stderr.firstLine(), Err: err}
}

// output runs g and returns its standard output.
func (g *gitCmd) output(ctx context.Context) ([]byte, error) {
	out, err := g.cmd.Output()
	if err != nil {
		return out, g.fail(ctx, err)
	}
	return out, nil
}

// exitStatus returns err's exit status, or -1 if git did not run to
// an exit.
func exitStatus(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// checkDir refuses a repository directory that does not exist or is
// not a directory, before git sees it.
func checkDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("scan: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%w: %q is not a directory", ErrNotRepo, dir)
	}
	return nil
}

// headCommit reports whether the repository around dir has a HEAD
// commit. A directory git does not recognise as a repository gives an
// error wrapping [ErrNotRepo].
func headCommit(ctx context.Context, dir string) (bool, error) {
	g := newGit(ctx, dir, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	_, err := g.output(ctx)
	switch {
	case err == nil:
		return true, nil
	case ctx.Err() != nil:
		return false, err
	case exitStatus(err) == 1:
		return false, nil // no commit yet
	case exitStatus(err) == gitErrStatus:
		return false, &GitError{Dir: dir, Op: "rev-parse",
			Stderr: g.stderr.firstLine(), Err: ErrNotRepo}
	}
	return false, err
}

// gitSkip reports whether a file of a repository, named by its slash
// path from the top, is one that [Scanner.ScanDir] would skip by its
// name: a generated file (see [Generated]) or one an allowlist of
// [Options.Allowlists] allows by path.
func (s *Scanner) gitSkip(name string) (generated, excluded bool) {
	if s.skipGenerated(path.Base(name)) {
		return true, false
	}
	return false, s.excluded(name)
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	buf bytes.Buffer
	max int
}

// Write keeps what fits and reports all of p as written.
func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// firstLine returns the first non-empty line kept, cut to 200 bytes.
func (b *limitedBuffer) firstLine() string {
	for line := range strings.Lines(b.buf.String()) {
		if line = strings.TrimSpace(line); line != "" {
			return line[:min(len(line), 200)]
		}
	}
	return ""
}

// lineReader reads lines of any length from git's output, keeping at
// most max bytes of each.
type lineReader struct {
	r    *bufio.Reader
	long []byte // scratch for lines longer than r's buffer
	max  int
}

// next returns the next line without its newline, and whether it was
// cut short because it held more than max bytes. The line is valid
// until the next call. At the end of the input it returns io.EOF.
func (lr *lineReader) next() (line []byte, cut bool, err error) {
	line, err = lr.r.ReadSlice('\n')
	if err == nil {
		return line[:len(line)-1], false, nil
	}
	if !errors.Is(err, bufio.ErrBufferFull) {
		if err == io.EOF && len(line) > 0 {
			return line, false, nil
		}
		return nil, false, err
	}
	lr.long = append(lr.long[:0], line...)
	for errors.Is(err, bufio.ErrBufferFull) {
		line, err = lr.r.ReadSlice('\n')
		if room := lr.max - len(lr.long); room > 0 {
			lr.long = append(lr.long, line[:min(len(line), room)]...)
		} else {
			cut = true
		}
	}
	if err != nil && err != io.EOF {
		return nil, cut, err
	}
	lr.long = bytes.TrimSuffix(lr.long, nl)
	return lr.long, cut || len(lr.long) >= lr.max, nil
}
