package scan

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Alphabets for fake tokens.
const (
	alnum64   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	upper32   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	hexLow    = "0123456789abcdef"
	b64       = alnum64 + "+/"
	lower36   = "abcdefghijklmnopqrstuvwxyz0123456789"
	letters52 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// fake returns n bytes drawn from alphabet by a generator seeded with
// seed, so tests build token-shaped values instead of holding them.
func fake(seed uint64, alphabet string, n int) string {
	r := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

// newScanner returns a scanner with the default rules.
func newScanner(t testing.TB, opts *Options) *Scanner {
	t.Helper()
	s, err := New(opts)
	require.NoError(t, err)
	return s
}

// rulesOf returns the rule ids of findings, in order.
func rulesOf(fs []Finding) []string {
	ids := []string{}
	for _, f := range fs {
		ids = append(ids, f.Rule)
	}
	return ids
}

// holds reports whether any text field of fs holds secret.
func holds(fs []Finding, secret string) bool {
	for _, f := range fs {
		if strings.Contains(f.Match, secret) || strings.Contains(f.String(), secret) ||
			strings.Contains(f.Fingerprint, secret) || strings.Contains(f.Secret, secret) {
			return true
		}
	}
	return false
}
