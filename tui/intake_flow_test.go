package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
)

// press sends keys by name ("tab", "pgdown", …) or as typed text.
func press(a *App, keys ...string) {
	for _, k := range keys {
		run(a, flowKey(k))
	}
}

func typeIn(a *App, text string) {
	for _, r := range text {
		run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func flowKey(s string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"pgdown":    {Code: tea.KeyPgDown},
		"pgup":      {Code: tea.KeyPgUp},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"space":     {Code: tea.KeySpace, Text: " "},
		"f4":        {Code: tea.KeyF4},
		"delete":    {Code: tea.KeyDelete},
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
	}
	if k, ok := named[s]; ok {
		return k
	}
	return keyMsg(s)
}

func plain(a *App) string { return ansi.Strip(a.render()) }

// newFlow unlocks an app on v and starts a new intake for a new resident.
func newFlow(t *testing.T, v *fakeVault) (*App, *intakeScreen) {
	t.Helper()
	a := unlockedApp(t, v, &clock{day0}, -1)
	press(a, "ctrl+n")
	s, ok := a.cur.(*intakeScreen)
	if !ok {
		t.Fatalf("ctrl+n opened %T", a.cur)
	}
	return a, s
}

func savedIntake(t *testing.T, v *fakeVault, id string) intake.Intake {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, in := range v.intakes {
		if in.ID == id {
			return in
		}
	}
	t.Fatalf("intake %s not saved", id)
	return intake.Intake{}
}

func savedResident(t *testing.T, v *fakeVault, id string) intake.Resident {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, r := range v.residents {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("resident %s not saved", id)
	return intake.Resident{}
}

func saves(v *fakeVault) int { v.mu.Lock(); defer v.mu.Unlock(); return v.saves }

// withConsent starts a new intake and gives consent (the eighth field).
func withConsent(t *testing.T, v *fakeVault) (*App, *intakeScreen) {
	t.Helper()
	a, s := newFlow(t, v)
	press(a, "tab", "tab", "tab", "tab", "tab", "space") // consent; kompaan, network off hide their names
	if !s.c.in.Consent.Given {
		t.Fatalf("consent not given; focus on %T", s.steps[intake.StepStart].(*formStep).f.current())
	}
	return a, s
}

func TestStartSavesEveryChange(t *testing.T) {
	v := sampleVault()
	a, s := newFlow(t, v)
	before := saves(v)
	press(a, "right") // location
	if saves(v) != before+1 {
		t.Fatalf("choosing a location saved %d times, want 1", saves(v)-before)
	}
	id := s.c.in.ID
	if got := savedIntake(t, v, id); got.Location != intake.DefaultCatalogue().Locations[0].Code || got.Step != intake.StepStart || got.Status != intake.StatusDraft {
		t.Fatalf("saved %+v", got)
	}
	press(a, "tab", "tab", "space", "tab") // kompaan present, its name
	typeIn(a, "Kees")
	if got := savedIntake(t, v, id); !got.Presence.Kompaan || got.Presence.KompaanName != "Kees" || got.Presence.Supporter != "anna" {
		t.Fatalf("presence %+v", got.Presence)
	}
	press(a, "tab", "tab", "right", "tab", "space") // route, consent
	press(a, "tab", "space", "tab", "tab", "tab")   // follow-up scope, to the name
	typeIn(a, "M.B.")
	press(a, "tab")
	typeIn(a, "1970")
	press(a, "tab", "right", "space")
	got := savedIntake(t, v, id)
	if !got.Consent.Given || !got.Consent.Has(intake.ScopeNotes) || !got.Consent.Has(intake.ScopeFollowUp) || got.Route == "" {
		t.Fatalf("consent/route %+v %q", got.Consent, got.Route)
	}
	if got.ResidentID == "" {
		t.Fatal("resident not linked")
	}
	r := savedResident(t, v, got.ResidentID)
	if r.Pseudonym != "M.B." || r.BirthYear != 1970 || len(r.TargetGroups) != 1 {
		t.Fatalf("resident %+v", r)
	}
	if errs := got.Validate(intake.DefaultCatalogue(), day0); len(errs) > 0 {
		t.Fatalf("saved intake not valid: %v", errs)
	}
	if errs := r.ValidateWith(got, intake.DefaultCatalogue(), day0); len(errs) > 0 {
		t.Fatalf("saved resident not valid: %v", errs)
	}
}

func TestQuestionSavesEachKeystroke(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "pgdown")
	if got := savedIntake(t, v, s.c.in.ID); got.Step != intake.StepQuestion {
		t.Fatalf("step %q saved, want question", got.Step)
	}
	typeIn(a, "Ik snap")
	if got := savedIntake(t, v, s.c.in.ID); got.OwnWords != "Ik snap" {
		t.Fatalf("after 7 keys saved %q", got.OwnWords)
	}
	typeIn(a, " de brieven niet \x1b]0;x\x07.")
	run(a, tea.PasteMsg{Content: " Echt\x1b[2J niet."})
	got := savedIntake(t, v, s.c.in.ID)
	if !strings.HasPrefix(got.OwnWords, "Ik snap de brieven niet") || !strings.HasSuffix(got.OwnWords, "Echt[2J niet.") || strings.ContainsRune(got.OwnWords, 0x1b) {
		t.Fatalf("saved %q", got.OwnWords)
	}
	press(a, "tab", "right")
	if got := savedIntake(t, v, s.c.in.ID); got.QuestionType == "" {
		t.Fatal("question type not saved")
	}
}

func TestNoConsentKeepsOnlyCodedFields(t *testing.T) {
	v := sampleVault()
	a, s := newFlow(t, v)
	press(a, "right", "pgdown") // a location; no consent
	typeIn(a, "geheim")         // the text area is off: nothing reaches it
	press(a, "pgdown", "4")
	got := savedIntake(t, v, s.c.in.ID)
	if got.OwnWords != "" || got.ResidentID != "" || got.Consent.Given {
		t.Fatalf("personal data kept without consent: %+v", got)
	}
	if got.Scan["money"] != intake.Serious || got.Location == "" || got.Step != intake.StepScan {
		t.Fatalf("the anonymous contact was not counted: %+v", got)
	}
	if !strings.Contains(plain(a), "3/7") {
		t.Fatalf("not on the scan:\n%s", plain(a))
	}

	// Consent given, text typed, consent withdrawn: the text goes at once.
	v2 := sampleVault()
	a2, s2 := withConsent(t, v2)
	press(a2, "pgdown")
	typeIn(a2, "mijn verhaal")
	press(a2, "pgup", "tab", "tab", "tab", "tab", "tab", "space") // back to start, consent off
	got = savedIntake(t, v2, s2.c.in.ID)
	if got.OwnWords != "" || s2.c.in.OwnWords != "" || got.Consent.Given {
		t.Fatalf("withdrawing consent kept %q / %q", got.OwnWords, s2.c.in.OwnWords)
	}
}

func TestScanSavesEachStep(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "pgdown", "pgdown")
	press(a, "3", "down", "5", "down", "right", "right", "left", "down", "down", "4", "0")
	got := savedIntake(t, v, s.c.in.ID)
	want := map[intake.DomainCode]intake.Scale{"money": 3, "income": 5, "work": 1}
	if got.Step != intake.StepScan || len(got.Scan) != len(want) {
		t.Fatalf("step %q scan %v", got.Step, got.Scan)
	}
	for d, sc := range want {
		if got.Scan[d] != sc {
			t.Fatalf("scan %v, want %v", got.Scan, want)
		}
	}
	f := plain(a)
	if !strings.Contains(f, "Wonen: Heeft u een goede en veilige plek om te wonen?") {
		t.Fatalf("the chosen domain's question is not shown:\n%s", f)
	}
}

