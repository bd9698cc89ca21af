package execx

import (
	"errors"
	"io"
	"os"
	"os/exec"
)

// Start starts the command and does not wait for it to finish. It
// registers the secret-looking values of Env with the Redactor, then
// refuses, with an [*ArgError], any argument the Redactor or Patterns
// would mask, unless AllowSecretArgs is set. After a successful Start,
// call [Cmd.Wait] to release the command's resources.
func (c *Cmd) Start() error {
	if c.state != created {
		return errors.New("execx: already started")
	}
	c.state = started
	m := c.prepare()
	err := c.start(m)
	if err != nil {
		_ = c.closeAll()
	}
	return err
}

// start checks the command, connects its streams and starts it.
func (c *Cmd) start(m *masker) error {
	switch {
	case c.inner == nil:
		return errNoCommand
	case c.ctx == nil:
		return errNilContext
	}
	if !c.AllowSecretArgs {
		if err := c.checkArgs(m); err != nil {
			return err
		}
	}
	if err := c.configure(m); err != nil {
		return err
	}
	if err := c.inner.Start(); err != nil {
		return m.wrap("start", c.name(), err)
	}
	for _, f := range c.closer {
		f.Close()
	}
	c.closer = nil
	c.Process = c.inner.Process
	return nil
}

// checkArgs returns an error naming the first argument m would mask.
func (c *Cmd) checkArgs(m *masker) error {
	for i, a := range c.Args {
		if m.contains(a) {
			return &ArgError{Name: c.name(), Index: i}
		}
	}
	return nil
}

// configure copies c's settings into the exec.Cmd and puts a masking
// stream between the child and each caller writer.
func (c *Cmd) configure(m *masker) error {
	in := c.inner
	in.Path, in.Args, in.Env, in.Dir, in.Err = c.Path, c.Args, c.Env, c.Dir, c.Err
	if !c.stdin {
		in.Stdin = c.Stdin
	}
	switch {
	case c.WaitDelay == 0:
		in.WaitDelay = DefaultWaitDelay
	case c.WaitDelay > 0:
		in.WaitDelay = c.WaitDelay
	}
	if !c.KeepProcessGroup {
		ownGroup(in)
	}
	out, err := c.output(m, "stdout", c.Stdout, c.outPipe)
	if err != nil {
		return err
	}
	in.Stdout = out
	if c.Stderr != nil && c.outPipe == nil && sameWriter(c.Stderr, c.Stdout) {
		in.Stderr = out
		return nil
	}
	in.Stderr, err = c.output(m, "stderr", c.Stderr, c.errPipe)
	return err
}

// output returns what the child's stream label writes to: the pipe
// made by StdoutPipe or StderrPipe, a masking stream into w, or nil.
func (c *Cmd) output(m *masker, label string, w io.Writer, pipe *os.File) (io.Writer, error) {
	switch {
	case pipe != nil && w != nil:
		return nil, errors.New("execx: " + label + " has both a writer and a pipe")
	case pipe != nil:
		return pipe, nil
	case w == nil:
		return nil, nil
	}
	s := m.newStream(label, w)
	c.streams = append(c.streams, s)
	return s, nil
}

// sameWriter reports whether a and b are the same writer, without
// panicking on incomparable types.
func sameWriter(a, b any) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// Wait waits for the command to exit and for the copying of its
// streams to finish, then writes out what the masking streams held
// back, before it returns. The command must have been started by
// [Cmd.Start].
//
// A command that exits unsuccessfully gives an [*ExitError]. A caller
// writer that fails gives an error that wraps the writer's error; the
// child's stream is then closed, so a child that keeps writing gets a
// broken pipe rather than blocking. Errors are masked; when the exit
// and a writer both fail, both errors are returned, joined.
func (c *Cmd) Wait() error {
	switch c.state {
	case created:
		return errors.New("execx: not started")
	case waited:
		return errors.New("execx: Wait was already called")
	}
	if c.Process == nil {
		return errors.New("execx: not started")
	}
	c.state = waited
	err := c.inner.Wait()
	c.ProcessState = c.inner.ProcessState
	errs := c.closeAll()
	if err != nil {
		errs = append([]error{c.waitError(err)}, without(errs, err)...)
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// without returns the errors of errs that err does not already hold.
func without(errs []error, err error) []error {
	var out []error
	for _, e := range errs {
		if !errors.Is(err, e) {
			out = append(out, e)
		}
	}
	return out
}

// waitError turns an error from exec.Cmd.Wait into this package's form.
func (c *Cmd) waitError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return &ExitError{ProcessState: ee.ProcessState, name: c.name(), err: ee}
	}
	var we *maskedError
	if errors.As(err, &we) {
		return err
	}
	return c.mask.wrap("wait", c.name(), err)
}

// closeAll flushes the masking streams and closes the pipes this Cmd
// made. It returns the streams' errors.
func (c *Cmd) closeAll() []error {
	var errs []error
	for _, s := range c.streams {
		if err := s.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	for _, p := range c.pipes {
		p.f.Close()
	}
	for _, f := range c.closer {
		f.Close()
	}
	c.closer = nil
	return errs
}
