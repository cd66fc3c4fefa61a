package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/screens/export"
	"github.com/spreekuur/spreekuur/tui/screens/home"
	"github.com/spreekuur/spreekuur/tui/screens/intakes"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// The conversation over time, driven through the whole app on the fixed
// day (Thursday 12 March 2026): the agenda after unlocking, ticking an
// agreement off in the follow-up, a referral's outcome, a second
// conversation with one resident, and the letter when the municipality is
// late.

const (
	mariekeRes   = "44444444bbbbbbbbbbbbbbbbbbbbbbbb"
	mariekesOne  = "9a9a9a9a11111111111111111111111a"
	mariekeStats = "5ca1ab1e5ca1ab1e5ca1ab1e00000009"
)

// dueSample: Marieke Jansen's open conversation, with an application to
// the Wmo desk sent on Friday 20 February (2 weeks: Friday 6 March; no
// decision), an agreement due yesterday, and a referral to the GGZ of 20
// February without an outcome (asked after on 6 March).
func dueSample() *sessiontest.Fake {
	st := sessiontest.New()
	st.Org = store.Organisation{Name: "Stichting Samen Sterk", Phone: "020 123 45 67"}
	consent := intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeFollowUp}, At: day0.AddDate(0, 0, -21)}
	st.Stored = []intake.Resident{{ID: mariekeRes, Pseudonym: "Marieke Jansen", BirthYear: 1958, Created: day0.AddDate(0, 0, -21)}}
	st.Records = []intake.Intake{{
		ID: mariekesOne, StatID: mariekeStats, ResidentID: mariekeRes, Status: intake.StatusOpen, Step: intake.StepAgreements,
		Created: day0.AddDate(0, 0, -21), Updated: day0.AddDate(0, 0, -21), Consent: consent,
		Presence: intake.Presence{Supporter: "anna"},
		Clarifications: []intake.Clarification{{Domain: "self_care", Letters: []intake.Letter{
			{Kind: intake.LetterApplication, From: "wmo_loket", Sent: intake.D(2026, 2, 20), About: "huishoudelijke hulp"},
		}}},
		Agreements: []intake.Agreement{{What: "UWV bellen", Who: intake.PartyResident, By: intake.D(2026, 3, 11)}},
		Referrals:  []intake.Referral{{Agency: "ggz", On: intake.D(2026, 2, 20), State: intake.ReferralSent, StateOn: intake.D(2026, 2, 20), Reason: "somber"}},
	}}
	return st
}

// focusRow tabs to the row labelled label on the conversation on screen.
func (h *harness) focusRow(label string) {
	h.t.Helper()
	for range 80 {
		for _, l := range strings.Split(h.frame(), "\n") {
			if strings.HasPrefix(l, ">") && strings.HasPrefix(strings.TrimSpace(l[1:]), label+" ") {
				return
			}
		}
		h.press("tab")
	}
	h.t.Fatalf("never reached %q:\n%s", label, h.frame())
}

func (h *harness) agenda() []string {
	var out []string
	for _, d := range h.a.home.Agenda() {
		out = append(out, d.Line())
	}
	return out
}

