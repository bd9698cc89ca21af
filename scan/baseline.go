package scan

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// BaselineVersion is the version of the baseline format that
// [WriteBaseline] writes and [ReadBaseline] reads.
const BaselineVersion = 1

// maxBaseline bounds the size of a baseline file [ReadBaseline] reads.
const maxBaseline = 64 << 20

// Baseline is a set of accepted findings, keyed on their fingerprints
// (see [Finding.Fingerprint]): the rule and a hash of the secret, not
// the file or the line. A finding is in the baseline when a finding of
// the same rule with the same secret was accepted, wherever either
// is; so the baseline survives moved lines and renamed files, and
// never hides a different secret on a line that holds an accepted one.
//
// A nil *Baseline holds nothing. A Baseline is safe for concurrent
// use; it does not change once read.
type Baseline struct {
	fingerprints map[string]bool
}

// baselineFile is the JSON form of a baseline.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

// baselineEntry is one accepted finding. Only Fingerprint counts; the
// rest helps a person review the file.
type baselineEntry struct {
	Rule        string `json:"rule"`
	File        string `json:"file,omitempty"`
	Line        int    `json:"line,omitempty"`
	Match       string `json:"match,omitempty"`
	Fingerprint string `json:"fingerprint"`
}

// WriteBaseline writes findings to w as a baseline: a JSON object with
// a "version" (see [BaselineVersion]) and a "findings" array whose
// entries hold the rule, file, line, redacted match and fingerprint of
// each finding, sorted by file, line and column. It holds no secret.
func WriteBaseline(w io.Writer, findings []Finding) error {
	sorted := slices.Clone(findings)
	slices.SortFunc(sorted, compareFindings)
	out := baselineFile{Version: BaselineVersion, Findings: []baselineEntry{}}
	for _, f := range sorted {
		out.Findings = append(out.Findings, baselineEntry{
			Rule: f.Rule, File: f.File, Line: f.Line,
			Match: f.Match, Fingerprint: f.Fingerprint,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("scan: write baseline: %w", err)
	}
	return nil
}

// ReadBaseline reads a baseline that [WriteBaseline] wrote, or a JSON
// array of findings as [WriteJSON] writes them. A baseline that is not
// valid JSON, has another version, or has an entry without a
// well-formed fingerprint gives a [*FileError] wrapping
// [ErrBadBaseline], which says where and what is wrong.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	return readBaseline(r, "")
}

// LoadBaseline reads the baseline file at path, as [ReadBaseline]
// does; its errors name the file.
func LoadBaseline(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	defer f.Close()
	return readBaseline(f, path)
}

func readBaseline(r io.Reader, name string) (*Baseline, error) {
	bad := func(line int, err error) error {
		return &FileError{Kind: "baseline", File: name, Line: line, Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBaseline+1))
	switch {
	case err != nil:
		return nil, bad(0, err)
	case len(data) > maxBaseline:
		return nil, bad(0, fmt.Errorf("larger than %d MiB", maxBaseline>>20))
	}
	entries, err := decodeBaseline(data)
	if err != nil {
		return nil, bad(jsonLine(data, err), err)
	}
	b := &Baseline{fingerprints: make(map[string]bool, len(entries))}
	for i, e := range entries {
		if err := checkFingerprint(e); err != nil {
			return nil, bad(0, fmt.Errorf("finding %d: %w", i+1, err))
		}
		b.fingerprints[e.Fingerprint] = true
	}
	return b, nil
}

// decodeBaseline decodes either form of a baseline.
func decodeBaseline(data []byte) ([]baselineEntry, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("empty")
	}
	var entries []baselineEntry
	if trimmed[0] == '[' {
		err := json.Unmarshal(data, &entries)
		return entries, err
	}
	var file baselineFile
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, err
	}
	if file.Version != BaselineVersion {
		return nil, fmt.Errorf("version %d, want %d", file.Version, BaselineVersion)
	}
	return file.Findings, nil
}

// checkFingerprint reports what is wrong with e's fingerprint: it must
// be its rule, a colon and 32 lower-case hex digits.
func checkFingerprint(e baselineEntry) error {
	i := strings.LastIndexByte(e.Fingerprint, ':')
	ok := i >= 0
	rule, sum := e.Fingerprint[:max(i, 0)], e.Fingerprint[i+1:]
	switch {
	case e.Fingerprint == "":
		return errors.New("no fingerprint")
	case !ok || rule == "":
		return errors.New("fingerprint has no rule")
	case e.Rule != "" && e.Rule != rule:
		return fmt.Errorf("fingerprint is not of rule %q", e.Rule)
	case len(sum) != 32 || !lowerHex(sum):
		return errors.New("fingerprint hash is not 32 lower-case hex digits")
	}
	return nil
}

func lowerHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// jsonLine returns the line of data at which err, a JSON decoding
// error, occurred, or 0 if err does not say.
func jsonLine(data []byte, err error) int {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return 0
	}
	return 1 + bytes.Count(data[:off], nl)
}

// Len returns how many accepted findings b holds.
func (b *Baseline) Len() int {
	if b == nil {
		return 0
	}
	return len(b.fingerprints)
}

// Has reports whether b holds a finding with f's fingerprint.
func (b *Baseline) Has(f Finding) bool {
	return b != nil && b.fingerprints[f.Fingerprint]
}

// Filter returns the findings that b does not hold, in order, in a
// new slice.
func (b *Baseline) Filter(findings []Finding) []Finding {
	out := make([]Finding, 0, len(findings))
	for _, f := range findings {
		if !b.Has(f) {
			out = append(out, f)
		}
	}
	return out
}
