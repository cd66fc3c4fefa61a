package papers

import (
	"fmt"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// KindReceipt is the receipt of an erasure.
const KindReceipt = "receipt"

// ReceiptInput is what a receipt of an erasure says: made from the
// tombstone (number, moment, count) and, when it is made at the table,
// the name the resident is known by. Nothing that was erased is on it.
type ReceiptInput struct {
	Number       string    // the resident's short number
	Pseudonym    string    // "" when not known any more
	Erased       time.Time // when
	Intakes      int       // how many conversations went
	Retention    bool      // erased because the retention period passed, not on request
	Organisation string    // who erased, with a phone number to ask
	Phone        string
}

// ErasureReceipt is the paper that tells a resident what was erased and
// when (AVG art. 17 and 12(3): the controller tells what it did with a
// request), in plain words, in lang.
func ErasureReceipt(in ReceiptInput, lang string) Doc {
	lang = intake.NormLang(lang)
	tr := func(nl, en string) string { return intake.T(nl, en).In(lang) }
	day := intake.DateOf(in.Erased.Local())
	d := Doc{Kind: KindReceipt, Lang: lang, Title: tr("Uw gegevens zijn gewist", "Your data has been erased"),
		For: in.Pseudonym, Made: day, Number: in.Number}
	when := day.Format(lang) + " " + in.Erased.Local().Format("15:04")
	if in.Retention {
		d.Intro = append(d.Intro, fmt.Sprintf(tr("Op %s hebben wij uw gegevens gewist. U had al lang geen contact meer met ons. Dan bewaren wij uw gegevens niet langer.",
			"On %s we erased your data. You had not been in touch with us for a long time. Then we do not keep your data any longer."), when))
	} else {
		d.Intro = append(d.Intro, fmt.Sprintf(tr("Op %s hebben wij uw gegevens gewist. U vroeg ons dat. Dat is uw recht (AVG, artikel 17).",
			"On %s we erased your data. You asked us to. That is your right (GDPR, article 17)."), when))
	}
	gone := []string{tr("Uw naam of letters, uw telefoon of e-mail en uw geboortejaar.", "Your name or initials, your phone or e-mail and your year of birth.")}
	switch in.Intakes {
	case 0:
	case 1:
		gone = append(gone, tr("Het gesprek met u, met alles wat daarin stond: uw vraag, de afspraken, de brieven en de aantekeningen.",
			"The conversation with you, with everything in it: your question, the agreements, the letters and the notes."))
	default:
		gone = append(gone, fmt.Sprintf(tr("De %d gesprekken met u, met alles wat daarin stond: uw vraag, de afspraken, de brieven en de aantekeningen.",
			"The %d conversations with you, with everything in them: your question, the agreements, the letters and the notes."), in.Intakes))
	}
	d.Sections = append(d.Sections,
		Section{Key: "gone", Heading: tr("Wat is gewist", "What was erased"), Bullets: true, Lines: gone},
		Section{Key: "kept", Heading: tr("Wat blijft", "What stays"), Bullets: true, Lines: []string{
			tr("Een telling zonder naam en zonder tekst. Bijvoorbeeld: in die maand een vraag over geld. Niets daarin leidt naar u.",
				"A count without a name and without any text. For example: in that month a question about money. Nothing in it leads to you."),
			fmt.Sprintf(tr("Een regel dat wij op deze dag iets wisten, met het nummer %s. Zo weten wij dat wij niets terugzetten.",
				"A line that we erased something on this day, with the number %s. That way we know not to bring anything back."), in.Number),
			tr("In ons logboek staat alleen dat nummer. Uw naam staat er niet in.",
				"Our log only has that number. Your name is not in it."),
		}},
	)
	ask := Section{Key: "office", Heading: tr("Ons kantoor", "Our office"), Lines: []string{
		tr("Zijn uw gegevens eerder naar ons kantoor gegaan? Dan wissen wij ze daar ook.",
			"Did your data go to our office before? Then we erase it there too."),
	}}
	contact := tr("Heeft u vragen? Vraag het ons.", "Do you have questions? Ask us.")
	if in.Organisation != "" && in.Phone != "" {
		contact = fmt.Sprintf(tr("Heeft u vragen? Bel %s: %s.", "Do you have questions? Call %s: %s."), oneLine(in.Organisation), oneLine(in.Phone))
	} else if in.Organisation != "" {
		contact = fmt.Sprintf(tr("Heeft u vragen? Vraag het %s.", "Do you have questions? Ask %s."), oneLine(in.Organisation))
	}
	ask.Lines = append(ask.Lines, contact)
	d.Sections = append(d.Sections, ask)
	return d
}
