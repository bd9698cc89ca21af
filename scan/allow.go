package scan

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Target is the text an [Allowlist]'s regexes are matched against.
type Target int

const (
	// TargetSecret matches the secret alone. It is the zero value.
	TargetSecret Target = iota

	// TargetMatch matches all that the rule's regex matched, the
	// secret with its context.
	TargetMatch

	// TargetLine matches the whole line on which the secret starts.
	TargetLine
)

// Allowlist describes findings that are not to be reported: those in
// files whose path matches one of Paths, those whose target matches
// one of Regexes, and those whose secret holds one of StopWords. An
// allowlist in [Options.Allowlists] applies to every rule; one in
// [Rule.Allowlists], to that rule only.
//
// An allowlist must have at least one of Paths, Regexes and StopWords.
type Allowlist struct {
	// Description says why the findings are allowed.
	Description string

	// MatchAll, when true, allows a finding only when each of Paths,
	// Regexes and StopWords that is not empty matches it. The zero
	// value allows a finding when any of them does.
	MatchAll bool

	// Paths match a file's name as it was given to the scanner, with
	// forward slashes. [Scanner.ScanDir] does not even read a file
	// that a path of an allowlist in [Options.Allowlists] without
	// MatchAll matches, and counts it in [Result.Excluded].
	Paths []*regexp.Regexp

	// Regexes match the text Target names.
	Regexes []*regexp.Regexp

	// Target is what Regexes are matched against. The zero value is
	// [TargetSecret].
	Target Target

	// StopWords are words that, held by a secret in any case, make it
	// allowed.
	StopWords []string

	// Commits are ids of commits, in full or as a prefix of at least
	// four hex digits, whose findings [Scanner.ScanHistory] does not
	// report. They match nothing in other scans, so with MatchAll an
	// allowlist with Commits allows only findings of the history.
	Commits []string
}

// check reports why a cannot be used, or nil.
func (a *Allowlist) check() error {
	if len(a.Paths)+len(a.Regexes)+len(a.StopWords)+len(a.Commits) == 0 {
		return fmt.Errorf("no paths, regexes, stopwords or commits")
	}
	for i, c := range a.Commits {
		if len(c) < 4 || !allHex([]byte(c)) && !allHex([]byte(strings.ToLower(c))) {
			return fmt.Errorf("commit %d: want at least four hex digits", i+1)
		}
	}
	if a.Target < TargetSecret || a.Target > TargetLine {
		return fmt.Errorf("target %d out of range", a.Target)
	}
	for _, lists := range [][]*regexp.Regexp{a.Paths, a.Regexes} {
		for _, re := range lists {
			if re == nil {
				return fmt.Errorf("nil regex")
			}
		}
	}
	for _, w := range a.StopWords {
		if w == "" {
			return fmt.Errorf("empty stopword")
		}
	}
	return nil
}

// candidate is what an allowlist looks at in one finding.
type candidate struct {
	file                string // with forward slashes
	commit              string // empty outside a history scan
	secret, match, line []byte
}

// allows reports whether a allows the finding c describes.
func (a *Allowlist) allows(c *candidate) bool {
	tests := [...]struct {
		set bool
		hit func() bool
	}{
		{len(a.Paths) > 0, func() bool { return anyMatchString(a.Paths, c.file) }},
		{len(a.Regexes) > 0, func() bool { return anyMatch(a.Regexes, a.target(c)) }},
		{len(a.StopWords) > 0, func() bool { return holdsWord(c.secret, a.StopWords) }},
		{len(a.Commits) > 0, func() bool { return isCommit(c.commit, a.Commits) }},
	}
	for _, t := range tests {
		if !t.set {
			continue
		}
		hit := t.hit()
		if hit && !a.MatchAll {
			return true
		}
		if !hit && a.MatchAll {
			return false
		}
	}
	return a.MatchAll
}

