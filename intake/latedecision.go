package intake

import (
	"slices"
	"strconv"
)

// Late decisions. The municipality must answer within a term: a decision
// within 2 weeks of an application (Wmo 2015 art. 2.3.5), the report of
// its investigation within 6 weeks of a Wmo report (art. 2.3.2). When the
// term has passed and no answer came (Letter.Answered), the resident may
// put the municipality in default with a letter (ingebrekestelling); for a
// decision on an application that starts the penalty of Awb art. 4:17.

// KindAwaitsAnswer reports whether the municipality owes an answer, within
// a term the law sets, on a letter of kind k: an application or a Wmo
// report. Only these kinds have Letter.Answered.
func KindAwaitsAnswer(k LetterKind) bool { return k == LetterApplication || k == LetterWmoReport }

// LateDecision is a municipal term that has passed without an answer.
type LateDecision struct {
	Kind   LetterKind `json:"kind"` // LetterApplication or LetterWmoReport
	Domain DomainCode `json:"domain,omitempty"`
	// Clar and Letter are the letter's place in the intake: the index of
	// its clarification and of the letter in it.
	Clar   int        `json:"clar"`
	Letter int        `json:"letter"`
	To     AgencyCode `json:"to,omitempty"` // the agency the application or report went to
	From   Date       `json:"from"`         // the day of the application or report
	// Due is the last day of the term; Ends is the day the term ends after
	// the Algemene termijnenwet (a Saturday, Sunday or general holiday
	// moves it to the next working day). The decision is late from the
	// day after Ends.
	Due    Date   `json:"due"`
	Ends   Date   `json:"ends"`
	Approx bool   `json:"approx,omitempty"` // counted from the day the letter arrived: the term may end earlier
	About  string `json:"about,omitempty"`  // what the letter is about, as typed (display through Inert)
}

// Ref names the letter of a late decision within its intake: "2/0" is the
// first letter of the third clarification.
func (l LateDecision) Ref() string { return strconv.Itoa(l.Clar) + "/" + strconv.Itoa(l.Letter) }

// DaysLate is the number of days since the term ended (1 on the first day
// it is late).
func (l LateDecision) DaysLate(today Date) int { return l.Ends.DaysUntil(today) }

// Title names what is late in a few plain words.
func (l LateDecision) Title() Text {
	if l.Kind == LetterWmoReport {
		return T("De gemeente is te laat met het onderzoek", "The municipality is late with its investigation")
	}
	return T("De gemeente is te laat met beslissen", "The municipality is late with its decision")
}

// Short names what is late in as few words as an agenda line has room
// for.
func (l LateDecision) Short() Text {
	if l.Kind == LetterWmoReport {
		return T("Gemeente te laat: onderzoek", "Municipality late: investigation")
	}
	return T("Gemeente te laat: besluit", "Municipality late: decision")
}

// Law is the legal basis of the term in a few words.
func (l LateDecision) Law() Text {
	if l.Kind == LetterWmoReport {
		return lawInvestigation
	}
	return lawDecision
}

// LetterLate reports whether the municipality is late with its answer on
// letter l at today: l awaits an answer (KindAwaitsAnswer), has a date to
// count from, no answer has come, and today is after the end of the term.
func LetterLate(l Letter, today Date) (LateDecision, bool) {
	if !KindAwaitsAnswer(l.Kind) || !l.Answered.IsZero() || today.IsZero() {
		return LateDecision{}, false
	}
	for _, d := range LetterDeadlines(l) {
		if d.Kind != DeadlineDecision && d.Kind != DeadlineInvestigation {
			continue
		}
		ends := NextWorkingDay(d.Due)
		if !today.After(ends) {
			return LateDecision{}, false
		}
		return LateDecision{Kind: l.Kind, To: l.From, From: d.From, Due: d.Due, Ends: ends, Approx: d.Approx, About: l.About}, true
	}
	return LateDecision{}, false
}

// LateDecisions lists the terms of the intake's letters that have passed
// without an answer at today, the longest late first.
func (in Intake) LateDecisions(today Date) []LateDecision {
	return lateDecisions(in.Clarifications, today, func(c Clarification) (DomainCode, []Letter) { return c.Domain, c.Letters })
}

func lateDecisions[C any](cs []C, today Date, of func(C) (DomainCode, []Letter)) []LateDecision {
	var out []LateDecision
	for i, c := range cs {
		domain, letters := of(c)
		for j, l := range letters {
			if ld, ok := LetterLate(l, today); ok {
				ld.Domain, ld.Clar, ld.Letter = domain, i, j
				out = append(out, ld)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b LateDecision) int { return a.Ends.Time().Compare(b.Ends.Time()) })
	return out
}
