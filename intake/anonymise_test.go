package intake

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAnonymiseSample(t *testing.T) {
	in, r := sampleIntake()
	if err := in.SetStatus(StatusClosed, in.Created.Add(9*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	s := Anonymise(in, r, testNow)
	want := StatRecord{
		V: StatVersion, Month: "2024-03", Location: "shelter", Route: "shelter_staff",
		TargetGroups: []TargetGroupCode{"homeless", "low_literacy"}, AgeBand: Age45to66,
		Domains:      []DomainStep{{"money", Serious}, {"housing", Worries}, {"network", GoesWell}, {"papers", Urgent}},
		Clarified:    []DomainCode{"money", "papers"},
		QuestionType: QuestionAccess, Kompaan: true,
		Referrals:    []ReferralStat{{To: "schuldhulp", Outcome: ReferralSent}},
		FirstInMonth: true, FirstInQuarter: true, FirstInYear: true,
		// Closed 9 days after a first contact on 4 March: counted in
		// March; 9 days are kept as 10 (rounded to 5); 2 contacts.
		Closed: true, ClosedMonth: "2024-03", TurnaroundDays: 10, Appreciation: 4,
		StateBetter: AnswerYes, MoreControl: AnswerPartly, Contacts: ContactsTwo,
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got  %+v\nwant %+v", s, want)
	}
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeStatRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Fatalf("round trip: %+v", back)
	}
	if err := back.Validate(DefaultCatalogue()); err != nil {
		t.Fatal(err)
	}
}

func TestAnonymiseWithoutConsentIgnoresResident(t *testing.T) {
	in, r := sampleIntake()
	in.Consent = Consent{}
	in.StripPersonal()
	s := Anonymise(in, r, testNow)
	if s.TargetGroups != nil || s.AgeBand != AgeUnknown || StatResident(in, r) != "" {
		t.Fatalf("resident data without consent: %+v", s)
	}
	if s.Location != "shelter" || len(s.Domains) != 4 || !s.FirstInYear {
		t.Fatalf("anonymous contact not counted: %+v", s)
	}
}

func TestAgeBand(t *testing.T) {
	tests := []struct {
		birth, year int
		want        AgeBand
	}{
		{0, 2024, AgeUnknown}, {2030, 2024, AgeUnknown}, {1850, 2024, AgeUnknown},
		{2010, 2024, AgeUnder18}, {2006, 2024, Age18to26}, {1998, 2024, Age18to26},
		{1997, 2024, Age27to44}, {1980, 2024, Age27to44}, {1979, 2024, Age45to66},
		{1958, 2024, Age45to66}, {1957, 2024, Age67Plus},
	}
	for _, tt := range tests {
		if got := ageBand(tt.birth, tt.year); got != tt.want {
			t.Errorf("ageBand(%d, %d) = %q, want %q", tt.birth, tt.year, got, tt.want)
		}
	}
}

// filler fills every settable field of a value with random data; every
// string gets a fresh unique marker (or, for code types, sometimes a real
// catalogue code, so coded paths are exercised too).
type filler struct {
	rng     *rand.Rand
	cat     *Catalogue
	markers []string
}

func (f *filler) marker() string {
	var b [8]byte
	for i := range b {
		b[i] = byte(f.rng.UintN(256))
	}
	// Lower-case letters and digits: the marker has the syntax of a code,
	// so only the catalogue check can keep it out.
	m := "zq" + hex.EncodeToString(b[:])
	f.markers = append(f.markers, m)
	return m
}

var timeType = reflect.TypeFor[time.Time]()

func (f *filler) realCode(t reflect.Type) (string, bool) {
	if f.rng.IntN(2) == 0 {
		return "", false
	}
	c := f.cat
	switch t {
	case reflect.TypeFor[DomainCode]():
		return string(c.Domains[f.rng.IntN(len(c.Domains))].Code), true
	case reflect.TypeFor[LocationCode]():
		return string(c.Locations[f.rng.IntN(len(c.Locations))].Code), true
	case reflect.TypeFor[RouteCode]():
		return string(c.Routes[f.rng.IntN(len(c.Routes))].Code), true
	case reflect.TypeFor[TargetGroupCode]():
		return string(c.TargetGroups[f.rng.IntN(len(c.TargetGroups))].Code), true
	case reflect.TypeFor[AgencyCode]():
		return string(c.Agencies[f.rng.IntN(len(c.Agencies))].Code), true
	case reflect.TypeFor[QuestionTypeCode]():
		return string(c.QuestionTypes[f.rng.IntN(len(c.QuestionTypes))].Code), true
	case reflect.TypeFor[Status]():
		return string([]Status{StatusDraft, StatusOpen, StatusClosed}[f.rng.IntN(3)]), true
	case reflect.TypeFor[Answer]():
		return string([]Answer{AnswerYes, AnswerNo, AnswerPartly}[f.rng.IntN(3)]), true
	}
	return "", false
}

func (f *filler) fill(v reflect.Value) {
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Date(2015+f.rng.IntN(20), time.Month(1+f.rng.IntN(12)), 1+f.rng.IntN(28), f.rng.IntN(24), 0, 0, 0, time.UTC)))
		return
	case v.Type() == reflect.TypeFor[Date]():
		v.Set(reflect.ValueOf(D(2000+f.rng.IntN(30), time.Month(1+f.rng.IntN(12)), 1+f.rng.IntN(28))))
		return
	}
	switch v.Kind() {
	case reflect.String:
		if code, ok := f.realCode(v.Type()); ok {
			v.SetString(code)
		} else {
			v.SetString(f.marker())
		}
	case reflect.Bool:
		v.SetBool(f.rng.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.rng.IntN(2100)) - 50)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i))
			}
		}
	case reflect.Slice:
		n := f.rng.IntN(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			f.fill(s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for n := f.rng.IntN(5); n > 0; n-- {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(k)
			f.fill(e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	}
}

// TestNoFreeTextReachesStatistics is the property: whatever an intake and
// a resident hold, no string from them that is not a catalogue code ends
// up in the encoded statistics record.
func TestNoFreeTextReachesStatistics(t *testing.T) {
	cat := DefaultCatalogue()
	for seed := uint64(0); seed < 400; seed++ {
		f := &filler{rng: rand.New(rand.NewPCG(seed, 0x5eed)), cat: cat}
		var in Intake
		var r Resident
		f.fill(reflect.ValueOf(&in).Elem())
		f.fill(reflect.ValueOf(&r).Elem())
		if seed%2 == 0 { // link the resident and give consent half the time
			in.ResidentID, in.Consent.Given = r.ID, true
		}
		s := cat.Anonymise(in, r, testNow)
		b, err := s.MarshalBinary() // what the vault stores
		if err != nil {
			t.Fatalf("seed %d: encode: %v (%+v)", seed, err, s)
		}
		j, err := json.Marshal(s) // what an access export shows
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range f.markers {
			// Neither the marker nor its tail (in case a length prefix
			// took the place of its first byte) is in either encoding.
			for _, enc := range [][]byte{b, j} {
				if bytes.Contains(enc, []byte(m)) || bytes.Contains(enc, []byte(m[1:])) {
					t.Fatalf("seed %d: marker %s reached the record: %q", seed, m, enc)
				}
			}
		}
		if err := s.Validate(cat); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		back, err := DecodeStatRecord(b)
		if err != nil {
			t.Fatalf("seed %d: decode own record: %v", seed, err)
		}
		if !reflect.DeepEqual(back, normalised(s)) {
			t.Fatalf("seed %d: round trip\n got  %+v\n want %+v", seed, back, s)
		}
	}
}

// TestStatRecordHasCodesOnly walks StatRecord's type: it may hold numbers,
// booleans and slices or structs of those, and strings only of code types
// whose values are checked (against the catalogue or a fixed set). No
// time.Time, no plain string, no map.
func TestStatRecordHasCodesOnly(t *testing.T) {
	allowed := map[reflect.Type]bool{
		reflect.TypeFor[Month]():            true, // checked by Month.Valid
		reflect.TypeFor[LocationCode]():     true,
		reflect.TypeFor[RouteCode]():        true,
		reflect.TypeFor[TargetGroupCode]():  true,
		reflect.TypeFor[DomainCode]():       true,
		reflect.TypeFor[QuestionTypeCode](): true,
		reflect.TypeFor[AgeBand]():          true, // fixed set
		reflect.TypeFor[Answer]():           true, // fixed set
		reflect.TypeFor[ReferralTo]():       true, // checked against the agencies and organisations
		reflect.TypeFor[ReferralState]():    true, // fixed set
	}
	var walk func(path string, tp reflect.Type)
	walk = func(path string, tp reflect.Type) {
		switch tp.Kind() {
		case reflect.String:
			if !allowed[tp] {
				t.Errorf("%s: string type %s is not a checked code", path, tp)
			}
		case reflect.Bool, reflect.Int, reflect.Uint8, reflect.Uint32:
		case reflect.Slice:
			walk(path+"[]", tp.Elem())
		case reflect.Struct:
			if tp == timeType {
				t.Errorf("%s: exact time in a statistics record", path)
				return
			}
			for i := 0; i < tp.NumField(); i++ {
				walk(path+"."+tp.Field(i).Name, tp.Field(i).Type)
			}
		default:
			t.Errorf("%s: kind %s not allowed", path, tp.Kind())
		}
	}
	walk("StatRecord", reflect.TypeFor[StatRecord]())

	// And each code field is really checked: an unknown but well-formed
	// code is refused by Validate or by decoding.
	cat := DefaultCatalogue()
	in, r := sampleIntake()
	if err := in.SetStatus(StatusClosed, in.Created.Add(9*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	base := Anonymise(in, r, testNow)
	tests := []struct {
		name   string
		change func(*StatRecord)
	}{
		{"month", func(s *StatRecord) { s.Month = "zqzq-01" }},
		{"location", func(s *StatRecord) { s.Location = "zqmarker" }},
		{"route", func(s *StatRecord) { s.Route = "zqmarker" }},
		{"target group", func(s *StatRecord) { s.TargetGroups = []TargetGroupCode{"zqmarker"} }},
		{"domain", func(s *StatRecord) { s.Domains = []DomainStep{{"zqmarker", Worries}} }},
		{"clarified", func(s *StatRecord) { s.Clarified = []DomainCode{"zqmarker"} }},
		{"question type", func(s *StatRecord) { s.QuestionType = "zqmarker" }},
		{"age band", func(s *StatRecord) { s.AgeBand = "zqmarker" }},
		{"contacts band", func(s *StatRecord) { s.Contacts = 9 }},
		{"closure while open", func(s *StatRecord) { s.Closed = false }},
		{"closed before first contact", func(s *StatRecord) { s.ClosedMonth = "2024-02" }},
		{"turnaround not rounded", func(s *StatRecord) { s.TurnaroundDays = 12 }},
		{"turnaround over a year", func(s *StatRecord) { s.TurnaroundDays = 370 }},
		{"first in year, not in month", func(s *StatRecord) { s.FirstInMonth = false }},
		{"answer", func(s *StatRecord) { s.StateBetter = "zqmarker" }},
		{"free text as code", func(s *StatRecord) { s.Location = "Jan Jansen" }},
	}
	for _, tt := range tests {
		s := base
		tt.change(&s)
		if err := s.Validate(cat); !errors.Is(err, ErrStatRecord) {
			t.Errorf("%s: unknown code accepted (err %v)", tt.name, err)
		}
	}
}

// normalised is s as DecodeStatRecord returns it: empty lists are nil.
func normalised(s StatRecord) StatRecord {
	if len(s.TargetGroups) == 0 {
		s.TargetGroups = nil
	}
	if len(s.Domains) == 0 {
		s.Domains = nil
	}
	if len(s.Clarified) == 0 {
		s.Clarified = nil
	}
	if len(s.Referrals) == 0 {
		s.Referrals = nil
	}
	return s
}

// randomCode returns a catalogue code half the time, else any string with
// the syntax of a code, 1 to MaxCodeLen bytes.
func randomCode(rng *rand.Rand, cat *Catalogue) string {
	if rng.IntN(2) == 0 {
		return string(cat.Domains[rng.IntN(len(cat.Domains))].Code)
	}
	const first, rest = "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz0123456789_"
	n := 1 + rng.IntN(MaxCodeLen)
	if rng.IntN(4) == 0 {
		n = MaxCodeLen
	}
	b := []byte{first[rng.IntN(len(first))]}
	for len(b) < n {
		b = append(b, rest[rng.IntN(len(rest))])
	}
	return string(b)
}

// pick returns one of the interesting values or, half the time, one in [lo, hi].
func pick(rng *rand.Rand, lo, hi int, edges ...int) int {
	if rng.IntN(2) == 0 {
		return edges[rng.IntN(len(edges))]
	}
	return lo + rng.IntN(hi-lo+1)
}

// randomStatRecord returns a record check accepts, reaching the ends of
// every range (longest codes, full lists, varint boundaries).
func randomStatRecord(rng *rand.Rand, cat *Catalogue) StatRecord {
	s := StatRecord{
		V:       StatVersion,
		Key:     uint32(pick(rng, 0, 1<<31, 0, 1<<31-1)) * uint32(1+rng.IntN(2)),
		Month:   Month(fmt.Sprintf("%04d-%02d", pick(rng, 2015, 2199, 2015, 2199, 2025), 1+rng.IntN(12))),
		Kompaan: rng.IntN(2) == 0,
		AgeBand: statAgeBands[rng.IntN(len(statAgeBands))],
	}
	switch rng.IntN(4) { // the first-in flags come nested
	case 3:
		s.FirstInYear = true
		fallthrough
	case 2:
		s.FirstInQuarter = true
		fallthrough
	case 1:
		s.FirstInMonth = true
	}
	if rng.IntN(2) == 0 {
		s.Closed = true
		last := s.Month.MonthsUntil("2199-12")
		s.ClosedMonth = s.Month.AddMonths(pick(rng, 0, last, 0, min(127, last), min(128, last), last))
		s.TurnaroundDays = TurnaroundStep * pick(rng, 0, MaxTurnaround/TurnaroundStep, 0, MaxTurnaround/TurnaroundStep)
		s.Appreciation = rng.IntN(6)
		s.StateBetter = statAnswers[rng.IntN(len(statAnswers))]
		s.MoreControl = statAnswers[rng.IntN(len(statAnswers))]
		s.Contacts = ContactsBands()[rng.IntN(4)]
	}
	opt := func() string {
		if rng.IntN(3) == 0 {
			return ""
		}
		return randomCode(rng, cat)
	}
	s.Location, s.Route, s.QuestionType = LocationCode(opt()), RouteCode(opt()), QuestionTypeCode(opt())
	n := func() int { return pick(rng, 0, 5, 0, 0, 1, MaxItems) }
	if k := n(); k > 0 || rng.IntN(2) == 0 {
		s.TargetGroups = make([]TargetGroupCode, k)
		for i := range s.TargetGroups {
			s.TargetGroups[i] = TargetGroupCode(randomCode(rng, cat))
		}
	}
	if k := n(); k > 0 || rng.IntN(2) == 0 {
		s.Domains = make([]DomainStep, k)
		for i := range s.Domains {
			s.Domains[i] = DomainStep{DomainCode(randomCode(rng, cat)), Scale(1 + rng.IntN(5))}
		}
	}
	if k := n(); k > 0 || rng.IntN(2) == 0 {
		s.Clarified = make([]DomainCode, k)
		for i := range s.Clarified {
			s.Clarified[i] = DomainCode(randomCode(rng, cat))
		}
	}
	if rng.IntN(5) == 0 {
		s.V = statVersionNoReferrals // a record from before referrals were counted
		return s
	}
	for range n() { // distinct pairs, sorted: a record's one order
		r := ReferralStat{To: ReferralTo(randomCode(rng, cat)), Outcome: ReferralStates()[rng.IntN(len(ReferralStates()))]}
		if !slices.Contains(s.Referrals, r) {
			s.Referrals = append(s.Referrals, r)
		}
	}
	slices.SortFunc(s.Referrals, compareReferralStat)
	return s
}

// TestStatRecordBinaryRoundTrip: every record check accepts encodes, and
// decodes to itself; the encoding is canonical (decode, encode gives the
// same bytes); the decoded record still round-trips through JSON, which is
// how an access export shows it.
func TestStatRecordBinaryRoundTrip(t *testing.T) {
	cat := DefaultCatalogue()
	rng := rand.New(rand.NewPCG(7, 8))
	longest := 0
	for i := range 20000 {
		s := randomStatRecord(rng, cat)
		if err := s.check(); err != nil {
			t.Fatalf("%d: generator made an invalid record: %v", i, err)
		}
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		longest = max(longest, len(b))
		back, err := DecodeStatRecord(b)
		if err != nil {
			t.Fatalf("%d: decode: %v\n%+v\n% x", i, err, s, b)
		}
		if !reflect.DeepEqual(back, normalised(s)) {
			t.Fatalf("%d: round trip\n got  %+v\n want %+v", i, back, s)
		}
		if again, err := back.MarshalBinary(); err != nil || !bytes.Equal(again, b) {
			t.Fatalf("%d: not canonical: % x then % x (%v)", i, b, again, err)
		}
		var u StatRecord
		if err := u.UnmarshalBinary(b); err != nil || !reflect.DeepEqual(u, back) {
			t.Fatalf("%d: UnmarshalBinary: %v %+v", i, err, u)
		}
		j, err := json.Marshal(back)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON StatRecord
		noKey := back
		noKey.Key = 0 // the record key is never in JSON
		if err := json.Unmarshal(j, &fromJSON); err != nil || !reflect.DeepEqual(fromJSON, noKey) {
			t.Fatalf("%d: JSON round trip: %v %s", i, err, j)
		}
	}
	if longest > MaxStatRecord {
		t.Errorf("a valid record takes %d bytes, more than MaxStatRecord %d", longest, MaxStatRecord)
	}
	// A record MarshalBinary refuses is one check refuses.
	bad := StatRecord{V: StatVersion, Month: "2024-03", Location: "Jan Jansen"}
	if _, err := bad.MarshalBinary(); !errors.Is(err, ErrStatRecord) {
		t.Errorf("MarshalBinary of a bad record: %v", err)
	}
	// UnmarshalBinary leaves the record alone on an error.
	keep := StatRecord{V: StatVersion, Month: "2024-03"}
	if err := keep.UnmarshalBinary([]byte{1}); !errors.Is(err, ErrStatRecord) || keep.Month != "2024-03" {
		t.Errorf("UnmarshalBinary of a truncated record: %v, %+v", err, keep)
	}
}

// minimalStat is {v 3, key 0x01020304, 2024-03, first in its month,
// quarter and year, not closed} in the binary encoding, byte by byte as
// docs/FORMAT.md lays it out.
var minimalStat = []byte{
	3,                      // 0 version
	0x01, 0x02, 0x03, 0x04, // 1 record key
	0x07, 0xe8, // 5 year 2024
	3,       // 7 month
	0x1c,    // 8 flags: first in month, quarter, year
	0,       // 9 age band unknown
	0, 0, 0, // 10 location, 11 route, 12 question type
	0, 0, 0, // 13 target groups, 14 domains, 15 clarified
	0, // 16 referrals
}

// minimalStatV2 is the same record as version 2 wrote it: no referrals.
var minimalStatV2 = slices.Concat([]byte{2}, minimalStat[1:16])

func TestDecodeStatRecordRejects(t *testing.T) {
	good, err := DecodeStatRecord(minimalStat)
	if err != nil {
		t.Fatalf("good record refused: %v", err)
	}
	want := StatRecord{V: StatVersion, Key: 0x01020304, Month: "2024-03", FirstInMonth: true, FirstInQuarter: true, FirstInYear: true}
	if !reflect.DeepEqual(good, want) {
		t.Fatalf("minimal record = %+v", good)
	}
	// splice returns minimalStat with del bytes at i replaced by ins.
	splice := func(i, del int, ins ...byte) []byte {
		return slices.Concat(minimalStat[:i], ins, minimalStat[i+del:])
	}
	set := func(i int, v ...byte) []byte { return splice(i, len(v), v...) }
	code := func(s string) []byte { return append([]byte{byte(len(s))}, s...) }
	v2, err := DecodeStatRecord(minimalStatV2)
	want2 := want
	want2.V = statVersionNoReferrals
	if err != nil || !reflect.DeepEqual(v2, want2) {
		t.Fatalf("version 2 record = %+v, %v", v2, err)
	}
	if again, err := v2.MarshalBinary(); err != nil || !bytes.Equal(again, minimalStatV2) {
		t.Fatalf("version 2 record written as % x (%v)", again, err)
	}
	refs := slices.Concat(code("ggz"), []byte{5}, code("uwv"), []byte{1}, code("uwv"), []byte{3})
	if got, err := DecodeStatRecord(splice(16, 1, slices.Concat([]byte{3}, refs)...)); err != nil ||
		!reflect.DeepEqual(got.Referrals, []ReferralStat{{"ggz", ReferralRefused}, {"uwv", ReferralSent}, {"uwv", ReferralDone}}) {
		t.Fatalf("referrals: %+v %v", got.Referrals, err)
	}
	// closed returns minimalStat, closed, with rest as its closure part.
	closed := func(rest ...byte) []byte {
		return slices.Concat(minimalStat[:8], []byte{0x1c | 0x02}, minimalStat[9:], rest)
	}
	okClosure := []byte{2, 73, 5, 3, 3, 4} // 2 months later, 365 days, 5, no, no, 6+ contacts
	if got, err := DecodeStatRecord(closed(okClosure...)); err != nil || got.ClosedMonth != "2024-05" || got.TurnaroundDays != 365 ||
		got.Appreciation != 5 || got.StateBetter != AnswerNo || got.Contacts != ContactsSix {
		t.Fatalf("closed record: %+v %v", got, err)
	}
	lastMonth := binary.AppendUvarint(nil, uint64(Month("2024-03").MonthsUntil("2199-12")))
	if got, err := DecodeStatRecord(closed(slices.Concat(lastMonth, okClosure[1:])...)); err != nil || got.ClosedMonth != "2199-12" {
		t.Fatalf("closed in December 2199: %+v %v", got, err)
	}
	withClosure := func(i int, v byte) []byte { c := slices.Clone(okClosure); c[i] = v; return closed(c...) }
	goodJSON, _ := json.Marshal(want)
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"JSON", goodJSON},
		{"version 0", set(0, 0)},
		{"version 1", set(0, 1)},
		{"version 4", set(0, 4)},
		{"version 2 with a referral list", slices.Concat(minimalStatV2, []byte{1}, code("ggz"), []byte{1})},
		{"referral outcome 0", splice(16, 1, slices.Concat([]byte{1}, code("ggz"), []byte{0})...)},
		{"referral outcome 6", splice(16, 1, slices.Concat([]byte{1}, code("ggz"), []byte{6})...)},
		{"referral without outcome", splice(16, 1, slices.Concat([]byte{1}, code("ggz"))...)},
		{"empty referral code", splice(16, 1, 1, 0, 1)},
		{"referrals out of order", splice(16, 1, slices.Concat([]byte{2}, code("uwv"), []byte{1}, code("ggz"), []byte{1})...)},
		{"referral twice", splice(16, 1, slices.Concat([]byte{2}, code("ggz"), []byte{1}, code("ggz"), []byte{1})...)},
		{"outcomes out of order", splice(16, 1, slices.Concat([]byte{2}, code("ggz"), []byte{3}, code("ggz"), []byte{1})...)},
		{"101 referrals", splice(16, 1, 101)},
		{"version '{'", set(0, '{')},
		{"key cut off", minimalStat[:3:3]},
		{"year 2014", set(5, 0x07, 0xde)},
		{"year 2200", set(5, 0x08, 0x98)},
		{"month 0", set(7, 0)},
		{"month 13", set(7, 13)},
		{"unknown flag", set(8, 1<<5)},
		{"top flag", set(8, 0x80)},
		{"first in year, not in quarter", set(8, 0x14)},
		{"first in quarter, not in month", set(8, 0x08)},
		{"age band 6", set(9, 6)},
		{"code too long", splice(10, 1, code(strings.Repeat("a", MaxCodeLen+1))...)},
		{"code with space", splice(10, 1, code("Jan Jansen")...)},
		{"code upper case", splice(11, 1, code("Money")...)},
		{"code starts with digit", splice(12, 1, code("1money")...)},
		{"code starts with _", splice(12, 1, code("_money")...)},
		{"code with NUL", splice(10, 1, code("mo\x00ney")...)},
		{"code with UTF-8", splice(10, 1, code("café")...)},
		{"code runs past the end", set(10, 5)},
		{"empty target group", splice(13, 1, 1, 0)},
		{"101 target groups", splice(13, 1, slices.Concat([]byte{101}, bytes.Repeat(code("a"), 101))...)},
		{"scale 0", splice(14, 1, slices.Concat([]byte{1}, code("money"), []byte{0})...)},
		{"scale 6", splice(14, 1, slices.Concat([]byte{1}, code("money"), []byte{6})...)},
		{"domain without scale", splice(14, 2, slices.Concat([]byte{1}, code("money"))...)},
		{"empty clarified domain", splice(15, 1, 1, 0)},
		{"list count cut off", minimalStat[:15:15]},
		{"closed without closure", closed()},
		{"closure cut off", closed(okClosure[:5]...)},
		{"closed after 2199", closed(slices.Concat(binary.AppendUvarint(nil, uint64(Month("2024-03").MonthsUntil("2199-12")+1)), okClosure[1:])...)},
		{"months varint not minimal", closed(slices.Concat([]byte{0x82, 0x00}, okClosure[1:])...)},
		{"months varint overflow", closed(slices.Concat(bytes.Repeat([]byte{0xff}, 10), []byte{0x01}, okClosure[1:])...)},
		{"turnaround 370 days", withClosure(1, 74)},
		{"appreciation 6", withClosure(2, 6)},
		{"state better 4", withClosure(3, 4)},
		{"more control 4", withClosure(4, 4)},
		{"contacts band 0", withClosure(5, 0)},
		{"contacts band 5", withClosure(5, 5)},
		{"closure while open", slices.Concat(minimalStat, okClosure)},
		{"trailing byte", append(slices.Clip(minimalStat), 0)},
		{"trailing byte after closure", closed(append(slices.Clone(okClosure), 0)...)},
		{"two records", slices.Concat(minimalStat, minimalStat)},
		{"too big", make([]byte, MaxStatRecord+1)},
	}
	for _, tt := range tests {
		if _, err := DecodeStatRecord(tt.in); !errors.Is(err, ErrStatRecord) {
			t.Errorf("%s: err = %v, want ErrStatRecord (% x)", tt.name, err, tt.in)
		}
		var s StatRecord
		if err := s.UnmarshalBinary(tt.in); !errors.Is(err, ErrStatRecord) {
			t.Errorf("%s: UnmarshalBinary err = %v", tt.name, err)
		}
	}

	// Cut off anywhere, a full record is refused.
	in, r := sampleIntake()
	if err := in.SetStatus(StatusClosed, in.Created.Add(400*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	full, err := Anonymise(in, r, testNow).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(full) {
		if _, err := DecodeStatRecord(full[:n]); !errors.Is(err, ErrStatRecord) {
			t.Errorf("cut off after %d of %d bytes: err = %v", n, len(full), err)
		}
	}
}

// TestDecodeStatRecordAcceptsOnlyCheckedRecords changes every byte of a
// full record to many values: whatever still decodes passes check and
// encodes to exactly the bytes it came from.
func TestDecodeStatRecordAcceptsOnlyCheckedRecords(t *testing.T) {
	in, r := sampleIntake()
	if err := in.SetStatus(StatusClosed, in.Created.Add(400*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	full, err := Anonymise(in, r, testNow).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for i := range full {
		for v := range 256 {
			b := slices.Clone(full)
			b[i] = byte(v)
			s, err := DecodeStatRecord(b)
			if err != nil {
				if !errors.Is(err, ErrStatRecord) {
					t.Fatalf("byte %d = %#x: error %v does not wrap ErrStatRecord", i, v, err)
				}
				continue
			}
			accepted++
			if err := s.check(); err != nil {
				t.Fatalf("byte %d = %#x: decoded a record check refuses: %v", i, v, err)
			}
			if again, err := s.MarshalBinary(); err != nil || !bytes.Equal(again, b) {
				t.Fatalf("byte %d = %#x: not canonical: % x then % x", i, v, b, again)
			}
		}
	}
	if accepted < len(full) {
		t.Fatalf("only %d variants decoded", accepted)
	}
}

func FuzzDecodeStatRecord(f *testing.F) {
	in, r := sampleIntake()
	b, _ := Anonymise(in, r, testNow).MarshalBinary()
	f.Add(b)
	f.Add(slices.Clone(minimalStat))
	rng := rand.New(rand.NewPCG(9, 10))
	for range 20 {
		b, err := randomStatRecord(rng, DefaultCatalogue()).MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"v":2,"month":"2024-03"}`))
	if v1, err := (StatRecordV1{Month: "2024-03", Status: StatusOpen, Contacts: 1}).MarshalBinary(); err == nil {
		f.Add(v1)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeStatRecord(data)
		if err != nil {
			if !errors.Is(err, ErrStatRecord) {
				t.Fatalf("error %v does not wrap ErrStatRecord", err)
			}
			return
		}
		// Whatever decodes is a record check accepts, and its encoding
		// is exactly the input: one encoding per record.
		if err := s.check(); err != nil {
			t.Fatalf("decoded a record check refuses: %v", err)
		}
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("decoded record does not encode: %v", err)
		}
		if !bytes.Equal(b, data) {
			t.Fatalf("not canonical: % x decodes, encodes as % x", data, b)
		}
	})
}

// BenchmarkDecodeStatRecord decodes a typical record (the sample intake,
// closed) as the statistics export does for each one.
func BenchmarkDecodeStatRecord(b *testing.B) {
	in, r := sampleIntake()
	if err := in.SetStatus(StatusClosed, in.Created.Add(9*24*time.Hour)); err != nil {
		b.Fatal(err)
	}
	enc, err := Anonymise(in, r, testNow).MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeStatRecord(enc); err != nil {
			b.Fatal(err)
		}
	}
}
