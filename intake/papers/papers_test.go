package papers

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"github.com/spreekuur/spreekuur/intake"
)

var testNow = time.Date(2024, time.February, 28, 10, 0, 0, 0, time.UTC)

const (
	questionMarker = "Mijn vraag is: help mij met de post (QMARK-7)."
	noteMarker     = "NOTE-SECRET-4711 voelde zich gehoord"
	contactMarker  = "CONTACT-SECRET-0815"
)

func date(s string) intake.Date {
	d, err := intake.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// fixture is a full intake of a consenting resident, with a Wmo report on
// 2024-02-27 (plan due Tuesday 5 March 2024) and a decision letter sent on
// 2024-02-26 (objection due Monday 8 April 2024).
func fixture() (intake.Intake, intake.Resident) {
	start := testNow.Add(-2 * time.Hour)
	r := intake.NewResident("Zoë Müller", start)
	r.BirthYear = 1961
	r.TargetGroups = []intake.TargetGroupCode{"homeless"}
	r.Contact = "06-12345678"
	in := intake.NewIntake(start)
	in.ResidentID = r.ID
	in.Location = "shelter"
	in.Presence = intake.Presence{Supporter: "Anouk", Kompaan: true, KompaanName: "Ruud", Network: true, NetworkRelation: "zus"}
	in.Route = "shelter_staff"
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeFollowUp}, At: start}
	in.OwnWords = "Ik krijg steeds brieven en ik snap ze niet."
	in.SetScan("money", intake.Serious)
	in.SetScan("papers", intake.Urgent)
	in.SetScan("housing", intake.Worries)
	in.Clarifications = []intake.Clarification{
		{Domain: "money", Happening: "Huurachterstand van twee maanden.", Tried: "Zelf gebeld met de corporatie.", Agencies: []intake.AgencyCode{"woningcorporatie"},
			WouldHelp: "Een betalingsregeling.", Urgency: intake.UrgencyWeek},
		{Domain: "papers", Happening: "Post blijft liggen.", Urgency: intake.UrgencyNow,
			Letters: []intake.Letter{{Kind: intake.LetterDecision, From: "sociale_zaken", Sent: date("2024-02-26"), About: "bijzondere bijstand afgewezen"}}},
		{Domain: "housing", Happening: "Trap is moeilijk.", Letters: []intake.Letter{{Kind: intake.LetterWmoReport, Sent: date("2024-02-27")}}},
	}
	in.Agencies = []intake.AgencyCode{"sociale_zaken"}
	in.ClarifiedQuestion = questionMarker
	in.Agreements = []intake.Agreement{
		{What: "Betalingsregeling aanvragen", Who: intake.PartySupporter, By: date("2024-03-08")},
		{What: "Alle post meenemen", Who: intake.PartyResident},
		{What: "Zus helpt met boodschappen", Who: intake.PartyNetwork},
	}
	in.Referrals = []intake.Referral{{Agency: "schuldhulp", Domain: "money", Warm: true}}
	in.Contacts = []intake.Contact{{At: testNow.Add(-time.Hour), Kind: intake.ContactPhone, Note: contactMarker}}
	in.Notes = []intake.Note{{Author: "Ruud", Role: intake.RoleKompaan, At: start.Add(30 * time.Minute), Text: noteMarker}}
	in.Status = intake.StatusOpen
	in.Step = intake.StepAgreements
	in.Updated = testNow
	return in, r
}

// pdfText extracts the text of a PDF with an independent reader.
func pdfText(t *testing.T, b []byte) (string, int) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 16)])
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("PDF does not parse: %v", err)
	}
	rd, err := r.GetPlainText()
	if err != nil {
		t.Fatalf("PDF text: %v", err)
	}
	s, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return string(s), r.NumPage()
}

// squeeze drops all white space: PDF text extraction may split or join
// words differently from how they were written.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func containsLoose(hay, needle string) bool { return strings.Contains(squeeze(hay), squeeze(needle)) }

