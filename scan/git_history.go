package scan

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"time"
)

// HistoryOptions chooses what [Scanner.ScanHistory] reads. A nil
// *HistoryOptions means every commit reachable from any ref.
type HistoryOptions struct {
	// Revs are the revisions whose history is scanned, as git log
	// takes them: branch and tag names, commit ids, ranges such as
	// "v1.0..main" and exclusions such as "^main". Each is passed to
	// git as a revision, never as an option. Empty means every ref
	// (git log --all), including stashes and remote-tracking branches.
	Revs []string
}

// GitFinding is a [Finding] in a commit of a repository's history.
// Its Line is the line in that commit's version of File.
type GitFinding struct {
	Finding

	// Commit is the full id of the commit that added the line.
	Commit string `json:"commit"`

	// Author and Email are the commit's author.
	Author string `json:"author"`
	Email  string `json:"email"`

	// Date is the commit's author date, in the author's time zone.
	Date time.Time `json:"date"`
}

// String returns the finding as "commit:file:line:column: rule:
// match", with the commit id cut to 12 characters. It never holds the
// secret.
func (f GitFinding) String() string {
	return f.Commit[:min(len(f.Commit), 12)] + ":" + f.Finding.String()
}

// HistoryResult is the outcome of a history scan.
type HistoryResult struct {
	// Findings are in the order git log lists their commits (newest
	// first), then by file, line and column.
	Findings []GitFinding

	// Commits is how many commits were read; Changes, how many file
	// changes of those commits had added lines to scan; and Bytes,
	// how many bytes those lines held.
	Commits, Changes int
	Bytes            int64

	// Binary counts the file changes whose added lines hold a NUL
	// byte, and TooLarge those whose added lines held more than
	// [Options.MaxFileSize] bytes; neither is scanned. Binary-ness is
	// decided from the content alone: a .gitattributes binary or
	// -diff mark does not hide a text file from the scan.
	Binary, TooLarge int

	// Generated and Excluded count the file changes skipped for the
	// reasons [Scanner.ScanDir] skips a file by its name: a generated
	// file (see [Generated]), or one an allowlist of
	// [Options.Allowlists] allows by path.
	Generated, Excluded int
}

// ScanHistory scans every line added by every commit in the history
// of the git repository around dir: by default that of all refs, or
// the revisions opts names. It reads git log's patches as they come,
// so memory holds no more than a few file changes at a time however
// long the history, and scans the changes of several files at once.
//
// Each finding names the commit that added the line, its author and
// author date, the file's path from the top of the work tree in that
// commit and the line's number in that commit's version of the file.
// Renames are followed, so moving a file reports nothing again. A
// merge commit reports only the lines it adds itself, those new to
// every parent (a conflict resolved with a secret, say): the lines a
// merge brings in from a branch are reported once, in the branch's
// commit that added them. A line is scanned with the other lines its
// commit added to the same file, not with the lines around it, so a
// secret whose rule needs context from an unchanged line is missed.
//
// A dir git does not recognise as part of a repository gives an error
// wrapping [ErrNotRepo]; a revision git does not know, or a git
// command that fails, a *[GitError]. The result holds what was scanned
// before an error or the end of ctx.
func (s *Scanner) ScanHistory(ctx context.Context, dir string,
	opts *HistoryOptions) (*HistoryResult, error) {
	res := &HistoryResult{}
	if err := checkDir(dir); err != nil {
		return res, err
	}
	if _, err := headCommit(ctx, dir); err != nil {
		return res, err
	}
	if opts == nil {
		opts = &HistoryOptions{}
	}
	g := newGit(ctx, dir, logArgs(opts.Revs)...)
	out, err := g.cmd.StdoutPipe()
	if err != nil {
		return res, g.fail(ctx, err)
	}
	if err := g.cmd.Start(); err != nil {
		return res, g.fail(ctx, err)
	}
	h := s.newHistory(ctx, res)
	readErr := h.read(bufio.NewReaderSize(out, 64<<10))
	h.finish()
	if readErr != nil {
		g.cmd.Process.Kill()
	}
	waitErr := g.cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return res, g.fail(ctx, ctx.Err())
	case readErr != nil:
		return res, &GitError{Dir: dir, Op: "log", Stderr: g.stderr.firstLine(), Err: readErr}
	case waitErr != nil:
		return res, g.fail(ctx, waitErr)
	}
	return res, nil
}

