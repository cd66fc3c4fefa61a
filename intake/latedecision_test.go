package intake

import (
	"testing"
)

// TestLetterLate: when the municipality's term has passed without an
// answer, with real dates: the 2 weeks after an application, the 6 weeks
// after a Wmo report, a last day on a weekend or general holiday moved to
// the next working day (Algemene termijnenwet), and a letter that has been
// answered or is of another kind never late.
func TestLetterLate(t *testing.T) {
	tests := []struct {
		name     string
		letter   Letter
		today    string
		late     bool
		due      string // last day of the term
		ends     string // after the Algemene termijnenwet
		daysLate int
		approx   bool
	}{
		{"application, last day Monday 16-11-2026: not late on it", Letter{Kind: LetterApplication, Sent: d("2026-11-02")}, "2026-11-16", false, "", "", 0, false},
		{"application, late the day after", Letter{Kind: LetterApplication, Sent: d("2026-11-02")}, "2026-11-17", true, "2026-11-16", "2026-11-16", 1, false},
		{"application, last day a Saturday: runs to Monday", Letter{Kind: LetterApplication, Sent: d("2026-11-14")}, "2026-11-30", false, "", "", 0, false},
		{"application, late on the Tuesday after", Letter{Kind: LetterApplication, Sent: d("2026-11-14")}, "2026-12-01", true, "2026-11-28", "2026-11-30", 1, false},
		{"application, last day Christmas Day: runs to Monday 28-12", Letter{Kind: LetterApplication, Sent: d("2026-12-11")}, "2026-12-28", false, "", "", 0, false},
		{"application, late on 29-12-2026", Letter{Kind: LetterApplication, Sent: d("2026-12-11")}, "2026-12-29", true, "2026-12-25", "2026-12-28", 1, false},
		{"application, last day King's Day 2026", Letter{Kind: LetterApplication, Sent: d("2026-04-13")}, "2026-04-29", true, "2026-04-27", "2026-04-28", 1, false},
		{"application, last day 5 May 2027", Letter{Kind: LetterApplication, Sent: d("2027-04-21")}, "2027-05-06", false, "", "", 0, false},
		{"application, three weeks late", Letter{Kind: LetterApplication, Sent: d("2026-11-02")}, "2026-12-07", true, "2026-11-16", "2026-11-16", 21, false},
		{"Wmo report, 6 weeks end Friday 27-11-2026", Letter{Kind: LetterWmoReport, Sent: d("2026-10-16")}, "2026-11-27", false, "", "", 0, false},
		{"Wmo report without report of findings, late on 28-11-2026", Letter{Kind: LetterWmoReport, Sent: d("2026-10-16")}, "2026-11-28", true, "2026-11-27", "2026-11-27", 1, false},
		{"Wmo report with its report of findings: not late", Letter{Kind: LetterWmoReport, Sent: d("2026-10-16"), Answered: d("2026-11-20")}, "2026-12-20", false, "", "", 0, false},
		{"application answered late is still answered", Letter{Kind: LetterApplication, Sent: d("2026-11-02"), Answered: d("2026-11-30")}, "2026-12-20", false, "", "", 0, false},
		{"application with only the day it arrived: approximate", Letter{Kind: LetterApplication, Received: d("2026-11-02")}, "2026-11-17", true, "2026-11-16", "2026-11-16", 1, true},
		{"a decision is never late: the objection period runs", Letter{Kind: LetterDecision, Sent: d("2026-01-02")}, "2026-12-01", false, "", "", 0, false},
		{"a bill is never late", Letter{Kind: LetterDemand, Sent: d("2026-01-02"), Due: d("2026-02-01")}, "2026-12-01", false, "", "", 0, false},
		{"an application without a date cannot be late", Letter{Kind: LetterApplication}, "2026-12-01", false, "", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, late := LetterLate(tt.letter, d(tt.today))
			if late != tt.late {
				t.Fatalf("late = %v, want %v (%+v)", late, tt.late, got)
			}
			if !late {
				return
			}
			if got.Due.String() != tt.due || got.Ends.String() != tt.ends {
				t.Errorf("due %s ends %s, want %s and %s", got.Due, got.Ends, tt.due, tt.ends)
			}
			if n := got.DaysLate(d(tt.today)); n != tt.daysLate {
				t.Errorf("days late %d, want %d", n, tt.daysLate)
			}
			if got.Approx != tt.approx {
				t.Errorf("approx %v, want %v", got.Approx, tt.approx)
			}
			if !got.Title().Complete() || !got.Law().Complete() {
				t.Errorf("texts missing a language: %+v", got)
			}
		})
	}
}

// TestLateDecisionsOfIntake: every late letter of an intake, with its
// place (clarification and letter), the longest late first; header and
// intake agree.
func TestLateDecisionsOfIntake(t *testing.T) {
	in := Intake{Clarifications: []Clarification{
		{Domain: "self_care", Letters: []Letter{
			{Kind: LetterDecision, Sent: d("2026-10-01")},
			{Kind: LetterApplication, Sent: d("2026-11-02"), From: "wmo_loket", About: "huishoudelijke hulp"},
		}},
		{Domain: "housing", Letters: []Letter{{Kind: LetterWmoReport, Sent: d("2026-09-01")}}},
	}}
	today := d("2026-11-27")
	got := in.LateDecisions(today)
	if len(got) != 2 {
		t.Fatalf("got %d late decisions, want 2: %+v", len(got), got)
	}
	if got[0].Kind != LetterWmoReport || got[0].Ref() != "1/0" || got[0].Domain != "housing" {
		t.Errorf("first: %+v, want the Wmo report of housing (1/0)", got[0])
	}
	if got[1].Kind != LetterApplication || got[1].Ref() != "0/1" || got[1].To != "wmo_loket" || got[1].About != "huishoudelijke hulp" {
		t.Errorf("second: %+v, want the application of self care (0/1)", got[1])
	}
	h := in.Header().LateDecisions(today)
	if len(h) != len(got) || h[0] != got[0] || h[1] != got[1] {
		t.Errorf("header says %+v, intake %+v", h, got)
	}
}