func TestClarifySavesAndComputesDeadlines(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "pgdown", "pgdown", "4", "pgdown") // money: serious
	typeIn(a, "Veel rekeningen")
	press(a, "tab")
	typeIn(a, "Zelf gebeld")
	press(a, "tab", "space") // the domain's first agency
	press(a, "tab")
	typeIn(a, "Overzicht")
	press(a, "tab", "right")  // urgency
	press(a, "tab", "tab")    // letter "new" → kind: decision
	press(a, "right", "left") // touch the kind: the letter exists
	press(a, "tab", "tab")    // from → sent
	typeIn(a, "02-03-2026")
	press(a, "tab", "tab", "tab")
	typeIn(a, "Besluit bijstand")
	got := savedIntake(t, v, s.c.in.ID)
	cl, ok := got.Clarification("money")
	if !ok || cl.Happening != "Veel rekeningen" || cl.Tried != "Zelf gebeld" || cl.WouldHelp != "Overzicht" ||
		len(cl.Agencies) != 1 || cl.Urgency == "" || got.Step != intake.StepClarify {
		t.Fatalf("clarification %+v step %q", cl, got.Step)
	}
	if len(cl.Letters) != 1 || cl.Letters[0].Kind != intake.LetterDecision || cl.Letters[0].Sent != intake.D(2026, 3, 2) || cl.Letters[0].About != "Besluit bijstand" {
		t.Fatalf("letters %+v", cl.Letters)
	}
	ds := got.Deadlines()
	if len(ds) != 1 || ds[0].Kind != intake.DeadlineObjection || ds[0].Due != intake.D(2026, 4, 13) {
		t.Fatalf("deadlines %+v", ds)
	}
	press(a, "tab")
	if f := plain(a); !strings.Contains(f, "maandag 13 april 2026") || !strings.Contains(f, "Awb") {
		t.Fatalf("deadline not shown:\n%s", f)
	}
	if errs := got.Validate(intake.DefaultCatalogue(), day0); len(errs) > 0 {
		t.Fatalf("saved intake not valid: %v", errs)
	}
}

