// Package redact is the masking engine shared by a whole program.
//
// A [Redactor] holds the secret values a program knows about. Once a
// value is registered with [Redactor.Add] or [Redactor.AddNamed], every
// later call to [Redactor.Redact], [Redactor.RedactBytes] and every
// [Writer] made by [Redactor.NewWriter] masks it, together with the
// forms a value commonly takes on its way into a log:
//
//   - the value trimmed of surrounding white space;
//   - each line of a multi-line value, when the line is at least the
//     minimum length and holds more than punctuation;
//   - base64, standard and URL-safe, padded and unpadded, at all three
//     byte alignments, so the base64 of prefix+value+suffix is caught
//     whatever the prefix;
//   - URL path and query escaping, with upper- or lower-case hex;
//   - JSON string escaping, with and without HTML escaping, and with
//     "/" escaped as "\/";
//   - Go's quoted form (what %q and slog's text handler write);
//   - shell quoting, single and double.
//
// # Masks
//
// A masked span is replaced by [Mask], or by "[REDACTED:NAME]" when the
// value was registered with a name. The mask says nothing about the value:
// not its length, nor its first or last characters. Every occurrence is
// masked, overlapping ones included, and spans that overlap or touch are
// merged into one mask, so a short registered value never leaves part of
// a longer one visible.
//
// # Detectors
//
// Values nobody registered can still be caught by shape. A [Detector]
// reports spans of a line to mask; [DefaultDetectors] returns rules for
// key=value assignments with secret-looking keys, bearer and basic
// authorization values, passwords in URLs, AWS access key ids and
// private key blocks written on one line. Detectors mask the value and
// keep the key, so "password=hunter22" becomes "password=[REDACTED]".
//
// # Streaming
//
// A [Writer] masks a stream. Its output for any split of the input into
// writes equals [Redactor.RedactBytes] of the whole input. It holds back
// only bytes that could still begin a secret (a tail of the input that is
// a prefix of a registered form, or a partial line in which a detector's
// keyword appears) and writes them on Close. It never flushes on a timer.
//
// # What it does not do
//
// A Redactor cannot mask a value it has never seen that no detector
// recognises, a value split across two separate calls of Redact, or a
// value transformed in a way not listed above (for example hex, reversed,
// or compressed). Values shorter than the minimum length (see
// [DefaultMinLength]) are refused rather than masked, because masking a
// short string would hide ordinary words all over the output.
package redact
