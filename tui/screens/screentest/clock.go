package screentest

import (
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Clock is a fake clock with timers for common.Context's Now and Tick (and
// app.Options'): a timer's message comes only when a test moves the clock
// past it, so no test waits for real time.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []timer
}

type timer struct {
	at  time.Time
	msg tea.Msg
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Tick sets a timer for msg after d. The command it returns is nil: the
// message comes from Advance.
func (c *Clock) Tick(d time.Duration, msg tea.Msg) tea.Cmd {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timers = append(c.timers, timer{at: c.now.Add(d), msg: msg})
	return nil
}

// Advance moves the clock by d and returns the messages of the timers that
// went off, in the order they were set.
func (c *Clock) Advance(d time.Duration) []tea.Msg {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	var due []tea.Msg
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.now) {
			kept = append(kept, t)
		} else {
			due = append(due, t.msg)
		}
	}
	c.timers = kept
	return due
}

// Timers is the number of timers not yet gone off.
func (c *Clock) Timers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}
