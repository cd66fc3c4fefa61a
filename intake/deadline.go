package intake

import (
	"slices"
	"time"
)

// DeadlineKind says which period a deadline is.
type DeadlineKind string

// Deadline kinds.
const (
	DeadlineInvestigation DeadlineKind = "wmo_investigation" // municipality investigates a Wmo report: 6 weeks
	DeadlinePlan          DeadlineKind = "wmo_plan"          // resident may hand in a personal plan: 7 days
	DeadlineDecision      DeadlineKind = "decision"          // municipality decides on an application: 2 weeks
	DeadlineObjection     DeadlineKind = "objection"         // resident may object to a decision: 6 weeks
	DeadlineLetter        DeadlineKind = "letter"            // a date stated in a letter itself
)

// Deadline is one period the resident runs into, with its legal basis.
type Deadline struct {
	Kind   DeadlineKind `json:"kind"`
	Domain DomainCode   `json:"domain,omitempty"` // where the letter was discussed
	From   Date         `json:"from"`             // the day of the event (report, application, sending)
	Due    Date         `json:"due"`              // the last day
	// Extended is the last day after the Algemene termijnenwet: when Due is
	// a Saturday, Sunday or general holiday, the period of an objection
	// runs on to the next working day. Equal to Due otherwise, and for
	// periods the law does not extend here.
	Extended Date `json:"extended"`
	// Resident is true when the resident must act (plan, objection), false
	// when the municipality must (investigation, decision).
	Resident bool `json:"resident"`
	// Approx is true when the start was taken from the day a letter
	// arrived because the day it was sent is unknown: the real last day may
	// be earlier.
	Approx bool   `json:"approx,omitempty"`
	What   Text   `json:"what"`            // what it means, plainly
	Basis  Text   `json:"basis"`           // the legal basis, plainly, with what it says
	Law    Text   `json:"law"`             // the legal basis in a few words, e.g. "Awb, artikel 6:7 en 6:8"
	About  string `json:"about,omitempty"` // what the letter is about, as typed (display through Inert)
}

// DaysLeft returns the number of days from today to Due (negative: passed).
func (d Deadline) DaysLeft(today Date) int { return today.DaysUntil(d.Due) }

// Texts of the periods. The Wmo and Awb articles are named so a supporter
// can look them up; the sentences say what they mean for the resident.
var (
	basisInvestigation = T(
		"Wet maatschappelijke ondersteuning 2015 (Wmo), artikel 2.3.2 lid 1: de gemeente doet onderzoek binnen 6 weken na de melding.",
		"Social Support Act 2015 (Wmo), article 2.3.2(1): the municipality investigates within 6 weeks of the report.")
	whatInvestigation = T(
		"De gemeente moet binnen 6 weken na uw melding met u praten en uitzoeken wat u nodig heeft. Dat is het keukentafelgesprek.",
		"Within 6 weeks of your report, the municipality must talk with you and find out what you need. This is the kitchen-table conversation.")
	basisPlan = T(
		"Wmo 2015, artikel 2.3.2 lid 2: binnen 7 dagen na de melding mag u een persoonlijk plan geven.",
		"Wmo 2015, article 2.3.2(2): within 7 days of the report you may hand in a personal plan.")
	whatPlan = T(
		"U mag binnen 7 dagen na uw melding een persoonlijk plan geven. Daarin schrijft u zelf wat er speelt en wat u nodig heeft. De gemeente moet het plan meenemen.",
		"Within 7 days of your report you may hand in a personal plan. In it you write what is going on and what you need. The municipality must take the plan into account.")
	basisDecision = T(
		"Wmo 2015, artikel 2.3.5 lid 2: de gemeente beslist binnen 2 weken na ontvangst van de aanvraag.",
		"Wmo 2015, article 2.3.5(2): the municipality decides within 2 weeks of receiving the application.")
	whatDecision = T(
		"Na uw aanvraag moet de gemeente binnen 2 weken beslissen. U krijgt dan een brief met het besluit.",
		"After your application, the municipality must decide within 2 weeks. You then get a letter with the decision.")
	basisObjection = T(
		"Algemene wet bestuursrecht (Awb), artikel 6:7 en 6:8 lid 1: bezwaar binnen 6 weken; de termijn begint op de dag na de dag dat het besluit is verstuurd. Algemene termijnenwet, artikel 1 en 3: valt de laatste dag op een zaterdag, zondag of algemeen erkende feestdag, dan loopt de termijn door tot en met de eerstvolgende werkdag.",
		"General Administrative Law Act (Awb), articles 6:7 and 6:8(1): object within 6 weeks; the period starts on the day after the decision was sent. General Time Limits Act (Algemene termijnenwet), articles 1 and 3: if the last day is a Saturday, Sunday or public holiday, the period runs until the next working day.")
	whatObjection = T(
		"Bent u het niet eens met het besluit? Dan kunt u bezwaar maken. Dat moet binnen 6 weken. De 6 weken beginnen de dag nadat de brief is verstuurd. Valt de laatste dag in het weekend of op een feestdag? Dan mag het nog op de eerstvolgende werkdag. Wacht daar liever niet op.",
		"Do you disagree with the decision? Then you can object. You must do this within 6 weeks. The 6 weeks start on the day after the letter was sent. Does the last day fall on a weekend or a public holiday? Then you may still object on the next working day. Better not to wait that long.")
	lawInvestigation = T("Wmo 2015, artikel 2.3.2 lid 1", "Wmo 2015, article 2.3.2(1)")
	lawPlan          = T("Wmo 2015, artikel 2.3.2 lid 2", "Wmo 2015, article 2.3.2(2)")
	lawDecision      = T("Wmo 2015, artikel 2.3.5 lid 2", "Wmo 2015, article 2.3.5(2)")
	lawObjection     = T("Awb, artikel 6:7 en 6:8; Algemene termijnenwet", "Awb, articles 6:7 and 6:8; Algemene termijnenwet")
	lawLetter        = T("de brief", "the letter")
	basisLetter      = T("De datum staat in de brief zelf.", "The date is in the letter itself.")
	whatLetter       = T("In de brief staat dat er voor deze datum iets moet gebeuren.", "The letter says something must happen before this date.")
)

