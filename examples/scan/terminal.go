package main

import (
	"io"
	"os"
	"time"
)

// console says what the command's output streams are connected to,
// so that colour and the progress line go only to a person.
type console struct {
	// stdoutTTY and stderrTTY are set when the stream is a terminal.
	stdoutTTY, stderrTTY bool

	// color is set when a terminal may be coloured: NO_COLOR is unset
	// or empty and TERM is not "dumb".
	color bool

	// now returns the time; nil means time.Now.
	now func() time.Time
}

// osConsole returns the console of this process.
func osConsole() console {
	return console{
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
		color:     os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb",
	}
}

// isTerminal reports whether w is a file open on a character device,
// such as a terminal. It is false for files, pipes and sockets, and
// for any writer that is not an *os.File.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// clock returns c.now, or time.Now if it is nil.
func (c console) clock() func() time.Time {
	if c.now == nil {
		return time.Now
	}
	return c.now
}
