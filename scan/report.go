package scan

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/codebuddy/hush/redact"
)

// WriteJSON writes findings to w as a JSON array, "[]" when there are
// none, with the field names of [Finding]'s JSON tags.
func WriteJSON(w io.Writer, findings []Finding) error {
	return writeJSON(w, findings)
}

// WriteHistoryJSON writes findings from [Scanner.ScanHistory] to w as
// [WriteJSON] does, each with its commit, author, email and date.
func WriteHistoryJSON(w io.Writer, findings []GitFinding) error {
	return writeJSON(w, findings)
}

// writeJSON writes findings as an indented JSON array, [] for none.
func writeJSON[F Finding | GitFinding](w io.Writer, findings []F) error {
	if findings == nil {
		findings = []F{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(findings); err != nil {
		return fmt.Errorf("scan: write json: %w", err)
	}
	return nil
}

// WriteText writes one line per finding to w, as [Finding.String]
// does, followed by the rule's description in parentheses.
func WriteText(w io.Writer, findings []Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range findings {
		fmt.Fprintf(bw, "%s%s\n", f, described(f.Description))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("scan: write text: %w", err)
	}
	return nil
}

// ANSI escape sequences [WriteTerminal] colours with.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiRed   = "\x1b[31m"
	ansiYel   = "\x1b[33m"
)

// described returns a rule's description as the reports end a line
// with it, " (description)", or "" for none.
func described(desc string) string {
	if desc == "" {
		return ""
	}
	return " (" + desc + ")"
}

// WriteTerminal writes the lines [WriteText] writes, for a person at a
// terminal. Control characters, invalid UTF-8 and bidirectional-text
// controls in the file names, matches and rule texts are shown escaped
// (as \x1b, \u202e), so a scanned file cannot move the cursor, retitle
// the window or reorder what is shown. With color set, the place is
// bold, the rule red, the mask yellow and the description dim, in ANSI
// escape sequences; decide it from the output, never colour a file or
// a pipe.
func WriteTerminal(w io.Writer, findings []Finding, color bool) error {
	bw := bufio.NewWriter(w)
	for _, f := range findings {
		place := fmt.Sprintf("%s:%d:%d", termSafe(f.File), f.Line, f.Column)
		rule, match := termSafe(f.Rule), termSafe(f.Match)
		desc := ""
		if f.Description != "" {
			desc = "(" + termSafe(f.Description) + ")"
		}
		if color {
			place = ansiBold + place + ansiReset
			rule = ansiRed + rule + ansiReset
			match = strings.ReplaceAll(match, redact.Mask, ansiYel+redact.Mask+ansiReset)
			if desc != "" {
				desc = ansiDim + desc + ansiReset
			}
		}
		if desc != "" {
			desc = " " + desc
		}
		fmt.Fprintf(bw, "%s: %s: %s%s\n", place, rule, match, desc)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("scan: write text: %w", err)
	}
	return nil
}

// termSafe returns s with the bytes a terminal would act on escaped:
// C0 and C1 controls but tab, DEL, invalid UTF-8 and the Unicode
// controls that reorder text. It returns s itself when there are none.
func termSafe(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		esc := ""
		switch {
		case r == utf8.RuneError && n == 1:
			esc = fmt.Sprintf(`\x%02x`, s[i])
		case r == '\t':
		case r < 0x20 || r == 0x7f:
			esc = fmt.Sprintf(`\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, reorders(r):
			esc = fmt.Sprintf(`\u%04x`, r)
		}
		if esc != "" {
			b.WriteString(s[done:i])
			b.WriteString(esc)
			done = i + n
		}
		i += n
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// reorders reports whether r is a Unicode control that changes the
// order in which text is shown: the bidirectional embeddings,
// overrides and isolates, and the implicit direction marks.
func reorders(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// SARIFVersion is the version of the SARIF format [WriteSARIF] writes.
const SARIFVersion = "2.1.0"

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// The SARIF types hold the part of the format that WriteSARIF fills.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string       `json:"id"`
		Name             string       `json:"name"`
		ShortDescription sarifMessage `json:"shortDescription"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          map[string]string `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
)

// WriteSARIF writes findings to w as a SARIF 2.1.0 log with one run,
// the form GitHub code scanning accepts. rules describe the findings'
// rules in the log; a finding whose rule is not among them gets an
// entry made from the finding. Relative file names are written as
// relative URIs with forward slashes, absolute ones as file URIs.
func WriteSARIF(w io.Writer, findings []Finding, rules []Rule) error {
	return writeSARIF(w, findings, rules, nil)
}

// WriteHistorySARIF writes findings from [Scanner.ScanHistory] to w as
// [WriteSARIF] does, with each result's commit and author date in its
// properties ("commit", "date" in RFC 3339), and its file as the
// location.
func WriteHistorySARIF(w io.Writer, findings []GitFinding, rules []Rule) error {
	plain := make([]Finding, len(findings))
	for i, f := range findings {
		plain[i] = f.Finding
	}
	return writeSARIF(w, plain, rules, func(i int) map[string]string {
		f := findings[i]
		return map[string]string{"commit": f.Commit, "date": f.Date.Format(time.RFC3339)}
	})
}

// writeSARIF is WriteSARIF; props, if not nil, gives the properties of
// the result of the i-th finding.
func writeSARIF(w io.Writer, findings []Finding, rules []Rule,
	props func(i int) map[string]string) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "hush",
			InformationURI: "https://github.com/codebuddy/hush",
			Rules:          []sarifRule{},
		}},
		Results: []sarifResult{},
	}
	index := map[string]int{}
	addRule := func(id, desc string) int {
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: id, Name: id, ShortDescription: sarifMessage{Text: desc},
		})
		return index[id]
	}
	for _, r := range rules {
		addRule(r.ID, r.Description)
	}
	for i, f := range findings {
		res := sarifResultOf(f, addRule(f.Rule, f.Description))
		if props != nil {
			res.Properties = props(i)
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	err := enc.Encode(sarifLog{Schema: sarifSchema, Version: SARIFVersion, Runs: []sarifRun{run}})
	if err != nil {
		return fmt.Errorf("scan: write sarif: %w", err)
	}
	return nil
}

// sarifResultOf converts one finding, whose rule is at index i.
func sarifResultOf(f Finding, i int) sarifResult {
	return sarifResult{
		RuleID:    f.Rule,
		RuleIndex: i,
		Level:     "error",
		Message:   sarifMessage{Text: f.Description + ": " + f.Match},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: fileURI(f.File)},
			Region:           sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.Column, 1)},
		}}},
		PartialFingerprints: map[string]string{"hushFingerprint/v1": f.Fingerprint},
	}
}

// fileURI returns name as a URI reference.
func fileURI(name string) string {
	p := filepath.ToSlash(name)
	p = strings.ReplaceAll(p, "%", "%25")
	p = strings.ReplaceAll(p, " ", "%20")
	p = strings.ReplaceAll(p, "#", "%23")
	p = strings.ReplaceAll(p, "?", "%3F")
	if filepath.IsAbs(name) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return "file://" + p
	}
	return p
}
