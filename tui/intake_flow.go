package tui

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
)

// The guided intake: one screen (intakeScreen) that walks through the steps
// of DESIGN §2, each step in its own file, all sharing one controller
// (intakeCtl) that holds the intake being edited and saves it.
//
// Saving: every committed change (a typed or deleted character, a choice,
// a scan step) and every step change is written to the vault at once,
// synchronously, before the next key is handled. The intake carries its
// FlowStep, so a draft that is opened again resumes at the same step with
// everything typed. Nothing waits for a timer, so nothing is lost when the
// app locks (the vault is locked before the screen hears of it) or quits.
// Without consent only the coded fields are saved (intake.StripPersonal):
// an anonymous contact that still counts.

// intakeStep is one step of the conversation (or the follow-up form).
type intakeStep interface {
	update(msg tea.Msg) tea.Cmd
	view(w, h int) string
	help() []helpItem
	typing() bool
	sync() // read the values again from the controller
	wipe() // forget typed text (on lock)
}

// intakeCtl holds the intake being edited and saves it.
type intakeCtl struct {
	e        *env
	in       intake.Intake
	res      intake.Resident // the resident; ID "" when there is none yet
	saved    bool            // the intake exists in the vault
	resDirty bool            // the resident changed since it was last written
	dropID   string          // consent withdrawn, intake not yet saved without it: the resident to delete once it is
	errMsg   string          // the last save failed: one plain sentence
	errs     intake.FieldErrors
}

func newIntakeCtl(e *env) *intakeCtl {
	return &intakeCtl{e: e, in: intake.NewIntake(e.now())}
}

// consent reports whether personal fields may be kept.
func (c *intakeCtl) consent() bool { return c.in.Consent.Has(intake.ScopeNotes) }

// consentState is the state of a personal field: off, with a note, without consent.
func (c *intakeCtl) consentState() (bool, string) {
	if c.consent() {
		return true, ""
	}
	return false, c.e.tx.get(tINoConsentField)
}

// save writes the intake (and the resident, when it changed) to the vault
// now. Without consent the personal fields are left out of what is
// written, and no resident is written. It reports whether the intake was
// written; when not, errMsg says why.
func (c *intakeCtl) save() bool {
	now := c.e.now()
	if now.Before(c.in.Created) {
		now = c.in.Created
	}
	if c.resDirty && c.consent() && strings.TrimSpace(c.res.Pseudonym) != "" {
		// The resident is written on its first keystroke, then on each change.
		if c.res.ID == "" {
			c.res.ID = intake.NewID()
			c.res.Created = now
		}
		r := c.res
		r.TargetGroups = slices.Clone(r.TargetGroups)
		if err := c.e.vault.SaveResident(r); err != nil {
			c.errMsg = errorText(c.e.tx, err)
			return false
		}
		c.resDirty = false
		c.in.ResidentID = c.res.ID
	}
	c.in.Updated = now
	out := cloneIntake(c.in)
	if !out.Consent.Has(intake.ScopeNotes) {
		out.StripPersonal()
	}
	if err := c.e.vault.SaveIntake(out); err != nil {
		c.errMsg = errorText(c.e.tx, err)
		return false
	}
	c.saved, c.errMsg = true, ""
	c.errs = out.Validate(c.e.cat, c.e.now())
	if id := c.dropID; id != "" && !out.Consent.Given {
		// A withdrawal whose save failed: the intake without consent is
		// now in the vault, so the resident it pointed to can go.
		c.dropID = ""
		c.dropResident(id)
	}
	return true
}

