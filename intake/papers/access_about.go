package papers

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// What AVG art. 15(1)(a-h) owes the resident besides the data itself,
// and the CJEU's C-579/21 (the dates and purposes of the consultations of
// their file): made from their records, the organisation's settings and
// the access log, in plain words (B1), in one language.

// AccessAbout is art. 15(1)(a-h) for one resident, in one language.
type AccessAbout struct {
	Purposes   []string `json:"purposes"`
	Categories []string `json:"categories"`
	Recipients []string `json:"recipients"`
	Retention  string   `json:"retention"`
	Source     []string `json:"source"`
	Rights     []string `json:"rights"`
	Automated  string   `json:"automated_decisions"`
}

// AccessEvent is one entry of the access log about the resident's file,
// as the resident reads it.
type AccessEvent struct {
	At      time.Time `json:"at"`
	What    string    `json:"what"`
	Role    string    `json:"role"`
	Purpose string    `json:"purpose"`
	User    string    `json:"user,omitempty"` // only where the organisation names users
}

// LogLine is an entry of the access log as the papers need it (the
// papers know nothing of the store).
type LogLine struct {
	At                                     time.Time
	Action, Outcome, Role, Purpose, Detail string
	User                                   string
}

// AccessContext is what the access export needs besides the records.
type AccessContext struct {
	Requested       intake.Date // the day the resident asked
	RetentionMonths int
	Organisation    string
	NamesInAccess   bool      // the organisation names users in the log
	Log             []LogLine // the entries about this resident's file, oldest first
	Lang            string
}

// Complete adds art. 15(1)(a-h), the log and the day the answer is due to
// an access export. The answer is due a month after the request (art.
// 12(3)): the same day of the next month, or the month's last day when
// it has none.
func (a *Access) Complete(c AccessContext) {
	lang := intake.NormLang(c.Lang)
	a.Requested = c.Requested
	a.AnswerBy = monthLater(c.Requested)
	a.About = about(a, c, lang)
	a.Log = nil
	for _, l := range c.Log {
		e := AccessEvent{At: l.At, What: actionWords(l, lang), Role: roleWordsOf(l.Role, lang), Purpose: purposeWords(l.Purpose, lang)}
		if c.NamesInAccess {
			e.User = oneLine(l.User)
		}
		a.Log = append(a.Log, e)
	}
}

// monthLater is the day one month after d (AVG art. 12(3)); for the 31st
// of a month followed by a shorter one, that month's last day.
func monthLater(d intake.Date) intake.Date {
	if d.IsZero() {
		return d
	}
	y, m := d.Year, d.Month+1
	if m > 12 {
		y, m = y+1, 1
	}
	last := time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
	return intake.Date{Year: y, Month: m, Day: min(d.Day, last)}
}