// commitHeader is the format of the line git log writes before each
// commit's patch: a NUL, which no patch line starts with, then the
// commit id, author date (in seconds and in ISO 8601), author name and
// email, separated by NULs.
const commitHeader = "--format=%x00%H%x00%at%x00%aI%x00%an%x00%ae"

// logArgs returns the git log arguments for revs.
func logArgs(revs []string) []string {
	args := []string{"log", "-p", "-U0", "--cc", "-M", "--text",
		"--no-color", "--no-ext-diff", "--no-textconv",
		"--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules",
		commitHeader}
	if len(revs) == 0 {
		return append(args, "--all", "--")
	}
	args = append(args, "--end-of-options")
	args = append(args, revs...)
	return append(args, "--")
}

// commit is what a finding tells of its commit.
type commit struct {
	id, author, email string
	date              time.Time
}

// change is the lines one commit added to one file, joined, ready to
// scan. lines[i] is the number in the file of the buffer's line i+1;
// zero for the empty line put between lines that are not adjacent.
type change struct {
	seq    int
	commit *commit
	path   string
	buf    []byte
	lines  []int
}

// history is the state of one history scan: a parser feeding changes
// to workers.
type history struct {
	s    *Scanner
	ctx  context.Context
	res  *HistoryResult
	jobs chan *change
	wg   sync.WaitGroup
	mu   sync.Mutex // guards res.Findings
	seqs []int      // the change each finding came from, parallel to res.Findings

	// the parser's state, used by read's goroutine only
	commit   *commit
	cur      *change // the change being read; nil outside a file
	parents  int     // the parents a combined diff compares; 1 otherwise
	inHunk   bool
	next     int  // the file line number of the next line in the hunk
	tooLarge bool // cur's added lines are over the size limit
	binary   bool // an added line of cur holds a NUL byte
	seq      int
}

// newHistory starts the workers of a history scan.
func (s *Scanner) newHistory(ctx context.Context, res *HistoryResult) *history {
	h := &history{s: s, ctx: ctx, res: res, jobs: make(chan *change)}
	for range s.workers {
		h.wg.Go(h.work)
	}
	return h
}

// work scans changes until the jobs channel closes.
func (h *history) work() {
	for c := range h.jobs {
		if h.ctx.Err() != nil {
			continue
		}
		found := h.s.scanCommitted(c.path, c.commit.id, c.buf)
		if len(found) == 0 {
			continue
		}
		h.mu.Lock()
		for _, f := range found {
			f.Line = c.lines[f.Line-1]
			h.res.Findings = append(h.res.Findings, GitFinding{Finding: f,
				Commit: c.commit.id, Author: c.commit.author,
				Email: c.commit.email, Date: c.commit.date})
			h.seqs = append(h.seqs, c.seq)
		}
		h.mu.Unlock()
	}
}

// finish waits for the workers and orders the findings.
func (h *history) finish() {
	close(h.jobs)
	h.wg.Wait()
	idx := make([]int, len(h.seqs))
	for i := range idx {
		idx[i] = i
	}
	fs := h.res.Findings
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(h.seqs[a], h.seqs[b]),
			compareFindings(fs[a].Finding, fs[b].Finding))
	})
	sorted := make([]GitFinding, len(fs))
	for i, j := range idx {
		sorted[i] = fs[j]
	}
	h.res.Findings = sorted
}

