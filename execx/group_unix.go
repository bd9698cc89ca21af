//go:build unix

package execx

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
)

// ownGroup makes the child lead a new process group and makes
// cancellation kill that whole group, so the child's own children die
// with it.
func ownGroup(c *exec.Cmd) {
	if c.SysProcAttr == nil {
		c.SysProcAttr = &syscall.SysProcAttr{}
	}
	c.SysProcAttr.Setpgid = true
	c.Cancel = func() error {
		err := syscall.Kill(-c.Process.Pid, syscall.SIGKILL)
		if errors.Is(err, syscall.ESRCH) {
			return os.ErrProcessDone
		}
		return err
	}
}
