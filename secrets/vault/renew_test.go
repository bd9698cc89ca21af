package vault

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestPlan(t *testing.T) {
	now := time.Unix(1000, 0)
	issued := now.Add(-10 * time.Second)
	at := issued.Add(20 * time.Second) // two thirds of 30s
	tests := []struct {
		name     string
		st       tokenState
		canLogin bool
		want     step
		wantAt   time.Time
	}{
		{"no token, no login", tokenState{}, false, stepIdle, time.Time{}},
		{"no token, login", tokenState{}, true, stepLogin, now},
		{"unknown lifetime", tokenState{value: "t"}, false, stepLookup, now},
		{"never expires", tokenState{value: "t", known: true}, true, stepIdle, time.Time{}},
		{"renewable", tokenState{value: "t", known: true, ttl: 30 * time.Second,
			renewable: true, issued: issued}, false, stepRenew, at},
		{"capped, login", tokenState{value: "t", known: true, ttl: 30 * time.Second,
			renewable: true, capped: true, issued: issued}, true, stepLogin, at},
		{"capped, no login", tokenState{value: "t", known: true, ttl: 30 * time.Second,
			renewable: true, capped: true, issued: issued}, false, stepRenew, at},
		{"not renewable, login", tokenState{value: "t", known: true,
			ttl: 30 * time.Second, issued: issued}, true, stepLogin, at},
		{"not renewable, no login", tokenState{value: "t", known: true,
			ttl: 30 * time.Second, issued: issued}, false, stepIdle, time.Time{}},
		{"dead, login", tokenState{value: "t", dead: true}, true, stepLogin, now},
		{"backoff", tokenState{value: "t", known: true, ttl: 30 * time.Second,
			renewable: true, issued: issued, fails: 3}, false, stepRenew,
			now.Add(4 * time.Second)},
		{"backoff bounded", tokenState{value: "t", fails: 100}, false, stepLookup,
			now.Add(maxBackoff)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Provider{tok: tt.st}
			if tt.canLogin {
				p.auth = &AppRole{}
			}
			p.plan(now)
			assert.Equal(t, tt.want, p.tok.next, "got the wrong step")
			assert.True(t, tt.wantAt.Equal(p.tok.at), "got time %v, want %v",
				p.tok.at, tt.wantAt)
		})
	}
}

func TestExpired(t *testing.T) {
	now := time.Unix(1000, 0)
	tests := []struct {
		name string
		st   tokenState
		want bool
	}{
		{"unknown", tokenState{}, false},
		{"never expires", tokenState{known: true}, false},
		{"live", tokenState{known: true, ttl: 20 * time.Second,
			issued: now.Add(-10 * time.Second)}, false},
		{"within the margin", tokenState{known: true, ttl: 20 * time.Second,
			issued: now.Add(-19 * time.Second)}, true},
		{"over", tokenState{known: true, ttl: time.Second,
			issued: now.Add(-time.Minute)}, true},
		{"dead", tokenState{dead: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.st.expired(now))
		})
	}
}
