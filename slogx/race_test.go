//go:build race

package slogx

// raceEnabled reports whether the race detector is on; it makes
// sync.Pool drop items, so allocation counts are not meaningful.
const raceEnabled = true
