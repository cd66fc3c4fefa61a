package papers

import (
	"fmt"

	"github.com/spreekuur/spreekuur/intake"
)

// KindLetter is the letter a resident sends when the municipality is late
// with its decision (intake.LateDecision).
const KindLetter = "letter"

// Section keys of the letter.
const (
	SectionHowTo   = "how_to"   // how to use the letter: for the resident, not sent
	SectionSender  = "sender"   // the resident's name and address, written by hand
	SectionAddress = "address"  // to whom
	SectionDate    = "date"     // the day of the letter
	SectionBody    = "body"     // the letter itself, under its subject
	SectionSign    = "sign_off" // greeting and signature
)

// Footnotes of the letter: the law behind each step, so the sentences
// stay plain and the municipality can check the basis.
var (
	lawDecisionTerm = intake.T(
		"Wet maatschappelijke ondersteuning 2015 (Wmo), artikel 2.3.5 lid 2: de gemeente beslist binnen 2 weken na ontvangst van de aanvraag. Een laatste dag in het weekend of op een feestdag schuift op naar de eerste werkdag (Algemene termijnenwet, artikel 1).",
		"Social Support Act 2015 (Wmo), article 2.3.5(2): the municipality decides within 2 weeks of receiving the application. A last day in a weekend or on a public holiday moves to the next working day (General Time Limits Act, article 1).")
	lawDefault = intake.T(
		"Algemene wet bestuursrecht (Awb), artikel 4:17: 2 weken nadat de gemeente deze ingebrekestelling ontving, betaalt zij een dwangsom voor elke dag dat zij te laat is, ten hoogste 42 dagen: € 23 per dag de eerste 14 dagen, € 35 de 14 dagen daarna en € 45 de rest (samen ten hoogste € 1.442).",
		"General Administrative Law Act (Awb), article 4:17: 2 weeks after the municipality received this notice of default, it pays a penalty for every day it is late, for at most 42 days: € 23 a day for the first 14 days, € 35 for the next 14 and € 45 for the rest (at most € 1,442 in all).")
	lawAppeal = intake.T(
		"Awb, artikel 6:2 en 6:12: beslist de gemeente ook 2 weken na deze brief niet, dan kan de aanvrager beroep instellen bij de rechtbank.",
		"Awb, articles 6:2 and 6:12: if the municipality still has not decided 2 weeks after this letter, the applicant may appeal to the court.")
	lawInvestigationTerm = intake.T(
		"Wet maatschappelijke ondersteuning 2015 (Wmo), artikel 2.3.2 lid 1: de gemeente doet binnen 6 weken na de melding onderzoek. Is dat onderzoek niet op tijd klaar, dan mag de cliënt een aanvraag doen (artikel 2.3.5). De gemeente beslist daarop binnen 2 weken (artikel 2.3.5 lid 2). Voor de melding zelf geldt de dwangsom van de Awb niet; voor de aanvraag wel (Awb, artikel 4:17).",
		"Social Support Act 2015 (Wmo), article 2.3.2(1): the municipality investigates within 6 weeks of the report. If the investigation is not done in time, the client may apply (article 2.3.5). The municipality decides on that within 2 weeks (article 2.3.5(2)). The Awb penalty does not apply to the report itself; it does to the application (Awb, article 4:17).")
)