// allowsPath reports whether a allows every finding in file, whatever
// the finding: it is a path-only decision.
func (a *Allowlist) allowsPath(file string) bool {
	if len(a.Paths) == 0 {
		return false
	}
	if a.MatchAll && len(a.Regexes)+len(a.StopWords)+len(a.Commits) > 0 {
		return false
	}
	return anyMatchString(a.Paths, file)
}

// isCommit reports whether commit, a full id, is one of ids or starts
// with one, in any case.
func isCommit(commit string, ids []string) bool {
	if commit == "" {
		return false
	}
	for _, id := range ids {
		if len(id) <= len(commit) && strings.EqualFold(commit[:len(id)], id) {
			return true
		}
	}
	return false
}

// target returns the text of c that a's regexes match.
func (a *Allowlist) target(c *candidate) []byte {
	switch a.Target {
	case TargetMatch:
		return c.match
	case TargetLine:
		return c.line
	}
	return c.secret
}

func anyMatch(res []*regexp.Regexp, b []byte) bool {
	for _, re := range res {
		if re.Match(b) {
			return true
		}
	}
	return false
}

func anyMatchString(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// holdsWord reports whether secret holds one of words, in any case.
func holdsWord(secret []byte, words []string) bool {
	low := bytes.ToLower(secret)
	for _, w := range words {
		if bytes.Contains(low, bytes.ToLower([]byte(w))) {
			return true
		}
	}
	return false
}

// slashPath returns name with forward slashes, as allowlist paths
// match it.
func slashPath(name string) string {
	return filepath.ToSlash(name)
}

// pathAllowlist reports whether one of lists can allow a whole file
// by its path (see Allowlist.allowsPath).
func pathAllowlist(lists []Allowlist) bool {
	for i := range lists {
		if len(lists[i].Paths) > 0 {
			return true
		}
	}
	return false
}

// excluded reports whether a global allowlist allows every finding in
// the file named name (with forward slashes).
func (s *Scanner) excluded(name string) bool {
	for i := range s.allowlists {
		if s.allowlists[i].allowsPath(name) {
			return true
		}
	}
	return false
}

// rulesOff returns the set of rules that do not apply to the file
// named name, nil if all do, and whether none does.
func (s *Scanner) rulesOff(name string) ([]uint64, bool) {
	if s.excluded(name) {
		return nil, true
	}
	var off []uint64
	n := 0
	for i := range s.rules {
		r := &s.rules[i]
		if r.Path != nil && !r.Path.MatchString(name) || allowsPath(r.Allowlists, name) {
			if off == nil {
				off = make([]uint64, len(s.always))
			}
			off[i/64] |= 1 << (i % 64)
			n++
		}
	}
	return off, n == len(s.rules)
}

func allowsPath(lists []Allowlist, name string) bool {
	for i := range lists {
		if lists[i].allowsPath(name) {
			return true
		}
	}
	return false
}

// allowed reports whether an allowlist of rule r or of the scanner
// allows the secret win[s:e] of match m.
func (p *pass) allowed(r *compiled, win []byte, m []int, s, e int) bool {
	if len(r.Allowlists) == 0 && len(p.s.allowlists) == 0 {
		return false
	}
	ls := lastNewline(win[:s]) + 1
	c := candidate{
		file:   p.name,
		commit: p.commit,
		secret: win[s:e],
		match:  win[m[0]:m[1]],
		line:   win[ls:lineEnd(win, s)],
	}
	for _, lists := range [][]Allowlist{r.Allowlists, p.s.allowlists} {
		for i := range lists {
			if lists[i].allows(&c) {
				return true
			}
		}
	}
	return false
}

// dropExamples removes the findings in the Markdown example blocks
// found so far and forgets the blocks: no later finding is in them.
func (p *pass) dropExamples() {
	p.found = slices.DeleteFunc(p.found, func(f Finding) bool {
		return inExample(p.md.examples, f.Line)
	})
	p.md.examples = p.md.examples[:0]
}
