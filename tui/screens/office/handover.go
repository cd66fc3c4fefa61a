package office

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

// Choices of the "Naar kantoor" form.
const (
	whatChanged  = "changed"
	whatResident = "resident"
	toOffice     = "office"
	toColleague  = "colleague"
)

type hstate int

const (
	hLoading hstate = iota
	hIdle           // choosing
	hWriting        // the file is being made
	hDone           // written (to the office, or kept after a colleague's)
	hAsk            // a colleague's handover: keep or erase?
	hConfirm        // erase: the list of what goes, j to go on
	hErasing        // erasing
)

type (
	handoverLoaded struct {
		gen  int
		set  session.Settings
		name string
		err  error
	}
	planned struct {
		gen  int
		plan session.HandoverResult
		err  error
	}
	handedOver struct {
		gen int
		res session.HandoverResult
		err error
	}
	eraseListed struct {
		gen   int
		items []string
		err   error
	}
	erasedMsg struct {
		gen int
		res session.Erased
		err error
	}
)

// Handover is the "Naar kantoor" screen: what goes (everything new or
// changed since the last handover, or the resident chosen at home), to
// whom (the office, or a colleague with their key), into which folder
// (remembered), with a progress bar, and a plain sentence with the count
// and the full path at the end.
type Handover struct {
	ctx        *common.Context
	residentID string
	name       string // the resident's name (inert); "" when none was chosen
	officePrnt string // the office key's fingerprint; "" when not set

	form                            *huh.Form
	whatSel, toSel                  *huh.Select[string]
	colleagueIn, keyIn, folderIn    *huh.Input
	what, to, colleague, toKey, dir string
	lastWhat, lastTo                string

	plan     session.HandoverResult
	planErr  string
	tooLarge bool // the plan is more than one bundle holds: nothing to write

	state       hstate
	gen         int
	done, total int
	result      session.HandoverResult
	eraseItems  []string
	refusal     string
	errMsg      string
	notice      string
	w, h        int
}

var (
	_ common.Screen = (*Handover)(nil)
	_ common.Locker = (*Handover)(nil)
)

// NewHandover opens "Naar kantoor"; residentID is the resident chosen at
// home ("" for none: then only everything new or changed can go).
func NewHandover(ctx *common.Context, residentID string) *Handover {
	return &Handover{ctx: ctx, residentID: residentID, what: whatChanged, to: toOffice, w: 80, h: 22}
}

func (s *Handover) t(id textID) string { return texts.Get(s.ctx.Lang, id) }

// Init reads the settings and the resident's name.
func (s *Handover) Init() tea.Cmd { return s.load() }

func (s *Handover) load() tea.Cmd {
	s.gen++
	s.state = hLoading
	gen, sess, id := s.gen, s.ctx.S, s.residentID
	return func() tea.Msg {
		set, err := sess.Settings()
		if err != nil {
			return handoverLoaded{gen: gen, err: err}
		}
		name := ""
		if id != "" {
			r, err := sess.Resident(id)
			if err != nil && !errors.Is(err, session.ErrNotFound) {
				return handoverLoaded{gen: gen, err: err}
			}
			name = r.Pseudonym
		}
		return handoverLoaded{gen: gen, set: set, name: name}
	}
}

func (s *Handover) loaded(m handoverLoaded) tea.Cmd {
	if m.gen != s.gen {
		return nil
	}
	if m.err != nil {
		s.refusal = s.ctx.ErrorText(m.err)
		s.state = hIdle
		return nil
	}
	s.state, s.refusal = hIdle, ""
	s.officePrnt = m.set.OfficePrint
	s.name = common.Inert(m.name)
	if s.name == "" && s.residentID != "" {
		s.name = common.ShortID(s.residentID)
	}
	if s.form == nil {
		if s.dir == "" {
			s.dir = m.set.Folder
		}
		if s.dir == "" {
			s.dir = defaultFolder()
		}
		s.build()
	}
	return s.replan()
}

// defaultFolder is Documents (Documenten) in the home folder, or the home
// folder itself, written with ~.
func defaultFolder() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "."
	}
	for _, d := range []string{"Documents", "Documenten"} {
		if fi, err := os.Stat(filepath.Join(home, d)); err == nil && fi.IsDir() {
			return "~/" + d
		}
	}
	return "~"
}

