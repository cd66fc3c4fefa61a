package intake

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// StatVersion is the version of the StatRecord encoding written now.
// Version 3 added the referrals with their outcome; records of version 2
// (without them) are read as they are and written as version 3 the next
// time their intake is saved. Version 1 (StatRecordV1) is read only to
// migrate old vaults.
const StatVersion = 3

// statVersionNoReferrals is version 2: version 3 without the referrals.
const statVersionNoReferrals = 2

// Month is a calendar month "YYYY-MM": the only time a statistics record has.
type Month string

// AgeBand is a coarse age group; never an exact age or birth year.
type AgeBand string

// Age bands ("" = unknown).
const (
	AgeUnknown AgeBand = ""
	AgeUnder18 AgeBand = "u18"
	Age18to26  AgeBand = "18_26"
	Age27to44  AgeBand = "27_44"
	Age45to66  AgeBand = "45_66"
	Age67Plus  AgeBand = "67plus"
)

// AgeBands lists the known bands in order.
func AgeBands() []AgeBand { return []AgeBand{AgeUnder18, Age18to26, Age27to44, Age45to66, Age67Plus} }

// ContactsBand is the number of contacts of a closed intake, in the bands
// the statistics publish (the first contact included). The exact number is
// not kept.
type ContactsBand uint8

// Contact bands (0 = not closed).
const (
	ContactsNone   ContactsBand = 0
	ContactsOne    ContactsBand = 1 // one contact
	ContactsTwo    ContactsBand = 2 // two contacts
	ContactsThree5 ContactsBand = 3 // three to five
	ContactsSix    ContactsBand = 4 // six or more
)

// ContactsBands lists the bands in order.
func ContactsBands() []ContactsBand {
	return []ContactsBand{ContactsOne, ContactsTwo, ContactsThree5, ContactsSix}
}

// Text names the band: "3 tot 5 contacten".
func (b ContactsBand) Text() Text {
	switch b {
	case ContactsOne:
		return T("1 contact", "1 contact")
	case ContactsTwo:
		return T("2 contacten", "2 contacts")
	case ContactsThree5:
		return T("3 tot 5 contacten", "3 to 5 contacts")
	case ContactsSix:
		return T("6 of meer contacten", "6 or more contacts")
	}
	return T("niet afgesloten", "not closed")
}

// BandOfContacts returns the band of n contacts (n ≥ 1).
func BandOfContacts(n int) ContactsBand {
	switch {
	case n <= 1:
		return ContactsOne
	case n == 2:
		return ContactsTwo
	case n <= 5:
		return ContactsThree5
	}
	return ContactsSix
}

// TurnaroundStep and MaxTurnaround: a statistics record keeps the
// turnaround of a closed intake rounded to 5 days and at most 365 days, as
// fine as the published median and 90th percentile and no finer.
const (
	TurnaroundStep = 5
	MaxTurnaround  = 365
)

// RoundTurnaround rounds days to the nearest multiple of TurnaroundStep
// (halves up) and caps it at MaxTurnaround.
func RoundTurnaround(days int) int {
	if days <= 0 {
		return 0
	}
	return min((days+TurnaroundStep/2)/TurnaroundStep*TurnaroundStep, MaxTurnaround)
}

// DomainStep is one domain's scan answer in a statistics record.
type DomainStep struct {
	Domain DomainCode `json:"d"`
	Scale  Scale      `json:"s"`
}

// ReferralTo is where a statistics record's referral went: the code of an
// agency or of an organisation on the local social map (their codes never
// collide: an override may not repeat a catalogue code).
type ReferralTo string

// ReferralStat is one referral in a statistics record: where to (an
// agency's code, or a local organisation's) and its outcome. A record holds
// each pair once: the table counts intakes, not referrals.
type ReferralStat struct {
	To      ReferralTo    `json:"to"`
	Outcome ReferralState `json:"outcome"` // never "": ReferralState.Outcome
}