// setConsent gives or withdraws consent. Withdrawing removes every
// personal field at once, in memory and in the vault.
//
// The resident record is deleted only after the intake without consent
// (and without ResidentID) is in the vault: if that save fails, the stored
// intake still points to the resident, and deleting it would leave a
// dangling reference. The deletion then waits for the next save that
// succeeds (every keystroke saves); giving consent again cancels it.
func (c *intakeCtl) setConsent(given bool) {
	if given == c.in.Consent.Given {
		return
	}
	if !given {
		resID := c.in.ResidentID
		if resID == "" {
			resID = c.res.ID
		}
		c.in.WithdrawConsent(c.e.now())
		if c.save() {
			c.dropResident(resID)
		} else {
			c.dropID = resID // after the next save that succeeds
		}
		return
	}
	c.dropID = ""
	c.in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: c.e.now()}
	if c.res.ID != "" {
		c.in.ResidentID = c.res.ID
	}
	c.save()
}

// dropResident deletes the resident record (pseudonym, contact, year of
// birth) after consent was withdrawn, unless another intake still belongs
// to that resident: then only this intake is unlinked.
func (c *intakeCtl) dropResident(id string) {
	if id == "" {
		return
	}
	headers, err := c.e.vault.IntakeHeaders()
	if err != nil {
		c.errMsg = errorText(c.e.tx, err)
		return
	}
	for _, h := range headers {
		if h.ResidentID == id && h.ID != c.in.ID {
			return // kept for the other intake; this one is unlinked
		}
	}
	if err := c.e.vault.DeleteResident(id); err != nil {
		c.errMsg = errorText(c.e.tx, err)
		return
	}
	c.res = intake.Resident{}
	c.resDirty = false
}

// errFor returns the first validation message for a field path (or one
// below it), in the app's language.
func (c *intakeCtl) errFor(path string) string {
	if path == "" {
		return ""
	}
	for _, fe := range c.errs {
		if fe.Field == path || strings.HasPrefix(fe.Field, path+".") || strings.HasPrefix(fe.Field, path+"[") {
			return fe.Msg.In(c.e.lang)
		}
	}
	return ""
}

// clar returns the clarification of domain d (zero if there is none).
func (c *intakeCtl) clar(d intake.DomainCode) intake.Clarification {
	cl, _ := c.in.Clarification(d)
	return cl
}

// editClar changes the clarification of domain d, adding it if needed.
func (c *intakeCtl) editClar(d intake.DomainCode, fn func(*intake.Clarification)) {
	for i := range c.in.Clarifications {
		if c.in.Clarifications[i].Domain == d {
			fn(&c.in.Clarifications[i])
			return
		}
	}
	c.in.Clarifications = append(c.in.Clarifications, intake.Clarification{Domain: d})
	fn(&c.in.Clarifications[len(c.in.Clarifications)-1])
}

// wipe forgets the intake and resident (on lock); the IDs stay, to read
// them again.
func (c *intakeCtl) wipe() {
	id, resID := c.in.ID, c.res.ID
	c.in = intake.Intake{ID: id}
	c.res = intake.Resident{ID: resID}
	c.errs = nil
}

// cloneIntake copies in deeply, so the copy handed to the vault shares no
// maps or slices with the one being edited.
func cloneIntake(in intake.Intake) intake.Intake {
	out := in
	out.Scan = maps.Clone(in.Scan)
	out.Consent.Scopes = slices.Clone(in.Consent.Scopes)
	out.Clarifications = slices.Clone(in.Clarifications)
	for i := range out.Clarifications {
		cl := &out.Clarifications[i]
		cl.Agencies = slices.Clone(cl.Agencies)
		cl.Letters = slices.Clone(cl.Letters)
	}
	out.Agencies = slices.Clone(in.Agencies)
	out.Agreements = slices.Clone(in.Agreements)
	out.Referrals = slices.Clone(in.Referrals)
	out.Contacts = slices.Clone(in.Contacts)
	out.Notes = slices.Clone(in.Notes)
	return out
}

// parseDay reads a day typed in the language's layout; leading zeros may
// be left out ("3-4-2026").
func parseDay(layout, s string) (time.Time, error) {
	t, err := time.Parse(layout, s)
	if err == nil {
		return t, nil
	}
	loose := strings.Replace(strings.Replace(layout, "02", "2", 1), "01", "1", 1)
	return time.Parse(loose, s)
}