// LateLetter is the letter the resident sends when the municipality is
// late (ld, from intake.LateDecisions). After an application it puts the
// municipality in default (ingebrekestelling, Awb art. 4:17): decide
// within 2 weeks, or pay a penalty for every day. After a Wmo report
// whose investigation took more than 6 weeks it is the application the
// law then allows, so that a decision term starts. The first page tells
// the resident how to use the letter; the letter itself is on the next
// page, with the dates filled in and room for name, address and
// signature. The law is in the footnotes.
func LateLetter(in intake.Intake, r intake.Resident, ld intake.LateDecision, cat *intake.Catalogue, lang string, today intake.Date) Doc {
	lang = intake.NormLang(lang)
	tr := func(t intake.Text) string { return t.In(lang) }
	f := func(t intake.Text, args ...any) string { return fmt.Sprintf(tr(t), args...) }
	report := ld.Kind == intake.LetterWmoReport
	d := Doc{Kind: KindLetter, Lang: lang, Made: today, Number: shortID(in.ID)}
	if in.Consent.Given && r.ID != "" && r.ID == in.ResidentID {
		d.For = oneLine(r.Pseudonym)
	}
	to := tr(intake.T("de gemeente", "the municipality"))
	if ag, ok := cat.Agency(ld.To); ok && ld.To != "" {
		to = tr(ag.Name)
	}
	if report {
		d.Title = tr(intake.T("Brief aan de gemeente: ik doe nu een aanvraag", "Letter to the municipality: I now apply"))
		d.Intro = []string{
			f(intake.T("De gemeente moest binnen 6 weken met u praten en uitzoeken wat u nodig heeft. Die tijd was om op %s.", "The municipality had to talk with you and find out what you need within 6 weeks. That time was up on %s."), ld.Ends.Format(lang)),
			tr(intake.T("U mag nu de hulp aanvragen. Met deze brief doet u dat. Dan moet de gemeente binnen 2 weken beslissen.", "You may now apply for the help. This letter does that. Then the municipality must decide within 2 weeks.")),
		}
	} else {
		d.Title = tr(intake.T("Brief aan de gemeente: u bent te laat", "Letter to the municipality: you are late"))
		d.Intro = []string{
			f(intake.T("De gemeente moest binnen 2 weken beslissen op uw aanvraag. Die tijd was om op %s.", "The municipality had to decide on your application within 2 weeks. That time was up on %s."), ld.Ends.Format(lang)),
			tr(intake.T("Met deze brief zegt u dat de gemeente te laat is. Dat heet een ingebrekestelling. Beslist de gemeente dan nog niet? Dan moet zij u geld betalen.", "With this letter you say that the municipality is late. This is called a notice of default. Does the municipality still not decide? Then it must pay you money.")),
		}
	}

	how := Section{Key: SectionHowTo, Heading: tr(intake.T("Zo gebruikt u deze brief", "How to use this letter")), Bullets: true, Lines: []string{
		tr(intake.T("Lees de brief op de volgende bladzijde. Klopt alles?", "Read the letter on the next page. Is everything right?")),
		tr(intake.T("Schrijf uw naam en adres boven de brief.", "Write your name and address at the top of the letter.")),
		tr(intake.T("Zet uw handtekening onder de brief.", "Sign the letter at the bottom.")),
		tr(intake.T("Maak een kopie of een foto van de brief. Die is voor u.", "Make a copy or a photo of the letter. That one is for you.")),
		f(intake.T("Stuur de brief naar %s. Of geef hem af bij de balie. Vraag dan om een bewijs dat de brief binnen is.", "Send the letter to %s. Or hand it in at the desk. Then ask for proof that the letter arrived."), to),
	}}
	if ld.Approx {
		how.Lines = append(how.Lines, tr(intake.T("Let op: we rekenden vanaf de dag dat uw brief aankwam. Kijk naar de datum op uw eigen brief.", "Note: we counted from the day your letter arrived. Check the date on your own letter.")))
	}
	how.Lines = append(how.Lines, tr(intake.T("Hulp nodig? Vraag het uw cliëntondersteuner.", "Need help? Ask your client supporter.")))
	d.Sections = append(d.Sections, how,
		Section{Key: SectionSender, NewPage: true, Ask: tr(intake.T("Mijn naam en adres:", "My name and address:")), WriteLines: 3},
		Section{Key: SectionAddress, Lines: []string{
			tr(intake.T("Aan: ", "To: ")) + to,
			tr(intake.T("Datum: ", "Date: ")) + today.Format(lang),
		}},
	)

	var body Section
	if report {
		body = opening(ld, lang, intake.T("Onderwerp: aanvraag voor hulp uit de Wmo", "Subject: application for support under the Wmo"),
			intake.T("Op %s heb ik mij bij u gemeld voor hulp.", "On %s I reported to you that I need support."),
			intake.T("Ik heb mij bij u gemeld voor hulp. Uw brief daarover kwam op %s.", "I reported to you that I need support. Your letter about it came on %s."))
		body.Lines = append(body.Lines,
			f(intake.T("U moest binnen 6 weken met mij praten en uitzoeken wat ik nodig heb.%s Die tijd was om op %s.", "You had to talk with me and find out what I need within 6 weeks.%s That time was up on %s."), d.note(tr(lawInvestigationTerm)), ld.Ends.Format(lang)),
			tr(intake.T("Ik heb nog geen verslag van u gekregen.", "I have not had a report from you yet.")),
			tr(intake.T("Daarom vraag ik nu de hulp aan. Dit is mijn aanvraag.", "So I now apply for the support. This is my application.")),
			f(intake.T("Wilt u binnen 2 weken beslissen?%s", "Please decide within 2 weeks.%s"), d.note(tr(lawDecisionTerm))),
		)
	} else {
		body = opening(ld, lang, intake.T("Onderwerp: ingebrekestelling", "Subject: notice of default"),
			intake.T("Op %s heb ik een aanvraag bij u gedaan.", "On %s I applied to you."),
			intake.T("Ik heb een aanvraag bij u gedaan. Uw brief daarover kwam op %s.", "I applied to you. Your letter about it came on %s."))
		body.Lines = append(body.Lines,
			f(intake.T("U moest binnen 2 weken beslissen.%s Die tijd was om op %s.", "You had to decide within 2 weeks.%s That time was up on %s."), d.note(tr(lawDecisionTerm)), ld.Ends.Format(lang)),
			tr(intake.T("Ik heb nog geen besluit van u gekregen.", "I have not had a decision from you yet.")),
			f(intake.T("Met deze brief stel ik u in gebreke.%s", "With this letter I give you notice of default.%s"), d.note(tr(lawDefault))),
			tr(intake.T("Ik vraag u om binnen 2 weken te beslissen.", "I ask you to decide within 2 weeks.")),
			f(intake.T("Doet u dat niet? Dan moet u mij een dwangsom betalen. Dat is geld voor elke dag dat u te laat bent.%s", "If you do not, you must pay me a penalty. That is money for every day you are late.%s"), d.note(tr(lawAppeal))),
		)
	}
	d.Sections = append(d.Sections, body, Section{Key: SectionSign, Lines: []string{tr(intake.T("Met vriendelijke groet,", "Kind regards,"))},
		Ask: tr(intake.T("Mijn naam en handtekening:", "My name and signature:")), WriteLines: 2})
	return d
}

// opening starts the letter under subject: the greeting, what the
// resident did on which day (approx when only the day a letter arrived
// is known), and what it was about.
func opening(ld intake.LateDecision, lang string, subject, did, approx intake.Text) Section {
	body := Section{Key: SectionBody, Heading: subject.In(lang), Lines: []string{intake.T("Geachte heer of mevrouw,", "Dear Sir or Madam,").In(lang)}}
	line := did
	if ld.Approx {
		line = approx
	}
	body.Lines = append(body.Lines, fmt.Sprintf(line.In(lang), ld.From.Format(lang)))
	if about := oneLine(ld.About); about != "" {
		body.Lines = append(body.Lines, intake.T("Het gaat over: ", "It is about: ").In(lang)+about)
	}
	return body
}