func TestClarifiedAgreementsClosureSave(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "pgdown", "pgdown", "pgdown", "pgdown")
	typeIn(a, "Mijn vraag is: wie helpt mij met mijn post?")
	got := savedIntake(t, v, s.c.in.ID)
	if got.ClarifiedQuestion != "Mijn vraag is: wie helpt mij met mijn post?" || got.Step != intake.StepClarified {
		t.Fatalf("clarified %q step %q", got.ClarifiedQuestion, got.Step)
	}
	press(a, "pgdown")
	typeIn(a, "belt de schuldhulp")
	press(a, "tab", "right", "tab")
	typeIn(a, "20-03-2026")
	press(a, "tab", "tab", "space") // referral to the first agency
	for range 5 {
		press(a, "tab")
	}
	typeIn(a, "19-03-2026")
	press(a, "tab")
	typeIn(a, "14:30")
	got = savedIntake(t, v, s.c.in.ID)
	if len(got.Agreements) != 1 || got.Agreements[0].What != "belt de schuldhulp" || got.Agreements[0].Who != intake.PartySupporter ||
		got.Agreements[0].By != intake.D(2026, 3, 20) || got.Step != intake.StepAgreements {
		t.Fatalf("agreements %+v step %q", got.Agreements, got.Step)
	}
	if len(got.Referrals) != 1 || got.Referrals[0].Agency == "" {
		t.Fatalf("referrals %+v", got.Referrals)
	}
	if at := got.NextAppointment.At; at.Day() != 19 || at.Hour() != 14 || at.Minute() != 30 {
		t.Fatalf("next appointment %v", at)
	}
	// The resident view shows the clarified question and the agreement.
	press(a, "f2")
	if f := plain(a); !strings.Contains(f, "wie helpt mij") || !strings.Contains(f, "belt de schuldhulp") {
		t.Fatalf("resident view:\n%s", f)
	}
	press(a, "f2", "pgdown")
	press(a, "right", "right", "right", "right", "tab", "right", "tab", "right", "right", "tab", "right", "right")
	got = savedIntake(t, v, s.c.in.ID)
	if got.Closure.Appreciation != 4 || got.Closure.StateBetter != intake.AnswerYes || got.Closure.MoreControl != intake.AnswerPartly ||
		got.Status != intake.StatusClosed || got.ClosedAt.IsZero() || got.Step != intake.StepClosure {
		t.Fatalf("closure %+v status %q", got.Closure, got.Status)
	}
	if errs := got.Validate(intake.DefaultCatalogue(), day0); len(errs) > 0 {
		t.Fatalf("saved intake not valid: %v", errs)
	}
	press(a, "pgdown")
	if _, home := a.cur.(*homeScreen); !home {
		t.Fatalf("pgdn on the last step went to %T", a.cur)
	}
}

func TestLaterMakesADraftOpen(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	for range 6 {
		press(a, "pgdown")
	}
	press(a, "pgdown") // finish later
	if got := savedIntake(t, v, s.c.in.ID); got.Status != intake.StatusOpen {
		t.Fatalf("status %q, want open", got.Status)
	}
}

