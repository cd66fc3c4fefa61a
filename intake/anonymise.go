package intake

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrStatRecord is wrapped by every problem decoding a statistics record.
var ErrStatRecord = errors.New("statistics record is not valid")

// MaxStatRecord is the largest encoded statistics record DecodeStatRecord accepts.
const MaxStatRecord = 16 << 10

// Anonymise turns an intake (and its resident, if any) into a statistics
// record with coded fields only, checked against the embedded catalogue.
// Use Catalogue.Anonymise when local overrides add locations or routes.
func Anonymise(in Intake, r Resident, now time.Time) StatRecord {
	return DefaultCatalogue().Anonymise(in, r, now)
}

// Anonymise turns an intake into a statistics record. Every code is kept
// only if the catalogue knows it, so no typed text can pass as a code. The
// resident is used only with consent (StatResident), and only for target
// groups and an age band. now is used only when the intake has no
// first-contact time. The record key and the first-in-period flags are the
// store's to set (store.Tx.SaveIntake); Anonymise sets the flags as for an
// intake without a resident, who counts as one person.
func (c *Catalogue) Anonymise(in Intake, r Resident, now time.Time) StatRecord {
	first := in.Created
	if first.IsZero() {
		first = now
	}
	s := StatRecord{
		V:            StatVersion,
		Month:        Month(first.Format("2006-01")),
		Kompaan:      in.Presence.Kompaan,
		FirstInMonth: true, FirstInQuarter: true, FirstInYear: true,
	}
	if _, ok := c.Location(in.Location); ok {
		s.Location = in.Location
	}
	if _, ok := c.Route(in.Route); ok {
		s.Route = in.Route
	}
	if _, ok := c.QuestionType(in.QuestionType); ok {
		s.QuestionType = in.QuestionType
	}
	if StatResident(in, r) != "" {
		for _, t := range c.TargetGroups { // catalogue order, each once
			if slices.Contains(r.TargetGroups, t.Code) {
				s.TargetGroups = append(s.TargetGroups, t.Code)
			}
		}
		s.AgeBand = ageBand(r.BirthYear, first.Year())
	}
	for _, d := range c.Domains {
		if st, ok := in.Scan[d.Code]; ok && st.Valid() && st != NotDiscussed {
			s.Domains = append(s.Domains, DomainStep{Domain: d.Code, Scale: st})
		}
		if _, ok := in.Clarification(d.Code); ok {
			s.Clarified = append(s.Clarified, d.Code)
		}
	}
	s.Referrals = c.referralStats(in.Referrals)
	// The closure part counts in the month of closure. An intake whose
	// closing time is unknown (or before its first contact) is counted as
	// not closed: there is no month to count it in.
	if closed, ok := in.ClosedMonth(); ok && closed >= s.Month {
		days, _ := in.TurnaroundDays()
		s.Closed, s.ClosedMonth = true, closed
		s.TurnaroundDays = RoundTurnaround(days)
		if a := in.Closure.Appreciation; a >= 1 && a <= 5 {
			s.Appreciation = a
		}
		s.StateBetter = validAnswer(in.Closure.StateBetter)
		s.MoreControl = validAnswer(in.Closure.MoreControl)
		s.Contacts = BandOfContacts(1 + len(in.Contacts))
	}
	return s
}

// referralStats keeps each referral's destination, when the catalogue
// knows it, with its outcome: each pair once, sorted as a record holds them.
func (c *Catalogue) referralStats(refs []Referral) []ReferralStat {
	var out []ReferralStat
	for _, r := range refs {
		var to ReferralTo
		if _, ok := c.Agency(r.Agency); ok && r.Agency != "" {
			to = ReferralTo(r.Agency)
		} else if _, ok := c.Organisation(r.Organisation); ok && r.Organisation != "" {
			to = ReferralTo(r.Organisation)
		}
		if to == "" || !r.State.Valid() {
			continue
		}
		rs := ReferralStat{To: to, Outcome: r.State.Outcome()}
		if !slices.Contains(out, rs) {
			out = append(out, rs)
		}
	}
	slices.SortFunc(out, compareReferralStat)
	if len(out) > MaxItems {
		out = out[:MaxItems]
	}
	return out
}

// ClosedMonth is the month a closed intake was closed, in the time zone of
// its first contact; false unless the intake is closed with a closing time
// on or after its first contact, in a month a statistics record can hold.
func (in Intake) ClosedMonth() (Month, bool) {
	if _, ok := in.TurnaroundDays(); !ok {
		return "", false
	}
	m := Month(in.ClosedAt.In(in.Created.Location()).Format("2006-01"))
	return m, m.Valid()
}

// StatResident is the resident whose statistics an intake counts for: the
// intake's resident when consent was given and r is that resident, else
// "" (an anonymous contact, counted as one person of its own).
func StatResident(in Intake, r Resident) string {
	if in.Consent.Given && in.ResidentID != "" && r.ID == in.ResidentID {
		return r.ID
	}
	return ""
}

func validAnswer(a Answer) Answer {
	switch a {
	case AnswerYes, AnswerPartly, AnswerNo:
		return a
	}
	return AnswerNone
}

// ageBand returns the band of someone born in birthYear, in year. The age
// is the difference of years, which may be one year high before the
// birthday; bands are coarse enough for that.
func ageBand(birthYear, year int) AgeBand {
	if birthYear < 1900 || birthYear > year {
		return AgeUnknown
	}
	switch age := year - birthYear; {
	case age < 18:
		return AgeUnder18
	case age <= 26:
		return Age18to26
	case age <= 44:
		return Age27to44
	case age <= 66:
		return Age45to66
	default:
		return Age67Plus
	}
}

