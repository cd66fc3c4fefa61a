// Package settings is what a supporter sets up once (issue 16): the
// office's key (typed, pasted or read from a file, shown with a
// fingerprint to compare by phone), the handover folder, the
// organisation's name and phone number (on the papers), this laptop's
// name and its keys (the signing key to register at the office, the
// receiving key for bundles meant for this vault), the statistics'
// smallest count, and the list of laptops whose bundles are accepted.
package settings

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
)

// row is one setting on the list.
type row int

const (
	rOffice row = iota
	rFolder
	rOrgName
	rOrgPhone
	rLaptopName
	rThreshold
	rLaptops
	rows
)

type (
	loadedMsg struct {
		gen     int
		set     session.Settings
		laptops int
		err     error
	}
	savedMsg struct {
		gen    int
		row    row
		office string // the office's fingerprint, when it was set
		err    error
	}
)

// Screen is the settings list: ↑↓ choose, enter changes the chosen one
// (an input below the list), esc goes home.
type Screen struct {
	ctx     *common.Context
	gen     int
	set     session.Settings
	laptops int
	loaded  bool
	refusal string

	sel     row
	editing bool
	saving  bool
	form    *huh.Form
	input   *huh.Input
	value   string

	errMsg, notice string
	w, h           int
}

var (
	_ common.Screen = (*Screen)(nil)
	_ common.Locker = (*Screen)(nil)
)

// New opens the settings; Init reads them.
func New(ctx *common.Context) *Screen { return &Screen{ctx: ctx, w: 80, h: 22} }

func (s *Screen) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

// SelectLaptops chooses the laptops row (coming back from that list).
func (s *Screen) SelectLaptops() { s.sel = rLaptops }

// Init reads the settings (this laptop's keys are made the first time).
func (s *Screen) Init() tea.Cmd { return s.load() }

func (s *Screen) load() tea.Cmd {
	s.gen++
	gen, sess := s.gen, s.ctx.S
	return func() tea.Msg {
		set, err := sess.Settings()
		if err != nil {
			return loadedMsg{gen: gen, err: err}
		}
		list, err := sess.Laptops()
		n := 0
		for _, l := range list {
			if !l.Removed() {
				n++
			}
		}
		return loadedMsg{gen: gen, set: set, laptops: n, err: err}
	}
}

// Title is the screen's name.
func (s *Screen) Title() string { return s.t(tTitle) }

// Typing: the input has the keyboard while a value is changed.
func (s *Screen) Typing() bool { return s.editing && !s.saving }

// Keys are the screen's keys.
func (s *Screen) Keys() []key.Binding {
	back := common.Binding([]string{"esc"}, "esc", s.ctx.Text(common.TBack))
	switch {
	case s.refusal != "" || !s.loaded:
		return []key.Binding{back}
	case s.saving:
		return nil
	case s.editing:
		return []key.Binding{common.Binding([]string{"enter"}, "enter", s.t(tSave)), common.Binding([]string{"esc"}, "esc", s.t(tCancel))}
	}
	enter := s.t(tChange)
	if s.sel == rLaptops {
		enter = s.t(tOpenList)
	}
	return []key.Binding{
		common.Binding([]string{"enter"}, "enter", enter),
		common.Binding([]string{"up", "down"}, "↑↓", s.t(tMove)),
		back,
	}
}

// Locked drops what is being typed; Unlocked reads the settings again.
func (s *Screen) Locked() {
	s.gen++
	s.stopEditing()
	s.saving = false
	s.set = session.Settings{}
	s.loaded = false
}

// Unlocked reads the settings again.
func (s *Screen) Unlocked() tea.Cmd { return s.load() }

// Update handles the load, the keys and the save.
func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		if s.form != nil {
			s.form.WithWidth(s.fieldW())
		}
		return nil
	case loadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		if msg.err != nil {
			s.refusal = s.ctx.ErrorText(msg.err)
			return nil
		}
		s.set, s.laptops, s.loaded, s.refusal = msg.set, msg.laptops, true, ""
		return nil
	case savedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.saving = false
		if msg.err != nil {
			s.errMsg = s.ctx.ErrorText(msg.err)
			return nil
		}
		s.stopEditing()
		s.notice = s.t(tSaved)
		if msg.row == rOffice {
			s.notice = fmt.Sprintf(s.t(tOfficeSaved), msg.office)
		}
		notice := s.notice
		cmd := s.load()
		s.notice = notice
		return cmd
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		if s.Typing() {
			return s.updateForm(msg)
		}
		return nil
	}
	if s.editing && !s.saving {
		return s.updateForm(msg)
	}
	return nil
}

