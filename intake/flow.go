package intake

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors the TUI and CLI translate into one plain sentence.
var (
	// ErrTransition: the status change is not allowed.
	ErrTransition = errors.New("this status change is not allowed")
	// ErrInvalid: the intake or resident has field errors (see FieldErrors).
	ErrInvalid = errors.New("some fields are not valid")
)

// transitions lists the allowed status changes. A closed intake may be
// reopened at a later contact; its first contact stays the same.
var transitions = map[Status][]Status{
	StatusDraft:  {StatusOpen},
	StatusOpen:   {StatusClosed},
	StatusClosed: {StatusOpen},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := transitions[s]; return ok }

// CanBecome reports whether a change from s to to is allowed.
func (s Status) CanBecome(to Status) bool {
	for _, t := range transitions[s] {
		if t == to {
			return true
		}
	}
	return false
}

// Text returns the status in plain words.
func (s Status) Text() Text {
	switch s {
	case StatusDraft:
		return T("Concept", "Draft")
	case StatusOpen:
		return T("Loopt", "Open")
	case StatusClosed:
		return T("Afgesloten", "Closed")
	}
	return T("Onbekend", "Unknown")
}

// SetStatus changes the status if the change is allowed. Closing records
// ClosedAt = now; reopening clears it. It does not validate the rest.
func (in *Intake) SetStatus(to Status, now time.Time) error {
	if !in.Status.CanBecome(to) {
		return fmt.Errorf("%w: %s → %s", ErrTransition, in.Status, to)
	}
	in.Status = to
	switch to {
	case StatusClosed:
		in.ClosedAt = now
	case StatusOpen:
		in.ClosedAt = time.Time{}
	}
	in.Updated = now
	return nil
}

// Valid reports whether s is a known flow step.
func (s FlowStep) Valid() bool { return s.Index() >= 0 }

// Index returns the position of s in FlowSteps, or -1.
func (s FlowStep) Index() int {
	for i, f := range FlowSteps() {
		if f == s {
			return i
		}
	}
	return -1
}

// Next returns the step after s (the last step stays the last step).
func (s FlowStep) Next() FlowStep {
	steps := FlowSteps()
	i := s.Index()
	if i < 0 {
		return StepStart
	}
	if i+1 < len(steps) {
		return steps[i+1]
	}
	return s
}

// Prev returns the step before s (the first step stays the first step).
func (s FlowStep) Prev() FlowStep {
	i := s.Index()
	if i <= 0 {
		return StepStart
	}
	return FlowSteps()[i-1]
}

// Text returns the name of the step in plain words.
func (s FlowStep) Text() Text {
	switch s {
	case StepStart:
		return T("Start", "Start")
	case StepQuestion:
		return T("Uw vraag", "Your question")
	case StepScan:
		return T("Hoe gaat het?", "How are things?")
	case StepClarify:
		return T("Wat speelt er?", "What is going on?")
	case StepClarified:
		return T("Mijn vraag is", "My question is")
	case StepAgreements:
		return T("Afspraken", "Agreements")
	case StepClosure:
		return T("Afronden", "Closing")
	}
	return T("Onbekend", "Unknown")
}

// Text returns the scope in plain words.
func (s ConsentScope) Text() Text {
	switch s {
	case ScopeNotes:
		return T("U vindt het goed dat wij opschrijven wat we bespreken", "You agree that we write down what we discuss")
	case ScopeFollowUp:
		return T("Wij mogen later contact met u opnemen", "We may contact you again later")
	case ScopeHandover:
		return T("De aantekeningen mogen versleuteld naar ons kantoor", "The notes may go to our office, encrypted")
	case ScopeReferral:
		return T("Wij mogen het nodige delen met de instantie waar u heen gaat", "We may share what is needed with the agency you go to")
	}
	return T("Onbekend", "Unknown")
}

// Text returns the answer in plain words.
func (a Answer) Text() Text {
	switch a {
	case AnswerYes:
		return T("Ja", "Yes")
	case AnswerPartly:
		return T("Een beetje", "A little")
	case AnswerNo:
		return T("Nee", "No")
	}
	return T("Niet gevraagd", "Not asked")
}

