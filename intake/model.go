package intake

import (
	"slices"
	"time"
)

// Scale is the answer to one scan question: how is it going in this life
// domain? The zero value means "not discussed". There is no total score and
// no ranking of people: each domain stands on its own.
type Scale int

// The five steps, from "goes well" to "urgent: help needed now".
const (
	NotDiscussed Scale = 0 // not discussed (the zero value)
	GoesWell     Scale = 1 // goes well
	MostlyFine   Scale = 2 // mostly fine, a small worry
	Worries      Scale = 3 // worries, help would be good
	Serious      Scale = 4 // serious, help needed soon
	Urgent       Scale = 5 // urgent: help needed now
)

// Scales lists every value of Scale in order, starting with NotDiscussed.
func Scales() []Scale { return []Scale{NotDiscussed, GoesWell, MostlyFine, Worries, Serious, Urgent} }

// Valid reports whether s is one of the six values.
func (s Scale) Valid() bool { return s >= NotDiscussed && s <= Urgent }

// Status is where an intake stands: draft → open → closed.
type Status string

// Statuses.
const (
	StatusDraft  Status = "draft"  // being typed at the table; may be incomplete
	StatusOpen   Status = "open"   // the conversation was held; agreements run
	StatusClosed Status = "closed" // closed; turnaround time is known
)

// FlowStep is a step of the conversation (DESIGN §2). An intake remembers
// its step so that a draft resumes where it was left.
type FlowStep string

// The steps of the conversation, in order.
const (
	StepStart      FlowStep = "start"      // location, who is present, route in, consent
	StepQuestion   FlowStep = "question"   // the question in the resident's own words
	StepScan       FlowStep = "scan"       // life-domain scan
	StepClarify    FlowStep = "clarify"    // clarify each domain that matters
	StepClarified  FlowStep = "clarified"  // the clarified question
	StepAgreements FlowStep = "agreements" // who does what by when, referrals, next appointment
	StepClosure    FlowStep = "closure"    // appreciation and the two outcome questions
)

// FlowSteps returns the steps of the conversation in order.
func FlowSteps() []FlowStep {
	return []FlowStep{StepStart, StepQuestion, StepScan, StepClarify, StepClarified, StepAgreements, StepClosure}
}

// Role is the role of a person at the table.
type Role string

// Roles. A coordinator never sees intakes, so it is not a Role here.
const (
	RoleSupporter Role = "supporter" // client supporter (cliëntondersteuner)
	RoleKompaan   Role = "kompaan"   // experience expert
)

// Party is who does something in an agreement.
type Party string

// Parties.
const (
	PartyResident  Party = "resident"
	PartySupporter Party = "supporter"
	PartyKompaan   Party = "kompaan"
	PartyNetwork   Party = "network" // someone from the resident's own network
	PartyAgency    Party = "agency"  // an agency (see Agreement.Agency)
)

// ConsentScope is one thing the resident allows the notes to be used for.
type ConsentScope string

// Consent scopes.
const (
	ScopeNotes    ConsentScope = "notes"     // keep notes of this conversation (needed for any personal field)
	ScopeFollowUp ConsentScope = "follow_up" // contact me again later
	ScopeHandover ConsentScope = "handover"  // the notes may go to the office (encrypted handover)
	ScopeReferral ConsentScope = "referral"  // share what is needed with an agency I am referred to
)

// ConsentScopes lists the scopes in order.
func ConsentScopes() []ConsentScope {
	return []ConsentScope{ScopeNotes, ScopeFollowUp, ScopeHandover, ScopeReferral}
}

// Urgency is how soon something in one domain needs to happen.
type Urgency string

// Urgencies ("" = not said).
const (
	UrgencyNone  Urgency = ""      // not said
	UrgencyLater Urgency = "later" // can wait
	UrgencyWeeks Urgency = "weeks" // within a few weeks
	UrgencyWeek  Urgency = "week"  // this week
	UrgencyNow   Urgency = "now"   // today
)

// LetterKind is the kind of a letter the resident brings; the kind decides
// which legal deadline follows from its date.
type LetterKind string

// Letter kinds.
const (
	LetterWmoReport   LetterKind = "wmo_report"  // a report (melding) to the Wmo desk was made
	LetterApplication LetterKind = "application" // an application (aanvraag) was made
	LetterDecision    LetterKind = "decision"    // a decision (besluit, beschikking): objection possible
	LetterDemand      LetterKind = "demand"      // a bill, reminder or request with its own due date
	LetterOther       LetterKind = "other"       // other mail
)

// ContactKind is how a follow-up contact took place.
type ContactKind string

// Contact kinds.
const (
	ContactInPerson  ContactKind = "in_person"
	ContactPhone     ContactKind = "phone"
	ContactHomeVisit ContactKind = "home_visit"
	ContactMessage   ContactKind = "message"  // e-mail, text message, letter
	ContactTogether  ContactKind = "together" // went along to an agency
)

// Answer is the answer to a yes/no outcome question at closure.
type Answer string

