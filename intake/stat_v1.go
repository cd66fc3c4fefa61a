package intake

import (
	"encoding/binary"
	"fmt"
	"time"
)

// StatRecordV1 is a statistics record as format version 1 vaults store it
// (statistics record version 1, docs/FORMAT.md §2). It is read only to
// migrate such a vault: it holds values no published table uses (exact
// turnaround days and contact counts, referrals, the own-network and
// consent flags, draft/open), which version 2 no longer keeps.
type StatRecordV1 struct {
	Month          Month
	Location       LocationCode
	Route          RouteCode
	TargetGroups   []TargetGroupCode
	AgeBand        AgeBand
	Domains        []DomainStep
	Clarified      []DomainCode
	QuestionType   QuestionTypeCode
	Kompaan        bool
	Network        bool
	Consent        bool
	Status         Status
	TurnaroundDays int
	Appreciation   int
	StateBetter    Answer
	MoreControl    Answer
	Contacts       int
	Referrals      int
}

// Version 1 layout, kept for DecodeStatRecordV1:
//
//	version   u8        1
//	year      u16be     2015–2199
//	month     u8        1–12
//	flags     u8        bit 0 kompaan, bit 1 network, bit 2 consent; others 0
//	status    u8        1 draft, 2 open, 3 closed
//	age band  u8        as version 2
//	appr      u8        0–5
//	better    u8        0 not asked, 1 yes, 2 partly, 3 no
//	control   u8        as better
//	days      uvarint   0–36600; 0 unless closed
//	contacts  uvarint   1–101
//	referrals uvarint   0–100
//	location, route, qtype codes; tg, domains, clarified lists as version 2
const (
	statV1HeaderLen = 10
	v1FlagKompaan   = 1 << 0
	v1FlagNetwork   = 1 << 1
	v1FlagConsent   = 1 << 2
	v1MaxTurnaround = 100 * 366
)

var statV1Statuses = [...]Status{"", StatusDraft, StatusOpen, StatusClosed}

// DecodeStatRecordV1 decodes a version 1 record as strictly as version 1
// did: every field in range, every code well-formed, nothing after it.
func DecodeStatRecordV1(b []byte) (StatRecordV1, error) {
	if len(b) > MaxStatRecord {
		return StatRecordV1{}, fmt.Errorf("%w: %d bytes, at most %d", ErrStatRecord, len(b), MaxStatRecord)
	}
	r := statReader{b: b}
	if v := r.byte(); r.err == nil && v != 1 {
		return StatRecordV1{}, fmt.Errorf("%w: version %d, want 1", ErrStatRecord, v)
	}
	var s StatRecordV1
	s.Month = r.month()
	if r.err != nil {
		return StatRecordV1{}, r.err
	}
	if len(r.b) < statV1HeaderLen-4 {
		return StatRecordV1{}, fmt.Errorf("%w: truncated", ErrStatRecord)
	}
	h := r.b[:statV1HeaderLen-4]
	r.b = r.b[statV1HeaderLen-4:]
	flags := h[0]
	if flags&^(v1FlagKompaan|v1FlagNetwork|v1FlagConsent) != 0 {
		return StatRecordV1{}, fmt.Errorf("%w: flags %#x", ErrStatRecord, flags)
	}
	s.Kompaan, s.Network, s.Consent = flags&v1FlagKompaan != 0, flags&v1FlagNetwork != 0, flags&v1FlagConsent != 0
	if h[1] == 0 || int(h[1]) >= len(statV1Statuses) {
		return StatRecordV1{}, fmt.Errorf("%w: status %d", ErrStatRecord, h[1])
	}
	s.Status = statV1Statuses[h[1]]
	if int(h[2]) >= len(statAgeBands) {
		return StatRecordV1{}, fmt.Errorf("%w: age band %d", ErrStatRecord, h[2])
	}
	s.AgeBand = statAgeBands[h[2]]
	if h[3] > 5 {
		return StatRecordV1{}, fmt.Errorf("%w: appreciation %d", ErrStatRecord, h[3])
	}
	s.Appreciation = int(h[3])
	if int(h[4]) >= len(statAnswers) || int(h[5]) >= len(statAnswers) {
		return StatRecordV1{}, fmt.Errorf("%w: answer", ErrStatRecord)
	}
	s.StateBetter, s.MoreControl = statAnswers[h[4]], statAnswers[h[5]]
	maxDays := uint64(0)
	if s.Status == StatusClosed {
		maxDays = v1MaxTurnaround
	}
	s.TurnaroundDays = r.uvarint("turnaround days", 0, maxDays)
	s.Contacts = r.uvarint("contacts", 1, 1+MaxItems)
	s.Referrals = r.uvarint("referrals", 0, MaxItems)
	s.Location = LocationCode(r.code("location", true))
	s.Route = RouteCode(r.code("route", true))
	s.QuestionType = QuestionTypeCode(r.code("question type", true))
	s.TargetGroups, s.Domains, s.Clarified = r.codeLists()
	if r.err != nil {
		return StatRecordV1{}, r.err
	}
	if len(r.b) != 0 {
		return StatRecordV1{}, fmt.Errorf("%w: %d bytes after the record", ErrStatRecord, len(r.b))
	}
	return s, nil
}

