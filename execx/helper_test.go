package execx

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The tests run the test binary itself as the child: with helperEnv set,
// TestMain runs the helper named by the first argument instead of the
// tests.
const helperEnv = "EXECX_TEST_HELPER"

// tokenEnv is a secret-looking variable the tests pass secrets in;
// knownEnv has a plain name, for values the tests register themselves.
const (
	tokenEnv = "HUSH_TEST_TOKEN"
	knownEnv = "HUSH_TEST_DATA"
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(runHelper(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// helpers are the child's behaviours, by name.
var helpers = map[string]func(args []string) int{
	"leak":       helpLeak,
	"exit":       helpExit,
	"cat":        helpCat,
	"env":        helpEnv,
	"pwd":        helpPwd,
	"binary":     helpBinary,
	"flood":      helpFlood,
	"grandchild": helpGrandchild,
	"sleep":      helpSleep,
	"text":       helpText,
}

func runHelper(args []string) int {
	if len(args) == 0 || helpers[args[0]] == nil {
		fmt.Fprintln(os.Stderr, "helper: unknown mode")
		return 2
	}
	return helpers[args[0]](args[1:])
}

// helpLeak writes the values of tokenEnv and knownEnv to stdout, then
// to stderr: whole, one byte per write with pauses, base64-encoded and
// JSON-escaped, then a line for a caller pattern.
func helpLeak([]string) int {
	for _, w := range []io.Writer{os.Stdout, os.Stderr} {
		for _, v := range []string{os.Getenv(tokenEnv), os.Getenv(knownEnv)} {
			leak(w, v)
		}
		fmt.Fprintln(w, "order ORD-123456 shipped")
	}
	return 0
}

func leak(w io.Writer, v string) {
	if v == "" {
		return
	}
	fmt.Fprintf(w, "whole %s end\n", v)
	io.WriteString(w, "split ")
	for i := 0; i < len(v); i++ {
		w.Write([]byte{v[i]})
		time.Sleep(time.Millisecond)
	}
	io.WriteString(w, " end\n")
	fmt.Fprintf(w, "b64 %s end\n", base64.StdEncoding.EncodeToString([]byte(v)))
	j, _ := json.Marshal(map[string]string{"msg": "x" + v + "y"})
	fmt.Fprintf(w, "json %s end\n", j)
}

// helpExit writes knownEnv to stderr and exits with the code args[0].
func helpExit(args []string) int {
	fmt.Fprintf(os.Stderr, "failed: %s\n", os.Getenv(knownEnv))
	code, _ := strconv.Atoi(args[0])
	return code
}

func helpCat([]string) int {
	if _, err := io.Copy(os.Stdout, os.Stdin); err != nil {
		return 3
	}
	return 0
}

func helpEnv(args []string) int {
	fmt.Print(os.Getenv(args[0]))
	return 0
}

func helpPwd([]string) int {
	wd, err := os.Getwd()
	if err != nil {
		return 3
	}
	fmt.Print(wd)
	return 0
}

// helpBinary writes invalid UTF-8 around the value of tokenEnv.
func helpBinary([]string) int {
	os.Stdout.Write([]byte("\xff\xfe\x80a"))
	os.Stdout.WriteString(os.Getenv(tokenEnv))
	os.Stdout.Write([]byte("\xc3\x28\x00\xed\xa0\x80z"))
	return 0
}

// helpFlood writes args[0] MiB to stdout, and exits 3 once a write
// fails.
func helpFlood(args []string) int {
	mib, _ := strconv.Atoi(args[0])
	chunk := bytes.Repeat([]byte("flood line of ordinary text\n"), 1<<10)
	for n := 0; n < mib<<20; n += len(chunk) {
		if _, err := os.Stdout.Write(chunk); err != nil {
			return 3
		}
	}
	return 0
}

// helpGrandchild starts a long sleep that shares its stdout, prints the
// sleep's pid, and, unless args[0] is "exit", sleeps too.
func helpGrandchild(args []string) int {
	gc := exec.Command("sleep", "60")
	gc.Stdout = os.Stdout
	if err := gc.Start(); err != nil {
		return 3
	}
	fmt.Printf("pid %d\n", gc.Process.Pid)
	if len(args) > 0 && args[0] == "exit" {
		return 0
	}
	time.Sleep(time.Minute)
	return 0
}

func helpSleep([]string) int {
	time.Sleep(time.Minute)
	return 0
}

// helpText writes args[0] bytes of log text to stdout.
func helpText(args []string) int {
	n, _ := strconv.Atoi(args[0])
	chunk := logText(32 << 10)
	for ; n > 0; n -= len(chunk) {
		if _, err := os.Stdout.Write(chunk[:min(n, len(chunk))]); err != nil {
			return 3
		}
	}
	return 0
}

// logText returns about n bytes of ordinary log lines.
func logText(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "2024-05-01T12:00:%02d level=info msg=\"request done\" "+
			"path=/api/v1/items/%d status=200 bytes=%d\n", i%60, i, i*37)
	}
	return b.Bytes()[:n]
}

// helper returns a Cmd that runs the helper mode with args, with env
// added to this process's environment.
func helper(ctx context.Context, mode string, env []string, args ...string) *Cmd {
	c := Command(ctx, os.Args[0], append([]string{mode}, args...)...)
	// A race-enabled child otherwise sleeps a second before it exits.
	c.Env = append(os.Environ(), helperEnv+"=1", "GORACE=atexit_sleep_ms=0")
	c.Env = append(c.Env, env...)
	return c
}

// newSecret returns a fresh random value with characters that JSON,
// Go quoting and HTML escaping all change.
func newSecret(t testing.TB) string {
	b := make([]byte, 12)
	_, err := rand.Read(b)
	if err != nil {
		t.Fatal("random secret:", err)
	}
	return "s3-" + hex.EncodeToString(b) + `"<&\q`
}

// forms returns the forms of v the helper writes.
func forms(v string) []string {
	j, _ := json.Marshal(v)
	return []string{
		v,
		base64.StdEncoding.EncodeToString([]byte(v)),
		strings.Trim(string(j), `"`),
		v[3:15], // a fragment: masks keep no part of a value
	}
}

// assertNoSecret fails if out holds any form of the secrets, without
// printing them.
func assertNoSecret(t *testing.T, out []byte, secrets ...string) {
	t.Helper()
	for i, s := range secrets {
		for j, f := range forms(s) {
			assert.False(t, bytes.Contains(out, []byte(f)),
				"output holds form %d of secret %d", j, i)
		}
	}
}

// assertHas fails if s does not contain want; it prints s with the
// secrets hidden.
func assertHas(t *testing.T, s, want string, secrets ...string) {
	t.Helper()
	assert.True(t, strings.Contains(s, want), "got %q, want it to contain %q",
		hide(s, secrets...), want)
}

// hide returns s with every form of the secrets replaced, for messages.
func hide(s string, secrets ...string) string {
	for _, v := range secrets {
		for _, f := range forms(v) {
			s = strings.ReplaceAll(s, f, "<secret>")
		}
	}
	return s
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
