package redact

import (
	"bytes"
	"slices"
)

// span is a half-open byte range of the input to replace with mask.
type span struct {
	start, end int
	mask       string
}

// scan appends to dst the merged spans of buf to mask, in order, and
// returns them with the cut: the length of the prefix of buf that is
// final. buf[:ctx] is context: the already written start of the current
// line, shown to detectors but neither matched nor masked again.
//
// When final is false, the input may continue past buf, and cut stops
// before any byte that could still belong to a mask: a tail that is a
// prefix of a registered form, a span that a longer match could still
// extend, or the part of an unfinished line from its first detector
// keyword on. Spans at or after cut are not returned.
func (r *Redactor) scan(dst []span, buf []byte, ctx int, final bool) ([]span, int) {
	t := r.state.Load()
	dst, cut := t.literal(dst, buf, ctx, final)
	if len(r.detectors) > 0 {
		var hold int
		dst, hold = r.detect(dst, buf, ctx, final)
		cut = min(cut, hold)
	}
	if !final {
		cut = min(cut, t.holdFrom(buf, ctx))
	}
	dst = merge(dst)
	if final {
		return dst, cut
	}
	dst, cut = trim(dst, cut)
	if len(r.detectors) > 0 {
		dst, cut = r.wholeLines(dst, buf, ctx, cut)
	}
	return dst, cut
}

// wholeLines moves cut back to the start of a finished line it falls
// inside, so that a Writer never writes part of a finished line: the
// next scan must see the whole line to give its detectors' results
// again. Only the unfinished last line is written in part, up to its
// first keyword. cut never moves before ctx, which is written already.
func (r *Redactor) wholeLines(s []span, buf []byte, ctx, cut int) ([]span, int) {
	for {
		ls := lineStart(buf, cut)
		_, next, complete := lineEnd(buf, ls)
		if ls == cut || !complete || next > len(buf) {
			return s, cut
		}
		c := max(ls, ctx)
		if c == cut {
			return s, cut
		}
		s, cut = trim(s, c)
	}
}

// literal appends the occurrences of registered forms in buf[ctx:],
// widened over the base64 characters at their edges (see edges), and
// returns where a stream must stop: before a match whose right edge is
// not yet known.
func (t *table) literal(dst []span, buf []byte, ctx int, final bool) ([]span, int) {
	hold := len(buf)
	if t.m.empty() {
		return dst, hold
	}
	var mbuf [8]match
	for _, m := range t.m.appendMatches(mbuf[:0], buf[ctx:]) {
		s := span{start: ctx + m.start, end: ctx + m.end, mask: t.masks[m.id]}
		e := t.edges[m.id]
		if e.left && s.start > ctx && base64Char(buf[s.start-1]) {
			s.start--
		}
		if e.right {
			if !final && s.end+3 > len(buf) {
				hold = min(hold, s.start)
			}
			s.end = rightEdge(buf, s.end)
		}
		dst = append(dst, s)
	}
	return dst, hold
}

// merge sorts spans and joins those that overlap or touch. A joined
// span keeps the mask of its first part, or the first named mask among
// its parts when the first part's mask is plain.
func merge(s []span) []span {
	if len(s) < 2 {
		return s
	}
	slices.SortFunc(s, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.start <= last.end {
			last.end = max(last.end, x.end)
			if last.mask == Mask {
				last.mask = x.mask
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// trim moves cut back to the start of a span that reaches it, since a
// later match could still join that span, and drops spans past cut.
func trim(s []span, cut int) ([]span, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i].start >= cut {
			s = s[:i]
			continue
		}
		if s[i].end >= cut {
			cut = s[i].start
			s = s[:i]
			continue
		}
		break
	}
	return s, cut
}

// lineEnd returns the end of the line starting at pos in buf and the
// start of the next one. A line ends before '\n' or after MaxLine bytes.
// complete is false when buf ends first.
func lineEnd(buf []byte, pos int) (end, next int, complete bool) {
	lim := min(len(buf), pos+MaxLine)
	if i := bytes.IndexByte(buf[pos:lim], '\n'); i >= 0 {
		return pos + i, pos + i + 1, true
	}
	if lim-pos == MaxLine {
		return lim, lim, true
	}
	return lim, lim, false
}

// lineStart returns the start of the line holding position cut, given
// that a line starts at 0.
func lineStart(buf []byte, cut int) int {
	pos := 0
	for pos < cut {
		_, next, complete := lineEnd(buf, pos)
		if !complete || next > cut {
			return pos
		}
		pos = next
	}
	return pos
}
