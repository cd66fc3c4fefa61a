package intake

import (
	"iter"
	"slices"
	"time"
)

// Header is the part of an intake that the home list and the agenda need.
// Its JSON names are Intake's own, so a stored intake decodes straight into
// a Header and the decoder skips everything else (the question, the scan,
// what was written per domain, the notes): the home screen lists 10,000
// intakes and works out their agenda without building whole intakes.
type Header struct {
	ID         string       `json:"id"`
	ResidentID string       `json:"resident_id,omitempty"`
	Status     Status       `json:"status"`
	Created    time.Time    `json:"created"`
	Updated    time.Time    `json:"updated"`
	Location   LocationCode `json:"location,omitempty"`

	// For the agenda and for finding a conversation by agency.
	Agencies        []AgencyCode          `json:"agencies,omitempty"`
	Clarifications  []ClarificationHeader `json:"clarifications,omitempty"`
	Agreements      []Agreement           `json:"agreements,omitempty"`
	Referrals       []Referral            `json:"referrals,omitempty"`
	NextAppointment Appointment           `json:"next_appointment,omitzero"`
	Contacts        []ContactHeader       `json:"contacts,omitempty"`
}

// ClarificationHeader is what a Header keeps of a clarification: the
// domain, its agencies and its letters (with their dates), not the texts.
type ClarificationHeader struct {
	Domain   DomainCode   `json:"domain"`
	Agencies []AgencyCode `json:"agencies,omitempty"`
	Letters  []Letter     `json:"letters,omitempty"`
}

// ContactHeader is when a follow-up contact took place.
type ContactHeader struct {
	At time.Time `json:"at"`
}

// Listed is what a list keeps of a header: of a closed intake nothing is
// due, so not its letters, agreements, referrals and next appointment; it
// is still found by its agencies and domains. h is not changed.
func (h Header) Listed() Header {
	if !h.droppedFromList() {
		return h
	}
	h.Agreements, h.Referrals, h.NextAppointment = nil, nil, Appointment{}
	if h.Clarifications != nil {
		cs := make([]ClarificationHeader, len(h.Clarifications))
		for i, c := range h.Clarifications {
			c.Letters = nil
			cs[i] = c
		}
		h.Clarifications = cs
	}
	return h
}

// droppedFromList: a list keeps nothing due of this header (Listed).
func (h Header) droppedFromList() bool { return h.Status == StatusClosed }

// Header returns the intake's header.
func (in Intake) Header() Header {
	h := Header{ID: in.ID, ResidentID: in.ResidentID, Status: in.Status, Created: in.Created, Updated: in.Updated,
		Location: in.Location, Agencies: in.Agencies, Agreements: in.Agreements, Referrals: in.Referrals,
		NextAppointment: in.NextAppointment}
	for _, c := range in.Clarifications {
		h.Clarifications = append(h.Clarifications, ClarificationHeader{Domain: c.Domain, Agencies: c.Agencies, Letters: c.Letters})
	}
	for _, c := range in.Contacts {
		h.Contacts = append(h.Contacts, ContactHeader{At: c.At})
	}
	return h
}

// LastContact is the time of the latest contact with the resident: the
// first conversation or a later follow-up contact.
func (h Header) LastContact() time.Time {
	last := h.Created
	for _, c := range h.Contacts {
		if c.At.After(last) {
			last = c.At
		}
	}
	return last
}

// AgencyCodes lists every agency the intake names — involved, sending or
// receiving a letter, in an agreement, referred to — each once, for
// finding a conversation by an agency's name.
func (h Header) AgencyCodes() []AgencyCode {
	var out []AgencyCode
	for c := range h.AllAgencies() { // a handful: a slice is quicker than a map
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// AllAgencies yields what AgencyCodes lists, in the same order, but an
// agency as often as it is named: for a caller that needs no list (home
// makes 100,000 rows).
func (h Header) AllAgencies() iter.Seq[AgencyCode] {
	return func(yield func(AgencyCode) bool) {
		each := func(c AgencyCode) bool { return c == "" || yield(c) }
		for _, c := range h.Agencies {
			if !each(c) {
				return
			}
		}
		for _, cl := range h.Clarifications {
			for _, c := range cl.Agencies {
				if !each(c) {
					return
				}
			}
			for _, l := range cl.Letters {
				if !each(l.From) {
					return
				}
			}
		}
		for _, a := range h.Agreements {
			if !each(a.Agency) {
				return
			}
		}
		for _, r := range h.Referrals {
			if !each(r.Agency) {
				return
			}
		}
	}
}

// LateDecisions lists the municipal terms of the header's letters that
// have passed without an answer at today (see Intake.LateDecisions).
func (h Header) LateDecisions(today Date) []LateDecision {
	return lateDecisions(h.Clarifications, today, func(c ClarificationHeader) (DomainCode, []Letter) { return c.Domain, c.Letters })
}
