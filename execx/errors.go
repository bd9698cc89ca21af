package execx

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
)

// ErrSecretInArgs reports a command line argument that holds a secret.
// Arguments are visible to every user of the machine in the process
// list; pass the secret to the child by environment variable or stdin.
var ErrSecretInArgs = errors.New("argument holds a secret " +
	"(visible in the process list); pass it by environment variable or stdin")

// ArgError reports that [Cmd.Start] refused a command because one of its
// arguments holds something the command's Redactor would mask. It
// matches [ErrSecretInArgs] with [errors.Is]. It never holds the
// argument itself.
type ArgError struct {
	// Name is the program's name, masked.
	Name string

	// Index is the position of the argument in [Cmd.Args]; Args[0] is
	// the program's name.
	Index int
}

// Error names the program and the argument's position.
func (e *ArgError) Error() string {
	return "execx: start " + strconv.Quote(e.Name) + ": argument " +
		strconv.Itoa(e.Index) + ": " + ErrSecretInArgs.Error()
}

// Unwrap returns [ErrSecretInArgs].
func (e *ArgError) Unwrap() error { return ErrSecretInArgs }

// ExitError reports that a command ran and exited unsuccessfully, like
// [exec.ExitError]. [errors.As] finds both an *ExitError and the
// underlying *exec.ExitError in the chain; the latter's Stderr is
// always nil, because the unmasked output is never kept.
type ExitError struct {
	// ProcessState describes the exited process: ExitCode, Success,
	// the system's wait status.
	*os.ProcessState

	// Stderr holds a masked capture of the command's standard error
	// when [Cmd.Output] collected it (Cmd.Stderr was nil). A long
	// output keeps its first and last 16 KiB around a line that
	// counts the bytes left out.
	Stderr []byte

	name string
	err  *exec.ExitError
}

// Error names the program and how it ended, as "execx: "name": exit
// status 2".
func (e *ExitError) Error() string {
	return "execx: " + strconv.Quote(e.name) + ": " + e.ProcessState.String()
}

// Unwrap returns the underlying [exec.ExitError].
func (e *ExitError) Unwrap() error {
	if e.err == nil {
		return nil
	}
	return e.err
}

// maskedError is an error whose message was masked when it was made.
// Its message holds the operation and program name; Unwrap gives the
// original error, unchanged, for errors.Is and errors.As.
type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }

// wrap returns err wrapped for operation op on the program name, with
// its message masked. The text of an [exec.Error] is shortened to its
// cause, since the name is already given.
func (m *masker) wrap(op, name string, err error) error {
	msg := err.Error()
	var ee *exec.Error
	if errors.As(err, &ee) && ee.Err != nil {
		msg = ee.Err.Error()
	}
	prefix := "execx: " + op + ": "
	if name != "" {
		prefix = "execx: " + op + " " + strconv.Quote(m.redact(name)) + ": "
	}
	return &maskedError{msg: prefix + m.redact(msg), err: err}
}
