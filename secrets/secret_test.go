package secrets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

const testValue = "s3cr3t-Value-9f2c"

type holder struct {
	name   string
	secret Secret // unexported: fmt cannot call its methods
}

type exported struct {
	Name   string
	Secret Secret
}

// secretPrints lists every path by which a Secret can become text, with
// whether the mask itself must show.
func secretPrints(s Secret) []struct {
	name     string
	out      func() string
	wantMask bool
} {
	jsonOf := func(v any) func() string {
		return func() string {
			b, err := json.Marshal(v)
			if err != nil {
				return "error: " + err.Error()
			}
			return string(b)
		}
	}
	slogOut := func(json bool, args ...any) func() string {
		return func() string {
			var b bytes.Buffer
			var h slog.Handler = slog.NewTextHandler(&b, nil)
			if json {
				h = slog.NewJSONHandler(&b, nil)
			}
			slog.New(h).Info("msg", args...)
			return b.String()
		}
	}
	sprintf := func(format string, v any) func() string {
		return func() string { return fmt.Sprintf(format, v) }
	}
	type tc = struct {
		name     string
		out      func() string
		wantMask bool
	}
	tests := []tc{
		{"String", s.String, true},
		{"GoString", s.GoString, true},
		{"MarshalJSON", func() string { b, _ := s.MarshalJSON(); return string(b) }, true},
		{"MarshalText", func() string { b, _ := s.MarshalText(); return string(b) }, true},
		{"LogValue", func() string { return s.LogValue().String() }, true},
		{"json.Marshal", jsonOf(s), true},
		{"json exported field", jsonOf(exported{"n", s}), true},
		{"json map", jsonOf(map[string]any{"k": s}), true},
		{"json pointer", jsonOf(&s), true},
		{"slog text attr", slogOut(false, "password", s), true},
		{"slog json attr", slogOut(true, "password", s), true},
		{"slog text group", slogOut(false, slog.Group("g", "k", s)), true},
		{"slog text struct", slogOut(false, "h", holder{"n", s}), false},
		{"slog json struct", slogOut(true, "h", exported{"n", s}), true},
		{"slog text map", slogOut(false, "m", map[string]any{"k": s}), true},
		{"Sprint", func() string { return fmt.Sprint(s) }, true},
		{"Sprintln", func() string { return fmt.Sprintln(s) }, true},
		{"Errorf", func() string { return fmt.Errorf("e: %v", s).Error() }, true},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d",
		"%T", "%p", "%t", "%f", "%e", "%g", "%o", "%b", "%c", "%U",
		"%10.3s", "%-20v", "%#x", "% x", "%08d"}
	for _, v := range verbs {
		wantMask := v != "%T" && v != "%p"
		tests = append(tests,
			tc{"Sprintf " + v, sprintf(v, s), wantMask},
			tc{"Sprintf pointer " + v, sprintf(v, &s), wantMask},
			tc{"unexported field " + v, sprintf(v, holder{"n", s}), false},
			tc{"unexported field pointer " + v, sprintf(v, &holder{"n", s}), false},
			tc{"exported field " + v, sprintf(v, exported{"n", s}), wantMask && v != "%p"},
			tc{"map " + v, sprintf(v, map[string]any{"k": s}), wantMask && v != "%p"},
			tc{"slice " + v, sprintf(v, []Secret{s}), wantMask && v != "%p"},
		)
	}
	return tests
}

func TestSecretNeverPrints(t *testing.T) {
	s := NewSecret(testValue)
	for _, tt := range secretPrints(s) {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.out()
			assert.False(t, strings.Contains(out, testValue),
				"output holds the secret")
			assert.False(t, strings.Contains(out, "s3cr3t"),
				"output holds part of the secret")
			if tt.wantMask {
				assert.True(t, strings.Contains(out, redact.Mask),
					"got %q, want the mask in it", out)
			}
		})
	}
}

func TestSecretRepresentationHidesValue(t *testing.T) {
	// In an unexported field fmt prints the raw fields: make sure two
	// different Secrets print the same, so nothing depends on the value.
	for _, verb := range []string{"%v", "%+v", "%#v", "%x", "%d", "%s", "%q"} {
		a := fmt.Sprintf(verb, holder{secret: NewSecret("first-value-1")})
		b := fmt.Sprintf(verb, holder{secret: NewSecret("another-value-22")})
		c := fmt.Sprintf(verb, holder{secret: NewSecret("")})
		assert.Equal(t, a, b, "verb %s", verb)
		assert.Equal(t, a, c, "verb %s", verb)
	}
}

func TestSecretReveal(t *testing.T) {
	tests := []struct {
		name     string
		s        Secret
		want     string
		wantZero bool
	}{
		{"zero", Secret{}, "", true},
		{"empty", NewSecret(""), "", false},
		{"value", NewSecret(testValue), testValue, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.True(t, tt.s.Reveal() == tt.want, "Reveal returned the wrong value")
			assert.True(t, string(tt.s.RevealBytes()) == tt.want,
				"RevealBytes returned the wrong value")
			assert.Equal(t, tt.wantZero, tt.s.IsZero())
			assert.Equal(t, redact.Mask, tt.s.String())
		})
	}
}

func TestSecretRevealBytesIsACopy(t *testing.T) {
	s := NewSecret(testValue)
	b := s.RevealBytes()
	b[0] = 'X'
	assert.True(t, s.Reveal() == testValue, "writing the slice changed the Secret")
}

func TestSecretEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b Secret
		want bool
	}{
		{"same", NewSecret(testValue), NewSecret(testValue), true},
		{"different", NewSecret(testValue), NewSecret(testValue + "x"), false},
		{"zero and empty", Secret{}, NewSecret(""), true},
		{"zero and value", Secret{}, NewSecret(testValue), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.a.Equal(tt.b))
		})
	}
}

func TestSecretRefusesDecoding(t *testing.T) {
	var dst struct{ S Secret }
	err := json.Unmarshal([]byte(`{"S":"`+testValue+`"}`), &dst)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrDecode), "got %v, want ErrDecode", err)
	assert.True(t, dst.S.IsZero(), "got a decoded value, want none")
	assert.False(t, strings.Contains(err.Error(), testValue), "error holds the secret")

	var s Secret
	err = s.UnmarshalText([]byte(testValue))
	assert.True(t, errors.Is(err, ErrDecode), "got %v, want ErrDecode", err)
	assert.True(t, s.IsZero(), "got a decoded value, want none")
}

// sprintfVerb formats v with a verb chosen at run time.
func sprintfVerb(verb string, v any) string { return fmt.Sprintf(verb, v) }
