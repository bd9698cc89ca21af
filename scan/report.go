package scan

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// WriteJSON writes findings to w as a JSON array, "[]" when there are
// none, with the field names of [Finding]'s JSON tags.
func WriteJSON(w io.Writer, findings []Finding) error {
	if findings == nil {
		findings = []Finding{}
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
		fmt.Fprintf(bw, "%s (%s)\n", f, f.Description)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("scan: write text: %w", err)
	}
	return nil
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
	for _, f := range findings {
		run.Results = append(run.Results, sarifResultOf(f, addRule(f.Rule, f.Description)))
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
