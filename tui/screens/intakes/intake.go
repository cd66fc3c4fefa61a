// Package intakes is the conversation screen: the seven steps drawn from
// the conversation's definition (tui/form), the notes pane, a follow-up
// contact, and what the resident view shows.
package intakes

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/form"
)

type mode int

const (
	modeFlow     mode = iota // the steps of the conversation
	modeFollowUp             // a follow-up contact on an existing conversation
)

// part is what draws a step: a form, or the scan grid.
type part interface {
	Update(tea.Msg) tea.Cmd
	View() string
	Keys() []key.Binding
	Notice() string
}

type loadedMsg struct {
	id     string
	ed     *session.Editor
	whence whence
	err    error
}

// whence is where a conversation came from (read in from a laptop) or
// went to (its resident handed over to a colleague), if either.
type whence struct {
	origin     session.Origin
	fromLaptop bool
	mark       session.HandedOver
	handedOver bool
}

// Screen is the conversation.
type Screen struct {
	ctx  *common.Context
	ed   *session.Editor
	mode mode
	step int // index into the definition's steps

	parts     map[int]part
	notes     *form.Form
	follow    *form.Form
	showNotes bool

	loadID  string
	at      intake.FlowStep // the step to show once loaded ("" where it was left)
	loading bool
	loadErr string
	whence  string // where the conversation came from or went to, drawn on the last line
	w, h    int
}

var (
	_ common.Screen         = (*Screen)(nil)
	_ common.Locker         = (*Screen)(nil)
	_ common.Unsaved        = (*Screen)(nil)
	_ common.ResidentShower = (*Screen)(nil)
)

// New starts a new conversation, for a new resident (residentID "") or an
// existing one. Nothing is written until the first change.
func New(ctx *common.Context, residentID string) (*Screen, error) {
	ed, err := ctx.S.NewIntake(residentID)
	if err != nil {
		return nil, err
	}
	s := &Screen{ctx: ctx, ed: ed, w: 80, h: 22}
	s.build()
	return s, nil
}

// Open continues a conversation where it was left; it is read in Init.
func Open(ctx *common.Context, id string) *Screen {
	return &Screen{ctx: ctx, loadID: id, loading: true, w: 80, h: 22}
}

// OpenAt opens a conversation at step (the agenda: the step an item is
// about), without moving where the conversation was left.
func OpenAt(ctx *common.Context, id string, step intake.FlowStep) *Screen {
	s := Open(ctx, id)
	s.at = step
	return s
}

// FollowUp adds a follow-up contact to a conversation.
func FollowUp(ctx *common.Context, id string) *Screen {
	s := Open(ctx, id)
	s.mode = modeFollowUp
	return s
}

// Init reads the conversation to open.
func (s *Screen) Init() tea.Cmd {
	if s.loadID == "" {
		return nil
	}
	return s.load()
}

func (s *Screen) load() tea.Cmd {
	s.loading = true
	id, sess := s.loadID, s.ctx.S
	return func() tea.Msg {
		ed, err := sess.OpenIntake(id)
		if err != nil {
			return loadedMsg{id: id, err: err}
		}
		return loadedMsg{id: id, ed: ed, whence: whenceOf(sess, ed)}
	}
}

// whenceOf reads where a conversation came from and where its resident
// went. Neither is essential to the conversation: a store that keeps no
// such records, or a role that may not read them, shows neither.
func whenceOf(sess *session.Session, ed *session.Editor) whence {
	var w whence
	in := ed.Draft().Intake
	w.origin, w.fromLaptop, _ = sess.Origin(in.ID)
	if in.ResidentID != "" {
		w.mark, w.handedOver, _ = sess.HandedOverMark(in.ResidentID)
	}
	return w
}

// whenceLine is that, in words.
func (s *Screen) whenceLine(w whence) string {
	t := func(id textID) string { return texts.Get(s.ctx.Lang, id) }
	layout := s.ctx.Text(common.TDateLayout)
	var parts []string
	if w.fromLaptop {
		parts = append(parts, fmt.Sprintf(t(tImportedFrom), "\u201c"+common.Inert(w.origin.Laptop)+"\u201d",
			common.Inert(w.origin.User), w.origin.Signed.Local().Format(layout)))
	}
	if w.handedOver {
		parts = append(parts, fmt.Sprintf(t(tHandedOverTo), common.Inert(w.mark.To), w.mark.At.Local().Format(layout)))
	}
	return strings.Join(parts, " ")
}