func about(a *Access, c AccessContext, lang string) *AccessAbout {
	t := func(nl, en string) string { return intake.T(nl, en).In(lang) }
	var handover, referral, health, justice, notes, letters, followUp bool
	var agencies []string
	var last time.Time
	for _, in := range a.Intakes {
		handover = handover || in.Consent.Has(intake.ScopeHandover)
		referral = referral || in.Consent.Has(intake.ScopeReferral)
		followUp = followUp || len(in.Contacts) > 0
		notes = notes || len(in.Notes) > 0
		for d := range in.Scan {
			switch d {
			case "mental_health", "physical_health", "addiction":
				health = true
			case "justice":
				justice = true
			}
		}
		for _, cl := range in.Clarifications {
			letters = letters || len(cl.Letters) > 0
			switch cl.Domain {
			case "mental_health", "physical_health", "addiction":
				health = true
			case "justice":
				justice = true
			}
		}
		for _, r := range in.Referrals {
			name := a.name("organisation", string(r.Organisation), lang)
			if name == "" {
				name = a.name("agency", string(r.Agency), lang)
			}
			if name != "" && !slices.Contains(agencies, name) {
				agencies = append(agencies, name)
			}
		}
		for _, at := range []time.Time{in.Created, in.ClosedAt} {
			if at.After(last) {
				last = at
			}
		}
		for _, ct := range in.Contacts {
			if ct.At.After(last) {
				last = ct.At
			}
		}
	}
	ab := &AccessAbout{}
	ab.Purposes = append(ab.Purposes,
		t("Om u te helpen uw vraag helder te krijgen, in het gesprek met u.", "To help you make your question clear, in the conversation with you."))
	if followUp || len(a.Intakes) > 0 {
		ab.Purposes = append(ab.Purposes, t("Om later verder te helpen: afspraken nakomen en contact houden, als u dat wilde.", "To help you later on: keep the agreements and stay in touch, if you wanted that."))
	}
	if handover {
		ab.Purposes = append(ab.Purposes, t("Om uw gegevens aan ons kantoor te geven. U gaf daar toestemming voor.", "To give your data to our office. You agreed to that."))
	}
	ab.Purposes = append(ab.Purposes,
		t("Om te tellen hoeveel vragen er zijn, voor de gemeente. Zonder uw naam en zonder tekst.", "To count how many questions there are, for the municipality. Without your name and without any text."),
		t("Om bij te houden wie uw gegevens bekeek of veranderde. Zo beschermen wij ze.", "To keep track of who looked at or changed your data. That is how we protect it."))

	ab.Categories = append(ab.Categories, t("Uw naam of letters, en als u dat wilde uw telefoon of e-mail.", "Your name or initials, and if you wanted, your phone or e-mail."))
	if a.Resident.BirthYear != 0 || len(a.Resident.TargetGroups) > 0 {
		ab.Categories = append(ab.Categories, t("Uw geboortejaar en groepen waar u bij hoort.", "Your year of birth and groups you belong to."))
	}
	ab.Categories = append(ab.Categories, t("Uw vraag, hoe het gaat in uw leven, en wat wij samen afspraken.", "Your question, how things are going in your life, and what we agreed together."))
	if health {
		ab.Categories = append(ab.Categories, t("Iets over uw gezondheid. Dat zijn bijzondere gegevens: wij gaan er extra zuinig mee om.", "Something about your health. This is special data: we take extra care of it."))
	}
	if justice {
		ab.Categories = append(ab.Categories, t("Iets over politie of justitie. Ook daar gaan wij extra zuinig mee om.", "Something about the police or the courts. We take extra care of that too."))
	}
	if letters {
		ab.Categories = append(ab.Categories, t("Brieven die u kreeg, met hun datum.", "Letters you received, with their date."))
	}
	if notes {
		ab.Categories = append(ab.Categories, t("Aantekeningen van de cliëntondersteuner en de kompaan.", "Notes of the client supporter and the kompaan."))
	}

	org := oneLine(c.Organisation)
	if org == "" {
		org = t("onze organisatie", "our organisation")
	}
	ab.Recipients = append(ab.Recipients, fmt.Sprintf(t("De cliëntondersteuners van %s. Een kompaan alleen als hij of zij bij uw gesprek was.", "The client supporters of %s. A kompaan only if they took part in your conversation."), org))
	if handover {
		ab.Recipients = append(ab.Recipients, t("Ons kantoor, versleuteld. U gaf daar toestemming voor.", "Our office, encrypted. You agreed to that."))
	}
	if len(agencies) > 0 {
		if referral {
			ab.Recipients = append(ab.Recipients, fmt.Sprintf(t("Waar wij u naar verwezen: %s. Zij kregen alleen wat nodig was. U gaf daar toestemming voor.",
				"Where we referred you: %s. They got only what was needed. You agreed to that."), strings.Join(agencies, ", ")))
		} else {
			ab.Recipients = append(ab.Recipients, fmt.Sprintf(t("Waar wij u naar verwezen: %s. Zij kregen niets van ons zonder uw toestemming.",
				"Where we referred you: %s. They got nothing from us without your consent."), strings.Join(agencies, ", ")))
		}
	}
	ab.Recipients = append(ab.Recipients, t("De gemeente krijgt alleen tellingen. Daarin staat niets wat naar u leidt.", "The municipality gets only counts. Nothing in them leads to you."))

	months := c.RetentionMonths
	if last.IsZero() {
		last = a.Resident.Created
	}
	until := intake.DateOf(last.Local().AddDate(0, months, 0))
	ab.Retention = fmt.Sprintf(t("Wij bewaren uw gegevens tot %d maanden na uw laatste contact met ons. Komt u niet meer, dan wissen wij ze rond %s. U mag ook vragen om ze eerder te wissen.",
		"We keep your data until %d months after your last contact with us. If you do not come back, we erase it around %s. You may also ask us to erase it sooner."), months, until.Format(lang))

	ab.Source = append(ab.Source, t("Van uzelf, in het gesprek met ons.", "From you, in the conversation with us."))
	if notes {
		ab.Source = append(ab.Source, t("Van de cliëntondersteuner en de kompaan: hun aantekeningen.", "From the client supporter and the kompaan: their notes."))
	}

	ab.Rights = []string{
		t("U mag zien wat wij over u bewaren. Dat is dit papier.", "You may see what we keep about you. That is this paper."),
		t("Klopt er iets niet? Dan mag u vragen om het te verbeteren.", "Is something wrong? Then you may ask us to correct it."),
		t("U mag vragen om alles te wissen. U krijgt dan een bewijs.", "You may ask us to erase everything. You then get a receipt."),
		t("U mag vragen om uw gegevens even niet te gebruiken, of bezwaar maken.", "You may ask us not to use your data for a while, or object."),
		t("Bent u het niet met ons eens? Dan mag u een klacht indienen bij de Autoriteit Persoonsgegevens: autoriteitpersoonsgegevens.nl, telefoon 088 1805 250.",
			"Do you disagree with us? Then you may complain to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens): autoriteitpersoonsgegevens.nl, phone +31 88 1805 250."),
	}
	ab.Automated = t("Een computer neemt geen besluiten over u. Dat doen mensen.", "A computer does not make decisions about you. People do.")
	return ab
}

