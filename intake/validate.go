package intake

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what a person can type. Runes, not bytes.
const (
	MaxText    = 2000 // free text: the question, what happens, notes
	MaxLine    = 300  // one line: an agreement, what a letter is about
	MaxName    = 60   // a name, pseudonym or initials
	MaxContact = 100  // a phone number or e-mail address
	MaxItems   = 100  // entries in one list (agreements, notes, letters, …)
)

// Earliest is the earliest date an intake, letter or agreement may have:
// the Wmo 2015 took effect on 1 January 2015. Letters may be older (see
// earliestLetter) because residents keep old post.
var (
	Earliest       = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	earliestLetter = D(2000, time.January, 1)
)

// FieldError is one problem with one field. Field is a path such as
// "clarifications[1].letters[0].sent"; Msg says in plain words what to do.
type FieldError struct {
	Field string `json:"field"`
	Msg   Text   `json:"msg"`
}

// Error returns the field path and the English message.
func (e FieldError) Error() string { return e.Field + ": " + e.Msg.EN }

// FieldErrors is the list of problems Validate finds; empty means valid.
type FieldErrors []FieldError

// Error joins the errors in English.
func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap lets errors.Is(err, ErrInvalid) work.
func (fe FieldErrors) Unwrap() error { return ErrInvalid }

// Err returns fe as an error, or nil when there are none.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// For returns the errors for one field path (exact match).
func (fe FieldErrors) For(field string) []FieldError {
	var out []FieldError
	for _, e := range fe {
		if e.Field == field {
			out = append(out, e)
		}
	}
	return out
}

// Messages, plain words.
var (
	msgRequired     = T("Vul dit in.", "Please fill this in.")
	msgUnknownCode  = T("Deze keuze kennen we niet. Kies uit de lijst.", "We do not know this choice. Choose from the list.")
	msgDuplicate    = T("Dit staat er al in.", "This is already in the list.")
	msgBadChars     = T("Hier staan tekens in die niet kunnen.", "This contains characters that are not allowed.")
	msgFuture       = T("Deze datum ligt in de toekomst.", "This date is in the future.")
	msgTooOld       = T("Deze datum is te lang geleden.", "This date is too long ago.")
	msgTooFar       = T("Deze datum ligt te ver weg.", "This date is too far away.")
	msgBeforeStart  = T("Deze datum ligt voor het eerste contact.", "This date is before the first contact.")
	msgNoConsent    = T("Zonder toestemming bewaren we dit niet.", "Without consent we do not keep this.")
	msgConsentNotes = T("Toestemming geldt altijd voor het bewaren van aantekeningen.", "Consent always covers keeping notes.")
	msgConsentTime  = T("Vul in wanneer de toestemming is gegeven.", "Fill in when consent was given.")
	msgScopeNoGiven = T("Er is geen toestemming gegeven.", "No consent was given.")
	msgBadID        = T("Dit nummer klopt niet.", "This number is not valid.")
	msgBadValue     = T("Deze waarde kan niet.", "This value is not possible.")
	msgClosedAt     = T("Een afgesloten vraag heeft een einddatum.", "A closed question has an end date.")
	msgNotClosed    = T("Alleen een afgesloten vraag heeft een einddatum.", "Only a closed question has an end date.")
	msgOnlyIf       = T("Dit hoort alleen ingevuld als die persoon erbij was.", "Fill this in only if that person was there.")
	msgAgencyWho    = T("Kies welke instantie dit doet.", "Choose which agency does this.")
	msgReferralTo   = T("Kies een instantie of organisatie.", "Choose an agency or organisation.")
	msgReceived     = T("Ontvangen kan niet voor verstuurd.", "Received cannot be before sent.")
	msgOnlyDone     = T("Een datum van klaar hoort alleen bij een afspraak die klaar is.", "A done date belongs only to an agreement that is done.")
	msgOnlyRefused  = T("Een reden hoort alleen bij een geweigerde doorverwijzing.", "A reason belongs only to a refused referral.")
	msgNoAnswerKind = T("Alleen op een aanvraag of een melding komt een antwoord.", "Only an application or a report gets an answer.")
	msgContactScope = T("Alleen bewaren als de bewoner wil dat we contact opnemen.", "Keep this only if the resident wants us to get in touch.")
)

