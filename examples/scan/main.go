// Command scan finds hard-coded secrets in files and directory trees:
//
//	go run ./examples/scan [flags] [PATH...]
//
// Each PATH is a file or a directory (default "."); directories are
// walked in parallel without following symbolic links, skipping .git,
// binary files, files over 10 MiB and minified assets; lock files are
// scanned only for unmistakable secrets such as tokens in URLs.
// Findings show where a secret is and which rule found it, never the
// secret itself.
//
// The flags:
//
//	-format text|json|sarif  the report's format (default text)
//	-output FILE             write the report to FILE, not standard output
//	-config FILE             read rules and allowlists from a gitleaks-format
//	                         TOML file instead of using the built-in rules
//	-baseline FILE           report only findings not in this baseline
//	-write-baseline FILE     accept every current finding: write them to
//	                         FILE as a baseline and report none
//	-fix                     replace each reported secret in its file with
//	                         a placeholder such as <github-token>
//	-staged                  scan exactly what the git index holds, in the
//	                         repository at PATH (default "."): for a
//	                         pre-commit hook
//	-history                 scan every line added by every commit of the
//	                         repository at PATH; text findings name the
//	                         commit before the file, JSON ones have
//	                         commit, author, email and date fields, SARIF
//	                         ones commit and date properties
//	-revs REVS               with -history: comma-separated revisions or
//	                         ranges to scan (default: all refs)
//
// The report goes to standard output, or to FILE with -output; a
// summary of what was scanned and skipped goes to standard error.
// When standard output is a terminal the text report is coloured,
// unless the NO_COLOR environment variable is set and not empty or
// TERM is "dumb", and control characters from the scanned files are
// shown escaped; a file or a pipe gets plain text. When standard error
// is a terminal, a scan of files and directories, or of the history
// (counting changed files), that runs longer than half a second shows
// how many files and megabytes it has read on a
// line of its own, rewritten in place and cleared when the scan ends.
//
// Exit codes: 0 when nothing was found (or all was written to a new
// baseline), 1 when something was (even when -fix replaced it, so that
// a pre-commit hook stops for the fixed files to be staged again), 2
// on a usage error, a bad configuration or baseline, or when a path or
// file could not be read (the rest are still scanned and reported).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/codebuddy/hush/scan"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, osConsole())
	stop()
	os.Exit(code)
}

// errSpecial is a path that is neither a regular file nor a directory,
// such as a named pipe or a device.
var errSpecial = errors.New("not a regular file or directory")

// Exit codes.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

