package secrets

import (
	"bytes"
	"encoding/json"
)

// maxKeySteps bounds the work of one key lookup: a key with many dots,
// tried against objects whose keys themselves hold dots, could
// otherwise branch many times.
const maxKeySteps = 1024

// ExtractKey returns the value that ref.Key names in doc, a secret that
// holds a JSON object; with an empty ref.Key it returns doc whole.
//
// The key is first looked up literally, so "db.password" finds a member
// of that name. Failing that, a dotted key is a path into nested
// objects: "db.password" finds member "password" of member "db". At each
// level a literal member wins over a path through a shorter one.
//
// A string member is returned unquoted. Numbers, true and false are
// returned exactly as written in doc, so 12345678901234567890 and 1.50
// keep every digit. An object or array member is returned as compact
// JSON. A null member counts as missing.
//
// A doc that is not a JSON object gives a [*KeyError] wrapping
// [ErrNotJSON]; a missing key gives one wrapping [ErrNotFound]. Errors
// name ref and the key and hold no part of doc.
func ExtractKey(doc []byte, ref Ref) (string, error) {
	if ref.Key == "" {
		return string(doc), nil
	}
	fail := func(err error) (string, error) {
		return "", &KeyError{Ref: ref.String(), Key: ref.Key, Err: err}
	}
	obj, ok := decodeObject(doc)
	if !ok {
		return fail(ErrNotJSON)
	}
	steps := maxKeySteps
	raw, ok := lookupPath(obj, ref.Key, &steps)
	if !ok {
		return fail(ErrNotFound)
	}
	v, ok := rawText(raw)
	if !ok {
		return fail(ErrNotFound)
	}
	return v, nil
}

// decodeObject decodes a JSON object, keeping members undecoded.
func decodeObject(b []byte) (map[string]json.RawMessage, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) != nil {
		return nil, false
	}
	return obj, true
}

// lookupPath finds path in obj: literally, or as a path whose first
// part names a nested object. steps counts down the work allowed.
func lookupPath(obj map[string]json.RawMessage, path string,
	steps *int) (json.RawMessage, bool) {
	*steps--
	if *steps < 0 {
		return nil, false
	}
	if v, ok := obj[path]; ok {
		return v, true
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '.' {
			continue
		}
		sub, ok := obj[path[:i]]
		if !ok {
			continue
		}
		if inner, ok := decodeObject(sub); ok {
			if v, ok := lookupPath(inner, path[i+1:], steps); ok {
				return v, true
			}
		}
	}
	return nil, false
}

// rawText turns one JSON value into the text ExtractKey returns. It
// reports false for null.
func rawText(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	switch {
	case string(raw) == "null":
		return "", false
	case raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case raw[0] == '{' || raw[0] == '[':
		var b bytes.Buffer
		if json.Compact(&b, raw) != nil {
			return "", false
		}
		return b.String(), true
	}
	return string(raw), true
}
