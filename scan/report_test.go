package scan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

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
