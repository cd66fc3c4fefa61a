package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// maxUnlockDelay caps the growing wait after wrong passphrases.
const maxUnlockDelay = 60 * time.Second

// unlockDelay is the wait after the n-th wrong passphrase in a row:
// 1 s, 2 s, 4 s, … up to maxUnlockDelay.
func unlockDelay(failures int) time.Duration {
	if failures <= 0 {
		return 0
	}
	if failures > 7 {
		return maxUnlockDelay
	}
	return min(time.Duration(1<<(failures-1))*time.Second, maxUnlockDelay)
}

type (
	unlockResultMsg struct {
		user string
		err  error
	}
	unlockTickMsg struct{}
)

// unlockScreen asks for the user and passphrase.
type unlockScreen struct {
	e          *env
	user, pass textinput.Model
	focus      int // 0 user, 1 passphrase
	afterLock  bool
	busy       bool
	msg        string // plain sentence about the last attempt
	msgIsError bool
}

var _ screen = (*unlockScreen)(nil)

func newUnlock(e *env, user string, afterLock bool) *unlockScreen {
	s := &unlockScreen{e: e, afterLock: afterLock}
	s.user = newInput(e, e.tx.get(tFieldUser), 40)
	s.pass = newInput(e, e.tx.get(tFieldPass), 256)
	s.pass.EchoMode = textinput.EchoPassword
	s.pass.EchoCharacter = '•'
	s.user.SetValue(inert(user))
	// Most laptops have one user: start in the passphrase field.
	s.focus = 1
	s.applyFocus()
	return s
}

// newInput is a one-line text field in the theme with a length cap.
func newInput(e *env, prompt string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = limit
	in.SetWidth(40)
	in.SetStyles(e.th.inputStyles())
	_ = prompt
	return in
}

func (s *unlockScreen) applyFocus() {
	s.user.Blur()
	s.pass.Blur()
	if s.focus == 0 {
		s.user.Focus()
	} else {
		s.pass.Focus()
	}
}

func (s *unlockScreen) title() string { return s.e.tx.get(tUnlockTitle) }
func (s *unlockScreen) typing() bool  { return true }

func (s *unlockScreen) help() []helpItem {
	tx := s.e.tx
	return []helpItem{{"enter", tx.get(tHelpOpen)}, {"tab", tx.get(tHelpNextField)}}
}

func (s *unlockScreen) waitLeft() time.Duration {
	return s.e.unlockWaitUntil.Sub(s.e.now())
}

func (s *unlockScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case unlockResultMsg:
		s.busy = false
		if msg.err == nil {
			s.e.unlockFailures = 0
			s.pass.SetValue("")
			return send(unlockedMsg{user: msg.user})
		}
		s.pass.SetValue("")
		s.msgIsError = true
		s.msg = errorText(s.e.tx, msg.err)
		if errors.Is(msg.err, ErrWrongPassphrase) {
			s.e.unlockFailures++
			s.e.unlockWaitUntil = s.e.now().Add(unlockDelay(s.e.unlockFailures))
			return tea.Tick(time.Second, func(time.Time) tea.Msg { return unlockTickMsg{} })
		}
		return nil
	case unlockTickMsg:
		if s.waitLeft() > 0 {
			return tea.Tick(time.Second, func(time.Time) tea.Msg { return unlockTickMsg{} })
		}
		return nil
	case tea.KeyPressMsg:
		if s.busy {
			return nil
		}
		switch msg.String() {
		case "tab", "down", "shift+tab", "up":
			s.focus = 1 - s.focus
			s.applyFocus()
			return nil
		case "enter":
			if s.focus == 0 {
				s.focus = 1
				s.applyFocus()
				return nil
			}
			return s.submit()
		}
	}
	var cmd tea.Cmd
	if s.focus == 0 {
		s.user, cmd = s.user.Update(msg)
	} else {
		s.pass, cmd = s.pass.Update(msg)
	}
	return cmd
}

func (s *unlockScreen) submit() tea.Cmd {
	tx := s.e.tx
	// An empty name is fine: the vault then opens the slot the passphrase
	// fits (with one user, that user).
	user := strings.TrimSpace(s.user.Value())
	if s.pass.Value() == "" {
		s.msg, s.msgIsError = tx.get(tErrNoPass), true
		return nil
	}
	if s.waitLeft() > 0 {
		return nil // the wait is shown; the attempt is not made
	}
	pass := []byte(s.pass.Value())
	s.pass.SetValue("")
	s.busy = true
	s.msg, s.msgIsError = tx.get(tUnlocking), false
	v := s.e.vault
	return func() tea.Msg {
		err := v.Unlock(user, pass)
		clear(pass)
		if err == nil {
			user = v.User()
		}
		return unlockResultMsg{user: user, err: err}
	}
}

func (s *unlockScreen) view(w, h int) string {
	tx, th := s.e.tx, s.e.th
	var b strings.Builder
	b.WriteString("\n")
	if s.afterLock {
		b.WriteString(wrapIndent(th.Notice, tx.get(tLockedNotice), w-4, "  ") + "\n\n")
	} else {
		b.WriteString(wrapIndent(th.Text, tx.get(tUnlockIntro), w-4, "  ") + "\n\n")
	}
	b.WriteString(fieldLine(th, tx.get(tFieldUser), s.user.View(), s.focus == 0))
	b.WriteString(fieldLine(th, tx.get(tFieldPass), s.pass.View(), s.focus == 1))
	b.WriteString("\n")
	if left := s.waitLeft(); left > 0 && !s.busy {
		if s.msg != "" {
			b.WriteString("  " + th.Error.Render(s.msg) + "\n")
		}
		secs := int((left + time.Second - 1) / time.Second)
		b.WriteString("  " + th.Notice.Render(fmt.Sprintf(tx.get(tWaitSeconds), secs)) + "\n")
	} else if s.msg != "" {
		st := th.Notice
		if s.msgIsError {
			st = th.Error
		}
		b.WriteString("  " + st.Render(s.msg) + "\n")
	}
	return b.String()
}

// fieldLine renders "label  [field]" with a marker on the focused field.
func fieldLine(th *theme, label, field string, focused bool) string {
	mark := "  "
	if focused {
		mark = "> "
	}
	return mark + th.Label.Render(padRight(label, 18)) + " " + field + "\n"
}

func padRight(s string, n int) string {
	if w := len([]rune(s)); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}
