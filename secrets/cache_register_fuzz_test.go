package secrets

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/codebuddy/hush/redact"
)

// FuzzDocValues checks that docValues never panics, yields only valid
// mask names, yields every string of a JSON object or array, and yields
// any other document whole.
func FuzzDocValues(f *testing.F) {
	seeds := []string{
		`{"a": "b"}`, `{"a": {"b": ["c", {"d": 1}]}}`, `[1, "x", null]`,
		`{"password": 123456789}`, `{"a": "b"`, `"s"`, `12`, ` `, ``,
		`{"a b": {"c": "d"}}`, `[[[[[[["deep"]]]]]]]`, `{"\u00e9": "\ud800"}`,
		"{\"a\": \"\xff\"}", `{"a": "b"} trailing`, `{}`, `[]`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		got := map[string]bool{}
		for name, v := range docValues(doc) {
			if !redact.ValidName(name) {
				t.Fatalf("invalid mask name %q", name)
			}
			got[v] = true
		}
		for range docValues(doc) {
			break // stopping early must not panic
		}
		trimmed := bytes.TrimSpace(doc)
		var tree any
		isTree := len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') &&
			json.Unmarshal(trimmed, &tree) == nil
		if !isTree {
			if len(trimmed) > 0 && (len(got) != 1 || !got[string(trimmed)]) {
				t.Fatal("a document that is not an object or array was not yielded whole")
			}
			return
		}
		for _, s := range treeStrings(tree, nil) {
			if !got[s] {
				t.Fatal("a string of the document was not yielded")
			}
		}
	})
}

// treeStrings appends the strings in a decoded JSON value to dst.
func treeStrings(v any, dst []string) []string {
	switch t := v.(type) {
	case string:
		dst = append(dst, t)
	case []any:
		for _, x := range t {
			dst = treeStrings(x, dst)
		}
	case map[string]any:
		for _, x := range t {
			dst = treeStrings(x, dst)
		}
	}
	return dst
}
