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
// A Resolver does not cache by itself: each call asks its sources or
// provider again, unless the provider is a [Cache]. Once revealed, a
// value is an ordinary string, and this package cannot stop code from
// printing it; the shared Redactor is the second line of defence. Go
// strings cannot be wiped, so a value stays in memory until the
// garbage collector reuses it. References and keys are treated as
// names, not secrets: they appear in errors.
//
// # Caching
//
// A [Cache] wraps a [Provider] and is one itself, so it goes in
// [Options.Providers] in place of the provider it wraps. It keeps each
// secret document (a reference without its JSON key, so one backend
// call serves every key of a secret) and behaves as follows; the
// defaults are in [CacheOptions].
//
//   - A value is served for its TTL (5 minutes by default). In the
//     last part of the TTL (a fifth by default), from a point drawn at
//     random for each value, a read starts one background refresh and
//     is answered from the cache at once.
//   - Any number of concurrent reads of a document the cache does not
//     hold make one backend call. The call runs detached from every
//     reader's context, bounded by [CacheOptions.FetchTimeout]; each
//     reader waits on its own context and may give up without
//     stopping the call for the others.
//   - A stale value (past its TTL) is served only while the backend
//     fails with a transient error (one wrapping [ErrTransient], or a
//     fetch that ran out of time), and never past TTL plus
//     [CacheOptions.MaxStale] (15 minutes by default). While the
//     backend is failing, stale reads do not wait for it: a
//     background retry runs after a jittered, doubling delay.
//   - An answer wrapping [ErrNotFound] or [ErrAccessDenied] drops the
//     value at once, even inside its TTL, so a deleted or revoked
//     secret stops being served; the answer itself is remembered for a
//     jittered [CacheOptions.NegativeTTL] (30 seconds by default).
//     Any other error is not transient: no stale value is served after
//     it, and it is not remembered.
//   - A reference a [Pinner] reports as naming one immutable version
//     never expires.
//   - At most [CacheOptions.MaxEntries] documents (1000 by default) are
//     held; the CLOCK algorithm evicts one not read recently.
//   - [Cache.Invalidate] forgets a document, [Cache.Refresh] fetches it
//     now, and [Cache.Reject] reports that a value was refused by the
//     system it was for, so the next read goes to the backend once.
//     [Resolver.Invalidate] and [Resolver.Reject] do the same given a
//     reference string, for the provider of its scheme, when that is
//     a Cache or another [Invalidator].
//   - [Cache.Seed] stores a document read elsewhere, such as by a
//     batch read at start-up, as if it had just been fetched; a fresh
//     value already held is kept.
//   - [Cache.Stats] returns counters of hits, misses, fetches,
//     refreshes, errors, stale serves and evictions.
//
// A cached read takes no lock and allocates nothing, and a
// [Resolver] reading from a Cache parses a document and registers its
// values only when the document's bytes change, so a cached
// [Resolver.Resolve] allocates nothing either. Registration still
// happens before a new value is handed out, and, with
// [CacheOptions.Redactor], before a new document is stored. Hits are
// counted on many cache lines, one picked per goroutine, so that reads
// running in parallel on different cores do not queue for one counter.
//
// Compared with AWS's caching library for Secrets Manager, the Cache
// holds no lock while it calls the backend, so readers of other
// secrets, and readers that give up, are never held up by a slow
// call; every duration is a time.Duration, not a count of
// nanoseconds in an integer; the version stage, version id or Vault
// version is part of the reference, so the one the caller asks for is
// the one fetched and cached; any options, zero, partly filled or
// out of range, give a working cache rather than a panic; and
// errors keep their kind, so callers can tell not-found, denied and
// transient failures apart with errors.Is.
//
// Give a Cache the same [redact.Redactor] as the Resolver it serves,
// in [CacheOptions.Redactor]. The Cache then registers the values of
// every document it stores, whether fetched by a read, refreshed in
// the background or seeded, before any reader can see the document:
// each string of a JSON secret, at any depth, under its key's name,
// or the whole of any other secret. So the keys of a secret the
// program never reads, and a rotated value a background refresh
// brought in, are masked in every log from the moment they arrive,
// not from the first read. Registration runs on the goroutine that
// fetched the document, or in [Cache.Seed], outside every lock a
// reader takes; a cached read does none. Without a Redactor the Cache
// registers nothing and only what a Resolver reads is masked. The
// Cache does not take the Resolver's Redactor by itself, since a
// Cache may serve more than one Resolver, or none:
//
//	red := redact.New(nil)
//	cache := secrets.NewCache(aws, &secrets.CacheOptions{Redactor: red})
//	res := secrets.New(&secrets.Options{
//		Redactor:  red,
//		Providers: map[string]secrets.Provider{"awssm": cache},
//	})
//
// A Cache starts no goroutine except for a fetch, and each ends with
// its fetch; [Cache.Close] cancels those still running and waits for
// them.
//
// # The .env dialect
//
// [ParseDotEnv] and [ReadDotEnv] read this dialect:
//
//   - The input is bytes. A UTF-8 byte order mark at the start is
//     skipped, and CRLF and lone CR line ends are read as LF, also
//     inside quoted values (write a carriage return as \r in double
//     quotes). Invalid UTF-8 is kept as it is.
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
