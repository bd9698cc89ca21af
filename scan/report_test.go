package scan

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleFindings returns findings for two files, and the secrets in
// them.
func sampleFindings(t *testing.T) ([]Finding, []string) {
	s := newScanner(t, nil)
	secrets := []string{"ghp_" + fake(90, alnum64, 36), fake(91, alnum64, 16)}
	a := s.ScanBytes("dir/a b.env", []byte("TOKEN="+secrets[0]+"\n"))
	b := s.ScanBytes("c.yaml", []byte("\n  url: redis://cache:"+secrets[1]+"@cache.internal:6379\n"))
	return append(a, b...), secrets
}

func TestWriteJSON(t *testing.T) {
	found, secrets := sampleFindings(t)
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, found))
	for _, s := range secrets {
		assert.False(t, strings.Contains(buf.String(), s), "the report holds a secret")
	}
	var got []map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	require.Len(t, got, 2)
	for _, key := range []string{"rule", "description", "file", "line", "column", "match", "entropy", "fingerprint"} {
		assert.Contains(t, got[0], key, "a JSON finding lacks %q", key)
	}
	assert.NotContains(t, got[0], "secret", "secret written though not revealed")
	assert.Equal(t, "c.yaml", got[1]["file"])
	assert.Equal(t, 2.0, got[1]["line"])

	buf.Reset()
	require.NoError(t, WriteJSON(&buf, nil))
	assert.Equal(t, "[]\n", buf.String(), "no findings must be an empty array")
}

func TestWriteText(t *testing.T) {
	found, secrets := sampleFindings(t)
	var buf bytes.Buffer
	require.NoError(t, WriteText(&buf, found))
	want := "dir/a b.env:1:7: github-token: [REDACTED] (GitHub token)\n" +
		"c.yaml:2:22: url-password: redis://cache:[REDACTED]@cache.internal:6379" +
		" (Password in a URL or connection string)\n"
	assert.Equal(t, want, buf.String())
	for _, s := range secrets {
		assert.False(t, strings.Contains(buf.String(), s), "the report holds a secret")
	}
}

// TestWriteSARIF checks the log against the parts of the SARIF 2.1.0
// schema that GitHub code scanning requires.
func TestWriteSARIF(t *testing.T) {
	found, secrets := sampleFindings(t)
	found = append(found, Finding{Rule: "custom", Description: "Custom", File: "/abs/x.txt", Line: 3, Column: 2})
	var buf bytes.Buffer
	require.NoError(t, WriteSARIF(&buf, found, DefaultRules()))
	for _, s := range secrets {
		assert.False(t, strings.Contains(buf.String(), s), "the report holds a secret")
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name           string `json:"name"`
					InformationURI string `json:"informationUri"`
					Rules          []struct {
						ID               string `json:"id"`
						Name             string `json:"name"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&log))

	assert.Equal(t, "2.1.0", log.Version)
	assert.True(t, strings.Contains(log.Schema, "sarif-2.1.0"), "got schema %q", log.Schema)
	require.Len(t, log.Runs, 1)
	run := log.Runs[0]
	assert.Equal(t, "hush", run.Tool.Driver.Name)
	require.Len(t, run.Results, 3)
	rules := run.Tool.Driver.Rules
	assert.Len(t, rules, len(DefaultRules())+1, "the custom rule was not added")
	for _, r := range run.Results {
		require.Less(t, r.RuleIndex, len(rules))
		assert.Equal(t, r.RuleID, rules[r.RuleIndex].ID, "ruleIndex points at another rule")
		assert.Contains(t, []string{"none", "note", "warning", "error"}, r.Level)
		assert.NotEmpty(t, r.Message.Text)
		require.Len(t, r.Locations, 1)
		loc := r.Locations[0].PhysicalLocation
		assert.GreaterOrEqual(t, loc.Region.StartLine, 1)
		assert.GreaterOrEqual(t, loc.Region.StartColumn, 1)
		assert.NotEmpty(t, r.PartialFingerprints)
	}
	uris := []string{}
	for _, r := range run.Results {
		uris = append(uris, r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
	assert.Equal(t, []string{"dir/a%20b.env", "c.yaml", "file:///abs/x.txt"}, uris)
}

func TestWriteTerminal(t *testing.T) {
	found, secrets := sampleFindings(t)
	var plain bytes.Buffer
	require.NoError(t, WriteText(&plain, found))
	tests := []struct {
		name  string
		color bool
		want  string
	}{
		{"no color", false, plain.String()},
		{"color", true, "\x1b[1mdir/a b.env:1:7\x1b[0m: \x1b[31mgithub-token\x1b[0m: " +
			"\x1b[33m[REDACTED]\x1b[0m \x1b[2m(GitHub token)\x1b[0m\n" +
			"\x1b[1mc.yaml:2:22\x1b[0m: \x1b[31murl-password\x1b[0m: " +
			"redis://cache:\x1b[33m[REDACTED]\x1b[0m@cache.internal:6379" +
			" \x1b[2m(Password in a URL or connection string)\x1b[0m\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteTerminal(&buf, found, tt.color))
			assert.Equal(t, tt.want, buf.String())
			for _, s := range secrets {
				assert.False(t, strings.Contains(buf.String(), s), "the report holds a secret")
			}
		})
	}
}

// sgr matches the colour sequences WriteTerminal writes itself.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func TestWriteTerminalEscapesScannedText(t *testing.T) {
	hostile := Finding{
		Rule:        "r\x1b[2J",
		Description: "d\u009b1m",
		File:        "evil\n\rname\xff.env",
		Line:        1,
		Column:      1,
		Match:       "key=\x1b]0;title\x07[REDACTED] \u202egnp.exe\tok \x00\x7f",
	}
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		require.NoError(t, WriteTerminal(&buf, []Finding{hostile}, color))
		out := sgr.ReplaceAllString(buf.String(), "")
		body, ok := strings.CutSuffix(out, "\n")
		require.True(t, ok, "got %q, want one line", out)
		for i, r := range body {
			bad := r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f ||
				r == utf8.RuneError || reorders(r)
			assert.False(t, bad, "color %v: got %q at byte %d of %q", color, r, i, body)
		}
		want := `evil\x0a\x0dname\xff.env:1:1: r\x1b[2J: ` +
			`key=\x1b]0;title\x07[REDACTED] \u202egnp.exe` + "\tok " + `\x00\x7f (d\u009b1m)`
		assert.Equal(t, want, body, "color %v", color)
	}
}

func TestTermSafeKeepsCleanText(t *testing.T) {
	clean := "naïve/日本.env: pass=[REDACTED]\twith a tab"
	assert.Equal(t, clean, termSafe(clean))
	allocs := testing.AllocsPerRun(100, func() { _ = termSafe(clean) })
	assert.Zero(t, allocs, "got %v allocations for text with nothing to escape", allocs)
}
