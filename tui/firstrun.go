package tui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// minPassphrase is the shortest passphrase the first-run screen accepts.
const minPassphrase = 12

type firstRunStep int

const (
	stepDetails  firstRunStep = iota // name and passphrase twice
	stepCreating                     // the vault is being made
	stepRecovery                     // the recovery code is shown once
)

type createdMsg struct {
	vault Vault
	code  []byte
	err   error
}

// firstRunScreen creates the vault, the first user and shows the recovery
// code once; the user types it back to show it was written down.
type firstRunScreen struct {
	e      *env
	create CreateFunc
	step   firstRunStep
	fields [3]textinput.Model // name, passphrase, repeat
	focus  int
	msg    string

	vault   Vault
	code    []byte // wiped once confirmed
	confirm textinput.Model
}

func newFirstRun(e *env, create CreateFunc) *firstRunScreen {
	s := &firstRunScreen{e: e, create: create}
	s.fields[0] = newInput(e, "", 40)
	for i := 1; i < 3; i++ {
		s.fields[i] = newInput(e, "", 256)
		s.fields[i].EchoMode = textinput.EchoPassword
		s.fields[i].EchoCharacter = '•'
	}
	s.confirm = newInput(e, "", 128)
	s.confirm.SetWidth(50)
	s.applyFocus()
	return s
}

func (s *firstRunScreen) applyFocus() {
	for i := range s.fields {
		s.fields[i].Blur()
	}
	s.confirm.Blur()
	switch s.step {
	case stepDetails:
		s.fields[s.focus].Focus()
	case stepRecovery:
		s.confirm.Focus()
	}
}

func (s *firstRunScreen) title() string { return s.e.tx.get(tFirstRunTitle) }
func (s *firstRunScreen) typing() bool  { return true }

func (s *firstRunScreen) help() []helpItem {
	tx := s.e.tx
	if s.step == stepRecovery {
		return []helpItem{{"enter", tx.get(tHelpConfirm)}}
	}
	return []helpItem{{"enter", tx.get(tHelpNext)}, {"tab", tx.get(tHelpNextField)}}
}

func (s *firstRunScreen) update(msg tea.Msg) tea.Cmd {
	tx := s.e.tx
	switch msg := msg.(type) {
	case createdMsg:
		if msg.err != nil {
			s.step = stepDetails
			s.msg = errorText(tx, msg.err)
			s.applyFocus()
			return nil
		}
		s.vault, s.code = msg.vault, msg.code
		s.step = stepRecovery
		s.msg = ""
		s.applyFocus()
		return nil
	case tea.KeyPressMsg:
		switch s.step {
		case stepCreating:
			return nil
		case stepDetails:
			switch msg.String() {
			case "tab", "down":
				s.focus = (s.focus + 1) % 3
				s.applyFocus()
				return nil
			case "shift+tab", "up":
				s.focus = (s.focus + 2) % 3
				s.applyFocus()
				return nil
			case "enter":
				if s.focus < 2 {
					s.focus++
					s.applyFocus()
					return nil
				}
				return s.submit()
			}
		case stepRecovery:
			if msg.String() == "enter" {
				if normaliseCode(s.confirm.Value()) != normaliseCode(string(s.code)) {
					s.msg = tx.get(tRecoveryMismatch)
					return nil
				}
				clear(s.code)
				s.code = nil
				s.confirm.SetValue("")
				v := s.vault
				s.vault = nil
				return send(firstRunDone{vault: v})
			}
		}
	}
	var cmd tea.Cmd
	switch s.step {
	case stepDetails:
		s.fields[s.focus], cmd = s.fields[s.focus].Update(msg)
	case stepRecovery:
		s.confirm, cmd = s.confirm.Update(msg)
	}
	return cmd
}

func (s *firstRunScreen) submit() tea.Cmd {
	tx := s.e.tx
	name := strings.TrimSpace(s.fields[0].Value())
	p1, p2 := s.fields[1].Value(), s.fields[2].Value()
	switch {
	case name == "":
		s.msg, s.focus = tx.get(tErrNoUser), 0
	case len([]rune(p1)) < minPassphrase:
		s.msg, s.focus = tx.get(tErrPassShort), 1
	case p1 != p2:
		s.msg, s.focus = tx.get(tErrPassDiffer), 2
		s.fields[2].SetValue("")
	case s.create == nil:
		s.msg = tx.get(tErrGeneric)
	default:
		pass := []byte(p1)
		s.fields[1].SetValue("")
		s.fields[2].SetValue("")
		s.focus = 1
		s.step = stepCreating
		s.msg = ""
		s.applyFocus()
		create := s.create
		return func() tea.Msg {
			v, code, err := create(name, pass)
			clear(pass)
			return createdMsg{vault: v, code: code, err: err}
		}
	}
	s.applyFocus()
	return nil
}

// normaliseCode compares recovery codes without spaces, dashes or case.
func normaliseCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// strength is a rough, honest hint: length counts most.
type strength int

const (
	strengthNone strength = iota
	strengthWeak
	strengthFair
	strengthStrong
)

func passphraseStrength(p string) strength {
	n := len([]rune(p))
	if n == 0 {
		return strengthNone
	}
	classes := 0
	var lower, upper, digit, other, space bool
	for _, r := range p {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsSpace(r):
			space = true
		default:
			other = true
		}
	}
	for _, c := range []bool{lower, upper, digit, other, space} {
		if c {
			classes++
		}
	}
	switch {
	case n < minPassphrase:
		return strengthWeak
	case n >= 20 || (n >= 16 && classes >= 2):
		return strengthStrong
	default:
		return strengthFair
	}
}

func (s *firstRunScreen) view(w, h int) string {
	tx, th := s.e.tx, s.e.th
	var b strings.Builder
	b.WriteString("\n")
	switch s.step {
	case stepDetails, stepCreating:
		b.WriteString("  " + th.Title.Render(tx.get(tFirstRunIntro)) + "\n")
		b.WriteString(wrapIndent(th.Text, tx.get(tFirstRunExplain), w-4, "  ") + "\n\n")
		labels := []string{tx.get(tFieldUser), tx.get(tFieldPass), tx.get(tFieldPassAgain)}
		for i := range s.fields {
			b.WriteString(fieldLine(th, labels[i], s.fields[i].View(), s.step == stepDetails && s.focus == i))
		}
		b.WriteString("\n")
		if st := passphraseStrength(s.fields[1].Value()); st != strengthNone {
			hint := map[strength]textID{strengthWeak: tStrengthWeak, strengthFair: tStrengthFair, strengthStrong: tStrengthStrong}[st]
			b.WriteString("  " + th.Muted.Render(tx.get(hint)) + "\n")
		} else {
			b.WriteString("  " + th.Muted.Render(tx.get(tStrengthTip)) + "\n")
		}
		if s.step == stepCreating {
			b.WriteString("  " + th.Notice.Render(tx.get(tCreating)) + "\n")
		}
	case stepRecovery:
		b.WriteString("  " + th.Title.Render(tx.get(tRecoveryTitle)) + "\n\n")
		b.WriteString(wrapIndent(th.Text, tx.get(tRecoveryExplain), w-4, "  ") + "\n\n")
		b.WriteString("      " + th.Code.Render(inert(string(s.code))) + "\n\n")
		b.WriteString(wrapIndent(th.Text, tx.get(tRecoveryTypeBack), w-4, "  ") + "\n")
		b.WriteString("  > " + s.confirm.View() + "\n")
	}
	if s.msg != "" {
		b.WriteString("\n  " + th.Error.Render(s.msg) + "\n")
	}
	return b.String()
}