func msgTooLong(max int) Text {
	return T(fmt.Sprintf("Dit is te lang. Het mag %d tekens zijn.", max), fmt.Sprintf("This is too long. It may be %d characters.", max))
}

func msgTooMany(max int) Text {
	return T(fmt.Sprintf("Dit zijn te veel. Het mogen er %d zijn.", max), fmt.Sprintf("These are too many. There may be %d.", max))
}

func msgRange(lo, hi int) Text {
	return T(fmt.Sprintf("Kies een getal van %d tot en met %d.", lo, hi), fmt.Sprintf("Choose a number from %d to %d.", lo, hi))
}

// Two kinds of rules
//
// CheckSafe holds the rules that say whether a record is safe to store and
// show, whoever wrote it: IDs and codes well-formed, enum values and
// numbers in range, texts within their limits and without control
// characters or escape sequences, dates within bounds, lists not too long,
// and the consent rules (no personal field without consent to keep notes).
// An incomplete draft passes, and so does a well-formed code this
// laptop's catalogue does not know. An imported bundle is checked with
// CheckSafe only.
//
// Validate holds those rules and, on top, the rules for a finished record
// typed in on this laptop: required fields, fields that go together (a
// closed question has an end date, an agreement by an agency names it),
// no duplicates, and every code known to the catalogue. Both walk the
// record with the same validator, so each rule is written once; the
// second kind is added with validator.complete or through the catalogue.

// validator collects field errors. With full false it checks only the
// rules of CheckSafe; with full true all rules of Validate, against cat.
type validator struct {
	errs FieldErrors
	cat  *Catalogue // used only when full
	full bool
	now  time.Time
	at   scope // the list item being checked: field names are relative to it
}

// scope is the list item whose fields are being checked, such as
// clarifications[2].letters[0]. A field's path is made only for a
// problem: making every field's path, problem or not, was a third of
// CheckSafe's time, and an import checks every intake (issue 13).
type scope struct {
	list string // "" at the top of the record
	i    int
	sub  string // a list inside the item, "" if none
	j    int
}

func (s scope) path(field string) string {
	if s.list == "" {
		return field
	}
	p := s.list + "[" + strconv.Itoa(s.i) + "]."
	if s.sub != "" {
		p += s.sub + "[" + strconv.Itoa(s.j) + "]."
	}
	return p + field
}

func (v *validator) add(field string, msg Text) {
	v.errs = append(v.errs, FieldError{v.at.path(field), msg})
}

// complete adds a problem that only Validate reports: a required field,
// fields that go together, a duplicate. CheckSafe leaves it to the form.
func (v *validator) complete(field string, msg Text) {
	if v.full {
		v.add(field, msg)
	}
}

// text checks a free text: valid UTF-8, no control characters other than
// newline and tab, at most max runes; required when req (Validate only).
func (v *validator) text(field, s string, max int, req bool) {
	if strings.TrimSpace(s) == "" {
		if req {
			v.complete(field, msgRequired)
		}
		return
	}
	n, ok := inertText(s)
	if !ok {
		v.add(field, msgBadChars)
		return
	}
	if n > max {
		v.add(field, msgTooLong(max))
	}
}

// inertText reports whether s is valid UTF-8 and inert once each "\r\n"
// is read as "\n" — utf8.ValidString(s) && IsInert(strings.ReplaceAll(s,
// "\r\n", "\n")) — and how many runes s has, in one pass over s.
func inertText(s string) (runes int, ok bool) {
	for i := 0; i < len(s); runes++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return runes, false
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case !inertRune(r):
			return runes, false
		}
		i += size
	}
	return runes, true
}

// name is a one-line text: no newline or tab either.
func (v *validator) name(field, s string, max int, req bool) {
	if strings.ContainsAny(s, "\n\t\r") {
		v.add(field, msgBadChars)
		return
	}
	v.text(field, s, max, req)
}

func (v *validator) count(field string, n int) bool {
	if n > MaxItems {
		v.add(field, msgTooMany(MaxItems))
		return false
	}
	return true
}

