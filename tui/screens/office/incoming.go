package office

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

type istate int

const (
	iIdle      istate = iota // typing the file's name
	iChecking                // checking the signature, decrypting, counting
	iChecked                 // who sent it and what it holds: enter imports
	iImporting               // importing
	iDone                    // imported
)

type (
	checkedMsg struct {
		gen int
		in  *session.Incoming
		err error
	}
	importedMsg struct {
		gen int
		res session.ImportCounts
		err error
	}
)

// Import is the office's side: type the file's name (and, if the office
// keeps its age key in a file, that file); the screen checks the
// signature against the registered laptops, decrypts and counts, and
// shows who sent it (the laptop as registered, the name it gives itself,
// the user, the date) and what it holds (new, updated, skipped) before
// anything is written. Enter then imports, in batches (session.Import:
// the file is read again), with a progress bar.
type Import struct {
	ctx *common.Context

	form          *huh.Form
	fileIn, keyIn *huh.Input
	file, keyFile string

	state       istate
	gen         int
	in          *session.Incoming
	res         session.ImportCounts
	done, total int
	errMsg      string
	notice      string
	refusal     string
	w, h        int
}

var (
	_ common.Screen = (*Import)(nil)
	_ common.Locker = (*Import)(nil)
)

// NewImport opens the import screen. Only a supporter may import: a
// kompaan or a coordinator sees why not.
func NewImport(ctx *common.Context) *Import {
	s := &Import{ctx: ctx, w: 80, h: 22}
	if ctx.S != nil && !ctx.S.IsSupporter() {
		s.refusal = ctx.ErrorText(session.ErrNotPermitted)
	}
	s.fileIn = huh.NewInput().Prompt("").Inline(true).CharLimit(1024).Value(&s.file)
	s.keyIn = huh.NewInput().Prompt("").Inline(true).CharLimit(1024).Value(&s.keyFile)
	s.form = huh.NewForm(huh.NewGroup(s.fileIn, s.keyIn)).
		WithTheme(ctx.Theme.Huh()).WithKeyMap(common.HuhKeys()).WithShowHelp(false)
	s.form.Init()
	s.form.WithWidth(s.fieldW())
	return s
}

func (s *Import) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

func (s *Import) fieldW() int { return max(10, s.w-labelW-6) }

// Title is the screen's name.
func (s *Import) Title() string { return s.t(tImportTitle) }

// Typing: the fields have the keyboard while a name is typed.
func (s *Import) Typing() bool {
	return s.refusal == "" && (s.state == iIdle || s.state == iChecked || s.state == iDone)
}

// Keys are the screen's keys.
func (s *Import) Keys() []key.Binding {
	back := common.Binding([]string{"esc"}, "esc", s.ctx.Text(common.TBack))
	switch {
	case s.refusal != "":
		return []key.Binding{back}
	case s.state == iChecking || s.state == iImporting:
		return nil
	case s.state == iChecked:
		return []key.Binding{common.Binding([]string{"enter"}, "enter", s.t(tImportKey)), back}
	}
	return []key.Binding{
		common.Binding([]string{"enter"}, "enter", s.t(tCheck)),
		common.Binding([]string{"tab", "shift+tab"}, "tab", s.t(tNextField)),
		back,
	}
}

// Locked drops the checked bundle (its IDs, and the identity it was opened with); after
// unlocking it is checked again from the file.
func (s *Import) Locked() {
	s.gen++
	s.drop()
	switch s.state {
	case iImporting:
		s.notice = s.t(tLockedWhileImporting)
	case iChecked, iChecking:
		s.notice = ""
	}
	s.state = iIdle
}

// Unlocked changes nothing: the file is checked again on enter.
func (s *Import) Unlocked() tea.Cmd { return nil }

func (s *Import) drop() {
	s.in.Close()
	s.in = nil
}

// Update handles the form, the check and the import.
func (s *Import) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.form.WithWidth(s.fieldW())
		return nil
	case progressMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.done, s.total = msg.done, msg.total
		return msg.next
	case checkedMsg:
		if msg.gen != s.gen {
			msg.in.Close()
			return nil
		}
		if msg.err != nil {
			s.state, s.errMsg = iIdle, s.ctx.ErrorText(msg.err)
			return nil
		}
		s.state, s.in = iChecked, msg.in
		return nil
	case importedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.drop()
		if msg.err != nil {
			s.state, s.errMsg = iIdle, s.ctx.ErrorText(msg.err)
			return nil
		}
		s.state, s.res = iDone, msg.res
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		if s.Typing() {
			return s.updateForm(msg)
		}
		return nil
	}
	if s.state == iIdle {
		return s.updateForm(msg)
	}
	return nil
}

