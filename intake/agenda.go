package intake

import (
	"cmp"
	"slices"
	"time"
)

// The agenda: what runs out across all residents — the resident's own
// legal deadlines from letters, agreements due or overdue, the next
// appointments, referrals without an outcome, municipal terms that have
// passed. It is worked out from intake headers (Header), so the home
// screen builds it from what it loads anyway.

// AgendaDays is how far ahead the agenda looks: this week.
const AgendaDays = 7

// ReferralWaitDays is how long a referral may wait for an outcome (an
// answer of the agency) before the agenda asks after it.
const ReferralWaitDays = 14

// lateShownDays is how long after its last day a missed deadline of the
// resident's own stays on the agenda (a passed objection period is still
// worth a word, but not for ever).
const lateShownDays = 14

// OverdueShownDays is how long an overdue agreement, a late decision or
// a referral without an outcome stays on the agenda: a quarter, as case
// systems close a case after 90 days without contact (HMIS). Older ones
// stay in the conversation, not on this week's list.
const OverdueShownDays = 90

// DueKind is what an agenda item is about.
type DueKind string

// Kinds of agenda items.
const (
	DueDeadline    DueKind = "deadline"      // a deadline from a letter
	DueLate        DueKind = "late_decision" // a municipal term passed without an answer
	DueAgreement   DueKind = "agreement"     // an agreement due or overdue
	DueAppointment DueKind = "appointment"   // the next appointment
	DueReferral    DueKind = "referral"      // a referral without an outcome after ReferralWaitDays
)

// Due is one item of the agenda.
type Due struct {
	Kind       DueKind    `json:"kind"`
	IntakeID   string     `json:"intake_id"`
	ResidentID string     `json:"resident_id,omitempty"`
	Date       Date       `json:"date"`            // the day it is about: a last day, the appointment, when an outcome was due
	At         time.Time  `json:"at,omitzero"`     // the appointment's time
	Step       FlowStep   `json:"step"`            // where the conversation opens for it
	What       Text       `json:"what"`            // what it is, in plain words
	About      string     `json:"about,omitempty"` // what was typed about it (display through Inert)
	Agency     AgencyCode `json:"agency,omitempty"`
	// Late is the term that passed, for DueLate: the agenda offers the
	// letter that puts the municipality in default.
	Late *LateDecision `json:"late,omitempty"`
}

// DaysLeft is the number of days from today to the item's date (negative:
// passed).
func (d Due) DaysLeft(today Date) int { return today.DaysUntil(d.Date) }

// Agenda lists what is due in the intake of h from today up to AgendaDays
// ahead, and what is overdue (up to OverdueShownDays back; a resident's
// own deadline up to lateShownDays). A closed intake has nothing due.
func (h Header) Agenda(today Date) []Due {
	if h.Status == StatusClosed || today.IsZero() {
		return nil
	}
	horizon := today.AddDays(AgendaDays)
	oldest := today.AddDays(-OverdueShownDays)
	var out []Due
	add := func(d Due) {
		if d.Date.Before(oldest) {
			return
		}
		d.IntakeID, d.ResidentID = h.ID, h.ResidentID
		out = append(out, d)
	}
	for _, c := range h.Clarifications {
		for _, l := range c.Letters {
			for _, dl := range LetterDeadlines(l) {
				if !dl.Resident {
					continue // the municipality's terms: see the late decisions
				}
				if dl.Due.After(horizon) || dl.Extended.Before(today.AddDays(-lateShownDays)) {
					continue
				}
				add(Due{Kind: DueDeadline, Date: dl.Due, Step: StepClarify, What: dl.Title(), About: l.About, Agency: l.From})
			}
		}
	}
	for _, ld := range h.LateDecisions(today) {
		ld := ld
		add(Due{Kind: DueLate, Date: ld.Ends, Step: StepClarify, What: ld.Short(), About: ld.About, Agency: ld.To, Late: &ld})
	}
	for _, a := range h.Agreements {
		if a.Done || a.By.IsZero() || a.By.After(horizon) {
			continue
		}
		add(Due{Kind: DueAgreement, Date: a.By, Step: StepAgreements, What: T("Afspraak", "Agreement"), About: a.What, Agency: a.Agency})
	}
	if at := h.NextAppointment.At; !at.IsZero() {
		if d := DateOf(at); !d.Before(today) && !d.After(horizon) {
			add(Due{Kind: DueAppointment, Date: d, At: at, Step: StepAgreements, What: T("Volgende afspraak", "Next appointment"), About: h.NextAppointment.Note})
		}
	}
	for _, r := range h.Referrals {
		if r.State.Outcome() != ReferralSent {
			continue
		}
		since := r.StateOn
		if since.IsZero() {
			since = r.On
		}
		if since.IsZero() {
			continue
		}
		if ask := since.AddDays(ReferralWaitDays); !ask.After(today) {
			add(Due{Kind: DueReferral, Date: ask, Step: StepAgreements, What: T("Verwijzing: nog geen uitkomst", "Referral: no outcome yet"), About: r.Reason, Agency: r.Agency})
		}
	}
	return out
}

// CompareDue orders two agenda items as SortAgenda does: by day, then
// time, then intake. Two items of one intake at the same time are equal:
// SortAgenda keeps them in the order Agenda gave them.
func CompareDue(x, y *Due) int { return compareDue(x.Date.Time().Unix(), y.Date.Time().Unix(), x, y) }

// compareDue is CompareDue with the items' days worked out.
func compareDue(dx, dy int64, x, y *Due) int {
	return cmp.Or(cmp.Compare(dx, dy), x.At.Compare(y.At), cmp.Compare(x.IntakeID, y.IntakeID))
}

// SortAgenda orders items by date, the overdue first, then by time (an
// appointment) and intake, so the list is stable.
func SortAgenda(items []Due) {
	// Each item's day worked out once (Date.Time makes a time.Time), not
	// in every comparison: an office agenda has thousands of items.
	type key struct {
		day int64
		i   int
	}
	keys := make([]key, len(items))
	for i := range items {
		keys[i] = key{items[i].Date.Time().Unix(), i}
	}
	slices.SortStableFunc(keys, func(a, b key) int { return compareDue(a.day, b.day, &items[a.i], &items[b.i]) })
	sorted := make([]Due, len(items))
	for j, k := range keys {
		sorted[j] = items[k.i]
	}
	copy(items, sorted)
}