// StatRecord is the anonymised statistics record of one intake. It holds
// coded fields only: no free text, no names, no exact dates (DESIGN §4),
// and nothing finer than a published table uses (docs/STATISTICS.md,
// "What a record holds"). Every string-typed field is a code type that is
// checked against the catalogue (see Anonymise and StatRecord.Validate).
//
// The first part is counted in the month of first contact; the closure
// part (Closed and what follows it) in the month the intake was closed, so
// a period's figures do not change when an older intake is closed later.
type StatRecord struct {
	V int `json:"v"` // StatVersion, or 2 for a record read from before referrals were counted
	// Key is the record key of the cell-key method (docs/STATISTICS.md): a
	// pseudo-random number the store derives from the record's ID and the
	// statistics key. It never leaves the vault: it is in no export and no
	// JSON (also not the resident's access export).
	Key          uint32            `json:"-"`
	Month        Month             `json:"month"`           // month of first contact
	Location     LocationCode      `json:"loc,omitempty"`   // "" = unknown
	Route        RouteCode         `json:"route,omitempty"` // "" = unknown
	TargetGroups []TargetGroupCode `json:"tg,omitempty"`    // catalogue order
	AgeBand      AgeBand           `json:"age,omitempty"`   // "" = unknown
	Domains      []DomainStep      `json:"dom,omitempty"`   // discussed domains, catalogue order
	Clarified    []DomainCode      `json:"clar,omitempty"`  // domains clarified in depth, catalogue order
	QuestionType QuestionTypeCode  `json:"qt,omitempty"`    // VNG layer; "" = unknown
	Kompaan      bool              `json:"kompaan,omitempty"`
	// Referrals by where to and outcome, sorted by code then outcome, each
	// pair once; counted in the month of first contact with the outcome
	// of the last save.
	Referrals []ReferralStat `json:"ref,omitempty"`
	// For the number of different residents in a period: set on the first
	// intake of its resident in the calendar month, quarter and year of
	// its first contact (and always on an intake without a resident, who
	// counts as one person). FirstInYear implies FirstInQuarter implies
	// FirstInMonth.
	FirstInMonth   bool `json:"first_month,omitempty"`
	FirstInQuarter bool `json:"first_quarter,omitempty"`
	FirstInYear    bool `json:"first_year,omitempty"`

	// Closure part: zero unless Closed.
	Closed         bool         `json:"closed,omitempty"`
	ClosedMonth    Month        `json:"closed_month,omitempty"` // month of closure, not before Month
	TurnaroundDays int          `json:"days,omitempty"`         // RoundTurnaround of first contact → closure
	Appreciation   int          `json:"appr,omitempty"`         // 1–5; 0 = not asked
	StateBetter    Answer       `json:"better,omitempty"`       // "Can you state your question better now?"
	MoreControl    Answer       `json:"control,omitempty"`      // "Do you feel more in control?"
	Contacts       ContactsBand `json:"contacts,omitempty"`     // 1–4 (ContactsBands)
}

// The binary encoding of a StatRecord (docs/FORMAT.md §2, "Statistics
// records"). It is what the store seals: 25 to 60 bytes for a typical
// record, decoded without reflection in a few hundred nanoseconds, which is
// what keeps a statistics export over 100,000 intakes under a second.
//
//	version   u8        StatVersion (3), or 2
//	key       u32be     record key
//	year      u16be     2015–2199 (first contact)
//	month     u8        1–12
//	flags     u8        bit 0 kompaan, bit 1 closed, bit 2 first in month,
//	                    bit 3 first in quarter, bit 4 first in year; others 0
//	age band  u8        0 unknown, 1 u18, 2 18_26, 3 27_44, 4 45_66, 5 67plus
//	location  code      (code = u8 length 0–32 ‖ bytes; length 0 = unknown)
//	route     code
//	qtype     code
//	tg        u8 n ≤ 100, then n codes (length ≥ 1)
//	domains   u8 n ≤ 100, then n × (code (length ≥ 1) ‖ u8 scale 1–5)
//	clarified u8 n ≤ 100, then n codes (length ≥ 1)
//	referrals (version 3 only) u8 n ≤ 100, then n × (code (length ≥ 1) ‖ u8 outcome 1–5),
//	          sorted by code then outcome, no pair twice
//	closed only:
//	  months  uvarint   from first contact to closure, 0 to the end of 2199
//	  days/5  u8        0–73
//	  appr    u8        0–5
//	  better  u8        0 not asked, 1 yes, 2 partly, 3 no
//	  control u8        as better
//	  contacts u8       1–4
//
// Uvarints must be minimal and nothing may follow the record, so every
// record has exactly one encoding.

const (
	statHeaderLen = 10 // version, key, year, month, flags, age band
	flagKompaan   = 1 << 0
	flagClosed    = 1 << 1
	flagFirstM    = 1 << 2
	flagFirstQ    = 1 << 3
	flagFirstY    = 1 << 4
	statFlags     = flagKompaan | flagClosed | flagFirstM | flagFirstQ | flagFirstY
)

var (
	statAgeBands = [...]AgeBand{AgeUnknown, AgeUnder18, Age18to26, Age27to44, Age45to66, Age67Plus}
	statAnswers  = [...]Answer{AnswerNone, AnswerYes, AnswerPartly, AnswerNo}
)

