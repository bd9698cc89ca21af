package scan

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encodeUTF16 returns s in UTF-16 with a byte order mark.
func encodeUTF16(s string, big bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	out := []byte{0xFF, 0xFE}
	if big {
		order, out = binary.BigEndian, []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

func TestScanFileUTF16(t *testing.T) {
	token := ghToken(400)
	text := "# réglages 🔑\r\nGITHUB_TOKEN=" + token + "\r\n"
	s := newScanner(t, nil)
	for _, big := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "settings.ini")
		require.NoError(t, os.WriteFile(path, encodeUTF16(text, big), 0o600))
		found, err := s.ScanFile(t.Context(), path)
		require.NoError(t, err, "big-endian %v", big)
		require.Len(t, found, 1, "big-endian %v: got %d findings", big, len(found))
		assert.Equal(t, "github-token", found[0].Rule)
		assert.Equal(t, 2, found[0].Line)
		assert.Equal(t, 14, found[0].Column)
	}
}

// markedReader reads b as scanOpen does: as UTF-16 after a byte order
// mark, as it is without one.
func markedReader(b []byte) io.Reader {
	r, err := utf16Text(bytes.NewReader(b), b[:min(len(b), 2)])
	if err != nil {
		panic(err) // a bytes.Reader does not fail
	}
	return r
}

func TestUTF16ReaderOddInput(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"no mark", []byte("plain\x00text"), "plain\x00text"},
		{"empty after mark", []byte{0xFF, 0xFE}, ""},
		{"odd last byte", []byte{0xFF, 0xFE, 'a', 0, 'b'}, "a\uFFFD"},
		{"lone high surrogate", []byte{0xFF, 0xFE, 0x3D, 0xD8, 'x', 0}, "\uFFFDx"},
		{"lone low surrogate", []byte{0xFF, 0xFE, 0x11, 0xDC, 'y', 0}, "\uFFFDy"},
		{"high surrogate at the end", []byte{0xFE, 0xFF, 0xD8, 0x3D}, "\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := io.ReadAll(markedReader(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestUTF16ReaderLong(t *testing.T) {
	text := strings.Repeat("ab🔑cd\n", 3000) // longer than a fill
	got, err := io.ReadAll(markedReader(encodeUTF16(text, false)))
	require.NoError(t, err)
	assert.True(t, string(got) == text, "the decoded text differs")
}

func FuzzUTF16Reader(f *testing.F) {
	f.Add([]byte{0xFF, 0xFE, 'a', 0, 0x3D, 0xD8, 0x11, 0xDC})
	f.Add([]byte{0xFE, 0xFF, 0xD8})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := io.ReadAll(markedReader(data))
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if len(data) < 2 || !(data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
			if !bytes.Equal(got, data) {
				t.Fatalf("text without a mark was changed")
			}
			return
		}
		if !utf8.Valid(got) {
			t.Fatalf("decoded text is not UTF-8")
		}
		body := data[2:]
		if len(body)%2 == 1 {
			return // the reference below takes whole units only
		}
		units := make([]uint16, len(body)/2)
		for i := range units {
			if data[0] == 0xFE {
				units[i] = binary.BigEndian.Uint16(body[2*i:])
			} else {
				units[i] = binary.LittleEndian.Uint16(body[2*i:])
			}
		}
		if want := string(utf16.Decode(units)); string(got) != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}

func TestFixLeavesUTF16Alone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.ini")
	raw := encodeUTF16("GITHUB_TOKEN="+ghToken(401)+"\r\n", false)
	require.NoError(t, os.WriteFile(path, raw, 0o600))
	found, err := newScanner(t, nil).ScanFile(t.Context(), path)
	require.NoError(t, err)
	require.Len(t, found, 1)
	n, err := Fix(path, found)
	assert.ErrorIs(t, err, ErrStale)
	assert.Equal(t, 0, n)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(raw, after), "the file was changed")
}

func TestScanStagedUTF16(t *testing.T) {
	r := newRepo(t)
	r.write("README", "hi\n")
	r.commit("2024-01-01T00:00:00Z", "first")
	r.write("le.ps1", string(encodeUTF16("$token = '"+ghToken(402)+"'\r\n", false)))
	r.write("be.ps1", string(encodeUTF16("\r\n$token = '"+ghToken(403)+"'\r\n", true)))
	r.git("add", ".")
	res, err := newScanner(t, nil).ScanStaged(t.Context(), r.dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"be.ps1:2:11", "le.ps1:1:11"}, where(res.Findings))
	assert.Equal(t, 0, res.Binary, "got %d binary", res.Binary)
}