// when checks a moment: not before Earliest, not more than a day ahead of
// now; required when req (Validate only).
func (v *validator) when(field string, t time.Time, req bool) {
	if t.IsZero() {
		if req {
			v.complete(field, msgRequired)
		}
		return
	}
	if t.Before(Earliest) {
		v.add(field, msgTooOld)
	} else if !v.now.IsZero() && t.After(v.now.Add(24*time.Hour)) {
		v.add(field, msgFuture)
	}
}

// planned checks a date that may lie ahead, but not more than five years.
func (v *validator) planned(field string, d Date, earliest Date) {
	if d.IsZero() {
		return
	}
	if d.Before(earliest) {
		v.add(field, msgTooOld)
	} else if !v.now.IsZero() && d.After(DateOf(v.now).AddDays(5*366)) {
		v.add(field, msgTooFar)
	}
}

// past checks a date that cannot lie in the future (a letter was sent).
func (v *validator) past(field string, d Date) {
	if d.IsZero() {
		return
	}
	if d.Before(earliestLetter) {
		v.add(field, msgTooOld)
	} else if !v.now.IsZero() && d.After(DateOf(v.now).AddDays(1)) {
		v.add(field, msgFuture)
	}
}

func codes[K ~string](v *validator, field string, list []K, known func(K) bool) {
	if !v.count(field, len(list)) {
		return
	}
	for i, c := range list {
		if !known(c) {
			v.add(field+"["+strconv.Itoa(i)+"]", msgUnknownCode)
		} else if slices.Contains(list[:i], c) {
			v.complete(field+"["+strconv.Itoa(i)+"]", msgDuplicate)
		}
	}
}

// code reports whether c may stand in a record: it has the syntax of a
// code and, for Validate, the catalogue knows it (inCatalogue).
func (v *validator) code(c string, inCatalogue func() bool) bool {
	return ValidCode(c) && (!v.full || inCatalogue())
}

func (v *validator) knownDomain(c DomainCode) bool {
	return v.code(string(c), func() bool { _, ok := v.cat.Domain(c); return ok })
}

func (v *validator) knownAgency(c AgencyCode) bool {
	return v.code(string(c), func() bool { _, ok := v.cat.Agency(c); return ok })
}

func (v *validator) knownLocation(c LocationCode) bool {
	return v.code(string(c), func() bool { _, ok := v.cat.Location(c); return ok })
}

func (v *validator) knownRoute(c RouteCode) bool {
	return v.code(string(c), func() bool { _, ok := v.cat.Route(c); return ok })
}

func (v *validator) knownQuestionType(c QuestionTypeCode) bool {
	return v.code(string(c), func() bool { _, ok := v.cat.QuestionType(c); return ok })
}

func (v *validator) knownOrganisation(c OrganisationCode) bool {
	return v.code(string(c), func() bool { _, ok := v.cat.Organisation(c); return ok })
}

func (v *validator) knownTargetGroup(c TargetGroupCode) bool {
	return v.code(string(c), func() bool { _, ok := v.cat.TargetGroup(c); return ok })
}

// CheckSafe checks that the resident is safe to store and show (see "Two
// kinds of rules"): no catalogue, nothing required.
func (r Resident) CheckSafe(now time.Time) FieldErrors {
	v := &validator{now: now}
	v.resident(r)
	return v.errs
}

// Validate checks every field of the resident against the catalogue: the
// rules of CheckSafe, the required fields and known codes.
func (r Resident) Validate(c *Catalogue, now time.Time) FieldErrors {
	v := &validator{cat: c, full: true, now: now}
	v.resident(r)
	return v.errs
}

func (v *validator) resident(r Resident) {
	if !ValidID(r.ID) {
		v.add("id", msgBadID)
	}
	v.name("pseudonym", r.Pseudonym, MaxName, true)
	v.name("contact", r.Contact, MaxContact, false)
	if r.BirthYear != 0 && (r.BirthYear < 1900 || (!v.now.IsZero() && r.BirthYear > v.now.Year())) {
		v.add("birth_year", msgBadValue)
	}
	codes(v, "target_groups", r.TargetGroups, v.knownTargetGroup)
	v.when("created", r.Created, true)
}

