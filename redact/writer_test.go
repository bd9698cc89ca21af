package redact_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/codebuddy/hush/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var streamSecrets = []string{
	"hunter2hunter2", "abab-abab", "abc123", "123xyz", "p@ss$word!",
	"line-one-secret\nline-two-secret", "FAKE\nsecond-line",
}

// streamInputs exercise matches at the edges of writes: secrets at the
// start and end, overlapping and touching secrets, encodings, detector
// matches and unfinished lines.
func streamInputs() []string {
	b64 := base64.StdEncoding.EncodeToString([]byte("x:hunter2hunter2\n"))
	return []string{
		"",
		"hunter2hunter2",
		"plain text with nothing in it\nand a second line",
		"start hunter2hunter2 middle hunter2hunter2",
		"abab-abab-abab-abab-ab",
		"abc123xyz and abc123 and 123xyz abc12",
		"encoded " + b64 + " done\n",
		`{"msg":"login","password":"p@ss$word!","user":"bob"}` + "\n",
		"password=swordfish99 token: abcdefghij\nnext",
		"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig and more",
		"db: postgres://app:s3cretpw@db:5432/x\nkey",
		"line-one-secret\nline-two-secret\n",
		"trailing keyword at the end: passw",
		"almost hunter2hunte",
		"AKIAABCDEFGHIJKLMNOP in a line with api_key=\"quoted value here\"",
		"\x00\xff\xfe invalid utf-8 p@ss$word! \xc3\x28",
		"password=hunter22FAKE\nsecond-line\n",
		"token: e" + b64 + " password=abab-abab\nx",
		"a password=x FAKE\nsecond-line and token=y\nline-one-secret\nline-two",
	}
}

func streamRedactor(t testing.TB) *redact.Redactor {
	t.Helper()
	r := redact.New(nil)
	for _, s := range streamSecrets {
		require.NoError(t, r.Add(s))
	}
	return r
}

// stream writes in to a Writer in the given pieces and returns what the
// underlying writer received.
func stream(t testing.TB, r *redact.Redactor, pieces ...string) string {
	t.Helper()
	var out bytes.Buffer
	w := r.NewWriter(&out)
	for _, p := range pieces {
		n, err := w.Write([]byte(p))
		require.NoError(t, err)
		require.Equal(t, len(p), n)
	}
	require.NoError(t, w.Close())
	return out.String()
}

func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

func TestWriterEqualsOneShotAtEverySplit(t *testing.T) {
	r := streamRedactor(t)
	for i, in := range streamInputs() {
		want := r.Redact(in)
		for p := 0; p <= len(in); p++ {
			got := stream(t, r, in[:p], in[p:])
			if got != want {
				t.Fatalf("input %d split at %d: stream differs from one-shot", i, p)
			}
		}
		for _, n := range []int{1, 2, 3, 7, 4096} {
			if got := stream(t, r, chunks(in, n)...); got != want {
				t.Fatalf("input %d in chunks of %d: stream differs from one-shot", i, n)
			}
		}
	}
}

func TestWriterLongLines(t *testing.T) {
	r := streamRedactor(t)
	long := strings.Repeat("a", redact.MaxLine-5) + "password=hunter2hunter2 " +
		strings.Repeat("b", redact.MaxLine) + " token=zzzzzzzzzzzz\n" +
		strings.Repeat("c", 3*redact.MaxLine)
	want := r.Redact(long)
	assert.False(t, strings.Contains(want, "hunter2hunter2"), "secret left visible")
	for _, n := range []int{1000, 4096, 65536, 100000} {
		if got := stream(t, r, chunks(long, n)...); got != want {
			t.Fatalf("chunks of %d: stream differs from one-shot", n)
		}
	}
}

// TestWriterHoldsOnlyPossibleStarts checks that text which cannot begin a
// secret is written at once, and a tail that could is held until Close.
func TestWriterHoldsOnlyPossibleStarts(t *testing.T) {
	r := plain(t, "hunter2hunter2")
	var out bytes.Buffer
	w := r.NewWriter(&out)
	_, err := w.Write([]byte("progress 10%\r"))
	require.NoError(t, err)
	assert.Equal(t, "progress 10%\r", out.String(), "no secret can start here")
	_, err = w.Write([]byte("user hunter2"))
	require.NoError(t, err)
	assert.Equal(t, "progress 10%\ruser ", out.String())
	require.NoError(t, w.Close())
	assert.Equal(t, "progress 10%\ruser hunter2", out.String())
}

func TestWriterClosed(t *testing.T) {
	w := plain(t, "hunter2hunter2").NewWriter(io.Discard)
	require.NoError(t, w.Close())
	require.NoError(t, w.Close(), "second close")
	_, err := w.Write([]byte("x"))
	assert.ErrorIs(t, err, redact.ErrClosed)
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWriterUnderlyingError(t *testing.T) {
	boom := errors.New("disk full")
	w := plain(t, "hunter2hunter2").NewWriter(failWriter{boom})
	_, err := w.Write([]byte("some line\n"))
	require.ErrorIs(t, err, boom)
	_, err = w.Write([]byte("more"))
	assert.ErrorIs(t, err, boom, "error is sticky")
	assert.ErrorIs(t, w.Close(), boom)
}

func TestWriterConcurrent(t *testing.T) {
	r := plain(t, "hunter2hunter2")
	var out bytes.Buffer
	w := r.NewWriter(&out)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				_, err := w.Write([]byte("x hunter2hunter2 y\n"))
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	require.NoError(t, w.Close())
	assert.False(t, strings.Contains(out.String(), "hunter2"), "secret left visible")
	assert.Equal(t, 800, strings.Count(out.String(), "[REDACTED]"))
}

func FuzzWriter(f *testing.F) {
	for _, in := range streamInputs() {
		f.Add(in, uint16(3), uint16(5))
	}
	f.Fuzz(func(t *testing.T, in string, a, b uint16) {
		r := streamRedactor(t)
		want := r.Redact(in)
		for _, s := range streamSecrets {
			if strings.Contains(want, s) {
				t.Fatal("one-shot output holds a registered secret")
			}
		}
		// Split into pieces of alternating sizes a and b.
		var pieces []string
		sizes := [2]int{int(a%64) + 1, int(b%64) + 1}
		for i, rest := 0, in; len(rest) > 0; i++ {
			n := min(sizes[i%2], len(rest))
			pieces = append(pieces, rest[:n])
			rest = rest[n:]
		}
		if got := stream(t, r, pieces...); got != want {
			t.Fatal("stream differs from one-shot")
		}
	})
}
