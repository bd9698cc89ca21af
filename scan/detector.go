package scan

import (
	"slices"
	"strings"
	"sync"

	"github.com/codebuddy/hush/redact"
)

// Detector is a [redact.Detector] that masks what a [Scanner]'s rules
// find, so the one rule table that guards a repository also masks
// secret-shaped text in logs and in child processes' output:
//
//	r := redact.New(&redact.Options{
//		Detectors: append(redact.DefaultDetectors(), s.Detector()),
//	})
//
// Each range it reports is a rule's secret, named by the rule's ID, so
// it is masked as "[REDACTED:github-token]". A match counts when the
// scanner would report it: its secret is not a placeholder (unless the
// rule keeps them), reaches the rule's least entropy and passes the
// rule's own check; where the secrets of two rules overlap, the earlier
// rule names the mask. Inline markers such as "hush:allow" are not
// honoured: they exempt a line of source from review, not a log line
// from masking.
//
// A redact.Detector sees one line at a time and may not report text
// that begins before the first of its keywords in the line, since a
// [redact.Writer] has written that part out already. So:
//   - rules that span lines ([Rule.Lines] above one) match within one
//     line only; a private key's body on the lines after its BEGIN line
//     is not masked by the Detector (a key flattened onto one line is);
//   - among the default rules, "openai-api-key" uses the keyword "sk-"
//     and "msteams-webhook" the keyword "https://" instead of the
//     keywords inside their matches, and "newrelic-key" drops its
//     keyword "nral", so its form that ends in NRAL is not masked;
//   - the default rules "mailchimp-api-key", "azure-devops-pat" and
//     "telegram-bot-token", whose keywords come only in the middle or
//     at the end of a match, are left out;
//   - rules limited to some files ([Rule.Path]) are left out unless
//     their Path matches the empty name, as a log line is in no file;
//     among the default rules, "dotenv-random-value",
//     "random-constant" and "yaml-nested-secret";
//   - any other match whose secret begins before the first keyword in
//     the line is not masked. A rule of one's own should therefore have
//     its keyword at or before the start of its secret.
//
// A keyword that holds another keyword after its first byte, of the
// Detector or of [redact.DefaultDetectors], is cut where that one ends
// ("github_pat_" holds "_pat" and becomes "github_pat"), because a
// Writer holds an unfinished line back only from the first keyword it
// has seen whole. Keywords of other detectors given to the same
// Redactor are not looked at.
//
// If a rule has no keywords, Keywords returns nil: every line is then
// offered to the Detector, and a Writer holds back each unfinished line
// until it ends. A Detector is safe for concurrent use.
type Detector struct {
	rules    []compiled
	always   []uint64 // rules without keywords
	set      *keywordSet
	keywords []string // the union of the rules' keywords; nil if always
	maxLen   int      // the length of the longest keyword
}

var _ redact.Detector = (*Detector)(nil)

// detectorKeywords are the keywords the Detector gives default rules
// whose own keywords sit inside their matches, where the rule's secret
// starts at or after the replacement.
var detectorKeywords = map[string][]string{
	"openai-api-key":  {"sk-"},
	"msteams-webhook": {"https://"},
	"newrelic-key":    {"nrak-", "nraa-", "nrii-", "nriq-", "nrjs-"},
}

// detectorSkipped are the default rules the Detector leaves out: their
// keywords come after the start of the secret, and no keyword comes
// before it.
var detectorSkipped = map[string]bool{
	"mailchimp-api-key":  true,
	"azure-devops-pat":   true,
	"telegram-bot-token": true,
}

// defaultExprs maps each default rule's ID to its expression, so the
// Detector changes only the default rules themselves, not a rule of
// one's own that shares an ID.
var defaultExprs = sync.OnceValue(func() map[string]string {
	m := make(map[string]string)
	for _, r := range DefaultRules() {
		m[r.ID] = r.Regex.String()
	}
	return m
})

// DefaultDetectors returns [redact.DefaultDetectors] followed by a
// [Detector] for [DefaultRules], for a [redact.Redactor] that masks in
// logs and output whatever the scanner would report in a file:
//
//	r := redact.New(&redact.Options{Detectors: scan.DefaultDetectors()})
//
// redact's own detectors come first: they are fast, and mask the
// commonest shapes (secret-named assignments, bearer and basic
// credentials, URL passwords, AWS key ids, one-line private keys)
// before the rule table is asked. The returned slice is new on each
// call; the Detector in it is shared and safe for concurrent use.
func DefaultDetectors() []redact.Detector {
	return append(redact.DefaultDetectors(), defaultDetector())
}

// defaultDetector is the Detector of a scanner with the default rules,
// built once.
var defaultDetector = sync.OnceValue(func() *Detector {
	s, err := New(nil)
	if err != nil {
		panic("scan: the default rules do not compile: " + err.Error())
	}
	return s.Detector()
})

