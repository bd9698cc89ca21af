package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// ScanStaged scans exactly what the index of the git repository around
// dir holds for the files a commit would add or change: each file
// added, copied, modified, renamed or changed in type in the index
// relative to HEAD (to the empty tree before the first commit). It
// reads the staged blobs from git's object store, never the working
// tree, so a secret removed from the index but still on disk is not
// reported, and one staged and since deleted on disk is. This is what
// a pre-commit hook should check; run from a hook, it honours the
// GIT_DIR and GIT_INDEX_FILE git sets.
//
// Each staged file is scanned whole, not only its changed lines, so a
// secret that was committed before in a file now changed is reported
// again, on the line it has in the staged file: accept such findings
// with a baseline or remove the secret. Findings name files by their
// path from the top of the work tree, with forward slashes. Symbolic
// links and submodules are not scanned. Binary blobs (a NUL byte in
// the first [SniffSize] bytes), blobs larger than [Options.MaxFileSize]
// and the files [Scanner.ScanDir] skips by name (generated files and
// those an allowlist allows by path) are skipped and counted in the
// result.
//
// A dir git does not recognise as part of a repository gives an error
// wrapping [ErrNotRepo]; a git command that fails, a *[GitError]. The
// result holds what was scanned before an error or the end of ctx.
func (s *Scanner) ScanStaged(ctx context.Context, dir string) (*Result, error) {
	res := &Result{}
	if err := checkDir(dir); err != nil {
		return res, err
	}
	head, err := headCommit(ctx, dir)
	if err != nil {
		return res, err
	}
	if err := checkNotBare(ctx, dir); err != nil {
		return res, err
	}
	base := "HEAD"
	if !head {
		if base, err = emptyTree(ctx, dir); err != nil {
			return res, err
		}
	}
	blobs, err := stagedBlobs(ctx, dir, base)
	if err != nil || len(blobs) == 0 {
		return res, err
	}
	err = s.scanBlobs(ctx, dir, blobs, res)
	slices.SortFunc(res.Findings, compareFindings)
	return res, err
}

// checkNotBare returns an error wrapping [ErrBareRepo] if dir is in a
// bare repository.
func checkNotBare(ctx context.Context, dir string) error {
	g := newGit(ctx, dir, "rev-parse", "--is-bare-repository")
	out, err := g.output(ctx)
	switch {
	case err != nil:
		return err
	case string(bytes.TrimSpace(out)) == "true":
		return &GitError{Dir: dir, Op: "rev-parse", Err: ErrBareRepo}
	}
	return nil
}

// emptyTree returns the id of the empty tree in the repository's hash
// algorithm, without writing it.
func emptyTree(ctx context.Context, dir string) (string, error) {
	g := newGit(ctx, dir, "hash-object", "-t", "tree", "--stdin")
	out, err := g.output(ctx)
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(out)), nil
}

// blob is a staged file: its path and the id of its content.
type blob struct {
	path, id string
}

// stagedBlobs lists the regular files the index adds or changes
// relative to the tree-ish base.
func stagedBlobs(ctx context.Context, dir, base string) ([]blob, error) {
	g := newGit(ctx, dir, "diff-index", "--cached", "--raw", "-z",
		"--no-renames", "--diff-filter=ACMRT", "--ignore-submodules",
		base, "--")
	out, err := g.output(ctx)
	if err != nil {
		return nil, err
	}
	blobs, err := parseRaw(out)
	if err != nil {
		return nil, &GitError{Dir: dir, Op: "diff-index", Err: err}
	}
	return blobs, nil
}

// errMalformed marks git output the scanner cannot parse.
var errMalformed = errors.New("malformed output")

// parseRaw reads the -z --raw output of git diff-index: for each file,
// ":oldmode newmode oldid newid status" NUL path NUL. It keeps regular
// files (modes 100644 and 100755).
func parseRaw(out []byte) ([]blob, error) {
	var blobs []blob
	for len(out) > 0 {
		head, rest, ok1 := bytes.Cut(out, []byte{0})
		path, rest, ok2 := bytes.Cut(rest, []byte{0})
		fields := bytes.Fields(head)
		if !ok1 || !ok2 || len(fields) != 5 || !bytes.HasPrefix(head, []byte(":")) {
			return nil, errMalformed
		}
		mode := string(fields[1])
		if mode == "100644" || mode == "100755" {
			blobs = append(blobs, blob{path: string(path), id: string(fields[3])})
		}
		out = rest
	}
	return blobs, nil
}

