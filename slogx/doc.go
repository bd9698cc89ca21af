// Package slogx provides a [log/slog] handler that masks secrets.
//
// A [Handler] wraps any [slog.Handler]. Before a record reaches the
// wrapped handler, the Handler masks it with a [redact.Redactor], the one
// the whole program shares, so every value the program has registered
// with it, and every secret-shaped string its detectors recognise, is
// replaced by a mask such as "[REDACTED]". [Wrap] does the same for a
// [*slog.Logger].
//
//	r := redact.New(nil)
//	logger := slogx.Wrap(slog.Default(), r, nil)
//	r.Add(password)
//	logger.Info("connecting", "dsn", "postgres://app@db/"+password)
//
// # What is masked
//
// By key: an attribute whose key names a secret ([redact.SecretName] by
// default; see [Options.SecretKey]) has its value replaced by
// [redact.Mask], whatever its kind. A group so named, such as
// "credentials", is masked whole, and so is every attribute added after
// [Handler.WithGroup] with such a name.
//
// By value: the Redactor masks registered values and detector matches in
// the message, attribute keys and string values, []byte values (which
// stay []byte), error texts, the results of [slog.LogValuer]s (resolved
// by the Handler and passed on resolved), and in groups at any depth.
// Any other value of kind Any (a struct, map, slice or [fmt.Stringer]) is
// formatted the ways the standard handlers print it: through
// MarshalText for an [encoding.TextMarshaler] and with fmt's %+v, as
// [slog.TextHandler] does, and as JSON, as [slog.JSONHandler] does; if
// any form holds something to mask, the value is replaced by that form,
// masked, as a string. Otherwise it is passed on unchanged.
//
// Attributes added with [Handler.WithAttrs] (and so [slog.Logger.With])
// are kept as given. When the Redactor learns a new value, the Handler
// masks them again before the next record, so a value registered after
// the logger was made is masked in them too.
//
// # What is not masked
//
// Numbers, booleans, durations and times are passed on as they are: a
// secret made only of digits and logged as an int is not masked; log it
// as a string, or as a type whose LogValue masks it. A value the wrapped
// handler formats in a way other than MarshalText, %+v or JSON (a
// handler that walks
// struct fields itself, say) is masked only as far as those two forms
// show. Text the wrapped handler adds itself (source file names, its own
// errors) is not seen by the Handler. The Handler masks what the
// Redactor knows: see the redact package for the forms it recognises.
//
// # Records
//
// The Handler never modifies the record it is given. When nothing needs
// masking it passes the record on as it is; otherwise it builds a new
// record with masked attributes, so the caller's record, and any copy of
// it, keeps its own attributes.
//
// # Performance
//
// A record whose message, keys, strings, bytes and error texts hold
// nothing to mask is checked with one scan of its joined text, and
// passed on without allocating in the Handler. Which keys are secret is
// remembered for keys seen before. A record that does hold a secret, or
// a value of kind Any other than []byte and plain errors, is masked
// attribute by attribute, which allocates. Rebuilding the attributes
// added with With happens once per newly registered value, not per
// record, and takes no lock.
package slogx