// InvestigationDeadline: the municipality finishes its investigation within
// 6 weeks of the day of the Wmo report.
func InvestigationDeadline(report Date) Deadline {
	due := report.AddDays(6 * 7)
	return Deadline{Kind: DeadlineInvestigation, From: report, Due: due, Extended: due, What: whatInvestigation, Basis: basisInvestigation, Law: lawInvestigation}
}

// PlanDeadline: the resident may hand in a personal plan within 7 days of
// the day of the Wmo report.
func PlanDeadline(report Date) Deadline {
	due := report.AddDays(7)
	return Deadline{Kind: DeadlinePlan, From: report, Due: due, Extended: due, Resident: true, What: whatPlan, Basis: basisPlan, Law: lawPlan}
}

// DecisionDeadline: the municipality decides within 2 weeks of receiving an application.
func DecisionDeadline(application Date) Deadline {
	due := application.AddDays(2 * 7)
	return Deadline{Kind: DeadlineDecision, From: application, Due: due, Extended: due, What: whatDecision, Basis: basisDecision, Law: lawDecision}
}

// ObjectionDeadline: an objection must be made within 6 weeks; the period
// starts on the day after the decision was sent (Awb 6:8), so the last day
// is the day of sending plus 42 days. Extended applies the Algemene
// termijnenwet (Saturday, Sunday or general holiday → next working day).
func ObjectionDeadline(sent Date) Deadline {
	// Day after sending is day 1; day 42 is the last day: sent + 42.
	due := sent.AddDays(6 * 7)
	return Deadline{Kind: DeadlineObjection, From: sent, Due: due, Extended: NextWorkingDay(due), Resident: true, What: whatObjection, Basis: basisObjection, Law: lawObjection}
}

// NextWorkingDay returns d itself when it is a working day, otherwise the
// first day after d that is not a Saturday, Sunday or general holiday of
// the Algemene termijnenwet.
func NextWorkingDay(d Date) Date {
	if d.IsZero() {
		return d
	}
	for !IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// IsWorkingDay reports whether d is not a Saturday, Sunday or a general
// holiday (Algemene termijnenwet art. 3).
func IsWorkingDay(d Date) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return !IsGeneralHoliday(d)
}

// IsGeneralHoliday reports whether d is a general holiday of the Algemene
// termijnenwet art. 3 lid 1: New Year's Day, Easter Monday, Ascension Day,
// Whit Monday, Christmas Day and Boxing Day, King's Day and 5 May.
// (Easter Sunday and Whit Sunday are Sundays anyway; Good Friday is not a
// general holiday under this act.)
func IsGeneralHoliday(d Date) bool {
	switch {
	case d.Month == time.January && d.Day == 1,
		d.Month == time.December && (d.Day == 25 || d.Day == 26),
		d.Month == time.May && d.Day == 5:
		return true
	}
	if d == kingsDay(d.Year) {
		return true
	}
	e := easter(d.Year)
	return d == e.AddDays(1) || d == e.AddDays(39) || d == e.AddDays(50)
}

