package auth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

// MinPassphrase is the shortest passphrase the first run accepts.
const MinPassphrase = 12

type firstRunStep int

const (
	stepDetails  firstRunStep = iota // name and passphrase twice
	stepCreating                     // the vault is being made
	stepRecovery                     // the recovery code is shown once and typed back
)

type createdMsg struct {
	p   *session.Pending
	err error
}

// FirstRun makes the vault: a name, a passphrase twice, then the recovery
// code, which must be typed back before the vault exists (session.Pending).
type FirstRun struct {
	ctx  *common.Context
	step firstRunStep
	form *huh.Form
	msg  string

	name        string
	pass, again *components.Secret
	pending     *session.Pending
	typed       string
	w, h        int
}

var _ common.Screen = (*FirstRun)(nil)

// NewFirstRun makes the first-run screen.
func NewFirstRun(ctx *common.Context) *FirstRun {
	s := &FirstRun{ctx: ctx, w: 80, h: 22}
	s.detailsForm()
	return s
}

func (s *FirstRun) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

func (s *FirstRun) detailsForm() {
	name := huh.NewInput().Title(s.t(tUser)).Inline(true).Prompt(": ").CharLimit(60).Value(&s.name).
		Validate(func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errText(s.t(tNoName))
			}
			return nil
		})
	s.clearPassphrases()
	s.pass, s.again = components.NewSecret(s.t(tPass), maxPassphrase), components.NewSecret(s.t(tPassAgain), maxPassphrase)
	// The validators look at the fields' text; the huh Inputs hold masks.
	s.pass.Input.Validate(func(string) error {
		if s.pass.Len() < MinPassphrase {
			return errText(s.ctx.ErrorText(session.ErrPassphraseShort))
		}
		return nil
	})
	s.again.Input.Validate(func(string) error {
		if !s.again.Equal(s.pass) {
			return errText(s.ctx.ErrorText(session.ErrPassphraseMismatch))
		}
		return nil
	})
	s.form = huh.NewForm(huh.NewGroup(name, s.pass.Input, s.again.Input)).
		WithTheme(s.ctx.Theme.Huh()).WithKeyMap(common.HuhKeys()).WithShowHelp(false).WithShowErrors(true).WithWidth(min(70, s.w-4))
	s.form.Init()
}

func (s *FirstRun) recoveryForm() {
	s.typed = ""
	code := huh.NewInput().Title(s.t(tRecoveryCode)).Inline(true).Prompt(": ").CharLimit(128).Value(&s.typed)
	s.form = huh.NewForm(huh.NewGroup(code)).
		WithTheme(s.ctx.Theme.Huh()).WithKeyMap(common.HuhKeys()).WithShowHelp(false).WithWidth(min(70, s.w-4))
	s.form.Init()
}

// clearPassphrases overwrites both passphrase fields.
func (s *FirstRun) clearPassphrases() {
	for _, f := range []*components.Secret{s.pass, s.again} {
		if f != nil {
			f.Clear()
		}
	}
}

type errText string

func (e errText) Error() string { return string(e) }

// Title is the screen's name.
func (s *FirstRun) Title() string { return s.t(tFirstRunTitle) }

// Typing: every field takes text.
func (s *FirstRun) Typing() bool { return s.step != stepCreating }

// Keys are the first-run keys.
func (s *FirstRun) Keys() []key.Binding {
	if s.step == stepRecovery {
		return []key.Binding{common.Binding([]string{"enter"}, "enter", s.t(tConfirmKey))}
	}
	return []key.Binding{common.Binding([]string{"enter"}, "enter", s.t(tNextKey)), common.Binding([]string{"tab"}, "tab", s.t(tNextKey))}
}

// Update runs the forms and makes the vault.
func (s *FirstRun) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.form.WithWidth(min(70, s.w-4))
		return nil
	case createdMsg:
		if msg.err != nil {
			s.step = stepDetails
			s.msg = s.ctx.ErrorText(msg.err)
			s.detailsForm()
			return nil
		}
		s.pending, s.step, s.msg = msg.p, stepRecovery, ""
		s.recoveryForm()
		return nil
	}
	if s.step == stepCreating {
		return nil
	}
	cmd, ok := common.FormKey(s.form, msg)
	if !ok && s.step == stepDetails {
		for _, f := range []*components.Secret{s.pass, s.again} {
			if f.In(s.form) {
				if msg = f.Edit(msg); msg == nil {
					return nil
				}
			}
		}
	}
	if !ok {
		var m huh.Model
		m, cmd = s.form.Update(msg)
		s.form = m.(*huh.Form)
	}
	if s.form.State != huh.StateCompleted {
		return cmd
	}
	if s.step == stepDetails {
		return s.create()
	}
	return s.confirm()
}

