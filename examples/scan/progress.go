package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressDelay is how long a scan runs before the progress line
// first appears, and progressEvery how often it is redrawn after.
const (
	progressDelay = 500 * time.Millisecond
	progressEvery = 250 * time.Millisecond
)

// progress keeps one line on a terminal up to date with how many files
// and bytes a scan has read. It draws only when told of progress, so it
// needs no goroutine, and rewrites the line in place with a carriage
// return, padding with spaces what a longer line left.
type progress struct {
	w   io.Writer
	now func() time.Time

	mu    sync.Mutex // guards the fields below
	start time.Time  // when the scan began
	last  time.Time  // when the line was last drawn
	width int        // of the line on screen; 0 if none
	files int        // scanned in the paths already finished
	bytes int64      // held by those files
}

// newProgress returns a progress line on w, starting its clock.
func newProgress(w io.Writer, now func() time.Time) *progress {
	return &progress{w: w, now: now, start: now()}
}

// update is told the totals of the path being scanned. A nil p does
// nothing, as with finish and clear.
func (p *progress) update(files int, bytes int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(p.files+files, p.bytes+bytes)
}

// finish adds the totals of a path whose scan is done.
func (p *progress) finish(files int, bytes int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files += files
	p.bytes += bytes
	p.draw(p.files, p.bytes)
}

// draw writes the line if the scan has run long enough and the line
// was not drawn too recently.
func (p *progress) draw(files int, bytes int64) {
	now := p.now()
	if now.Sub(p.start) < progressDelay || now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	line := fmt.Sprintf("scan: %d files, %.1f MB scanned", files, float64(bytes)/1e6)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", max(p.width-len(line), 0)))
	p.width = len(line)
}

// clear removes the line, if it was drawn, leaving the cursor at the
// start of the empty line.
func (p *progress) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
}