// ---- the screen ----

type intakeMode int

const (
	modeFlow     intakeMode = iota // the steps of the conversation
	modeFollowUp                   // a follow-up contact on an existing intake
)

type intakeFlowLoadedMsg struct {
	id  string
	in  intake.Intake
	res intake.Resident
	err error
}

// intakeScreen is the guided intake: the current step, the notes pane and
// the controller.
type intakeScreen struct {
	e         *env
	c         *intakeCtl
	mode      intakeMode
	step      intake.FlowStep
	steps     map[intake.FlowStep]intakeStep
	follow    intakeStep
	notes     *notesPane
	showNotes bool

	loadID   string // intake to read from the vault ("" for a new one)
	loading  bool
	loadErr  string
	reloaded bool // read again after unlocking: keep step and focus
}

var (
	_ screen          = (*intakeScreen)(nil)
	_ lockAware       = (*intakeScreen)(nil)
	_ residentContent = (*intakeScreen)(nil)
)

// newIntakeFlow starts a new intake, for a new resident (residentID "") or
// an existing one. Nothing is written until the first change.
func newIntakeFlow(e *env, residentID string) *intakeScreen {
	s := &intakeScreen{e: e, c: newIntakeCtl(e), mode: modeFlow, step: intake.StepStart}
	stampUser(e, &s.c.in)
	if residentID != "" && !e.isKompaan() { // a kompaan starts with a new resident
		if r, err := e.vault.Resident(residentID); err == nil {
			s.c.res = r
			s.c.res.TargetGroups = slices.Clone(r.TargetGroups)
		}
	}
	s.build()
	return s
}

// openIntakeFlow continues an intake where it was left.
func openIntakeFlow(e *env, id string) *intakeScreen {
	s := &intakeScreen{e: e, c: newIntakeCtl(e), mode: modeFlow, loadID: id}
	s.c.in = intake.Intake{ID: id}
	return s
}

// openFollowUp adds a follow-up contact to an intake.
func openFollowUp(e *env, id string) *intakeScreen {
	s := openIntakeFlow(e, id)
	s.mode = modeFollowUp
	return s
}

func (s *intakeScreen) init() tea.Cmd {
	if s.loadID == "" {
		return nil
	}
	return s.load()
}

func (s *intakeScreen) load() tea.Cmd {
	s.loading = true
	id, v, e := s.loadID, s.e.vault, s.e
	return func() tea.Msg {
		in, err := v.Intake(id)
		if err != nil {
			return intakeFlowLoadedMsg{id: id, err: err}
		}
		if !e.mayOpen(&in) {
			return intakeFlowLoadedMsg{id: id, err: errNotYours}
		}
		in = cloneIntake(in)
		var res intake.Resident
		if in.ResidentID != "" {
			if r, err := v.Resident(in.ResidentID); err == nil {
				res = r
				res.TargetGroups = slices.Clone(r.TargetGroups)
			}
		}
		return intakeFlowLoadedMsg{id: id, in: in, res: res}
	}
}

// build makes the step screens for the controller's intake.
func (s *intakeScreen) build() {
	s.steps = map[intake.FlowStep]intakeStep{
		intake.StepStart:      newStartStep(s.e, s.c),
		intake.StepQuestion:   newQuestionStep(s.e, s.c),
		intake.StepScan:       newScanStep(s.e, s.c),
		intake.StepClarify:    newClarifyStep(s.e, s.c),
		intake.StepClarified:  newClarifiedStep(s.e, s.c),
		intake.StepAgreements: newAgreementsStep(s.e, s.c),
		intake.StepClosure:    newClosureStep(s.e, s.c),
	}
	s.notes = newNotesPane(s.e, s.c)
	if s.mode == modeFollowUp {
		s.follow = newFollowUpStep(s.e, s.c)
	}
}

func (s *intakeScreen) cur() intakeStep {
	if s.showNotes && s.notes != nil {
		return s.notes
	}
	if s.mode == modeFollowUp && s.follow != nil {
		return s.follow
	}
	if st, ok := s.steps[s.step]; ok {
		return st
	}
	return nil
}

