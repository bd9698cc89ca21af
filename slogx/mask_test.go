package slogx

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

// sealed is a secret-holding type, like secrets.Secret: it logs as the
// mask.
type sealed struct{ v string }

func (s sealed) LogValue() slog.Value { return slog.StringValue(redact.Mask) }

// leaky is a LogValuer whose value holds a secret.
type leaky struct{ v string }

func (l leaky) LogValue() slog.Value {
	return slog.GroupValue(slog.String("inner", "has "+l.v))
}

// selfish is a LogValuer that returns itself inside a group, forever.
type selfish struct{}

func (s selfish) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("again", s))
}

// stringer prints its secret through String only.
type stringer struct{ v string }

func (s stringer) String() string { return "stringer(" + s.v + ")" }

// nested hides its secret behind a pointer: %+v prints the address,
// JSON prints the field.
type nested struct {
	Name string
	Ref  *inner
}

type inner struct{ Token string }

// fancyErr prints its secret only with %+v.
type fancyErr struct{ detail string }

func (e fancyErr) Error() string { return "fancy failure" }

func (e fancyErr) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('+') {
		fmt.Fprintf(f, "fancy failure: %s", e.detail)
		return
	}
	fmt.Fprint(f, e.Error())
}

// badJSON panics when marshalled, with a secret in the panic value.
type badJSON struct{}

func (badJSON) MarshalJSON() ([]byte, error) { panic("boom " + secret1) }

func TestMaskValues(t *testing.T) {
	tests := []struct {
		name  string
		log   func(l *slog.Logger)
		field string // top-level JSON field to check
		want  any    // its value after masking; nil means only "no leak"
	}{
		{"message", func(l *slog.Logger) { l.Info("login " + secret1) },
			"msg", "login [REDACTED]"},
		{"string", func(l *slog.Logger) { l.Info("m", "note", "x"+secret1+"y") },
			"note", "x[REDACTED]y"},
		{"key", func(l *slog.Logger) { l.Info("m", secret1, "v") },
			"[REDACTED]", "v"},
		{"bytes", func(l *slog.Logger) { l.Info("m", "raw", []byte("b:"+secret1)) },
			"raw", nil},
		{"plain error", func(l *slog.Logger) {
			l.Info("m", "err", errors.New("dial: "+secret1))
		}, "err", "dial: [REDACTED]"},
		{"wrapped error", func(l *slog.Logger) {
			l.Info("m", "err", fmt.Errorf("connect: %w", errors.New(secret1)))
		}, "err", "connect: [REDACTED]"},
		{"formatter error", func(l *slog.Logger) {
			l.Info("m", "err", fancyErr{detail: secret1})
		}, "err", "fancy failure: [REDACTED]"},
		{"stringer", func(l *slog.Logger) { l.Info("m", "s", stringer{secret1}) },
			"s", "stringer([REDACTED])"},
		{"pointer field", func(l *slog.Logger) {
			l.Info("m", "n", nested{Name: "db", Ref: &inner{Token: secret1}})
		}, "n", `{"Name":"db","Ref":{"Token":"[REDACTED]"}}`},
		{"map", func(l *slog.Logger) {
			l.Info("m", "m", map[string]string{"k": secret1})
		}, "m", "map[k:[REDACTED]]"},
		{"slice", func(l *slog.Logger) { l.Info("m", "s", []string{"a", secret1}) },
			"s", "[a [REDACTED]]"},
		{"log valuer", func(l *slog.Logger) { l.Info("m", "lv", leaky{secret1}) },
			"lv", map[string]any{"inner": "has [REDACTED]"}},
		{"sealed", func(l *slog.Logger) { l.Info("m", "s", sealed{secret1}) },
			"s", redact.Mask},
		{"deep group", func(l *slog.Logger) {
			l.Info("m", slog.Group("a", slog.Group("b", slog.Group("c",
				slog.String("d", secret1), slog.Int("n", 1)))))
		}, "a", map[string]any{"b": map[string]any{"c": map[string]any{
			"d": "[REDACTED]", "n": 1.0}}}},
		{"secret key int", func(l *slog.Logger) { l.Info("m", "pin_password", 123456) },
			"pin_password", redact.Mask},
		{"secret key any", func(l *slog.Logger) {
			l.Info("m", "api_key", []string{"unregistered-key-value"})
		}, "api_key", redact.Mask},
		{"secret group", func(l *slog.Logger) {
			l.Info("m", slog.Group("credentials", slog.String("user", "bob")))
		}, "credentials", redact.Mask},
		{"detector message", func(l *slog.Logger) {
			l.Info("retry with password=hunter2222")
		}, "msg", "retry with password=[REDACTED]"},
		{"detector string", func(l *slog.Logger) {
			l.Info("m", "hdr", "Bearer abcdefghijklmnopqrstuvwxyz012345")
		}, "hdr", "Bearer [REDACTED]"},
		{"detector url", func(l *slog.Logger) {
			l.Info("m", "dsn", "postgres://app:pgpass99@db:5432/app")
		}, "dsn", "postgres://app:[REDACTED]@db:5432/app"},
		{"panicking marshaller", func(l *slog.Logger) { l.Info("m", "b", badJSON{}) },
			"b", "!PANIC: boom [REDACTED]"},
		{"self-returning valuer", func(l *slog.Logger) { l.Info("m", "s", selfish{}) },
			"s", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, buf := jsonLogger(newRedactor(t), nil)
			tt.log(l)
			out := buf.String()
			assert.False(t, leaks(out), "output holds the secret")
			got := decode(t, buf.Bytes())
			require.Contains(t, got, tt.field)
			if tt.want != nil {
				assert.Equal(t, tt.want, got[tt.field], "field %q", tt.field)
			}
		})
	}
}

