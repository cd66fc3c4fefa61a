package tui

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/store/exportfile"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// The export screen: choose what and in which format, type where, and the
// file is written there only, readable by the user only (0600), through
// exportfile.Write (a temporary file in the same folder, then a rename).
// An existing file is replaced only after the user says yes. Afterwards
// the screen says where the file is, as a full path.
//
// Two uses: the statistics from the dashboard (csv, json, html) and the
// resident's papers from an intake (preparation sheet or personal plan,
// as PDF or text). The data is made when the file is written, from the
// vault, so the screen holds nothing personal but the intake's ID.

type exportOpt struct {
	key   string // "csv", "sheet", …
	label textID
}

// exportProduce makes the file's contents for a kind and a format.
type exportProduce func(kind, format string) ([]byte, error)

type exportDoneMsg struct {
	gen  int
	path string
	err  error
}

type exportState int

const (
	exportIdle    exportState = iota
	exportWriting             // the file is being written
	exportConfirm             // the file exists: overwrite?
	exportDone                // written; wrote holds the full path
)

type exportScreen struct {
	e       *env
	back    screen // where esc returns to
	titleID textID
	intro   textID
	kinds   []exportOpt // what to write; empty for the statistics
	formats []exportOpt
	kind    int
	format  int
	name    func(kind, format string) string // default file name
	produce exportProduce

	path   textinput.Model
	edited bool // the user typed in the path: keep it, change only the extension
	focus  int  // index into fields()

	gen    int
	state  exportState
	wrote  string // full path of the file written
	errMsg string
}

var (
	_ screen    = (*exportScreen)(nil)
	_ lockAware = (*exportScreen)(nil)
)

