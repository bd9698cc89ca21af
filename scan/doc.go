// Package scan finds hard-coded secrets in text: cloud and service
// keys, tokens, private keys, passwords in URLs and in assignments.
//
// A [Scanner] applies a table of [Rule] values, [DefaultRules] unless
// told otherwise, to a byte slice ([Scanner.ScanBytes]), a stream
// ([Scanner.ScanReader]), a file ([Scanner.ScanFile]) or a directory
// tree ([Scanner.ScanDir]). Each secret found is a [Finding], which says
// where it is and which rule found it and carries a redacted copy of
// the match; reports in text, JSON and SARIF 2.1.0 are written by
// [WriteText], [WriteJSON] and [WriteSARIF].
//
// # How a scan works
//
// Every rule names keywords, one of which each of its matches holds
// (the prefix "ghp_" of a GitHub token, the name "password"). One pass
// over the text finds all keywords of all rules at once, in any case;
// only the lines holding a keyword are then matched against the rules
// that keyword belongs to. A match is kept when its secret is not a
// placeholder (see [IsPlaceholder]), reaches the rule's least entropy
// and passes the rule's own check, and when no earlier rule in the
// table already reported a secret overlapping it on that line. A line
// with an inline marker, "hush:allow", "gitleaks:allow" or "pragma:
// allowlist secret", is not reported at all.
//
// # What a finding shows
//
// A finding never holds the secret unless [Options.Reveal] asks for
// it: [Finding.Match] shows the context with the secret masked, and
// [Finding.Fingerprint] identifies the secret by the rule and a hash,
// so it stays the same when the line moves and differs for another
// secret on the same line. A fingerprint of a short, guessable password
// can be reversed by trying candidates; keep reports as private as the
// code they describe.
//
// # Streams, files and trees
//
// Streams are read in chunks of 1 MiB, so memory stays flat on any
// input; a line longer than a chunk is scanned in pieces that overlap by
// 4 KiB. [Scanner.ScanDir] scans files in parallel, does not follow
// symbolic links, skips .git directories, and skips and counts binary
// files (a NUL byte in the first [SniffSize] bytes) and files larger
// than [Options.MaxFileSize]. Files it cannot read are counted and
// reported in its error; the rest of the tree is still scanned.
//
// # What it does not do
//
// The rules recognise secrets by shape and context, so a secret with
// neither (a bare random string with no telling name nearby) goes
// unseen, and a value that merely looks like one is reported. Rules
// match within a line, except that a private key block's first body
// lines are read with its BEGIN line. The scanner does not yet read
// git's index or history, load gitleaks configuration files, keep a
// baseline of accepted findings, or skip lock files and minified
// assets.
package scan