// ValidateWith checks the resident together with the intake it belongs to:
// a resident exists only with consent, and a way to reach them is kept only
// with consent to follow up.
func (r Resident) ValidateWith(in Intake, c *Catalogue, now time.Time) FieldErrors {
	errs := r.Validate(c, now)
	if !in.Consent.Has(ScopeNotes) {
		errs = append(errs, FieldError{"pseudonym", msgNoConsent})
	}
	if r.Contact != "" && !in.Consent.Has(ScopeFollowUp) {
		errs = append(errs, FieldError{"contact", msgContactScope})
	}
	return errs
}

// CheckSafe checks that the intake is safe to store and show, at time now
// (see "Two kinds of rules"): shape, ranges, lengths, control characters,
// code syntax, date bounds and consent. It does not look at a catalogue
// and does not require anything a draft may still lack, so an incomplete
// draft, or one with a code only its own laptop knows, passes. Problems
// come sorted by field path.
func (in Intake) CheckSafe(now time.Time) FieldErrors {
	v := &validator{now: now}
	v.intake(in)
	sortErrors(v.errs)
	return v.errs
}

// Validate checks every field of the intake against the catalogue, at time
// now: the rules of CheckSafe and those for a finished record (required
// fields, fields that go together, no duplicates, known codes only). It
// returns all problems, each with its field path, so a screen can show
// them next to the fields. Without consent it refuses every personal
// field (see StripPersonal).
func (in Intake) Validate(c *Catalogue, now time.Time) FieldErrors {
	v := &validator{cat: c, full: true, now: now}
	v.intake(in)
	sortErrors(v.errs)
	return v.errs
}