// TestAgendaAfterUnlock: anything due makes the agenda the first screen
// after unlocking, with what is late first; enter opens the conversation
// at the step the row is about; back home the agenda is still there.
func TestAgendaAfterUnlock(t *testing.T) {
	h := unlocked(t, dueSample(), Options{LockAfter: -1})
	f := h.frame()
	for _, w := range []string{"Spreekuur · deze week", "3 van 3", "vr 06-03", "6 dagen te laat", "Marieke Jansen", "wo 11-03", "1 dag te laat", "F6 brief", "F3 lijst"} {
		if !strings.Contains(f, w) {
			t.Errorf("the agenda lacks %q:\n%s", w, f)
		}
	}
	want := []string{
		"vr 06-03, 6 dagen te laat, Marieke Jansen (9a9a9a9a): Gemeente te laat: besluit: huishoudelijke hulp · Wmo-loket van de gemeente — brief: F6",
		"vr 06-03, 6 dagen te laat, Marieke Jansen (9a9a9a9a): Verwijzing: nog geen uitkomst: somber · GGZ",
		"wo 11-03, 1 dag te laat, Marieke Jansen (9a9a9a9a): Afspraak: UWV bellen",
	}
	if got := h.agenda(); !slices.Equal(got, want) {
		t.Fatalf("agenda:\n%s", strings.Join(got, "\n"))
	}
	h.press("down", "down", "enter")
	if f := h.frame(); !strings.Contains(f, "6/7 Afspraken") || !strings.Contains(f, "UWV bellen") {
		t.Fatalf("enter did not open the agreements:\n%s", f)
	}
	h.press("ctrl+o")
	if !h.onHome() || !h.a.home.ShowsAgenda() {
		t.Fatalf("not back on the agenda:\n%s", h.frame())
	}
	h.press("home", "enter")
	if f := h.frame(); !strings.Contains(f, "4/7 Wat speelt er?") || !strings.Contains(f, "te laat met beslissen") {
		t.Fatalf("the late decision does not open at the letters:\n%s", f)
	}
	if in, _ := h.st.IntakeByID(mariekesOne); in.Step != intake.StepAgreements {
		t.Errorf("opening at a step moved where the conversation was left: %s", in.Step)
	}
}

// TestTickOffAgreementInFollowUp: the follow-up lists the contacts so far
// and the open agreements; ticking one off records today; back home the
// agenda no longer has it.
func TestTickOffAgreementInFollowUp(t *testing.T) {
	st := dueSample()
	h := unlocked(t, st, Options{LockAfter: -1})
	h.press("f3", "ctrl+f")
	f := screentest.Joined(h.frame())
	for _, w := range []string{"Vervolgcontact", "Contacten tot nu toe", "19-02-2026 10:30 · eerste gesprek · anna", "Open afspraken", "UWV bellen — de bewoner, vóór 11-03-2026 (1 dag te laat)"} {
		if !strings.Contains(f, w) {
			t.Errorf("the follow-up lacks %q:\n%s", w, h.frame())
		}
	}
	h.focusRow("Gedaan")
	h.press("space")
	in, _ := st.IntakeByID(mariekesOne)
	if !in.Agreements[0].Done || in.Agreements[0].DoneOn != intake.DateOf(day0) {
		t.Fatalf("not ticked off with today: %+v", in.Agreements[0])
	}
	if f := h.frame(); !strings.Contains(f, "Geen open afspraken.") || !strings.Contains(f, "Gedaan op") || !strings.Contains(f, "12-03-2026") {
		t.Errorf("the follow-up does not show it done:\n%s", f)
	}
	h.press("f2")
	if f := screentest.Joined(h.frame()); !strings.Contains(f, "UWV bellen (klaar op donderdag 12 maart 2026)") {
		t.Errorf("the resident view does not say it is done:\n%s", h.frame())
	}
	h.press("f2")
	h.press("ctrl+o")
	for _, l := range h.agenda() {
		if strings.Contains(l, "UWV bellen") {
			t.Errorf("a done agreement is still on the agenda: %s", l)
		}
	}
}

// TestReferralOutcome: the referral's outcome is chosen on the
// agreements step, dated today; the agenda stops asking after it.
func TestReferralOutcome(t *testing.T) {
	st := dueSample()
	h := unlocked(t, st, Options{LockAfter: -1})
	h.press("down", "enter") // the referral's row: the agreements step
	h.focusRow("Uitkomst")
	h.press("right")
	in, _ := st.IntakeByID(mariekesOne)
	if r := in.Referrals[0]; r.State != intake.ReferralAccepted || r.StateOn != intake.DateOf(day0) {
		t.Fatalf("referral %+v, want accepted today", r)
	}
	if f := h.frame(); !strings.Contains(f, "Doorverwijzing 1: GGZ (aangenomen)") {
		t.Errorf("the referral's title does not say its outcome:\n%s", f)
	}
	h.press("right", "right", "right") // done, no response, refused: the reason is asked
	if f := h.frame(); !strings.Contains(f, "Waarom geweigerd") {
		t.Errorf("a refusal does not ask why:\n%s", f)
	}
	h.press("ctrl+o")
	for _, l := range h.agenda() {
		if strings.Contains(l, "doorverwijzing") {
			t.Errorf("a referral with an outcome is on the agenda: %s", l)
		}
	}
}

