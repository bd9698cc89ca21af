package scan

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"runtime"
	"slices"
)

// DefaultMaxFileSize is the size above which [Scanner.ScanDir] skips a
// file when [Options.MaxFileSize] is zero: 10 MiB, well above source
// files and below most data dumps.
const DefaultMaxFileSize = 10 << 20

// Options configures a [Scanner]. A nil *Options, and the zero value of
// each field, mean the defaults.
type Options struct {
	// Rules are the rules to apply, most specific first: where the
	// secrets of two rules overlap on a line, only the earlier rule
	// reports. Nil means [DefaultRules].
	Rules []Rule

	// MaxFileSize is the largest file, in bytes, that ScanDir reads.
	// Zero means [DefaultMaxFileSize]; a negative value, no limit.
	MaxFileSize int64

	// Workers is how many files ScanDir scans at once. Zero means
	// runtime.GOMAXPROCS(0).
	Workers int

	// Reveal sets [Finding.Secret] to the secret itself. Leave it off
	// unless the caller must act on the value (to revoke it, say): a
	// report with secrets in it is itself a leak.
	Reveal bool

	// Allowlists describe findings not to be reported, whatever the
	// rule. Nil means none.
	Allowlists []Allowlist

	// Baseline, if not nil, holds findings already known and accepted:
	// a finding whose fingerprint it holds is not reported.
	Baseline *Baseline

	// ScanGenerated makes ScanDir scan minified assets and source maps
	// (see [Generated]), which it skips by default, and makes every
	// rule apply to lock files, to which by default only the rules
	// with [Rule.LockFiles] set apply.
	ScanGenerated bool

	// Progress, if not nil, is called by ScanDir each time it has
	// finished with a file it opened, with how many files it has
	// scanned so far and how many bytes they held, and by ScanHistory
	// each time it has read a change to scan, with how many changes
	// and bytes it has read. Calls never overlap and the totals never
	// go down. The scan waits while Progress runs, so it should return
	// quickly; it is not called while one large file is being read,
	// nor by the other Scan methods. Nil means no calls.
	Progress func(files int, bytes int64)
}

// Scanner finds secrets in text. It is safe for concurrent use.
type Scanner struct {
	rules    []compiled
	always   []uint64 // rules without keywords
	unlocked []uint64 // rules that skip lock files; nil if they apply
	lockDead bool     // no rule applies to lock files
	keywords *keywordSet
	maxSize  int64
	workers  int
	reveal   bool
	maxLines int // the most lines any rule's match spans

	allowlists []Allowlist
	baseline   *Baseline
	generated  bool // scan generated files
	perFile    bool // some rule has a Path or a path allowlist
	progress   func(files int, bytes int64)
}

// New returns a scanner with the given options, or an error wrapping
// [ErrBadRule] that names the first rule it cannot use.
func New(opts *Options) (*Scanner, error) {
	if opts == nil {
		opts = &Options{}
	}
	rules := opts.Rules
	if rules == nil {
		rules = DefaultRules()
	}
	s := &Scanner{
		maxSize: opts.MaxFileSize,
		workers: opts.Workers,
		reveal:  opts.Reveal,
		always:  make([]uint64, (len(rules)+63)/64),

		allowlists: opts.Allowlists,
		baseline:   opts.Baseline,
		generated:  opts.ScanGenerated,
		progress:   opts.Progress,
	}
	for i := range s.allowlists {
		a := &s.allowlists[i]
		if err := a.check(); err != nil {
			return nil, fmt.Errorf("%w %d (%q): %w", ErrBadAllowlist, i+1, a.Description, err)
		}
		s.perFile = s.perFile || len(a.Paths) > 0
	}
	if s.maxSize == 0 {
		s.maxSize = DefaultMaxFileSize
	}
	if s.workers <= 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	kws := make([][]string, len(rules))
	for i := range rules {
		c, err := compile(&rules[i])
		if err != nil {
			return nil, err
		}
		s.rules = append(s.rules, c)
		s.perFile = s.perFile || c.Path != nil || pathAllowlist(c.Allowlists)
		s.maxLines = max(s.maxLines, c.lines)
		kws[i] = c.Keywords
		if len(c.Keywords) == 0 {
			s.always[i/64] |= 1 << (i % 64)
		}
		if !c.LockFiles && !s.generated {
			if s.unlocked == nil {
				s.unlocked = make([]uint64, len(s.always))
			}
			s.unlocked[i/64] |= 1 << (i % 64)
		}
	}
	s.keywords = newKeywordSet(kws, len(rules))
	s.lockDead = allSet(s.unlocked, len(rules))
	return s, nil
}

