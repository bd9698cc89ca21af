package vault

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/vault/api"

	"github.com/codebuddy/hush/secrets"
)

var _ api.AuthMethod = (*AppRole)(nil)

// AppRole logs in with Vault's AppRole auth method. It is an
// api.AuthMethod for [Options.Auth]. Printing an AppRole shows its
// role id and mount, and the mask in place of its secret id.
type AppRole struct {
	// RoleID is the role's id.
	RoleID string

	// SecretID is a secret id issued for the role. The zero Secret
	// sends none, for a role made with bind_secret_id=false.
	SecretID secrets.Secret

	// Mount is the path the auth method is enabled at; "" means
	// "approle".
	Mount string
}

// Login sends the role id and secret id to auth/<Mount>/login through
// client and returns Vault's answer. Errors are the api package's.
func (a *AppRole) Login(ctx context.Context, client *api.Client) (*api.Secret, error) {
	if a == nil || client == nil {
		return nil, errors.New("vault: approle login: nil AppRole or client")
	}
	mount := a.Mount
	if mount == "" {
		mount = "approle"
	}
	data := map[string]any{"role_id": a.RoleID}
	if !a.SecretID.IsZero() {
		data["secret_id"] = a.SecretID.Reveal()
	}
	return client.Logical().WriteWithContext(ctx, "auth/"+mount+"/login", data)
}

// tokenState is what the Provider knows of its token.
type tokenState struct {
	value string
	gen   uint64 // grows with every new token

	known     bool          // ttl and renewable have been learned
	ttl       time.Duration // lifetime from issued; 0 means none
	renewable bool
	issued    time.Time // when ttl was counted from
	dead      bool      // Vault has refused the token itself
	capped    bool      // the last renewal did not extend the lifetime

	// The renewal loop's plan for this token (see renew.go).
	next  step
	at    time.Time
	fails int // failed renewal steps in a row
}

// expired reports whether st's known lifetime is over, leaving a
// twentieth of it as a margin for the time the answer took to arrive.
func (st *tokenState) expired(now time.Time) bool {
	if st.dead {
		return true
	}
	if !st.known || st.ttl <= 0 {
		return false
	}
	return !now.Before(st.issued.Add(st.ttl - st.ttl/20))
}

// loginFlight is one login that any number of callers wait for.
type loginFlight struct {
	done chan struct{} // closed when the login has ended
	err  error         // set before done is closed
}

