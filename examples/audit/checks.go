package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/codebuddy/hush/scan"
)

// status is the verdict of a check.
type status int

const (
	statusPass status = iota
	statusWarn
	statusFail
)

func (s status) String() string {
	return [...]string{"PASS", "WARN", "FAIL"}[s]
}

// result is the outcome of one check.
type result struct {
	name    string
	status  status
	summary string
	details []string // one line each: files, findings, hints
}

// templateWords mark an env file as a template of names with dummy
// values rather than one with real values.
var templateWords = []string{"example", "sample", "template", "dist", "tmpl", "tpl"}

// envKind reports whether the file at p is an env file (.env, .env.*,
// *.env) and whether it is a template such as .env.example.
func envKind(p string) (env, template bool) {
	base := strings.ToLower(path.Base(p))
	env = base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env")
	if !env {
		return false, false
	}
	for _, w := range templateWords {
		if strings.Contains(base, w) {
			return true, true
		}
	}
	return true, false
}

// checkEnvIgnored checks that git ignores a .env file at the top of
// the work tree.
func checkEnvIgnored(ctx context.Context, r *repo) (result, error) {
	res := result{name: ".env ignored"}
	_, code, err := gitOK(ctx, r.top, []int{1}, "check-ignore", "-q", "--no-index", ".env")
	switch {
	case err != nil:
		return res, err
	case code == 0:
		res.summary = ".env is ignored by git"
	default:
		res.status = statusFail
		res.summary = ".env is not ignored by git"
		res.details = []string{"add .env to .gitignore"}
	}
	return res, nil
}

// checkEnvTracked checks that git tracks no env file other than
// templates.
func checkEnvTracked(_ context.Context, r *repo) (result, error) {
	res := result{name: "no .env tracked"}
	for _, p := range r.tracked {
		if env, template := envKind(p); env && !template {
			res.details = append(res.details, p)
		}
	}
	if len(res.details) == 0 {
		res.summary = "no .env file is tracked"
		return res, nil
	}
	res.status = statusFail
	res.summary = fmt.Sprintf("%d env files are tracked; untrack them "+
		"(git rm --cached) and rotate their values", len(res.details))
	return res, nil
}

// checkTemplate checks that an env template such as .env.example is
// tracked, so newcomers know which variables to set.
func checkTemplate(_ context.Context, r *repo) (result, error) {
	res := result{name: "env template"}
	for _, p := range r.tracked {
		if _, template := envKind(p); template {
			res.summary = "template tracked: " + p
			return res, nil
		}
	}
	res.status = statusWarn
	if regular(filepath.Join(r.top, ".env.example")) {
		res.summary = ".env.example exists but is not tracked"
		return res, nil
	}
	res.summary = "no .env.example or similar template"
	return res, nil
}

// checkHook checks that a pre-commit hook is installed or that a
// .pre-commit-config.yaml asks for one.
func checkHook(ctx context.Context, r *repo) (result, error) {
	res := result{name: "pre-commit hook"}
	out, _, err := git(ctx, r.top, "rev-parse", "--git-path", "hooks/pre-commit")
	if err != nil {
		return res, err
	}
	hook := strings.TrimRight(string(out), "\n")
	if !filepath.IsAbs(hook) {
		hook = filepath.Join(r.top, hook)
	}
	info, err := os.Stat(hook)
	hookFile := err == nil && info.Mode().IsRegular()
	configPath := filepath.Join(r.top, ".pre-commit-config.yaml")
	config := regular(configPath)
	switch {
	case hookFile && info.Mode().Perm()&0o111 != 0 && !hookScans(hook, configPath):
		res.status = statusWarn
		res.summary = "pre-commit hook installed, but it runs no secret scanner " +
			"this audit knows (" + strings.Join(scanners, ", ") + ")"
	case hookFile && info.Mode().Perm()&0o111 != 0:
		res.summary = "pre-commit hook installed"
	case config && !runsScanner(configPath):
		res.status = statusWarn
		res.summary = ".pre-commit-config.yaml present, but it runs no secret scanner " +
			"this audit knows (" + strings.Join(scanners, ", ") + ")"
	case config:
		res.summary = ".pre-commit-config.yaml present; run pre-commit install " +
			"to use it in this clone"
	case hookFile:
		res.status = statusWarn
		res.summary = "pre-commit hook is not executable, so git skips it"
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return res, fmt.Errorf("audit: pre-commit hook: %w", err)
	default:
		res.status = statusFail
		res.summary = "no pre-commit hook and no .pre-commit-config.yaml"
	}
	return res, nil
}

