package redact_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encodedSecret is a value whose encodings all differ from it.
const encodedSecret = `p@ss w"rd<&>'$x/y+z?é`

func TestEncodingsMasked(t *testing.T) {
	v := encodedSecret
	jsonHTML, _ := json.Marshal(v)
	var plainJSON bytes.Buffer
	enc := json.NewEncoder(&plainJSON)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	tests := map[string]string{
		"raw":           v,
		"path escape":   url.PathEscape(v),
		"query escape":  url.QueryEscape(v),
		"lower escapes": strings.ToLower(url.QueryEscape(v)),
		"json slash":    strings.ReplaceAll(strings.TrimSpace(plainJSON.String()), "/", `\/`),
		"json html":     string(jsonHTML),
		"json plain":    strings.TrimSpace(plainJSON.String()),
		"go quoted":     strconv.Quote(v),
		"go ascii":      strconv.QuoteToASCII(v),
		"sprintf %q":    fmt.Sprintf("%q", v),
		"shell single":  `'` + strings.ReplaceAll(v, `'`, `'\''`) + `'`,
		"shell double":  `"` + strings.NewReplacer(`"`, `\"`, `$`, `\$`, `\`, `\\`, "`", "\\`").Replace(v) + `"`,
		"base64 std":    base64.StdEncoding.EncodeToString([]byte(v)),
		"base64 url":    base64.URLEncoding.EncodeToString([]byte(v)),
		"base64 raw":    base64.RawStdEncoding.EncodeToString([]byte(v)),
		"base64 rawurl": base64.RawURLEncoding.EncodeToString([]byte(v)),
	}
	r := plain(t, v)
	for name, form := range tests {
		t.Run(name, func(t *testing.T) {
			out := r.Redact("<<" + form + ">>")
			assert.Contains(t, out, "[REDACTED]")
			assert.False(t, strings.Contains(out, form), "form left visible")
		})
	}
}

// TestBase64AnyPrefix checks that the base64 of prefix+value+suffix is
// masked for every prefix length, in every alphabet, so that no run of
// characters determined by the value alone survives.
func TestBase64AnyPrefix(t *testing.T) {
	v := "tr0ub4dor&3-horse"
	r := plain(t, v)
	encs := map[string]*base64.Encoding{
		"std": base64.StdEncoding, "url": base64.URLEncoding,
		"rawstd": base64.RawStdEncoding, "rawurl": base64.RawURLEncoding,
	}
	for name, enc := range encs {
		for pre := range 7 {
			for _, suf := range []string{"", "\n", "xy", "tail!"} {
				plainText := strings.Repeat("P", pre) + v + suf
				encoded := enc.EncodeToString([]byte(plainText))
				out := r.Redact(encoded)
				require.Contains(t, out, "[REDACTED]", "%s prefix %d suffix %q", name, pre, suf)
				// Only characters that the prefix alone determines may stay
				// visible before the mask, and the suffix's after it.
				// Character k carries bits [6k, 6k+6) of the input.
				parts := strings.SplitN(out, "[REDACTED]", 2)
				chars := len(strings.TrimRight(encoded, "="))
				firstOfSuffix := (8*(pre+len(v)) + 5) / 6
				assert.LessOrEqual(t, len(parts[0]), 8*pre/6, "%s prefix %d", name, pre)
				assert.LessOrEqual(t, len(strings.TrimRight(parts[1], "=")), chars-firstOfSuffix,
					"%s prefix %d suffix %q", name, pre, suf)
			}
		}
	}
}

func TestMultiLineValue(t *testing.T) {
	key := "-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA7\nshort\n=====\nQWERTYUIOPASDFGH\n-----END KEY-----\n"
	r := plain(t, key)
	tests := map[string]struct {
		in     string
		masked bool
	}{
		"whole":            {key, true},
		"one line":         {"got MIIEpAIBAAKCAQEA7 in log", true},
		"other line":       {"QWERTYUIOPASDFGH", true},
		"short line alone": {"short", false},
		"punctuation line": {"=====", false},
		"trimmed":          {strings.TrimSpace(key), true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tt.masked, r.Contains(tt.in))
		})
	}
}

func TestTrimmedValue(t *testing.T) {
	r := plain(t, "  padded-secret\n")
	assert.Equal(t, "x=[REDACTED];", r.Redact("x=padded-secret;"))
}
