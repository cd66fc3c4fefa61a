// Package export is the export dialog: choose what and in which format,
// type where, and the file is written there only, readable by the user
// only (0600), through store/exportfile (a temporary file in the same
// folder, then a rename). An existing file is replaced only after the user
// types j (y in English). Afterwards the screen says where the file is, as
// a full path.
//
// Three uses: the statistics from the dashboard (csv, html, json), the
// resident's papers of one conversation (preparation sheet or personal
// plan, as PDF or text), and everything stored about one resident (AVG
// art. 15, json or text: the document `spreekuur export access` writes).
// The file's contents are made when it is written, from the vault, so the
// screen holds nothing personal but an ID.
package export

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store/exportfile"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

// option is a choice of kind or format: its key ("csv", "sheet") and
// label, with words added to the label (which late decision a letter is
// about).
type option struct {
	key   string
	label textID
	more  string
}

// produceFunc makes the file's contents for a kind and a format. It runs
// in the background.
type produceFunc func(kind, format string) ([]byte, error)

type doneMsg struct {
	gen  int
	path string
	err  error
}

type state int

const (
	stateIdle    state = iota
	stateWriting       // the file is being written
	stateConfirm       // the file exists: overwrite?
	stateDone          // written; wrote holds the full path
)

// Screen is an export dialog.
type Screen struct {
	ctx          *common.Context
	back         common.Screen // where esc returns to; nil = home
	title, intro textID
	kinds        []option // what to write; empty when there is one kind
	formats      []option
	name         func(kind, format string) string // default file name
	produce      produceFunc
	refusal      string // this user may not make this export: the sentence

	// The huh form and the values its fields are bound to.
	form               *huh.Form
	kindSel, formatSel *huh.Select[string]
	pathIn             *huh.Input
	dateIn             *huh.Input // the day of the request (the access export); nil otherwise
	kind, format, path string
	date               string
	lastKind, lastFmt  string // the choices the path was last made for
	edited             bool   // the user typed in the path: keep it, change only the extension
	gen                int    // write generation: a result after a lock is ignored
	state              state
	wrote              string // full path of the file written, or asked about
	errMsg, notice     string
	w, h               int
}

var (
	_ common.Screen = (*Screen)(nil)
	_ common.Locker = (*Screen)(nil)
)

