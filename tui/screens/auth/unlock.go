// Package auth holds the screens before the vault is open: the first run
// (a new vault, its recovery code typed back) and unlocking. Both are huh
// forms.
package auth

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

// maxPassphrase is the longest passphrase the fields take, in characters.
const maxPassphrase = 256

// MaxUnlockDelay caps the wait after wrong passphrases.
const MaxUnlockDelay = 60 * time.Second

// UnlockDelay is the wait after n wrong passphrases in a row: none after
// the first, then 1, 2, 4 … seconds, at most a minute. The KDF already
// makes each try slow; the wait makes guessing at the table slower still.
func UnlockDelay(failures int) time.Duration {
	if failures <= 0 {
		return 0
	}
	if failures > 7 {
		return MaxUnlockDelay
	}
	return min(time.Duration(1<<(failures-1))*time.Second, MaxUnlockDelay)
}

type (
	unlockResultMsg struct {
		user string
		err  error
	}
	unlockTickMsg struct{}
)

// Unlock asks for the name and the passphrase.
type Unlock struct {
	ctx       *common.Context
	user      string // suggested
	afterLock bool
	form      *huh.Form
	userVal   string
	pass      *components.Secret
	busy      bool
	msg       string
	msgErr    bool
	w, h      int
}

var _ common.Screen = (*Unlock)(nil)

// NewUnlock makes the unlock screen; afterLock says the app locked itself.
func NewUnlock(ctx *common.Context, user string, afterLock bool) *Unlock {
	s := &Unlock{ctx: ctx, user: common.Inert(user), afterLock: afterLock, w: 80, h: 22}
	s.newForm()
	return s
}

func (s *Unlock) newForm() {
	t := func(id textID) string { return texts.Get(s.ctx.Lang, id) }
	s.userVal = s.user
	if s.pass != nil {
		s.pass.Clear()
	}
	s.pass = components.NewSecret(t(tPass), maxPassphrase)
	user := huh.NewInput().Title(t(tUser)).Inline(true).Prompt(": ").CharLimit(64).Value(&s.userVal)
	s.form = huh.NewForm(huh.NewGroup(user, s.pass.Input)).
		WithTheme(s.ctx.Theme.Huh()).WithKeyMap(common.HuhKeys()).WithShowHelp(false).WithShowErrors(true).WithWidth(min(70, s.w-4))
	s.form.Init()
	s.form.NextField() // start on the passphrase: the name may stay empty with one user
}

// Title is the screen's name.
func (s *Unlock) Title() string { return texts.Get(s.ctx.Lang, tUnlockTitle) }

// Typing: both fields take text.
func (s *Unlock) Typing() bool { return true }

// Keys are the unlock keys.
func (s *Unlock) Keys() []key.Binding {
	t := func(id textID) string { return texts.Get(s.ctx.Lang, id) }
	return []key.Binding{common.Binding([]string{"enter"}, "enter", t(tOpenKey)), common.Binding([]string{"tab"}, "tab", t(tNextKey))}
}

func (s *Unlock) waitLeft() time.Duration { return s.ctx.UnlockWaitUntil.Sub(s.ctx.Now()) }

// Update runs the form; when it is filled in, unlocks in the background.
func (s *Unlock) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.form.WithWidth(min(70, s.w-4))
		return nil
	case unlockResultMsg:
		s.busy = false
		if msg.err == nil {
			s.ctx.UnlockFailures = 0
			return common.Send(common.UnlockedMsg{User: msg.user})
		}
		s.msgErr = true
		s.msg = s.ctx.ErrorText(msg.err)
		s.user = s.userVal
		s.newForm()
		if errors.Is(msg.err, session.ErrWrongPassphrase) {
			s.ctx.UnlockFailures++
			s.ctx.UnlockWaitUntil = s.ctx.Now().Add(UnlockDelay(s.ctx.UnlockFailures))
			return s.ctx.Tick(time.Second, unlockTickMsg{})
		}
		return nil
	case unlockTickMsg:
		if s.waitLeft() > 0 {
			return s.ctx.Tick(time.Second, unlockTickMsg{})
		}
		return nil
	case tea.KeyPressMsg:
		if msg.String() == "enter" && s.waitLeft() > 0 && !s.pass.Empty() {
			return nil // the wait is shown; the attempt is not made
		}
	}
	if s.busy {
		// The form stays completed while the vault opens: nothing may
		// reach it and submit again (a resize, or the terminal's answers
		// after the input reader is replaced, would: "Typ uw wachtwoordzin").
		return nil
	}
	cmd, ok := common.FormKey(s.form, msg)
	if !ok && s.pass.In(s.form) {
		if msg = s.pass.Edit(msg); msg == nil {
			return nil
		}
	}
	if !ok {
		var m huh.Model
		m, cmd = s.form.Update(msg)
		s.form = m.(*huh.Form)
	}
	if s.form.State == huh.StateCompleted {
		return s.submit()
	}
	return cmd
}

func (s *Unlock) submit() tea.Cmd {
	user := strings.TrimSpace(s.userVal)
	if s.pass.Empty() {
		s.msg, s.msgErr = s.ctx.ErrorText(session.ErrNoPassphrase), true
		s.user = s.userVal
		s.newForm()
		return nil
	}
	pass := s.pass.Take()
	s.busy = true
	s.msg, s.msgErr = texts.Get(s.ctx.Lang, tUnlocking), false
	sess := s.ctx.S
	unlock := func() tea.Msg {
		err := sess.Unlock(user, pass)
		clear(pass)
		if err == nil {
			user = sess.User()
		}
		return unlockResultMsg{user: user, err: err}
	}
	// The terminal's input reader still holds the bytes of the passphrase
	// as they were typed: a new reader drops them.
	return tea.Batch(unlock, common.ForgetInput())
}

// View draws the intro, the form and the last message.
func (s *Unlock) View() string {
	th := s.ctx.Theme
	t := func(id textID) string { return texts.Get(s.ctx.Lang, id) }
	var b strings.Builder
	b.WriteString("\n")
	if s.afterLock {
		b.WriteString(common.Wrap(th.Notice, t(tLockedNotice), s.w-4, "  ") + "\n\n")
	} else {
		b.WriteString(common.Wrap(th.Text, t(tUnlockIntro), s.w-4, "  ") + "\n\n")
	}
	for _, l := range strings.Split(s.form.View(), "\n") {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("\n")
	if left := s.waitLeft(); left > 0 && !s.busy {
		if s.msg != "" {
			b.WriteString(common.Wrap(th.Error, s.msg, s.w-4, "  ") + "\n")
		}
		secs := int((left + time.Second - 1) / time.Second)
		b.WriteString("  " + th.Notice.Render(fmt.Sprintf(t(tWaitSeconds), secs)) + "\n")
	} else if s.msg != "" {
		st := th.Notice
		if s.msgErr {
			st = th.Error
		}
		b.WriteString(common.Wrap(st, s.msg, s.w-4, "  ") + "\n")
	}
	b.WriteString("\n" + common.Wrap(th.Muted, t(tForgotten), s.w-4, "  ") + "\n")
	return b.String()
}
