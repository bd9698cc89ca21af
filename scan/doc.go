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
// allowlist secret" in any case, written as a word of its own after
// white space or a comment character, is not reported at all.
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
// # Allowlists and examples
//
// [Options.Allowlists] and [Rule.Allowlists] drop findings by the
// file's path, by a regular expression on the secret, the match or
// the line, or by stopwords in the secret (see [Allowlist]). In a
// Markdown file (.md, .markdown, .mdx) a fenced code block, opened by
// three or more backticks or tildes after at most three spaces and
// closed by at least as many of the same, that holds a placeholder in
// angle brackets such as <your-api-key>, <API_KEY> or <password> is
// taken for an example, and none of its findings is reported; a block
// without one is scanned as usual, and a block never closed is not an
// example. This is the intent of the pre-commit check in the
// secret-management rules this module follows, whose sketch keeps
// blocks with any "<" and ">" for scanning and drops the others.
//
// # Configuration, baseline and fixes
//
// [LoadConfig] reads a gitleaks-format TOML file into rules and
// allowlists, so a team keeps the configuration it has. A [Baseline],
// written by [WriteBaseline] and read by [LoadBaseline], holds
// accepted findings by fingerprint; with [Options.Baseline] or
// [Baseline.Filter] only new ones are reported. [Fix] replaces found
// secrets in a file with placeholders such as <aws-access-key-id>.
//
// # Streams, files and trees
//
// Streams are read in chunks of 1 MiB, so memory stays flat on any
// input; a line longer than a chunk is scanned in pieces that overlap by
// 4 KiB. [Scanner.ScanDir] scans files in parallel, does not follow
// symbolic links, skips .git directories, and skips and counts binary
// files (a NUL byte in the first [SniffSize] bytes), files larger
// than [Options.MaxFileSize], minified assets and source maps (see
// [Generated]) and files an allowlist excludes by path. Lock files are
// scanned with only the rules that apply to them ([Rule.LockFiles]):
// tokens reach them through registry and git URLs, while their
// checksums would set off rules that go by entropy. Files it
// cannot read are counted and reported in its error; the rest of the
// tree is still scanned.
//
// # Git
//
// [Scanner.ScanStaged] scans exactly what a repository's index holds
// for the files staged against HEAD, read from git's object store, not
// the working tree: what a pre-commit hook must check. Each staged file
// is scanned whole, so a secret committed earlier in a file being
// changed is reported again; keep such findings in a baseline.
// [Scanner.ScanHistory] scans every line added by every commit (or the
// revisions given), and ties each [GitFinding] to its commit, author,
// date and file. Both run the git command, which must be on PATH.
//
// # In logs and child output
//
// [WriteTerminal] writes the text report for a terminal, in colour if
// asked, with control characters in scanned text escaped.
//
// [Scanner.Detector] turns the rule table into a redact.Detector, so the
// rules that find secrets in code also mask secret-shaped text in logs
// and in child processes' output. Rules whose keywords only appear in
// the middle or at the end of a match are left out of it, and every
// rule sees one line at a time there.
//
// # What it does not do
//
// The rules recognise secrets by shape and context, so a secret with
// neither (a bare random string with no telling name nearby, a
// password written in prose) goes unseen, and a value that merely
// looks like one is reported. Rules match within a line, except that
// the private-key, netrc, TrueNAS, Terraform, Jenkins and AWS key-pair
// rules also read a few lines after their keyword's line; as a
// redact.Detector every rule sees one line at a time.
package scan
