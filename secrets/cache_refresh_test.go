package secrets

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRefreshDuringOutageKeepsStale(t *testing.T) {
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"app": `{"k":"v1-fake-value"}`})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, Now: clk.Now})
	t.Cleanup(func() { _ = c.Close() })
	ref := Ref{Scheme: "x", ID: "app"}
	ctx := context.Background()
	_, err := c.Fetch(ctx, ref)
	require.NoError(t, err)

	p.fail(ErrTransient)
	require.ErrorIs(t, c.Refresh(ctx, ref), ErrTransient)
	clk.set(2 * time.Minute) // past the TTL, within MaxStale
	doc, err := c.Fetch(ctx, ref)
	require.NoError(t, err, "the stale value should still be served")
	assert.Equal(t, `{"k":"v1-fake-value"}`, string(doc))

	p.fail(ErrNotFound)
	require.ErrorIs(t, c.Refresh(ctx, ref), ErrNotFound)
	_, err = c.Fetch(ctx, ref)
	assert.ErrorIs(t, err, ErrNotFound, "a value gone from the backend is not served")
}

func TestClockBeforeStartStillExpires(t *testing.T) {
	clk := newFakeClock()
	p := newCountingProvider(map[string]string{"app": `{"k":"v"}`})
	c := NewCache(p, &CacheOptions{TTL: time.Minute, MaxStale: time.Minute, Now: clk.Now})
	t.Cleanup(func() { _ = c.Close() })
	ref := Ref{Scheme: "x", ID: "app"}
	clk.set(-time.Second) // a wall clock stepped back after start-up
	_, err := c.Fetch(context.Background(), ref)
	require.NoError(t, err)
	clk.set(24 * time.Hour)
	_, err = c.Fetch(context.Background(), ref)
	require.NoError(t, err)
	assert.EqualValues(t, 2, p.calls.Load(), "a value fetched before the epoch never expired")
}
