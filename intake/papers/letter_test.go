package papers

import (
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
)

// lateFixture is the fixture with an application to the Wmo desk sent on
// Monday 2 November 2026 and no decision: the 2 weeks ended on Monday 16
// November 2026, so on Friday 27 November 2026 the municipality is 11 days
// late.
func lateFixture() (intake.Intake, intake.Resident) {
	in, r := fixture()
	in.Clarifications = append(in.Clarifications, intake.Clarification{Domain: "self_care", Letters: []intake.Letter{
		{Kind: intake.LetterApplication, From: "wmo_loket", Sent: date("2026-11-02"), About: "huishoudelijke hulp"},
	}})
	return in, r
}

// TestLateLetter: the letter for a late decision, with real dates: what
// it says in the text and the PDF, the law in its footnotes (Awb 4:17 for
// an application; the Wmo's terms for a report), the letter on its own
// page, room for name, address and signature.
func TestLateLetter(t *testing.T) {
	cat := intake.DefaultCatalogue()
	today := date("2026-11-27")
	app, r := lateFixture()
	report, _ := fixture()
	report.Clarifications = []intake.Clarification{{Domain: "housing", Letters: []intake.Letter{
		{Kind: intake.LetterWmoReport, From: "wmo_loket", Sent: date("2026-10-09")}, // 6 weeks: Friday 20 November 2026
	}}}
	approx, _ := fixture()
	approx.Clarifications = []intake.Clarification{{Domain: "income", Letters: []intake.Letter{
		{Kind: intake.LetterApplication, Received: date("2026-11-14")}, // 2 weeks: Saturday 28 November → Monday 30 November
	}}}
	tests := []struct {
		name   string
		in     intake.Intake
		today  intake.Date
		lang   string
		want   []string // in the text and the PDF, in this order
		notes  []string // the footnotes start like this, in order
		absent []string
	}{
		{"application, Dutch", app, today, "nl", []string{
			"Brief aan de gemeente: u bent te laat",
			"Die tijd was om op maandag 16 november 2026.",
			"Zo gebruikt u deze brief", "Stuur de brief naar Wmo-loket van de gemeente.",
			"Mijn naam en adres:", "Aan: Wmo-loket van de gemeente", "Datum: vrijdag 27 november 2026",
			"Onderwerp: ingebrekestelling", "Op maandag 2 november 2026 heb ik een aanvraag bij u gedaan.", "Het gaat over: huishoudelijke hulp",
			"U moest binnen 2 weken beslissen.¹", "Met deze brief stel ik u in gebreke.²", "dwangsom", "Met vriendelijke groet,", "Mijn naam en handtekening:",
		}, []string{"Wet maatschappelijke ondersteuning 2015 (Wmo), artikel 2.3.5 lid 2", "Algemene wet bestuursrecht (Awb), artikel 4:17", "Awb, artikel 6:2 en 6:12"},
			[]string{"Let op: we rekenden"}},
		{"application, English", app, today, "en", []string{
			"Letter to the municipality: you are late", "That time was up on Monday 16 November 2026.",
			"Subject: notice of default", "On Monday 2 November 2026 I applied to you.", "With this letter I give you notice of default.²",
		}, []string{"Social Support Act 2015 (Wmo), article 2.3.5(2)", "General Administrative Law Act (Awb), article 4:17"}, nil},
		{"Wmo report without a report of findings", report, today, "nl", []string{
			"Brief aan de gemeente: ik doe nu een aanvraag", "Die tijd was om op vrijdag 20 november 2026.",
			"Onderwerp: aanvraag voor hulp uit de Wmo", "Op vrijdag 9 oktober 2026 heb ik mij bij u gemeld voor hulp.",
			"Ik heb nog geen verslag van u gekregen.", "Dit is mijn aanvraag.", "Wilt u binnen 2 weken beslissen?²",
		}, []string{"Wet maatschappelijke ondersteuning 2015 (Wmo), artikel 2.3.2 lid 1", "Wet maatschappelijke ondersteuning 2015 (Wmo), artikel 2.3.5 lid 2"},
			[]string{"ingebrekestelling", "in gebreke"}},
		{"counted from the day it arrived, term to the Monday", approx, date("2026-12-01"), "nl", []string{
			"Die tijd was om op maandag 30 november 2026.", "Let op: we rekenden vanaf de dag dat uw brief aankwam.",
			"Ik heb een aanvraag bij u gedaan. Uw brief daarover kwam op zaterdag 14 november 2026.",
		}, nil, []string{"Op zaterdag 14 november 2026 heb ik"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			late := tt.in.LateDecisions(tt.today)
			if len(late) == 0 {
				t.Fatal("no late decision")
			}
			d := LateLetter(tt.in, r, late[len(late)-1], cat, tt.lang, tt.today) // the latest: the fixture's 2024 report is late too
			if tt.today.DaysUntil(late[len(late)-1].Ends) > 0 {
				t.Fatalf("not late: %+v", late)
			}
			text := d.Text()
			checkText(t, text)
			b, err := d.PDF()
			if err != nil {
				t.Fatal(err)
			}
			ptext, pages := pdfText(t, b)
			if pages < 2 {
				t.Errorf("%d pages: the letter is not on a page of its own", pages)
			}
			at, pat := 0, 0
			for _, w := range tt.want {
				i := strings.Index(squeeze(text)[at:], squeeze(w)) // the text paper wraps at 72
				if i < 0 {
					t.Errorf("the text lacks %q after position %d:\n%s", w, at, text)
					continue
				}
				at += i
				j := strings.Index(squeeze(ptext)[pat:], squeeze(w))
				if j < 0 {
					t.Errorf("the PDF lacks %q in order", w)
					continue
				}
				pat += j
			}
			if len(d.Notes) < len(tt.notes) {
				t.Fatalf("notes %q, want %d", d.Notes, len(tt.notes))
			}
			for i, n := range tt.notes {
				if !strings.HasPrefix(d.Notes[i], n) {
					t.Errorf("note %d = %q, want it to start %q", i+1, d.Notes[i], n)
				}
				if !strings.Contains(text, intake.NoteMark(i+1)+" "+n) || !containsLoose(ptext, n) {
					t.Errorf("note %d is not printed", i+1)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(text, a) {
					t.Errorf("the letter says %q", a)
				}
			}
			for _, secret := range []string{noteMarker, contactMarker, questionMarker} {
				if strings.Contains(text, secret) || containsLoose(ptext, secret) {
					t.Errorf("the letter shows %q", secret)
				}
			}
			if sec, ok := d.Section(SectionSender); !ok || !sec.NewPage || sec.WriteLines < 3 {
				t.Errorf("the letter does not start on a new page with room for an address: %+v", sec)
			}
		})
	}
}

// TestPaperFrom: the sender's lines at the end of sheet and plan, in the
// resident's voice on the plan; a zero sender adds nothing.
func TestPaperFrom(t *testing.T) {
	in, r := fixture()
	cat := intake.DefaultCatalogue()
	today := intake.DateOf(testNow)
	s := Sender{Name: "Anna de Vries", Role: intake.RoleSupporter, Organisation: "Stichting Samen Sterk", Phone: "020 123 45 67"}
	tests := []struct {
		doc  Doc
		head string
	}{
		{Sheet(in, r, cat, "nl", today).From(s), "Uw cliëntondersteuner"},
		{PersonalPlan(in, r, cat, "nl", today).From(s), "Mijn cliëntondersteuner"},
		{Sheet(in, r, cat, "en", today).From(s), "Your client supporter"},
		{Sheet(in, r, cat, "nl", today).From(Sender{Name: "Ruud", Role: intake.RoleKompaan}), "Uw ervaringsdeskundige (kompaan)"},
	}
	for _, tt := range tests {
		sec := tt.doc.Sections[len(tt.doc.Sections)-1]
		if sec.Key != SectionContact || sec.Heading != tt.head {
			t.Errorf("%s %s: last section %q %q, want the contact under %q", tt.doc.Kind, tt.doc.Lang, sec.Key, sec.Heading, tt.head)
		}
		b, err := tt.doc.PDF()
		if err != nil {
			t.Fatal(err)
		}
		ptext, _ := pdfText(t, b)
		for _, l := range sec.Lines {
			if !containsLoose(ptext, l) || !strings.Contains(tt.doc.Text(), l) {
				t.Errorf("%q is not on the paper", l)
			}
		}
	}
	if got := strings.Join(tests[0].doc.Sections[len(tests[0].doc.Sections)-1].Lines, "|"); got != "Naam: Anna de Vries|Organisatie: Stichting Samen Sterk|Telefoon: 020 123 45 67" {
		t.Errorf("contact lines %q", got)
	}
	plain := Sheet(in, r, cat, "nl", today)
	if got := plain.From(Sender{}); len(got.Sections) != len(plain.Sections) {
		t.Error("a zero sender adds a section")
	}
}

// TestHelpAlreadyInvolved: under "Hulp die al meedoet" the plan lists the
// agencies that help, not one that collects (the CJIB) nor one that sent a
// bill in this conversation; an agency that sent a bill but was referred
// to helps even so.
func TestHelpAlreadyInvolved(t *testing.T) {
	in, r := fixture()
	cat := intake.DefaultCatalogue()
	in.Agencies = []intake.AgencyCode{"sociale_zaken", "cjib", "belastingdienst", "woningcorporatie"}
	in.Clarifications[0].Letters = []intake.Letter{
		{Kind: intake.LetterDemand, From: "belastingdienst", Due: date("2024-03-20")},
		{Kind: intake.LetterDemand, From: "woningcorporatie", Due: date("2024-03-20")},
	}
	in.Referrals = append(in.Referrals, intake.Referral{Agency: "woningcorporatie"})
	d := PersonalPlan(in, r, cat, "nl", intake.DateOf(testNow))
	sec, ok := d.Section(SectionCurrentHelp)
	if !ok || sec.Heading != "Hulp die al meedoet" {
		t.Fatalf("section %+v", sec)
	}
	got := strings.Join(sec.Lines, "|")
	if want := "Sociale Zaken van de gemeente|Woningcorporatie"; got != want {
		t.Errorf("help already involved: %q, want %q", got, want)
	}
}