// Detector returns a [Detector] for the scanner's rules.
func (s *Scanner) Detector() *Detector {
	d := &Detector{}
	var kws [][]string
	all := redactKeywords()
	for _, c := range s.rules {
		if c.Path != nil && !c.Path.MatchString("") {
			continue // a log line is in no file
		}
		isDefault := defaultExprs()[c.ID] == c.Regex.String()
		if isDefault && detectorSkipped[c.ID] {
			continue
		}
		if k, ok := detectorKeywords[c.ID]; ok && isDefault {
			r := *c.Rule
			r.Keywords = k
			c.Rule = &r
		}
		d.rules = append(d.rules, c)
		kws = append(kws, c.Keywords)
		all = append(all, c.Keywords...)
	}
	for i := range kws {
		kws[i] = cutKeywords(kws[i], all)
	}
	d.always = make([]uint64, (len(d.rules)+63)/64)
	anyAlways := false
	for i, k := range kws {
		if len(k) == 0 {
			d.always[i/64] |= 1 << (i % 64)
			anyAlways = true
		}
		d.keywords = append(d.keywords, k...)
	}
	d.keywords = settle(d.keywords)
	if anyAlways {
		d.keywords = nil
	}
	for _, k := range d.keywords {
		d.maxLen = max(d.maxLen, len(k))
	}
	d.set = newKeywordSet(kws, len(d.rules))
	return d
}

// redactKeywords returns the keywords of [redact.DefaultDetectors].
func redactKeywords() []string {
	var kws []string
	for _, d := range redact.DefaultDetectors() {
		kws = append(kws, d.Keywords()...)
	}
	return kws
}

// cutKeywords returns kws with each keyword cut short where another of
// all, found inside it after its first byte, ends first: "github_pat_"
// becomes "github_pat", since it holds "_pat". A [redact.Writer] holds
// back an unfinished line from the first keyword it has seen whole, so
// without the cut it would write out "github" while "_pat" is seen and
// "github_pat_" is not yet. Every match still holds the shorter
// keyword, which starts where the longer one did.
func cutKeywords(kws, all []string) []string {
	out := make([]string, 0, len(kws))
	for _, k := range kws {
		end := len(k)
		for _, o := range all {
			if i := strings.Index(k[1:], o); i >= 0 && o != "" {
				end = min(end, 1+i+len(o))
			}
		}
		out = append(out, k[:end])
	}
	return settle(out)
}

// settle sorts kws and removes repeats.
func settle(kws []string) []string {
	slices.Sort(kws)
	return slices.Compact(kws)
}

// Keywords returns the lower-case keywords of the Detector's rules, or
// nil if one of them has none.
func (d *Detector) Keywords() []string { return d.keywords }

// Detect appends to dst the secrets the rules find in line.
func (d *Detector) Detect(dst []redact.Range, line []byte) []redact.Range {
	first := 0
	if d.keywords != nil {
		if first = d.firstKeyword(line); first < 0 {
			return dst
		}
	}
	var buf [4]uint64
	set := buf[:0]
	if len(d.always) > len(buf) {
		set = make([]uint64, 0, len(d.always))
	}
	set = append(set, d.always...)
	set = d.set.addLine(set, line, 0, len(line))
	from := len(dst)
	for i := range d.rules {
		if set[i/64]&(1<<(i%64)) == 0 {
			continue
		}
		if r := &d.rules[i]; r.possible(line) {
			dst = d.apply(dst, from, r, line, first)
		}
	}
	return dst
}

// apply appends the secrets rule r finds in line that start at or
// after first and overlap none of dst[from:].
func (d *Detector) apply(dst []redact.Range, from int, r *compiled,
	line []byte, first int) []redact.Range {
	for _, m := range r.Regex.FindAllSubmatchIndex(line, -1) {
		s, e := m[2*r.group], m[2*r.group+1]
		if s < first || s == e || overlapsRange(dst[from:], s, e) {
			continue
		}
		secret := line[s:e]
		if !r.KeepPlaceholders && IsPlaceholder(secret) {
			continue
		}
		if Entropy(secret) < r.Entropy || r.Verify != nil && !r.Verify(groups(line, m)) {
			continue
		}
		dst = append(dst, redact.Range{Start: s, End: e, Name: r.ID})
	}
	return dst
}

// overlapsRange reports whether [s, e) overlaps one of rs.
func overlapsRange(rs []redact.Range, s, e int) bool {
	for _, x := range rs {
		if s < x.End && x.Start < e {
			return true
		}
	}
	return false
}

// firstKeyword returns the least index in line at which one of the
// Detector's keywords starts, in any case, or -1 if none does.
func (d *Detector) firstKeyword(line []byte) int {
	k := d.set
	first := -1
	s := int32(0)
	for i := 0; i < len(line); i++ {
		if first >= 0 && i-d.maxLen >= first {
			break // a keyword that ends here starts after first
		}
		v := k.delta[s+int32(k.class[line[i]])]
		s = v >> 1
		if v&1 == 0 {
			continue
		}
		if st := d.longestEnding(line, i+1); first < 0 || st < first {
			first = st
		}
	}
	return first
}

// longestEnding returns the start of the longest keyword that ends at
// line[end], or end if none does.
func (d *Detector) longestEnding(line []byte, end int) int {
	start := end
	for _, k := range d.keywords {
		if len(k) <= end && end-len(k) < start && foldEqual(line[end-len(k):end], k) {
			start = end - len(k)
		}
	}
	return start
}

// foldEqual reports whether b equals the lower-case ASCII k in any
// case.
func foldEqual(b []byte, k string) bool {
	for i := range b {
		if lower(b[i]) != k[i] {
			return false
		}
	}
	return true
}