// Stats exports the statistics of opt (the months on the dashboard).
func Stats(ctx *common.Context, back common.Screen, opt statistics.Options) *Screen {
	s := newScreen(ctx, back, tStatsTitle, tStatsIntro, nil,
		[]option{{"csv", tFmtCSV, ""}, {"html", tFmtHTML, ""}, {"json", tFmtJSON, ""}})
	month := ctx.Now().Format("2006-01")
	file := s.t(tStatsFile)
	s.name = func(_, format string) string { return "spreekuur-" + file + "-" + month + "." + format }
	sess, lang, now := ctx.S, ctx.Lang, ctx.Now
	s.produce = func(_, format string) ([]byte, error) {
		f, err := statistics.ParseFormat(format)
		if err != nil {
			return nil, err
		}
		rep, err := sess.Statistics(opt)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := statistics.Write(&buf, rep, f, statistics.RenderOptions{Lang: lang, Generated: now()}); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	s.build()
	return s
}

// Papers exports the preparation sheet, the personal plan or, when the
// municipality is late, the letter that says so, of one conversation;
// kind chooses one at the start ("" the sheet; "letter" the first
// letter). Session.Paper applies the kompaan rule and puts the user and
// the organisation on the papers. The default file name holds the
// conversation's short ID, never the resident's name: a file name is
// plain text on disk.
func Papers(ctx *common.Context, back common.Screen, intakeID, kind string) *Screen {
	kinds := []option{{papers.KindSheet, tKindSheet, ""}, {papers.KindPlan, tKindPlan, ""}}
	if late, err := ctx.S.LateDecisions(intakeID); err == nil {
		for _, ld := range late {
			more := ""
			if len(late) > 1 {
				more = " (" + ctx.T(ld.Title()) + ", " + ld.Ends.Format(ctx.Lang) + ")"
			}
			kinds = append(kinds, option{papers.KindLetter + ":" + ld.Ref(), tKindLetter, common.Inert(more)})
		}
	}
	s := newScreen(ctx, back, tPapersTitle, tPapersIntro, kinds, []option{{"pdf", tFmtPDF, ""}, {"txt", tFmtText, ""}})
	for _, k := range kinds {
		if kind != "" && (k.key == kind || strings.HasPrefix(k.key, kind+":")) {
			s.kind = k.key
			break
		}
	}
	short, sheet, plan, letter := common.ShortID(intakeID), s.t(tSheetFile), s.t(tPlanFile), s.t(tLetterFile)
	s.name = func(kind, format string) string {
		stem := sheet
		switch {
		case kind == papers.KindPlan:
			stem = plan
		case strings.HasPrefix(kind, papers.KindLetter):
			stem = letter
		}
		return "spreekuur-" + short + "-" + stem + "." + format
	}
	sess := ctx.S
	s.produce = func(kind, format string) ([]byte, error) {
		req := session.PaperRequest{IntakeID: intakeID, Kind: kind}
		if k, ref, ok := strings.Cut(kind, ":"); ok {
			req.Kind, req.Late = k, ref
		}
		doc, err := sess.Paper(req)
		if err != nil {
			return nil, err
		}
		if format == "txt" {
			return []byte(doc.Text()), nil
		}
		return doc.PDF()
	}
	s.build()
	return s
}

// Access exports everything stored about one resident (AVG art. 15): their
// record and every conversation of theirs, notes included, what art.
// 15(1)(a-h) adds and who looked at the file — the document `spreekuur
// export access --resident ID` writes. The day the resident asked is
// typed (today by default): the answer is due a month later. A kompaan
// may not: they do not browse residents' files.
func Access(ctx *common.Context, back common.Screen, residentID string) *Screen {
	s := newScreen(ctx, back, tAccessTitle, tAccessIntro, nil,
		[]option{{"pdf", tFmtPDF, ""}, {"txt", tFmtText, ""}, {"json", tFmtJSON, ""}})
	if ctx.IsKompaan() {
		s.refusal = ctx.ErrorText(session.ErrNotPermitted)
	}
	s.date = intake.DateOf(ctx.Now()).String()
	s.dateIn = huh.NewInput().Prompt("").Inline(true).CharLimit(10).Value(&s.date)
	short, file := common.ShortID(residentID), s.t(tAccessFile)
	s.name = func(_, format string) string { return "spreekuur-" + short + "-" + file + "." + format }
	sess, lang, date := ctx.S, ctx.Lang, &s.date
	s.produce = func(_, format string) ([]byte, error) {
		asked, err := intake.ParseDate(strings.TrimSpace(*date))
		if err != nil {
			return nil, errBadDate
		}
		a, err := sess.AccessRequest(residentID, asked)
		if err != nil {
			return nil, err
		}
		switch format {
		case "txt":
			return []byte(a.Text(lang)), nil
		case "pdf":
			return a.PDF(lang)
		}
		return a.JSON()
	}
	s.build()
	return s
}

// errBadDate: the day of the request is not a date.
var errBadDate = errors.New("export: the day of the request is not a date")

func newScreen(ctx *common.Context, back common.Screen, title, intro textID, kinds, formats []option) *Screen {
	s := &Screen{ctx: ctx, back: back, title: title, intro: intro, kinds: kinds, formats: formats, w: 80, h: 22}
	if len(kinds) > 0 {
		s.kind = kinds[0].key
	}
	s.format = formats[0].key
	return s
}

func (s *Screen) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

// build makes the huh form, focused on the first field, and suggests a
// file. The labels are drawn by View; huh draws the values.
func (s *Screen) build() {
	s.lastKind, s.lastFmt = s.kind, s.format
	s.path = s.defaultPath()
	opts := func(list []option) []huh.Option[string] {
		out := make([]huh.Option[string], len(list))
		for i, o := range list {
			out[i] = huh.NewOption(s.t(o.label)+o.more, o.key)
		}
		return out
	}
	var fields []huh.Field
	if len(s.kinds) > 0 {
		s.kindSel = huh.NewSelect[string]().Options(opts(s.kinds)...).Inline(true).Value(&s.kind)
		fields = append(fields, s.kindSel)
	}
	s.formatSel = huh.NewSelect[string]().Options(opts(s.formats)...).Inline(true).Value(&s.format)
	s.pathIn = huh.NewInput().Prompt("").Inline(true).CharLimit(1024).Value(&s.path)
	if s.dateIn != nil {
		fields = append(fields, s.dateIn)
	}
	fields = append(fields, s.formatSel, s.pathIn)
	s.form = huh.NewForm(huh.NewGroup(fields...)).
		WithTheme(s.ctx.Theme.Huh()).WithKeyMap(common.HuhKeys()).WithShowHelp(false)
	s.form.Init()
	s.setWidth()
}

// setWidth fits the fields to the screen. The path is put in again so
// the field scrolls it to show its end (the file name) in the new width.
func (s *Screen) setWidth() {
	s.form.WithWidth(s.fieldW())
	s.setPath(s.path)
}

// fields are the form's fields in order.
func (s *Screen) fields() []huh.Field {
	var out []huh.Field
	if s.kindSel != nil {
		out = append(out, s.kindSel)
	}
	if s.dateIn != nil {
		out = append(out, s.dateIn)
	}
	return append(out, s.formatSel, s.pathIn)
}

// onText reports whether a text field (the file, the day) has the keyboard.
func (s *Screen) onText() bool {
	f := s.form.GetFocusedField()
	return f == s.pathIn || (s.dateIn != nil && f == s.dateIn)
}

// focus moves to field i (wrapping around) at once, not through huh's
// "next field" message, which would arrive after letters already typed.
// Moving stays inside the form: huh never submits it (enter on the file
// field writes, see key).
func (s *Screen) focus(i int) tea.Cmd {
	fields := s.fields()
	i = (i + len(fields)) % len(fields)
	var cmds []tea.Cmd
	for range fields {
		cur := slices.Index(fields, s.form.GetFocusedField())
		switch {
		case cur < i:
			cmds = append(cmds, s.form.NextField())
		case cur > i:
			cmds = append(cmds, s.form.PrevField())
		default:
			return tea.Batch(cmds...)
		}
	}
	return tea.Batch(cmds...)
}

const labelW = 10

func (s *Screen) fieldW() int { return max(10, s.w-labelW-6) }

// defaultPath is the suggested file: in Documents (Documenten) when the
// user has that folder, else in the home folder; written with ~ for home.
func (s *Screen) defaultPath() string {
	name := s.name(s.kind, s.format)
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return name
	}
	for _, d := range []string{"Documents", "Documenten"} {
		if fi, err := os.Stat(filepath.Join(home, d)); err == nil && fi.IsDir() {
			return "~/" + d + "/" + name
		}
	}
	return "~/" + name
}

