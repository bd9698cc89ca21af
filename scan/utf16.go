package scan

import (
	"bufio"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Reader turns UTF-16 text, after its byte order mark, into
// UTF-8. Unpaired surrogates and a last odd byte become U+FFFD.
type utf16Reader struct {
	r   *bufio.Reader
	big bool   // big-endian
	out []byte // decoded text not yet read
	err error  // the error that ended the input
}

// utf16Mark reports whether b starts with a UTF-16 byte order mark,
// and whether that mark is big-endian.
func utf16Mark(b []byte) (ok, big bool) {
	switch {
	case len(b) < 2:
		return false, false
	case b[0] == 0xFF && b[1] == 0xFE:
		return true, false
	case b[0] == 0xFE && b[1] == 0xFF:
		return true, true
	}
	return false, false
}

// utf16Text returns r, read from its start, as the UTF-8 text it holds
// if mark, its first bytes, is a UTF-16 byte order mark (which it reads
// past), and r itself otherwise.
func utf16Text(r io.Reader, mark []byte) (io.Reader, error) {
	ok, big := utf16Mark(mark)
	if !ok {
		return r, nil
	}
	if _, err := io.CopyN(io.Discard, r, 2); err != nil {
		return nil, err
	}
	return newUTF16Reader(r, big), nil
}

// newUTF16Reader returns a reader of the UTF-8 form of the UTF-16 text
// r yields after its byte order mark.
func newUTF16Reader(r io.Reader, big bool) io.Reader {
	return &utf16Reader{r: bufio.NewReaderSize(r, 64<<10), big: big}
}

// Read decodes up to len(p) bytes of UTF-8.
func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 && u.err == nil {
		u.fill()
	}
	if len(u.out) == 0 {
		return 0, u.err
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// fill decodes up to 4 KiB of code units into out.
func (u *utf16Reader) fill() {
	u.out = u.out[:0]
	for range 2048 {
		c, ok := u.unit()
		if !ok {
			return
		}
		r := rune(c)
		if utf16.IsSurrogate(r) {
			r = u.pair(r)
		}
		u.out = utf8.AppendRune(u.out, r)
	}
}

// pair completes the surrogate r with the next unit, or returns
// U+FFFD; a unit that does not complete it is read again.
func (u *utf16Reader) pair(r rune) rune {
	if r >= 0xDC00 {
		return utf8.RuneError
	}
	b, err := u.r.Peek(2)
	if err != nil || len(b) < 2 {
		return utf8.RuneError
	}
	next := rune(u.order(b))
	if d := utf16.DecodeRune(r, next); d != utf8.RuneError {
		u.r.Discard(2)
		return d
	}
	return utf8.RuneError
}

// unit reads one code unit; at the end of the input it records the
// error and reports false, after turning a last odd byte into U+FFFD.
func (u *utf16Reader) unit() (uint16, bool) {
	var b [2]byte
	n, err := io.ReadFull(u.r, b[:])
	switch {
	case err == nil:
		return u.order(b[:]), true
	case n == 1:
		u.out = utf8.AppendRune(u.out, utf8.RuneError)
		u.err = io.EOF
	case err == io.EOF:
		u.err = io.EOF
	default:
		u.err = err
	}
	return 0, false
}

// order reads a code unit from b in the reader's byte order.
func (u *utf16Reader) order(b []byte) uint16 {
	if u.big {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return uint16(b[1])<<8 | uint16(b[0])
}
