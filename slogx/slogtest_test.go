package slogx

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"testing/slogtest"

	"github.com/stretchr/testify/require"
)

// TestSlogtest runs the standard handler conformance suite against a
// Handler, with registered values, around the JSON and text handlers.
func TestSlogtest(t *testing.T) {
	inners := []struct {
		name  string
		make  func(*bytes.Buffer) slog.Handler
		parse func(*testing.T, []byte) map[string]any
	}{
		{"json", func(b *bytes.Buffer) slog.Handler {
			return slog.NewJSONHandler(b, nil)
		}, parseJSON},
		{"text", func(b *bytes.Buffer) slog.Handler {
			return slog.NewTextHandler(b, nil)
		}, parseText},
	}
	for _, in := range inners {
		t.Run(in.name, func(t *testing.T) {
			var buf *bytes.Buffer
			slogtest.Run(t, func(t *testing.T) slog.Handler {
				buf = new(bytes.Buffer)
				r := newRedactor(t)
				require.NoError(t, r.Add(secret2))
				return NewHandler(in.make(buf), r, nil)
			}, func(t *testing.T) map[string]any {
				return in.parse(t, buf.Bytes())
			})
		})
	}
}

func parseJSON(t *testing.T, line []byte) map[string]any {
	var m map[string]any
	require.NoError(t, json.Unmarshal(line, &m))
	return m
}

// parseText reads one line of slog's text format into nested maps,
// splitting dotted keys into groups.
func parseText(t *testing.T, line []byte) map[string]any {
	s := strings.TrimSuffix(string(line), "\n")
	top := map[string]any{}
	for s != "" {
		eq := strings.IndexByte(s, '=')
		require.GreaterOrEqual(t, eq, 0, "no '=' in text output")
		key := s[:eq]
		s = s[eq+1:]
		var val string
		if strings.HasPrefix(s, `"`) {
			q, err := strconv.QuotedPrefix(s)
			require.NoError(t, err)
			val, _ = strconv.Unquote(q)
			s = s[len(q):]
		} else {
			end := strings.IndexByte(s, ' ')
			if end < 0 {
				end = len(s)
			}
			val, s = s[:end], s[end:]
		}
		s = strings.TrimPrefix(s, " ")
		m := top
		parts := strings.Split(key, ".")
		for _, g := range parts[:len(parts)-1] {
			sub, ok := m[g].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[g] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = val
	}
	return top
}