func (s *Import) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case s.state == iChecking || s.state == iImporting:
		return nil
	case k.String() == "esc":
		s.gen++
		s.drop()
		return common.Send(common.GoHomeMsg{})
	case s.refusal != "":
		return nil
	case k.String() == "enter" && s.state == iChecked:
		return s.importNow()
	case k.String() == "enter":
		return s.check()
	case k.String() == "tab" || k.String() == "down":
		return common.FocusField(s.form, s.fields(), s.other())
	case k.String() == "shift+tab" || k.String() == "up":
		return common.FocusField(s.form, s.fields(), s.other())
	}
	return s.updateForm(k)
}

func (s *Import) fields() []huh.Field { return []huh.Field{s.fileIn, s.keyIn} }

func (s *Import) other() huh.Field {
	if s.form.GetFocusedField() == s.fileIn {
		return s.keyIn
	}
	return s.fileIn
}

// updateForm types into the fields; a change forgets a checked bundle.
func (s *Import) updateForm(msg tea.Msg) tea.Cmd {
	if s.form.State != huh.StateNormal {
		return nil
	}
	before := [2]string{s.file, s.keyFile}
	m, cmd := s.form.Update(msg)
	s.form = m.(*huh.Form)
	s.file, s.keyFile = common.Inert(s.file), common.Inert(s.keyFile)
	if before != [2]string{s.file, s.keyFile} {
		s.gen++
		s.drop()
		s.state, s.errMsg, s.notice = iIdle, "", ""
	}
	return cmd
}

// check verifies and counts the file in the background.
func (s *Import) check() tea.Cmd {
	s.gen++
	s.drop()
	s.state, s.errMsg, s.notice, s.done, s.total = iChecking, "", "", 0, 0
	gen, sess, file, keyFile := s.gen, s.ctx.S, strings.TrimSpace(s.file), strings.TrimSpace(s.keyFile)
	return background(gen, func(report func(done, total int)) tea.Msg {
		in, err := sess.OpenBundle(file, keyFile, func(done, total int64) {
			report(int(done>>10), int(total>>10)) // KiB: the bar only needs the proportion
		})
		return checkedMsg{gen: gen, in: in, err: err}
	})
}

// importNow merges the checked bundle, with a progress bar.
func (s *Import) importNow() tea.Cmd {
	s.gen++
	s.state, s.errMsg, s.notice = iImporting, "", ""
	s.done, s.total = 0, s.in.Preview.Intakes.Added+s.in.Preview.Intakes.Updated+s.in.Preview.Intakes.Skipped+
		s.in.Preview.Residents.Added+s.in.Preview.Residents.Updated+s.in.Preview.Residents.Skipped
	gen, sess, in := s.gen, s.ctx.S, s.in
	return background(gen, func(report func(done, total int)) tea.Msg {
		res, err := sess.Import(in, report)
		return importedMsg{gen: gen, res: res, err: err}
	})
}

