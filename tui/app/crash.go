package app

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// A panic never reaches Bubble Tea's handler, which would print what a
// resident said.

// watchCrash waits until the app stops; after a crash it asks Update to quit.
func (a *App) watchCrash() tea.Msg {
	<-a.stop
	return crashMsg{}
}

func (a *App) stopWatching() { a.stopOnce.Do(func() { close(a.stop) }) }

// crashMsg: the app crashed in View; Update quits.
type crashMsg struct{}

// cmdPanicMsg: a command (a background load) panicked; guard caught it.
type cmdPanicMsg struct{}

// Crashed reports whether the app stopped because of a panic it caught.
// The caller then says so in one plain sentence and exits with an error.
func (a *App) Crashed() bool { return a.crashed }

// crash handles a panic caught in Update, View or a command. Bubble Tea's
// own handler would print the panic value and the stack trace (which can
// hold what a resident said) to stderr, and with TEA_DEBUG to a plaintext
// log file, so the app never lets a panic reach it: the keys are wiped,
// the screens are dropped and the program quits. What was typed is already
// in the vault (every change is saved at once).
func (a *App) crash() tea.Cmd {
	a.crashed = true
	a.stopWatching()
	a.isLocked, a.showHelp, a.resident = true, false, false
	a.cur, a.home, a.beforeLock = crashedScreen{}, nil, nil
	if a.ctx.S != nil {
		func() {
			defer func() { _ = recover() }() // a panicking Lock must not escape either
			a.ctx.S.Lock()
		}()
	}
	return clearAndQuit()
}

// guard wraps a command so that a panic inside it becomes a cmdPanicMsg
// instead of reaching Bubble Tea's panic handler.
func guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = cmdPanicMsg{}
			}
		}()
		msg = cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, len(b))
			for i, c := range b {
				out[i] = guard(c)
			}
			return out
		}
		return msg
	}
}

// crashedScreen is what is left after a crash: nothing.
type crashedScreen struct{}

func (crashedScreen) Update(tea.Msg) tea.Cmd { return nil }
func (crashedScreen) View() string           { return "" }
func (crashedScreen) Title() string          { return "" }
func (crashedScreen) Keys() []key.Binding    { return nil }
func (crashedScreen) Typing() bool           { return false }