func (s *FirstRun) create() tea.Cmd {
	name := strings.TrimSpace(s.name)
	pass := s.pass.Take()
	s.again.Clear()
	s.step, s.msg = stepCreating, ""
	create := s.ctx.Create
	run := func() tea.Msg {
		p, err := create(name, pass)
		clear(pass)
		return createdMsg{p: p, err: err}
	}
	// As on the unlock screen: the input reader drops the typed bytes.
	return tea.Batch(run, common.ForgetInput())
}

func (s *FirstRun) confirm() tea.Cmd {
	sess, err := s.ctx.Open(s.pending, s.typed)
	if err != nil {
		s.msg = s.ctx.ErrorText(err)
		s.recoveryForm()
		return nil
	}
	s.pending, s.typed = nil, ""
	return common.Send(common.FirstRunDone{S: sess})
}

// Unsaved: on the code screen the vault is not kept yet.
func (s *FirstRun) Unsaved() string {
	if s.pending != nil {
		return s.t(tRecoveryQuit)
	}
	return ""
}

// Abandon removes the unfinished vault (the app stops before the code
// was typed back).
func (s *FirstRun) Abandon() {
	if s.pending != nil {
		s.pending.Abandon()
		s.pending = nil
	}
}

type strength int

const (
	strengthNone strength = iota
	strengthWeak
	strengthFair
	strengthStrong
)

// passphraseStrength is a rough, plain hint while typing: length counts
// most, a mix of kinds of characters a little. It reads p where it is
// (no string of it is made).
func passphraseStrength(p []byte) strength {
	n := utf8.RuneCount(p)
	if n == 0 {
		return strengthNone
	}
	kinds := map[int]bool{}
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		i += size
		switch {
		case unicode.IsLower(r):
			kinds[0] = true
		case unicode.IsUpper(r):
			kinds[1] = true
		case unicode.IsDigit(r):
			kinds[2] = true
		case unicode.IsSpace(r):
			kinds[3] = true
		default:
			kinds[4] = true
		}
	}
	switch {
	case n < MinPassphrase:
		return strengthWeak
	case n >= 20 || (n >= 16 && len(kinds) >= 2):
		return strengthStrong
	}
	return strengthFair
}

// View draws the step.
func (s *FirstRun) View() string {
	th := s.ctx.Theme
	var b strings.Builder
	b.WriteString("\n")
	switch s.step {
	case stepDetails, stepCreating:
		b.WriteString("  " + th.Title.Render(s.t(tFirstRunIntro)) + "\n")
		b.WriteString(common.Wrap(th.Text, s.t(tFirstRunExplain), s.w-4, "  ") + "\n\n")
		if s.step == stepDetails {
			for _, l := range strings.Split(s.form.View(), "\n") {
				b.WriteString("  " + l + "\n")
			}
		}
		b.WriteString("\n")
		hint := map[strength]textID{strengthNone: tStrengthTip, strengthWeak: tStrengthWeak, strengthFair: tStrengthFair, strengthStrong: tStrengthStrong}[passphraseStrength(s.pass.Bytes())]
		b.WriteString(common.Wrap(th.Muted, s.t(hint), s.w-4, "  ") + "\n")
		if s.step == stepCreating {
			b.WriteString("  " + th.Notice.Render(s.t(tCreating)) + "\n")
		}
	case stepRecovery:
		b.WriteString("  " + th.Title.Render(s.t(tRecoveryTitle)) + "\n\n")
		b.WriteString(common.Wrap(th.Text, s.t(tRecoveryExplain), s.w-4, "  ") + "\n\n")
		if s.pending != nil {
			b.WriteString("      " + th.Code.Render(common.Inert(string(s.pending.Code()))) + "\n\n")
		}
		b.WriteString(common.Wrap(th.Text, s.t(tRecoveryTypeBack), s.w-4, "  ") + "\n\n")
		for _, l := range strings.Split(s.form.View(), "\n") {
			b.WriteString("  " + l + "\n")
		}
	}
	if s.msg != "" {
		b.WriteString("\n" + common.Wrap(th.Error, s.msg, s.w-4, "  ") + "\n")
	}
	return b.String()
}
