package intake

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"sync"
)

// StatVersion is the version of the StatRecord encoding.
const StatVersion = 1

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

// DomainStep is one domain's scan answer in a statistics record.
type DomainStep struct {
	Domain DomainCode `json:"d"`
	Scale  Scale      `json:"s"`
}

// StatRecord is the anonymised statistics record of one intake. It holds
// coded fields only: no free text, no names, no exact dates (DESIGN §4).
// Every string-typed field is a code type that is checked against the
// catalogue (see Anonymise and StatRecord.Validate).
type StatRecord struct {
	V              int               `json:"v"`                   // StatVersion
	Month          Month             `json:"month"`               // month of first contact
	Location       LocationCode      `json:"loc,omitempty"`       // "" = unknown
	Route          RouteCode         `json:"route,omitempty"`     // "" = unknown
	TargetGroups   []TargetGroupCode `json:"tg,omitempty"`        // sorted
	AgeBand        AgeBand           `json:"age,omitempty"`       // "" = unknown
	Domains        []DomainStep      `json:"dom,omitempty"`       // discussed domains, catalogue order
	Clarified      []DomainCode      `json:"clar,omitempty"`      // domains clarified in depth, catalogue order
	QuestionType   QuestionTypeCode  `json:"qt,omitempty"`        // "" = unknown
	Kompaan        bool              `json:"kompaan,omitempty"`   // a kompaan took part
	Network        bool              `json:"network,omitempty"`   // someone from the own network took part
	Consent        bool              `json:"consent,omitempty"`   // notes were kept with consent
	Status         Status            `json:"status"`              // draft, open or closed
	Closed         bool              `json:"closed,omitempty"`    // status is closed
	TurnaroundDays int               `json:"days,omitempty"`      // first contact → closure, in days (closed only)
	Appreciation   int               `json:"appr,omitempty"`      // 1–5; 0 = not asked
	StateBetter    Answer            `json:"better,omitempty"`    // "Can you state your question better now?"
	MoreControl    Answer            `json:"control,omitempty"`   // "Do you feel more in control?"
	Contacts       int               `json:"contacts"`            // number of contacts, the first included
	Referrals      int               `json:"referrals,omitempty"` // number of referrals
}

// The binary encoding of a StatRecord (docs/FORMAT.md §2, "Statistics
// records"). It is what the store seals: 30 to 60 bytes for a typical
// record, decoded without reflection in a few hundred nanoseconds, which is
// what keeps a statistics export over 100,000 intakes under a second.
//
//	version   u8        StatVersion
//	year      u16be     2015–2199
//	month     u8        1–12
//	flags     u8        bit 0 kompaan, bit 1 network, bit 2 consent; others 0
//	status    u8        1 draft, 2 open, 3 closed (Closed follows from it)
//	age band  u8        0 unknown, 1 u18, 2 18_26, 3 27_44, 4 45_66, 5 67plus
//	appr      u8        0–5
//	better    u8        0 not asked, 1 yes, 2 partly, 3 no
//	control   u8        as better
//	days      uvarint   0–36600; 0 unless closed
//	contacts  uvarint   1–101
//	referrals uvarint   0–100
//	location  code      (code = u8 length 0–32 ‖ bytes; length 0 = unknown)
//	route     code
//	qtype     code
//	tg        u8 n ≤ 100, then n codes (length ≥ 1)
//	domains   u8 n ≤ 100, then n × (code (length ≥ 1) ‖ u8 scale 1–5)
//	clarified u8 n ≤ 100, then n codes (length ≥ 1)
//
// Uvarints must be minimal and nothing may follow the last list, so every
// record has exactly one encoding.

const (
	statHeaderLen = 10
	flagKompaan   = 1 << 0
	flagNetwork   = 1 << 1
	flagConsent   = 1 << 2
	maxTurnaround = 100 * 366
)

var (
	statStatuses = [...]Status{"", StatusDraft, StatusOpen, StatusClosed}
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
	n := statHeaderLen + 3*binary.MaxVarintLen32 + 3*(1+MaxCodeLen) + 3 +
		(len(s.TargetGroups)+len(s.Clarified))*(1+MaxCodeLen) + len(s.Domains)*(2+MaxCodeLen)
	b := make([]byte, 0, n)
	b = append(b, byte(StatVersion))
	y, m := s.Month.parts()
	b = binary.BigEndian.AppendUint16(b, uint16(y))
	b = append(b, byte(m))
	var flags byte
	if s.Kompaan {
		flags |= flagKompaan
	}
	if s.Network {
		flags |= flagNetwork
	}
	if s.Consent {
		flags |= flagConsent
	}
	b = append(b, flags,
		byte(enumIndex(statStatuses[:], s.Status)),
		byte(enumIndex(statAgeBands[:], s.AgeBand)),
		byte(s.Appreciation),
		byte(enumIndex(statAnswers[:], s.StateBetter)),
		byte(enumIndex(statAnswers[:], s.MoreControl)))
	b = binary.AppendUvarint(b, uint64(s.TurnaroundDays))
	b = binary.AppendUvarint(b, uint64(s.Contacts))
	b = binary.AppendUvarint(b, uint64(s.Referrals))
	b = appendCode(b, string(s.Location))
	b = appendCode(b, string(s.Route))
	b = appendCode(b, string(s.QuestionType))
	b = append(b, byte(len(s.TargetGroups)))
	for _, t := range s.TargetGroups {
		b = appendCode(b, string(t))
	}
	b = append(b, byte(len(s.Domains)))
	for _, d := range s.Domains {
		b = append(appendCode(b, string(d.Domain)), byte(d.Scale))
	}
	b = append(b, byte(len(s.Clarified)))
	for _, d := range s.Clarified {
		b = appendCode(b, string(d))
	}
	return b, nil
}