// skipGenerated reports whether ScanDir skips a file of this base
// name as generated (see [Generated]): a minified asset or source map
// unless [Options.ScanGenerated] is set, or a lock file to which no
// rule applies.
func (s *Scanner) skipGenerated(name string) bool {
	switch {
	case s.generated:
		return false
	case LockFile(name):
		return s.lockDead
	}
	return minified(name)
}

// allSet reports whether the first n bits of set are all set.
func allSet(set []uint64, n int) bool {
	for i := range n {
		if set == nil || set[i/64]&(1<<(i%64)) == 0 {
			return false
		}
	}
	return true
}

// anyAlways reports whether some rule that is not off runs on every
// line.
func (s *Scanner) anyAlways(off []uint64) bool {
	for i, w := range s.always {
		if off != nil {
			w &^= off[i]
		}
		if w != 0 {
			return true
		}
	}
	return false
}

// ScanBytes returns the findings in b, naming file in each.
func (s *Scanner) ScanBytes(file string, b []byte) []Finding {
	return s.scanCommitted(file, "", b)
}

// scanCommitted is ScanBytes for text that commit added, which the
// allowlists' Commits look at; "" for text outside a history scan.
func (s *Scanner) scanCommitted(file, commit string, b []byte) []Finding {
	p := pass{s: s, file: file, commit: commit, line: 1}
	p.scan(b, len(b))
	return p.found
}

// pass is the state of one scan of one input, which may be fed to it in
// pieces. Its zero value with s, file and line set is ready to use.
type pass struct {
	s      *Scanner
	file   string
	commit string // the commit that added the text, in a history scan
	found  []Finding
	set    []uint64 // scratch: the rules to run on a line
	spans  [][2]int // scratch: secrets found on a line
	line   int      // the number of the line the next chunk starts with
	col    int      // the column it starts at, past a cut long line

	ready bool     // setup has run
	name  string   // file with forward slashes, for allowlists
	off   []uint64 // rules that do not apply to file; nil if none
	dead  bool     // no rule applies to file
	every bool     // some rule that applies runs on every line
	md    *fences  // a Markdown file's code blocks; nil for others
}

// setup prepares p for its file on the first chunk.
func (p *pass) setup() {
	p.ready = true
	p.set = make([]uint64, len(p.s.always))
	p.name = slashPath(p.file)
	if p.s.perFile {
		p.off, p.dead = p.s.rulesOff(p.name)
	}
	if p.s.unlocked != nil && LockFile(path.Base(p.name)) {
		if p.off == nil {
			p.off = make([]uint64, len(p.s.always))
		}
		for i, w := range p.s.unlocked {
			p.off[i] |= w
		}
		p.dead = p.dead || allSet(p.off, len(p.s.rules))
	}
	p.every = p.s.anyAlways(p.off)
	if markdownFile(p.file) {
		p.md = &fences{}
	}
}

// scan reports the secrets in the lines of buf that start before
// limit, reading up to the end of buf for matches that span lines.
// It then advances p.line past buf[:limit].
func (p *pass) scan(buf []byte, limit int) {
	if !p.ready {
		p.setup()
	}
	if p.dead {
		return
	}
	if p.md != nil {
		p.md.walk(buf[:limit], p.line)
	}
	p.keywordLines(buf, limit)
	if p.md != nil && len(p.md.examples) > 0 {
		p.dropExamples()
	}
}

// keywordLines scans the lines of buf[:limit] that hold a keyword.
func (p *pass) keywordLines(buf []byte, limit int) {
	line, counted := p.line, 0
	everyLine := p.every
	for pos := 0; pos < limit; {
		start := pos
		if !everyLine {
			end := p.s.keywords.next(buf, pos)
			if end < 0 {
				break
			}
			start = lineStart(buf, pos, end-1)
		}
		if start >= limit {
			break
		}
		line += bytes.Count(buf[counted:start], nl)
		counted = start
		end := lineEnd(buf, start)
		p.scanLine(buf, start, end, min(end+1, limit), line)
		pos = end + 1
	}
	p.line = line + bytes.Count(buf[counted:limit], nl)
}

var nl = []byte{'\n'}

