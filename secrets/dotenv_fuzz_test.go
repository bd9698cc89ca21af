package secrets

import (
	"regexp"
	"strings"
	"testing"
)

// fixedParseError matches every error ParseDotEnv may return for in-memory
// input: fixed words, the input name and a line number, nothing else.
var fixedParseError = regexp.MustCompile(
	`^secrets: parse "fuzz" line [0-9]+: [a-z '=-]+$`)

func FuzzParseDotEnv(f *testing.F) {
	seeds := []string{
		"A=1\n", "export A='x'\n", `A="a\nb\$c"`, "A=b #c\r\n",
		"\uFEFFA=\"multi\nline\"\n", "A='unterminated", "A=\"x\"y",
		"9A=1", "A", "A=${B}$C", "A=\xff\n", "#c\n\n  \n",
	}
	for _, s := range seeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, expand bool) {
		opts := &DotEnvOptions{
			Expand:    expand,
			LookupEnv: func(string) (string, bool) { return "env", true },
		}
		d, err := parseFuzz(data, opts)
		if err != nil {
			msg := err.Error()
			if !fixedParseError.MatchString(msg) {
				t.Fatalf("error text is not made of fixed parts: %q", msg)
			}
		} else if d == nil {
			t.Fatal("nil DotEnv without an error")
		}

		// Any value, quoted, reads back unchanged.
		value := string(data)
		input := "K=" + QuoteDotEnv(value) + "\n"
		d, err = parseFuzz([]byte(input), opts)
		if err != nil {
			t.Fatalf("quoted value does not parse: %v", err)
		}
		got, _ := d.Value("K")
		if got.Reveal() != value {
			t.Fatal("quoted value read back changed")
		}
	})
}

func parseFuzz(data []byte, opts *DotEnvOptions) (*DotEnv, error) {
	return ParseDotEnv(strings.NewReader(string(data)), "fuzz", opts)
}
