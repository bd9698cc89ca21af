// Package execx runs external commands like [os/exec], and keeps
// secrets out of what they give back.
//
// A [Cmd] is made by [Command], which takes a context first, and has
// the fields and methods of [exec.Cmd] that programs use every day:
// Path, Args, Env, Dir, Stdin, Stdout, Stderr, WaitDelay; Run, Output,
// CombinedOutput, Start, Wait, the three pipes, String, Environ,
// Process and ProcessState.
//
// # What is masked
//
// Everything the child writes to its standard output and standard
// error passes through a [redact.Writer] before it reaches the caller,
// whatever the caller's writer is. An *os.File is never handed to the
// child: the child writes into a pipe, and the masked bytes are written
// on. The pipes returned by [Cmd.StdoutPipe] and [Cmd.StderrPipe] mask
// as they are read. Wait returns only after the masking streams have
// written out what they held back.
//
// Three things are masked:
//
//   - the values of environment variables whose names look secret
//     (see [SecretEnvName]: names with KEY, SECRET, PASSWORD, PASSWD,
//     TOKEN, CREDENTIAL or AUTH in them, and those
//     [redact.SecretName] accepts), from Cmd.Env or, when it is nil,
//     from this process's environment;
//   - every value the command's [redact.Redactor] knows, with its
//     encodings, and whatever its detectors recognise;
//   - whatever the command's extra Patterns recognise.
//
// The environment values are registered with the Redactor itself, not
// with a layer private to the command: they are secrets, so once a
// child has been given one, the logs and the other children of a
// program that shares one Redactor mask it too. The same masking
// applies to errors, to [ExitError.Stderr] and to [Cmd.String].
//
// # Secrets in arguments
//
// Command line arguments are visible to every user of the machine in
// the process list. [Cmd.Start] refuses, with an [*ArgError] matching
// [ErrSecretInArgs], a command with an argument that holds anything
// the Redactor or Patterns would mask, including the environment
// values it has just registered. The error names the argument's
// position, never its value. Pass the secret by environment variable
// or standard input instead, or set Cmd.AllowSecretArgs.
//
// # Cancellation
//
// When the context passed to [Command] is done before the command
// finishes, the child is killed. On Unix the child leads a process
// group of its own and the whole group is killed, so the programs the
// child started die with it; a program that left the group (setsid, a
// daemon) is out of reach. Elsewhere only the child is killed. Wait
// waits at most WaitDelay ([DefaultWaitDelay] when zero) for output
// pipes that a surviving grandchild still holds. A child in its own
// group is not in the terminal's foreground group; see
// Cmd.KeepProcessGroup.
//
// # What it does not do
//
// Masking is as good as the Redactor: it cannot mask a value it was
// never told about that no detector recognises, a transformation of a
// value it does not know (hex, compression, encryption), or a value
// shorter than [redact.Redactor.MinLength]: a secret-named environment
// variable whose value is that short is passed to the child but not
// masked. Output the child writes anywhere other than its standard
// output and error is out of reach: a terminal it opens (/dev/tty), a
// file, a socket, a log service. The child's standard input, and a
// Stdin that is an *os.File, are passed as they are. Errors are masked
// in their messages; the underlying errors they wrap (for errors.Is and
// errors.As) are the operating system's, unchanged.
package execx