func TestNotesStampedAndPrivate(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "pgdown", "pgdown", "f4")
	typeIn(a, "Mogelijk beslag")
	if got := savedIntake(t, v, s.c.in.ID); len(got.Notes) != 1 || got.Notes[0].Text != "Mogelijk beslag" {
		t.Fatalf("a note being typed is not saved: %+v", got.Notes)
	}
	press(a, "enter", "tab", "space", "tab") // next note by the kompaan
	typeIn(a, "Bewoner wil zelf bellen")
	press(a, "enter")
	got := savedIntake(t, v, s.c.in.ID)
	if len(got.Notes) != 2 || got.Notes[0].Author != "anna" || got.Notes[0].Role != intake.RoleSupporter ||
		got.Notes[1].Role != intake.RoleKompaan || !got.Notes[1].At.Equal(day0) {
		t.Fatalf("notes %+v", got.Notes)
	}
	if f := plain(a); !strings.Contains(f, "Mogelijk beslag") || !strings.Contains(f, "anna · Kompaan") {
		t.Fatalf("notes pane:\n%s", f)
	}
	press(a, "f2")
	if f := plain(a); strings.Contains(f, "beslag") || strings.Contains(f, "bellen") {
		t.Fatalf("resident view shows notes:\n%s", f)
	}
	press(a, "f2", "esc")
	if !strings.Contains(plain(a), "3/7") {
		t.Fatal("esc did not close the notes pane")
	}
}

func TestResumeDraftAtItsStep(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "pgdown")
	typeIn(a, "MARKER-7731")
	press(a, "pgdown", "4", "pgdown")
	typeIn(a, "half getypt")
	id := s.c.in.ID

	// The process is killed: a new app on the same vault, unlocked again.
	v.Lock()
	b := unlockedApp(t, v, &clock{day0.Add(time.Hour)}, -1)
	run(b, openIntakeMsg{ID: id})
	r, ok := b.cur.(*intakeScreen)
	if !ok || r.step != intake.StepClarify {
		t.Fatalf("opened %T at %v, want the clarify step", b.cur, r)
	}
	if f := plain(b); !strings.Contains(f, "half getypt") || !strings.Contains(f, "4/7") {
		t.Fatalf("draft not resumed:\n%s", f)
	}
	press(b, "pgup", "pgup")
	if f := plain(b); !strings.Contains(f, "MARKER-7731") {
		t.Fatalf("question lost:\n%s", f)
	}
}

func TestLockDropsTheIntakeAndComesBack(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "pgdown")
	typeIn(a, "GEHEIM-42")
	press(a, "ctrl+l")
	if strings.Contains(plain(a), "GEHEIM") || s.c.in.OwnWords != "" {
		t.Fatal("intake kept while locked")
	}
	q := s.steps[intake.StepQuestion].(*formStep)
	if own := q.f.fields[0].(*areaField); own.ta.Value() != "" {
		t.Fatal("text area kept its text while locked")
	}
	typeIn(a, "correct horse battery")
	press(a, "enter")
	if f := plain(a); !strings.Contains(f, "GEHEIM-42") || !strings.Contains(f, "2/7") {
		t.Fatalf("not back at the question:\n%s", f)
	}
	typeIn(a, "!")
	if got := savedIntake(t, v, s.c.in.ID); got.OwnWords != "GEHEIM-42!" {
		t.Fatalf("after unlocking saved %q", got.OwnWords)
	}
}

func TestFollowUpSaves(t *testing.T) {
	v := sampleVault()
	v.intakes[0].Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: day0}
	v.intakes[0].Created = day0.AddDate(0, 0, -7)
	a := unlockedApp(t, v, &clock{day0}, -1)
	run(a, followUpMsg{IntakeID: "i1"})
	if _, ok := a.cur.(*intakeScreen); !ok {
		t.Fatalf("follow-up opened %T", a.cur)
	}
	press(a, "right", "tab") // by phone; the note
	typeIn(a, "Gebeld, brief komt")
	got := savedIntake(t, v, "i1")
	if len(got.Contacts) != 1 || got.Contacts[0].Kind != intake.ContactPhone || got.Contacts[0].Note != "Gebeld, brief komt" || !got.Contacts[0].At.Equal(day0) {
		t.Fatalf("contacts %+v", got.Contacts)
	}
	if !slices.Equal([]string{got.OwnWords}, []string{v.intakes[0].OwnWords}) || got.OwnWords == "" {
		t.Fatal("the rest of the intake changed")
	}
}

// BenchmarkScanKeystroke is Update+View for one key on the domain overview.
func BenchmarkScanKeystroke(b *testing.B) {
	v := sampleVault()
	v.unlocked, v.user = true, "anna"
	a := New(Options{Vault: v, Now: func() time.Time { return day0 }, LockAfter: -1})
	a.cur = newIntakeFlow(a.env, "")
	s := a.cur.(*intakeScreen)
	s.c.setConsent(true)
	s.goStep(intake.StepScan)
	keys := []tea.KeyPressMsg{flowKey("down"), flowKey("3"), flowKey("right"), flowKey("up"), flowKey("left")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		a.Update(keys[i%len(keys)])
		_ = a.View()
	}
}

