package slogx

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

// Test secrets. They avoid the letters and digits that escape sequences
// produce, so no escaping by a handler can form one by accident.
const (
	secret1 = "kQzPmGsWyLhHjKoS"
	secret2 = "GwqPzJmLsKhYoQiE"
)

// newRedactor returns a Redactor that knows secret1.
func newRedactor(t testing.TB) *redact.Redactor {
	t.Helper()
	r := redact.New(nil)
	require.NoError(t, r.Add(secret1))
	return r
}

// dropTime removes the time so output is deterministic.
func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// jsonLogger returns a logger writing JSON through a Handler into buf.
func jsonLogger(r *redact.Redactor, opts *Options) (*slog.Logger, *bytes.Buffer) {
	buf := new(bytes.Buffer)
	inner := slog.NewJSONHandler(buf, &slog.HandlerOptions{ReplaceAttr: dropTime})
	return slog.New(NewHandler(inner, r, opts)), buf
}

// textLogger returns a logger writing text through a Handler into buf.
func textLogger(r *redact.Redactor, opts *Options) (*slog.Logger, *bytes.Buffer) {
	buf := new(bytes.Buffer)
	inner := slog.NewTextHandler(buf, &slog.HandlerOptions{ReplaceAttr: dropTime})
	return slog.New(NewHandler(inner, r, opts)), buf
}

// leaks reports whether out holds any of the test secrets.
func leaks(out string) bool {
	return strings.Contains(out, secret1) || strings.Contains(out, secret2)
}

// decode parses one JSON log line; it never prints the line.
func decode(t *testing.T, line []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(line, &m), "output is not one JSON object")
	return m
}