// Answers ("" = not asked).
const (
	AnswerNone   Answer = ""
	AnswerYes    Answer = "yes"
	AnswerPartly Answer = "partly"
	AnswerNo     Answer = "no"
)

// Resident is the person at the table. Only what is needed: a pseudonym or
// initials, optionally a way to reach them, a birth year (for an age band in
// statistics) and target groups. A Resident exists only with consent.
type Resident struct {
	ID           string            `json:"id"`
	Pseudonym    string            `json:"pseudonym"`         // pseudonym or initials, as the resident wants
	Contact      string            `json:"contact,omitempty"` // optional phone number or e-mail, only with consent to follow up
	BirthYear    int               `json:"birth_year,omitempty"`
	TargetGroups []TargetGroupCode `json:"target_groups,omitempty"`
	Created      time.Time         `json:"created"`
}

// Presence says who sat at the table besides the resident.
type Presence struct {
	Supporter       string `json:"supporter,omitempty"`        // name or initials of the client supporter
	Kompaan         bool   `json:"kompaan"`                    // an experience expert took part
	KompaanName     string `json:"kompaan_name,omitempty"`     // name or initials of the kompaan
	Network         bool   `json:"network"`                    // someone from the resident's own network took part
	NetworkRelation string `json:"network_relation,omitempty"` // e.g. "zus", "buurman" (personal: only with consent)
}

// Consent records what the resident agreed to, and when.
type Consent struct {
	Given  bool           `json:"given"`
	Scopes []ConsentScope `json:"scopes,omitempty"`
	At     time.Time      `json:"at,omitzero"`
}

