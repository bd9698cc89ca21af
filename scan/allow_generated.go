package scan

import "strings"

// lockFiles are the names of the lock files of package managers: they
// list package names, versions and checksums, whose hashes look like
// secrets to the generic rules and are none.
var lockFiles = map[string]bool{
	"package-lock.json":   true,
	"npm-shrinkwrap.json": true,
	"yarn.lock":           true,
	"pnpm-lock.yaml":      true,
	"bun.lock":            true,
	"go.sum":              true,
	"go.work.sum":         true,
	"Cargo.lock":          true,
	"poetry.lock":         true,
	"Pipfile.lock":        true,
	"pdm.lock":            true,
	"uv.lock":             true,
	"Gemfile.lock":        true,
	"composer.lock":       true,
	"packages.lock.json":  true,
	"gradle.lockfile":     true,
	"flake.lock":          true,
	"mix.lock":            true,
	"pubspec.lock":        true,
	"Podfile.lock":        true,
	"Package.resolved":    true,
}

// minifiedSuffixes end the names of minified assets and source maps:
// generated text on few, very long lines, in which random-looking
// identifiers abound.
var minifiedSuffixes = []string{".min.js", ".min.mjs", ".min.css", ".map"}

// Generated reports whether a file of this base name is generated: a
// lock file (see [LockFile]), a minified script or style sheet
// (*.min.js, *.min.mjs, *.min.css) or a source map (*.map).
// [Scanner.ScanDir] skips minified assets and source maps unless
// [Options.ScanGenerated] is set, and scans lock files only with the
// rules that apply to them (see [Rule.LockFiles]).
func Generated(name string) bool {
	return LockFile(name) || minified(name)
}

// LockFile reports whether a file of this base name is the lock file
// of a package manager: package-lock.json, npm-shrinkwrap.json,
// yarn.lock, pnpm-lock.yaml, bun.lock, go.sum, go.work.sum,
// Cargo.lock, poetry.lock, Pipfile.lock, pdm.lock, uv.lock,
// Gemfile.lock, composer.lock, packages.lock.json, gradle.lockfile,
// flake.lock, mix.lock, pubspec.lock, Podfile.lock or
// Package.resolved.
func LockFile(name string) bool {
	return lockFiles[name]
}

// minified reports whether a file of this base name is a minified
// asset or a source map.
func minified(name string) bool {
	for _, s := range minifiedSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}
