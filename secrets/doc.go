// Package secrets finds the secrets a program needs and hands them out
// in a form that does not leak.
//
// A [Resolver] asks an ordered list of [Source]s for a key: the process
// environment ([Env]) and .env files ([ReadDotEnv]) are provided, and
// any function can be one ([SourceFunc]). The first source with a value
// wins. When none has it, [Resolver.GetOr] turns to a secret manager
// through a [Provider] chosen by the scheme of a reference such as
// "prod/api:api_key" or "vault://secret/app#password?version=3" (see
// [ParseRef]). Providers for AWS Secrets Manager and Vault live in
// their own packages.
//
// # Guarantees
//
// Every value a Resolver returns has been registered with its
// [redact.Redactor] before the caller sees it, so every logger, child
// process and writer that masks with the same Redactor hides it. A
// value the Redactor refuses as too short is not handed out unless
// [Options.AllowShort] says so.
//
// Values come back as a [Secret], which prints [redact.Mask] through
// fmt (every verb), encoding/json, text marshalling and log/slog, and
// shows nothing of its value when it sits in an unexported struct
// field, where fmt prints raw fields. Reading the value is one
// explicit call, [Secret.Reveal].
//
// Errors name keys, references, files and line numbers, never a value
// or any part of one. Callers branch on [ErrNotFound], [ErrNoProvider],
// [ErrBadRef], [ErrSyntax] and [ErrNotJSON] with errors.Is, and read
// fields from [*ParseError], [*NoProviderError] and [*KeyError].
//
// # What it does not do
//
// A Resolver does not cache: each call asks its sources or provider
// again. Once revealed, a value is an ordinary string, and this package
// cannot stop code from printing it; the shared Redactor is the second
// line of defence. Go strings cannot be wiped, so a value stays in
// memory until the garbage collector reuses it. References and keys
// are treated as names, not secrets: they appear in errors.
//
// # The .env dialect
//
// [ParseDotEnv] and [ReadDotEnv] read this dialect:
//
//   - The input is bytes. A UTF-8 byte order mark at the start is
//     skipped, and CRLF line ends are read as LF, also inside quoted
//     values. Invalid UTF-8 is kept as it is.
//   - Blank lines, and lines whose first non-blank character is '#',
//     are ignored.
//   - An entry is KEY=VALUE, optionally preceded by "export" and white
//     space. Spaces and tabs may surround the '='.
//   - A key matches [A-Za-z_][A-Za-z0-9_.-]*.
//   - An unquoted value runs to the end of the line; trailing white
//     space is dropped. A '#' preceded by white space starts a comment,
//     so "a#b" is kept whole and "a #b" is "a". Quotes and backslashes
//     inside it are literal.
//   - A single-quoted value is literal: no escapes, no expansion. It
//     may span lines. A value cannot contain a single quote.
//   - A double-quoted value may span lines and understands the escapes
//     \n, \r, \t, \", \\ and \$. A backslash before any other
//     character is kept, with that character, as written.
//   - After a closing quote, only white space and a comment may follow
//     on the line.
//   - '#' inside quotes is part of the value.
//   - KEY= and KEY="" both set KEY to the empty string. The empty
//     value is kept by [DotEnv.Value], but [DotEnv.Lookup], like
//     [Env], treats it as unset.
//   - '$' is literal by default, since passwords often contain it.
//     With [DotEnvOptions.Expand], $NAME and ${NAME} in unquoted and
//     double-quoted values expand to a key defined earlier in the input
//     or, failing that, an environment variable; see
//     [DotEnvOptions.Expand] for the details.
//   - When a key appears twice, the last value wins, as in a shell.
//
// A line that breaks these rules (no '=', a bad key, an unterminated
// quote, text after a closing quote) gives a [*ParseError] naming the
// input and the line where the entry starts. [QuoteDotEnv] writes a
// value so that it reads back unchanged.
package secrets
