package vault

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
	"github.com/stretchr/testify/require"

	"github.com/codebuddy/hush/redact"
)

// devServer is a Vault server for the integration tests: a dev server
// started on 127.0.0.1, or the one HUSH_VAULT_ADDR names.
type devServer struct {
	addr  string
	root  string // a root token
	local bool   // started by the tests, so it may be sealed

	cmd  *exec.Cmd
	out  *bytes.Buffer // the server's output, shown only on failure
	done chan struct{} // closed when the server has exited
}

// vaultBinary finds the Vault binary: HUSH_VAULT_BIN, or
// tools/vaultdev/bin/vault under the module root.
func vaultBinary() (string, bool) {
	if b := os.Getenv("HUSH_VAULT_BIN"); b != "" {
		_, err := os.Stat(b)
		return b, err == nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			b := filepath.Join(dir, "tools", "vaultdev", "bin", "vault")
			_, err := os.Stat(b)
			return b, err == nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

var shared struct {
	once sync.Once
	srv  *devServer
	err  error
}

// sharedServer returns the server most integration tests share. It is
// stopped by TestMain.
func sharedServer(t *testing.T) *devServer {
	t.Helper()
	if addr := os.Getenv("HUSH_VAULT_ADDR"); addr != "" {
		token := os.Getenv("HUSH_VAULT_TOKEN")
		if token == "" {
			t.Skip("HUSH_VAULT_ADDR is set but HUSH_VAULT_TOKEN is not")
		}
		return &devServer{addr: addr, root: token}
	}
	bin := skipWithoutBinary(t)
	shared.once.Do(func() { shared.srv, shared.err = startDevServer(bin) })
	require.NoError(t, shared.err, "start the Vault dev server")
	return shared.srv
}

// ownServer starts a dev server for one test, stopped when it ends.
func ownServer(t *testing.T) *devServer {
	t.Helper()
	if os.Getenv("HUSH_VAULT_ADDR") != "" {
		t.Skip("this test changes the server's state; it runs only " +
			"on a dev server the tests start")
	}
	bin := skipWithoutBinary(t)
	s, err := startDevServer(bin)
	require.NoError(t, err, "start the Vault dev server")
	t.Cleanup(s.stop)
	return s
}

func skipWithoutBinary(t *testing.T) string {
	t.Helper()
	bin, ok := vaultBinary()
	if !ok {
		t.Skip("no Vault binary: run tools/vaultdev/build.sh (or set " +
			"HUSH_VAULT_BIN, or HUSH_VAULT_ADDR and HUSH_VAULT_TOKEN)")
	}
	return bin
}

// startDevServer starts `vault server -dev` on a free port of
// 127.0.0.1, with a fresh home directory, and waits until it answers.
// A port taken between choosing and binding gets one more try.
func startDevServer(bin string) (*devServer, error) {
	var err error
	for range 3 {
		var s *devServer
		if s, err = tryDevServer(bin); err == nil {
			return s, nil
		}
	}
	return nil, err
}

func tryDevServer(bin string) (*devServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	home, err := os.MkdirTemp("", "vaultdev")
	if err != nil {
		return nil, err
	}
	s := &devServer{addr: "http://127.0.0.1:" + port,
		root: randomText("root-"), local: true, out: &bytes.Buffer{},
		done: make(chan struct{})}
	s.cmd = exec.Command(bin, "server", "-dev",
		"-dev-listen-address=127.0.0.1:"+port,
		"-dev-root-token-id="+s.root, "-dev-no-store-token")
	s.cmd.Env = []string{"HOME=" + home, "VAULT_ADDR=" + s.addr,
		"PATH=" + os.Getenv("PATH")}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		_ = os.RemoveAll(home)
		return nil, err
	}
	go func() {
		_ = s.cmd.Wait()
		_ = os.RemoveAll(home)
		close(s.done)
	}()
	if err := s.waitReady(); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port), nil
}

// waitReady waits, at most a minute, for the server to be unsealed.
func (s *devServer) waitReady() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	url := s.addr + "/v1/sys/health"
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return errServerExited(s)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// errServerExited reports an early exit with the server's output, its
// root token masked.
func errServerExited(s *devServer) error {
	red := redact.New(nil)
	_ = red.Add(s.root)
	return &exitError{out: red.Redact(s.out.String())}
}

type exitError struct{ out string }

func (e *exitError) Error() string { return "vault server exited:\n" + e.out }

// stop kills a server the tests started and waits for it to exit.
func (s *devServer) stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
}

// client returns an api client for s that sends token.
func (s *devServer) client(t *testing.T, token string) *api.Client {
	t.Helper()
	cfg := api.DefaultConfig()
	require.NoError(t, cfg.Error)
	cfg.Address = s.addr
	cfg.MaxRetries = 0
	c, err := api.NewClient(cfg)
	require.NoError(t, err)
	c.SetToken(token)
	return c
}

func TestMain(m *testing.M) {
	code := m.Run()
	shared.srv.stop()
	os.Exit(code)
}
