//go:build unix

package execx

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// alive reports whether pid is a running process: it exists and, where
// /proc tells, is not a zombie waiting for a parent to reap it.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return !os.IsNotExist(err)
	}
	_, rest, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(rest, "Z")
}

// eventually polls cond until it holds or a generous bound passes.
func eventually(cond func() bool) bool {
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); {
		if cond() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}

func TestCancelKillsGrandchild(t *testing.T) {
	tests := []struct {
		name      string
		keepGroup bool
		wantDead  bool
	}{
		{"own group", false, true},
		{"kept group", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			c := helper(ctx, "grandchild", nil)
			c.KeepProcessGroup = tt.keepGroup
			c.WaitDelay = 200 * time.Millisecond
			var out syncBuffer
			c.Stdout = &out
			require.NoError(t, c.Start())
			require.True(t, eventually(func() bool {
				return strings.Contains(out.String(), "\n")
			}), "no pid line")
			pid := grandchildPid(t, out.String())
			t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
			require.True(t, alive(pid), "grandchild not running")

			cancel()
			err := waitDone(t, c.Wait)
			require.Error(t, err)
			require.NotNil(t, c.ProcessState, "child not reaped")
			if tt.wantDead {
				assert.True(t, eventually(func() bool { return !alive(pid) }),
					"grandchild still running")
			} else {
				assert.True(t, alive(pid), "grandchild killed with a kept group")
			}
		})
	}
}