func (v *validator) intake(in Intake) {
	if !ValidID(in.ID) {
		v.add("id", msgBadID)
	}
	if !ValidID(in.StatID) {
		v.add("stat_id", msgBadID)
	}
	if in.ResidentID != "" && !ValidID(in.ResidentID) {
		v.add("resident_id", msgBadID)
	}
	if !in.Status.Valid() {
		v.add("status", msgBadValue)
	}
	if !in.Step.Valid() {
		v.add("step", msgBadValue)
	}
	v.when("created", in.Created, true)
	v.when("updated", in.Updated, false)
	if !in.Updated.IsZero() && in.Updated.Before(in.Created) {
		v.complete("updated", msgBeforeStart)
	}
	switch {
	case in.Status == StatusClosed && in.ClosedAt.IsZero():
		v.complete("closed_at", msgClosedAt)
	case in.Status != StatusClosed && !in.ClosedAt.IsZero() && v.full:
		v.add("closed_at", msgNotClosed)
	case !in.ClosedAt.IsZero():
		v.when("closed_at", in.ClosedAt, false)
		if in.ClosedAt.Before(in.Created) {
			v.complete("closed_at", msgBeforeStart)
		}
	}

	if in.Location != "" && !v.knownLocation(in.Location) {
		v.add("location", msgUnknownCode)
	}
	if in.Route != "" && !v.knownRoute(in.Route) {
		v.add("route", msgUnknownCode)
	}
	if in.QuestionType != "" && !v.knownQuestionType(in.QuestionType) {
		v.add("question_type", msgUnknownCode)
	}

	v.name("presence.supporter", in.Presence.Supporter, MaxName, false)
	v.name("presence.kompaan_name", in.Presence.KompaanName, MaxName, false)
	if in.Presence.KompaanName != "" && !in.Presence.Kompaan {
		v.complete("presence.kompaan_name", msgOnlyIf)
	}
	v.name("presence.network_relation", in.Presence.NetworkRelation, MaxName, false)
	if in.Presence.NetworkRelation != "" && !in.Presence.Network {
		v.complete("presence.network_relation", msgOnlyIf)
	}

	v.consent(in)

	v.text("own_words", in.OwnWords, MaxText, false)
	if v.count("scan", len(in.Scan)) {
		for d, s := range in.Scan {
			f := "scan." + string(d)
			if !v.knownDomain(d) {
				v.add(f, msgUnknownCode)
			} else if !s.Valid() {
				v.add(f, msgBadValue)
			}
		}
	}
	v.clarifications(in.Clarifications)
	codes(v, "agencies", in.Agencies, v.knownAgency)
	v.text("clarified_question", in.ClarifiedQuestion, MaxText, false)

	if v.count("agreements", len(in.Agreements)) {
		for i, a := range in.Agreements {
			v.at = scope{list: "agreements", i: i}
			v.text("what", a.What, MaxLine, true)
			if a.Agency != "" && !v.knownAgency(a.Agency) {
				v.add("agency", msgUnknownCode)
			}
			switch a.Who {
			case PartyResident, PartySupporter, PartyKompaan, PartyNetwork:
			case PartyAgency:
				if a.Agency == "" {
					v.complete("agency", msgAgencyWho)
				}
			case "":
				v.complete("who", msgRequired)
			default:
				v.add("who", msgBadValue)
			}
			v.planned("by", a.By, DateOf(Earliest))
			v.past("done_on", a.DoneOn)
			if !a.DoneOn.IsZero() && !a.Done {
				v.complete("done_on", msgOnlyDone)
			}
		}
	}
	v.at = scope{}
	if v.count("referrals", len(in.Referrals)) {
		for i, r := range in.Referrals {
			v.at = scope{list: "referrals", i: i}
			if r.Agency == "" && r.Organisation == "" {
				v.complete("agency", msgReferralTo)
			}
			if r.Agency != "" && !v.knownAgency(r.Agency) {
				v.add("agency", msgUnknownCode)
			}
			if r.Organisation != "" && !v.knownOrganisation(r.Organisation) {
				v.add("organisation", msgUnknownCode)
			}
			if r.Domain != "" && !v.knownDomain(r.Domain) {
				v.add("domain", msgUnknownCode)
			}
			v.text("reason", r.Reason, MaxText, false)
			v.planned("on", r.On, DateOf(Earliest))
			if !r.State.Valid() {
				v.add("state", msgBadValue)
			}
			v.past("state_on", r.StateOn)
			v.name("why", r.Why, MaxLine, false)
			if r.Why != "" && r.State != ReferralRefused {
				v.complete("why", msgOnlyRefused)
			}
		}
	}
	v.at = scope{}
	if a := in.NextAppointment; !a.IsZero() {
		if a.At.IsZero() {
			v.complete("next_appointment.at", msgRequired)
		} else if a.At.Before(Earliest) {
			v.add("next_appointment.at", msgTooOld)
		} else if !v.now.IsZero() && a.At.After(v.now.AddDate(5, 0, 0)) {
			v.add("next_appointment.at", msgTooFar)
		}
		if a.Where != "" && !v.knownLocation(a.Where) {
			v.add("next_appointment.where", msgUnknownCode)
		}
		v.text("next_appointment.note", a.Note, MaxLine, false)
	}
	if v.count("contacts", len(in.Contacts)) {
		for i, ct := range in.Contacts {
			v.at = scope{list: "contacts", i: i}
			v.when("at", ct.At, true)
			if !ct.At.IsZero() && ct.At.Before(in.Created) {
				v.complete("at", msgBeforeStart)
			}
			switch ct.Kind {
			case ContactInPerson, ContactPhone, ContactHomeVisit, ContactMessage, ContactTogether:
			case "":
				v.complete("kind", msgRequired)
			default:
				v.add("kind", msgBadValue)
			}
			v.name("by", ct.By, MaxName, false)
			v.text("note", ct.Note, MaxText, false)
		}
	}
	v.at = scope{}
	if v.count("notes", len(in.Notes)) {
		for i, n := range in.Notes {
			v.at = scope{list: "notes", i: i}
			v.name("author", n.Author, MaxName, true)
			if n.Role != RoleSupporter && n.Role != RoleKompaan {
				v.add("role", msgBadValue)
			}
			v.when("at", n.At, true)
			v.text("text", n.Text, MaxText, true)
		}
	}
	v.at = scope{}
	if a := in.Closure.Appreciation; a < 0 || a > 5 {
		v.add("closure.appreciation", msgRange(1, 5))
	}
	for _, f := range [...]struct {
		field  string
		answer Answer
	}{{"closure.state_better", in.Closure.StateBetter}, {"closure.more_control", in.Closure.MoreControl}} {
		switch f.answer {
		case AnswerNone, AnswerYes, AnswerPartly, AnswerNo:
		default:
			v.add(f.field, msgBadValue)
		}
	}
}