func appendCode(b []byte, code string) []byte {
	return append(append(b, byte(len(code))), code...)
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

// uvarint reads a minimal uvarint of at most limit.
func (r *statReader) uvarint(what string, lo, hi uint64) int {
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

// parts returns the year and month of a valid Month.
func (m Month) parts() (year, month int) {
	y, err1 := strconv.Atoi(string(m[:4]))
	mo, err2 := strconv.Atoi(string(m[5:]))
	if err1 != nil || err2 != nil {
		return 0, 0
	}
	return y, mo
}

func decodeStatBinary(b []byte) (StatRecord, error) {
	r := statReader{b: b}
	if v := r.byte(); r.err == nil && v != StatVersion {
		return StatRecord{}, fmt.Errorf("%w: version %d, want %d", ErrStatRecord, v, StatVersion)
	}
	s := StatRecord{V: StatVersion}
	if len(r.b) < statHeaderLen-1 {
		r.fail("truncated")
		return StatRecord{}, r.err
	}
	h := r.b[:statHeaderLen-1]
	r.b = r.b[statHeaderLen-1:]
	year, month := int(binary.BigEndian.Uint16(h)), int(h[2])
	if year < firstStatYear || year > lastStatYear || month < 1 || month > 12 {
		return StatRecord{}, fmt.Errorf("%w: month %d-%d", ErrStatRecord, year, month)
	}
	s.Month = statMonths()[(year-firstStatYear)*12+month-1]
	flags := h[3]
	if flags&^(flagKompaan|flagNetwork|flagConsent) != 0 {
		return StatRecord{}, fmt.Errorf("%w: flags %#x", ErrStatRecord, flags)
	}
	s.Kompaan, s.Network, s.Consent = flags&flagKompaan != 0, flags&flagNetwork != 0, flags&flagConsent != 0
	if h[4] == 0 || int(h[4]) >= len(statStatuses) {
		return StatRecord{}, fmt.Errorf("%w: status %d", ErrStatRecord, h[4])
	}
	s.Status = statStatuses[h[4]]
	s.Closed = s.Status == StatusClosed
	if int(h[5]) >= len(statAgeBands) {
		return StatRecord{}, fmt.Errorf("%w: age band %d", ErrStatRecord, h[5])
	}
	s.AgeBand = statAgeBands[h[5]]
	if h[6] > 5 {
		return StatRecord{}, fmt.Errorf("%w: appreciation %d", ErrStatRecord, h[6])
	}
	s.Appreciation = int(h[6])
	if int(h[7]) >= len(statAnswers) || int(h[8]) >= len(statAnswers) {
		return StatRecord{}, fmt.Errorf("%w: answer", ErrStatRecord)
	}
	s.StateBetter, s.MoreControl = statAnswers[h[7]], statAnswers[h[8]]

	maxDays := uint64(0)
	if s.Closed {
		maxDays = maxTurnaround
	}
	s.TurnaroundDays = r.uvarint("turnaround days", 0, maxDays)
	s.Contacts = r.uvarint("contacts", 1, 1+MaxItems)
	s.Referrals = r.uvarint("referrals", 0, MaxItems)
	s.Location = LocationCode(r.code("location", true))
	s.Route = RouteCode(r.code("route", true))
	s.QuestionType = QuestionTypeCode(r.code("question type", true))
	if n := r.count("target groups"); n > 0 && r.err == nil {
		s.TargetGroups = make([]TargetGroupCode, n)
		for i := range s.TargetGroups {
			s.TargetGroups[i] = TargetGroupCode(r.code("target group", false))
		}
	}
	if n := r.count("domains"); n > 0 && r.err == nil {
		s.Domains = make([]DomainStep, n)
		for i := range s.Domains {
			d := &s.Domains[i]
			d.Domain = DomainCode(r.code("domain", false))
			if d.Scale = Scale(r.byte()); r.err == nil && (d.Scale < GoesWell || d.Scale > Urgent) {
				r.fail("domain %q step %d", d.Domain, d.Scale)
			}
		}
	}
	if n := r.count("clarified domains"); n > 0 && r.err == nil {
		s.Clarified = make([]DomainCode, n)
		for i := range s.Clarified {
			s.Clarified[i] = DomainCode(r.code("clarified domain", false))
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