// kingsDay: 27 April, or 26 April when the 27th is a Sunday (since 2014;
// before, Queen's Day on 30 April, or the 29th when the 30th was a Sunday).
func kingsDay(year int) Date {
	if year < 2014 {
		q := D(year, time.April, 30)
		if q.Weekday() == time.Sunday {
			return D(year, time.April, 29)
		}
		return q
	}
	k := D(year, time.April, 27)
	if k.Weekday() == time.Sunday {
		return D(year, time.April, 26)
	}
	return k
}

// easter returns Easter Sunday in the Gregorian calendar (anonymous algorithm).
func easter(y int) Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return D(y, time.Month(month), day)
}

// KindHasDue reports whether letters of kind k may state a last date of
// their own (pay before, answer before): a bill or reminder, other mail.
// For the other kinds the law sets the period (see LetterDeadlines), and a
// date typed as "due" is not used.
func KindHasDue(k LetterKind) bool { return k == LetterDemand || k == LetterOther }

// Title names the deadline in a few plain words.
func (d Deadline) Title() Text {
	switch d.Kind {
	case DeadlineInvestigation:
		return T("De gemeente praat met u en zoekt uit wat u nodig heeft", "The municipality talks with you and finds out what you need")
	case DeadlinePlan:
		return T("Uw eigen plan geven", "Hand in your own plan")
	case DeadlineDecision:
		return T("De gemeente beslist op uw aanvraag", "The municipality decides on your application")
	case DeadlineObjection:
		return T("Bezwaar maken", "Object to the decision")
	}
	return T("Datum in de brief", "Date in the letter")
}

// Mine says what the deadline means in the resident's own words, for the
// personal plan ("ik").
func (d Deadline) Mine() Text {
	switch d.Kind {
	case DeadlineInvestigation:
		return T("De gemeente praat met mij en zoekt uit wat ik nodig heb.", "The municipality talks with me and finds out what I need.")
	case DeadlinePlan:
		return T("Ik geef mijn eigen plan aan de gemeente.", "I hand in my own plan to the municipality.")
	case DeadlineDecision:
		return T("De gemeente beslist op mijn aanvraag.", "The municipality decides on my application.")
	case DeadlineObjection:
		return T("Ik kan bezwaar maken tegen het besluit.", "I can object to the decision.")
	}
	return T("Dan moet er iets gebeuren. Dat staat in de brief.", "Something must be done by then. The letter says so.")
}

// LetterDeadlines returns the deadlines that follow from one letter. A
// letter without a kind has none: the kind decides which period the law
// sets, and it is never guessed. A decision's objection period runs from
// the day it was sent; when only the day it arrived is known, from that day,
// marked Approx (it may end earlier). A last date stated in the letter
// counts only for the kinds that have one (KindHasDue).
func LetterDeadlines(l Letter) []Deadline {
	start, approx := l.Sent, false
	if start.IsZero() && !l.Received.IsZero() {
		start, approx = l.Received, true
	}
	var out []Deadline
	if !start.IsZero() {
		switch l.Kind {
		case LetterWmoReport:
			out = append(out, PlanDeadline(start), InvestigationDeadline(start))
		case LetterApplication:
			out = append(out, DecisionDeadline(start))
		case LetterDecision:
			out = append(out, ObjectionDeadline(start))
		}
	}
	if !l.Due.IsZero() && KindHasDue(l.Kind) {
		out = append(out, Deadline{Kind: DeadlineLetter, From: start, Due: l.Due, Extended: l.Due, Resident: true, What: whatLetter, Basis: basisLetter, Law: lawLetter})
	}
	for i := range out {
		out[i].Approx = approx && out[i].Kind != DeadlineLetter
		out[i].About = l.About
	}
	return out
}

// Deadlines returns every deadline that follows from the letters in the
// intake's clarifications, earliest first.
func (in Intake) Deadlines() []Deadline {
	var out []Deadline
	for _, c := range in.Clarifications {
		for _, l := range c.Letters {
			for _, d := range LetterDeadlines(l) {
				d.Domain = c.Domain
				out = append(out, d)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Deadline) int { return a.Due.Time().Compare(b.Due.Time()) })
	return out
}