// lineStart returns the start of the line that holds buf[i], looking
// no further back than from.
func lineStart(buf []byte, from, i int) int {
	return from + bytes.LastIndexByte(buf[from:i], '\n') + 1
}

// lineEnd returns the index of the newline that ends the line starting
// at start, or len(buf).
func lineEnd(buf []byte, start int) int {
	if i := bytes.IndexByte(buf[start:], '\n'); i >= 0 {
		return start + i
	}
	return len(buf)
}

// scanLine runs the rules whose keywords buf[start:end] holds, and
// records their findings that start before stop.
func (p *pass) scanLine(buf []byte, start, end, stop, line int) {
	set := p.set
	copy(set, p.s.always)
	set = p.s.keywords.addLine(set, buf, start, end)
	for i, w := range p.off {
		set[i] &^= w
	}
	lineText := buf[start:end]
	if ignored(lineText) {
		return
	}
	p.spans = p.spans[:0]
	first := len(p.found)
	for i := range p.s.rules {
		if set[i/64]&(1<<(i%64)) == 0 {
			continue
		}
		r := &p.s.rules[i]
		win := buf[start:windowEnd(buf, end, r.lines)]
		if r.possible(win) {
			p.apply(r, win, stop-start, line)
		}
	}
	if len(p.found)-first > 1 {
		slices.SortStableFunc(p.found[first:], byPosition)
	}
}

// byPosition orders the findings of one line by line and column.
func byPosition(a, b Finding) int {
	return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
}

// windowEnd returns the end of the window of n lines whose first line
// ends at end.
func windowEnd(buf []byte, end, n int) int {
	for ; n > 1 && end < len(buf); n-- {
		end = lineEnd(buf, end+1)
	}
	return end
}

// apply records the findings of rule r in win, a window that starts
// with the line numbered line, that start in win[:first].
func (p *pass) apply(r *compiled, win []byte, first, line int) {
	for _, m := range r.Regex.FindAllSubmatchIndex(win, -1) {
		ms := m[0]
		s, e := m[2*r.group], m[2*r.group+1]
		if s < 0 || s == e || ms >= first || p.overlaps(s, e) {
			continue
		}
		secret := win[s:e]
		if !r.KeepPlaceholders && IsPlaceholder(secret) {
			continue
		}
		ent := Entropy(secret)
		if ent < r.Entropy || r.Verify != nil && !r.Verify(groups(win, m)) {
			continue
		}
		p.spans = append(p.spans, [2]int{s, e})
		if p.allowed(r, win, m, s, e) || markedLater(win, s) {
			continue
		}
		f := p.finding(r, win, m, line, ent)
		if !p.s.baseline.Has(f) {
			p.found = append(p.found, f)
		}
	}
}

// markedLater reports whether the secret at win[s:] starts on a line
// after the first line of win, where a match starts, and that line
// holds an inline marker (see ignored); the first line's marker is
// checked before any rule runs.
func markedLater(win []byte, s int) bool {
	ls := lastNewline(win[:s]) + 1
	return ls > 0 && ignored(win[ls:lineEnd(win, s)])
}

// overlaps reports whether [s, e) overlaps a secret already found on
// the line.
func (p *pass) overlaps(s, e int) bool {
	for _, sp := range p.spans {
		if s < sp[1] && sp[0] < e {
			return true
		}
	}
	return false
}

// groups returns the match and submatches m locates in b.
func groups(b []byte, m []int) [][]byte {
	g := make([][]byte, len(m)/2)
	for i := range g {
		if m[2*i] >= 0 {
			g[i] = b[m[2*i]:m[2*i+1]]
		}
	}
	return g
}

// finding builds the finding for match m of rule r in win.
func (p *pass) finding(r *compiled, win []byte, m []int, line int, ent float64) Finding {
	s, e := m[2*r.group], m[2*r.group+1]
	before := win[:s]
	ln := line + bytes.Count(before, nl)
	col := s - lastNewline(before)
	if ln == p.line {
		col += p.col
	}
	f := Finding{
		Rule:        r.ID,
		Description: r.Description,
		File:        p.file,
		Line:        ln,
		Column:      col,
		Match:       redactedMatch(win[m[0]:m[1]], s-m[0], e-m[0]),
		Entropy:     ent,
		Fingerprint: fingerprint(r.ID, win[s:e]),
	}
	if p.s.reveal {
		f.Secret = string(win[s:e])
	}
	return f
}
