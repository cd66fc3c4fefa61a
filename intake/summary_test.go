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
	}{
		{"nl", map[string][]string{
			SectionQuestion:    {"Mijn vraag is: help mij met mijn post en met de huur."},
			SectionDomains:     {"Geld en schulden: gaat niet goed. Wat zou helpen: Een betalings[31mregeling.", "Papieren en instanties: dringend: nu hulp nodig", "Wonen: zorgen"},
			SectionAgreements:  {"Betalingsregeling aanvragen — de cliëntondersteuner, uiterlijk vrijdag 8 maart 2024", "Alle post meenemen — u", "Bezwaar beoordelen — Het Juridisch Loket"},
			SectionReferrals:   {"Schuldhulp", "(we leggen samen het eerste contact)"},
			SectionDeadlines:   {"vrijdag 15 maart 2024: In de brief staat", "maandag 8 april 2024: Bent u het niet eens met het besluit?", "(Awb, artikel 6:7 en 6:8; Algemene termijnenwet)", "Nog 11 dagen."},
			SectionAppointment: {"maandag 11 maart 2024 om 14:30, Opvang voor dak- en thuislozen", "Post meenemen"},
			SectionBring:       {"ID-bewijs", "brieven", "hulp en zorg die u nu krijgt", "Medische informatie", "moeilijk", "omgeving"},
			SectionSupport:     {"cliëntondersteuner", "gratis"},
		}},
		{"en", map[string][]string{
			SectionQuestion:  {"Mijn vraag is:"}, // the resident's own words are not translated
			SectionDomains:   {"Money and debts: not going well", "Papers and agencies: urgent: help needed now"},
			SectionDeadlines: {"Monday 8 April 2024: Do you disagree with the decision?", "(Awb, articles 6:7 and 6:8; Algemene termijnenwet)"},
			SectionBring:     {"A valid ID", "All letters", "Medical information"},
			SectionSupport:   {"client supporter is free"},
		}},
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
			text := s.Text()
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
