package execx

import "strconv"

// captureHalf is how many bytes a capture keeps from each end of a
// long output.
const captureHalf = 16 << 10

// capture keeps the first and the last n bytes written to it and counts
// the bytes in between. The zero value keeps nothing; use newCapture.
type capture struct {
	n       int
	head    []byte
	tail    []byte // ring of up to n bytes
	pos     int    // next write position in tail, once tail is full
	skipped int64  // bytes dropped between head and tail
}

func newCapture(n int) *capture { return &capture{n: n} }

// Write keeps what fits in head, then cycles the rest through tail.
func (c *capture) Write(p []byte) (int, error) {
	total := len(p)
	if room := c.n - len(c.head); room > 0 {
		k := min(room, len(p))
		c.head = append(c.head, p[:k]...)
		p = p[k:]
	}
	for len(p) > 0 {
		if len(c.tail) < c.n {
			k := min(c.n-len(c.tail), len(p))
			c.tail = append(c.tail, p[:k]...)
			p = p[k:]
			continue
		}
		if len(p) >= c.n {
			c.skipped += int64(len(c.tail) + len(p) - c.n)
			c.tail = append(c.tail[:0], p[len(p)-c.n:]...)
			c.pos = 0
			return total, nil
		}
		k := min(c.n-c.pos, len(p))
		c.skipped += int64(k)
		copy(c.tail[c.pos:], p[:k])
		c.pos = (c.pos + k) % c.n
		p = p[k:]
	}
	return total, nil
}

// Bytes returns the head, a note of the bytes left out if any, and the
// tail in the order written.
func (c *capture) Bytes() []byte {
	out := make([]byte, 0, len(c.head)+len(c.tail)+40)
	out = append(out, c.head...)
	if c.skipped > 0 {
		out = append(out, "\n... omitting "...)
		out = strconv.AppendInt(out, c.skipped, 10)
		out = append(out, " bytes ...\n"...)
	}
	out = append(out, c.tail[c.pos:]...)
	return append(out, c.tail[:c.pos]...)
}