// TestSecondConversationWithResident: ctrl+r on the resident's row starts
// a new conversation with her name and birth year; consent is asked again
// and says what she allowed last time; once given, the new conversation
// is hers, and the list shows both.
func TestSecondConversationWithResident(t *testing.T) {
	st := dueSample()
	h := unlocked(t, st, Options{LockAfter: -1})
	h.press("f3", "ctrl+r")
	s, ok := h.a.cur.(*intakes.Screen)
	if !ok {
		t.Fatalf("ctrl+r did not start a conversation: %T\n%s", h.a.cur, h.frame())
	}
	h.focusRow("Toestemming")
	f := screentest.Joined(h.frame())
	for _, w := range []string{"[ ] Nee", "Vorige keer mocht het voor: u vindt het goed dat wij opschrijven wat we bespreken, wij mogen later contact met u opnemen. Vraag het opnieuw"} {
		if !strings.Contains(f, w) {
			t.Errorf("the consent lacks %q:\n%s", w, h.frame())
		}
	}
	h.press("space")
	if f := h.frame(); !strings.Contains(f, "Marieke Jansen") || !strings.Contains(f, "1958") {
		t.Errorf("name and birth year not carried forward:\n%s", f)
	}
	_ = s
	var second intake.Intake
	for _, in := range st.Records {
		if in.ID != mariekesOne {
			second = in
		}
	}
	if second.ResidentID != mariekeRes || !second.Consent.Has(intake.ScopeFollowUp) || !second.Consent.At.Equal(day0) {
		t.Fatalf("second conversation: resident %q consent %+v", second.ResidentID, second.Consent)
	}
	h.press("ctrl+o")
	n := 0
	for _, r := range h.a.home.Rows() {
		if r.ResidentID == mariekeRes && r.IntakeID != "" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("the list shows %d conversations of Marieke, want 2", n)
	}
}

// TestLateDecisionLetter: F6 on the late decision opens the papers with
// the letter chosen; written, the PDF says the dates and the law.
func TestLateDecisionLetter(t *testing.T) {
	h := unlocked(t, dueSample(), Options{LockAfter: -1})
	h.press("f6")
	if _, ok := h.a.cur.(*export.Screen); !ok || !strings.Contains(h.frame(), "Brief: de gemeente is te laat") {
		t.Fatalf("F6 did not offer the letter:\n%s", h.frame())
	}
	out := filepath.Join(t.TempDir(), "brief.txt")
	h.press("down", "right", "down", "ctrl+u") // format: text; the file
	h.typeText(out)
	h.press("enter")
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no letter written: %v\n%s", err, h.frame())
	}
	text := strings.Join(strings.Fields(string(b)), " ")
	for _, w := range []string{"Onderwerp: ingebrekestelling", "Op vrijdag 20 februari 2026 heb ik een aanvraag bij u gedaan.",
		"Die tijd was om op vrijdag 6 maart 2026.", "Aan: Wmo-loket van de gemeente", "Datum: donderdag 12 maart 2026", "artikel 4:17"} {
		if !strings.Contains(text, w) {
			t.Errorf("the letter lacks %q:\n%s", w, b)
		}
	}
	h.press("esc")
	if _, ok := h.a.cur.(*home.Screen); !ok {
		t.Errorf("esc did not go back home: %T", h.a.cur)
	}
}
