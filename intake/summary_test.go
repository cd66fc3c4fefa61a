package intake

import (
	"strings"
	"testing"
)

func TestSummarise(t *testing.T) {
	c := DefaultCatalogue()
	in, r := sampleIntake()
	in.Clarifications[0].WouldHelp = "Een betalings\x1b[31mregeling."
	today := DateOf(testNow)
	tests := []struct {
		lang string
		want map[string][]string // section key → substrings that must appear
		note string              // the start of the one footnote: the objection's legal basis
	}{
		{"nl", map[string][]string{
			SectionQuestion:    {"Mijn vraag is: help mij met mijn post en met de huur."},
			SectionDomains:     {"Geld en schulden: gaat niet goed. Wat zou helpen: Een betalings[31mregeling.", "Papieren en instanties: dringend: nu hulp nodig", "Wonen: zorgen"},
			SectionAgreements:  {"Betalingsregeling aanvragen — de cliëntondersteuner, uiterlijk vrijdag 8 maart 2024", "Alle post meenemen — u", "Bezwaar beoordelen — Het Juridisch Loket"},
			SectionReferrals:   {"Schuldhulp", "(we leggen samen het eerste contact)"},
			SectionDeadlines:   {"vrijdag 15 maart 2024: In de brief staat", "maandag 8 april 2024: Bent u het niet eens met het besluit?", "afgewezen)¹", "Nog 11 dagen."},
			SectionAppointment: {"maandag 11 maart 2024 om 14:30, Opvang voor dak- en thuislozen", "Post meenemen"},
			SectionBring:       {"ID-bewijs", "brieven", "hulp en zorg die u nu krijgt", "Medische informatie", "moeilijk", "omgeving"},
			SectionSupport:     {"cliëntondersteuner", "gratis"},
		}, "Algemene wet bestuursrecht (Awb), artikel 6:7 en 6:8"},
		{"en", map[string][]string{
			SectionQuestion:  {"Mijn vraag is:"}, // the resident's own words are not translated
			SectionDomains:   {"Money and debts: not going well", "Papers and agencies: urgent: help needed now"},
			SectionDeadlines: {"Monday 8 April 2024: Do you disagree with the decision?", "afgewezen)¹"},
			SectionBring:     {"A valid ID", "All letters", "Medical information"},
			SectionSupport:   {"client supporter is free"},
		}, "General Administrative Law Act (Awb), articles 6:7 and 6:8"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			s := Summarise(in, r, c, tt.lang, today)
			if s.For != "M.B." {
				t.Errorf("For = %q", s.For)
			}
			for key, subs := range tt.want {
				sec, ok := s.Section(key)
				if !ok {
					t.Errorf("section %s missing", key)
					continue
				}
				all := strings.Join(sec.Lines, "\n")
				for _, sub := range subs {
					if !strings.Contains(all, sub) {
						t.Errorf("section %s lacks %q:\n%s", key, sub, all)
					}
				}
			}
			// The law is a footnote, out of the sentences the resident reads.
			if len(s.Notes) != 1 || !strings.HasPrefix(s.Notes[0], tt.note) {
				t.Errorf("notes = %q, want one starting %q", s.Notes, tt.note)
			}
			for _, sec := range s.Sections {
				for _, l := range sec.Lines {
					if strings.Contains(l, "Awb") || strings.Contains(l, "artikel") || strings.Contains(l, "article") {
						t.Errorf("a legal reference in the text: %s", l)
					}
				}
			}
			text := s.Text()
			if !strings.Contains(text, "¹ "+tt.note) {
				t.Errorf("the text lacks the footnote:\n%s", text)
			}
			if !IsInert(text) {
				t.Error("summary text is not inert")
			}
			for _, l := range strings.Split(text, "\n") {
				if n := len([]rune(l)); n > 72 {
					t.Errorf("line of %d runes: %q", n, l)
				}
			}
			// Internal notes never reach the resident's sheet.
			if strings.Contains(text, in.Notes[0].Text) || strings.Contains(text, in.Contacts[0].Note) {
				t.Error("internal notes in the summary")
			}
		})
	}
}

func TestSummariseEmptyIntake(t *testing.T) {
	s := Summarise(NewIntake(testNow), Resident{}, DefaultCatalogue(), "nl", DateOf(testNow))
	keys := []string{}
	for _, sec := range s.Sections {
		keys = append(keys, sec.Key)
	}
	if got := strings.Join(keys, ","); got != "question,bring,support" {
		t.Errorf("sections = %s", got)
	}
	if s.For != "" {
		t.Errorf("For = %q without a resident", s.For)
	}
}

