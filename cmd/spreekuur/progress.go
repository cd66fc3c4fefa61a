package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// progress shows how far a long command is (demo, compact, import): a
// percentage updated in place on a terminal, a plain line every 10%
// otherwise (a log). Small runs stay quiet.
type progress struct {
	w          io.Writer
	name, unit string
	tty        bool
	quiet      bool
	shown      bool // a line is on the terminal, for done to end
	lastTenth  int64
	start      time.Time
}

// newProgress reports on f as name (the command), counting unit.
func newProgress(f *os.File, name, unit string, quiet bool) *progress {
	return &progress{w: f, name: name, unit: unit, tty: term.IsTerminal(int(f.Fd())), quiet: quiet, start: time.Now()}
}

func (p *progress) update(done, total int64) {
	if p.quiet || total <= 0 {
		return
	}
	pct := min(done*100/total, 100)
	if p.tty {
		p.shown = true
		fmt.Fprintf(p.w, "\r%s: %3d%%  %d %s %d %s", p.name, pct, done, say("van", "of"), total, p.unit)
		return
	}
	if tenth := pct / 10; tenth > p.lastTenth {
		p.lastTenth = tenth
		fmt.Fprintf(p.w, "%s: %d%% (%d %s %d %s, %s)\n", p.name, pct, done, say("van", "of"), total, p.unit, time.Since(p.start).Round(100*time.Millisecond))
	}
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}
