package linemode

import (
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session/sessiontest"
)

// newConversation is the one conversation in st that vault() did not have.
func newConversation(t *testing.T, st *sessiontest.Fake) intake.Intake {
	t.Helper()
	old := map[string]bool{}
	for _, in := range vault().Records {
		old[in.ID] = true
	}
	var found []intake.Intake
	st.Mu.Lock()
	for _, in := range st.Records {
		if !old[in.ID] {
			found = append(found, in)
		}
	}
	st.Mu.Unlock()
	if len(found) != 1 {
		t.Fatalf("%d new conversations, want 1", len(found))
	}
	return found[0]
}

// keep answers Enter n times: every answer stays as it is.
func keep(want string, n int) []turn {
	out := make([]turn, n)
	for i := range out {
		out[i] = turn{want, ""}
	}
	return out
}

func concat(parts ...[]turn) []turn {
	var out []turn
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestRunWholeIntake records a whole conversation through Run on piped
// answers, as a screen-reader user types them: refused answers say why in
// Dutch and are asked again; "Hoe verder?" goes back a step; a step is
// read back; the line mode stops half-way and a second session continues
// the draft where it was and closes it. Everything is read back from the
// vault.
func TestRunWholeIntake(t *testing.T) {
	cat := intake.DefaultCatalogue()
	domains := len(cat.Domains)
	st := vault()
	unlock := []turn{{"Uw naam", "anna"}, {"Uw wachtwoordzin:", "correct horse battery"}}
	first := concat(unlock, []turn{
		{"Wat wilt u doen?", "2"},
		// 1 Start.
		{"Stap 1 van 7: Start. Waar zijn we", "2"},
		{"Nu: anna. Enter: zo laten. Een streepje (-): leegmaken. Cliëntondersteuner", ""},
		{"Kompaan erbij [j/N]", "ja"},
		{"Welke kompaan 1. — nog niet gekozen — 2. karim", "2"},
		{"Iemand uit netwerk [j/N]", "j"},
		{"Wie is dat?: Zonder toestemming bewaren we dit niet.", "99"}, // the route: not a number of the list
		{"Dat kan niet. Typ een nummer van 1 tot en met 13.", "3"},
		{"Toestemming [j/N]", "j"},
		{"Later contact [j/N]", "j"},
		{"Naar ons kantoor [j/N]", "n"},
		{"Delen bij verwijzing [j/N]", "nee"},
		{"Naam of initialen", "Test Bewoner"},
		{"Telefoon of e-mail", "06-12345678"},
		{"Geboortejaar", "1850"},
		{"Dit jaar kan niet: kies een jaar tussen 1900 en 2026. Geboortejaar", "1970"},
		{"Doelgroepen", "1"},
		{"1. ✓ Oudere", "0"},
		{"Hoe verder?", "1"},
		// 2 The question.
		{"Stap 2 van 7: Uw vraag. Wat is de vraag?", "MARKER-7f3a ik wil hulp bij mijn post"},
		{"Soort vraag", "2"},
		{"Hoe verder?", "1"},
		// 3 The scan: money serious, income worries (after a word), the rest as it is.
		{"Stap 3 van 7: Hoe gaat het?", "2"}, // ZRM 2: not going well
		{"Inkomen en uitkering: Heeft u een inkomen", "zes"},
		{"Dat kan niet. Typ een nummer van 1 tot en met 6.", "3"}, // ZRM 3: worries
	}, keep("Typ een nummer van 1 tot en met 6:", domains-2), []turn{
		// Back to the question: it says what it holds; Enter keeps it.
		{"Hoe verder? 1. Naar de volgende stap 2. Deze stap nog eens 3. Terug naar de vorige stap", "3"},
		{"Nu: MARKER-7f3a ik wil hulp bij mijn post. Enter: zo laten.", ""},
		{"Soort vraag", ""},
		{"Hoe verder?", "1"},
		{"Stap 3 van 7: Hoe gaat het?", ""},
	}, keep("Typ een nummer van 1 tot en met 6:", domains-1), []turn{
		{"Hoe verder?", "1"},
		// 4 Clarify the two domains at 3 or more.
		{"Stap 4 van 7: Wat speelt er?", "de post stapelt op"},
		{"Wat is al geprobeerd?", "zelf gebeld"},
		{"Instanties", "1"},
		{"1. ✓ Wijkteam", "0"},
		{"Wat zou helpen?", "iemand die alles uitlegt"},
		{"Hoe snel?", "4"},
		{"Wat wilt u doen met Brieven? 1. Verder 2. Een nieuwe brief toevoegen", "2"},
		{"Soort brief 1. — kies de soort brief — 2. Melding bij de Wmo 3. Aanvraag 4. Besluit (bezwaar kan)", "4"},
		{"Van wie", "2"},
		{"Datum van de brief (verstuurd)", "31-02-2026"},
		{"31 februari bestaat niet", "02-03-2026"},
		{"Ontvangen op", ""},
		{"Waarover", "Besluit bijstand"},
		{"Brieven: 1. Wat wilt u doen met Brieven?", "1"},
		{"Inkomen en uitkering", ""},
		{"Wat is al geprobeerd?", ""},
		{"Instanties", "0"},
		{"Wat zou helpen?", "iemand die meeleest"},
		{"Hoe snel?", ""},
		{"Wat wilt u doen met Brieven?", "1"},
		{"Hoe verder?", "1"},
		// 5 The clarified question.
		{"Stap 5 van 7: Mijn vraag is.", "Mijn vraag is hulp bij het lezen van de post"},
		{"Hoe verder?", "1"},
		// 6 Agreements: one with an agency and a date (typed wrong first),
		// a referral, the next appointment; then back to the menu.
		{"Stap 6 van 7: Afspraken.", "2"},
		{"Wat gaat er gebeuren", "bel de woningcorporatie"},
		{"Wie doet het", "5"},
		{"Welke instantie", "2"},
		{"Vóór", "morgen"},
		{"Typ de datum zo:", "20-3-2026"},
		{"Gedaan [j/N]", ""},
		{"Wat wilt u doen met Afspraken?", "1"},
		{"Wat wilt u doen met Doorverwijzingen?", "2"},
		{"Naar welke instantie?", "2"},
		{"Leefgebied", "2"},
		{"Waarom", "bezwaar maken"},
		{"Samen eerste contact [j/N]", "n"},
		{"Nu: 12-03-2026.", ""},
		{"Uitkomst 1. Verstuurd", ""},
		{"Sinds", ""},
		{"Wat wilt u doen met Doorverwijzingen?", "1"},
		{"Volgende afspraak", "19-03-2026 14:30"},
		{"Waar", "2"},
		{"Meenemen of weten", "Alle brieven meenemen"},
		{"Bezwaar maken: uiterlijk maandag 13 april 2026 (nog 32 dagen). Hoe verder?", "4"},
		// The conversation's menu: read the question back, then stop.
		{"Gesprek", "2"},
		{"Welke stap?", "2"},
		{"Uw vraag: In eigen woorden: MARKER-7f3a ik wil hulp bij mijn post", "7"},
		{"Wat wilt u doen?", "3"},
	})
	if _, err := run(t, newSession(st, "nl"), Options{}, first...); err != nil {
		t.Fatal(err)
	}
	in := newConversation(t, st)
	if in.Status != intake.StatusDraft || in.Step != intake.StepAgreements || in.NextAppointment.Note != "Alle brieven meenemen" {
		t.Fatalf("after the first session: status %q step %q appointment %+v", in.Status, in.Step, in.NextAppointment)
	}

	// A second session continues the draft at its step and closes it.
	second := concat(unlock, []turn{
		{"Wat wilt u doen?", "1"},
		{"Typ een deel van een naam", "test"},
		{"1. Test Bewoner, " + in.ID[:8] + ", Nog bezig", "1"},
		{"Wat wilt u doen? 1. Verder met het gesprek, bij stap 6: Afspraken", "1"},
		{"Stap 6 van 7: Afspraken.", "1"},
		{"Wat wilt u doen met Doorverwijzingen?", "1"},
		{"Nu: 19-03-2026 14:30.", ""},
		{"Waar", ""},
		{"Meenemen of weten", ""},
		{"Hoe verder?", "1"},
		// 7 Closure, now.
		{"Stap 7 van 7: Afronden.", "5"},
		{"Kunt u uw vraag nu beter zeggen?", "2"},
		{"Weet u nu beter wat u kunt doen?", "3"},
		{"Gesprek afronden 1. — nog niet gekozen — 2. Later (blijft open) 3. Nu afsluiten", "3"},
		{"Het gesprek is afgesloten. Doorlooptijd: 0 dagen. Hoe verder?", "1"},
		{"Het gesprek is bewaard.", "7"},
		{"Wat wilt u doen?", "3"},
	})
	out, err := run(t, newSession(st, "nl"), Options{}, second...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Spreekuur is gestopt en op slot.") {
		t.Fatalf("end:\n%s", out)
	}

	in = newConversation(t, st)
	agency := cat.Agencies[0].Code
	checks := []struct {
		what      string
		got, want any
	}{
		{"location", in.Location, cat.Locations[0].Code},
		{"supporter", in.Presence.Supporter, "anna"},
		{"kompaan", in.Presence.Kompaan, true},
		{"kompaan name", in.Presence.KompaanName, "karim"},
		{"network", in.Presence.Network, true},
		{"route", in.Route, cat.Routes[1].Code},
		{"consent", in.Consent.Has(intake.ScopeNotes) && in.Consent.Has(intake.ScopeFollowUp), true},
		{"no handover", in.Consent.Has(intake.ScopeHandover) || in.Consent.Has(intake.ScopeReferral), false},
		{"own words", in.OwnWords, "MARKER-7f3a ik wil hulp bij mijn post"},
		{"question type", in.QuestionType, cat.QuestionTypes[0].Code},
		{"scan d0", in.ScanOf(cat.Domains[0].Code), intake.Serious},
		{"scan d1", in.ScanOf(cat.Domains[1].Code), intake.Worries},
		{"scanned", len(in.Scan), 2},
		{"clarifications", len(in.Clarifications), 2},
		{"happening d0", in.Clarifications[0].Happening, "de post stapelt op"},
		{"urgency d0", in.Clarifications[0].Urgency, intake.UrgencyWeek},
		{"letter", len(in.Clarifications[0].Letters), 1},
		{"letter kind", in.Clarifications[0].Letters[0].Kind, intake.LetterDecision},
		{"letter sent", in.Clarifications[0].Letters[0].Sent, intake.D(2026, 3, 2)},
		{"would help d1", in.Clarifications[1].WouldHelp, "iemand die meeleest"},
		{"clarified", in.ClarifiedQuestion, "Mijn vraag is hulp bij het lezen van de post"},
		{"agreements", len(in.Agreements), 1},
		{"agreement", in.Agreements[0], intake.Agreement{What: "bel de woningcorporatie", Who: intake.PartyAgency, Agency: agency, By: intake.D(2026, 3, 20)}},
		{"referrals", len(in.Referrals), 1},
		{"referral", in.Referrals[0], intake.Referral{Agency: agency, Domain: cat.Domains[0].Code, Reason: "bezwaar maken", On: intake.D(2026, 3, 12),
			State: intake.ReferralSent, StateOn: intake.D(2026, 3, 12)}},
		{"appointment", in.NextAppointment.At.Equal(time.Date(2026, 3, 19, 14, 30, 0, 0, time.UTC)), true},
		{"closure", in.Closure, intake.Closure{Appreciation: 4, StateBetter: intake.AnswerYes, MoreControl: intake.AnswerPartly}},
		{"status", in.Status, intake.StatusClosed},
		{"step", in.Step, intake.StepClosure},
		{"deadline", len(in.Deadlines()) == 1 && in.Deadlines()[0].Due == intake.D(2026, 4, 13), true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	st.Mu.Lock()
	var name string
	var year int
	for _, r := range st.Stored {
		if r.ID == in.ResidentID {
			name, year = r.Pseudonym, r.BirthYear
		}
	}
	st.Mu.Unlock()
	if in.ResidentID == "" || name != "Test Bewoner" || year != 1970 {
		t.Errorf("resident %q named %q born %d", in.ResidentID, name, year)
	}
	if errs := in.Validate(cat, day0); len(errs) > 0 {
		t.Errorf("the saved conversation does not validate: %v", errs)
	}
}

// TestRunSavesEachAnswer: the input ends half-way (a screen-reader user
// closes the laptop): every answer given so far is in the vault, at the
// step it was given in.
func TestRunSavesEachAnswer(t *testing.T) {
	st := vault()
	_, err := run(t, newSession(st, "nl"), Options{},
		turn{"Uw naam", "anna"}, turn{"Uw wachtwoordzin:", "correct horse battery"},
		turn{"Wat wilt u doen?", "2"},
		turn{"Plaats", "2"}, turn{"Cliëntondersteuner", ""}, turn{"Kompaan erbij", ""}, turn{"Iemand uit netwerk", ""},
		turn{"Hoe bij ons gekomen", ""}, turn{"Toestemming", "j"}, turn{"Later contact", ""}, turn{"Naar ons kantoor", ""},
		turn{"Delen bij verwijzing", ""}, turn{"Naam of initialen", "R. de Boer"}, turn{"Geboortejaar", ""}, turn{"Doelgroepen", "0"},
		turn{"Hoe verder?", "1"}, turn{"In eigen woorden", "MARKER-half"}, turn{"Soort vraag", ""},
		turn{"Hoe verder?", "1"}, turn{"Geld en schulden", ""}, turn{"Inkomen en uitkering", "1"}, // ZRM 1: urgent
	)
	if err != nil {
		t.Fatal(err)
	}
	cat := intake.DefaultCatalogue()
	in := newConversation(t, st)
	if in.Location != cat.Locations[0].Code || in.Status != intake.StatusDraft || in.Step != intake.StepScan ||
		in.ScanOf(cat.Domains[1].Code) != intake.Urgent || in.OwnWords != "MARKER-half" || in.ResidentID == "" {
		t.Fatalf("saved %+v", in)
	}
}

// TestRunNoConsentKeepsOnlyCodes: without consent the walk asks nothing
// personal (it says each is not kept) and keeps the coded answers: an
// anonymous contact that still counts; no resident is saved.
func TestRunNoConsentKeepsOnlyCodes(t *testing.T) {
	st := vault()
	out, err := run(t, newSession(st, "en"), Options{Lang: "en"},
		turn{"Your name", "anna"}, turn{"Your passphrase", "correct horse battery"},
		turn{"What do you want to do?", "2"},
		turn{"Place", "2"}, turn{"Client supporter", ""}, turn{"Kompaan present", ""}, turn{"Someone from network", "y"},
		turn{"How they found us", ""}, turn{"Consent", "n"},
		turn{"Name or initials: Without consent we do not keep this. Year of birth: Without consent we do not keep this.", "1"},
		turn{"Step 2 of 7: Your question. What is the question?", "2"},
		turn{"How to go on?", "1"},
		turn{"Money and debts", "1"}, // ZRM 1: urgent
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, not := range []string{"Enter: skip. Name or initials", "Enter: skip. In own words"} {
		if strings.Contains(squeeze(out), not) {
			t.Errorf("asked %q without consent", not)
		}
	}
	cat := intake.DefaultCatalogue()
	in := newConversation(t, st)
	if in.Consent.Given || in.ResidentID != "" || !in.Presence.Network || in.Location != cat.Locations[0].Code ||
		in.QuestionType != cat.QuestionTypes[0].Code || in.ScanOf(cat.Domains[0].Code) != intake.Urgent || in.Status != intake.StatusDraft {
		t.Fatalf("saved %+v", in)
	}
	if len(st.Stored) != len(vault().Stored) {
		t.Fatal("a resident was saved without consent")
	}
}
