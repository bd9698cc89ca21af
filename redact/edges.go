package redact

// Base64 hides a value's bytes in characters that each carry six bits,
// so the characters at the edges of an encoded value mix its bits with
// those of its neighbours. The value-only run in the middle is
// registered as a form; the edge characters, which would still tell a
// few bits of the value, are swallowed into the mask when they are
// base64 characters: one on the left for a value that does not start a
// 3-byte group, and on the right one character plus any '=' padding for
// a value that does not end one.

// edge says which sides of a registered form may widen.
type edge struct {
	left, right bool
}

// form is one registered string with its edges.
type form struct {
	text string
	edge edge
}

// base64Char reports whether c belongs to either base64 alphabet.
func base64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' ||
		c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_'
}

// rightEdge widens a match ending at end over one base64 character and
// up to two '=' after it.
func rightEdge(buf []byte, end int) int {
	if end < len(buf) && base64Char(buf[end]) {
		end++
	}
	for i := 0; i < 2 && end < len(buf) && buf[end] == '='; i++ {
		end++
	}
	return end
}

// holdFrom returns where a stream must stop so that every byte that could
// still begin a match, or be the left edge of one, is kept.
func (t *table) holdFrom(buf []byte, ctx int) int {
	j := ctx + t.m.holdFrom(buf[ctx:])
	if t.left && j > ctx && base64Char(buf[j-1]) {
		j--
	}
	return j
}