func (s *Handover) build() {
	whatOpts := []huh.Option[string]{huh.NewOption(s.t(tWhatChanged), whatChanged)}
	if s.residentID != "" {
		whatOpts = append(whatOpts, huh.NewOption(fmt.Sprintf(s.t(tWhatResident), s.name), whatResident))
	}
	office := s.officePrnt
	if office == "" {
		office = "?"
	}
	toOpts := []huh.Option[string]{huh.NewOption(fmt.Sprintf(s.t(tToOffice), office), toOffice), huh.NewOption(s.t(tToColleague), toColleague)}
	s.whatSel = huh.NewSelect[string]().Options(whatOpts...).Inline(true).Value(&s.what)
	s.toSel = huh.NewSelect[string]().Options(toOpts...).Inline(true).Value(&s.to)
	input := func(v *string, limit int) *huh.Input {
		return huh.NewInput().Prompt("").Inline(true).CharLimit(limit).Value(v)
	}
	s.colleagueIn, s.keyIn, s.folderIn = input(&s.colleague, 64), input(&s.toKey, 200), input(&s.dir, 1024)
	s.form = huh.NewForm(huh.NewGroup(s.whatSel, s.toSel, s.colleagueIn, s.keyIn, s.folderIn)).
		WithTheme(s.ctx.Theme.Huh()).WithKeyMap(common.HuhKeys()).WithShowHelp(false)
	s.form.Init()
	s.form.WithWidth(s.fieldW())
	s.lastWhat, s.lastTo = s.what, s.to
}

const labelW = 10

func (s *Handover) fieldW() int { return max(10, s.w-labelW-6) }

func (s *Handover) all() []huh.Field {
	return []huh.Field{s.whatSel, s.toSel, s.colleagueIn, s.keyIn, s.folderIn}
}

// fields are the fields shown, in order: the colleague's name and key only
// for a colleague.
func (s *Handover) fields() []huh.Field {
	if s.to == toColleague {
		return s.all()
	}
	return []huh.Field{s.whatSel, s.toSel, s.folderIn}
}

func (s *Handover) request() session.HandoverRequest {
	req := session.HandoverRequest{Folder: s.dir}
	if s.what == whatResident {
		req.Resident = s.residentID
	} else {
		req.SinceLast = true
	}
	if s.to == toColleague {
		req.Colleague, req.Recipient = strings.TrimSpace(s.colleague), strings.TrimSpace(s.toKey)
	}
	return req
}

// replan counts what would go, in the background.
func (s *Handover) replan() tea.Cmd {
	s.gen++
	gen, sess, req := s.gen, s.ctx.S, s.request()
	req.Folder = ""
	if s.to == toColleague && s.what != whatResident {
		s.planErr, s.plan = s.t(tColleagueNeedsResident), session.HandoverResult{}
		return nil
	}
	return func() tea.Msg {
		plan, err := sess.HandoverPlan(req)
		return planned{gen: gen, plan: plan, err: err}
	}
}

// Title is the screen's name.
func (s *Handover) Title() string { return s.t(tHandoverTitle) }

// Typing: a text field has the keyboard.
func (s *Handover) Typing() bool {
	if s.form == nil || s.refusal != "" || (s.state != hIdle && s.state != hDone) {
		return false
	}
	f := s.form.GetFocusedField()
	return f == s.colleagueIn || f == s.keyIn || f == s.folderIn
}

// Keys are the screen's keys.
func (s *Handover) Keys() []key.Binding {
	back := common.Binding([]string{"esc"}, "esc", s.ctx.Text(common.TBack))
	switch {
	case s.refusal != "" || s.form == nil:
		return []key.Binding{back}
	case s.state == hWriting || s.state == hErasing || s.state == hLoading:
		return nil
	case s.state == hAsk:
		k, e := s.keepKey(), s.eraseKey()
		return []key.Binding{common.Binding([]string{k}, k, s.t(tKeep)), common.Binding([]string{e}, e, s.t(tErase))}
	case s.state == hConfirm:
		y := s.ctx.YesKey()
		return []key.Binding{common.Binding([]string{y}, y, s.t(tErase)), common.Binding([]string{"esc"}, "esc", s.t(tKeep))}
	}
	next := common.Binding([]string{"tab", "shift+tab", "up", "down"}, "tab", s.t(tNextField))
	if s.form.GetFocusedField() == s.folderIn && !s.tooLarge {
		return []key.Binding{common.Binding([]string{"enter"}, "enter", s.t(tHandOver)), back, next}
	}
	if s.Typing() {
		return []key.Binding{back, next}
	}
	return []key.Binding{common.Binding([]string{"left", "right", "space"}, "←→", s.t(tChoose)), back, next}
}

func (s *Handover) keepKey() string  { return strings.ToLower(s.t(tKeep)[:1]) }
func (s *Handover) eraseKey() string { return strings.ToLower(s.t(tErase)[:1]) }

