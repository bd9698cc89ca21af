package execx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/codebuddy/hush/redact"
)

// DefaultWaitDelay is the wait delay a [Cmd] uses when its WaitDelay
// field is zero.
const DefaultWaitDelay = 5 * time.Second

var (
	errNilContext = errors.New("execx: nil Context")
	errNoCommand  = errors.New("execx: Cmd not made by Command")
)

// Cmd is an external command being prepared or run. It is used like
// [exec.Cmd], and differs in what reaches the caller: the child's
// standard output and error are masked as they stream, and so are the
// errors and the String form. Make a Cmd with [Command]: one made
// otherwise has no context and fails to start. A Cmd cannot be reused
// after Start, Run, Output or CombinedOutput.
type Cmd struct {
	// Path is the path of the command to run. It is the only field
	// that must be set to a non-zero value. A relative Path is
	// evaluated relative to Dir.
	Path string

	// Args holds the command line arguments, including the command as
	// Args[0]. Empty Args means {Path}. Start refuses an argument that
	// holds a secret unless AllowSecretArgs is set.
	Args []string

	// Env is the child's environment, as "key=value" strings. Nil
	// means this process's environment. The values of secret-looking
	// entries (see [SecretEnvName]) are registered with the Redactor
	// by String and Start, so they are masked in the child's output
	// and refused in Args.
	Env []string

	// Dir is the child's working directory. Empty means this process's
	// current directory.
	Dir string

	// Stdin is the child's standard input. Nil means the null device.
	// An *os.File is given to the child directly; any other reader is
	// copied by a goroutine that Wait waits for, as in [exec.Cmd].
	Stdin io.Reader

	// Stdout and Stderr receive the child's standard output and error,
	// masked. Nil means the null device. The child never gets the
	// caller's file: even for an *os.File, it writes to a pipe, and a
	// goroutine masks what it reads and writes it on. When Stdout and
	// Stderr are the same writer, the two streams share one pipe and
	// one masking stream, so their order is kept. Writes to each are
	// serialised.
	Stdout io.Writer
	Stderr io.Writer

	// WaitDelay bounds how long Wait waits, after the context is done
	// or the child has exited, for the child to die and for its output
	// pipes to close (a grandchild that keeps a pipe open would
	// otherwise hold Wait forever). Zero means [DefaultWaitDelay]; a
	// negative value means no bound. See [exec.Cmd.WaitDelay].
	WaitDelay time.Duration

	// Redactor masks the child's output, the errors and String. It
	// should be the program's shared Redactor, so values the program
	// already knows are masked; secret-looking environment values are
	// registered with it and stay masked everywhere it is used. Nil
	// means a private Redactor with [scan.DefaultDetectors] (redact's
	// detectors and the scanner's rule table) and Patterns. The
	// Redactor and Patterns are read once, on the first call of
	// String, Start or a pipe method.
	Redactor *redact.Redactor

	// Patterns are extra detectors for this command's output, errors
	// and arguments, typically made with [redact.NewPattern]. They are
	// applied after the Redactor and are not added to it.
	Patterns []redact.Detector

	// AllowSecretArgs lets Start run a command whose arguments hold a
	// secret. The arguments are still masked in String and errors, but
	// every user of the machine can read them in the process list.
	AllowSecretArgs bool

	// KeepProcessGroup leaves the child in this process's process
	// group. By default, on Unix, the child leads a group of its own,
	// so that cancelling the context kills the child and everything it
	// started; but a child outside the terminal's foreground group
	// does not receive the terminal's Ctrl-C and is stopped if it
	// reads from the terminal. Set KeepProcessGroup for such a child;
	// cancellation then kills only the child itself.
	KeepProcessGroup bool

	// Process is the started process, set by Start.
	Process *os.Process

	// ProcessState describes the exited process, set by Wait.
	ProcessState *os.ProcessState

	// Err is the error from looking up the command, if any, as in
	// [exec.Cmd.Err]. Start returns it, wrapped and masked.
	Err error

	ctx              context.Context
	inner            *exec.Cmd
	mask             *masker         // made on first use by String or Start
	seen             map[string]bool // env entries registered with mask
	streams          []*stream       // masking streams made by Start
	pipes            []*pipeReader   // made by StdoutPipe and StderrPipe
	outPipe, errPipe *os.File        // child ends of those pipes
	stdin            bool            // StdinPipe was called
	state            int             // created, started or waited
	closer           []io.Closer     // child ends of pipes, closed after Start
}

