package intakes

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

func TestTextsComplete(t *testing.T) {
	if m := texts.Missing(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
}

// TestStartSavesEveryChange: every change on the start step is in the
// vault at once: the place, who is there (the kompaan chosen from the
// vault's users), the route, consent, the resident's name, birth year and
// target groups; what is saved validates.
func TestStartSavesEveryChange(t *testing.T) {
	st := fake()
	s := newIntake(t, st)
	cat := intake.DefaultCatalogue()
	if saves(st) != 0 {
		t.Fatal("a new conversation is written before anything is typed")
	}
	screentest.Press(t, s, "right") // the place
	if saves(st) != 1 {
		t.Fatalf("choosing a place saved %d times, want 1", saves(st))
	}
	id := s.ed.ID()
	if got := saved(t, st, id); got.Location != cat.Locations[0].Code || got.Step != intake.StepStart || got.Status != intake.StatusDraft {
		t.Fatalf("saved %+v", got)
	}
	focus(t, s, "Kompaan erbij")
	screentest.Press(t, s, "space")
	focus(t, s, "Welke kompaan")
	screentest.Press(t, s, "right")
	if got := saved(t, st, id); !got.Presence.Kompaan || got.Presence.KompaanName != karim || got.Presence.Supporter != "anna" {
		t.Fatalf("presence %+v", got.Presence)
	}
	focus(t, s, "Hoe bij ons gekomen")
	screentest.Press(t, s, "right")
	focus(t, s, "Toestemming")
	screentest.Press(t, s, "space")
	focus(t, s, "Later contact")
	screentest.Press(t, s, "space")
	focus(t, s, "Naam of initialen")
	screentest.TypeText(t, s, "M.B.")
	focus(t, s, "Geboortejaar")
	screentest.TypeText(t, s, "1970")
	focus(t, s, "Doelgroepen")
	screentest.Press(t, s, "space")
	got := saved(t, st, id)
	if !got.Consent.Given || !got.Consent.Has(intake.ScopeNotes) || !got.Consent.Has(intake.ScopeFollowUp) || got.Route != cat.Routes[0].Code {
		t.Fatalf("consent %+v route %q", got.Consent, got.Route)
	}
	r, ok := resident(t, st, got.ResidentID)
	if got.ResidentID == "" || !ok {
		t.Fatal("resident not saved and linked")
	}
	if r.Pseudonym != "M.B." || r.BirthYear != 1970 || len(r.TargetGroups) != 1 {
		t.Fatalf("resident %+v", r)
	}
	if errs := got.Validate(cat, day0); len(errs) > 0 {
		t.Fatalf("saved conversation not valid: %v", errs)
	}
	if errs := r.ValidateWith(got, cat, day0); len(errs) > 0 {
		t.Fatalf("saved resident not valid: %v", errs)
	}
}

// TestQuestionSavesEachKeystroke: the own words are in the vault after
// every key, pasted text too; escape sequences never are.
func TestQuestionSavesEachKeystroke(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	screentest.Press(t, s, "pgdown")
	id := s.ed.ID()
	if got := saved(t, st, id); got.Step != intake.StepQuestion {
		t.Fatalf("step %q saved, want the question", got.Step)
	}
	screentest.TypeText(t, s, "Ik snap")
	if got := saved(t, st, id); got.OwnWords != "Ik snap" {
		t.Fatalf("after 7 keys saved %q", got.OwnWords)
	}
	screentest.TypeText(t, s, " de brieven niet \x1b]0;x\x07.")
	screentest.Run(t, s, s.Update(tea.PasteMsg{Content: " Echt\x1b[2J niet."}))
	got := saved(t, st, id)
	if !strings.HasPrefix(got.OwnWords, "Ik snap de brieven niet") || !strings.HasSuffix(got.OwnWords, " niet.") ||
		!strings.Contains(got.OwnWords, "Echt") || strings.ContainsAny(got.OwnWords, "\x1b\x07") {
		t.Fatalf("saved %q", got.OwnWords)
	}
	focus(t, s, "Soort vraag")
	screentest.Press(t, s, "right")
	if got := saved(t, st, id); got.QuestionType == "" {
		t.Fatal("question type not saved")
	}
}

// TestNoConsentKeepsOnlyCodedFields: without consent the own words cannot
// be typed (it says why) and only coded fields are saved: an anonymous
// contact that still counts. Consent withdrawn later takes the text away
// at once, after j.
func TestNoConsentKeepsOnlyCodedFields(t *testing.T) {
	st := fake()
	s := newIntake(t, st)
	screentest.Press(t, s, "right", "pgdown") // a place; no consent
	screentest.TypeText(t, s, "geheim")
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "Zonder toestemming bewaren we dit niet") || strings.Contains(f, "geheim") {
		t.Fatalf("the own words without consent:\n%s", screentest.Plain(s))
	}
	screentest.Press(t, s, "pgdown", "2") // ZRM 2: serious
	got := saved(t, st, s.ed.ID())
	money := intake.DefaultCatalogue().Domains[0].Code
	if got.OwnWords != "" || got.ResidentID != "" || got.Consent.Given {
		t.Fatalf("personal data kept without consent: %+v", got)
	}
	if got.Scan[money] != intake.Serious || got.Location == "" || got.Step != intake.StepScan {
		t.Fatalf("the anonymous contact was not counted: %+v", got)
	}

	st = fake()
	s = withConsent(t, st)
	screentest.Press(t, s, "pgdown")
	screentest.TypeText(t, s, "mijn verhaal")
	screentest.Press(t, s, "pgup")
	focus(t, s, "Toestemming")
	screentest.Press(t, s, "space")
	if !strings.Contains(screentest.Plain(s), "Weet u het zeker?") {
		t.Fatalf("withdrawing consent did not ask:\n%s", screentest.Plain(s))
	}
	if got := saved(t, st, s.ed.ID()); got.OwnWords != "mijn verhaal" {
		t.Fatalf("erased before the answer: %q", got.OwnWords)
	}
	screentest.Press(t, s, "j")
	got = saved(t, st, s.ed.ID())
	if got.OwnWords != "" || s.ed.Draft().Intake.OwnWords != "" || got.Consent.Given {
		t.Fatalf("withdrawing consent kept %q / %q", got.OwnWords, s.ed.Draft().Intake.OwnWords)
	}
}