func (s *Screen) def() *conversation.Definition { return s.ctx.S.Definition() }

// build makes the parts for the editor's conversation and goes to its step.
func (s *Screen) build() {
	s.parts = map[int]part{}
	d := s.def()
	s.notes = form.New(s.ctx, s.ed, []*conversation.Field{d.Notes}, intake.T(texts.NL[tNotesRule], texts.EN[tNotesRule]))
	if s.mode == modeFollowUp {
		s.follow = form.New(s.ctx, s.ed, d.FollowUp.Fields, d.FollowUp.Intro)
		s.follow.Focus()
	}
	s.step = 0
	for i, st := range d.Steps {
		if st.ID == s.ed.Draft().Intake.Step {
			s.step = i
		}
	}
	s.resize()
}

func (s *Screen) part(i int) part {
	if p, ok := s.parts[i]; ok {
		return p
	}
	st := s.def().Steps[i]
	var p part
	if st.ID == intake.StepScan {
		p = form.NewScan(s.ctx, s.ed, st)
	} else {
		f := form.New(s.ctx, s.ed, st.Fields, st.Intro)
		if st.Resident {
			f.ShowLarge()
		}
		f.Focus()
		p = f
	}
	p.Update(common.SizeMsg{Width: s.w, Height: s.bodyH()})
	s.parts[i] = p
	return p
}

// cur is the part on screen.
func (s *Screen) cur() part {
	switch {
	case s.showNotes:
		return s.notes
	case s.mode == modeFollowUp:
		return s.follow
	}
	return s.part(s.step)
}

// bodyH leaves a line for the save banner.
func (s *Screen) bodyH() int { return max(3, s.h-1) }

func (s *Screen) resize() {
	size := common.SizeMsg{Width: s.w, Height: s.bodyH()}
	for _, p := range s.parts {
		p.Update(size)
	}
	if s.notes != nil {
		s.notes.Update(size)
	}
	if s.follow != nil {
		s.follow.Update(size)
	}
}

// Title is "3/7 Hoe gaat het? · ab12cd34".
func (s *Screen) Title() string {
	if s.ed == nil {
		return ""
	}
	id := " · " + common.ShortID(s.ed.ID())
	switch {
	case s.showNotes:
		return texts.Get(s.ctx.Lang, tNotesTitle) + id
	case s.mode == modeFollowUp:
		return texts.Get(s.ctx.Lang, tFollowUp) + id
	}
	steps := s.def().Steps
	return strconv.Itoa(s.step+1) + "/" + strconv.Itoa(len(steps)) + " " + s.ctx.T(steps[s.step].Title) + id
}

// Typing reports whether a text field has the keyboard.
func (s *Screen) Typing() bool {
	if s.ed == nil || s.loading {
		return false
	}
	if f, ok := s.cur().(*form.Form); ok {
		return f.Typing()
	}
	return false
}

// Keys: the way forward first (the help line drops keys from the end).
func (s *Screen) Keys() []key.Binding {
	t := func(id textID) string { return texts.Get(s.ctx.Lang, id) }
	if s.ed == nil {
		return []key.Binding{common.Binding([]string{"esc"}, "esc", t(tHome))}
	}
	if f, ok := s.cur().(*form.Form); ok && f.Asking() {
		return nil
	}
	var ks []key.Binding
	switch {
	case s.showNotes:
		ks = append(ks, common.Binding([]string{"f4", "esc"}, "F4/esc", t(tNotesClose)))
	case s.mode == modeFollowUp:
		ks = append(ks, common.Binding([]string{"pgdown"}, "pgdn", t(tContinue)))
	case s.step == len(s.def().Steps)-1:
		ks = append(ks, common.Binding([]string{"pgdown"}, "pgdn", t(tFinish)))
	default:
		ks = append(ks, common.Binding([]string{"pgdown"}, "pgdn", t(tNextStep)))
	}
	ks = append(ks, s.cur().Keys()...)
	if !s.showNotes {
		ks = append(ks, common.Binding([]string{"f4"}, "F4", t(tNotes)))
		if s.mode == modeFlow {
			ks = append(ks, common.Binding([]string{"pgup", "esc"}, "pgup/esc", t(tPrevStep)))
		}
		if s.ed.Saved() {
			ks = append(ks, common.Binding([]string{"f6"}, "F6", t(tPapers)))
		}
	}
	if s.mode == modeFollowUp && !s.showNotes {
		return append(ks, common.Binding([]string{"ctrl+o", "esc"}, "ctrl+o/esc", t(tHome)))
	}
	return append(ks, common.Binding([]string{"ctrl+o"}, "ctrl+o", t(tHome)))
}

