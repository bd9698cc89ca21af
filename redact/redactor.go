package redact

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// DefaultMinLength is the shortest value a [Redactor] accepts when
// [Options.MinLength] is zero. Six characters admits short development
// passwords such as "dev123" while refusing two- and three-letter values
// that would mask ordinary words all over a log.
const DefaultMinLength = 6

// Mask replaces every masked span of a value registered without a name.
// Named values are replaced by "[REDACTED:NAME]".
const Mask = "[REDACTED]"

// MaxLine is the longest line a [Detector] is shown. A longer line is cut
// into pieces of MaxLine bytes, counted from the start of the line, and
// each piece is treated as a line of its own.
const MaxLine = 64 << 10

var (
	// ErrEmpty reports an attempt to register an empty value.
	ErrEmpty = errors.New("redact: empty value")

	// ErrTooShort reports an attempt to register a value shorter than the
	// minimum length.
	ErrTooShort = errors.New("redact: value shorter than the minimum length")

	// ErrBadName reports a name that cannot appear in a mask.
	ErrBadName = errors.New("redact: invalid name")

	// ErrClosed reports a write to a [Writer] after Close.
	ErrClosed = errors.New("redact: write to closed writer")
)

// Options configures a [Redactor]. A nil *Options means the defaults.
type Options struct {
	// MinLength is the shortest value Add accepts. Zero means
	// [DefaultMinLength]. Encoded forms and lines shorter than MinLength
	// are not registered on their own.
	MinLength int

	// Detectors find secret-shaped text that was never registered. Nil
	// means [DefaultDetectors]; an empty, non-nil slice turns detection
	// off.
	Detectors []Detector
}

// Redactor masks registered secret values and detector matches. It is
// safe for concurrent use, and meant to be shared by a whole program: the
// secret resolver registers values with it, and loggers, child processes
// and writers mask through it. The zero value is not usable; call [New].
type Redactor struct {
	minLen    int
	detectors []Detector
	keywords  *matcher     // case-folded detector keywords; nil if none
	anyLine   bool         // some detector has no keywords: run it on every line
	plan      detectorPlan // which detectors a keyword hit runs

	mu    sync.Mutex // serialises Add; readers use state without locking
	state atomic.Pointer[table]
}

// table is an immutable snapshot of the registered forms.
type table struct {
	m     *matcher
	masks []string       // mask text for each pattern id
	edges []edge         // edges for each pattern id
	forms [][]byte       // pattern bytes, by id
	seen  map[string]int // registered form -> pattern id
	left  bool           // some form widens to the left
	gen   uint64         // number of successful Add calls
}

// New returns a Redactor configured by opts; nil opts means defaults.
func New(opts *Options) *Redactor {
	r := &Redactor{minLen: DefaultMinLength}
	dets := DefaultDetectors()
	if opts != nil {
		if opts.MinLength > 0 {
			r.minLen = opts.MinLength
		}
		if opts.Detectors != nil {
			dets = opts.Detectors
		}
	}
	r.setDetectors(dets)
	r.state.Store(&table{m: newMatcher(nil, false)})
	return r
}

func (r *Redactor) setDetectors(dets []Detector) {
	var (
		kws   [][]byte
		owned [][]string // each detector's keywords, in lower case
	)
	for _, d := range dets {
		if d == nil {
			continue
		}
		r.detectors = append(r.detectors, d)
		var ks []string
		for _, k := range d.Keywords() {
			if k != "" {
				k = strings.ToLower(k)
				kws = append(kws, []byte(k))
				ks = append(ks, k)
			}
		}
		if len(ks) == 0 {
			r.anyLine = true
		}
		owned = append(owned, ks)
	}
	if len(kws) > 0 {
		r.keywords = newMatcher(kws, true)
	}
	makePlan(&r.plan, owned)
}

// MinLength reports the shortest value r accepts.
func (r *Redactor) MinLength() int { return r.minLen }

// Generation reports how many values have been registered with r. It
// only grows; callers that cache redacted output compare it to notice
// newly registered values.
func (r *Redactor) Generation() uint64 { return r.state.Load().gen }

