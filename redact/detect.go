package redact

import (
	"bytes"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"unicode/utf8"
)

// Range is a half-open span [Start, End) of a line that a [Detector]
// wants masked. Name, if not empty, appears in the mask as it does for
// named values; it follows the rules of [Redactor.AddNamed].
type Range struct {
	Start, End int
	Name       string
}

// Detector finds secret-shaped text in a line.
//
// Keywords returns lower-case ASCII strings, one of which appears (in
// any case) in every line the detector can match; Detect is only called
// on lines that hold one. Nil keywords means Detect sees every line,
// which makes a [Writer] hold back each unfinished line until it ends.
//
// Detect appends to dst the ranges of line to mask and returns dst. line
// has no trailing newline. A range must not begin before the first
// occurrence in line of one of the detector's keywords: a [Writer]
// writes out the part of an unfinished line before its first keyword
// without waiting for the rest. Detect must be safe for concurrent use.
type Detector interface {
	Keywords() []string
	Detect(dst []Range, line []byte) []Range
}

// Pattern is a [Detector] built from a regular expression.
type Pattern struct {
	name     string
	keywords []string
	re       *regexp.Regexp
	group    int
	required [][]byte // literals every match holds; see requiredLiterals
}

var _ Detector = (*Pattern)(nil)

// NewPattern returns a detector that masks, in each match of expr, the
// submatch named "secret", or the whole match if expr has no such group.
// name labels the mask and may be empty. keywords are as described for
// [Detector]; give them whenever the pattern allows, since they make
// detection fast and let a [Writer] stream unfinished lines.
func NewPattern(name, expr string, keywords ...string) (*Pattern, error) {
	if !ValidName(name) {
		return nil, fmt.Errorf("%w %q", ErrBadName, name)
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("redact: pattern %q: %w", name, err)
	}
	p := &Pattern{name: name, keywords: keywords, re: re}
	if tree, err := syntax.Parse(expr, syntax.Perl); err == nil {
		p.required = RequiredLiterals(nil, tree)
	}
	if i := re.SubexpIndex("secret"); i > 0 {
		p.group = i
	}
	return p, nil
}

// MustPattern is like [NewPattern] but panics if expr does not compile.
// It is meant for package-level tables of fixed expressions.
func MustPattern(name, expr string, keywords ...string) *Pattern {
	p, err := NewPattern(name, expr, keywords...)
	if err != nil {
		panic(err)
	}
	return p
}

// Keywords returns the pattern's keywords.
func (p *Pattern) Keywords() []string { return p.keywords }

// Detect appends the secret part of each match in line.
func (p *Pattern) Detect(dst []Range, line []byte) []Range {
	for _, lit := range p.required {
		if !bytes.Contains(line, lit) {
			return dst
		}
	}
	for _, m := range p.re.FindAllSubmatchIndex(line, -1) {
		s, e := m[2*p.group], m[2*p.group+1]
		if s < 0 || s == e {
			continue
		}
		dst = append(dst, Range{Start: s, End: e, Name: p.name})
	}
	return dst
}

// RequiredLiterals appends to dst the case-sensitive literals that
// every match of re contains: those of a concatenation's parts, of a
// group, and of a repetition at least once. A text without one of them
// cannot match, and looking for a few bytes costs far less than trying
// an unanchored expression without a literal prefix at every position.
// Case-folded literals, and literals holding U+FFFD (which also matches
// invalid UTF-8), are left out.
func RequiredLiterals(dst [][]byte, re *syntax.Regexp) [][]byte {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase == 0 && !slices.Contains(re.Rune, utf8.RuneError) {
			dst = append(dst, []byte(string(re.Rune)))
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			dst = RequiredLiterals(dst, sub)
		}
	case syntax.OpCapture, syntax.OpPlus:
		dst = RequiredLiterals(dst, re.Sub[0])
	case syntax.OpRepeat:
		if re.Min > 0 {
			dst = RequiredLiterals(dst, re.Sub[0])
		}
	}
	return dst
}

