package intake

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestAgenda: what the agenda lists of one intake on Friday 27-11-2026 —
// the resident's deadlines from letters this week or passed in the last
// two weeks, a municipal term passed without an answer, agreements due or
// overdue and not done, the next appointment this week, a referral
// without an outcome after 14 days — and what it leaves out.
func TestAgenda(t *testing.T) {
	today := d("2026-11-27")
	h := Header{ID: "intake-1", ResidentID: "res-1", Status: StatusOpen, Clarifications: []ClarificationHeader{
		{Domain: "income", Letters: []Letter{
			{Kind: LetterDecision, Sent: d("2026-10-20"), About: "bijstand"}, // objection: last day 01-12
			{Kind: LetterDecision, Sent: d("2026-06-01")},                    // objection passed in July: gone
			{Kind: LetterDemand, Due: d("2026-11-20"), About: "huur"},        // passed a week ago: still shown
			{Kind: LetterDemand, Due: d("2026-12-20")},                       // later than this week
		}},
		{Domain: "self_care", Letters: []Letter{
			{Kind: LetterApplication, Sent: d("2026-11-02"), From: "wmo_loket"},       // decision late since 17-11
			{Kind: LetterApplication, Sent: d("2026-11-20")},                          // term still runs
			{Kind: LetterWmoReport, Sent: d("2026-09-01"), Answered: d("2026-10-01")}, // answered
			{Kind: LetterApplication, Sent: d("2026-08-01")},                          // late for more than 90 days: gone
		}},
	},
		Agreements: []Agreement{
			{What: "UWV bellen", By: d("2026-11-25")},        // overdue
			{What: "formulier", By: d("2026-12-03")},         // this week
			{What: "klaar", By: d("2026-11-26"), Done: true}, // done
			{What: "later", By: d("2026-12-10")},             // next weeks
			{What: "zonder datum"},                           // no date
			{What: "vergeten", By: d("2026-08-28")},          // 91 days overdue: no longer on this week's list
		},
		NextAppointment: Appointment{At: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC), Note: "brief mee"},
		Referrals: []Referral{
			{Agency: "ggz", On: d("2026-11-01")},                                                            // 26 days, no outcome
			{Agency: "schuldhulp", On: d("2026-11-20")},                                                     // 7 days: wait
			{Agency: "voedselbank", On: d("2026-10-01"), State: ReferralAccepted, StateOn: d("2026-10-05")}, // outcome known
			{Agency: "wijkteam", On: d("2026-10-01"), State: ReferralSent, StateOn: d("2026-11-20")},        // sent again a week ago
		},
	}
	items := h.Agenda(today)
	SortAgenda(items)
	want := []struct {
		kind  DueKind
		date  string
		about string
	}{
		{DueReferral, "2026-11-15", ""},
		{DueLate, "2026-11-16", ""},
		{DueDeadline, "2026-11-20", "huur"},
		{DueAgreement, "2026-11-25", "UWV bellen"},
		{DueDeadline, "2026-12-01", "bijstand"},
		{DueAppointment, "2026-12-02", "brief mee"},
		{DueAgreement, "2026-12-03", "formulier"},
	}
	if len(items) != len(want) {
		for _, it := range items {
			t.Logf("%s %s %q", it.Kind, it.Date, it.About)
		}
		t.Fatalf("got %d items, want %d", len(items), len(want))
	}
	for i, w := range want {
		it := items[i]
		if it.Kind != w.kind || it.Date.String() != w.date || it.About != w.about {
			t.Errorf("item %d: %s %s %q, want %s %s %q", i, it.Kind, it.Date, it.About, w.kind, w.date, w.about)
		}
		if it.IntakeID != "intake-1" || it.ResidentID != "res-1" || !it.What.Complete() || !it.Step.Valid() {
			t.Errorf("item %d incomplete: %+v", i, it)
		}
	}
	if late := items[1].Late; late == nil || late.Ref() != "1/0" || late.To != "wmo_loket" {
		t.Errorf("late decision: %+v", items[1].Late)
	}
	if items[1].Step != StepClarify || items[3].Step != StepAgreements {
		t.Errorf("steps: %s, %s", items[1].Step, items[3].Step)
	}
	if n := items[0].DaysLeft(today); n != -12 {
		t.Errorf("referral days left %d, want -12", n)
	}

	h.Status = StatusClosed
	if got := h.Agenda(today); len(got) != 0 {
		t.Errorf("a closed intake has %d items", len(got))
	}
}

// TestSortAgendaAsTheRule: SortAgenda gives the order of a stable sort by
// the rule (day, time, intake), on items with many ties and equal items
// in different places, whose order must stay as it was.
func TestSortAgendaAsTheRule(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var items []Due
	for i := range 500 {
		at := time.Time{}
		if rng.IntN(3) == 0 {
			at = time.Date(2026, 12, 1+rng.IntN(3), 9+rng.IntN(2), 0, 0, 0, time.UTC)
		}
		items = append(items, Due{Date: D(2026, 12, 1+rng.IntN(3)), At: at, IntakeID: fmt.Sprint("in", rng.IntN(4)), About: fmt.Sprint(i)})
	}
	want := slices.Clone(items)
	slices.SortStableFunc(want, func(a, b Due) int {
		return cmp.Or(a.Date.Time().Compare(b.Date.Time()), a.At.Compare(b.At), cmp.Compare(a.IntakeID, b.IntakeID))
	})
	SortAgenda(items)
	for i := range items {
		if items[i].About != want[i].About {
			t.Fatalf("item %d is %s, want %s", i, items[i].About, want[i].About)
		}
	}
}