// Add registers value, and its common encodings, to be masked with
// [Mask]. It returns [ErrEmpty] or [ErrTooShort] for a value that cannot
// be masked safely; errors never contain the value.
func (r *Redactor) Add(value string) error {
	return r.AddNamed("", value)
}

// AddNamed is like [Redactor.Add], and masks value with
// "[REDACTED:NAME]". Names are not secret: they appear in output. A name
// must pass [ValidName]; an empty name means the plain [Mask]. When one
// form is registered under two names, the first name is kept, and
// registering a known value again changes nothing.
func (r *Redactor) AddNamed(name, value string) error {
	if !ValidName(name) {
		return fmt.Errorf("%w %q", ErrBadName, name)
	}
	forms, err := variants(value, r.minLen)
	if err != nil {
		if name != "" {
			return fmt.Errorf("redact: add %q: %w", name, err)
		}
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	t := r.state.Load()
	if t.knows(forms) {
		return nil
	}
	r.state.Store(t.with(name, forms))
	return nil
}

// knows reports whether every form is already registered with the
// edges asked for, so registering them again would change nothing.
func (t *table) knows(forms []form) bool {
	for _, f := range forms {
		id, ok := t.seen[f.text]
		if !ok {
			return false
		}
		e := t.edges[id]
		if f.edge.left && !e.left || f.edge.right && !e.right {
			return false
		}
	}
	return true
}

// with returns a copy of t that also masks forms as name.
func (t *table) with(name string, forms []form) *table {
	n := &table{
		masks: t.masks[:len(t.masks):len(t.masks)],
		edges: append([]edge(nil), t.edges...),
		forms: t.forms[:len(t.forms):len(t.forms)],
		seen:  make(map[string]int, len(t.seen)+len(forms)),
		left:  t.left,
		gen:   t.gen + 1,
	}
	for f, id := range t.seen {
		n.seen[f] = id
	}
	mask := maskFor(name)
	for _, f := range forms {
		n.left = n.left || f.edge.left
		if id, ok := n.seen[f.text]; ok {
			n.edges[id].left = n.edges[id].left || f.edge.left
			n.edges[id].right = n.edges[id].right || f.edge.right
			continue
		}
		n.seen[f.text] = len(n.forms)
		n.forms = append(n.forms, []byte(f.text))
		n.masks = append(n.masks, mask)
		n.edges = append(n.edges, f.edge)
	}
	n.m = newMatcher(n.forms, false)
	return n
}

func maskFor(name string) string {
	if name == "" {
		return Mask
	}
	return "[REDACTED:" + name + "]"
}

// ValidName reports whether name can label a mask: at most 64 letters,
// digits, '_', '-' and '.'. The empty name is valid and means the plain
// [Mask].
func ValidName(name string) bool {
	if len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
			c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

// Redact returns s with every registered value and detector match
// masked. It returns s itself, without allocating, when nothing is
// masked.
func (r *Redactor) Redact(s string) string {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	var buf [8]span
	spans, _ := r.scan(buf[:0], b, 0, true)
	if len(spans) == 0 {
		return s
	}
	return string(apply(nil, b, spans))
}

// RedactBytes returns b with every registered value and detector match
// masked. It returns b itself when nothing is masked; otherwise it
// returns a new slice and leaves b unchanged.
func (r *Redactor) RedactBytes(b []byte) []byte {
	var buf [8]span
	spans, _ := r.scan(buf[:0], b, 0, true)
	if len(spans) == 0 {
		return b
	}
	return apply(nil, b, spans)
}

// AppendRedacted appends b, masked, to dst and returns the result.
func (r *Redactor) AppendRedacted(dst, b []byte) []byte {
	var buf [8]span
	spans, _ := r.scan(buf[:0], b, 0, true)
	return apply(dst, b, spans)
}

// Contains reports whether s holds anything r would mask.
func (r *Redactor) Contains(s string) bool {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	var buf [8]span
	spans, _ := r.scan(buf[:0], b, 0, true)
	return len(spans) > 0
}

// apply appends b to dst with each span replaced by its mask.
func apply(dst, b []byte, spans []span) []byte {
	return applyFrom(dst, b, 0, len(b), spans)
}