func enumIndex[T comparable](table []T, v T) int {
	for i, t := range table {
		if t == v {
			return i
		}
	}
	return -1
}

// MarshalBinary returns the record's binary encoding, the form the vault
// stores. It refuses a record DecodeStatRecord would refuse.
func (s StatRecord) MarshalBinary() ([]byte, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	n := statHeaderLen + 3*(1+MaxCodeLen) + 3 + binary.MaxVarintLen32 + 5 +
		(len(s.TargetGroups)+len(s.Clarified))*(1+MaxCodeLen) + len(s.Domains)*(2+MaxCodeLen)
	b := make([]byte, 0, n)
	b = append(b, byte(s.V))
	b = binary.BigEndian.AppendUint32(b, s.Key)
	y, m := s.Month.parts()
	b = binary.BigEndian.AppendUint16(b, uint16(y))
	b = append(b, byte(m), s.flags(), byte(enumIndex(statAgeBands[:], s.AgeBand)))
	b = appendCodes(b, s.Location, s.Route, s.QuestionType, s.TargetGroups, s.Domains, s.Clarified)
	if s.V == StatVersion {
		b = append(b, byte(len(s.Referrals)))
		for _, r := range s.Referrals {
			b = append(appendCode(b, string(r.To)), byte(referralOutcomeIndex(r.Outcome)))
		}
	}
	if s.Closed {
		b = binary.AppendUvarint(b, uint64(s.Month.MonthsUntil(s.ClosedMonth)))
		b = append(b, byte(s.TurnaroundDays/TurnaroundStep), byte(s.Appreciation),
			byte(enumIndex(statAnswers[:], s.StateBetter)), byte(enumIndex(statAnswers[:], s.MoreControl)),
			byte(s.Contacts))
	}
	return b, nil
}

// referralOutcomeIndex is an outcome's byte in the encoding: 1 sent, 2
// accepted, 3 done, 4 no response, 5 refused (0: not an outcome).
func referralOutcomeIndex(o ReferralState) int { return enumIndex(ReferralStates(), o) + 1 }

// compareReferralStat orders referrals as a record holds them.
func compareReferralStat(a, b ReferralStat) int {
	if a.To != b.To {
		return strings.Compare(string(a.To), string(b.To))
	}
	return referralOutcomeIndex(a.Outcome) - referralOutcomeIndex(b.Outcome)
}

func (s StatRecord) flags() byte {
	var f byte
	for _, x := range []struct {
		on   bool
		flag byte
	}{{s.Kompaan, flagKompaan}, {s.Closed, flagClosed}, {s.FirstInMonth, flagFirstM}, {s.FirstInQuarter, flagFirstQ}, {s.FirstInYear, flagFirstY}} {
		if x.on {
			f |= x.flag
		}
	}
	return f
}

func appendCode(b []byte, code string) []byte {
	return append(append(b, byte(len(code))), code...)
}

// appendCodes writes the coded part every version has: location, route and
// question type, then the lists of target groups, domains with their step
// and clarified domains (statReader.codeLists reads the lists).
func appendCodes(b []byte, loc LocationCode, route RouteCode, qt QuestionTypeCode, tg []TargetGroupCode, dom []DomainStep, clar []DomainCode) []byte {
	b = appendCode(b, string(loc))
	b = appendCode(b, string(route))
	b = appendCode(b, string(qt))
	b = append(b, byte(len(tg)))
	for _, t := range tg {
		b = appendCode(b, string(t))
	}
	b = append(b, byte(len(dom)))
	for _, d := range dom {
		b = append(appendCode(b, string(d.Domain)), byte(d.Scale))
	}
	b = append(b, byte(len(clar)))
	for _, d := range clar {
		b = appendCode(b, string(d))
	}
	return b
}

// UnmarshalBinary decodes a record strictly, as DecodeStatRecord does. On
// an error s is left as it was.
func (s *StatRecord) UnmarshalBinary(b []byte) error {
	r, err := DecodeStatRecord(b)
	if err != nil {
		return err
	}
	*s = r
	return nil
}

// statReader reads the binary encoding; the first problem sticks in err.
type statReader struct {
	b   []byte
	err error
}

func (r *statReader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrStatRecord}, a...)...)
	}
}