var errNoPath = errors.New("no file name given")

// expandPath turns the typed path into a full one: ~ is the home folder,
// a relative path is taken from the current folder.
func expandPath(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", errNoPath
	}
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		p = filepath.Join(home, p[1:])
	}
	return filepath.Abs(p)
}

// Title is the screen's name.
func (s *Screen) Title() string { return s.t(s.title) }

// Typing: the path field has the keyboard.
func (s *Screen) Typing() bool {
	return s.refusal == "" && (s.state == stateIdle || s.state == stateDone) && s.onText()
}

// Keys are the dialog's keys.
func (s *Screen) Keys() []key.Binding {
	back := common.Binding([]string{"esc"}, "esc", s.ctx.Text(common.TBack))
	next := common.Binding([]string{"tab", "shift+tab", "up", "down"}, "tab", s.t(tNextField))
	switch {
	case s.refusal != "":
		return []key.Binding{back}
	case s.state == stateWriting:
		return nil
	case s.state == stateConfirm:
		return []key.Binding{
			common.Binding([]string{s.ctx.YesKey()}, s.ctx.YesKey(), s.t(tOverwrite)),
			common.Binding([]string{"esc"}, "esc", s.t(tKeep)),
		}
	case s.onText():
		if s.form.GetFocusedField() != s.pathIn {
			return []key.Binding{next, back}
		}
		return []key.Binding{
			common.Binding([]string{"enter"}, "enter", s.t(tSave)),
			next,
			back,
		}
	}
	return []key.Binding{common.Binding([]string{"left", "right", "space"}, "←→", s.t(tChoose)), next, back}
}

// Locked forgets a question or a write under way and tells the screen
// behind (it drops what it holds); Unlocked lets that screen read its data
// again.
func (s *Screen) Locked() {
	s.gen++
	if s.state == stateWriting || s.state == stateConfirm {
		s.state, s.wrote = stateIdle, ""
	}
	s.errMsg, s.notice = "", ""
	if l, ok := s.back.(common.Locker); ok {
		l.Locked()
	}
}

