package intake

import (
	"fmt"
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
		{DecisionDeadline(d("2024-01-01")), "2.3.5 lid 2"},
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

// TestLetterDeadlinesEveryKindAndDates covers every kind of letter against
// every combination of its dates: which deadlines follow, from which day,
// and whether they are approximate. The issue this guards against: a
// decision whose own date was typed where the letter's "last date" goes
// was told its objection period was over with four weeks left.
func TestLetterDeadlinesEveryKindAndDates(t *testing.T) {
	sent, recv, due := d("2026-10-23"), d("2026-10-26"), d("2026-12-01")
	type dl struct {
		kind   DeadlineKind
		due    string
		approx bool
	}
	tests := []struct {
		kind             LetterKind
		sent, recv, date bool
		want             []dl
	}{
		{"", true, true, true, nil}, // no kind: nothing is guessed
		{LetterDecision, false, false, false, nil},
		{LetterDecision, true, false, false, []dl{{DeadlineObjection, "2026-12-04", false}}},
		{LetterDecision, false, true, false, []dl{{DeadlineObjection, "2026-12-07", true}}},
		{LetterDecision, true, true, false, []dl{{DeadlineObjection, "2026-12-04", false}}},
		{LetterDecision, true, true, true, []dl{{DeadlineObjection, "2026-12-04", false}}}, // a due date on a decision is not used
		{LetterDecision, false, false, true, nil},
		{LetterWmoReport, true, false, false, []dl{{DeadlinePlan, "2026-10-30", false}, {DeadlineInvestigation, "2026-12-04", false}}},
		{LetterWmoReport, false, true, false, []dl{{DeadlinePlan, "2026-11-02", true}, {DeadlineInvestigation, "2026-12-07", true}}},
		{LetterWmoReport, false, false, true, nil},
		{LetterApplication, true, false, false, []dl{{DeadlineDecision, "2026-11-06", false}}},
		{LetterApplication, false, true, false, []dl{{DeadlineDecision, "2026-11-09", true}}},
		{LetterApplication, true, true, true, []dl{{DeadlineDecision, "2026-11-06", false}}},
		{LetterDemand, false, false, false, nil},
		{LetterDemand, true, true, false, nil},
		{LetterDemand, false, false, true, []dl{{DeadlineLetter, "2026-12-01", false}}},
		{LetterDemand, true, true, true, []dl{{DeadlineLetter, "2026-12-01", false}}},
		{LetterOther, false, true, true, []dl{{DeadlineLetter, "2026-12-01", false}}},
		{LetterOther, true, false, false, nil},
	}
	for _, tt := range tests {
		l := Letter{Kind: tt.kind}
		if tt.sent {
			l.Sent = sent
		}
		if tt.recv {
			l.Received = recv
		}
		if tt.date {
			l.Due = due
		}
		got := LetterDeadlines(l)
		name := fmt.Sprintf("%q sent=%v received=%v due=%v", tt.kind, tt.sent, tt.recv, tt.date)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d deadlines, want %d: %+v", name, len(got), len(tt.want), got)
			continue
		}
		for i, w := range tt.want {
			if got[i].Kind != w.kind || got[i].Due.String() != w.due || got[i].Approx != w.approx {
				t.Errorf("%s [%d] = %s %s approx=%v, want %s %s approx=%v", name, i, got[i].Kind, got[i].Due, got[i].Approx, w.kind, w.due, w.approx)
			}
		}
	}
}