func (s *Screen) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case s.saving:
		return nil
	case s.editing && k.String() == "esc":
		s.stopEditing()
		return nil
	case s.editing && k.String() == "enter":
		return s.save()
	case s.editing:
		s.errMsg = ""
		return s.updateForm(k)
	case k.String() == "esc":
		s.gen++
		return common.Send(common.GoHomeMsg{})
	case s.refusal != "" || !s.loaded:
		return nil
	}
	s.notice, s.errMsg = "", ""
	switch k.String() {
	case "up":
		s.sel = (s.sel + rows - 1) % rows
	case "down", "tab":
		s.sel = (s.sel + 1) % rows
	case "shift+tab":
		s.sel = (s.sel + rows - 1) % rows
	case "enter":
		if s.sel == rLaptops {
			return common.Send(common.LaptopsMsg{})
		}
		return s.startEditing()
	}
	return nil
}

const labelW = 20

func (s *Screen) fieldW() int { return max(10, s.w-labelW-6) }

// startEditing puts an input under the list, with the current value
// (the office's key starts empty: a new one is pasted).
func (s *Screen) startEditing() tea.Cmd {
	s.editing, s.errMsg, s.notice = true, "", ""
	switch s.sel {
	case rFolder:
		s.value = s.set.Folder
	case rOrgName:
		s.value = s.set.Organisation.Name
	case rOrgPhone:
		s.value = s.set.Organisation.Phone
	case rLaptopName:
		s.value = s.set.Laptop
	case rThreshold:
		s.value = strconv.Itoa(s.set.StatThreshold)
	default:
		s.value = ""
	}
	s.input = huh.NewInput().Prompt("").Inline(true).CharLimit(1024).Value(&s.value)
	if s.sel == rOffice {
		s.input.Placeholder(s.t(tOfficePlaceholder))
	}
	s.form = huh.NewForm(huh.NewGroup(s.input)).WithTheme(s.ctx.Theme.Huh()).WithKeyMap(common.FieldKeys()).WithShowHelp(false)
	cmd := s.form.Init()
	s.form.WithWidth(s.fieldW())
	return cmd
}

func (s *Screen) stopEditing() {
	s.editing, s.form, s.input = false, nil, nil
	s.value = ""
}

func (s *Screen) updateForm(msg tea.Msg) tea.Cmd {
	if s.form == nil || s.form.State != huh.StateNormal {
		return nil
	}
	m, cmd := s.form.Update(msg)
	s.form = m.(*huh.Form)
	if clean := common.Inert(s.value); clean != s.value {
		s.value = clean
	}
	return cmd
}

// save stores the typed value, in the background.
func (s *Screen) save() tea.Cmd {
	value := strings.TrimSpace(s.value)
	n := 0
	if s.sel == rThreshold {
		var err error
		if n, err = strconv.Atoi(value); err != nil {
			s.errMsg = s.t(tNotANumber)
			return nil
		}
	}
	s.gen++
	s.saving, s.errMsg = true, ""
	gen, sess, r, org := s.gen, s.ctx.S, s.sel, s.set.Organisation
	return func() tea.Msg {
		var err error
		office := ""
		switch r {
		case rOffice:
			var rcpt string
			if rcpt, err = sess.SetOffice(value); err == nil {
				office = session.Fingerprint(rcpt)
			}
		case rFolder:
			_, err = sess.SetFolder(value)
		case rOrgName:
			err = sess.SetOrganisation(value, org.Phone)
		case rOrgPhone:
			err = sess.SetOrganisation(org.Name, value)
		case rLaptopName:
			err = sess.SetLaptopName(value)
		case rThreshold:
			err = sess.SetStatThreshold(n)
		}
		return savedMsg{gen: gen, row: r, office: office, err: err}
	}
}