// DecodeStatRecord decodes and checks a record in the binary encoding
// (StatRecord.MarshalBinary, docs/FORMAT.md): version StatVersion, every
// field in range, every code well-formed, nothing after the record, and the
// one encoding of its record (minimal varints, no stray flag bits). It
// accepts exactly the records check accepts; empty lists come back nil.
// Check the codes against a catalogue with Validate.
func DecodeStatRecord(b []byte) (StatRecord, error) {
	if len(b) > MaxStatRecord {
		return StatRecord{}, fmt.Errorf("%w: %d bytes, at most %d", ErrStatRecord, len(b), MaxStatRecord)
	}
	return decodeStatBinary(b)
}

// check verifies the shape of a record without a catalogue.
func (s StatRecord) check() error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrStatRecord}, a...)...)
	}
	if s.V != StatVersion && s.V != statVersionNoReferrals {
		return fail("version %d, want %d or %d", s.V, statVersionNoReferrals, StatVersion)
	}
	if s.V == statVersionNoReferrals && len(s.Referrals) > 0 {
		return fail("referrals in a version %d record", s.V)
	}
	if !s.Month.Valid() {
		return fail("month %q", s.Month)
	}
	for _, code := range []string{string(s.Location), string(s.Route), string(s.QuestionType)} {
		if code != "" && !ValidCode(code) {
			return fail("code %q", code)
		}
	}
	if len(s.TargetGroups) > MaxItems || len(s.Domains) > MaxItems || len(s.Clarified) > MaxItems || len(s.Referrals) > MaxItems {
		return fail("too many entries")
	}
	for i, r := range s.Referrals {
		if !ValidCode(string(r.To)) || referralOutcomeIndex(r.Outcome) == 0 {
			return fail("referral %q outcome %q", r.To, r.Outcome)
		}
		if i > 0 && compareReferralStat(s.Referrals[i-1], r) >= 0 {
			return fail("referrals out of order")
		}
	}
	for _, t := range s.TargetGroups {
		if !ValidCode(string(t)) {
			return fail("target group %q", t)
		}
	}
	for _, d := range s.Domains {
		if !ValidCode(string(d.Domain)) || !d.Scale.Valid() || d.Scale == NotDiscussed {
			return fail("domain %q step %d", d.Domain, d.Scale)
		}
	}
	for _, d := range s.Clarified {
		if !ValidCode(string(d)) {
			return fail("domain %q", d)
		}
	}
	if s.AgeBand != AgeUnknown && !slices.Contains(AgeBands(), s.AgeBand) {
		return fail("age band %q", s.AgeBand)
	}
	if (s.FirstInYear && !s.FirstInQuarter) || (s.FirstInQuarter && !s.FirstInMonth) {
		return fail("first in a year but not in its quarter or month")
	}
	if !s.Closed {
		if s.ClosedMonth != "" || s.TurnaroundDays != 0 || s.Appreciation != 0 || s.StateBetter != AnswerNone ||
			s.MoreControl != AnswerNone || s.Contacts != ContactsNone {
			return fail("closure values on an intake that is not closed")
		}
		return nil
	}
	if !s.ClosedMonth.Valid() || s.ClosedMonth < s.Month {
		return fail("closed in %q, first contact in %s", s.ClosedMonth, s.Month)
	}
	if s.TurnaroundDays < 0 || s.TurnaroundDays > MaxTurnaround || s.TurnaroundDays%TurnaroundStep != 0 {
		return fail("turnaround %d days", s.TurnaroundDays)
	}
	if s.Appreciation < 0 || s.Appreciation > 5 {
		return fail("appreciation %d", s.Appreciation)
	}
	if validAnswer(s.StateBetter) != s.StateBetter || validAnswer(s.MoreControl) != s.MoreControl {
		return fail("answer")
	}
	if s.Contacts < ContactsOne || s.Contacts > ContactsSix {
		return fail("contacts band %d", s.Contacts)
	}
	return nil
}

// Validate checks the record's shape and that the catalogue knows every code.
func (s StatRecord) Validate(c *Catalogue) error {
	if err := s.check(); err != nil {
		return err
	}
	unknown := func(kind string, code any) error {
		return fmt.Errorf("%w: unknown %s %q", ErrStatRecord, kind, code)
	}
	if _, ok := c.Location(s.Location); s.Location != "" && !ok {
		return unknown("location", s.Location)
	}
	if _, ok := c.Route(s.Route); s.Route != "" && !ok {
		return unknown("route", s.Route)
	}
	if _, ok := c.QuestionType(s.QuestionType); s.QuestionType != "" && !ok {
		return unknown("question type", s.QuestionType)
	}
	for _, t := range s.TargetGroups {
		if _, ok := c.TargetGroup(t); !ok {
			return unknown("target group", t)
		}
	}
	for _, d := range s.Domains {
		if _, ok := c.Domain(d.Domain); !ok {
			return unknown("domain", d.Domain)
		}
	}
	for _, d := range s.Clarified {
		if _, ok := c.Domain(d); !ok {
			return unknown("domain", d)
		}
	}
	for _, r := range s.Referrals {
		_, agency := c.Agency(AgencyCode(r.To))
		_, org := c.Organisation(OrganisationCode(r.To))
		if !agency && !org {
			return unknown("referral", r.To)
		}
	}
	return nil
}

// Valid reports whether m is "YYYY-MM" with a year from 2015 to 2199.
func (m Month) Valid() bool {
	t, err := time.Parse("2006-01", string(m))
	return err == nil && len(m) == 7 && t.Year() >= 2015 && t.Year() < 2200
}
