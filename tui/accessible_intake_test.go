package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// accessibleScript builds the input of an accessible session, line by line.
type accessibleScript struct {
	lines []string
}

func (a *accessibleScript) add(lines ...string) *accessibleScript {
	a.lines = append(a.lines, lines...)
	return a
}

// skipScan skips the rest of the scan after answered domains: just Enter.
func (a *accessibleScript) skipScan(answered int) *accessibleScript {
	for range len(intake.DefaultCatalogue().Domains) - answered {
		a.lines = append(a.lines, "")
	}
	return a
}

func (a *accessibleScript) String() string { return strings.Join(a.lines, "\n") + "\n" }

func runAccessibleScript(t *testing.T, v *fakeVault, lang, input string) string {
	t.Helper()
	var out bytes.Buffer
	err := RunAccessible(strings.NewReader(input), &out, Options{Vault: v, Lang: lang, Now: func() time.Time { return day0 }})
	if err != nil {
		t.Fatalf("RunAccessible: %v\n%s", err, out.String())
	}
	o := out.String()
	if strings.ContainsAny(o, "\x1b\x07") {
		t.Error("output contains escape or control characters")
	}
	return o
}

// newIntakeIn returns the one intake in v that is not in sampleVault.
func newIntakeIn(t *testing.T, v *fakeVault) intake.Intake {
	t.Helper()
	old := map[string]bool{}
	for _, in := range sampleVault().intakes {
		old[in.ID] = true
	}
	var found []intake.Intake
	for _, in := range v.intakes {
		if !old[in.ID] {
			found = append(found, in)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d new intakes, want 1", len(found))
	}
	return found[0]
}

func TestAccessibleWholeIntake(t *testing.T) {
	cat := intake.DefaultCatalogue()
	d0, d1 := cat.Domains[0], cat.Domains[1]
	script := (&accessibleScript{}).add(
		"anna", "correct horse battery", "2",
		// 1 start: place, kompaan and name, network, route, consent, scopes,
		// who from the network, the resident's name.
		"1", "j", "Kees", "ja", "99", "2", "j", "j", "", "n", "zus", "Test Bewoner",
		// 2 question: not right the first time, then confirmed; its type.
		"eerst fout", "n", "MARKER-7f3a ik wil hulp bij mijn post", "j", "1",
		// 3 scan: the first two domains (one answer not a step), the rest skipped.
		"4", "zes", "3",
	).skipScan(2).add(
		// 4 clarify the two domains at 3 or more.
		"de post stapelt op", "", "", "iemand die meeleest",
		// 5 clarified question.
		"Mijn vraag is hulp bij het lezen van de post",
		// 6 agreements: with an agency and a date (first typed wrong), then
		// one for the resident without a date, then done.
		"bel de woningcorporatie", "5", "1", "morgen", "20-3-2026",
		"post meenemen", "", "",
		"",
		// 7 closure now: appreciation, the two outcome questions.
		"1", "4", "1", "2",
		"3",
	)
	v := sampleVault()
	o := runAccessibleScript(t, v, "", script.String())

	for _, want := range []string{
		"Welkom, anna",
		"Stap 1 van 7: Start\n",
		"Waar is dit gesprek?",
		"1. " + cat.Locations[0].Name.In("nl"),
		"Dat nummer ken ik niet.", // route 99
		"U typte: MARKER-7f3a",
		"Stap 3 van 7: Hoe gaat het?\n",
		d0.Name.In("nl") + ". " + d0.Question.In("nl") + " Typ 0 tot 5. Alleen Enter: overslaan.",
		"Typ een cijfer van 0 tot 5, of alleen Enter.", // "zes"
		d1.Name.In("nl") + ": wat speelt er?",
		"Afspraak 3: wat gaat er gebeuren?",
		"Typ de datum als dd-mm-jjjj.", // "morgen"
		"Het gesprek is afgesloten.",
		"Het gesprek is bewaard.",
	} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("output:\n%s", o)
	}

	in := newIntakeIn(t, v)
	agency := cat.Agencies[0].Code
	checks := []struct {
		what      string
		got, want any
	}{
		{"location", in.Location, cat.Locations[0].Code},
		{"supporter", in.Presence.Supporter, "anna"},
		{"kompaan", in.Presence.Kompaan, true},
		{"kompaan name", in.Presence.KompaanName, "Kees"},
		{"network", in.Presence.Network, true},
		{"network relation", in.Presence.NetworkRelation, "zus"},
		{"route", in.Route, cat.Routes[1].Code},
		{"consent", in.Consent.Has(intake.ScopeNotes) && in.Consent.Has(intake.ScopeFollowUp), true},
		{"no handover", in.Consent.Has(intake.ScopeHandover) || in.Consent.Has(intake.ScopeReferral), false},
		{"own words", in.OwnWords, "MARKER-7f3a ik wil hulp bij mijn post"},
		{"question type", in.QuestionType, cat.QuestionTypes[0].Code},
		{"scan d0", in.ScanOf(d0.Code), intake.Serious},
		{"scan d1", in.ScanOf(d1.Code), intake.Worries},
		{"scanned", len(in.Scan), 2},
		{"clarifications", len(in.Clarifications), 2},
		{"happening d0", in.Clarifications[0].Happening, "de post stapelt op"},
		{"would help d1", in.Clarifications[1].WouldHelp, "iemand die meeleest"},
		{"clarified", in.ClarifiedQuestion, "Mijn vraag is hulp bij het lezen van de post"},
		{"agreements", len(in.Agreements), 2},
		{"agreement 1", in.Agreements[0], intake.Agreement{What: "bel de woningcorporatie", Who: intake.PartyAgency, Agency: agency, By: intake.DateOf(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))}},
		{"agreement 2", in.Agreements[1], intake.Agreement{What: "post meenemen", Who: intake.PartyResident}},
		{"closure", in.Closure, intake.Closure{Appreciation: 4, StateBetter: intake.AnswerYes, MoreControl: intake.AnswerPartly}},
		{"status", in.Status, intake.StatusClosed},
		{"step", in.Step, intake.StepClosure},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	var name string
	for _, r := range v.residents {
		if r.ID == in.ResidentID {
			name = r.Pseudonym
		}
	}
	if in.ResidentID == "" || name != "Test Bewoner" {
		t.Errorf("resident %q named %q", in.ResidentID, name)
	}
	if errs := in.Validate(cat, day0); len(errs) > 0 {
		t.Errorf("saved intake does not validate: %v", errs)
	}
	if v.Unlocked() {
		t.Error("vault left unlocked")
	}
}