// Locked drops the resident's name (and the form that shows it) and the
// list of what would be erased; a job under way goes on, and the screen
// says so after unlocking.
func (s *Handover) Locked() {
	s.gen++
	s.name, s.eraseItems = "", nil
	// The choice "Alleen <name>" is in the form: the form goes, and is
	// made again after unlocking (the choices made stay).
	s.form, s.whatSel, s.toSel, s.colleagueIn, s.keyIn, s.folderIn = nil, nil, nil, nil, nil, nil
	switch s.state {
	case hWriting, hErasing:
		s.state, s.notice = hIdle, s.t(tLockedWhileWriting)
	case hConfirm:
		s.state = hAsk
	}
}

// Unlocked reads the settings and the name again.
func (s *Handover) Unlocked() tea.Cmd {
	ask := s.state == hAsk
	cmd := s.load()
	if ask {
		s.state = hAsk // the question stays; load does not replace the form
	}
	return cmd
}

// Update handles the form, the jobs and the questions.
func (s *Handover) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		if s.form != nil {
			s.form.WithWidth(s.fieldW())
		}
		return nil
	case handoverLoaded:
		ask := s.state == hAsk
		cmd := s.loaded(msg)
		if ask && msg.err == nil {
			s.state = hAsk
			return nil
		}
		return cmd
	case planned:
		if msg.gen == s.gen {
			s.plan, s.planErr, s.tooLarge = msg.plan, "", session.HandoverTooLarge(msg.err)
			if msg.err != nil {
				s.planErr = s.ctx.ErrorText(msg.err)
			}
		}
		return nil
	case progressMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.done, s.total = msg.done, msg.total
		return msg.next
	case handedOver:
		return s.finished(msg)
	case eraseListed:
		if msg.gen != s.gen {
			return nil
		}
		if msg.err != nil {
			s.errMsg, s.state = s.ctx.ErrorText(msg.err), hAsk
			return nil
		}
		s.eraseItems, s.state = msg.items, hConfirm
		return nil
	case erasedMsg:
		if msg.gen != s.gen {
			return nil
		}
		if msg.err != nil {
			s.errMsg, s.state = s.ctx.ErrorText(msg.err), hAsk
			return nil
		}
		s.state, s.eraseItems = hDone, nil
		s.notice = fmt.Sprintf(s.t(tErased), conversations(s.ctx, msg.res.Intakes))
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		if s.Typing() {
			return s.updateForm(msg)
		}
		return nil
	}
	if s.form != nil && s.state == hIdle {
		return s.updateForm(msg)
	}
	return nil
}

func (s *Handover) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case s.state == hLoading || s.state == hWriting || s.state == hErasing:
		return nil
	case s.state == hAsk:
		switch strings.ToLower(k.String()) {
		case s.keepKey():
			s.state, s.errMsg = hDone, ""
			s.notice = fmt.Sprintf(s.t(tKept), common.Inert(strings.TrimSpace(s.colleague)))
		case s.eraseKey():
			return s.listErase()
		}
		return nil
	case s.state == hConfirm:
		if strings.EqualFold(k.String(), s.ctx.YesKey()) {
			return s.erase()
		}
		s.state, s.eraseItems = hAsk, nil
		return nil
	case k.String() == "esc":
		s.gen++
		return common.Send(common.GoHomeMsg{})
	case s.refusal != "" || s.form == nil:
		return nil
	}
	s.notice, s.errMsg = "", ""
	if s.state == hDone {
		s.state = hIdle
	}
	fields := s.fields()
	at := slices.Index(fields, s.form.GetFocusedField())
	onFolder := s.form.GetFocusedField() == s.folderIn
	move := func(i int) tea.Cmd {
		i = (i + len(fields)) % len(fields)
		return common.FocusField(s.form, s.all(), fields[i])
	}
	switch k.String() {
	case "enter":
		if onFolder {
			return s.write()
		}
		return move(at + 1)
	case "tab", "down":
		return move(at + 1)
	case "shift+tab", "up":
		return move(at - 1)
	}
	if !s.Typing() && k.Text != "" && k.String() != "space" && k.Mod&^tea.ModShift == 0 {
		s.notice = s.ctx.Text(common.TLettersIgnored)
		return nil
	}
	return s.updateForm(k)
}

func (s *Handover) updateForm(msg tea.Msg) tea.Cmd {
	if s.form.State != huh.StateNormal {
		return nil
	}
	m, cmd := s.form.Update(msg)
	s.form = m.(*huh.Form)
	for _, p := range []*string{&s.colleague, &s.toKey, &s.dir} {
		if clean := common.Inert(*p); clean != *p {
			*p = clean
		}
	}
	if s.what != s.lastWhat || s.to != s.lastTo {
		s.lastWhat, s.lastTo = s.what, s.to
		return tea.Batch(cmd, s.replan())
	}
	return cmd
}

