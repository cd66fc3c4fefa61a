package intake

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"reflect"
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
		V: 1, Month: "2024-03", Location: "shelter", Route: "shelter_staff",
		TargetGroups: []TargetGroupCode{"homeless", "low_literacy"}, AgeBand: Age45to66,
		Domains:      []DomainStep{{"money", Serious}, {"housing", Worries}, {"network", GoesWell}, {"papers", Urgent}},
		Clarified:    []DomainCode{"money", "papers"},
		QuestionType: QuestionAccess, Kompaan: true, Network: true, Consent: true,
		Status: StatusClosed, Closed: true, TurnaroundDays: 9, Appreciation: 4,
		StateBetter: AnswerYes, MoreControl: AnswerPartly, Contacts: 2, Referrals: 1,
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got  %+v\nwant %+v", s, want)
	}
	b, err := s.Encode()
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
	if s.TargetGroups != nil || s.AgeBand != AgeUnknown || s.Consent {
		t.Fatalf("resident data without consent: %+v", s)
	}
	if s.Location != "shelter" || len(s.Domains) != 4 || s.Contacts != 2 {
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
		b, err := s.Encode()
		if err != nil {
			t.Fatalf("seed %d: encode: %v (%+v)", seed, err, s)
		}
		for _, m := range f.markers {
			if bytes.Contains(b, []byte(m)) {
				t.Fatalf("seed %d: marker %s reached the record: %s", seed, m, b)
			}
		}
		if err := s.Validate(cat); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if _, err := DecodeStatRecord(b); err != nil {
			t.Fatalf("seed %d: decode own record: %v", seed, err)
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
		reflect.TypeFor[Status]():           true, // fixed set
		reflect.TypeFor[Answer]():           true, // fixed set
	}
	var walk func(path string, tp reflect.Type)
	walk = func(path string, tp reflect.Type) {
		switch tp.Kind() {
		case reflect.String:
			if !allowed[tp] {
				t.Errorf("%s: string type %s is not a checked code", path, tp)
			}
		case reflect.Bool, reflect.Int:
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
		{"status", func(s *StatRecord) { s.Status = "zqmarker" }},
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

func TestDecodeStatRecordRejects(t *testing.T) {
	good := `{"v":1,"month":"2024-03","status":"open","contacts":1}`
	if _, err := DecodeStatRecord([]byte(good)); err != nil {
		t.Fatalf("good record refused: %v", err)
	}
	tests := []struct{ name, in string }{
		{"empty", ``},
		{"not json", `hello`},
		{"version 2", strings.Replace(good, `"v":1`, `"v":2`, 1)},
		{"unknown field", strings.Replace(good, `{`, `{"name":"Jan",`, 1)},
		{"trailing data", good + `{}`},
		{"bad month", strings.Replace(good, `2024-03`, `2024-13`, 1)},
		{"month too early", strings.Replace(good, `2024-03`, `2014-12`, 1)},
		{"closed flag without status", strings.Replace(good, `"contacts":1`, `"contacts":1,"closed":true`, 1)},
		{"days while open", strings.Replace(good, `"contacts":1`, `"contacts":1,"days":3`, 1)},
		{"zero contacts", strings.Replace(good, `"contacts":1`, `"contacts":0`, 1)},
		{"appreciation 7", strings.Replace(good, `"contacts":1`, `"contacts":1,"appr":7`, 1)},
		{"scale 0 listed", strings.Replace(good, `"contacts":1`, `"contacts":1,"dom":[{"d":"money","s":0}]`, 1)},
		{"code with space", strings.Replace(good, `"contacts":1`, `"contacts":1,"loc":"Jan Jansen"`, 1)},
		{"too big", `{"v":1,"month":"2024-03","status":"open","contacts":1,"tg":[` + strings.Repeat(`"a",`, MaxStatRecord/4) + `"a"]}`},
	}
	for _, tt := range tests {
		if _, err := DecodeStatRecord([]byte(tt.in)); !errors.Is(err, ErrStatRecord) {
			t.Errorf("%s: err = %v, want ErrStatRecord", tt.name, err)
		}
	}
}

func FuzzDecodeStatRecord(f *testing.F) {
	in, r := sampleIntake()
	b, _ := Anonymise(in, r, testNow).Encode()
	f.Add(b)
	f.Add([]byte(`{"v":1,"month":"2024-03","status":"open","contacts":1}`))
	f.Add([]byte(`{"v":1,"dom":[{"d":"x","s":99}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeStatRecord(data)
		if err != nil {
			return
		}
		// Whatever decodes must encode and decode to the same record.
		b, err := s.Encode()
		if err != nil {
			t.Fatalf("decoded record does not encode: %v", err)
		}
		back, err := DecodeStatRecord(b)
		if err != nil || !reflect.DeepEqual(back, s) {
			t.Fatalf("round trip: %v %+v %+v", err, back, s)
		}
	})
}
