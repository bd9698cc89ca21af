package scan

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatchContextHidesOtherData(t *testing.T) {
	line := []byte(`curl "https://deploy:pw-fake-1@ci.internal?private_token=glpat-FAKEk9mXyZ"`)
	s := strings.Index(string(line), "pw-fake-1")
	got := redactedMatch(line, s, s+len("pw-fake-1"))
	assert.Equal(t, "https://deploy:[REDACTED]@ci.internal", got)
	assert.False(t, strings.Contains(got, "glpat"), "context shows the query")
}

func TestKeyBlockEndWithoutEndLine(t *testing.T) {
	data := []byte("-----BEGIN PRIVATE KEY-----\nQUJD\nREVGR0hJ\nS0xN\n\nafter the paste\n")
	end := strings.Index(string(data), "QUJD") + 4
	got := keyBlockEnd(data, end)
	assert.Equal(t, "\n\nafter the paste\n", string(data[got:]))
}