// locked forgets everything typed: the vault already holds it.
func (s *intakeScreen) locked() {
	if s.c.saved || s.loadID != "" {
		s.loadID = s.c.in.ID
	}
	s.c.wipe()
	for _, st := range s.steps {
		st.wipe()
	}
	if s.follow != nil {
		s.follow.wipe()
	}
	if s.notes != nil {
		s.notes.wipe()
	}
	s.loading = false
}

// unlocked reads the intake again; the step, the focus and the notes pane
// stay as they were.
func (s *intakeScreen) unlocked() tea.Cmd {
	if s.loadID == "" { // never saved: nothing was typed yet
		s.c.in = intake.NewIntake(s.e.now())
		stampUser(s.e, &s.c.in)
		s.syncAll()
		return nil
	}
	s.reloaded = true
	return s.load()
}

func (s *intakeScreen) syncAll() {
	for _, st := range s.steps {
		st.sync()
	}
	if s.follow != nil {
		s.follow.sync()
	}
	if s.notes != nil {
		s.notes.sync()
	}
}

func (s *intakeScreen) title() string {
	tx := s.e.tx
	if s.mode == modeFollowUp {
		return tx.get(tFollowUp)
	}
	i := max(0, s.step.Index())
	return stepTitle(tx, i)
}

// stepTitle is "3/7 Hoe gaat het?".
func stepTitle(tx texts, i int) string {
	names := []textID{tIStepStart, tIStepQuestion, tIStepScan, tIStepClarify, tIStepClarified, tIStepAgreements, tIStepClosure}
	return strconv.Itoa(i+1) + "/" + strconv.Itoa(len(names)) + " " + tx.get(names[i])
}

func (s *intakeScreen) typing() bool {
	if st := s.cur(); st != nil && !s.loading {
		return st.typing()
	}
	return false
}

func (s *intakeScreen) help() []helpItem {
	tx := s.e.tx
	var steps []helpItem
	if st := s.cur(); st != nil {
		steps = st.help()
	}
	if s.showNotes {
		return append(steps, helpItem{"esc", tx.get(tClose)})
	}
	// The help line drops items from the end when it is too narrow: the
	// way forward comes first.
	var items []helpItem
	if s.mode == modeFlow {
		items = append(items, helpItem{"pgdn", tx.get(tINextStep)})
		if s.step == intake.StepClosure && s.c.saved {
			// At the end: the papers for the resident (export.go).
			items = append(items, helpItem{"F6", tx.get(tHelpPapers)})
		}
	} else {
		items = append(items, helpItem{"pgdn", tx.get(tIContinue)})
	}
	items = append(items, steps...)
	items = append(items, helpItem{"F4", tx.get(tNotes)}, helpItem{"esc", tx.get(tBack)})
	if s.mode == modeFlow {
		items = append(items, helpItem{"pgup", tx.get(tIPrevStep)})
		if s.step != intake.StepClosure && s.c.saved {
			items = append(items, helpItem{"F6", tx.get(tHelpPapers)})
		}
	}
	return append(items, helpItem{"ctrl+o", tx.get(tHomeTitle)})
}

func (s *intakeScreen) residentView() (string, []string, bool) {
	if s.loading || s.c.in.Created.IsZero() {
		return "", nil, false
	}
	var ag []string
	for _, a := range s.c.in.Agreements {
		ag = append(ag, agreementLine(s.e, a))
	}
	return s.c.in.ClarifiedQuestion, ag, true
}

// goStep moves to another step and saves the step.
func (s *intakeScreen) goStep(to intake.FlowStep) tea.Cmd {
	if to == s.step {
		return nil
	}
	s.step = to
	s.c.in.Step = to
	s.c.save()
	if st, ok := s.steps[to]; ok {
		st.sync()
		if en, ok := st.(interface{ enter() tea.Cmd }); ok {
			return en.enter()
		}
	}
	return nil
}

