// Package hush keeps credentials out of logs, child-process output and
// git history for programs that automate things: deploy scripts,
// release bots, CI helpers, data jobs.
//
// # The packages
//
//   - [github.com/codebuddy/hush/redact] is the masking engine: a
//     Redactor shared by the whole program that masks registered values,
//     their common encodings and secret-shaped text, in strings and in
//     streams.
//   - [github.com/codebuddy/hush/secrets] resolves secrets from the
//     environment and .env files (and, through providers, from secret
//     managers), registers each value with the Redactor before returning
//     it, and hands it out as a Secret that never prints itself.
//   - [github.com/codebuddy/hush/slogx] wraps any slog.Handler so no
//     registered value, secret-named attribute or secret-shaped string is
//     written.
//   - [github.com/codebuddy/hush/execx] replaces os/exec: a child's
//     stdout, stderr and error text pass through the Redactor, secret
//     environment values are masked, and secrets in argv are refused.
//
// The programs under examples/ put them together: examples/workflow is
// a whole job, examples/run runs any command with an env file's values
// in its environment and masked in its output.
//
// # Threat model
//
// hush defends against accidental disclosure by the program itself: a
// secret printed in a log line, echoed by a child process, shown in an
// error message or formatted with %v. It does so in three layers: the
// Secret type prints a fixed mask through every formatting path; slogx
// masks attributes by name; and every output stream is scrubbed byte by
// byte of every value the shared Redactor knows, in its common
// encodings, plus text that looks like a credential.
//
// hush cannot protect a secret from code that reads it on purpose and
// sends it elsewhere, from a child that writes to a file or terminal it
// opens itself, from output that transforms a value in a way the
// Redactor does not know (hashing, compression, encodings other than
// those listed in package redact), or from a value that was never
// registered and that no detector recognises. Values shorter than the
// Redactor's minimum length are refused rather than silently left
// unmasked. Memory is not scrubbed: a process dump holds the secrets.
package hush