// Has reports whether consent was given and covers scope.
func (c Consent) Has(scope ConsentScope) bool {
	if !c.Given {
		return false
	}
	for _, s := range c.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// Letter is a letter the resident received or sent. Its kind and dates
// decide which deadline follows (see Deadlines).
type Letter struct {
	Kind     LetterKind `json:"kind"`
	From     AgencyCode `json:"from,omitempty"`    // who sent it (or to whom it was sent)
	Sent     Date       `json:"sent,omitzero"`     // date on or of sending the letter (decision: the day it was sent)
	Received Date       `json:"received,omitzero"` // the day it arrived
	Due      Date       `json:"due,omitzero"`      // a date stated in the letter itself (kind "demand" or "other")
	About    string     `json:"about,omitempty"`   // what it is about, in plain words
	// Answered is the day the municipality's answer arrived: the decision
	// on an application, or the report of findings (verslag) after a Wmo
	// report. Until then a decision term that has passed is a late
	// decision (LateDecisions). Only for KindAwaitsAnswer kinds.
	Answered Date `json:"answered,omitzero"`
}

// Clarification is what was found out in one life domain that matters.
type Clarification struct {
	Domain    DomainCode   `json:"domain"`
	Happening string       `json:"happening,omitempty"`  // what is happening
	Tried     string       `json:"tried,omitempty"`      // what has been tried
	Agencies  []AgencyCode `json:"agencies,omitempty"`   // agencies involved in this domain
	WouldHelp string       `json:"would_help,omitempty"` // what would help
	Urgency   Urgency      `json:"urgency,omitempty"`
	Letters   []Letter     `json:"letters,omitempty"`
}

// Agreement is who does what by when.
type Agreement struct {
	What   string     `json:"what"`
	Who    Party      `json:"who"`
	Agency AgencyCode `json:"agency,omitempty"` // when Who is PartyAgency
	By     Date       `json:"by,omitzero"`
	Done   bool       `json:"done,omitempty"`
	DoneOn Date       `json:"done_on,omitzero"` // the day it was ticked off (only when Done)
}

// ReferralState is where a referral stands, as Primero and other case
// tools keep it: sent, then accepted or refused (with a reason), then done;
// or no response at all.
type ReferralState string

// Referral states ("" is a referral made before states existed: sent).
const (
	ReferralSent       ReferralState = "sent"        // the referral was made; no answer yet
	ReferralAccepted   ReferralState = "accepted"    // the agency took the resident on
	ReferralDone       ReferralState = "done"        // the help was given
	ReferralNoResponse ReferralState = "no_response" // the agency did not answer
	ReferralRefused    ReferralState = "refused"     // the agency said no (Referral.Why says why)
)

// ReferralStates lists the states in the order a referral goes through them.
func ReferralStates() []ReferralState {
	return []ReferralState{ReferralSent, ReferralAccepted, ReferralDone, ReferralNoResponse, ReferralRefused}
}

// Valid reports whether s is a known state ("" counts as sent).
func (s ReferralState) Valid() bool {
	return s == "" || slices.Contains(ReferralStates(), s)
}

// Outcome is the state with "" read as sent.
func (s ReferralState) Outcome() ReferralState {
	if s == "" {
		return ReferralSent
	}
	return s
}

// Text names the state in plain words.
func (s ReferralState) Text() Text {
	switch s.Outcome() {
	case ReferralAccepted:
		return T("Aangenomen", "Accepted")
	case ReferralDone:
		return T("Hulp gekregen", "Help given")
	case ReferralNoResponse:
		return T("Geen antwoord", "No response")
	case ReferralRefused:
		return T("Geweigerd", "Refused")
	}
	return T("Verstuurd", "Sent")
}

// Referral is a referral to an agency or an organisation on the local social map.
type Referral struct {
	Agency       AgencyCode       `json:"agency,omitempty"`
	Organisation OrganisationCode `json:"organisation,omitempty"`
	Domain       DomainCode       `json:"domain,omitempty"`
	Reason       string           `json:"reason,omitempty"`
	Warm         bool             `json:"warm,omitempty"` // a warm handover: the supporter makes the first contact together with the resident
	On           Date             `json:"on,omitzero"`
	// State is where the referral stands, since StateOn; Why is the
	// agency's reason when it refused.
	State   ReferralState `json:"state,omitempty"`
	StateOn Date          `json:"state_on,omitzero"`
	Why     string        `json:"why,omitempty"`
}

// Appointment is the next appointment with the resident.
type Appointment struct {
	At    time.Time    `json:"at,omitzero"`
	Where LocationCode `json:"where,omitempty"`
	Note  string       `json:"note,omitempty"`
}

// IsZero reports whether no appointment was made.
func (a Appointment) IsZero() bool { return a.At.IsZero() && a.Where == "" && a.Note == "" }

// Contact is a follow-up contact after the first conversation.
type Contact struct {
	At   time.Time   `json:"at"`
	Kind ContactKind `json:"kind"`
	By   string      `json:"by,omitempty"` // the supporter or kompaan who had the contact (as a note names its author)
	Note string      `json:"note,omitempty"`
}

// Note is an observation written during or after the conversation.
type Note struct {
	Author string    `json:"author"` // name or initials of the supporter or kompaan
	Role   Role      `json:"role"`
	At     time.Time `json:"at"`
	Text   string    `json:"text"`
}

// Closure holds the outcome questions, asked now or at a later contact.
type Closure struct {
	Appreciation int    `json:"appreciation,omitempty"` // 1–5; 0 = not asked
	StateBetter  Answer `json:"state_better,omitempty"` // "Can you state your question better now?"
	MoreControl  Answer `json:"more_control,omitempty"` // "Do you feel more in control?"
}

// Intake is one question of one resident, from first contact to closure.
//
// Without consent (Consent.Given false) an intake keeps coded fields only:
// see StripPersonal and Validate.
type Intake struct {
	ID         string `json:"id"`
	ResidentID string `json:"resident_id,omitempty"` // empty without consent
	// StatID is a random key for this intake's statistics record, unrelated
	// to ID, so a statistics record cannot be linked back to the intake.
	StatID string `json:"stat_id"`

	Status   Status    `json:"status"`
	Step     FlowStep  `json:"step"`               // where the conversation is; a draft resumes here
	Created  time.Time `json:"created"`            // first contact
	Updated  time.Time `json:"updated"`            // last change
	ClosedAt time.Time `json:"closed_at,omitzero"` // when the status became closed

	// Start.
	Location LocationCode `json:"location,omitempty"`
	Presence Presence     `json:"presence"`
	Route    RouteCode    `json:"route,omitempty"`
	Consent  Consent      `json:"consent"`

	// The question in the resident's own words, and its type.
	OwnWords     string           `json:"own_words,omitempty"`
	QuestionType QuestionTypeCode `json:"question_type,omitempty"`

	// The life-domain scan: one step per domain; missing = not discussed.
	Scan map[DomainCode]Scale `json:"scan,omitempty"`

	// Clarification per domain that matters, in the order they were discussed.
	Clarifications []Clarification `json:"clarifications,omitempty"`
	// Agencies involved overall.
	Agencies []AgencyCode `json:"agencies,omitempty"`

	// The clarified question ("Mijn vraag is …"), in the resident's words.
	ClarifiedQuestion string `json:"clarified_question,omitempty"`

	Agreements      []Agreement `json:"agreements,omitempty"`
	Referrals       []Referral  `json:"referrals,omitempty"`
	NextAppointment Appointment `json:"next_appointment,omitzero"`
	Contacts        []Contact   `json:"contacts,omitempty"` // follow-up contacts
	Notes           []Note      `json:"notes,omitempty"`
	Closure         Closure     `json:"closure,omitzero"`
}

// NewIntake starts a draft at the first step, with fresh random IDs.
func NewIntake(now time.Time) Intake {
	return Intake{
		ID:      NewID(),
		StatID:  NewID(),
		Status:  StatusDraft,
		Step:    StepStart,
		Created: now,
		Updated: now,
	}
}

// NewResident returns a resident with a fresh random ID.
func NewResident(pseudonym string, now time.Time) Resident {
	return Resident{ID: NewID(), Pseudonym: pseudonym, Created: now}
}

// Clarification returns the clarification for domain d, if there is one.
func (in Intake) Clarification(d DomainCode) (Clarification, bool) {
	for _, c := range in.Clarifications {
		if c.Domain == d {
			return c, true
		}
	}
	return Clarification{}, false
}