// finish leaves the conversation: a draft becomes open.
func (s *intakeScreen) finish() tea.Cmd {
	if s.c.in.Status == intake.StatusDraft {
		if s.c.in.SetStatus(intake.StatusOpen, s.e.now()) == nil {
			s.c.save()
		}
	}
	return send(goHomeMsg{})
}

func (s *intakeScreen) update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(intakeFlowLoadedMsg); ok {
		return s.loaded(m)
	}
	if s.loading {
		if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "esc" {
			return send(goHomeMsg{})
		}
		return nil
	}
	if s.loadErr != "" || s.steps == nil {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch k.String() {
			case "esc", "enter", "ctrl+o":
				return send(goHomeMsg{})
			}
		}
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "f4":
			s.showNotes = !s.showNotes
			if s.showNotes {
				s.notes.sync()
				return s.notes.focus()
			}
			return nil
		case "ctrl+o":
			return send(goHomeMsg{})
		case "f6":
			if s.mode == modeFlow && !s.showNotes && s.c.saved {
				return openPapers(s.e, s, s.c.in.ID)
			}
			return nil
		case "esc":
			if s.showNotes {
				s.showNotes = false
				return nil
			}
			if s.mode == modeFollowUp || s.step == intake.StepStart {
				return send(goHomeMsg{})
			}
			return s.goStep(s.step.Prev())
		case "pgdown":
			if s.showNotes {
				break
			}
			return s.next()
		case "pgup":
			if s.showNotes || s.mode == modeFollowUp {
				break
			}
			return s.goStep(s.step.Prev())
		}
	}
	if _, ok := msg.(stepDoneMsg); ok {
		if s.showNotes {
			return nil
		}
		return s.next()
	}
	st := s.cur()
	if st == nil {
		return nil
	}
	return st.update(msg)
}

// stepDoneMsg: a step says it is finished (enter on its last field).
type stepDoneMsg struct{}

func (s *intakeScreen) next() tea.Cmd {
	if s.mode == modeFollowUp {
		// Continue the conversation itself, at its step.
		s.mode = modeFlow
		s.follow = nil
		if st, ok := s.steps[s.step]; ok {
			st.sync()
		}
		return nil
	}
	if s.step == intake.StepClosure {
		return s.finish()
	}
	return s.goStep(s.step.Next())
}

func (s *intakeScreen) loaded(m intakeFlowLoadedMsg) tea.Cmd {
	if m.id != s.loadID || !s.loading {
		return nil
	}
	s.loading = false
	if m.err != nil {
		s.loadErr = errorText(s.e.tx, m.err)
		return nil
	}
	s.c.in, s.c.res, s.c.saved = m.in, m.res, true
	if s.c.in.Status == intake.StatusClosed && s.mode == modeFlow && !s.reloaded {
		// Opening a closed intake continues at its closure.
		s.c.in.Step = intake.StepClosure
	}
	if !s.reloaded {
		s.step = s.c.in.Step
		if !s.step.Valid() {
			s.step = intake.StepStart
		}
	}
	if s.steps == nil {
		s.build()
		if s.mode == modeFollowUp {
			s.follow.sync()
		}
	} else {
		s.syncAll()
	}
	s.reloaded = false
	if s.showNotes {
		return s.notes.focus()
	}
	return nil
}

func (s *intakeScreen) view(w, h int) string {
	tx, th := s.e.tx, s.e.th
	if s.loading {
		return "\n  " + th.Notice.Render(tx.get(tLoading))
	}
	if s.loadErr != "" {
		return "\n  " + th.Error.Render(s.loadErr)
	}
	st := s.cur()
	if st == nil {
		return ""
	}
	if s.c.errMsg != "" {
		body := st.view(w, h-1)
		return fit(body, w, h-1) + "\n " + th.Error.Render(tx.get(tINotSaved)+" "+s.c.errMsg)
	}
	return st.view(w, h)
}
