// Command scan finds hard-coded secrets in files and directory trees:
//
//	go run ./examples/scan [-format text|json|sarif] [-output FILE] [PATH...]
//
// Each PATH is a file or a directory (default "."); directories are
// walked in parallel without following symbolic links, skipping .git,
// binary files and files over 10 MiB. Findings show where a secret is
// and which rule found it, never the secret itself.
//
// The report goes to standard output, or to FILE with -output; a
// summary of what was scanned and skipped goes to standard error.
//
// Exit codes: 0 when nothing was found, 1 when something was, 2 on a
// usage error or when a path or file could not be read (the rest are
// still scanned and reported).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/codebuddy/hush/scan"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

// run is main with its inputs and outputs passed in, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "report format: text, json or sarif")
	output := fs.String("output", "", "write the report to `FILE` instead of standard output")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: scan [flags] [PATH...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	write, ok := writers[*format]
	if !ok {
		fmt.Fprintf(stderr, "scan: unknown format %q (want text, json or sarif)\n", *format)
		return exitError
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	s, err := scan.New(nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	res, scanErr := scanPaths(ctx, s, paths)
	if err := report(*output, stdout, write, res.Findings); err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	summarize(stderr, res)
	switch {
	case scanErr != nil:
		fmt.Fprintln(stderr, scanErr)
		return exitError
	case len(res.Findings) > 0:
		return exitFindings
	}
	return exitClean
}

// writer writes a report of findings.
type writer func(io.Writer, []scan.Finding) error

// writers are the report formats by name.
var writers = map[string]writer{
	"text": scan.WriteText,
	"json": scan.WriteJSON,
	"sarif": func(w io.Writer, f []scan.Finding) error {
		return scan.WriteSARIF(w, f, scan.DefaultRules())
	},
}

// scanPaths scans each path, a file or a directory, and adds up the
// results; the error joins those of every path.
func scanPaths(ctx context.Context, s *scan.Scanner, paths []string) (*scan.Result, error) {
	var (
		total scan.Result
		errs  []error
	)
	for _, p := range paths {
		res, err := scanPath(ctx, s, p)
		if err != nil {
			errs = append(errs, err)
		}
		total.Findings = append(total.Findings, res.Findings...)
		total.Files += res.Files
		total.Bytes += res.Bytes
		total.Binary += res.Binary
		total.TooLarge += res.TooLarge
		total.Symlinks += res.Symlinks
		total.Failed += res.Failed
	}
	return &total, errors.Join(errs...)
}

// scanPath scans one file or directory.
func scanPath(ctx context.Context, s *scan.Scanner, path string) (*scan.Result, error) {
	info, err := os.Stat(path)
	if err != nil {
		return &scan.Result{Failed: 1}, fmt.Errorf("scan: %w", err)
	}
	if info.IsDir() {
		return s.ScanDir(ctx, path)
	}
	found, err := s.ScanFile(ctx, path)
	switch {
	case errors.Is(err, scan.ErrBinary):
		return &scan.Result{Binary: 1}, nil
	case err != nil:
		return &scan.Result{Failed: 1}, err
	}
	return &scan.Result{Findings: found, Files: 1, Bytes: info.Size()}, nil
}

// report writes the findings with write to the file named output, or
// to stdout if output is empty.
func report(output string, stdout io.Writer, write writer, findings []scan.Finding) error {
	if output == "" {
		return write(stdout, findings)
	}
	f, err := os.Create(output)
	if err != nil {
		return fmt.Errorf("scan: %w", err)
	}
	if err := write(f, findings); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("scan: %w", err)
	}
	return nil
}

// summarize writes one line on what was scanned, skipped and found.
func summarize(w io.Writer, r *scan.Result) {
	fmt.Fprintf(w, "scan: %d files (%.1f MB) scanned, %d findings; skipped %d binary, "+
		"%d too large, %d symlinks, %d unreadable\n",
		r.Files, float64(r.Bytes)/1e6, len(r.Findings), r.Binary, r.TooLarge, r.Symlinks, r.Failed)
}
