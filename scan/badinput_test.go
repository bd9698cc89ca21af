package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// giantLine is an io.Reader of one line of size bytes, no newline, that
// ends with tail. It calls sample after every sampleEvery bytes.
type giantLine struct {
	size, off int64
	tail      []byte
	fill      []byte // repeats to fill the line
	sample    func()
	next      int64 // offset of the next sample
}

const sampleEvery = 32 << 20

func (g *giantLine) Read(p []byte) (int, error) {
	if g.off >= g.size {
		return 0, io.EOF
	}
	if g.off >= g.next {
		g.sample()
		g.next += sampleEvery
	}
	p = p[:min(int64(len(p)), g.size-g.off)]
	tailAt := g.size - int64(len(g.tail))
	for n := 0; n < len(p); {
		at := g.off + int64(n)
		if at >= tailAt {
			n += copy(p[n:], g.tail[at-tailAt:])
			continue
		}
		src := g.fill[at%int64(len(g.fill)):]
		n += copy(p[n:], src[:min(int64(len(src)), tailAt-at)])
	}
	g.off += int64(len(p))
	return len(p), nil
}

// TestScanReaderGiantLine streams 1 GiB of one line, never held on
// disk or in memory, with a secret 100 bytes from its end.
func TestScanReaderGiantLine(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 1 GiB")
	}
	const size = 1 << 30
	const heapLimit = 64 << 20
	secret := "ghp_" + fake(120, alnum64, 36)
	tail := " TOKEN=" + secret + strings.Repeat(" .", 30)
	var peak uint64
	samples := 0
	r := &giantLine{
		size: size,
		tail: []byte(tail),
		fill: bytes.Repeat([]byte("qwfp 0189 zxcv 4527 mnbh "), 4096),
		sample: func() {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			samples++
		},
	}
	runtime.GC()
	found, err := newScanner(t, nil).ScanReader(context.Background(), "giant.min.js", r)
	require.NoError(t, err)
	assert.Equal(t, int64(size), r.off, "the reader was not read to its end")
	assert.GreaterOrEqual(t, samples, size/sampleEvery, "got %d memory samples", samples)
	assert.Less(t, peak, uint64(heapLimit), "got a peak heap of %d MiB, want under %d",
		peak>>20, heapLimit>>20)
	require.Len(t, found, 1, "got findings %v, want the one secret", rulesOf(found))
	assert.Equal(t, "github-token", found[0].Rule)
	assert.Equal(t, 1, found[0].Line)
	assert.Equal(t, size-len(tail)+len(" TOKEN=")+1, found[0].Column)
	assert.False(t, holds(found, secret), "a finding holds the secret")
}

func TestScanFileBadInput(t *testing.T) {
	dir := t.TempDir()
	key := "ghp_" + fake(121, alnum64, 36)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
		return p
	}
	folder := filepath.Join(dir, "looks-like-a.env")
	require.NoError(t, os.Mkdir(folder, 0o700))
	tests := []struct {
		name  string
		path  string
		is    error // nil: want no error
		found int
	}{
		{"directory named like a file", folder, nil, -1},
		{"missing", filepath.Join(dir, "missing.env"), fs.ErrNotExist, 0},
		{"NUL up front", write("nul.env", "a\x00b\nTOKEN="+key+"\n"), ErrBinary, 0},
		{"NUL past the sniff", write("late.env", strings.Repeat("x\n", SniffSize)+
			"\x00\nTOKEN="+key+"\n"), nil, 1},
		{"invalid UTF-8", write("latin1.env", "caf\xe9=\xff\xfe\nTOKEN="+key+" \xc3\x28\n"), nil, 1},
		{"empty", write("empty.env", ""), nil, 0},
	}
	s := newScanner(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, err := s.ScanFile(context.Background(), tt.path)
			switch {
			case tt.found < 0:
				require.Error(t, err, "got no error reading a directory")
			case tt.is != nil:
				require.ErrorIs(t, err, tt.is)
			default:
				require.NoError(t, err)
			}
			if err != nil {
				assert.True(t, strings.HasPrefix(err.Error(), "scan: "), "got %q", err)
				assert.Contains(t, err.Error(), filepath.Base(tt.path))
			}
			assert.Equal(t, max(tt.found, 0), len(found), "got %d findings", len(found))
			assert.False(t, holds(found, key), "a finding holds the secret")
		})
	}
}

func TestScanDirBadInput(t *testing.T) {
	dir := t.TempDir()
	key := func(seed uint64) string { return "TOKEN=ghp_" + fake(seed, alnum64, 36) + "\n" }
	tree(t, dir, map[string]string{
		"dir.env/inside.txt": key(122),
		"bin/early.dat":      "\x00\x01\x02" + key(123),
		"bin/late.txt":       strings.Repeat("y\n", SniffSize) + "\x00" + key(124),
		"latin1.txt":         "\xe9t\xe9\n" + key(125) + "\xff\n",
		"empty.txt":          "",
		"crlf.txt":           "a\r\n" + strings.TrimSuffix(key(126), "\n") + "\r\n",
	})
	res, err := newScanner(t, nil).ScanDir(context.Background(), dir)
	require.NoError(t, err)
	files := []string{}
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.File)
		files = append(files, filepath.ToSlash(rel))
	}
	want := []string{"bin/late.txt", "crlf.txt", "dir.env/inside.txt", "latin1.txt"}
	assert.Equal(t, want, files, "got findings in %v", files)
	assert.Equal(t, 5, res.Files, "got %d files scanned, want 5", res.Files)
	assert.Equal(t, 1, res.Binary, "got %d binary, want 1", res.Binary)
	assert.Zero(t, res.Failed)
}

// TestBadInputReports checks that findings in text that is not UTF-8
// still give valid JSON and SARIF.
func TestBadInputReports(t *testing.T) {
	text := "\xff\xfe\x00 TOKEN=ghp_" + fake(127, alnum64, 36) + " \xc3\x28 \x1b[31m\n"
	found := newScanner(t, nil).ScanBytes("bad\xffname.env", []byte(text))
	require.Len(t, found, 1)
	writers := map[string]func(*bytes.Buffer) error{
		"json":  func(b *bytes.Buffer) error { return WriteJSON(b, found) },
		"sarif": func(b *bytes.Buffer) error { return WriteSARIF(b, found, nil) },
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, write(&buf))
			assert.True(t, utf8.Valid(buf.Bytes()), "the report is not UTF-8")
			assert.True(t, json.Valid(buf.Bytes()), "the report is not JSON")
		})
	}
}
