package vault

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"unicode"

	"github.com/hashicorp/vault/api"

	"github.com/codebuddy/hush/secrets"
)

var (
	_ secrets.Provider = (*Provider)(nil)
	_ secrets.Pinner   = (*Provider)(nil)
)

// Options configures a [Provider]. A nil *Options, and the zero value
// of every field, means the default.
type Options struct {
	// Token is the Vault token to send. The zero Secret means the
	// token the client holds when [New] is called, if any; a Provider
	// with no token sends none, as behind a Vault Agent that adds its
	// own.
	Token secrets.Secret

	// Auth logs in to Vault, as [*AppRole] does. With Auth set, the
	// Provider logs in when it has no token, when the token's known
	// lifetime is over, and when Vault refuses a request because the
	// token is no longer valid; then it makes the request once more.
	// Nil means the token is all there is, and a refused request gives
	// an error wrapping secrets.ErrAccessDenied. The Provider's errors
	// include the errors Auth returns, so an AuthMethod must keep its
	// credentials out of them, as [*AppRole] does.
	Auth api.AuthMethod

	// DisableRenewal turns off the background renewal of the token.
	// By default a Provider renews a renewable token when two thirds
	// of its lifetime have passed, in one goroutine that
	// [Provider.Close] stops; with Auth set, it logs in again ahead of
	// time when the token cannot be renewed further.
	DisableRenewal bool

	// Logger receives records about logins and renewals. Nil means no
	// logging. Records never hold a token, a credential or a value.
	Logger *slog.Logger
}

// Provider reads secrets from HashiCorp Vault's KV secrets engines,
// version 1 and 2. It is a [secrets.Provider] for the "vault" scheme
// and a [secrets.Pinner]. It is safe for concurrent use.
//
// The zero Provider has no client: every read gives an error wrapping
// [ErrNoClient].
type Provider struct {
	c      *api.Client // a private clone; holds the current token
	loginC *api.Client // a private clone without a token, for Auth
	auth   api.AuthMethod
	renew  bool
	log    *slog.Logger
	mounts mountCache

	// idle closes the idle connections of an HTTP client the Provider
	// made itself (NewFromEnv); nil for a client the caller gave.
	idle func()

	life context.Context // ends when Close is called
	stop context.CancelFunc
	wg   sync.WaitGroup // the renewal loop and a login in flight

	mu       sync.Mutex // guards the fields below and c's token
	tok      tokenState
	flight   *loginFlight // the login in flight, if any
	closed   bool
	renewing bool          // the renewal loop has been started
	wake     chan struct{} // tells the renewal loop of a new token
}

// New returns a Provider that reads through a private copy of client,
// configured by opts; nil opts means the defaults. Later changes to
// client or opts have no effect on the Provider.
//
// The copy keeps client's address, TLS and retry settings, headers and
// namespace, but not request callbacks, wrapping or MFA settings: the
// Provider never asks for wrapped answers, whatever VAULT_WRAP_TTL
// says. The error is of type [*Error]; it wraps [ErrNoClient] when
// client is nil, and secrets.ErrAccessDenied when the token holds
// characters that cannot be sent.
func New(client *api.Client, opts *Options) (*Provider, error) {
	if client == nil {
		return nil, &Error{Op: "new", Kind: ErrNoClient}
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	token := client.Token()
	if !o.Token.IsZero() {
		token = o.Token.Reveal()
	}
	if strings.IndexFunc(token, notPrintable) >= 0 {
		return nil, &Error{Op: "new", Kind: secrets.ErrAccessDenied,
			Reason: "token holds characters that are not printable"}
	}
	c, err := privateClone(client, token)
	if err != nil {
		return nil, err
	}
	p := &Provider{c: c, auth: o.Auth, renew: !o.DisableRenewal,
		log: o.Logger, wake: make(chan struct{}, 1)}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.auth != nil {
		if p.loginC, err = privateClone(client, ""); err != nil {
			return nil, err
		}
	}
	p.life, p.stop = context.WithCancel(context.Background())
	p.tok = tokenState{value: token, gen: 1}
	return p, nil
}

func notPrintable(r rune) bool { return !unicode.IsPrint(r) }

// privateClone copies client with token in place of its own.
func privateClone(client *api.Client, token string) (*api.Client, error) {
	c, err := client.CloneWithHeaders()
	if err != nil {
		return nil, &Error{Op: "new", Reason: "copy client", Err: err}
	}
	c.SetToken(token)
	c.SetWrappingLookupFunc(func(string, string) string { return "" })
	return c, nil
}

// Fetch reads the secret ref names and returns its data as a JSON
// object, so secrets.ExtractKey finds ref.Key in it; the Provider does
// not apply ref.Key itself. ref.ID is a mount and path such as
// "secret/app": the Provider finds the mount and its KV version
// itself, so "secret/app" is right for KV version 2 too, and
// "secret/data/app" is not. The one parameter known in ref.Query is
// version, a KV version 2 version number; without it Fetch reads the
// current version.
//
// Numbers and nested values come back exactly as Vault stored them.
// Errors are of type [*Error] and wrap secrets.ErrNotFound (no secret,
// or a deleted or destroyed version), secrets.ErrAccessDenied,
// secrets.ErrTransient, secrets.ErrBadRef (a bad path or parameter)
// or [ErrClosed] as the failure warrants; when ctx ends, the error
// wraps ctx.Err().
func (p *Provider) Fetch(ctx context.Context, ref secrets.Ref) ([]byte, error) {
	name := ref.String()
	if err := p.usable(); err != nil {
		return nil, &Error{Op: "fetch", Ref: name, Kind: err}
	}
	req, err := parseRequest(ref)
	if err != nil {
		return nil, &Error{Op: "fetch", Ref: name,
			Kind: secrets.ErrBadRef, Reason: err.Error()}
	}
	return p.fetch(ctx, req, name)
}

// usable reports why p cannot make requests, or nil.
func (p *Provider) usable() error {
	if p == nil || p.c == nil {
		return ErrNoClient
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	return nil
}

// fetch reads req, logging in first when the token is known to be
// over, and once more after a refusal that a new login may cure.
func (p *Provider) fetch(ctx context.Context, req request, name string) ([]byte, error) {
	for retried := false; ; retried = true {
		gen, err := p.token(ctx, name)
		if err != nil {
			return nil, err
		}
		doc, err := p.read(ctx, req, name)
		if retried || !refused(err) || !p.tokenInvalid(ctx, gen) {
			return doc, err
		}
	}
}

// Pinned reports whether ref names one KV version 2 version by number.
// Such a version never changes, so a cache may keep it without expiry.
func (p *Provider) Pinned(ref secrets.Ref) bool {
	req, err := parseRequest(ref)
	return err == nil && req.version > 0
}

// Close stops the token's renewal and any login in flight, and waits
// for the goroutines doing them to end. Later reads give an error
// wrapping [ErrClosed]. Close does not revoke the token. It is safe to
// call more than once, and on the zero Provider; it returns nil.
func (p *Provider) Close() error {
	if p == nil || p.c == nil {
		return nil
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	p.stop()
	p.wg.Wait()
	if p.idle != nil {
		p.idle()
	}
	return nil
}
