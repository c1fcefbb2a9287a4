// Package progress draws a one-line progress bar on a terminal for long runs
// (ingest, rendering): steps done out of a total, what is being worked on,
// and a running count. A nil *Bar draws nothing, so the scheduler and pipes
// stay quiet.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

const width = 30

// Bar is a progress bar redrawn in place with a carriage return. Several
// goroutines may report to one bar.
type Bar struct {
	mu     sync.Mutex
	w      io.Writer
	total  int
	done   int
	label  string
	count  int64
	unit   string
	drawn  time.Time
	length int // runes of the last line, to blank what a shorter line leaves
}

// New starts a bar of total steps on w; with a nil w it returns nil, which draws nothing.
func New(w io.Writer, total int, unit string) *Bar {
	if w == nil {
		return nil
	}
	return &Bar{w: w, total: total, unit: unit}
}

// Start names the step now being worked on.
func (b *Bar) Start(label string) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.label = label
	b.draw(true)
}

// Step marks one step done.
func (b *Bar) Step() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done++
	b.draw(true)
}

// Add counts n more items (rows, files); the bar is redrawn at most ten times a second.
func (b *Bar) Add(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.count += int64(n)
	b.draw(false)
}

// Finish draws the final state and ends the line.
func (b *Bar) Finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.label = "完成"
	b.draw(true)
	fmt.Fprintln(b.w)
}

func (b *Bar) draw(force bool) {
	now := time.Now()
	if !force && now.Sub(b.drawn) < 100*time.Millisecond {
		return
	}
	b.drawn = now
	filled := 0
	if b.total > 0 {
		filled = min(width, b.done*width/b.total)
	}
	line := fmt.Sprintf("[%s%s] %d/%d %s  %d %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
		b.done, b.total, b.label, b.count, b.unit)
	n := len([]rune(line))
	pad := ""
	if n < b.length {
		pad = strings.Repeat(" ", b.length-n)
	}
	b.length = n
	fmt.Fprint(b.w, "\r"+line+pad)
}
