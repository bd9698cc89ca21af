package execx

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// StdinPipe returns a pipe connected to the command's standard input,
// as [exec.Cmd.StdinPipe] does. Wait closes it after the command
// exits; the caller may close it sooner to signal end of input.
func (c *Cmd) StdinPipe() (io.WriteCloser, error) {
	if c.Stdin != nil || c.stdin {
		return nil, errors.New("execx: Stdin already set")
	}
	if c.state != created {
		return nil, errors.New("execx: StdinPipe after process started")
	}
	if c.inner == nil {
		return nil, errNoCommand
	}
	w, err := c.inner.StdinPipe()
	if err != nil {
		return nil, err
	}
	c.stdin = true
	return w, nil
}

// StdoutPipe returns a pipe that yields the command's standard output,
// masked. The reader masks as it reads, so nothing is copied in the
// background: read it to io.EOF, which comes after the child and every
// process holding its output have closed it, and only then call Wait,
// which closes the pipe. The masked bytes held back for a secret that
// may still be completing are released at EOF.
func (c *Cmd) StdoutPipe() (io.ReadCloser, error) {
	if c.Stdout != nil || c.outPipe != nil {
		return nil, errors.New("execx: Stdout already set")
	}
	if c.state != created {
		return nil, errors.New("execx: StdoutPipe after process started")
	}
	p, w, err := c.pipe("stdout")
	if err != nil {
		return nil, err
	}
	c.outPipe = w
	return p, nil
}

// StderrPipe is like [Cmd.StdoutPipe] for standard error.
func (c *Cmd) StderrPipe() (io.ReadCloser, error) {
	if c.Stderr != nil || c.errPipe != nil {
		return nil, errors.New("execx: Stderr already set")
	}
	if c.state != created {
		return nil, errors.New("execx: StderrPipe after process started")
	}
	p, w, err := c.pipe("stderr")
	if err != nil {
		return nil, err
	}
	c.errPipe = w
	return p, nil
}

// pipe makes an OS pipe whose write end the child gets and whose read
// end is wrapped in a masking reader.
func (c *Cmd) pipe(label string) (*pipeReader, *os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, errors.New("execx: " + label + " pipe: " + err.Error())
	}
	m := c.prepare()
	p := &pipeReader{f: r}
	p.s = m.newStream(label, &p.buf)
	c.pipes = append(c.pipes, p)
	c.closer = append(c.closer, w)
	return p, w, nil
}

// pipeReader masks the child's output as the caller reads it.
type pipeReader struct {
	f   *os.File     // read end; closed by Wait or Close
	s   *stream      // masks into buf
	buf bytes.Buffer // masked bytes not yet read
	tmp []byte
	err error // io.EOF or the read error, once seen
}

var _ io.ReadCloser = (*pipeReader)(nil)

// Read returns masked bytes, reading more from the child as needed.
func (p *pipeReader) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for p.buf.Len() == 0 && p.err == nil {
		p.fill()
	}
	if p.buf.Len() > 0 {
		return p.buf.Read(b)
	}
	return 0, p.err
}

// fill reads once from the child and masks what came. At end of
// input it releases what the masking stream held back.
func (p *pipeReader) fill() {
	if p.tmp == nil {
		p.tmp = make([]byte, 32<<10)
	}
	n, err := p.f.Read(p.tmp)
	if n > 0 {
		_, _ = p.s.Write(p.tmp[:n]) // a bytes.Buffer does not fail
	}
	switch {
	case err == io.EOF:
		_ = p.s.Close()
		p.err = io.EOF
	case err != nil:
		p.err = err
	}
}

// Close closes the pipe. Bytes not yet read are lost.
func (p *pipeReader) Close() error { return p.f.Close() }