// run is main with its inputs and outputs passed in, for tests; con
// says which of the outputs are terminals.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, con console) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "report format: text, json or sarif")
	output := fs.String("output", "", "write the report to `FILE` instead of standard output")
	config := fs.String("config", "", "read rules and allowlists from the gitleaks-format TOML `FILE`")
	baseline := fs.String("baseline", "", "report only findings not in the baseline `FILE`")
	writeBase := fs.String("write-baseline", "", "write every finding to the baseline `FILE` and report none")
	fix := fs.Bool("fix", false, "replace each reported secret with a placeholder, in place")
	staged := fs.Bool("staged", false, "scan what the git index holds (pre-commit hook)")
	history := fs.Bool("history", false, "scan every line added in the git history")
	revs := fs.String("revs", "", "with -history: comma-separated `REVS` (default: all refs)")
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
	if *format == "text" && *output == "" && con.stdoutTTY {
		write = terminalWriter(con.color)
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if git := *staged || *history; git && (len(paths) > 1 || *staged && *history || *history && *fix) {
		fmt.Fprintln(stderr, "scan: -staged and -history take one repository, "+
			"not both, and -history cannot -fix")
		return exitError
	}
	opts, err := options(*config, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	base, err := loadBaseline(*baseline)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	var prog *progress
	if con.stderrTTY && !*staged {
		prog = newProgress(stderr, con.clock())
		opts.Progress = prog.update
	}
	s, err := scan.New(opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	var (
		res      *scan.Result
		scanErr  error
		gitFound []scan.GitFinding // with -history, the findings with their commits
	)
	switch {
	case *staged:
		res, scanErr = s.ScanStaged(ctx, paths[0])
	case *history:
		res, gitFound, scanErr = scanHistory(ctx, s, paths[0], *revs)
	default:
		res, scanErr = scanPaths(ctx, s, paths, prog)
	}
	prog.clear()
	if res == nil {
		res = &scan.Result{}
	}
	nameCommits(res.Findings, gitFound)
	all := res.Findings
	res.Findings = base.Filter(all)
	baselined := len(all) - len(res.Findings)
	if gitFound != nil && *format != "text" {
		write = historyWriter(*format, filterGit(base, gitFound))
	}
	if *writeBase != "" {
		if err := writeFile(*writeBase, all, scan.WriteBaseline); err != nil {
			fmt.Fprintln(stderr, err)
			return exitError
		}
		fmt.Fprintf(stderr, "scan: wrote %d findings to baseline %s\n", len(all), *writeBase)
		res.Findings = nil
	}
	if err := report(*output, stdout, write, res.Findings, opts.Rules); err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	summarize(stderr, res, baselined)
	if *fix && len(res.Findings) > 0 {
		scanErr = errors.Join(scanErr, fixAll(stderr, res.Findings))
	}
	switch {
	case scanErr != nil:
		fmt.Fprintln(stderr, scanErr)
		return exitError
	case len(res.Findings) > 0:
		return exitFindings
	}
	return exitClean
}

// writer writes a report of findings made by rules.
type writer func(io.Writer, []scan.Finding, []scan.Rule) error

// writers are the report formats by name.
var writers = map[string]writer{
	"text": func(w io.Writer, f []scan.Finding, _ []scan.Rule) error {
		return scan.WriteText(w, f)
	},
	"json": func(w io.Writer, f []scan.Finding, _ []scan.Rule) error {
		return scan.WriteJSON(w, f)
	},
	"sarif": scan.WriteSARIF,
}

// terminalWriter returns the text writer for a terminal.
func terminalWriter(color bool) writer {
	return func(w io.Writer, f []scan.Finding, _ []scan.Rule) error {
		return scan.WriteTerminal(w, f, color)
	}
}

// options returns the scanner's options: the rules and allowlists of
// the configuration file at path, or the defaults when path is empty.
// It writes the file's warnings to stderr.
func options(path string, stderr io.Writer) (*scan.Options, error) {
	if path == "" {
		return &scan.Options{Rules: scan.DefaultRules()}, nil
	}
	cfg, err := scan.LoadConfig(path)
	if err != nil {
		return nil, err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	return &scan.Options{Rules: cfg.Rules, Allowlists: cfg.Allowlists}, nil
}

// loadBaseline reads the baseline at path; nil when path is empty.
func loadBaseline(path string) (*scan.Baseline, error) {
	if path == "" {
		return nil, nil
	}
	return scan.LoadBaseline(path)
}

// fixAll replaces the findings' secrets in their files and says on
// stderr how many it replaced.
func fixAll(stderr io.Writer, findings []scan.Finding) error {
	var (
		files []string
		errs  []error
		fixed int
	)
	for _, f := range findings {
		if !slices.Contains(files, f.File) {
			files = append(files, f.File)
		}
	}
	for _, file := range files {
		n, err := scan.Fix(file, findings)
		fixed += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	fmt.Fprintf(stderr, "scan: replaced %d secrets in %d files with placeholders\n", fixed, len(files))
	return errors.Join(errs...)
}

// scanPaths scans each path, a file or a directory, and adds up the
// results; the error joins those of every path. prog, if not nil, is
// told of each path's totals.
func scanPaths(ctx context.Context, s *scan.Scanner, paths []string,
	prog *progress) (*scan.Result, error) {
	var (
		total scan.Result
		errs  []error
	)
	for _, p := range paths {
		res, err := scanPath(ctx, s, p)
		if err != nil {
			errs = append(errs, err)
		}
		total.Add(res)
		prog.finish(res.Files, res.Bytes)
	}
	return &total, errors.Join(errs...)
}

// scanHistory scans the history of the repository at dir and returns
// its findings as a Result, and as GitFindings in the same order.
func scanHistory(ctx context.Context, s *scan.Scanner, dir, revs string) (
	*scan.Result, []scan.GitFinding, error) {
	var opts scan.HistoryOptions
	if revs != "" {
		opts.Revs = strings.Split(revs, ",")
	}
	hr, err := s.ScanHistory(ctx, dir, &opts)
	if hr == nil {
		return nil, nil, err
	}
	res := &scan.Result{Files: hr.Changes, Bytes: hr.Bytes, Binary: hr.Binary,
		TooLarge: hr.TooLarge, Generated: hr.Generated, Excluded: hr.Excluded}
	for _, f := range hr.Findings {
		res.Findings = append(res.Findings, f.Finding)
	}
	return res, hr.Findings, err
}

// nameCommits prefixes the file of each finding with the commit of the
// GitFinding at its index, as "0123456789ab:path", so the text and
// SARIF reports show where it is.
func nameCommits(findings []scan.Finding, git []scan.GitFinding) {
	for i, g := range git {
		findings[i].File = g.Commit[:min(len(g.Commit), 12)] + ":" + findings[i].File
	}
}

// filterGit returns the findings base does not hold, in order.
func filterGit(base *scan.Baseline, git []scan.GitFinding) []scan.GitFinding {
	var out []scan.GitFinding
	for _, g := range git {
		if !base.Has(g.Finding) {
			out = append(out, g)
		}
	}
	return out
}

// historyWriter returns the JSON or SARIF writer for -history: the
// findings it is given are those of git, in order, so it writes as many
// of git, with their commits and plain file names.
func historyWriter(format string, git []scan.GitFinding) writer {
	return func(w io.Writer, f []scan.Finding, rules []scan.Rule) error {
		if format == "sarif" {
			return scan.WriteHistorySARIF(w, git[:len(f)], rules)
		}
		return scan.WriteHistoryJSON(w, git[:len(f)])
	}
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
	if !info.Mode().IsRegular() {
		// Opening a named pipe would wait for a writer.
		return &scan.Result{Special: 1}, fmt.Errorf("scan: %q: %w", path, errSpecial)
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

// report writes the findings of rules with write to the file named
// output, or to stdout if output is empty.
func report(output string, stdout io.Writer, write writer,
	findings []scan.Finding, rules []scan.Rule) error {
	if output == "" {
		return write(stdout, findings, rules)
	}
	return writeFile(output, findings, func(w io.Writer, f []scan.Finding) error {
		return write(w, f, rules)
	})
}

// writeFile creates the file named name and writes findings to it
// with write.
func writeFile(name string, findings []scan.Finding,
	write func(io.Writer, []scan.Finding) error) error {
	f, err := os.Create(name)
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

// summarize writes one line on what was scanned, skipped and found;
// baselined is how many findings the baseline held.
func summarize(w io.Writer, r *scan.Result, baselined int) {
	fmt.Fprintf(w, "scan: %d files (%.1f MB) scanned, %d findings, %d in baseline; "+
		"skipped %d binary, %d too large, %d symlinks, %d special, %d unreadable, "+
		"%d generated, %d allowlisted\n",
		r.Files, float64(r.Bytes)/1e6, len(r.Findings), baselined, r.Binary, r.TooLarge,
		r.Symlinks, r.Special, r.Failed, r.Generated, r.Excluded)
}