// HasPersonalData reports whether the intake holds anything personal:
// free text written about the resident, a link to a resident, letters,
// agreements, referrals, an appointment or notes. Coded fields (location,
// route, scan steps, agencies, closure answers) are not personal here.
func (in Intake) HasPersonalData() bool {
	s := in
	s.StripPersonal()
	return !equalPersonal(in, s)
}

func equalPersonal(a, b Intake) bool {
	return a.ResidentID == b.ResidentID && a.OwnWords == b.OwnWords &&
		a.ClarifiedQuestion == b.ClarifiedQuestion && len(a.Clarifications) == len(b.Clarifications) &&
		len(a.Agreements) == len(b.Agreements) && len(a.Referrals) == len(b.Referrals) &&
		a.NextAppointment.IsZero() == b.NextAppointment.IsZero() && len(a.Notes) == len(b.Notes) &&
		a.Presence.NetworkRelation == b.Presence.NetworkRelation && contactNotesEqual(a.Contacts, b.Contacts)
}

func contactNotesEqual(a, b []Contact) bool {
	for i := range a {
		if a[i].Note != b[i].Note {
			return false
		}
	}
	return true
}

// StripPersonal removes every personal field. It is what is kept of an
// intake without consent: an anonymous contact that can still be counted
// (location, who was present, route in, question type, scan steps, agencies,
// dates, status, step, closure answers, the number of follow-up contacts).
// Consent scopes are cleared too, and if consent was not given the
// timestamp goes as well.
func (in *Intake) StripPersonal() {
	in.ResidentID = ""
	in.OwnWords = ""
	in.ClarifiedQuestion = ""
	in.Clarifications = nil
	in.Agreements = nil
	in.Referrals = nil
	in.NextAppointment = Appointment{}
	in.Notes = nil
	in.Presence.NetworkRelation = ""
	if len(in.Contacts) > 0 {
		cs := make([]Contact, len(in.Contacts))
		for i, c := range in.Contacts {
			cs[i] = Contact{At: c.At, Kind: c.Kind}
		}
		in.Contacts = cs
	}
	if !in.Consent.Given {
		in.Consent = Consent{}
	}
}

// WithdrawConsent records that the resident withdrew consent: personal
// fields are removed at once. The caller also deletes the Resident.
func (in *Intake) WithdrawConsent(now time.Time) {
	in.Consent = Consent{}
	in.StripPersonal()
	in.Updated = now
}

// TurnaroundDays returns the whole calendar days from first contact to
// closure, and false when the intake is not closed.
func (in Intake) TurnaroundDays() (int, bool) {
	if in.Status != StatusClosed || in.ClosedAt.IsZero() || in.Created.IsZero() {
		return 0, false
	}
	loc := in.Created.Location()
	d := DateOf(in.Created).DaysUntil(DateOf(in.ClosedAt.In(loc)))
	if d < 0 {
		return 0, false
	}
	return d, true
}

// ScanOf returns the scan step of domain d (NotDiscussed if absent).
func (in Intake) ScanOf(d DomainCode) Scale { return in.Scan[d] }

// SetScan sets the scan step of domain d; NotDiscussed removes it.
func (in *Intake) SetScan(d DomainCode, s Scale) {
	if s == NotDiscussed {
		delete(in.Scan, d)
		return
	}
	if in.Scan == nil {
		in.Scan = map[DomainCode]Scale{}
	}
	in.Scan[d] = s
}

// DomainsThatMatter returns the domains to clarify, in catalogue order: every
// domain with a clarification, and every domain scanned at Worries or worse.
func (in Intake) DomainsThatMatter(c *Catalogue) []DomainCode {
	var out []DomainCode
	for _, d := range c.Domains {
		_, clarified := in.Clarification(d.Code)
		if clarified || in.Scan[d.Code] >= Worries {
			out = append(out, d.Code)
		}
	}
	return out
}