// token makes sure there is a token worth sending, logging in when
// there is none or it is over and Auth is set, and returns its
// generation. It starts the renewal loop on first use.
func (p *Provider) token(ctx context.Context, name string) (uint64, error) {
	p.mu.Lock()
	p.startRenewal()
	gen := p.tok.gen
	need := p.auth != nil &&
		(p.tok.value == "" || p.tok.expired(time.Now()))
	p.mu.Unlock()
	if !need {
		return gen, nil
	}
	if err := p.relogin(ctx, gen); err != nil {
		return 0, loginError(ctx, name, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tok.gen, nil
}

// loginError names the reference in an error from a login, or in the
// error a caller who stopped waiting for one gets.
func loginError(ctx context.Context, name string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		c := *e
		c.Ref = name
		return &c
	}
	return transportError(ctx, "login", name, err)
}

// refused reports whether err is Vault refusing a request, which may
// be for an expired or revoked token.
func refused(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusForbidden
}

// tokenInvalid reports, after Vault refused a request made with token
// generation gen, whether logging in again may help: the token has
// changed since, or Vault no longer accepts it. A token Vault still
// accepts was refused for want of a permission, and a Provider without
// Auth cannot log in at all.
func (p *Provider) tokenInvalid(ctx context.Context, gen uint64) bool {
	if p.auth == nil {
		return false
	}
	p.mu.Lock()
	changed := p.tok.gen != gen
	p.mu.Unlock()
	if changed {
		return true
	}
	_, err := p.c.Auth().Token().LookupSelfWithContext(ctx)
	if !refusedStatus(err) {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tok.gen == gen {
		p.tok.dead = true
	}
	return true
}

func refusedStatus(err error) bool {
	var re *api.ResponseError
	return errors.As(err, &re) && re.StatusCode == http.StatusForbidden
}

// relogin logs in unless the token has changed from generation gen.
// One login runs at a time, in its own goroutine bound to the
// Provider's life; each caller waits for it only as long as its ctx
// lasts.
func (p *Provider) relogin(ctx context.Context, gen uint64) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return &Error{Op: "login", Kind: ErrClosed}
	}
	if p.tok.gen != gen && !p.tok.dead {
		p.mu.Unlock()
		return nil
	}
	f := p.flight
	if f == nil {
		f = &loginFlight{done: make(chan struct{})}
		p.flight = f
		p.wg.Add(1)
		go p.runLogin(f)
	}
	p.mu.Unlock()
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// runLogin makes one login and records its outcome.
func (p *Provider) runLogin(f *loginFlight) {
	defer p.wg.Done()
	sec, lerr := p.auth.Login(p.life, p.loginC)
	var token string
	var err error
	switch {
	case lerr != nil:
		err = p.authError(p.life, "login", lerr)
	case !hasToken(sec):
		err = &Error{Op: "login", Reason: "answer holds no token"}
	default:
		token = sec.Auth.ClientToken
	}
	p.mu.Lock()
	if err == nil {
		p.setToken(token, sec.Auth)
	}
	p.flight = nil
	f.err = err
	p.mu.Unlock()
	close(f.done)
	if err != nil {
		p.log.Warn("vault login failed", "error", err)
		return
	}
	p.log.Info("vault login", "ttl", time.Duration(sec.Auth.LeaseDuration)*time.Second)
}

func hasToken(sec *api.Secret) bool {
	return sec != nil && sec.Auth != nil && sec.Auth.ClientToken != ""
}

// setToken installs a new token from a login. p.mu must be held.
func (p *Provider) setToken(token string, auth *api.SecretAuth) {
	p.tok = tokenState{value: token, gen: p.tok.gen + 1, known: true,
		ttl:       time.Duration(auth.LeaseDuration) * time.Second,
		renewable: auth.Renewable, issued: time.Now()}
	p.c.SetToken(token)
	p.plan(time.Now())
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// authError builds the error for a failed login or token request; p.mu
// must not be held. Vault answers a login with bad credentials with
// 400, so any 4xx but 404 and 429 means access denied here; and
// AppRole answers an unknown secret id with 500, so that answer
// means access denied too.
func (p *Provider) authError(ctx context.Context, op string, err error) *Error {
	var re *api.ResponseError
	if !errors.As(err, &re) {
		return transportError(ctx, op, "", err)
	}
	kind := kindOfStatus(re.StatusCode)
	if re.StatusCode >= 400 && re.StatusCode < 500 &&
		kind != secrets.ErrNotFound && kind != secrets.ErrTransient ||
		credentialRefused(re) {
		kind = secrets.ErrAccessDenied
	}
	return &Error{Op: op, Kind: kind, StatusCode: re.StatusCode,
		Reason: vaultReason(err, p.creds())}
}

// refusals are Vault's whole error messages for refused AppRole
// credentials, in lower case.
var refusals = map[string]bool{
	"invalid secret id":         true,
	"invalid role id":           true,
	"invalid role or secret id": true,
}

func credentialRefused(re *api.ResponseError) bool {
	if re.RawError {
		return false
	}
	for _, msg := range re.Errors {
		if refusals[strings.ToLower(strings.TrimSpace(msg))] {
			return true
		}
	}
	return false
}

// creds returns the credentials the Provider sends, so that error
// messages can be cleaned of them.
func (p *Provider) creds() []string {
	p.mu.Lock()
	c := []string{p.tok.value}
	p.mu.Unlock()
	if a, ok := p.auth.(*AppRole); ok && a != nil {
		c = append(c, a.RoleID, a.SecretID.Reveal())
	}
	return c
}