func (r *statReader) byte() byte {
	if len(r.b) == 0 {
		r.fail("truncated")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// uvarint reads a minimal uvarint in [lo, hi].
func (r *statReader) uvarint(what string, lo, hi uint64) int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	switch {
	case n == 0:
		r.fail("truncated")
		return 0
	case n < 0 || (n > 1 && r.b[n-1] == 0):
		r.fail("%s: bad varint", what)
		return 0
	}
	r.b = r.b[n:]
	if v < lo || v > hi {
		r.fail("%s %d", what, v)
		return 0
	}
	return int(v)
}

// code reads a length-prefixed code; empty is allowed only if optional.
// Codes of the embedded catalogue come back as the catalogue's own strings,
// so the common case allocates nothing.
func (r *statReader) code(what string, optional bool) string {
	n := int(r.byte())
	if r.err != nil {
		return ""
	}
	if n == 0 && optional {
		return ""
	}
	if n > len(r.b) {
		r.fail("truncated")
		return ""
	}
	raw := r.b[:n]
	r.b = r.b[n:]
	if c, ok := knownCodes()[string(raw)]; ok {
		return c
	}
	if !validCode(raw) {
		r.fail("%s %q", what, raw)
		return ""
	}
	return string(raw)
}

// count reads a list length.
func (r *statReader) count(what string) int {
	n := int(r.byte())
	if n > MaxItems {
		r.fail("%d %s, at most %d", n, what, MaxItems)
		return 0
	}
	return n
}

// codeLists reads the three lists every version ends its coded part with:
// target groups, domains with their step, clarified domains.
func (r *statReader) codeLists() (tg []TargetGroupCode, dom []DomainStep, clar []DomainCode) {
	if n := r.count("target groups"); n > 0 && r.err == nil {
		tg = make([]TargetGroupCode, n)
		for i := range tg {
			tg[i] = TargetGroupCode(r.code("target group", false))
		}
	}
	if n := r.count("domains"); n > 0 && r.err == nil {
		dom = make([]DomainStep, n)
		for i := range dom {
			d := &dom[i]
			d.Domain = DomainCode(r.code("domain", false))
			if d.Scale = Scale(r.byte()); r.err == nil && (d.Scale < GoesWell || d.Scale > Urgent) {
				r.fail("domain %q step %d", d.Domain, d.Scale)
			}
		}
	}
	if n := r.count("clarified domains"); n > 0 && r.err == nil {
		clar = make([]DomainCode, n)
		for i := range clar {
			clar[i] = DomainCode(r.code("clarified domain", false))
		}
	}
	return tg, dom, clar
}

// answer reads an answer index.
func (r *statReader) answer() Answer {
	i := int(r.byte())
	if i >= len(statAnswers) {
		r.fail("answer %d", i)
		return AnswerNone
	}
	return statAnswers[i]
}

// month reads a u16be year and a u8 month.
func (r *statReader) month() Month {
	if len(r.b) < 3 {
		r.fail("truncated")
		return ""
	}
	year, month := int(binary.BigEndian.Uint16(r.b)), int(r.b[2])
	r.b = r.b[3:]
	if year < firstStatYear || year > lastStatYear || month < 1 || month > 12 {
		r.fail("month %d-%d", year, month)
		return ""
	}
	return statMonths()[(year-firstStatYear)*12+month-1]
}

// knownCodes maps every code of the embedded catalogue to itself.
var knownCodes = sync.OnceValue(func() map[string]string {
	c := DefaultCatalogue()
	m := map[string]string{}
	add := func(code string) { m[code] = code }
	for _, d := range c.Domains {
		add(string(d.Code))
	}
	for _, l := range c.Locations {
		add(string(l.Code))
	}
	for _, r := range c.Routes {
		add(string(r.Code))
	}
	for _, t := range c.TargetGroups {
		add(string(t.Code))
	}
	for _, q := range c.QuestionTypes {
		add(string(q.Code))
	}
	for _, a := range c.Agencies {
		add(string(a.Code))
	}
	return m
})

const (
	firstStatYear = 2015
	lastStatYear  = 2199
)

// statMonths holds every valid Month, so decoding one allocates nothing.
var statMonths = sync.OnceValue(func() []Month {
	ms := make([]Month, 0, (lastStatYear-firstStatYear+1)*12)
	for y := firstStatYear; y <= lastStatYear; y++ {
		for m := 1; m <= 12; m++ {
			ms = append(ms, Month(fmt.Sprintf("%04d-%02d", y, m)))
		}
	}
	return ms
})

// parts returns the year and month of a valid Month (0, 0 otherwise).
func (m Month) parts() (year, month int) {
	if len(m) != 7 {
		return 0, 0
	}
	y, err1 := strconv.Atoi(string(m[:4]))
	mo, err2 := strconv.Atoi(string(m[5:]))
	if err1 != nil || err2 != nil {
		return 0, 0
	}
	return y, mo
}

// index is the number of months since January 2015 (valid months only).
func (m Month) index() int {
	y, mo := m.parts()
	return (y-firstStatYear)*12 + mo - 1
}

// MonthsUntil is the number of months from m to later (negative if later
// is earlier). Both must be valid.
func (m Month) MonthsUntil(later Month) int { return later.index() - m.index() }

// AddMonths returns the month n months after m, or "" outside 2015–2199.
func (m Month) AddMonths(n int) Month {
	i := m.index() + n
	if !m.Valid() || i < 0 || i >= len(statMonths()) {
		return ""
	}
	return statMonths()[i]
}

// Year and Quarter (1–4) of a valid month.
func (m Month) Year() int    { y, _ := m.parts(); return y }
func (m Month) Quarter() int { _, mo := m.parts(); return (mo + 2) / 3 }

// lastMonthIndex is the index of December 2199.
const lastMonthIndex = (lastStatYear-firstStatYear+1)*12 - 1

func decodeStatBinary(b []byte) (StatRecord, error) {
	r := statReader{b: b}
	v := r.byte()
	if r.err == nil && v != StatVersion && v != statVersionNoReferrals {
		return StatRecord{}, fmt.Errorf("%w: version %d, want %d or %d", ErrStatRecord, v, statVersionNoReferrals, StatVersion)
	}
	s := StatRecord{V: int(v)}
	if len(r.b) < 4 {
		r.fail("truncated")
		return StatRecord{}, r.err
	}
	s.Key = binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	s.Month = r.month()
	flags := r.byte()
	band := int(r.byte())
	if r.err != nil {
		return StatRecord{}, r.err
	}
	if flags&^statFlags != 0 {
		return StatRecord{}, fmt.Errorf("%w: flags %#x", ErrStatRecord, flags)
	}
	s.Kompaan, s.Closed = flags&flagKompaan != 0, flags&flagClosed != 0
	s.FirstInMonth, s.FirstInQuarter, s.FirstInYear = flags&flagFirstM != 0, flags&flagFirstQ != 0, flags&flagFirstY != 0
	if (s.FirstInYear && !s.FirstInQuarter) || (s.FirstInQuarter && !s.FirstInMonth) {
		return StatRecord{}, fmt.Errorf("%w: flags %#x: first in a year but not in its quarter or month", ErrStatRecord, flags)
	}
	if band >= len(statAgeBands) {
		return StatRecord{}, fmt.Errorf("%w: age band %d", ErrStatRecord, band)
	}
	s.AgeBand = statAgeBands[band]
	s.Location = LocationCode(r.code("location", true))
	s.Route = RouteCode(r.code("route", true))
	s.QuestionType = QuestionTypeCode(r.code("question type", true))
	s.TargetGroups, s.Domains, s.Clarified = r.codeLists()
	if s.V == StatVersion {
		s.Referrals = r.referrals()
	}
	if s.Closed {
		after := r.uvarint("months to closure", 0, uint64(lastMonthIndex-s.Month.index()))
		s.ClosedMonth = s.Month.AddMonths(after)
		days := int(r.byte())
		if r.err == nil && days > MaxTurnaround/TurnaroundStep {
			r.fail("turnaround %d days", days*TurnaroundStep)
		}
		s.TurnaroundDays = days * TurnaroundStep
		if s.Appreciation = int(r.byte()); r.err == nil && s.Appreciation > 5 {
			r.fail("appreciation %d", s.Appreciation)
		}
		s.StateBetter = r.answer()
		s.MoreControl = r.answer()
		if s.Contacts = ContactsBand(r.byte()); r.err == nil && (s.Contacts < ContactsOne || s.Contacts > ContactsSix) {
			r.fail("contacts band %d", s.Contacts)
		}
	}
	if r.err != nil {
		return StatRecord{}, r.err
	}
	if len(r.b) != 0 {
		return StatRecord{}, fmt.Errorf("%w: %d bytes after the record", ErrStatRecord, len(r.b))
	}
	return s, nil
}

// referrals reads the list of referrals of version 3: sorted, no pair
// twice, so each list has one encoding.
func (r *statReader) referrals() []ReferralStat {
	n := r.count("referrals")
	if r.err != nil || n == 0 {
		return nil
	}
	out := make([]ReferralStat, n)
	states := ReferralStates()
	for i := range out {
		out[i].To = ReferralTo(r.code("referral", false))
		o := int(r.byte())
		if r.err != nil {
			return nil
		}
		if o < 1 || o > len(states) {
			r.fail("referral %q outcome %d", out[i].To, o)
			return nil
		}
		out[i].Outcome = states[o-1]
		if i > 0 && compareReferralStat(out[i-1], out[i]) >= 0 {
			r.fail("referrals out of order")
			return nil
		}
	}
	return out
}
