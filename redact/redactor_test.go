package redact_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/codebuddy/hush/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plain returns a Redactor without detectors, so tests see literal
// masking alone.
func plain(t testing.TB, values ...string) *redact.Redactor {
	t.Helper()
	r := redact.New(&redact.Options{Detectors: []redact.Detector{}})
	for _, v := range values {
		require.NoError(t, r.Add(v))
	}
	return r
}

func TestAddRefuses(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  error
	}{
		{"empty", "", redact.ErrEmpty},
		{"short", "abc12", redact.ErrTooShort},
		{"short after trim", "  abc  \n", redact.ErrTooShort},
		{"white space", "          ", redact.ErrTooShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := plain(t)
			err := r.AddNamed("PIN", tt.value)
			require.ErrorIs(t, err, tt.want)
			if tt.value != "" && strings.TrimSpace(tt.value) != "" {
				assert.False(t, strings.Contains(err.Error(), strings.TrimSpace(tt.value)),
					"error text holds the value")
			}
			assert.Zero(t, r.Generation(), "a refused value counts as registered")
		})
	}
}

func TestAddBadName(t *testing.T) {
	r := plain(t)
	for _, name := range []string{"a b", "x]", "new\nline", strings.Repeat("n", 65)} {
		err := r.AddNamed(name, "correct-horse")
		assert.ErrorIs(t, err, redact.ErrBadName, "name %q", name)
	}
	assert.Equal(t, "x", r.Redact("x"))
}

func TestMinLengthOption(t *testing.T) {
	r := redact.New(&redact.Options{MinLength: 10, Detectors: []redact.Detector{}})
	assert.Equal(t, 10, r.MinLength())
	assert.ErrorIs(t, r.Add("dev12345"), redact.ErrTooShort)
	require.NoError(t, r.Add("dev1234567"))
	assert.Equal(t, redact.DefaultMinLength, redact.New(nil).MinLength())
	require.NoError(t, redact.New(nil).Add("dev123"), "a dev123-style password must register")
}

func TestRedactMasks(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		in     string
		want   string
	}{
		{"none", []string{"hunter22"}, "nothing here", "nothing here"},
		{"once", []string{"hunter22"}, "pw hunter22 end", "pw [REDACTED] end"},
		{"twice", []string{"hunter22"}, "hunter22hunter22", "[REDACTED]"},
		{"apart", []string{"hunter22"}, "hunter22 x hunter22", "[REDACTED] x [REDACTED]"},
		{"self overlap", []string{"ababab"}, "abababab", "[REDACTED]"},
		{"overlap two", []string{"abc123", "123xyz"}, "-abc123xyz-", "-[REDACTED]-"},
		{"inner shorter", []string{"secret1", "xsecret1x"}, "a xsecret1x b", "a [REDACTED] b"},
		{"inner shorter reversed", []string{"xsecret1x", "secret1"}, "a xsecret1x b", "a [REDACTED] b"},
		{"touching", []string{"aaaaaa1", "bbbbbb2"}, "aaaaaa1bbbbbb2", "[REDACTED]"},
		{"binary", []string{"\x00\xff\xfe\x01zz"}, "a\x00\xff\xfe\x01zzb", "a[REDACTED]b"},
		{"utf8", []string{"pässwörd"}, "x pässwörd y", "x [REDACTED] y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := plain(t, tt.values...)
			got := r.Redact(tt.in)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want, string(r.RedactBytes([]byte(tt.in))))
			assert.Equal(t, "pre:"+tt.want, string(r.AppendRedacted([]byte("pre:"), []byte(tt.in))))
			assert.Equal(t, tt.want != tt.in, r.Contains(tt.in))
		})
	}
}

func TestNamedMask(t *testing.T) {
	r := plain(t)
	require.NoError(t, r.AddNamed("DB_PASSWORD", "pg-secret-1"))
	require.NoError(t, r.AddNamed("OTHER", "pg-secret-1"))
	assert.Equal(t, "dsn=[REDACTED:DB_PASSWORD]", r.Redact("dsn=pg-secret-1"))
}

// TestMaskRevealsNothing checks that masks of values of different
// lengths, prefixes and suffixes are identical.
func TestMaskRevealsNothing(t *testing.T) {
	r := plain(t, "short1", "a-much-longer-secret-value-here", "zzzzzzzzzz")
	for _, v := range []string{"short1", "a-much-longer-secret-value-here", "zzzzzzzzzz"} {
		assert.Equal(t, "<[REDACTED]>", r.Redact("<"+v+">"))
	}
}

func TestRedactUnchangedDoesNotAllocate(t *testing.T) {
	r := plain(t, "hunter22", "correct-horse-battery")
	in := "an ordinary log line with nothing to hide"
	allocs := testing.AllocsPerRun(100, func() {
		if r.Redact(in) != in {
			t.Fatal("changed")
		}
	})
	assert.Zero(t, allocs)
}

func TestGeneration(t *testing.T) {
	r := plain(t)
	require.NoError(t, r.Add("hunter22"))
	require.NoError(t, r.Add("hunter33"))
	assert.EqualValues(t, 2, r.Generation())
}

func TestConcurrentAddAndRedact(t *testing.T) {
	r := plain(t)
	values := make([]string, 50)
	for i := range values {
		values[i] = "concurrent-secret-" + strings.Repeat("x", i)
	}
	var wg sync.WaitGroup
	for _, v := range values {
		wg.Go(func() { assert.NoError(t, r.Add(v)) })
		wg.Go(func() { _ = r.Redact("line " + v) })
	}
	wg.Wait()
	for _, v := range values {
		assert.False(t, strings.Contains(r.Redact("x"+v+"x"), v), "value left visible")
	}
}

func TestErrorsWrap(t *testing.T) {
	err := plain(t).AddNamed("API_KEY", "abc")
	require.Error(t, err)
	assert.True(t, errors.Is(err, redact.ErrTooShort))
	assert.Contains(t, err.Error(), "API_KEY")
}

func TestAddKnownValueChangesNothing(t *testing.T) {
	r := plain(t)
	require.NoError(t, r.AddNamed("A", "hunter2222"))
	require.NoError(t, r.AddNamed("B", "hunter2222"))
	require.NoError(t, r.Add("hunter2222"))
	assert.EqualValues(t, 1, r.Generation())
	assert.Equal(t, "[REDACTED:A]", r.Redact("hunter2222"))
}

func TestValidName(t *testing.T) {
	assert.True(t, redact.ValidName(""))
	assert.True(t, redact.ValidName("DB_PASSWORD.v-2"))
	assert.False(t, redact.ValidName("has space"))
	assert.False(t, redact.ValidName(strings.Repeat("x", 65)))
}