// TestScanSavesEachStep: every key on the grid is saved; the chosen
// domain's plain question is on top.
func TestScanSavesEachStep(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	toStep(t, s, stepScan)
	// ZRM digits: 3 worries, 1 urgent; → from "not discussed" starts in
	// the middle and moves towards "goes well", ← back; 0 clears.
	screentest.Press(t, s, "3", "down", "1", "down", "right", "right", "left", "right", "right", "down", "down", "2", "0")
	got := saved(t, st, s.ed.ID())
	ds := intake.DefaultCatalogue().Domains
	want := map[intake.DomainCode]intake.Scale{ds[0].Code: 3, ds[1].Code: 5, ds[2].Code: 1}
	if got.Step != intake.StepScan || len(got.Scan) != len(want) {
		t.Fatalf("step %q scan %v", got.Step, got.Scan)
	}
	for d, sc := range want {
		if got.Scan[d] != sc {
			t.Fatalf("scan %v, want %v", got.Scan, want)
		}
	}
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, ds[4].Name.NL+": "+ds[4].Question.NL) {
		t.Fatalf("the chosen domain's question (%s) is not shown:\n%s", ds[4].Name.NL, screentest.Plain(s))
	}
}

// TestClarifySavesAndComputesDeadlines: the clarification of a domain
// that matters and a decision letter are saved as typed; the objection
// deadline runs six weeks from the day the letter was sent and is shown
// with its legal basis.
func TestClarifySavesAndComputesDeadlines(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	toStep(t, s, stepScan)
	screentest.Press(t, s, "2") // money: serious (ZRM 2)
	toStep(t, s, stepClarify)
	focus(t, s, "Wat speelt er?")
	screentest.TypeText(t, s, "Veel rekeningen")
	focus(t, s, "Wat is al geprobeerd?")
	screentest.TypeText(t, s, "Zelf gebeld")
	focus(t, s, "Instanties")
	screentest.Press(t, s, "space")
	focus(t, s, "Wat zou helpen?")
	screentest.TypeText(t, s, "Overzicht")
	focus(t, s, "Hoe snel?")
	screentest.Press(t, s, "right")
	focus(t, s, "Soort brief")
	for range 8 {
		if strings.Contains(screentest.Plain(s), "‹ Besluit") {
			break
		}
		screentest.Press(t, s, "right")
	}
	focus(t, s, "Datum van de brief")
	screentest.TypeText(t, s, "02-03-2026")
	focus(t, s, "Waarover")
	screentest.TypeText(t, s, "Besluit bijstand")
	got := saved(t, st, s.ed.ID())
	money := intake.DefaultCatalogue().Domains[0].Code
	cl, ok := got.Clarification(money)
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
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "maandag 13 april 2026") {
		t.Fatalf("the deadline is not shown:\n%s", screentest.Plain(s))
	}
	if errs := got.Validate(intake.DefaultCatalogue(), day0); len(errs) > 0 {
		t.Fatalf("saved conversation not valid: %v", errs)
	}
}