func TestSheet(t *testing.T) {
	in, r := fixture()
	cat := intake.DefaultCatalogue()
	today := intake.DateOf(testNow)
	tests := []struct {
		lang string
		want []string // in the text and in the PDF
	}{
		{"nl", []string{
			"Voorbereiding op het gesprek met de gemeente", "Zoë Müller", questionMarker,
			"Geld en schulden", "Betalingsregeling aanvragen", "de cliëntondersteuner", "vrijdag 8 maart 2024",
			"maandag 8 april 2024", "dinsdag 5 maart 2024",
			"het keukentafelgesprek", "ID-bewijs", "Medische informatie", "moeilijk", "omgeving", "gratis",
			"nummer " + in.ID[:8], // the short ID the app shows
		}},
		{"en", []string{
			"Getting ready for the conversation with the municipality", questionMarker,
			"Money and debts", "the client supporter", "Monday 8 April 2024", "Tuesday 5 March 2024",
			"kitchen-table conversation", "A valid ID", "Medical information", "free",
			"number " + in.ID[:8],
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			d := Sheet(in, r, cat, tt.lang, today)
			for _, key := range []string{intake.SectionQuestion, intake.SectionDomains, intake.SectionAgreements, intake.SectionDeadlines, intake.SectionBring, intake.SectionSupport} {
				if _, ok := d.Section(key); !ok {
					t.Errorf("section %s missing", key)
				}
			}
			text := d.Text()
			checkText(t, text)
			b, err := d.PDF()
			if err != nil {
				t.Fatal(err)
			}
			ptext, pages := pdfText(t, b)
			for _, w := range tt.want {
				if !strings.Contains(text, w) && !containsLoose(text, w) {
					t.Errorf("text lacks %q", w)
				}
				if !containsLoose(ptext, w) {
					t.Errorf("PDF lacks %q", w)
				}
			}
			page := map[string]string{"nl": "Pagina 1 van", "en": "Page 1 of"}[tt.lang]
			if !containsLoose(ptext, page) || pages < 1 {
				t.Errorf("no page number %q (pages %d)", page, pages)
			}
			for _, secret := range []string{noteMarker, contactMarker, "06-12345678"} {
				if strings.Contains(text, secret) || containsLoose(ptext, secret) {
					t.Errorf("the sheet shows %q", secret)
				}
			}
		})
	}
}

func checkText(t *testing.T, text string) {
	t.Helper()
	if !intake.IsInert(text) || strings.Contains(text, "\t") {
		t.Error("text is not inert")
	}
	for _, l := range strings.Split(text, "\n") {
		if n := utf8.RuneCountInString(l); n > textWidth && strings.Contains(strings.TrimSpace(l), " ") {
			t.Errorf("line of %d runes: %q", n, l)
		}
	}
}

func TestPersonalPlan(t *testing.T) {
	in, r := fixture()
	cat := intake.DefaultCatalogue()
	today := intake.DateOf(testNow)
	noReport, _ := fixture()
	noReport.Clarifications = noReport.Clarifications[:2]
	noQuestion, _ := fixture()
	noQuestion.ClarifiedQuestion, noQuestion.OwnWords = "", ""
	tests := []struct {
		name   string
		in     intake.Intake
		lang   string
		report intake.Date
		today  intake.Date
		want   map[string][]string // section key → substrings
		ask    []string            // sections that must ask with lines to write
	}{
		{"report in letters", in, "nl", intake.Date{}, today, map[string][]string{
			intake.SectionQuestion: {questionMarker, "Zo zei ik het eerst: Ik krijg steeds brieven"},
			SectionHandIn:          {"dinsdag 27 februari 2024", "uiterlijk op dinsdag 5 maart 2024", "Nog 6 dagen.¹"},
			SectionNeeds:           {"Geld en schulden: gaat niet goed. Mijn cliëntondersteuner schreef: “Huurachterstand van twee maanden.” Wat zou helpen: “Een betalingsregeling.” Hoe snel: deze week."},
			SectionOwnStrength:     {"Geld en schulden: wat ik al probeerde. Mijn cliëntondersteuner schreef: “Zelf gebeld", "Dit doe ik zelf. Mijn cliëntondersteuner schreef: “Alle post meenemen.”"},
			SectionNetwork:         {"iemand uit mijn omgeving (zus)", "Zus helpt met boodschappen"},
			SectionCarerSupport:    {"steun"},
			SectionGeneral:         {"algemene voorziening", "Schuldhulp"},
			SectionCurrentHelp:     {"Sociale Zaken"},
			intake.SectionSupport:  {"gratis"},
		}, []string{SectionNeeds, SectionOwnStrength, SectionNetwork, SectionCarerSupport, SectionGeneral}},
		{"report given, passed", noReport, "nl", date("2024-02-01"), today, map[string][]string{
			SectionHandIn: {"donderdag 8 februari 2024", "Deze datum is voorbij"},
		}, nil},
		{"no report", noReport, "nl", intake.Date{}, today, map[string][]string{
			SectionHandIn: {"7 dagen na die melding"},
		}, []string{SectionHandIn}},
		{"no question yet", noQuestion, "en", intake.Date{}, today, map[string][]string{
			SectionHandIn: {"Tuesday 5 March 2024", "days left.¹"},
		}, []string{intake.SectionQuestion}},
		{"english", in, "en", intake.Date{}, today, map[string][]string{
			intake.SectionQuestion: {questionMarker},
			SectionHandIn:          {"by Tuesday 5 March 2024"},
			SectionNeeds:           {"Money and debts", "How soon: this week"},
			SectionNetwork:         {"Someone close to me"},
			SectionGeneral:         {"general provision"},
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := PersonalPlanReported(tt.in, r, cat, tt.lang, tt.today, tt.report)
			if d.Kind != KindPlan {
				t.Errorf("kind %q", d.Kind)
			}
			// The law is in the footnotes: the first one, of the intro, names
			// the article of the plan and its five things.
			if len(d.Notes) == 0 || !strings.Contains(d.Notes[0], map[string]string{"nl": "artikel 2.3.2 lid 2 en 4", "en": "article 2.3.2(2) and (4)"}[tt.lang]) {
				t.Errorf("notes = %q", d.Notes)
			}
			for key, subs := range tt.want {
				sec, ok := d.Section(key)
				if !ok {
					t.Errorf("section %s missing", key)
					continue
				}
				all := strings.Join(sec.Lines, "\n")
				for _, s := range subs {
					if !strings.Contains(all, s) {
						t.Errorf("section %s lacks %q:\n%s", key, s, all)
					}
				}
			}
			for _, key := range tt.ask {
				if sec, _ := d.Section(key); sec.Ask == "" || sec.WriteLines == 0 {
					t.Errorf("section %s asks nothing", key)
				}
			}
			text := d.Text()
			checkText(t, text)
			b, err := d.PDF()
			if err != nil {
				t.Fatal(err)
			}
			ptext, _ := pdfText(t, b)
			for _, sec := range d.Sections {
				if !containsLoose(ptext, sec.Heading) || !strings.Contains(text, sec.Heading) {
					t.Errorf("heading %q missing from the text or the PDF", sec.Heading)
				}
			}
			for _, secret := range []string{noteMarker, contactMarker} {
				if strings.Contains(text, secret) || containsLoose(ptext, secret) {
					t.Errorf("the plan shows %q", secret)
				}
			}
		})
	}
	// PersonalPlan takes the report from the letters.
	if a, b := PersonalPlan(in, r, cat, "nl", today), PersonalPlanReported(in, r, cat, "nl", today, date("2024-02-27")); a.Text() != b.Text() {
		t.Error("PersonalPlan and PersonalPlanReported with the letter's date differ")
	}
}