// Unlocked lets the screen behind read its data again; its load comes
// back through this screen's Update.
func (s *Screen) Unlocked() tea.Cmd {
	if l, ok := s.back.(common.Locker); ok {
		return l.Unlocked()
	}
	return nil
}

// thisPackage is the import path of this package's messages.
var thisPackage = reflect.TypeOf(doneMsg{}).PkgPath()

// forBack reports whether msg belongs to the screen behind: a message of
// this program (its load after an unlock, a size) that is not this
// screen's own. Messages of huh and Bubble Tea stay here: huh's "next
// field" must not move a form behind this one.
func forBack(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	if t == nil {
		return false
	}
	p := t.PkgPath()
	return !strings.HasPrefix(p, "charm.land/") && p != thisPackage
}

// Update runs the form, writes the file and asks before replacing one.
func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.setWidth()
		if s.back != nil {
			return s.back.Update(msg)
		}
		return nil
	case doneMsg:
		return s.done(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		if s.refusal != "" || s.state == stateWriting || s.state == stateConfirm || !s.onText() {
			return nil
		}
		return s.updateForm(msg)
	}
	if forBack(msg) {
		if s.back != nil {
			return s.back.Update(msg)
		}
		return nil
	}
	return s.updateForm(msg)
}

func (s *Screen) key(k tea.KeyPressMsg) tea.Cmd {
	s.notice = ""
	switch {
	case s.state == stateWriting:
		return nil
	case s.state == stateConfirm:
		if strings.EqualFold(k.String(), s.ctx.YesKey()) {
			return s.write(true)
		}
		s.state, s.wrote = stateIdle, "" // any other key: keep the file
		return nil
	case k.String() == "esc":
		return s.leave()
	case s.refusal != "":
		return nil
	}
	at := slices.Index(s.fields(), s.form.GetFocusedField())
	onPath := s.form.GetFocusedField() == s.pathIn
	switch k.String() {
	case "enter":
		if onPath {
			return s.write(false)
		}
		return s.focus(at + 1)
	case "tab":
		return s.focus(at + 1)
	case "shift+tab":
		return s.focus(at - 1)
	case "down":
		if !onPath {
			return s.focus(at + 1)
		}
		return nil
	case "up":
		if at > 0 {
			return s.focus(at - 1)
		}
		return nil
	}
	if !s.onText() && k.Text != "" && k.String() != "space" && k.Mod&^tea.ModShift == 0 {
		s.notice = s.ctx.Text(common.TLettersIgnored) // a letter on a choice changes nothing
		return nil
	}
	return s.updateForm(k)
}

// updateForm hands msg to the form and follows a change of kind or
// format in the suggested path.
func (s *Screen) updateForm(msg tea.Msg) tea.Cmd {
	if s.refusal != "" || s.form.State != huh.StateNormal {
		return nil
	}
	before := s.path
	m, cmd := s.form.Update(msg)
	s.form = m.(*huh.Form)
	if s.path != before {
		s.edited = true
		if clean := common.Inert(s.path); clean != s.path {
			s.setPath(clean)
		}
		s.changed()
	}
	if s.kind != s.lastKind || s.format != s.lastFmt {
		s.choiceChanged()
	}
	return cmd
}

// changed: what was written or refused no longer applies.
func (s *Screen) changed() {
	if s.state == stateDone {
		s.state, s.wrote = stateIdle, ""
	}
	s.errMsg = ""
}

// choiceChanged: the suggested path follows a new kind or format; a typed
// path keeps its folder and name and changes only its extension.
func (s *Screen) choiceChanged() {
	oldExt := "." + s.lastFmt
	s.lastKind, s.lastFmt = s.kind, s.format
	s.changed()
	if !s.edited {
		s.setPath(s.defaultPath())
	} else if strings.HasSuffix(strings.ToLower(s.path), oldExt) {
		s.setPath(s.path[:len(s.path)-len(oldExt)] + "." + s.format)
	}
}

// setPath puts p in the path field, the cursor at its end.
func (s *Screen) setPath(p string) {
	empty := ""
	s.pathIn.Value(&empty) // an empty value first moves the cursor to the end of the next
	s.path = p
	s.pathIn.Value(&s.path)
}