// View draws the fields, who sent the file and what it holds, and the
// result.
func (s *Import) View() string {
	th, w := s.ctx.Theme, s.w
	var b strings.Builder
	b.WriteString("\n" + common.Wrap(th.Text, s.t(tImportIntro), w-4, "  ") + "\n\n")
	if s.refusal != "" {
		b.WriteString(common.Wrap(th.Error, s.refusal, w-4, "  ") + "\n")
		return common.Fit(b.String(), w, s.h)
	}
	focused := s.form.GetFocusedField()
	b.WriteString(common.FieldRow(th, s.t(tFile), labelW, s.fileIn, focused == s.fileIn && s.Typing()))
	b.WriteString(common.FieldRow(th, s.t(tKeyFile), labelW, s.keyIn, focused == s.keyIn && s.Typing()))
	if focused == s.keyIn && s.state == iIdle {
		b.WriteString(common.Wrap(th.Muted, s.t(tKeyFileHint), w-4, strings.Repeat(" ", labelW+3)) + "\n")
	}
	b.WriteString("\n")
	switch s.state {
	case iChecking:
		b.WriteString("  " + th.Notice.Render(s.t(tChecking)) + "\n")
		b.WriteString("  " + components.Progress(s.ctx, s.done, s.total, w-6) + "\n")
	case iChecked:
		b.WriteString(s.sender())
		b.WriteString(s.counts(s.in.Preview))
		ask := s.t(tImportAsk)
		if p := s.in.Preview; p.Intakes.Added+p.Intakes.Updated+p.Residents.Added+p.Residents.Updated+p.Tombstones.Added+p.Withdrawals.Added == 0 {
			ask = s.t(tNothingNew) + " " + ask
		}
		b.WriteString("\n" + common.Wrap(th.Notice, ask, w-4, "  ") + "\n")
	case iImporting:
		b.WriteString("  " + th.Notice.Render(s.t(tImporting)) + "\n")
		b.WriteString("  " + components.Progress(s.ctx, s.done, s.total, w-6) + "\n")
	case iDone:
		lang, r := s.ctx.Lang, s.res.Intakes
		b.WriteString(common.Wrap(th.Notice, fmt.Sprintf(s.t(tImported), components.Count(lang, r.Added), components.Count(lang, r.Updated),
			components.Count(lang, r.Skipped)), w-4, "  ") + "\n")
		b.WriteString(s.counts(s.res))
	}
	if s.errMsg != "" {
		b.WriteString(common.Wrap(th.Error, s.errMsg, w-4, "  ") + "\n")
	}
	if s.notice != "" {
		b.WriteString(common.Wrap(th.Notice, s.notice, w-4, "  ") + "\n")
	}
	return common.Fit(b.String(), w, s.h)
}

// sender says who sent the file: the laptop as registered here, the name
// it gives itself, the user, when it was signed and made, and what was
// chosen.
func (s *Import) sender() string {
	th, w, in := s.ctx.Theme, s.w, s.in
	layout := s.ctx.Text(common.TDateLayout) + " 15:04"
	line := func(label, text string) string {
		lead := th.Label.Render("  " + common.PadRight(label, 12) + " ")
		lines := common.WrapLines(text, w-17)
		for i, l := range lines {
			if i > 0 {
				lead = strings.Repeat(" ", 15)
			}
			lines[i] = lead + th.Text.Render(l)
		}
		return strings.Join(lines, "\n") + "\n"
	}
	sel := s.t(tSelAll)
	switch in.Selection {
	case "changed":
		sel = s.t(tSelChangedFirst)
		if !in.Since.IsZero() {
			sel = fmt.Sprintf(s.t(tSelChanged), in.Since.Local().Format(layout))
		}
	case "resident":
		sel = s.t(tSelResident)
	}
	return line(s.t(tFrom), fmt.Sprintf(s.t(tFromClaim), "\u201c"+common.Inert(in.From.Laptop)+"\u201d",
		"\u201c"+common.Inert(in.From.Signed.Laptop)+"\u201d", common.Inert(in.From.Signed.User))) +
		line(s.t(tSigned), fmt.Sprintf(s.t(tSignedKey), in.From.Signed.Date.Local().Format(layout), session.GroupKeyID(in.From.KeyID))) +
		line(s.t(tMade), in.Created.Local().Format(layout)+" · "+sel) + "\n"
}

// counts is the table of new, updated and skipped records.
func (s *Import) counts(c session.ImportCounts) string {
	th, lang := s.ctx.Theme, s.ctx.Lang
	cell := func(n int) string { return fmt.Sprintf("%12s", components.Count(lang, n)) }
	head := "  " + common.PadRight("", 14) + fmt.Sprintf("%12s%12s%14s", s.t(tColNew), s.t(tColUpdated), s.t(tColSkipped))
	row := func(label string, k session.Counts) string {
		return "  " + th.Label.Render(common.PadRight(label, 14)) + th.Text.Render(cell(k.Added)+cell(k.Updated)+"  "+cell(k.Skipped)) + "\n"
	}
	out := th.Muted.Render(head) + "\n" + row(s.t(tRowIntakes), c.Intakes) + row(s.t(tRowResidents), c.Residents)
	// Erasures and withdrawals the bundle carries, when it carries any:
	// new is what this vault erased or removed.
	if c.Tombstones.Added+c.Tombstones.Skipped > 0 {
		out += row(s.t(tRowErased), c.Tombstones)
	}
	if c.Withdrawals.Added+c.Withdrawals.Skipped > 0 {
		out += row(s.t(tRowWithdrawn), c.Withdrawals)
	}
	return out
}
