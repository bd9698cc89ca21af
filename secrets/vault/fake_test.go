package vault

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
	"github.com/stretchr/testify/require"
)

// fakeVault answers the few Vault endpoints a Provider uses, so that
// tests can produce the faults a real dev server cannot.
type fakeVault struct {
	srv *httptest.Server

	roleID, secretID string

	mu      sync.Mutex        // guards the fields below
	ttl     int               // lifetime of tokens, in seconds
	mounts  map[string]string // mount path -> KV version ("1" or "2")
	docs    map[string]string // API path (with data/) -> answer body
	tokens  map[string]bool   // tokens Vault accepts
	denied  map[string]bool   // API paths every token is refused
	fault   http.HandlerFunc  // answers every read when set
	loginGo chan struct{}     // when set, logins wait for it

	logins, reads, renewals, lookups atomic.Int32
}

// randomText returns prefix and 26 random characters.
func randomText(prefix string) string {
	return prefix + rand.Text()
}

func newFakeVault(t testing.TB) *fakeVault {
	t.Helper()
	f := &fakeVault{
		roleID:   randomText("role-"),
		secretID: randomText("sid-"),
		ttl:      3600,
		mounts:   map[string]string{"secret/": "2", "kv1/": "1"},
		docs:     map[string]string{},
		tokens:   map[string]bool{},
		denied:   map[string]bool{},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// client returns an api client for f that sends token and does not
// retry, so that fault tests do not wait for backoffs.
func (f *fakeVault) client(t testing.TB, token string) *api.Client {
	t.Helper()
	cfg := api.DefaultConfig()
	require.NoError(t, cfg.Error)
	cfg.Address = f.srv.URL
	cfg.MaxRetries = 0
	c, err := api.NewClient(cfg)
	require.NoError(t, err)
	c.SetToken(token)
	return c
}

func (f *fakeVault) addToken(t testing.TB) string {
	tok := randomText("tok-")
	f.mu.Lock()
	f.tokens[tok] = true
	f.mu.Unlock()
	return tok
}

func (f *fakeVault) revokeAll() {
	f.mu.Lock()
	clear(f.tokens)
	f.mu.Unlock()
}

// putKV2 stores data (a JSON object) as the current version of a KV
// version 2 secret at mount and path.
func (f *fakeVault) putKV2(mount, path, data string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs[mount+"data/"+path] = `{"data":{"data":` + data +
		`,"metadata":{"version":1,"deletion_time":"","destroyed":false}}}`
}

func (f *fakeVault) putRaw(apiPath, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs[apiPath] = body
}

// set changes f's settings under its lock.
func (f *fakeVault) set(change func(f *fakeVault)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(f)
}

func (f *fakeVault) setFault(h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fault = h
}

func writeJSON(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body))
}

func (f *fakeVault) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/v1/")
	if path == "auth/approle/login" {
		f.login(w, r)
		return
	}
	f.mu.Lock()
	ok := f.tokens[r.Header.Get("X-Vault-Token")]
	fault, ttl := f.fault, itoa(f.ttl)
	f.mu.Unlock()
	if !ok {
		writeJSON(w, 403, `{"errors":["permission denied"]}`)
		return
	}
	switch {
	case path == "auth/token/lookup-self":
		f.lookups.Add(1)
		writeJSON(w, 200, `{"data":{"ttl":`+ttl+`,"renewable":true}}`)
	case path == "auth/token/renew-self":
		f.renewals.Add(1)
		writeJSON(w, 200, `{"auth":{"client_token":"x","lease_duration":`+
			ttl+`,"renewable":true}}`)
	case strings.HasPrefix(path, "sys/internal/ui/mounts/"):
		f.mount(w, strings.TrimPrefix(path, "sys/internal/ui/mounts/"))
	case fault != nil:
		f.reads.Add(1)
		fault(w, r)
	default:
		f.reads.Add(1)
		f.read(w, r, path)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func (f *fakeVault) login(w http.ResponseWriter, r *http.Request) {
	f.logins.Add(1)
	f.mu.Lock()
	wait, ttl := f.loginGo, itoa(f.ttl)
	f.mu.Unlock()
	if wait != nil {
		select {
		case <-wait:
		case <-r.Context().Done():
			return
		}
	}
	var in struct {
		RoleID   string `json:"role_id"`
		SecretID string `json:"secret_id"`
	}
	if json.NewDecoder(r.Body).Decode(&in) != nil ||
		in.RoleID != f.roleID || in.SecretID != f.secretID {
		writeJSON(w, 400, `{"errors":["invalid role or secret ID"]}`)
		return
	}
	tok := "tok-login-" + itoa(int(f.logins.Load()))
	f.mu.Lock()
	f.tokens[tok] = true
	f.mu.Unlock()
	writeJSON(w, 200, `{"auth":{"client_token":"`+tok+
		`","lease_duration":`+ttl+`,"renewable":true}}`)
}

func (f *fakeVault) mount(w http.ResponseWriter, path string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for m, v := range f.mounts {
		if strings.HasPrefix(path+"/", m) {
			writeJSON(w, 200, `{"data":{"path":"`+m+
				`","type":"kv","options":{"version":"`+v+`"}}}`)
			return
		}
	}
	writeJSON(w, 403, `{"errors":["preflight capability check returned 403"]}`)
}

func (f *fakeVault) read(w http.ResponseWriter, r *http.Request, path string) {
	f.mu.Lock()
	body, ok := f.docs[path]
	if v := r.URL.Query().Get("version"); v != "" {
		body, ok = f.docs[path+"?version="+v]
	}
	denied := f.denied[path]
	f.mu.Unlock()
	switch {
	case denied:
		writeJSON(w, 403, `{"errors":["1 error occurred:\n\t* permission denied\n\n"]}`)
	case !ok:
		writeJSON(w, 404, `{"errors":[]}`)
	default:
		writeJSON(w, 200, body)
	}
}

// providerGoroutines counts goroutines running the Provider's code.
func providerGoroutines() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		if strings.Contains(g, "secrets/vault.(*Provider)") {
			n++
		}
	}
	return n
}

// requireNoLeak waits a bounded time for every goroutine of the
// Provider to end.
func requireNoLeak(t *testing.T) {
	t.Helper()
	require.Eventually(t, func() bool { return providerGoroutines() == 0 },
		10*time.Second, 10*time.Millisecond, "provider goroutines still running")
}
