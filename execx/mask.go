package execx

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/codebuddy/hush/redact"
	"github.com/codebuddy/hush/scan"
)

// envWords are the fragments that make an environment variable secret
// wherever they appear in its name, compared in upper case.
var envWords = []string{
	"KEY", "SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL",
}

// SecretEnvName reports whether the value of the environment variable
// name is treated as a secret. It is true when the upper-case name
// contains KEY, SECRET, PASSWORD, PASSWD, TOKEN or CREDENTIAL, or AUTH
// anywhere but in AUTHOR, or when [redact.SecretName] accepts the name.
// So API_KEY, STRIPE_KEY, AWS_ACCESS_KEY_ID, DB_PASSWORD, GITHUB_TOKEN,
// OAUTH_CLIENT and SSH_AUTH_SOCK are secret; GIT_AUTHOR_NAME, XAUTHORITY,
// HOME and PATH are not.
func SecretEnvName(name string) bool {
	up := strings.ToUpper(name)
	for _, w := range envWords {
		if strings.Contains(up, w) {
			return true
		}
	}
	for i := 0; i < len(up); i++ {
		if strings.HasPrefix(up[i:], "AUTH") &&
			!strings.HasPrefix(up[i:], "AUTHOR") {
			return true
		}
	}
	return redact.SecretName(name)
}

// masker scrubs text and streams for one command: first with the
// shared Redactor, then with the command's extra patterns, if any.
type masker struct {
	shared *redact.Redactor
	extra  *redact.Redactor // nil when the shared one holds the patterns
}

// newMasker returns the masker for a command configured with shared and
// patterns; a nil shared Redactor means a private one.
func newMasker(shared *redact.Redactor, patterns []redact.Detector) *masker {
	if shared == nil {
		dets := append(scan.DefaultDetectors(), patterns...)
		return &masker{shared: redact.New(&redact.Options{Detectors: dets})}
	}
	m := &masker{shared: shared}
	if len(patterns) > 0 {
		m.extra = redact.New(&redact.Options{Detectors: patterns})
	}
	return m
}

// redact returns s with everything either layer knows masked.
func (m *masker) redact(s string) string {
	s = m.shared.Redact(s)
	if m.extra != nil {
		s = m.extra.Redact(s)
	}
	return s
}

// contains reports whether either layer would mask part of s.
func (m *masker) contains(s string) bool {
	return m.shared.Contains(s) || m.extra != nil && m.extra.Contains(s)
}

// register adds the value of each secret-named entry of env that is not
// in seen to the shared layer, and records it in seen. Values the
// Redactor refuses (empty or too short) cannot be masked and are left.
func (m *masker) register(env []string, seen map[string]bool) {
	for _, kv := range env {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || value == "" || seen[kv] || !SecretEnvName(name) {
			continue
		}
		seen[kv] = true
		err := m.shared.AddNamed(name, value)
		if errors.Is(err, redact.ErrBadName) {
			_ = m.shared.Add(value)
		}
	}
}

// environ returns the environment the child will see: env, or this
// process's environment when env is nil.
func environ(env []string) []string {
	if env == nil {
		return os.Environ()
	}
	return env
}

// stream masks one output stream of the child on its way to dst. It
// reports the first failure of dst on every later Write and on Close.
type stream struct {
	label string // "stdout" or "stderr", for errors
	m     *masker
	first *redact.Writer
	last  *redact.Writer // the extra layer's writer, or nil
	err   error          // sticky failure, already reported by Write
}

var _ io.WriteCloser = (*stream)(nil)

// newStream returns a stream that masks with m and writes to dst.
func (m *masker) newStream(label string, dst io.Writer) *stream {
	s := &stream{label: label, m: m}
	if m.extra != nil {
		s.last = m.extra.NewWriter(dst)
		dst = s.last
	}
	s.first = m.shared.NewWriter(dst)
	return s
}

// Write masks p and passes what is final on.
func (s *stream) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.first.Write(p)
	if err != nil {
		s.err = s.m.wrap("write "+s.label, "", err)
		return n, s.err
	}
	return n, nil
}

// Close writes what the layers hold back. It returns the error Write
// already reported, if any, without writing more.
func (s *stream) Close() error {
	if s.err != nil {
		return s.err
	}
	err := s.first.Close()
	if err == nil && s.last != nil {
		err = s.last.Close()
	}
	if err != nil {
		s.err = s.m.wrap("write "+s.label, "", err)
	}
	return s.err
}