// Update routes keys to the step on screen, and handles moving between
// steps.
func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		return s.loaded(msg)
	case form.DoneMsg: // enter on a form's last field: the next step
		if s.ed == nil || s.showNotes {
			return nil
		}
		return s.next()
	case common.SizeMsg:
		s.w, s.h = msg.Width, msg.Height
		if s.ed != nil && !s.ed.Wiped() {
			s.resize()
		}
		return nil
	}
	if s.loading || s.ed == nil || s.ed.Wiped() {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch k.String() {
			case "esc", "enter", "ctrl+o":
				return common.Send(common.GoHomeMsg{})
			}
		}
		return nil
	}
	if f, ok := s.cur().(*form.Form); ok && f.Asking() {
		return f.Update(msg) // a question is on screen: every key answers it
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "f4":
			s.showNotes = !s.showNotes
			if s.showNotes {
				s.notes.Reset()
				s.notes.Focus()
			}
			return nil
		case "esc":
			if s.showNotes {
				s.showNotes = false
				return nil
			}
			if s.mode == modeFollowUp || s.step == 0 {
				return s.leave()
			}
			return s.goStep(s.step - 1)
		case "ctrl+o":
			return s.leave()
		case "f6":
			if !s.showNotes && s.ed.Saved() {
				return common.Send(common.PapersMsg{IntakeID: s.ed.ID()})
			}
			return nil
		case "pgdown":
			if s.showNotes {
				return nil
			}
			return s.next()
		case "pgup":
			if s.showNotes || s.mode == modeFollowUp {
				return nil
			}
			return s.goStep(s.step - 1)
		}
	}
	return s.cur().Update(msg)
}

func (s *Screen) next() tea.Cmd {
	if s.mode == modeFollowUp {
		s.mode = modeFlow // continue the conversation itself, at its step
		s.follow = nil
		return nil
	}
	if s.step == len(s.def().Steps)-1 {
		s.ed.Finish()
		return common.Send(common.GoHomeMsg{})
	}
	return s.goStep(s.step + 1)
}

// goStep moves to another step and saves where the conversation is.
func (s *Screen) goStep(i int) tea.Cmd {
	if i < 0 || i >= len(s.def().Steps) || i == s.step {
		return nil
	}
	s.step = i
	s.ed.SetStep(s.def().Steps[i].ID)
	if f, ok := s.part(i).(*form.Form); ok {
		f.Reset() // earlier steps may have changed what this one shows
		f.Focus()
	}
	return nil
}

// leave goes back to the list; a draft stays a draft.
func (s *Screen) leave() tea.Cmd { return common.Send(common.GoHomeMsg{}) }

func (s *Screen) loaded(m loadedMsg) tea.Cmd {
	if m.id != s.loadID || !s.loading {
		return nil
	}
	s.loading = false
	if m.err != nil {
		s.loadErr = s.ctx.ErrorText(m.err)
		return nil
	}
	reloaded := s.ed != nil
	s.ed = m.ed
	s.whence = s.whenceLine(m.whence)
	if reloaded {
		// Read again after unlocking: keep the step and the notes pane.
		step, notes := s.step, s.showNotes
		s.build()
		s.step, s.showNotes = step, notes
		return nil
	}
	if s.ed.Draft().Intake.Status == intake.StatusClosed && s.mode == modeFlow {
		s.ed.Draft().Intake.Step = intake.StepClosure // a closed conversation opens at its closure
	}
	s.build()
	if s.at != "" && s.mode == modeFlow {
		for i, st := range s.def().Steps {
			if st.ID == s.at {
				s.step = i
			}
		}
	}
	return nil
}

