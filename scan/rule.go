package scan

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"

	"github.com/codebuddy/hush/redact"
)

// Rule describes one kind of secret.
//
// A rule matches a line, or with Lines more than one, a line and the
// lines after it; the secret is a submatch of the match. The scanner
// runs Regex only on lines that hold one of Keywords, so every match
// must contain one of them (in any case); a later adapter can then hand
// the same rule to a redact.Detector, whose contract is the same.
type Rule struct {
	// ID names the rule in findings and reports, as lower-case words
	// joined by "-", like "aws-access-key-id". It must not be empty.
	ID string

	// Description says in a few words what the rule finds.
	Description string

	// Regex matches the secret in its context. It must not be nil.
	Regex *regexp.Regexp

	// SecretGroup is the number of the submatch that holds the secret.
	// Zero means the submatch named "secret" if Regex has one, else the
	// whole match.
	SecretGroup int

	// Keywords are lower-case ASCII strings, one of which every match
	// contains. Nil means the rule runs on every line, which is slow.
	Keywords []string

	// Entropy is the least Shannon entropy, in bits per byte, that a
	// secret must have to be reported. Zero reports any.
	Entropy float64

	// KeepPlaceholders reports secrets that look like placeholders
	// (see [IsPlaceholder]). The zero value drops them.
	KeepPlaceholders bool

	// Lines is how many lines a match may span, counting the line it
	// starts on. Zero means one.
	Lines int

	// Verify, if not nil, is called with the match and its submatches
	// and reports whether the match is a finding; it lets a rule check
	// what a regular expression cannot, such as a checksum or a key
	// name. It must be safe for concurrent use.
	Verify func(groups [][]byte) bool

	// Path, if not nil, limits the rule to files whose name, with
	// forward slashes, it matches. Input given no name matches only
	// if Path matches the empty string.
	Path *regexp.Regexp

	// Allowlists describe findings of this rule not to be reported.
	Allowlists []Allowlist

	// LockFiles makes the rule apply to the lock files of package
	// managers (see [LockFile]), which rules without it skip unless
	// [Options.ScanGenerated] is set. Set it on rules whose matches
	// are unmistakable, such as tokens with a fixed prefix and
	// passwords in URLs: they do reach lock files, through the
	// registry and git URLs recorded there, while the checksums that
	// fill such files set off rules that go by entropy alone.
	LockFiles bool
}

// compiled is a validated rule with its secret group resolved.
type compiled struct {
	*Rule
	group    int
	lines    int
	required [][]byte // case-sensitive literals every match holds
}

// compile checks r and resolves its secret group.
func compile(r *Rule) (compiled, error) {
	c := compiled{Rule: r, lines: max(r.Lines, 1)}
	if r.ID == "" {
		return c, fmt.Errorf("%w: empty id", ErrBadRule)
	}
	if err := checkRule(r); err != nil {
		return c, fmt.Errorf("%w %q: %w", ErrBadRule, r.ID, err)
	}
	c.group = r.SecretGroup
	if c.group == 0 {
		c.group = max(r.Regex.SubexpIndex("secret"), 0)
	}
	if tree, err := syntax.Parse(r.Regex.String(), syntax.Perl); err == nil {
		c.required = redact.RequiredLiterals(nil, tree)
	}
	return c, nil
}

// checkRule says what is wrong with r, which has an id, or returns nil.
func checkRule(r *Rule) error {
	switch {
	case r.Regex == nil:
		return errors.New("no regex")
	case r.SecretGroup < 0 || r.SecretGroup > r.Regex.NumSubexp():
		return fmt.Errorf("secret group %d out of range", r.SecretGroup)
	case r.Entropy < 0 || math.IsNaN(r.Entropy):
		return errors.New("negative entropy")
	}
	for i := range r.Allowlists {
		if err := r.Allowlists[i].check(); err != nil {
			return fmt.Errorf("allowlist %d: %w", i+1, err)
		}
	}
	for _, k := range r.Keywords {
		if !lowerASCII(k) {
			return fmt.Errorf("keyword %q is not lower-case ASCII", k)
		}
	}
	return nil
}

// possible reports whether win holds every literal a match needs.
func (c *compiled) possible(win []byte) bool {
	for _, lit := range c.required {
		if !bytes.Contains(win, lit) {
			return false
		}
	}
	return true
}

// lowerASCII reports whether k is a non-empty lower-case ASCII string.
func lowerASCII(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c >= 0x80 || c >= 'A' && c <= 'Z' || c == '\n' {
			return false
		}
	}
	return k != ""
}

// Entropy returns the Shannon entropy of b in bits per byte: 0 for
// a run of one byte, 8 at most.
func Entropy(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	n := float64(len(b))
	var h float64
	for _, k := range counts {
		if k > 0 {
			p := float64(k) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}
