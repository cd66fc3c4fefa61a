package intake

import (
	"testing"
	"time"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestDeadlines(t *testing.T) {
	tests := []struct {
		name     string
		got      Deadline
		due      string
		extended string
	}{
		{"investigation 6 weeks into a leap day", InvestigationDeadline(d("2024-01-18")), "2024-02-29", "2024-02-29"},
		{"investigation from 2023-02-28", InvestigationDeadline(d("2023-02-28")), "2023-04-11", "2023-04-11"},
		{"investigation from leap day 2024-02-29", InvestigationDeadline(d("2024-02-29")), "2024-04-11", "2024-04-11"},
		{"investigation across the year end", InvestigationDeadline(d("2024-12-01")), "2025-01-12", "2025-01-12"},
		{"plan 7 days across Feb in a leap year", PlanDeadline(d("2024-02-26")), "2024-03-04", "2024-03-04"},
		{"plan 7 days across Feb in a common year", PlanDeadline(d("2023-02-26")), "2023-03-05", "2023-03-05"},
		{"decision 2 weeks across the year end", DecisionDeadline(d("2024-12-20")), "2025-01-03", "2025-01-03"},
		{"decision 2 weeks from a month end", DecisionDeadline(d("2023-01-31")), "2023-02-14", "2023-02-14"},
		{"objection: letter sent 2024-01-31 (leap year)", ObjectionDeadline(d("2024-01-31")), "2024-03-13", "2024-03-13"},
		{"objection: letter sent 2023-01-31 (common year)", ObjectionDeadline(d("2023-01-31")), "2023-03-14", "2023-03-14"},
		{"objection: the textbook case, sent 1 March", ObjectionDeadline(d("2023-03-01")), "2023-04-12", "2023-04-12"},
		{"objection: sent 2023-02-28", ObjectionDeadline(d("2023-02-28")), "2023-04-11", "2023-04-11"},
		{"objection: sent 2024-02-29", ObjectionDeadline(d("2024-02-29")), "2024-04-11", "2024-04-11"},
		{"objection ending on a Saturday → Monday", ObjectionDeadline(d("2024-03-23")), "2024-05-04", "2024-05-06"},
		{"objection ending on Easter Monday", ObjectionDeadline(d("2024-02-19")), "2024-04-01", "2024-04-02"},
		{"objection ending on Ascension Day", ObjectionDeadline(d("2024-03-28")), "2024-05-09", "2024-05-10"},
		{"objection ending on 5 May (a Monday)", ObjectionDeadline(d("2025-03-24")), "2025-05-05", "2025-05-06"},
		{"objection ending on King's Day", ObjectionDeadline(d("2023-03-16")), "2023-04-27", "2023-04-28"},
		{"objection ending on Boxing Day", ObjectionDeadline(d("2024-11-14")), "2024-12-26", "2024-12-27"},
		{"objection ending on Christmas Eve, a working day", ObjectionDeadline(d("2024-11-12")), "2024-12-24", "2024-12-24"},
		{"objection ending on Whit Monday 2025", ObjectionDeadline(d("2025-04-28")), "2025-06-09", "2025-06-10"},
		{"objection ending on New Year's Day", ObjectionDeadline(d("2024-11-20")), "2025-01-01", "2025-01-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got.Due.String(); got != tt.due {
				t.Errorf("due = %s, want %s", got, tt.due)
			}
			if got := tt.got.Extended.String(); got != tt.extended {
				t.Errorf("extended = %s, want %s", got, tt.extended)
			}
			if !tt.got.Basis.Complete() || !tt.got.What.Complete() || !tt.got.Law.Complete() {
				t.Errorf("basis or text missing a language: %+v", tt.got)
			}
		})
	}
}

func TestEaster(t *testing.T) {
	for y, want := range map[int]string{2023: "2023-04-09", 2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2038: "2038-04-25"} {
		if got := easter(y).String(); got != want {
			t.Errorf("easter(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestKingsDay(t *testing.T) {
	for y, want := range map[int]string{2014: "2014-04-26", 2024: "2024-04-27", 2025: "2025-04-26", 2013: "2013-04-30"} {
		if got := kingsDay(y).String(); got != want {
			t.Errorf("kingsDay(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestDeadlineBasisNamesTheLaw(t *testing.T) {
	tests := []struct {
		dl   Deadline
		want string
	}{
		{InvestigationDeadline(d("2024-01-01")), "2.3.2 lid 1"},
		{PlanDeadline(d("2024-01-01")), "2.3.2 lid 2"},
		{DecisionDeadline(d("2024-01-01")), "2.3.5 lid 1"},
		{ObjectionDeadline(d("2024-01-01")), "6:8"},
		{ObjectionDeadline(d("2024-01-01")), "Algemene termijnenwet"},
	}
	for _, tt := range tests {
		if !contains(tt.dl.Basis.NL, tt.want) {
			t.Errorf("%s basis %q lacks %q", tt.dl.Kind, tt.dl.Basis.NL, tt.want)
		}
	}
}

func TestIntakeDeadlines(t *testing.T) {
	in := Intake{Clarifications: []Clarification{
		{Domain: "self_care", Letters: []Letter{{Kind: LetterWmoReport, Sent: d("2024-01-18")}}},
		{Domain: "income", Letters: []Letter{
			{Kind: LetterDecision, Received: d("2024-02-02"), About: "bijstand"},
			{Kind: LetterDemand, Due: d("2024-01-20")},
			{Kind: LetterOther},
		}},
	}}
	got := in.Deadlines()
	want := []struct {
		kind   DeadlineKind
		due    string
		dom    DomainCode
		approx bool
	}{
		{DeadlineLetter, "2024-01-20", "income", false},
		{DeadlinePlan, "2024-01-25", "self_care", false},
		{DeadlineInvestigation, "2024-02-29", "self_care", false},
		{DeadlineObjection, "2024-03-15", "income", true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d deadlines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.Due.String() != w.due || g.Domain != w.dom || g.Approx != w.approx {
			t.Errorf("[%d] = %s %s %s approx=%v, want %s %s %s approx=%v", i, g.Kind, g.Due, g.Domain, g.Approx, w.kind, w.due, w.dom, w.approx)
		}
	}
	if got[3].About != "bijstand" {
		t.Errorf("about not carried: %q", got[3].About)
	}
	if n := got[1].DaysLeft(d("2024-01-20")); n != 5 {
		t.Errorf("DaysLeft = %d, want 5", n)
	}
}

func TestDateJSONAndFormat(t *testing.T) {
	if got := d("2024-02-29").Format("nl"); got != "donderdag 29 februari 2024" {
		t.Errorf("nl format = %q", got)
	}
	if got := d("2024-02-29").Format("en"); got != "Thursday 29 February 2024" {
		t.Errorf("en format = %q", got)
	}
	if _, err := ParseDate("2023-02-29"); err == nil {
		t.Error("2023-02-29 parsed; it does not exist")
	}
	if got := D(2023, time.February, 29).String(); got != "2023-03-01" {
		t.Errorf("D normalises to %s", got)
	}
}