// leave goes back to the screen the export came from.
func (s *Screen) leave() tea.Cmd {
	s.gen++
	if s.back == nil {
		return common.Send(common.GoHomeMsg{})
	}
	return common.Send(common.ShowMsg{Screen: s.back, Back: true})
}

// write makes the file's contents and writes them where the user asked:
// a folder or (without overwrite) an existing file is refused before the
// contents are made.
func (s *Screen) write(overwrite bool) tea.Cmd {
	path, err := expandPath(s.path)
	if err != nil {
		s.errMsg = s.errText(err)
		return nil
	}
	s.gen++
	s.state, s.errMsg = stateWriting, ""
	gen, kind, format, produce := s.gen, s.kind, s.format, s.produce
	return func() tea.Msg {
		if err := exportfile.Check(path, overwrite); err != nil {
			return doneMsg{gen: gen, path: path, err: err}
		}
		data, err := produce(kind, format)
		if err != nil {
			return doneMsg{gen: gen, path: path, err: err}
		}
		err = exportfile.Write(path, overwrite, func(w io.Writer) error { _, err := w.Write(data); return err })
		clear(data)
		return doneMsg{gen: gen, path: path, err: err}
	}
}

func (s *Screen) done(m doneMsg) tea.Cmd {
	if m.gen != s.gen {
		return nil
	}
	s.errMsg = ""
	switch {
	case m.err == nil:
		s.state, s.wrote = stateDone, m.path
	case errors.Is(m.err, exportfile.ErrExists):
		s.state, s.wrote = stateConfirm, m.path
	default:
		s.state, s.wrote = stateIdle, ""
		s.errMsg = s.errText(m.err)
	}
	return nil
}

// errText is one plain sentence for a failed export. It never repeats
// the error's own text, which is English and names system calls.
func (s *Screen) errText(err error) string {
	switch {
	case errors.Is(err, errNoPath):
		return s.t(tNoPath)
	case errors.Is(err, errBadDate):
		return s.t(tBadDate)
	case errors.Is(err, exportfile.ErrIsDir):
		return s.t(tIsDir)
	case errors.Is(err, fs.ErrNotExist):
		return s.t(tNoFolder)
	case errors.Is(err, fs.ErrPermission):
		return s.t(tNoPermission)
	}
	if sentence, known := session.Sentence(err, s.ctx.Lang); known {
		return sentence
	}
	return s.t(tFailed)
}

// View draws the intro, the fields and what happened; it changes nothing.
func (s *Screen) View() string {
	th, w := s.ctx.Theme, s.w
	var b strings.Builder
	b.WriteString("\n" + common.Wrap(th.Text, s.t(s.intro), w-4, "  ") + "\n\n")
	if s.refusal != "" {
		b.WriteString(common.Wrap(th.Error, s.refusal, w-4, "  ") + "\n")
		return common.Fit(b.String(), w, s.h)
	}
	focused := s.form.GetFocusedField()
	row := func(label string, f huh.Field) {
		b.WriteString(common.FieldRow(th, label, labelW, f, f == focused && (s.state == stateIdle || s.state == stateDone)))
	}
	if s.kindSel != nil {
		row(s.t(tKind), s.kindSel)
	}
	if s.dateIn != nil {
		row(s.t(tRequested), s.dateIn)
	}
	row(s.t(tFormat), s.formatSel)
	row(s.t(tPath), s.pathIn)
	if s.state == stateConfirm {
		b.WriteString(components.Confirm(s.ctx, s.t(tExists), []string{common.Inert(s.wrote)}, w))
		return common.Fit(b.String(), w, s.h)
	}
	b.WriteString("\n" + common.Wrap(th.Muted, s.t(tPrivate), w-4, "  ") + "\n\n")
	switch s.state {
	case stateWriting:
		b.WriteString("  " + th.Notice.Render(s.t(tWriting)) + "\n")
	case stateDone:
		b.WriteString(common.Wrap(th.Notice, s.t(tWrote), w-4, "  ") + "\n")
		b.WriteString(common.PathLines(th.Text.Render, s.wrote, w-4, "    ") + "\n")
	}
	if s.errMsg != "" {
		b.WriteString(common.Wrap(th.Error, s.errMsg, w-4, "  ") + "\n")
	}
	if s.notice != "" {
		b.WriteString(common.Wrap(th.Notice, s.notice, w-4, "  ") + "\n")
	}
	return common.Fit(b.String(), w, s.h)
}