// read parses git log's output and sends each file change to the
// workers.
func (h *history) read(br *bufio.Reader) error {
	lr := &lineReader{r: br, max: h.limit()}
	for {
		line, cut, err := lr.next()
		if err != nil {
			h.flush()
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := h.line(line, cut); err != nil {
			h.flush()
			return err
		}
	}
}

// limit returns the longest line worth keeping whole.
func (h *history) limit() int {
	if h.s.maxSize < 0 || h.s.maxSize > 1<<30 {
		return 1 << 30
	}
	return int(h.s.maxSize) + 1
}

// line handles one line of git log's output.
func (h *history) line(line []byte, cut bool) error {
	switch {
	case len(line) > 0 && line[0] == 0:
		h.flush()
		if err := h.ctx.Err(); err != nil {
			return err
		}
		return h.header(line)
	case bytes.HasPrefix(line, []byte("diff --")):
		h.flush()
		return h.startFile()
	case h.cur == nil:
		// between commits: the blank line after a header
	case h.inHunk && len(line) > 0 && line[0] != '@':
		h.hunkLine(line, cut)
	case bytes.HasPrefix(line, []byte("@@")):
		return h.hunk(line)
	case bytes.HasPrefix(line, []byte("+++ ")):
		h.cur.path = patchPath(line[4:])
	case bytes.HasPrefix(line, []byte("Binary files ")):
		h.res.Binary++
	}
	return nil
}

// header starts a commit from its header line.
func (h *history) header(line []byte) error {
	f := bytes.Split(line[1:], []byte{0})
	if len(f) != 5 {
		return fmt.Errorf("commit header: %w", errMalformed)
	}
	date, err := authorDate(f[1], f[2])
	if err != nil {
		return fmt.Errorf("commit %q: date: %w", f[0], errMalformed)
	}
	h.res.Commits++
	h.commit = &commit{id: string(f[0]), date: date,
		author: string(f[3]), email: string(f[4])}
	return nil
}

// authorDate returns the time unix (seconds) in the zone of iso, an
// ISO 8601 form of the same time; in UTC if iso's zone is one Go does
// not take, as in some old or hand-made commits.
func authorDate(unix, iso []byte) (time.Time, error) {
	sec, err := strconv.ParseInt(string(unix), 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	t := time.Unix(sec, 0).UTC()
	if z, err := time.Parse(time.RFC3339, string(iso)); err == nil {
		t = t.In(z.Location())
	}
	return t, nil
}

// startFile starts a file's change at its "diff --git" or "diff --cc"
// line.
func (h *history) startFile() error {
	if h.commit == nil {
		return fmt.Errorf("patch before a commit header: %w", errMalformed)
	}
	h.cur = &change{commit: h.commit}
	h.parents = 1
	h.inHunk = false
	h.tooLarge, h.binary = false, false
	return nil
}

// hunk starts a hunk from its header: "@@ -a,b +c,d @@" or, in a
// combined diff of n parents, n+1 "@" then n "-" ranges and a "+".
func (h *history) hunk(line []byte) error {
	at := len(line) - len(bytes.TrimLeft(line, "@"))
	h.parents = at - 1
	for _, field := range bytes.Fields(line[at:]) {
		if field[0] != '+' {
			continue
		}
		start, _, _ := bytes.Cut(field[1:], []byte(","))
		n, err := strconv.Atoi(string(start))
		if err != nil || n < 0 || h.parents < 1 {
			return fmt.Errorf("hunk header: %w", errMalformed)
		}
		h.next, h.inHunk = n, true
		return nil
	}
	return fmt.Errorf("hunk header: %w", errMalformed)
}

// hunkLine handles a line of a hunk: its first h.parents bytes say,
// for each parent, whether the line was added ('+'), removed ('-') or
// kept (' '). A line added relative to every parent is new in this
// commit.
func (h *history) hunkLine(line []byte, cut bool) {
	if len(line) < h.parents || line[0] == '\\' {
		return // "\ No newline at end of file"
	}
	marks := line[:h.parents]
	if bytes.IndexByte(marks, '-') >= 0 {
		return // not in this commit's file
	}
	n := h.next
	h.next++
	if bytes.Count(marks, []byte("+")) != h.parents || h.tooLarge || h.binary {
		return
	}
	if bytes.IndexByte(line, 0) >= 0 {
		h.binary = true
		h.cur.buf, h.cur.lines = nil, nil
		return
	}
	if cut || h.s.maxSize >= 0 && int64(len(h.cur.buf)+len(line)) > h.s.maxSize {
		h.tooLarge = true
		h.cur.buf, h.cur.lines = nil, nil
		return
	}
	c := h.cur
	if len(c.lines) > 0 && c.lines[len(c.lines)-1] != n-1 {
		c.buf = append(c.buf, '\n')
		c.lines = append(c.lines, 0)
	}
	c.buf = append(append(c.buf, line[h.parents:]...), '\n')
	c.lines = append(c.lines, n)
}

// flush sends the current file change, if it added lines, to the
// workers.
func (h *history) flush() {
	c := h.cur
	h.cur, h.inHunk = nil, false
	if c == nil || c.path == "" || len(c.lines) == 0 && !h.tooLarge && !h.binary {
		return
	}
	switch generated, excluded := h.s.gitSkip(c.path); {
	case generated:
		h.res.Generated++
		return
	case excluded:
		h.res.Excluded++
		return
	case h.binary:
		h.res.Binary++
		return
	case h.tooLarge:
		h.res.TooLarge++
		return
	}
	h.res.Changes++
	h.res.Bytes += int64(len(c.buf))
	if h.s.progress != nil {
		h.s.progress(h.res.Changes, h.res.Bytes)
	}
	c.seq = h.seq
	h.seq++
	select {
	case h.jobs <- c:
	case <-h.ctx.Done():
	}
}

// patchPath returns the path named after "+++ " in a patch: "b/" and
// the path, quoted as a C string when it holds unusual bytes (see
// [unquoteC]), and followed by a tab when it holds a space;
// "/dev/null" for a deleted file, for which it returns "".
func patchPath(p []byte) string {
	p = bytes.TrimSuffix(p, []byte("\t"))
	s := string(p)
	if u, ok := unquoteC(p); ok {
		s = u
	}
	if s == "/dev/null" {
		return ""
	}
	if len(s) > 2 && s[:2] == "b/" {
		return s[2:]
	}
	return s
}

// cEscapes maps the letter after a backslash in git's C-style quoting
// to the byte it stands for.
var cEscapes = [256]byte{'a': '\a', 'b': '\b', 't': '\t', 'n': '\n',
	'v': '\v', 'f': '\f', 'r': '\r', '"': '"', '\\': '\\'}

// unquoteC undoes git's C-style quoting of a path: a double-quoted
// string in which a backslash starts \a, \b, \t, \n, \v, \f, \r, \",
// \\ or three octal digits giving one byte. Every other byte stands
// for itself, so a path that is not valid UTF-8 comes back unchanged.
// It reports false if q is not such a string.
func unquoteC(q []byte) (string, bool) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return "", false
	}
	q = q[1 : len(q)-1]
	out := make([]byte, 0, len(q))
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '"':
			return "", false
		case c != '\\':
			out = append(out, c)
		case i+1 >= len(q):
			return "", false
		case cEscapes[q[i+1]] != 0:
			out = append(out, cEscapes[q[i+1]])
			i++
		default:
			b, ok := octalByte(q[i+1:])
			if !ok {
				return "", false
			}
			out = append(out, b)
			i += 3
		}
	}
	return string(out), true
}

// octalByte returns the byte the three octal digits at the start of p
// stand for.
func octalByte(p []byte) (byte, bool) {
	if len(p) < 3 || p[0] < '0' || p[0] > '3' {
		return 0, false
	}
	n := 0
	for _, d := range p[:3] {
		if d < '0' || d > '7' {
			return 0, false
		}
		n = n*8 + int(d-'0')
	}
	return byte(n), true
}