// write makes the file, in the background, with a progress bar.
func (s *Handover) write() tea.Cmd {
	switch {
	case s.tooLarge: // the plan's sentence says why, on the screen already
		return nil
	case s.to == toColleague && s.what != whatResident:
		s.errMsg = s.t(tColleagueNeedsResident)
		return nil
	case s.to == toColleague && strings.TrimSpace(s.colleague) == "":
		s.errMsg = s.t(tNoColleagueName)
		return common.FocusField(s.form, s.all(), s.colleagueIn)
	}
	s.gen++
	s.state, s.done, s.total, s.errMsg, s.notice = hWriting, 0, s.plan.Intakes, "", ""
	gen, sess, req := s.gen, s.ctx.S, s.request()
	return background(gen, func(report func(done, total int)) tea.Msg {
		req.Progress = report
		res, err := sess.Handover(req)
		return handedOver{gen: gen, res: res, err: err}
	})
}

func (s *Handover) finished(m handedOver) tea.Cmd {
	if m.gen != s.gen {
		return nil
	}
	s.result = m.res
	switch {
	case m.err != nil:
		s.state, s.errMsg = hIdle, s.ctx.ErrorText(m.err)
		return nil
	case m.res.Nothing():
		s.state, s.notice = hIdle, s.nothingText(m.res)+" "+s.t(tNothingWritten)
		return nil
	}
	s.dir = filepath.Dir(m.res.Path)
	if m.res.MarkErr != nil {
		s.errMsg = s.t(tMarkFailed)
	}
	if m.res.ResidentID != "" && s.to == toColleague {
		s.state = hAsk
		return nil
	}
	s.state = hDone
	return s.replan()
}

func (s *Handover) nothingText(p session.HandoverResult) string {
	if p.Selection == "changed" && !p.Since.IsZero() {
		return fmt.Sprintf(s.t(tPlanNothingSince), p.Since.Local().Format(s.ctx.Text(common.TDateLayout)))
	}
	return s.t(tPlanNothing)
}

// listErase reads what erasing would remove, to name it first.
func (s *Handover) listErase() tea.Cmd {
	s.gen++
	gen, sess, res, lang := s.gen, s.ctx.S, s.result, s.ctx.Lang
	layout, name := s.ctx.Text(common.TDateLayout), s.name
	eraseIntake, eraseResident, stats := s.t(tEraseIntake), s.t(tEraseResident), s.t(tEraseStats)
	return func() tea.Msg {
		all, err := sess.IntakesOf(res.ResidentID)
		if err != nil {
			return eraseListed{gen: gen, err: err}
		}
		var items []string
		left := false
		for _, in := range all {
			if !slices.Contains(res.IntakeIDs, in.ID) {
				left = true
				continue
			}
			items = append(items, fmt.Sprintf(eraseIntake, in.Created.Local().Format(layout), statusWord(lang, in.Status)))
		}
		if !left {
			items = append([]string{fmt.Sprintf(eraseResident, name)}, items...)
		}
		return eraseListed{gen: gen, items: append(items, stats)}
	}
}

func statusWord(lang string, st intake.Status) string {
	words := map[intake.Status][2]string{
		intake.StatusDraft: {"nog bezig", "in progress"}, intake.StatusOpen: {"open", "open"}, intake.StatusClosed: {"afgerond", "finished"},
	}
	w := words[st]
	if lang == intake.LangEN {
		return w[1]
	}
	return w[0]
}

func (s *Handover) erase() tea.Cmd {
	s.gen++
	s.state = hErasing
	gen, sess, res := s.gen, s.ctx.S, s.result
	return func() tea.Msg {
		e, err := sess.EraseHandedOver(res)
		return erasedMsg{gen: gen, res: e, err: err}
	}
}

