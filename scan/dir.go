package scan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Result is the outcome of a directory scan.
type Result struct {
	// Findings are sorted by file, line and column.
	Findings []Finding

	// Files is how many files were scanned, and Bytes how many bytes
	// they held.
	Files int
	Bytes int64

	// Binary, TooLarge and Symlinks count the files skipped for each
	// reason; Special, the named pipes, sockets and devices, which
	// ScanDir does not open; Failed, those that could not be read
	// (their errors are joined in the error ScanDir returns).
	Binary, TooLarge, Symlinks, Special, Failed int

	// Generated counts the minified assets and source maps skipped
	// (see [Generated]), and the lock files when no rule applies to
	// them (see [Rule.LockFiles]); Excluded, the files skipped
	// because an allowlist of [Options.Allowlists] allows them by
	// path.
	Generated, Excluded int
}

// Add adds the counts and findings of o to r. It does not sort the
// findings.
func (r *Result) Add(o *Result) {
	r.Findings = append(r.Findings, o.Findings...)
	r.Files += o.Files
	r.Bytes += o.Bytes
	r.Binary += o.Binary
	r.TooLarge += o.TooLarge
	r.Symlinks += o.Symlinks
	r.Special += o.Special
	r.Failed += o.Failed
	r.Generated += o.Generated
	r.Excluded += o.Excluded
}

// ScanDir scans every regular file under root, several at once (see
// [Options.Workers]). It follows root if root is a symbolic link to a
// directory, but no symbolic link below it; it skips
// directories named .git, and skips and counts binary files, files
// larger than [Options.MaxFileSize], minified assets and source maps
// (see [Generated] and [Options.ScanGenerated]) and files that an
// allowlist of [Options.Allowlists] allows by path.
//
// A file or directory that cannot be read is counted in Result.Failed
// and its error, naming it, joined into the returned error; the rest of
// the tree is still scanned. If root itself cannot be read, or ctx
// ends, the error says so and the result holds what was done.
func (s *Scanner) ScanDir(ctx context.Context, root string) (*Result, error) {
	var (
		mu   sync.Mutex // guards res and errs
		res  Result
		errs []error
		wg   sync.WaitGroup
	)
	if info, err := os.Lstat(root); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		root += string(filepath.Separator) // makes the walk start in the target
	}
	paths := make(chan string)
	for range s.workers {
		wg.Go(func() {
			for path := range paths {
				found, n, err := s.scanTreeFile(ctx, path)
				mu.Lock()
				res.add(found, n, err, &errs)
				if s.progress != nil {
					s.progress(res.Files, res.Bytes)
				}
				mu.Unlock()
			}
		})
	}
	walkErr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			mu.Lock()
			res.Failed++
			errs = append(errs, fmt.Errorf("scan: %w", err))
			mu.Unlock()
			return nil
		}
		return s.visit(ctx, path, d, paths, &mu, &res)
	})
	close(paths)
	wg.Wait()
	switch {
	case walkErr != nil:
		errs = append(errs, fmt.Errorf("scan: walk %q: %w", root, walkErr))
	case ctx.Err() != nil:
		errs = append(errs, fmt.Errorf("scan: walk %q: %w", root, ctx.Err()))
	}
	slices.SortFunc(res.Findings, compareFindings)
	return &res, errors.Join(errs...)
}

// visit decides what to do with one entry of the walk: descend, skip,
// count or send it to the workers.
func (s *Scanner) visit(ctx context.Context, path string, d fs.DirEntry,
	paths chan<- string, mu *sync.Mutex, res *Result) error {
	switch {
	case d.IsDir() && d.Name() == ".git":
		return filepath.SkipDir
	case d.IsDir():
		return nil
	case d.Type()&fs.ModeSymlink != 0:
		mu.Lock()
		res.Symlinks++
		mu.Unlock()
		return nil
	case !d.Type().IsRegular():
		mu.Lock()
		res.Special++
		mu.Unlock()
		return nil
	case s.skipGenerated(d.Name()):
		mu.Lock()
		res.Generated++
		mu.Unlock()
		return nil
	case s.excluded(slashPath(path)):
		mu.Lock()
		res.Excluded++
		mu.Unlock()
		return nil
	}
	select {
	case paths <- path:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// scanTreeFile scans one file of a tree and returns its findings and
// size, or an error: errTooLarge, ErrBinary or a read error.
func (s *Scanner) scanTreeFile(ctx context.Context, path string) ([]Finding, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("scan: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("scan: %w", err)
	}
	if s.maxSize >= 0 && info.Size() > s.maxSize {
		return nil, 0, fmt.Errorf("%w %q", errTooLarge, path)
	}
	found, err := s.scanOpen(ctx, f, path)
	return found, info.Size(), err
}

// add counts one file's outcome into r, appending to errs an error
// that is not a counted skip.
func (r *Result) add(found []Finding, n int64, err error, errs *[]error) {
	switch {
	case errors.Is(err, ErrBinary):
		r.Binary++
	case errors.Is(err, errTooLarge):
		r.TooLarge++
	case errors.Is(err, context.Canceled),
		errors.Is(err, context.DeadlineExceeded):
		// reported once by ScanDir
	case err != nil:
		r.Failed++
		*errs = append(*errs, err)
	default:
		r.Files++
		r.Bytes += n
		r.Findings = append(r.Findings, found...)
	}
}

// compareFindings orders findings by file, line and column, then rule.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Rule, b.Rule),
	)
}