// scanners are the names of secret scanners that a hook or a
// pre-commit configuration runs: this module's own and the commonest
// others.
var scanners = []string{"hush", "examples/scan", "gitleaks", "detect-secrets",
	"trufflehog", "secretlint", "ggshield", "git-secrets", "talisman", "noseyparker"}

// stagedScan matches the hook the README installs, which runs this
// module's scan command by its short name.
var stagedScan = regexp.MustCompile(`(?m)(?:^|[\s/])scan\s+--?staged\b`)

// hookScans reports whether the hook file runs a secret scanner: it
// names one outside comments, or it hands over to the pre-commit
// framework and the framework's configuration names one.
func hookScans(hook, config string) bool {
	text, err := os.ReadFile(hook)
	if err != nil {
		return false
	}
	code := uncommented(string(text))
	if namesScanner(code) {
		return true
	}
	return strings.Contains(code, "pre-commit") && runsScanner(config)
}

// runsScanner reports whether the configuration file names a secret
// scanner outside comments.
func runsScanner(config string) bool {
	text, err := os.ReadFile(config)
	return err == nil && namesScanner(uncommented(string(text)))
}

// uncommented returns text without its comments: what follows a "#"
// at the start of a line or after white space. The "#!" line of a
// script goes too.
func uncommented(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		for j := 0; j < len(l); j++ {
			if l[j] == '#' && (j == 0 || l[j-1] == ' ' || l[j-1] == '\t') {
				lines[i] = l[:j]
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}

// namesScanner reports whether text runs this module's scan command
// or names a scanner (see scanners) as whole parts of a word, in any
// case: "hush-scan" and "gitleaks/gitleaks" name one, "shush" does not.
func namesScanner(text string) bool {
	if stagedScan.MatchString(text) {
		return true
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("-/_.", r))
	})
	for _, w := range words {
		w = "-" + dashed(w) + "-"
		for _, s := range scanners {
			if strings.Contains(w, "-"+dashed(s)+"-") {
				return true
			}
		}
	}
	return false
}

// dashed returns w with "/", "_" and "." turned into "-".
func dashed(w string) string {
	return strings.NewReplacer("/", "-", "_", "-", ".", "-").Replace(w)
}

// regular reports whether p is a regular file.
func regular(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// checkHistory scans every line added by every commit on any ref, and
// lists up to max findings.
func checkHistory(ctx context.Context, r *repo, max int) (result, error) {
	res := result{name: "history scan"}
	s, err := scan.New(nil)
	if err != nil {
		return res, err
	}
	h, err := s.ScanHistory(ctx, r.top, nil)
	if err != nil {
		return res, err
	}
	skipped := ""
	if n := h.Binary + h.TooLarge; n > 0 {
		skipped = fmt.Sprintf(" (%d binary or large changes skipped)", n)
	}
	if len(h.Findings) == 0 {
		res.summary = fmt.Sprintf("no secrets in %d commits%s", h.Commits, skipped)
		return res, nil
	}
	res.status = statusFail
	res.summary = fmt.Sprintf("%d findings in %d commits%s; rotate these secrets",
		len(h.Findings), h.Commits, skipped)
	for i, f := range h.Findings {
		if i == max {
			res.details = append(res.details,
				fmt.Sprintf("... and %d more", len(h.Findings)-max))
			break
		}
		res.details = append(res.details, f.String())
	}
	return res, nil
}