// The input ends half-way (a screen reader user closes the laptop): every
// answer given so far is in the vault, at the step it was given in.
func TestAccessibleSavesEachAnswer(t *testing.T) {
	cat := intake.DefaultCatalogue()
	head := []string{"anna", "correct horse battery", "2",
		"1", "", "", "", "j", "", "", "", "R. de Boer",
		"MARKER-half", "j", ""}
	tests := []struct {
		name  string
		extra []string
		check func(t *testing.T, in intake.Intake)
	}{
		{"after the place", nil, func(t *testing.T, in intake.Intake) {}},
		{"in the scan", []string{"", "5"}, func(t *testing.T, in intake.Intake) {
			if in.Step != intake.StepScan || in.ScanOf(cat.Domains[1].Code) != intake.Urgent || in.OwnWords != "MARKER-half" {
				t.Errorf("step %s, scan %v, own words %q", in.Step, in.Scan, in.OwnWords)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := head[:4] // unlock, menu, place
			if tt.extra != nil {
				lines = append(append([]string(nil), head...), tt.extra...)
			}
			v := sampleVault()
			runAccessibleScript(t, v, "", strings.Join(lines, "\n")+"\n")
			in := newIntakeIn(t, v)
			if in.Location != cat.Locations[0].Code || in.Status != intake.StatusDraft {
				t.Errorf("location %q status %q", in.Location, in.Status)
			}
			tt.check(t, in)
		})
	}
}

// Without consent the walk skips every question about text or names and
// keeps the coded answers: an anonymous contact that still counts.
func TestAccessibleNoConsentKeepsOnlyCodes(t *testing.T) {
	cat := intake.DefaultCatalogue()
	script := (&accessibleScript{}).add(
		"2", "1", "", "j", "", "n", // place, network, consent no
		"2", // question type: no own words asked
		"5",
	).skipScan(1).add(
		"2", // closure later
		"3",
	)
	v := sampleVault()
	_ = v.Unlock("anna", []byte("correct horse battery"))
	o := runAccessibleScript(t, v, "en", script.String())
	for _, want := range []string{"Step 2 of 7: Your question\n", "We only count", "The conversation stays open."} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, not := range []string{"own words", "Name or initials", "what is going on?", "Agreement 1"} {
		if strings.Contains(o, not) {
			t.Errorf("asked %q without consent", not)
		}
	}
	in := newIntakeIn(t, v)
	if in.Consent.Given || in.ResidentID != "" || !in.Presence.Network || in.Location != cat.Locations[0].Code ||
		in.QuestionType != cat.QuestionTypes[1].Code || in.ScanOf(cat.Domains[0].Code) != intake.Urgent ||
		in.Status != intake.StatusOpen {
		t.Fatalf("saved %+v", in)
	}
	if len(v.residents) != len(sampleVault().residents) {
		t.Fatal("a resident was saved without consent")
	}
	if t.Failed() {
		t.Log(o)
	}
}