// detect appends the spans detectors report for the lines of buf, and
// returns the position from which an unfinished last line must be held.
func (r *Redactor) detect(dst []span, buf []byte, ctx int, final bool) ([]span, int) {
	var hits []match
	if r.keywords != nil {
		var hb [16]match
		hits = r.keywords.appendMatches(hb[:0], buf[ctx:])
	}
	if len(hits) == 0 && !r.anyLine && final {
		// No line holds a keyword: no detector runs.
		return dst, len(buf)
	}
	var rs []Range // reused; Detect is an interface call, so rs escapes
	pos, k := 0, 0
	for pos < len(buf) {
		end, next, complete := lineEnd(buf, pos)
		if !complete && !final {
			return dst, r.holdLine(buf, pos, ctx, hits)
		}
		for k < len(hits) && hits[k].start+ctx < pos {
			k++
		}
		if r.anyLine || hasHit(hits[k:], end-ctx) {
			run := r.plan.line(hits[k:], end-ctx)
			dst, rs = r.detectLine(dst, rs, buf, pos, end, ctx, run)
		}
		pos = next
	}
	return dst, len(buf)
}

// detectorSet holds detectors by index in Redactor.detectors: bit i for
// detector i.
type detectorSet uint64

// detectorPlan says which detectors run on a line. A detector runs only
// on lines that hold one of its own keywords, as [Detector] allows, or
// on every line if it has none.
type detectorPlan struct {
	all    bool        // run every detector on a line with a hit
	always detectorSet // detectors without keywords
	owner  [64]uint8   // detector of each keyword id
}

// makePlan fills p for detectors whose keywords, in order, are kws
// (nil for a detector without keywords). Past 64 detectors or keywords,
// every detector runs on every line that holds a keyword.
func makePlan(p *detectorPlan, kws [][]string) {
	if len(kws) > 64 {
		p.all = true
		return
	}
	id := 0
	for i, ks := range kws {
		n := 0
		for _, k := range ks {
			if k == "" {
				continue
			}
			if id < len(p.owner) {
				p.owner[id] = uint8(i)
			}
			id++
			n++
		}
		if n == 0 {
			p.always |= 1 << i
		}
	}
	p.all = id > len(p.owner)
}

// line returns the detectors to run on a line, given the keyword hits
// that start in it; a hit counts if it ends by end.
func (p *detectorPlan) line(hits []match, end int) detectorSet {
	if p.all {
		return ^detectorSet(0)
	}
	run := p.always
	for _, h := range hits {
		if h.start >= end {
			break
		}
		if h.end <= end {
			run |= 1 << p.owner[h.id]
		}
	}
	return run
}

// detectLine runs the detectors in run on buf[pos:end]. It returns rs,
// the scratch space for the detectors' ranges, for reuse.
func (r *Redactor) detectLine(dst []span, rs []Range, buf []byte, pos, end, ctx int, run detectorSet) ([]span, []Range) {
	line := buf[pos:end]
	for i, d := range r.detectors {
		if run&(1<<i) == 0 {
			continue
		}
		rs = d.Detect(rs[:0], line)
		for _, x := range rs {
			// A range outside the line is cut to it, then to the part
			// not yet written.
			s := max(pos+max(x.Start, 0), ctx)
			e := min(pos+x.End, end)
			if s >= e {
				continue
			}
			dst = append(dst, span{start: s, end: e, mask: detectorMask(x.Name)})
		}
	}
	return dst, rs
}

// holdLine returns where to stop writing in the unfinished line that
// starts at pos: at its first keyword, or earlier at a tail that could
// still become one.
func (r *Redactor) holdLine(buf []byte, pos, ctx int, hits []match) int {
	if r.anyLine {
		return pos
	}
	from := max(pos, ctx)
	// A tail that could still become a keyword may start before the
	// first whole one, as "AGE-SECRET" could become a longer keyword
	// holding "secret".
	hold := from + r.keywords.holdFrom(buf[from:])
	for _, h := range hits {
		if h.start+ctx >= from {
			return min(hold, h.start+ctx)
		}
	}
	return hold
}

// hasHit reports whether one of hits, sorted by start and all starting
// inside the current line, ends by end.
func hasHit(hits []match, end int) bool {
	for _, h := range hits {
		if h.start >= end {
			return false
		}
		if h.end <= end {
			return true
		}
	}
	return false
}

// detectorMask returns the mask for a detector's range name, falling
// back to the plain mask for a name that could not be registered.
func detectorMask(name string) string {
	if !ValidName(name) {
		return Mask
	}
	return maskFor(name)
}