func TestSummaryDeadlinePassedAndExtended(t *testing.T) {
	in := Intake{Clarifications: []Clarification{{Domain: "income", Letters: []Letter{{Kind: LetterDecision, Sent: d("2024-03-23")}}}}}
	c := DefaultCatalogue()
	sec, _ := Summarise(in, Resident{}, c, "nl", d("2024-05-05")).Section(SectionDeadlines)
	if l := sec.Lines[0]; !strings.Contains(l, "maandag 6 mei 2024") || strings.Contains(l, "voorbij") {
		t.Errorf("extension not shown, or called passed while it still runs: %s", l)
	}
	sec, _ = Summarise(in, Resident{}, c, "nl", d("2024-05-07")).Section(SectionDeadlines)
	if !strings.Contains(sec.Lines[0], "voorbij") {
		t.Errorf("passed deadline not marked: %s", sec.Lines[0])
	}
}

func TestWrap(t *testing.T) {
	got := Wrap("een twee drie vier", 10, "- ", "  ")
	if got != "- een twee\n  drie\n  vier\n" {
		t.Errorf("wrap = %q", got)
	}
}

// TestSummariseAsResident: the plan's voice. The agreements, dates and
// support are the resident's own ("ik", "mijn cliëntondersteuner"), never
// "u"; an agreement ticked off says on which day.
func TestSummariseAsResident(t *testing.T) {
	c := DefaultCatalogue()
	in, r := sampleIntake()
	in.Agreements[0].Done, in.Agreements[0].DoneOn = true, d("2024-03-07")
	s := SummariseAs(in, r, c, "nl", DateOf(testNow), VoiceI)
	want := map[string][]string{
		SectionAgreements: {"Betalingsregeling aanvragen — mijn cliëntondersteuner, uiterlijk vrijdag 8 maart 2024 (klaar op donderdag 7 maart 2024)", "Alle post meenemen — ik"},
		SectionDeadlines:  {"maandag 8 april 2024: Ik kan bezwaar maken tegen het besluit."},
		SectionSupport:    {"Ik hoef niet alleen te gaan.", "Die werkt voor mij."},
	}
	for key, subs := range want {
		sec, _ := s.Section(key)
		all := strings.Join(sec.Lines, "\n")
		for _, sub := range subs {
			if !strings.Contains(all, sub) {
				t.Errorf("section %s lacks %q:\n%s", key, sub, all)
			}
		}
		for _, you := range []string{" u,", " u ", "— u", "uw "} {
			if strings.Contains(all, you) {
				t.Errorf("section %s speaks to the resident (%q):\n%s", key, you, all)
			}
		}
	}
}

// TestReferralWhen: the day of the referral, and the outcome with its day
// (and reason) once there is one.
func TestReferralWhen(t *testing.T) {
	tests := []struct {
		ref  Referral
		lang string
		want string
	}{
		{Referral{}, "nl", ""},
		{Referral{On: d("2026-11-02")}, "nl", "Verwezen op maandag 2 november 2026."},
		{Referral{On: d("2026-11-02"), State: ReferralSent, StateOn: d("2026-11-02")}, "nl", "Verwezen op maandag 2 november 2026."},
		{Referral{On: d("2026-11-02"), State: ReferralAccepted, StateOn: d("2026-11-09")}, "nl", "Verwezen op maandag 2 november 2026. Aangenomen op maandag 9 november 2026."},
		{Referral{On: d("2026-11-02"), State: ReferralRefused, StateOn: d("2026-11-09"), Why: "wachtlijst"}, "nl", "Verwezen op maandag 2 november 2026. Geweigerd op maandag 9 november 2026, want: wachtlijst."},
		{Referral{On: d("2026-11-02"), State: ReferralDone}, "en", "Referred on Monday 2 November 2026. Help given."},
	}
	for _, tt := range tests {
		if got := ReferralWhen(tt.ref, tt.lang); got != tt.want {
			t.Errorf("ReferralWhen(%+v) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func TestNoteMark(t *testing.T) {
	for n, want := range map[int]string{1: "¹", 2: "²", 9: "⁹", 10: "¹⁰", 23: "²³"} {
		if got := NoteMark(n); got != want {
			t.Errorf("NoteMark(%d) = %q, want %q", n, got, want)
		}
	}
}
