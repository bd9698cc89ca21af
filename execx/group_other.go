//go:build !unix

package execx

import "os/exec"

// ownGroup leaves the command as it is: outside Unix, cancellation
// kills only the child, as exec.CommandContext does, and the child's
// own children keep running.
func ownGroup(*exec.Cmd) {}
