package awssm_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// fault is what the proxy does with one request: nil passes it on to
// the emulator.
type fault func(w http.ResponseWriter, r *http.Request)

// faultProxy is a reverse proxy on 127.0.0.1 in front of the emulator
// that answers chosen requests itself, with the faults a real service
// produces and the emulator cannot.
type faultProxy struct {
	URL  string
	next http.Handler

	// arrived receives the operation name of every request, if set,
	// before the request is handled. It is set before the proxy
	// serves and never changed.
	arrived chan string

	mu    sync.Mutex
	plan  func(op string, call int) fault // nil passes all; guarded by mu
	calls map[string]int                  // requests per operation; guarded by mu
}

func newFaultProxy(t testing.TB) *faultProxy {
	t.Helper()
	target, err := url.Parse(emulator.URL)
	require.NoError(t, err)
	p := &faultProxy{
		next:  httputil.NewSingleHostReverseProxy(target),
		calls: make(map[string]int),
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// setPlan chooses the fault for each request by operation and by how
// many requests for that operation came before (0 for the first).
func (p *faultProxy) setPlan(plan func(op string, call int) fault) {
	p.mu.Lock()
	p.plan = plan
	p.mu.Unlock()
}

// always applies f to every request.
func (p *faultProxy) always(f fault) {
	p.setPlan(func(string, int) fault { return f })
}

// count returns how many requests for op arrived.
func (p *faultProxy) count(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[op]
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "secretsmanager.")
	p.mu.Lock()
	call := p.calls[op]
	p.calls[op]++
	plan := p.plan
	p.mu.Unlock()
	if p.arrived != nil {
		p.arrived <- op
	}
	var f fault
	if plan != nil {
		f = plan(op, call)
	}
	if f == nil {
		p.next.ServeHTTP(w, r)
		return
	}
	f(w, r)
}

// awsError answers with an error in the JSON protocol's form.
func awsError(status int, code string) fault {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"__type":"` + code +
			`","message":"injected by the test proxy"}`))
	}
}

// plainStatus answers with a status and a body that is not JSON, as a
// load balancer in front of a service does.
func plainStatus(status int) fault {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html><body>" + http.StatusText(status) +
			"</body></html>"))
	}
}

// rawBody answers 200 with body as it is.
func rawBody(body string) fault {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write([]byte(body))
	}
}

// hang holds the request until the client gives up. It reads the body
// first: only then does the server watch the connection and end the
// request's context when the client goes away.
func hang(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}

// reset closes the connection without an answer.
func reset(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