// consent checks the consent and what it allows. These rules are part of
// CheckSafe (they say what may be kept at all), except the time consent
// was given being filled in and no scope listed twice.
func (v *validator) consent(in Intake) {
	c := in.Consent
	if !c.Given {
		if len(c.Scopes) > 0 {
			v.add("consent.scopes", msgScopeNoGiven)
		}
		// Refuse every personal field.
		for _, f := range personalFields(in) {
			v.add(f, msgNoConsent)
		}
		return
	}
	v.when("consent.at", c.At, false)
	if c.At.IsZero() {
		v.complete("consent.at", msgConsentTime)
	}
	if !v.count("consent.scopes", len(c.Scopes)) {
		return
	}
	notes := false
	for i, s := range c.Scopes {
		switch s {
		case ScopeNotes, ScopeFollowUp, ScopeHandover, ScopeReferral:
		default:
			v.add("consent.scopes["+strconv.Itoa(i)+"]", msgUnknownCode)
			continue
		}
		if slices.Contains(c.Scopes[:i], s) {
			v.complete("consent.scopes["+strconv.Itoa(i)+"]", msgDuplicate)
		}
		notes = notes || s == ScopeNotes
	}
	if !notes {
		v.add("consent.scopes", msgConsentNotes)
	}
}

// personalFields lists the paths of personal fields that are filled in.
func personalFields(in Intake) []string {
	var out []string
	add := func(cond bool, f string) {
		if cond {
			out = append(out, f)
		}
	}
	add(in.ResidentID != "", "resident_id")
	add(in.Presence.NetworkRelation != "", "presence.network_relation")
	add(in.OwnWords != "", "own_words")
	add(len(in.Clarifications) > 0, "clarifications")
	add(in.ClarifiedQuestion != "", "clarified_question")
	add(len(in.Agreements) > 0, "agreements")
	add(len(in.Referrals) > 0, "referrals")
	add(!in.NextAppointment.IsZero(), "next_appointment")
	add(len(in.Notes) > 0, "notes")
	for i, c := range in.Contacts {
		add(c.Note != "", fmt.Sprintf("contacts[%d].note", i))
	}
	return out
}

func (v *validator) clarifications(cs []Clarification) {
	if !v.count("clarifications", len(cs)) {
		return
	}
	for i, c := range cs {
		v.at = scope{list: "clarifications", i: i}
		switch {
		case c.Domain == "":
			v.complete("domain", msgRequired)
		case !v.knownDomain(c.Domain):
			v.add("domain", msgUnknownCode)
		case slices.ContainsFunc(cs[:i], func(b Clarification) bool { return b.Domain == c.Domain }):
			v.complete("domain", msgDuplicate)
		}
		v.text("happening", c.Happening, MaxText, false)
		v.text("tried", c.Tried, MaxText, false)
		v.text("would_help", c.WouldHelp, MaxText, false)
		codes(v, "agencies", c.Agencies, v.knownAgency)
		switch c.Urgency {
		case UrgencyNone, UrgencyLater, UrgencyWeeks, UrgencyWeek, UrgencyNow:
		default:
			v.add("urgency", msgBadValue)
		}
		if !v.count("letters", len(c.Letters)) {
			continue
		}
		for j, l := range c.Letters {
			v.at = scope{list: "clarifications", i: i, sub: "letters", j: j}
			switch l.Kind {
			case LetterWmoReport, LetterApplication, LetterDecision, LetterDemand, LetterOther:
			case "":
				v.complete("kind", msgRequired)
			default:
				v.add("kind", msgBadValue)
			}
			if l.From != "" && !v.knownAgency(l.From) {
				v.add("from", msgUnknownCode)
			}
			v.past("sent", l.Sent)
			v.past("received", l.Received)
			if !l.Sent.IsZero() && !l.Received.IsZero() && l.Received.Before(l.Sent) {
				v.complete("received", msgReceived)
			}
			v.planned("due", l.Due, earliestLetter)
			v.text("about", l.About, MaxLine, false)
			v.past("answered", l.Answered)
			if !l.Answered.IsZero() && !KindAwaitsAnswer(l.Kind) {
				v.complete("answered", msgNoAnswerKind)
			}
		}
	}
	v.at = scope{}
}

// sortErrors orders errors by field path so output is stable (the scan is a map).
func sortErrors(fe FieldErrors) {
	slices.SortStableFunc(fe, func(a, b FieldError) int { return strings.Compare(a.Field, b.Field) })
}
