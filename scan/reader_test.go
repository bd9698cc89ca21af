package scan

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// choppy is a reader that returns reads of random small sizes.
type choppy struct {
	r   io.Reader
	rnd *rand.Rand
}

func (c *choppy) Read(p []byte) (int, error) {
	n := 1 + c.rnd.IntN(min(len(p), 70000))
	return c.r.Read(p[:n])
}

// manyLines returns about size bytes of ordinary text with secrets on
// some lines, private key blocks among them.
func manyLines(size int) []byte {
	return lineMix(size, "func f() { return strings.Repeat(\"x\", 3) } // a plain code line\n")
}

// lineMix is manyLines with plain lines equal to plain.
func lineMix(size int, plain string) []byte {
	var b bytes.Buffer
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; b.Len() < size; i++ {
		switch r.IntN(40) {
		case 0:
			b.WriteString("token := \"ghp_" + fake(uint64(i), alnum64, 36) + "\"\n")
		case 1:
			b.WriteString("-----BEGIN RSA PRIVATE KEY-----\n" + fake(uint64(i), b64, 64) + "\n")
		default:
			b.WriteString(plain)
		}
	}
	return b.Bytes()
}

func TestScanReaderMatchesScanBytes(t *testing.T) {
	s := newScanner(t, nil)
	inputs := map[string][]byte{
		"lines": manyLines(3 << 20),
		"one long line": []byte(strings.Repeat("x ", chunkSize/2-10) + "ghp_" +
			fake(60, alnum64, 36) + strings.Repeat(" y", chunkSize) + " AKIA" + fake(61, upper32, 16)),
		"empty": nil,
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			want := s.ScanBytes("in", in)
			r := &choppy{r: bytes.NewReader(in), rnd: rand.New(rand.NewPCG(1, 2))}
			got, err := s.ScanReader(context.Background(), "in", r)
			require.NoError(t, err)
			assert.Equal(t, len(want), len(got), "got %d findings, want %d", len(got), len(want))
			assert.Equal(t, want, got, "streamed findings differ")
		})
	}
}

func TestScanReaderLongLineColumns(t *testing.T) {
	s := newScanner(t, nil)
	// A secret straddling each piece boundary of a 3 MiB line.
	var b strings.Builder
	var cols []int
	for k := 1; k <= 3; k++ {
		next := k*chunkSize - overlapSize/2
		b.WriteString(strings.Repeat("z", next-b.Len()) + " ")
		cols = append(cols, b.Len()+1)
		b.WriteString("ghp_" + fake(uint64(b.Len()), alnum64, 36) + " ")
	}
	got, err := s.ScanReader(context.Background(), "", strings.NewReader(b.String()))
	require.NoError(t, err)
	gotCols := []int{}
	for _, f := range got {
		gotCols = append(gotCols, f.Column)
		assert.Equal(t, 1, f.Line)
	}
	assert.Equal(t, cols, gotCols, "got columns %v, want %v", gotCols, cols)
}

// failing yields data and then fails.
type failing struct{ data io.Reader }

var errBroken = errors.New("broken pipe")

func (f *failing) Read(p []byte) (int, error) {
	n, err := f.data.Read(p)
	if err == io.EOF {
		return n, errBroken
	}
	return n, err
}

func TestScanReaderError(t *testing.T) {
	s := newScanner(t, nil)
	in := manyLines(3 << 20)
	_, err := s.ScanReader(context.Background(), "pipe", &failing{bytes.NewReader(in)})
	require.ErrorIs(t, err, errBroken)
	assert.Contains(t, err.Error(), `scan: read "pipe"`)
}

func TestScanReaderCancelled(t *testing.T) {
	s := newScanner(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.ScanReader(ctx, "", bytes.NewReader(manyLines(1<<10)))
	require.ErrorIs(t, err, context.Canceled)
}

func TestScanFile(t *testing.T) {
	s := newScanner(t, nil)
	dir := t.TempDir()
	text := filepath.Join(dir, "a.env")
	bin := filepath.Join(dir, "a.bin")
	require.NoError(t, os.WriteFile(text, []byte("X=1\nTOKEN=ghp_"+fake(62, alnum64, 36)+"\n"), 0o600))
	require.NoError(t, os.WriteFile(bin, []byte("PK\x00\x01 ghp_"+fake(63, alnum64, 36)), 0o600))

	got, err := s.ScanFile(context.Background(), text)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, text, got[0].File)
	assert.Equal(t, 2, got[0].Line)

	_, err = s.ScanFile(context.Background(), bin)
	require.ErrorIs(t, err, ErrBinary)
	assert.Contains(t, err.Error(), "a.bin")

	_, err = s.ScanFile(context.Background(), filepath.Join(dir, "missing"))
	require.ErrorIs(t, err, fs.ErrNotExist)
}