// newStatsExport exports the dashboard's statistics (the same months).
func newStatsExport(e *env, back screen, opt statistics.Options) *exportScreen {
	s := &exportScreen{e: e, back: back, titleID: tExpStatsTitle, intro: tExpStatsIntro,
		formats: []exportOpt{{"csv", tExpFmtCSV}, {"html", tExpFmtHTML}, {"json", tExpFmtJSON}}}
	month := e.now().Format("2006-01")
	s.name = func(_, format string) string {
		return "spreekuur-" + e.tx.get(tExpStatsFile) + "-" + month + "." + format
	}
	v, lang, now := e.vault, e.lang, e.now
	s.produce = func(_, format string) ([]byte, error) {
		f, err := statistics.ParseFormat(format)
		if err != nil {
			return nil, err
		}
		rep, err := v.Statistics(opt)
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

// newPapersExport exports the preparation sheet or the personal plan of
// one intake. The default file name holds the intake's short random ID,
// never the resident's name: a file name is plain text on disk.
func newPapersExport(e *env, back screen, intakeID string) *exportScreen {
	s := &exportScreen{e: e, back: back, titleID: tExpPapersTitle, intro: tExpPapersIntro,
		kinds:   []exportOpt{{papers.KindSheet, tExpKindSheet}, {papers.KindPlan, tExpKindPlan}},
		formats: []exportOpt{{"pdf", tExpFmtPDF}, {"txt", tExpFmtText}}}
	short := intakeID
	if len(short) > 8 {
		short = short[:8]
	}
	s.name = func(kind, format string) string {
		stem := e.tx.get(tExpSheetFile)
		if kind == papers.KindPlan {
			stem = e.tx.get(tExpPlanFile)
		}
		return "spreekuur-" + short + "-" + stem + "." + format
	}
	v, cat, lang, now := e.vault, e.cat, e.lang, e.now
	s.produce = func(kind, format string) ([]byte, error) {
		in, err := v.Intake(intakeID)
		if err != nil {
			return nil, err
		}
		var r intake.Resident
		if in.ResidentID != "" {
			if r, err = v.Resident(in.ResidentID); err != nil && !errors.Is(err, ErrNotFound) {
				return nil, err
			}
		}
		today := intake.DateOf(now())
		doc := papers.Sheet(in, r, cat, lang, today)
		if kind == papers.KindPlan {
			doc = papers.PersonalPlan(in, r, cat, lang, today)
		}
		if format == "txt" {
			return []byte(doc.Text()), nil
		}
		return doc.PDF()
	}
	s.build()
	return s
}

func (s *exportScreen) build() {
	s.path = newInput(s.e, "", 1024)
	s.path.KeyMap.NextSuggestion = key.NewBinding()
	s.path.KeyMap.PrevSuggestion = key.NewBinding()
	s.path.KeyMap.AcceptSuggestion = key.NewBinding()
	s.path.SetValue(s.defaultPath())
	s.path.CursorEnd()
}

// init focuses the first field.
func (s *exportScreen) init() tea.Cmd { return s.applyFocus() }

func (s *exportScreen) kindKey() string {
	if len(s.kinds) == 0 {
		return ""
	}
	return s.kinds[s.kind].key
}

func (s *exportScreen) formatKey() string { return s.formats[s.format].key }

// defaultPath is the suggested file: in Documents (Documenten) when the
// user has that folder, else in the home folder; written with ~ for home.
func (s *exportScreen) defaultPath() string {
	name := s.name(s.kindKey(), s.formatKey())
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

var errNoPath = errors.New("no file name given")

// fields: 0 = kind (papers only), then format, then the path.
func (s *exportScreen) fields() int {
	if len(s.kinds) > 0 {
		return 3
	}
	return 2
}

func (s *exportScreen) pathField() int { return s.fields() - 1 }

func (s *exportScreen) applyFocus() tea.Cmd {
	if s.focus == s.pathField() {
		return s.path.Focus()
	}
	s.path.Blur()
	return nil
}

func (s *exportScreen) title() string { return s.e.tx.get(s.titleID) }

func (s *exportScreen) typing() bool {
	return s.focus == s.pathField() && (s.state == exportIdle || s.state == exportDone)
}

func (s *exportScreen) help() []helpItem {
	tx := s.e.tx
	if s.state == exportConfirm {
		return []helpItem{{"j", tx.get(tExpOverwrite)}, {"n", tx.get(tExpKeep)}}
	}
	items := []helpItem{{"enter", tx.get(tExpSave)}, {"tab", tx.get(tHelpNextField)}}
	if s.focus != s.pathField() {
		items = append(items, helpItem{"←→", tx.get(tHelpChoose)})
	}
	return append(items, helpItem{"esc", tx.get(tBack)})
}

// locked forgets the outcome and tells the screen behind (it holds what
// it holds); unlocked lets that screen read its data again.
func (s *exportScreen) locked() {
	s.gen++
	if s.state == exportWriting || s.state == exportConfirm {
		s.state = exportIdle
	}
	if l, ok := s.back.(lockAware); ok {
		l.locked()
	}
}

func (s *exportScreen) unlocked() tea.Cmd {
	if l, ok := s.back.(lockAware); ok {
		return l.unlocked()
	}
	return nil
}

func (s *exportScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case exportDoneMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.errMsg = ""
		switch {
		case msg.err == nil:
			s.state, s.wrote = exportDone, msg.path
		case errors.Is(msg.err, exportfile.ErrExists):
			s.state, s.wrote = exportConfirm, msg.path
		default:
			s.state = exportIdle
			s.errMsg = s.errText(msg.err)
		}
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		if s.focus == s.pathField() && s.state != exportWriting && s.state != exportConfirm {
			return s.editPath(msg)
		}
		return nil
	}
	// Other messages (the screen behind reading its data again after an
	// unlock) belong to the screen behind.
	if s.back != nil {
		return s.back.update(msg)
	}
	return nil
}

func (s *exportScreen) errText(err error) string {
	tx := s.e.tx
	switch {
	case errors.Is(err, errNoPath):
		return tx.get(tExpNoPath)
	case errors.Is(err, exportfile.ErrIsDir):
		return tx.get(tExpIsDir)
	case errors.Is(err, ErrWrongPassphrase), errors.Is(err, ErrLocked), errors.Is(err, ErrNoAccess),
		errors.Is(err, ErrNotFound), errors.Is(err, ErrVaultInUse):
		return errorText(tx, err)
	}
	return tx.get(tExpFailed) + " (" + err.Error() + ")"
}

func (s *exportScreen) key(k tea.KeyPressMsg) tea.Cmd {
	switch s.state {
	case exportWriting:
		return nil
	case exportConfirm:
		switch k.String() {
		case "j", "y", "J", "Y":
			return s.write(true)
		case "n", "N", "esc":
			s.state, s.wrote = exportIdle, ""
		}
		return nil
	}
	switch k.String() {
	case "esc":
		return s.leave()
	case "enter":
		return s.write(false)
	case "tab", "down":
		s.focus = (s.focus + 1) % s.fields()
		return s.applyFocus()
	case "shift+tab", "up":
		s.focus = (s.focus + s.fields() - 1) % s.fields()
		return s.applyFocus()
	}
	if s.focus != s.pathField() {
		switch k.String() {
		case "left", "h":
			s.choose(-1)
		case "right", "l", "space":
			s.choose(1)
		}
		return nil
	}
	return s.editPath(k)
}

// leave goes back to the screen the export came from.
func (s *exportScreen) leave() tea.Cmd {
	s.gen++
	if s.back == nil {
		return send(goHomeMsg{})
	}
	return send(showScreenMsg{s: s.back})
}

func (s *exportScreen) editPath(msg tea.Msg) tea.Cmd {
	old := s.path.Value()
	var cmd tea.Cmd
	s.path, cmd = s.path.Update(msg)
	if v := s.path.Value(); v != old {
		if c := inert(v); c != v {
			s.path.SetValue(c)
		}
		s.edited = true
		if s.state == exportDone {
			s.state = exportIdle
		}
		s.errMsg = ""
	}
	return cmd
}

// choose changes the kind or the format. The suggested path follows; a
// typed path keeps its folder and name and changes only its extension.
func (s *exportScreen) choose(d int) {
	oldExt := "." + s.formatKey()
	if len(s.kinds) > 0 && s.focus == 0 {
		s.kind = (s.kind + d + len(s.kinds)) % len(s.kinds)
	} else {
		s.format = (s.format + d + len(s.formats)) % len(s.formats)
	}
	if s.state == exportDone {
		s.state = exportIdle
	}
	s.errMsg = ""
	if !s.edited {
		s.path.SetValue(s.defaultPath())
	} else if p := s.path.Value(); strings.HasSuffix(strings.ToLower(p), oldExt) {
		s.path.SetValue(p[:len(p)-len(oldExt)] + "." + s.formatKey())
	}
	s.path.CursorEnd()
}

// write makes the file's contents and writes them where the user asked.
func (s *exportScreen) write(overwrite bool) tea.Cmd {
	path, err := expandPath(s.path.Value())
	if err != nil {
		s.errMsg = s.errText(err)
		return nil
	}
	s.gen++
	s.state, s.errMsg = exportWriting, ""
	gen, kind, format, produce := s.gen, s.kindKey(), s.formatKey(), s.produce
	return func() tea.Msg {
		// Refuse a folder or (without overwrite) an existing file before
		// the paper or the statistics are made.
		if err := exportfile.Check(path, overwrite); err != nil {
			return exportDoneMsg{gen: gen, path: path, err: err}
		}
		data, err := produce(kind, format)
		if err != nil {
			return exportDoneMsg{gen: gen, path: path, err: err}
		}
		err = exportfile.Write(path, overwrite, func(w io.Writer) error { _, err := w.Write(data); return err })
		clear(data)
		return exportDoneMsg{gen: gen, path: path, err: err}
	}
}

func (s *exportScreen) view(w, h int) string {
	tx, th := s.e.tx, s.e.th
	var b strings.Builder
	b.WriteString("\n" + wrapIndent(th.Text, tx.get(s.intro), w-4, "  ") + "\n\n")
	const labelW = 10
	row := func(i int, label, value string) {
		mark := "  "
		if i == s.focus {
			mark = "> "
		}
		b.WriteString(th.Label.Render(mark+padRight(label, labelW)) + " " + value + "\n")
	}
	choice := func(i int, opts []exportOpt, cur int) string {
		v := tx.get(opts[cur].label)
		if i == s.focus {
			return th.Selected.Render("‹ " + v + " ›")
		}
		return th.Text.Render("  " + v)
	}
	i := 0
	if len(s.kinds) > 0 {
		row(0, tx.get(tExpKind), choice(0, s.kinds, s.kind))
		i++
	}
	row(i, tx.get(tExpFormat), choice(i, s.formats, s.format))
	s.path.SetWidth(max(10, w-labelW-6))
	row(i+1, tx.get(tExpPath), s.path.View())
	b.WriteString("\n" + wrapIndent(th.Muted, tx.get(tExpPrivate), w-4, "  ") + "\n\n")

	switch s.state {
	case exportWriting:
		b.WriteString("  " + th.Notice.Render(tx.get(tExpWriting)) + "\n")
	case exportConfirm:
		b.WriteString(wrapIndent(th.Error, tx.get(tExpExists), w-4, "  ") + "\n")
		b.WriteString(pathLines(th.Text, s.wrote, w-4, "    ") + "\n")
		b.WriteString(wrapIndent(th.Notice, tx.get(tExpAskOverwrite), w-4, "  ") + "\n")
	case exportDone:
		b.WriteString(wrapIndent(th.Notice, tx.get(tExpWrote), w-4, "  ") + "\n")
		b.WriteString(pathLines(th.Text, s.wrote, w-4, "    ") + "\n")
	}
	if s.errMsg != "" {
		b.WriteString(wrapIndent(th.Error, s.errMsg, w-4, "  ") + "\n")
	}
	return b.String()
}

// pathLines shows a path in full, cut into lines of width (a path has no
// spaces to wrap at).
func pathLines(st interface{ Render(...string) string }, p string, width int, indent string) string {
	p = inert(p)
	var lines []string
	for _, l := range strings.Split(ansi.Hardwrap(p, max(10, width-len(indent)), false), "\n") {
		lines = append(lines, indent+st.Render(l))
	}
	return strings.Join(lines, "\n")
}

// openPapers opens the papers export for an intake, on top of back.
func openPapers(e *env, back screen, intakeID string) tea.Cmd {
	ex := newPapersExport(e, back, intakeID)
	return send(showScreenMsg{s: ex, cmd: ex.init()})
}
