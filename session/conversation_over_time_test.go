package session_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
)

// knownResident is a store with one resident and an earlier conversation
// in which they allowed notes, follow-up and handover, and an application
// the municipality has not answered (late since Monday 16 November 2026).
func knownResident() (*sessiontest.Fake, intake.Resident, intake.Intake) {
	st := sessiontest.New()
	r := intake.Resident{ID: intake.NewID(), Pseudonym: "M. Bakker", BirthYear: 1961, TargetGroups: []intake.TargetGroupCode{"homeless"}, Created: now.AddDate(0, -2, 0)}
	in := intake.NewIntake(now.AddDate(0, -1, 0))
	in.ResidentID = r.ID
	in.Status = intake.StatusOpen
	in.Presence.Supporter = "anna"
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeFollowUp, intake.ScopeHandover}, At: in.Created}
	in.Clarifications = []intake.Clarification{{Domain: "self_care", Letters: []intake.Letter{
		{Kind: intake.LetterApplication, From: "wmo_loket", Sent: intake.D(2026, 11, 2), About: "huishoudelijke hulp"},
	}}}
	st.Stored = []intake.Resident{r}
	st.Records = []intake.Intake{in}
	return st, r, in
}

// TestSecondConversationCarriesTheResidentForward: a new conversation
// with a known resident has their name, birth year and target groups; it
// does not have their consent (asked again), but says what was allowed
// last time, and giving consent offers those purposes again; saved, it
// belongs to the same resident.
func TestSecondConversationCarriesTheResidentForward(t *testing.T) {
	st, r, first := knownResident()
	s := open(t, st, "anna", "correct horse battery")
	e, err := s.NewIntake(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := e.Draft()
	if d.Resident.Pseudonym != "M. Bakker" || d.Resident.BirthYear != 1961 || !slices.Equal(d.Resident.TargetGroups, r.TargetGroups) {
		t.Errorf("resident not carried forward: %+v", d.Resident)
	}
	if d.Intake.Consent.Given || d.Intake.ID == first.ID {
		t.Fatalf("consent was copied, or the same conversation: %+v", d.Intake.Consent)
	}
	if d.Earlier == nil || !d.Earlier.Has(intake.ScopeHandover) {
		t.Fatalf("the earlier consent is not kept to show: %+v", d.Earlier)
	}
	consent := field(t, s, "start.consent")
	help := consent.HelpFor(e.At())
	if len(help) != 1 || !strings.Contains(help[0].NL, "Vorige keer mocht het voor:") || !strings.Contains(help[0].NL, "vraag het opnieuw") && !strings.Contains(help[0].NL, "Vraag het opnieuw") {
		t.Errorf("the consent does not say what was allowed last time: %v", help)
	}
	if _, err := e.Change(consent, e.At(), conversation.Value{Yes: true}); err != nil {
		t.Fatal(err)
	}
	got, ok := st.IntakeByID(e.ID())
	if !ok {
		t.Fatalf("not saved: %v", e.SaveErr())
	}
	if got.ResidentID != r.ID {
		t.Errorf("the second conversation belongs to %q, want %q", got.ResidentID, r.ID)
	}
	want := []intake.ConsentScope{intake.ScopeNotes, intake.ScopeFollowUp, intake.ScopeHandover}
	if !slices.Equal(got.Consent.Scopes, want) || !got.Consent.At.Equal(now) {
		t.Errorf("consent %+v, want the earlier purposes offered again, given now", got.Consent)
	}
	if len(consent.HelpFor(e.At())) != 0 {
		t.Error("the earlier consent is still shown after consent was given")
	}
	if n := len(st.Records); n != 2 {
		t.Errorf("%d conversations, want 2", n)
	}
}

// TestPaperCarriesWhoMadeIt: sheet and plan end with the user who made
// them and the organisation's name and phone; the letter needs a late
// decision.
func TestPaperCarriesWhoMadeIt(t *testing.T) {
	st, _, in := knownResident()
	st.Org = store.Organisation{Name: "Stichting Samen Sterk", Phone: "020 123 45 67"}
	s := open(t, st, "anna", "correct horse battery")
	for _, kind := range []string{papers.KindSheet, papers.KindPlan} {
		doc, err := s.Paper(session.PaperRequest{IntakeID: in.ID, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		sec, ok := doc.Section(papers.SectionContact)
		if !ok || !slices.Equal(sec.Lines, []string{"Naam: anna", "Organisatie: Stichting Samen Sterk", "Telefoon: 020 123 45 67"}) {
			t.Errorf("%s: contact %+v", kind, sec)
		}
	}
	late, err := s.LateDecisions(in.ID)
	if err != nil || len(late) != 1 || late[0].Ends != intake.D(2026, 11, 16) {
		t.Fatalf("late decisions %+v, %v", late, err)
	}
	doc, err := s.Paper(session.PaperRequest{IntakeID: in.ID, Kind: papers.KindLetter, Late: late[0].Ref()})
	if err != nil || doc.Kind != papers.KindLetter || !strings.Contains(doc.Text(), "maandag 16 november 2026") {
		t.Fatalf("letter: %v\n%s", err, doc.Text())
	}
	if _, err := s.Paper(session.PaperRequest{IntakeID: in.ID, Kind: papers.KindLetter, Late: "9/9"}); !errors.Is(err, session.ErrNotLate) {
		t.Errorf("a letter about no late decision: %v", err)
	}
	in.Clarifications[0].Letters[0].Answered = intake.D(2026, 11, 20)
	st.Records[0] = in
	if _, err := s.Paper(session.PaperRequest{IntakeID: in.ID, Kind: papers.KindLetter}); !errors.Is(err, session.ErrNotLate) {
		t.Errorf("a letter after the answer came: %v", err)
	}
}