// A resident may type anything: escape sequences, PDF string syntax,
// characters outside Windows-1252, a very long text. The PDF still parses
// and shows the question: exactly, with a marked placeholder where no font
// here can draw it (never "?").
func TestPDFHostileText(t *testing.T) {
	cat := intake.DefaultCatalogue()
	tests := []struct {
		name, question, want string
		minPages             int
	}{
		{"escape sequences", "Mijn vraag \x1b[2J\x1b]0;title\x07is\x1b[31m rood", "Mijn vraag [2J]0;title is[31m rood", 1},
		{"pdf syntax", `a ) b ( c \ d \) e \\( f ) Tj ET endstream endobj %%EOF`, `a ) b ( c \ d \) e \\( f ) Tj ET endstream endobj %%EOF`, 1},
		{"unbalanced", `((((((( \\\ `, `((((((( \\\`, 1},
		{"control and bidi", "ab\x00c\rd\u202ee\u2066f\x7fg\u0085h", "abcdefgh", 1},
		{"outside Windows-1252", "Şükrü Łódź ĳs 😀 中文 → ≥", "Şükrü Łódź ĳs [teken] [Chinees schrift] [teken]", 1},
		{"dutch", "Ik heb geen geld voor de crèche, één keer per week, geïrriteerd, café, € 50", "Ik heb geen geld voor de crèche, één keer per week, geïrriteerd, café, € 50", 1},
		{"invalid utf-8", "geld\xff\xfeen", "geld[teken]en", 1},
		{"long word", strings.Repeat("x", 3000), strings.Repeat("x", 100), 1},
		{"long text", strings.Repeat("Dit is een lange regel tekst.\n", 400), "Dit is een lange regel tekst.", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, r := fixture()
			in.ClarifiedQuestion = tt.question
			in.Clarifications[0].WouldHelp = tt.question
			r.Pseudonym = tt.question
			for _, d := range []Doc{Sheet(in, r, cat, "nl", intake.DateOf(testNow)), PersonalPlan(in, r, cat, "nl", intake.DateOf(testNow))} {
				b, err := d.PDF()
				if err != nil {
					t.Fatal(err)
				}
				ptext, pages := pdfText(t, b)
				if !containsLoose(ptext, tt.want) {
					t.Errorf("%s: PDF lacks %q:\n%s", d.Kind, tt.want, ptext[:min(len(ptext), 600)])
				}
				if pages < tt.minPages {
					t.Errorf("%s: %d pages, want at least %d", d.Kind, pages, tt.minPages)
				}
				if !containsLoose(ptext, "keukentafelgesprek") && d.Kind == KindSheet {
					t.Errorf("%s: the rest of the sheet is gone", d.Kind)
				}
				checkText(t, d.Text())
			}
		})
	}
}