// Upgrade returns the version 2 record of a version 1 record: the values a
// published table uses, coarsened as version 2 keeps them. closedMonth is
// the month the intake was closed (from the intake itself); when it is ""
// for a closed record (no intake found, or no closing time), it is the
// month that turnaround days after the middle of the first-contact month
// falls in. The key and the first-in-period flags are the caller's: they
// are set here as for an intake without a resident.
func (s StatRecordV1) Upgrade(closedMonth Month) StatRecord {
	out := StatRecord{
		V: StatVersion, Month: s.Month, Location: s.Location, Route: s.Route,
		TargetGroups: s.TargetGroups, AgeBand: s.AgeBand, Domains: s.Domains, Clarified: s.Clarified,
		QuestionType: s.QuestionType, Kompaan: s.Kompaan,
		FirstInMonth: true, FirstInQuarter: true, FirstInYear: true,
	}
	if s.Status != StatusClosed {
		return out
	}
	if !closedMonth.Valid() || closedMonth < s.Month {
		y, m := s.Month.parts()
		closedMonth = Month(time.Date(y, time.Month(m), 15, 12, 0, 0, 0, time.UTC).AddDate(0, 0, s.TurnaroundDays).Format("2006-01"))
		if !closedMonth.Valid() {
			closedMonth = statMonths()[lastMonthIndex]
		}
	}
	out.Closed, out.ClosedMonth = true, closedMonth
	out.TurnaroundDays = RoundTurnaround(s.TurnaroundDays)
	out.Appreciation, out.StateBetter, out.MoreControl = s.Appreciation, s.StateBetter, s.MoreControl
	out.Contacts = BandOfContacts(s.Contacts)
	return out
}

// MarshalBinary encodes a version 1 record. The program never writes
// version 1; tests and test vectors of the migration do.
func (s StatRecordV1) MarshalBinary() ([]byte, error) {
	b := []byte{1}
	y, m := s.Month.parts()
	b = binary.BigEndian.AppendUint16(b, uint16(y))
	b = append(b, byte(m))
	var flags byte
	if s.Kompaan {
		flags |= v1FlagKompaan
	}
	if s.Network {
		flags |= v1FlagNetwork
	}
	if s.Consent {
		flags |= v1FlagConsent
	}
	b = append(b, flags, byte(enumIndex(statV1Statuses[:], s.Status)), byte(enumIndex(statAgeBands[:], s.AgeBand)),
		byte(s.Appreciation), byte(enumIndex(statAnswers[:], s.StateBetter)), byte(enumIndex(statAnswers[:], s.MoreControl)))
	b = binary.AppendUvarint(b, uint64(s.TurnaroundDays))
	b = binary.AppendUvarint(b, uint64(s.Contacts))
	b = binary.AppendUvarint(b, uint64(s.Referrals))
	b = appendCodes(b, s.Location, s.Route, s.QuestionType, s.TargetGroups, s.Domains, s.Clarified)
	return b, nil
}
