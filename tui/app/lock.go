package app

import (
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/auth"
	"github.com/spreekuur/spreekuur/tui/screens/home"
	"github.com/spreekuur/spreekuur/tui/screens/stats"
)

// Locking (idle time, ctrl+l), unlocking back to where the user was, going
// home and quitting.

func (a *App) canLock() bool {
	if a.isLocked || a.ctx.S == nil || !a.ctx.S.Unlocked() {
		return false
	}
	_, firstRun := a.cur.(*auth.FirstRun)
	return !firstRun
}

func (a *App) checkIdle() tea.Cmd {
	if a.lockAfter < 0 {
		return nil
	}
	if !a.canLock() {
		return a.idleTimer(a.lockAfter)
	}
	idle := a.ctx.Now().Sub(a.lastInput)
	if idle >= a.lockAfter {
		return tea.Batch(a.lock(), a.idleTimer(a.lockAfter))
	}
	return a.idleTimer(a.lockAfter - idle)
}

// clearScrollback erases the terminal's scrollback buffer (ED 3), so nothing
// typed before the lock can be scrolled back to.
const clearScrollback = "\x1b[3J"

// lock wipes the keys, tells the screens to drop what they hold, and shows
// the unlock screen. The screen that was open is kept to return to.
func (a *App) lock() tea.Cmd {
	a.lockedBy = a.ctx.S.User()
	// The screens drop what they hold first, so the collections the vault
	// runs when it wipes its keys find that text already unreachable.
	if l, ok := a.cur.(common.Locker); ok {
		l.Locked()
	}
	if a.home != nil && a.cur != common.Screen(a.home) {
		a.home.Locked()
	}
	a.ctx.S.Lock()
	a.isLocked, a.showHelp, a.resident, a.quitAsk, a.status = true, false, false, "", ""
	a.beforeLock = a.cur
	a.cur = auth.NewUnlock(a.ctx, a.lockedBy, true)
	a.size()
	// The frames drawn before the lock are garbage only once the unlock
	// screen is drawn: collect again a moment later (with GODEBUG=
	// clobberfree=1, freed memory is overwritten). The terminal's input
	// reader still holds the last keys typed, the passphrase among them if
	// little was typed since the unlock: a new reader drops them (and the
	// app collects once it runs).
	return tea.Batch(tea.Sequence(tea.ClearScreen, tea.Raw(clearScrollback), common.ForgetInput()), a.ctx.Tick(afterLockCollect, collectMsg{}))
}

// afterLockCollect is how long after a lock the app collects again.
const afterLockCollect = 300 * time.Millisecond

// collectMsg: collect the garbage the last frames before a lock left.
type collectMsg struct{}

// collect runs the garbage collector and returns freed memory to the system.
func collect() {
	runtime.GC()
	debug.FreeOSMemory()
}

// afterUnlock goes back to where the user was. If someone else unlocked,
// they start on the home screen instead of inside another user's work.
func (a *App) afterUnlock(user string) tea.Cmd {
	wasLocked := a.isLocked
	a.isLocked = false
	prev := a.beforeLock
	a.beforeLock = nil
	if !wasLocked || prev == nil || !strings.EqualFold(user, a.lockedBy) {
		a.home = nil // another user: another list
		return a.goHome()
	}
	a.cur = prev
	a.size()
	var cmds []tea.Cmd
	if l, ok := prev.(common.Locker); ok {
		cmds = append(cmds, l.Unlocked())
	}
	if a.home != nil && prev != common.Screen(a.home) && a.ctx.S.CanReadNotes() {
		cmds = append(cmds, a.home.Unlocked())
	}
	return tea.Batch(cmds...)
}

func (a *App) goHome() tea.Cmd {
	a.resident, a.showHelp = false, false
	if a.ctx.S != nil && !a.ctx.S.CanReadNotes() {
		// A coordinator has no notes key: their home is the dashboard.
		return a.show(stats.New(a.ctx))
	}
	if a.home == nil {
		a.home = home.New(a.ctx)
		return a.show(a.home)
	}
	a.cur = a.home
	a.size()
	a.status = ""
	return a.home.Reload()
}

// quit asks first when the screen holds something not in the vault.
func (a *App) quit() tea.Cmd {
	if u, ok := a.cur.(common.Unsaved); ok && !a.isLocked {
		if what := u.Unsaved(); what != "" {
			a.quitAsk = what
			return nil
		}
	}
	return a.quitNow()
}

func (a *App) quitNow() tea.Cmd {
	if ab, ok := a.cur.(interface{ Abandon() }); ok {
		ab.Abandon()
	}
	a.stopWatching()
	if a.ctx.S != nil {
		a.ctx.S.Lock()
	}
	return clearAndQuit()
}

// clearAndQuit clears the screen and the scrollback, then quits.
func clearAndQuit() tea.Cmd {
	return tea.Sequence(tea.ClearScreen, tea.Raw(clearScrollback), tea.Quit)
}