const (
	created = iota
	started
	waited
)

// Command returns a Cmd that runs the program name with args. ctx
// stops the command: when it is done before the command finishes,
// Wait kills the child and, on Unix, the whole process group the child
// leads. A nil ctx makes Start fail.
//
// As in [exec.Command], a name without a path separator is looked up
// in PATH, and a failed lookup is kept in Cmd.Err.
func Command(ctx context.Context, name string, args ...string) *Cmd {
	var inner *exec.Cmd
	if ctx == nil {
		inner = exec.Command(name, args...)
	} else {
		inner = exec.CommandContext(ctx, name, args...)
	}
	return &Cmd{
		Path:  inner.Path,
		Args:  inner.Args,
		Err:   inner.Err,
		ctx:   ctx,
		inner: inner,
	}
}

// String returns a human-readable, masked description of c, for
// debugging only: the path and the arguments, or the arguments as given
// if the lookup failed. It registers secret-looking Env values with the
// Redactor, so a String taken before Start already masks them.
func (c *Cmd) String() string {
	m := c.prepare()
	if len(c.Args) == 0 {
		return m.redact(c.Path)
	}
	if c.Err != nil {
		return m.redact(strings.Join(c.Args, " "))
	}
	var b strings.Builder
	b.WriteString(c.Path)
	for _, a := range c.Args[1:] {
		b.WriteByte(' ')
		b.WriteString(a)
	}
	return m.redact(b.String())
}

// Environ returns a copy of the environment the command would run in,
// as [exec.Cmd.Environ] does. Its values are not masked: it is for
// passing on, not for printing.
func (c *Cmd) Environ() []string {
	if c.inner == nil {
		return nil
	}
	c.inner.Env, c.inner.Dir = c.Env, c.Dir
	return c.inner.Environ()
}

// prepare makes the masker on first use and registers the current
// environment's secret values with it.
func (c *Cmd) prepare() *masker {
	if c.mask == nil {
		c.mask = newMasker(c.Redactor, c.Patterns)
		c.seen = make(map[string]bool)
	}
	c.mask.register(environ(c.Env), c.seen)
	return c.mask
}

// name returns the program's name for messages, masked.
func (c *Cmd) name() string {
	n := c.Path
	if len(c.Args) > 0 {
		n = c.Args[0]
	}
	return c.mask.redact(n)
}

// Run starts the command and waits for it to finish. See [Cmd.Start]
// and [Cmd.Wait].
func (c *Cmd) Run() error {
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}

// Output runs the command and returns its masked standard output. If
// Stderr is nil, Output also captures the masked standard error, and a
// returned [*ExitError] holds it in its Stderr field.
func (c *Cmd) Output() ([]byte, error) {
	if c.Stdout != nil || c.outPipe != nil {
		return nil, errors.New("execx: Stdout already set")
	}
	var out bytes.Buffer
	c.Stdout = &out
	var errBuf *capture
	if c.Stderr == nil {
		errBuf = newCapture(captureHalf)
		c.Stderr = errBuf
	}
	err := c.Run()
	var ee *ExitError
	if errBuf != nil && errors.As(err, &ee) {
		ee.Stderr = errBuf.Bytes()
	}
	return out.Bytes(), err
}

// CombinedOutput runs the command and returns its masked standard
// output and standard error, interleaved as the child wrote them.
func (c *Cmd) CombinedOutput() ([]byte, error) {
	if c.Stdout != nil || c.outPipe != nil {
		return nil, errors.New("execx: Stdout already set")
	}
	if c.Stderr != nil || c.errPipe != nil {
		return nil, errors.New("execx: Stderr already set")
	}
	var b bytes.Buffer
	c.Stdout, c.Stderr = &b, &b
	err := c.Run()
	return b.Bytes(), err
}