// View draws the form, the plan, the progress and the result.
func (s *Handover) View() string {
	th, w := s.ctx.Theme, s.w
	var b strings.Builder
	b.WriteString("\n" + common.Wrap(th.Text, s.t(tHandoverIntro), w-4, "  ") + "\n\n")
	if s.refusal != "" {
		b.WriteString(common.Wrap(th.Error, s.refusal, w-4, "  ") + "\n")
		return common.Fit(b.String(), w, s.h)
	}
	if s.form == nil {
		b.WriteString("  " + th.Notice.Render(s.ctx.Text(common.TLoading)) + "\n")
		return common.Fit(b.String(), w, s.h)
	}
	focused := s.form.GetFocusedField()
	row := func(label string, f huh.Field) {
		b.WriteString(common.FieldRow(th, label, labelW, f, f == focused && (s.state == hIdle || s.state == hDone)))
	}
	row(s.t(tWhat), s.whatSel)
	row(s.t(tTo), s.toSel)
	if s.to == toColleague {
		row(s.t(tColleague), s.colleagueIn)
		row(s.t(tColleagueKey), s.keyIn)
	}
	row(s.t(tFolder), s.folderIn)
	b.WriteString("\n")
	switch s.state {
	case hWriting, hErasing:
		b.WriteString("  " + th.Notice.Render(s.t(tWriting)) + "\n")
		if s.state == hWriting {
			b.WriteString("  " + components.Progress(s.ctx, s.done, s.total, w-6) + "\n")
		}
	case hConfirm:
		b.WriteString(components.Confirm(s.ctx, s.t(tEraseQuestion), s.eraseItems, w))
		return common.Fit(b.String(), w, s.h)
	case hDone, hAsk:
		b.WriteString(s.resultView())
	default:
		b.WriteString(s.planView())
	}
	if s.errMsg != "" {
		b.WriteString(common.Wrap(th.Error, s.errMsg, w-4, "  ") + "\n")
	}
	if s.notice != "" {
		b.WriteString(common.Wrap(th.Notice, s.notice, w-4, "  ") + "\n")
	}
	return common.Fit(b.String(), w, s.h)
}

// planView says what would go.
func (s *Handover) planView() string {
	th, w := s.ctx.Theme, s.w
	if s.planErr != "" {
		return common.Wrap(th.Error, s.planErr, w-4, "  ") + "\n"
	}
	p := s.plan
	if s.to == toColleague {
		if s.Typing() && s.form.GetFocusedField() == s.keyIn {
			return common.Wrap(th.Muted, s.t(tKeyHint), w-4, "  ") + "\n"
		}
		if s.Typing() && s.form.GetFocusedField() == s.colleagueIn {
			return common.Wrap(th.Muted, s.t(tColleagueHint), w-4, "  ") + "\n"
		}
	}
	var text string
	switch {
	case p.Intakes == 0 && p.Erased+p.Withdrawn == 0:
		text = s.nothingText(p)
	case p.Intakes == 0:
		text = s.t(tPlanOnlyErased)
	case p.Selection == "resident":
		text = fmt.Sprintf(s.t(tPlanResident), conversations(s.ctx, p.Intakes))
	case p.Since.IsZero():
		text = fmt.Sprintf(s.t(tPlanChangedFirst), conversations(s.ctx, p.Intakes), residents(s.ctx, p.Residents))
	default:
		text = fmt.Sprintf(s.t(tPlanChanged), conversations(s.ctx, p.Intakes), residents(s.ctx, p.Residents),
			p.Since.Local().Format(s.ctx.Text(common.TDateLayout)))
	}
	if p.LeftOut > 0 {
		text += " " + fmt.Sprintf(s.t(tPlanLeftOut), conversations(s.ctx, p.LeftOut))
	}
	if p.Erased+p.Withdrawn > 0 {
		text += " " + fmt.Sprintf(s.t(tPlanErased), components.Count(s.ctx.Lang, p.Erased), components.Count(s.ctx.Lang, p.Withdrawn))
	}
	return common.Wrap(th.Text, text, w-4, "  ") + "\n"
}

// resultView is the plain result: how many, for whom, and where, in full.
func (s *Handover) resultView() string {
	th, w, r := s.ctx.Theme, s.w, s.result
	if r.Nothing() {
		return ""
	}
	n := conversations(s.ctx, r.Intakes)
	head := fmt.Sprintf(s.t(tWroteOffice), n)
	if s.to == toColleague && r.ResidentID != "" {
		head = fmt.Sprintf(s.t(tWroteColleague), n, s.name, common.Inert(strings.TrimSpace(s.colleague)))
	}
	var b strings.Builder
	b.WriteString(common.Wrap(th.Notice, head, w-4, "  ") + "\n")
	b.WriteString(common.PathLines(th.Text.Render, r.Path, w-4, "    ") + "\n")
	b.WriteString(common.Wrap(th.Muted, fmt.Sprintf(s.t(tSignatureBeside), filepath.Base(session.SignaturePath(r.Path))), w-4, "  ") + "\n")
	if s.state == hAsk {
		b.WriteString("\n" + common.Wrap(th.Label, fmt.Sprintf(s.t(tKeepOrErase), s.name), w-4, "  ") + "\n")
	}
	return b.String()
}