// actionWords says what happened, for the resident.
func actionWords(l LogLine, lang string) string {
	t := func(nl, en string) string { return intake.T(nl, en).In(lang) }
	var w string
	switch l.Action {
	case "create":
		w = t("Gegevens opgeschreven", "Data written down")
		if l.Detail == "resident" {
			w = t("Uw naam en gegevens opgeschreven", "Your name and details written down")
		}
	case "read":
		w = t("Uw gesprek bekeken", "Your conversation looked at")
	case "change":
		w = t("Uw gesprek aangevuld of veranderd", "Your conversation added to or changed")
		if l.Detail == "resident" {
			w = t("Uw naam of gegevens veranderd", "Your name or details changed")
		}
	case "delete":
		w = t("Gegevens gewist", "Data erased")
	case "erase":
		w = t("Alles gewist", "Everything erased")
	case "print":
		switch l.Detail {
		case "sheet":
			w = t("Papier gemaakt: voorbereiding op het gesprek", "Paper made: getting ready for the conversation")
		case "plan":
			w = t("Papier gemaakt: persoonlijk plan", "Paper made: personal plan")
		default:
			w = t("Papier voor u gemaakt", "Paper made for you")
		}
	case "export":
		switch l.Detail {
		case "access":
			w = t("Overzicht gemaakt van alles wat wij bewaren", "Overview made of everything we keep")
		case "bundle":
			w = t("Naar ons kantoor gestuurd, versleuteld", "Sent to our office, encrypted")
		default:
			w = t("Gegevens uit het programma gehaald", "Data taken out of the program")
		}
	case "import":
		w = t("Van een collega of ons kantoor gekregen", "Received from a colleague or our office")
	case "log-read":
		w = t("Deze lijst bekeken", "This list looked at")
	default:
		w = l.Action
	}
	switch l.Outcome {
	case "denied":
		w += t(" (geweigerd)", " (refused)")
	case "failed":
		w += t(" (mislukt)", " (failed)")
	}
	return w
}

func roleWordsOf(role, lang string) string {
	switch role {
	case "supporter":
		return intake.T("cliëntondersteuner", "client supporter").In(lang)
	case "kompaan":
		return intake.T("kompaan", "kompaan").In(lang)
	case "coordinator":
		return intake.T("coördinator", "coordinator").In(lang)
	case "":
		return intake.T("met de herstelcode", "with the recovery code").In(lang)
	}
	return oneLine(role)
}

func purposeWords(p, lang string) string {
	switch p {
	case "intake":
		return intake.T("uw vraag helder krijgen", "making your question clear").In(lang)
	case "follow-up":
		return intake.T("verder helpen na het gesprek", "helping on after the conversation").In(lang)
	case "handover":
		return intake.T("overdragen aan ons kantoor", "handing over to our office").In(lang)
	case "access":
		return intake.T("uw verzoek", "your request").In(lang)
	case "statistics":
		return intake.T("tellen zonder naam", "counting without names").In(lang)
	case "security":
		return intake.T("beveiliging", "security").In(lang)
	}
	return oneLine(p)
}

// aboutText writes the art. 15 part and the log.
func (a Access) aboutText(w *textWriter) {
	lang := w.lang
	t := func(nl, en string) string { return intake.T(nl, en).In(lang) }
	if !a.Requested.IsZero() {
		w.heading(t("Uw verzoek", "Your request"))
		w.line(t("U vroeg op", "You asked on"), a.Requested.Format(lang))
		w.line(t("Ons antwoord uiterlijk", "Our answer at the latest"), a.AnswerBy.Format(lang))
		w.para(t("Wij moeten binnen een maand antwoorden (AVG, artikel 12 lid 3).", "We must answer within a month (GDPR, article 12(3))."))
	}
	ab := a.About
	if ab == nil {
		return
	}
	for _, part := range []struct {
		head  string
		lines []string
	}{
		{t("Waarvoor wij uw gegevens gebruiken", "What we use your data for"), ab.Purposes},
		{t("Welke gegevens wij bewaren", "Which data we keep"), ab.Categories},
		{t("Wie uw gegevens krijgt", "Who gets your data"), ab.Recipients},
		{t("Hoe lang wij ze bewaren", "How long we keep them"), []string{ab.Retention}},
		{t("Waar ze vandaan komen", "Where they come from"), ab.Source},
		{t("Uw rechten", "Your rights"), append(slices.Clone(ab.Rights), ab.Automated)},
	} {
		w.heading(part.head)
		for _, l := range part.lines {
			w.item(l)
		}
	}
	w.heading(t("Wie uw gegevens bekeek of veranderde", "Who looked at or changed your data"))
	if len(a.Log) == 0 {
		w.para(t("Er staat niets in het logboek over uw gegevens.", "The log holds nothing about your data."))
		return
	}
	for _, e := range a.Log {
		who := e.Role
		if e.User != "" {
			who = e.User + " (" + e.Role + ")"
		}
		w.item(stamp(e.At, lang) + ": " + e.What + ". " + t("Door: ", "By: ") + who + ". " + t("Waarom: ", "Why: ") + e.Purpose + ".")
	}
}