// TestClarifiedAgreementsClosureSave: the clarified question, an
// agreement, a referral, the next appointment and the closure are saved
// as typed; the resident view shows the question and the agreement; pgdn
// on the last step goes home.
func TestClarifiedAgreementsClosureSave(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	toStep(t, s, stepClarified)
	screentest.TypeText(t, s, "Mijn vraag is: wie helpt mij met mijn post?")
	id := s.ed.ID()
	if got := saved(t, st, id); got.ClarifiedQuestion != "Mijn vraag is: wie helpt mij met mijn post?" || got.Step != intake.StepClarified {
		t.Fatalf("clarified %q step %q", got.ClarifiedQuestion, got.Step)
	}
	if !strings.Contains(screentest.Plain(s), "Zo leest de bewoner het:") {
		t.Fatalf("the question is not shown large for the resident:\n%s", screentest.Plain(s))
	}
	toStep(t, s, stepAgreements)
	focus(t, s, "Wat")
	screentest.TypeText(t, s, "belt de schuldhulp")
	focus(t, s, "Wie doet het")
	screentest.Press(t, s, "right")
	focus(t, s, "Vóór")
	screentest.TypeText(t, s, "20-03-2026")
	focus(t, s, "Doorverwijzingen")
	screentest.Press(t, s, "tab")
	focus(t, s, "Naar")
	screentest.Press(t, s, "right")
	focus(t, s, "Volgende afspraak")
	screentest.TypeText(t, s, "19-03-2026 14:30")
	got := saved(t, st, id)
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
	rc, ok := s.ResidentView()
	if !ok || rc.Clarified != "Mijn vraag is: wie helpt mij met mijn post?" || len(rc.Agreements) != 1 || !strings.Contains(rc.Agreements[0], "belt de schuldhulp") {
		t.Fatalf("resident view %+v", rc)
	}
	toStep(t, s, stepClosure)
	screentest.Press(t, s, "right", "right", "right", "right") // 4: goed
	focus(t, s, "Kunt u uw vraag nu beter zeggen?")
	screentest.Press(t, s, "right") // ja
	focus(t, s, "Weet u nu beter wat u kunt doen?")
	screentest.Press(t, s, "right", "right") // een beetje
	focus(t, s, "Gesprek afronden")
	screentest.Press(t, s, "right", "right") // nu afsluiten
	got = saved(t, st, id)
	if got.Closure.Appreciation != 4 || got.Closure.StateBetter != intake.AnswerYes || got.Closure.MoreControl != intake.AnswerPartly ||
		got.Status != intake.StatusClosed || got.ClosedAt.IsZero() || got.Step != intake.StepClosure {
		t.Fatalf("closure %+v status %q", got.Closure, got.Status)
	}
	if errs := got.Validate(intake.DefaultCatalogue(), day0); len(errs) > 0 {
		t.Fatalf("saved conversation not valid: %v", errs)
	}
	if msgs := screentest.Press(t, s, "pgdown"); len(msgs) != 1 || msgs[0] != (common.GoHomeMsg{}) {
		t.Fatalf("pgdn on the last step: %v", msgs)
	}
}

// TestLaterMakesADraftOpen: going through every step and on from the
// last makes a draft an open conversation.
func TestLaterMakesADraftOpen(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	var msgs []tea.Msg
	for range 7 {
		msgs = screentest.Press(t, s, "pgdown")
	}
	if got := saved(t, st, s.ed.ID()); got.Status != intake.StatusOpen {
		t.Fatalf("status %q, want open", got.Status)
	}
	if len(msgs) != 1 || msgs[0] != (common.GoHomeMsg{}) {
		t.Fatalf("after the last step: %v", msgs)
	}
}
