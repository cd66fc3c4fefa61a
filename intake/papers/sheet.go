package papers

import "github.com/spreekuur/spreekuur/intake"

var (
	sheetTitle = intake.T("Voorbereiding op het gesprek met de gemeente", "Getting ready for the conversation with the municipality")
	sheetIntro = []intake.Text{
		intake.T("Dit papier is voor u. Hierop staat wat we samen hebben besproken.",
			"This paper is for you. It shows what we talked about together."),
		intake.T("Neem het mee naar het gesprek met de gemeente.",
			"Take it with you to the conversation with the municipality."),
	}
)

// Sheet is the preparation sheet for the resident: their question in their
// own words, the domains that matter, what was agreed and by whom, the
// deadlines with their dates, what to bring to the conversation with the
// municipality (the keukentafelgesprek), and that a client supporter may
// come along for free. It is built on intake.Summarise, so the sheet and
// the screen say the same thing. Internal notes are never on it.
func Sheet(in intake.Intake, r intake.Resident, cat *intake.Catalogue, lang string, today intake.Date) Doc {
	lang = intake.NormLang(lang)
	s := intake.Summarise(in, r, cat, lang, today)
	d := Doc{Kind: KindSheet, Lang: lang, Title: sheetTitle.In(lang), For: s.For, Made: today, Number: shortID(in.ID)}
	for _, t := range sheetIntro {
		d.Intro = append(d.Intro, t.In(lang))
	}
	for _, sec := range s.Sections {
		d.Sections = append(d.Sections, fromSummary(sec))
	}
	d.Notes = s.Notes
	return d
}