// value is what a row shows.
func (s *Screen) shown(r row) string {
	notSet := func(v string) string {
		if v == "" {
			return s.t(tNotSet)
		}
		return common.Inert(v)
	}
	set := s.set
	switch r {
	case rOffice:
		if set.Office == "" {
			return s.t(tNotSet)
		}
		return shortKey(set.Office) + "  (" + set.OfficePrint + ")"
	case rFolder:
		return notSet(set.Folder)
	case rOrgName:
		return notSet(set.Organisation.Name)
	case rOrgPhone:
		return notSet(set.Organisation.Phone)
	case rLaptopName:
		return notSet(set.Laptop)
	case rThreshold:
		return strconv.Itoa(set.StatThreshold)
	case rLaptops:
		return fmt.Sprintf(s.t(tRegistered), s.laptops)
	}
	return ""
}

// shortKey shows an age recipient's start and end: the fingerprint after
// it is what is compared.
func shortKey(k string) string {
	if len(k) <= 30 {
		return k
	}
	return k[:14] + "…" + k[len(k)-8:]
}

func (s *Screen) help(r row) string {
	switch r {
	case rOffice:
		return s.t(tHelpOffice)
	case rFolder:
		return s.t(tHelpFolder)
	case rOrgName:
		return s.t(tHelpOrgName)
	case rOrgPhone:
		return s.t(tHelpOrgPhone)
	case rLaptopName:
		return s.t(tHelpLaptopName)
	case rThreshold:
		return fmt.Sprintf(s.t(tHelpThreshold), s.set.StatThreshold)
	case rLaptops:
		return s.t(tHelpLaptops)
	}
	return ""
}

var labels = [rows]textID{tOffice, tFolder, tOrgName, tOrgPhone, tLaptopName, tThreshold, tLaptops}

// View draws the list, this laptop's keys and the input or the help of
// the chosen setting.
func (s *Screen) View() string {
	th, w := s.ctx.Theme, s.w
	var b strings.Builder
	b.WriteString("\n" + common.Wrap(th.Text, s.t(tIntro), w-4, "  ") + "\n\n")
	switch {
	case s.refusal != "":
		b.WriteString(common.Wrap(th.Error, s.refusal, w-4, "  ") + "\n")
		return common.Fit(b.String(), w, s.h)
	case !s.loaded:
		b.WriteString("  " + th.Notice.Render(s.ctx.Text(common.TLoading)) + "\n")
		return common.Fit(b.String(), w, s.h)
	}
	valueW := max(10, w-labelW-5)
	for r := range rows {
		label := common.PadRight(s.t(labels[r]), labelW)
		var cell strings.Builder
		common.Cell(&cell, s.shown(r), valueW)
		line := "  " + label + " " + cell.String()
		if r == s.sel {
			b.WriteString(th.Selected.Render(">"+line[1:]) + "\n")
		} else {
			b.WriteString(th.Label.Render("  "+label) + " " + th.Text.Render(cell.String()) + "\n")
		}
	}
	b.WriteString("\n  " + th.Label.Render(s.t(tThisLaptop)) + "\n")
	keyLine := func(label, value, note string) {
		lead := "  " + th.Text.Render(common.PadRight(label, labelW)) + " "
		if 3+labelW+len(value) > w { // a key is never cut: it goes on a line of its own
			b.WriteString(lead + "\n")
			lead = "    "
		}
		b.WriteString(lead + th.Text.Render(value) + "\n")
		b.WriteString("  " + strings.Repeat(" ", labelW+1) + th.Muted.Render(note) + "\n")
	}
	keyLine(s.t(tSigningKey), s.set.PublicKey, fmt.Sprintf(s.t(tKeyNumber), session.GroupKeyID(s.set.KeyID)))
	keyLine(s.t(tReceiving), s.set.Recipient, fmt.Sprintf(s.t(tFingerprint), s.set.RecipientPrint))
	b.WriteString("\n")
	switch {
	case s.editing:
		b.WriteString(th.Label.Render("  "+common.PadRight(s.t(tNewValue), labelW)) + " " + s.form.View() + "\n")
		if s.saving {
			b.WriteString("  " + th.Notice.Render(s.t(tSaving)) + "\n")
		}
	case s.notice == "" && s.errMsg == "":
		b.WriteString(common.Wrap(th.Muted, s.help(s.sel), w-4, "  ") + "\n")
	}
	if s.errMsg != "" {
		b.WriteString(common.Wrap(th.Error, s.errMsg, w-4, "  ") + "\n")
	}
	if s.notice != "" {
		b.WriteString(common.Wrap(th.Notice, s.notice, w-4, "  ") + "\n")
	}
	return common.Fit(b.String(), w, s.h)
}