// Locked drops the conversation from memory; Unlocked reads it again.
func (s *Screen) Locked() {
	if s.ed == nil {
		return
	}
	s.ed.Wipe()
	for _, p := range s.parts {
		if f, ok := p.(*form.Form); ok {
			f.Wipe()
		}
	}
	s.parts = map[int]part{}
	if s.notes != nil {
		s.notes.Wipe()
	}
	if s.follow != nil {
		s.follow.Wipe()
	}
	s.loadID = s.ed.ID()
	s.whence = ""
}

// Unlocked reads the conversation again.
func (s *Screen) Unlocked() tea.Cmd {
	if s.ed == nil || !s.ed.Wiped() {
		return nil
	}
	return s.load()
}

// Unsaved says what would be lost when the app stopped now: a change
// whose save failed.
func (s *Screen) Unsaved() string {
	if s.ed == nil || s.ed.SaveErr() == nil {
		return ""
	}
	return s.ctx.ErrorText(s.ed.SaveErr())
}

// View draws the step, with the save banner on the last line.
func (s *Screen) View() string {
	th := s.ctx.Theme
	if s.loading {
		return "\n  " + th.Notice.Render(s.ctx.Text(common.TLoading))
	}
	if s.loadErr != "" {
		return "\n  " + th.Error.Render(texts.Get(s.ctx.Lang, tLoadFailed)) + "\n\n" + common.Wrap(th.Text, s.loadErr, s.w-4, "  ")
	}
	if s.ed == nil || s.ed.Wiped() {
		return ""
	}
	p := s.cur()
	body := common.Fit(p.View(), s.w, s.bodyH())
	last := ""
	if s.whence != "" {
		last = " " + th.Muted.Render(ansi.Truncate(s.whence, s.w-2, "…"))
	}
	if err := s.ed.SaveErr(); err != nil {
		last = " " + th.Error.Render(texts.Get(s.ctx.Lang, tNotSaved)+" "+s.ctx.ErrorText(err))
	}
	return body + "\n" + last
}

// ResidentView is what the resident reads (F2): the clarified question,
// the agreements and the deadlines.
func (s *Screen) ResidentView() (common.ResidentContent, bool) {
	if s.ed == nil || s.loading || s.ed.Wiped() || s.ed.Draft().Intake.Created.IsZero() {
		return common.ResidentContent{}, false
	}
	in := s.ed.Draft().Intake
	rc := common.ResidentContent{Clarified: in.ClarifiedQuestion}
	for _, a := range in.Agreements {
		rc.Agreements = append(rc.Agreements, AgreementLine(s.ctx, a))
	}
	today := intake.DateOf(s.ctx.Now())
	for _, d := range in.Deadlines() {
		rc.Deadlines = append(rc.Deadlines, "• "+common.Inert(s.ctx.T(conversation.DeadlineLine(d, today))))
	}
	return rc, true
}

// AgreementLine is one agreement for the resident: who, what, by when.
func AgreementLine(ctx *common.Context, a intake.Agreement) string {
	t := func(id textID) string { return texts.Get(ctx.Lang, id) }
	who := map[intake.Party]string{
		intake.PartyResident: t(tPartyResident), intake.PartySupporter: t(tPartySupporter),
		intake.PartyKompaan: t(tPartyKompaan), intake.PartyNetwork: t(tPartyNetwork), intake.PartyAgency: t(tPartyAgency),
	}[a.Who]
	if a.Who == intake.PartyAgency && a.Agency != "" {
		who = ctx.T(ctx.Cat().AgencyName(a.Agency))
	}
	line := fmt.Sprintf(t(tResAgreement), who, common.Inert(a.What))
	switch {
	case a.Done && !a.DoneOn.IsZero():
		line += " (" + fmt.Sprintf(t(tDoneOn), a.DoneOn.Format(ctx.Lang)) + ")"
	case !a.By.IsZero():
		line += " (" + fmt.Sprintf(t(tByDate), a.By.Format(ctx.Lang)) + ")"
	}
	return "• " + strings.TrimSpace(line)
}