// scanBlobs reads blobs from git cat-file --batch and scans each,
// counting skipped ones in res.
func (s *Scanner) scanBlobs(ctx context.Context, dir string, blobs []blob, res *Result) error {
	g := newGit(ctx, dir, "cat-file", "--batch")
	in, err := g.cmd.StdinPipe()
	if err != nil {
		return g.fail(ctx, err)
	}
	out, err := g.cmd.StdoutPipe()
	if err != nil {
		return g.fail(ctx, err)
	}
	if err := g.cmd.Start(); err != nil {
		return g.fail(ctx, err)
	}
	go func() {
		w := bufio.NewWriter(in)
		for _, b := range blobs {
			w.WriteString(b.id + "\n")
		}
		w.Flush()
		in.Close()
	}()
	readErr := s.readBlobs(ctx, bufio.NewReaderSize(out, 64<<10), blobs, res)
	if readErr != nil {
		g.cmd.Process.Kill()
	}
	waitErr := g.cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return g.fail(ctx, ctx.Err())
	case readErr != nil:
		return &GitError{Dir: dir, Op: "cat-file", Stderr: g.stderr.firstLine(), Err: readErr}
	case waitErr != nil:
		return g.fail(ctx, waitErr)
	}
	return nil
}

// readBlobs reads the replies of git cat-file --batch for blobs, in
// order, and scans each as it comes. Scanning outpaces git's reading
// of its object store, so more goroutines would not finish sooner.
func (s *Scanner) readBlobs(ctx context.Context, br *bufio.Reader,
	blobs []blob, res *Result) error {
	for _, b := range blobs {
		size, err := blobHeader(br, b)
		if err != nil {
			return err
		}
		body := &io.LimitedReader{R: br, N: size}
		generated, excluded := s.gitSkip(b.path)
		switch {
		case generated:
			res.Generated++
		case excluded:
			res.Excluded++
		case s.maxSize >= 0 && size > s.maxSize:
			res.TooLarge++
		default:
			if err := s.scanBlob(ctx, b.path, body, res); err != nil {
				return err
			}
		}
		if _, err := io.Copy(io.Discard, body); err != nil {
			return fmt.Errorf("read %q: %w", b.path, err)
		}
		if c, err := br.ReadByte(); err != nil || c != '\n' {
			return fmt.Errorf("read %q: %w", b.path, errMalformed)
		}
	}
	return nil
}

// scanBlob scans one blob's content as it streams from r, counting it
// in res as scanned or binary (a NUL byte in its first [SniffSize]
// bytes). A blob that starts with a UTF-16 byte order mark is scanned
// as the UTF-8 text it holds.
func (s *Scanner) scanBlob(ctx context.Context, path string,
	r *io.LimitedReader, res *Result) error {
	size := r.N
	p := pass{s: s, file: path, line: 1}
	var mark []byte
	if br, ok := r.R.(*bufio.Reader); ok {
		mark, _ = br.Peek(int(min(r.N, 2)))
	}
	text, err := utf16Text(r, mark)
	if err != nil {
		return fmt.Errorf("read %q: %w", path, err)
	}
	err = s.stream(ctx, &p, text, func(b []byte) error {
		if bytes.IndexByte(b[:min(len(b), SniffSize)], 0) >= 0 {
			return ErrBinary
		}
		return nil
	})
	switch {
	case errors.Is(err, ErrBinary):
		res.Binary++
		return nil
	case err != nil:
		return err
	}
	res.Files++
	res.Bytes += size
	res.Findings = append(res.Findings, p.found...)
	return nil
}

// blobHeader reads the "id type size" line cat-file writes before a
// blob and returns the size.
func blobHeader(br *bufio.Reader, b blob) (int64, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, fmt.Errorf("read %q: %w", b.path, err)
	}
	f := bytes.Fields(line)
	if len(f) == 2 && string(f[1]) == "missing" {
		return 0, fmt.Errorf("blob of %q is missing", b.path)
	}
	if len(f) != 3 || string(f[0]) != b.id || string(f[1]) != "blob" {
		return 0, fmt.Errorf("read %q: %w", b.path, errMalformed)
	}
	size, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil || size < 0 {
		return 0, fmt.Errorf("read %q: %w", b.path, errMalformed)
	}
	return size, nil
}
