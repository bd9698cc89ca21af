package vault

import (
	"time"

	"github.com/hashicorp/vault/api"
)

// step is what the renewal loop does next for the current token.
type step int

const (
	stepIdle   step = iota // nothing until a new token arrives
	stepLookup             // learn the token's lifetime
	stepRenew              // renew the token
	stepLogin              // log in for a new token
)

// maxBackoff bounds the wait after failed renewal steps.
const maxBackoff = time.Minute

// startRenewal starts the renewal loop, once. p.mu must be held.
func (p *Provider) startRenewal() {
	if !p.renew || p.renewing || p.closed {
		return
	}
	p.renewing = true
	p.plan(time.Now())
	p.wg.Add(1)
	go p.renewLoop()
}

// plan sets the loop's next step for p.tok. p.mu must be held.
//
// A token is renewed when two thirds of its lifetime have passed.
// When Vault stops extending it (its maximum lifetime is near) or it
// cannot be renewed, a Provider with Auth logs in at that point
// instead. After failures the loop backs off, doubling its wait from a
// second up to [maxBackoff].
func (p *Provider) plan(now time.Time) {
	st := &p.tok
	canLogin := p.auth != nil
	due := now
	if st.fails > 0 {
		due = now.Add(min(time.Second<<min(st.fails-1, 10), maxBackoff))
	}
	st.next, st.at = stepIdle, time.Time{}
	switch {
	case st.value == "" || st.dead:
		if canLogin {
			st.next, st.at = stepLogin, due
		}
		return
	case !st.known:
		st.next, st.at = stepLookup, due
		return
	case st.ttl <= 0:
		return
	}
	if st.fails == 0 {
		due = st.issued.Add(st.ttl * 2 / 3)
	}
	switch {
	case st.renewable && (!st.capped || !canLogin):
		st.next, st.at = stepRenew, due
	case canLogin:
		st.next, st.at = stepLogin, due
	}
}

// renewLoop carries out the plan for each token until Close.
func (p *Provider) renewLoop() {
	defer p.wg.Done()
	for {
		p.mu.Lock()
		st := p.tok
		p.mu.Unlock()
		due, ok := p.waitFor(st)
		if !ok {
			return
		}
		if due {
			p.take(st)
		}
	}
}

// waitFor waits until st's step is due (due is true) or a new token
// arrives. It reports ok false when the Provider closes.
func (p *Provider) waitFor(st tokenState) (due, ok bool) {
	var timer <-chan time.Time
	if st.next != stepIdle {
		t := time.NewTimer(time.Until(st.at))
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-p.life.Done():
		return false, false
	case <-p.wake:
		return false, true
	case <-timer:
		return true, true
	}
}

// take carries out st's step.
func (p *Provider) take(st tokenState) {
	tokens := p.c.Auth().Token()
	switch st.next {
	case stepLogin:
		if err := p.relogin(p.life, st.gen); err != nil {
			p.failed(st.gen, err)
		}
	case stepLookup:
		sec, err := tokens.LookupSelfWithContext(p.life)
		p.learned(st.gen, sec, err)
	case stepRenew:
		sec, err := tokens.RenewSelfWithContext(p.life, 0)
		p.renewed(st.gen, sec, err)
	}
}

// failed records a failed login made by the loop.
func (p *Provider) failed(gen uint64, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tok.gen == gen {
		p.tok.fails++
		p.plan(time.Now())
	}
}

// learned records the answer to a lookup of token generation gen. A
// token that may not look itself up is left alone: it is not renewed,
// and it is used until Vault refuses it.
func (p *Provider) learned(gen uint64, sec *api.Secret, err error) {
	var ttl time.Duration
	var renewable bool
	if err == nil {
		ttl, err = sec.TokenTTL()
	}
	if err == nil {
		renewable, err = sec.TokenIsRenewable()
	}
	if err != nil {
		err = p.authError(p.life, "look up token", err)
		p.log.Warn("vault token lookup failed", "error", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tok.gen != gen {
		return
	}
	st := &p.tok
	switch {
	case err == nil:
		st.known, st.ttl, st.renewable, st.issued = true, ttl, renewable,
			time.Now()
		st.fails = 0
	case refused(err):
		st.known, st.ttl = true, 0
	default:
		st.fails++
	}
	p.plan(time.Now())
}

// renewed records the answer to a renewal of token generation gen.
func (p *Provider) renewed(gen uint64, sec *api.Secret, err error) {
	switch {
	case err != nil:
		err = p.authError(p.life, "renew token", err)
	case sec == nil || sec.Auth == nil:
		err = &Error{Op: "renew token", Reason: "answer holds no token data"}
	}
	if err != nil {
		p.log.Warn("vault token renewal failed", "error", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tok.gen != gen {
		return
	}
	st := &p.tok
	switch {
	case err == nil:
		ttl := time.Duration(sec.Auth.LeaseDuration) * time.Second
		st.capped = ttl < st.ttl
		st.ttl, st.renewable, st.issued = ttl, sec.Auth.Renewable, time.Now()
		st.fails = 0
		p.log.Debug("vault token renewed", "ttl", ttl)
	case refused(err) && p.auth != nil:
		st.dead = true
	case refused(err):
		st.renewable = false
	default:
		st.fails++
	}
	p.plan(time.Now())
}