func TestMaskBytesText(t *testing.T) {
	l, buf := textLogger(newRedactor(t), nil)
	l.Info("m", "raw", []byte("b:"+secret1))
	out := buf.String()
	assert.False(t, leaks(out), "output holds the secret")
	assert.Contains(t, out, `raw="b:[REDACTED]"`)
}

func TestMaskNamed(t *testing.T) {
	r := redact.New(nil)
	require.NoError(t, r.AddNamed("DB_PASSWORD", secret1))
	l, buf := jsonLogger(r, nil)
	l.Info("m", "dsn", "user:"+secret1)
	assert.False(t, leaks(buf.String()), "output holds the secret")
	assert.Equal(t, "user:[REDACTED:DB_PASSWORD]", decode(t, buf.Bytes())["dsn"])
}

func TestSecretKeyOption(t *testing.T) {
	opts := &Options{SecretKey: func(k string) bool { return k == "pin" }}
	tests := []struct {
		key  string
		want any
	}{
		{"pin", redact.Mask},
		{"password", "plain"}, // the default list is replaced
		{"user", "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			l, buf := jsonLogger(newRedactor(t), opts)
			l.Info("m", tt.key, "plain")
			got := decode(t, buf.Bytes())[tt.key]
			assert.Equal(t, tt.want, got, "got %v, want %v", got, tt.want)
		})
	}
}

func TestUnchangedValues(t *testing.T) {
	// Without a secret, every kind reaches the wrapped handler as the
	// caller gave it: the output equals the bare handler's.
	log := func(l *slog.Logger) {
		l.Info("plain message", "s", "text", "i", -3, "u", uint(7),
			"f", 1.5, "b", true, "d", 1500, "raw", []byte("bytes!"),
			"err", errors.New("plain"), "any", []int{1, 2},
			"n", nil, slog.Group("g", "k", "v"),
			"st", nested{Name: "x"})
	}
	for _, mk := range []func(*redact.Redactor, *Options) (*slog.Logger, *bytes.Buffer){
		jsonLogger, textLogger,
	} {
		wrapped, got := mk(newRedactor(t), nil)
		log(wrapped)
		bare, want := mk(nil, nil)
		log(slog.New(bare.Handler().(*Handler).base))
		assert.Equal(t, want.String(), got.String())
	}
}

func TestDepthLimit(t *testing.T) {
	l, buf := jsonLogger(newRedactor(t), nil)
	require.NotPanics(t, func() { l.Info("m", "s", selfish{}) })
	assert.True(t, strings.Contains(buf.String(), redact.Mask),
		"got %s, want the mask where nesting stops", buf.String())
}

// textOnly shows its secret only through MarshalText, which
// slog.TextHandler prefers to %+v.
type textOnly struct{ v string }

func (t textOnly) String() string               { return "harmless" }
func (t textOnly) MarshalJSON() ([]byte, error) { return []byte(`"harmless"`), nil }
func (t textOnly) MarshalText() ([]byte, error) { return []byte(t.v), nil }

func TestTextMarshalerMasked(t *testing.T) {
	r := redact.New(nil)
	const secret = "text-marshal-secret-1"
	require.NoError(t, r.Add(secret))
	var buf bytes.Buffer
	logger := slog.New(NewHandler(slog.NewTextHandler(&buf, nil), r, nil))
	logger.Info("m", "v", textOnly{secret})
	assert.False(t, strings.Contains(buf.String(), secret), "text output holds the secret")
	assert.Contains(t, buf.String(), "[REDACTED]")
}