// TestIntakeStepsFitAnySize renders every step at small and large sizes:
// always exactly the terminal's height, never wider than it.
func TestIntakeStepsFitAnySize(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	for _, step := range intake.FlowSteps() {
		s.goStep(step)
		for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}, {40, 10}} {
			run(a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := strings.Split(plain(a), "\n")
			if len(lines) != size[1] {
				t.Errorf("%s at %v: %d lines", step, size, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%s at %v: line %d cells wide: %q", step, size, w, l)
				}
			}
		}
	}
}

// TestWithdrawConsentDeletesResident: withdrawing consent deletes the
// resident record (pseudonym, contact, year of birth) when no other intake
// belongs to that resident; home no longer lists it.
func TestWithdrawConsentDeletesResident(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "tab", "tab", "tab", "tab") // to the name
	typeIn(a, "Zeynep Uniek")
	resID := s.c.res.ID
	if resID == "" || savedResident(t, v, resID).Pseudonym != "Zeynep Uniek" {
		t.Fatalf("resident not saved (focus on %T)", s.steps[intake.StepStart].(*formStep).f.current())
	}
	s.c.setConsent(false) // what the consent toggle does
	if _, err := v.Resident(resID); err == nil {
		t.Fatal("resident record kept after consent was withdrawn")
	}
	if got := savedIntake(t, v, s.c.in.ID); got.ResidentID != "" {
		t.Fatalf("intake still linked to %q", got.ResidentID)
	}
	if s.c.res.Pseudonym != "" {
		t.Fatal("resident kept in memory")
	}
	press(a, "ctrl+o")
	if f := plain(a); strings.Contains(f, "Zeynep") {
		t.Fatalf("home lists the resident:\n%s", f)
	}
}

// TestWithdrawConsentSaveFailsKeepsResident: when the intake without
// consent cannot be saved, the stored intake still has consent and points to
// the resident, so the resident must not be deleted yet (no dangling
// reference); it goes with the next save that succeeds.
func TestWithdrawConsentSaveFailsKeepsResident(t *testing.T) {
	v := sampleVault()
	a, s := withConsent(t, v)
	press(a, "tab", "tab", "tab", "tab") // to the name
	typeIn(a, "Zeynep Uniek")
	resID := s.c.res.ID
	if resID == "" {
		t.Fatal("resident not saved")
	}
	v.mu.Lock()
	v.intakeSaveFails = 1
	v.mu.Unlock()
	s.c.setConsent(false)
	if s.c.errMsg == "" {
		t.Fatal("failed save not reported")
	}
	got := savedIntake(t, v, s.c.in.ID)
	if got.ResidentID != resID || !got.Consent.Given {
		t.Fatalf("stored intake changed although the save failed: resident %q, consent %v", got.ResidentID, got.Consent.Given)
	}
	if _, err := v.Resident(resID); err != nil {
		t.Fatalf("resident deleted while the stored intake still points to it: %v", err)
	}
	// The next save succeeds: now the resident goes.
	if !s.c.save() {
		t.Fatalf("second save failed: %s", s.c.errMsg)
	}
	if got := savedIntake(t, v, s.c.in.ID); got.ResidentID != "" || got.Consent.Given {
		t.Fatalf("intake still linked to %q", got.ResidentID)
	}
	if _, err := v.Resident(resID); err == nil {
		t.Fatal("resident record kept after the withdrawal was saved")
	}
}

// TestWithdrawConsentKeepsResidentWithOtherIntake: a resident with another
// intake stays; only this intake is unlinked.
func TestWithdrawConsentKeepsResidentWithOtherIntake(t *testing.T) {
	v := sampleVault()
	a := unlockedApp(t, v, &clock{day0}, -1)
	run(a, newIntakeMsg{ResidentID: "r1"}) // Jan de Vries also has intake i1
	s := a.cur.(*intakeScreen)
	s.c.setConsent(true)
	if got := savedIntake(t, v, s.c.in.ID); got.ResidentID != "r1" {
		t.Fatalf("new intake linked to %q", got.ResidentID)
	}
	s.c.setConsent(false)
	if _, err := v.Resident("r1"); err != nil {
		t.Fatalf("resident with another intake deleted: %v", err)
	}
	if got := savedIntake(t, v, s.c.in.ID); got.ResidentID != "" {
		t.Fatalf("intake still linked to %q", got.ResidentID)
	}
	if got := savedIntake(t, v, "i1"); got.ResidentID != "r1" {
		t.Fatal("the other intake lost its resident")
	}
}
