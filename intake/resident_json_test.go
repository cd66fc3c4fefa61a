package intake

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// residentSamples are residents as the app writes them, and some it
// would not, each marshalled.
func residentSamples() [][]byte {
	amsterdam, _ := time.LoadLocation("Europe/Amsterdam")
	rs := []Resident{
		{ID: "r1", Pseudonym: "Ingrid G.", Created: time.Date(2026, 3, 4, 12, 30, 0, 0, time.UTC)},
		{ID: "r2", Pseudonym: "Émile \"de\" <Bakker> & zn", Contact: "06-1234 5678", BirthYear: 1961,
			TargetGroups: []TargetGroupCode{"dakloos", "jongeren"}, Created: time.Date(2025, 12, 31, 23, 59, 59, 123456789, amsterdam)},
		{ID: "r3", Pseudonym: "ĳs 🍀", BirthYear: -5, TargetGroups: []TargetGroupCode{"x"}, Created: time.Date(2024, 7, 1, 9, 0, 0, 1, time.FixedZone("", -3*3600))},
		{ID: "", Pseudonym: ""},
		{ID: "r5", Pseudonym: "line\nbreak\ttab", BirthYear: 2000},
	}
	var out [][]byte
	for _, r := range rs {
		b, _ := json.Marshal(r)
		out = append(out, b)
	}
	return append(out,
		[]byte(`{"id":"r6","pseudonym":"P","target_groups":[],"created":"2026-01-01T00:00:00Z"}`),
		[]byte(`{"id":"r7","pseudonym":"P","birth_year":012,"created":"2026-01-01T00:00:00Z"}`),
		[]byte(`{"id":"r8","pseudonym":"P","birth_year":1e3,"created":"2026-01-01T00:00:00Z"}`),
		[]byte(`{"pseudonym":"P","id":"r9","created":"2026-01-01T00:00:00Z"}`),
		[]byte(`{"id":"r10","pseudonym":"\u00e9","created":"2026-01-01T00:00:00Z"}`),
		[]byte(`{"id":"r11","pseudonym":"P","created":"2026-01-01T00:00:00Z"} `),
		[]byte(`{"id":"r12","pseudonym":"P","created":"not a time"}`),
		[]byte(`{"id":"r13","pseudonym":"`+"\xff"+`","created":"2026-01-01T00:00:00Z"}`),
		[]byte(`{"id":"r14","pseudonym":"P","birth_year":99999999999,"created":"2026-01-01T00:00:00Z"}`),
		[]byte(`null`),
	)
}

// TestResidentDecodeJSONIsUnmarshal: for residents as the app writes them
// and for JSON it does not write, DecodeJSON gives what json.Unmarshal
// gives, error or value; what the app writes takes the quick way.
func TestResidentDecodeJSONIsUnmarshal(t *testing.T) {
	for i, b := range residentSamples() {
		checkResidentDecode(t, b)
		var r Resident
		if i < 5 && !bytes.Contains(b, []byte(`\`)) && !decodeResidentAsMarshalled(b, &r) {
			t.Errorf("sample %d, as Marshal writes it without escapes, did not take the quick way: %s", i, b)
		}
	}
}

func checkResidentDecode(t *testing.T, b []byte) {
	t.Helper()
	var got, want Resident
	err := got.DecodeJSON(b)
	werr := json.Unmarshal(b, &want)
	if (err == nil) != (werr == nil) {
		t.Fatalf("%q: DecodeJSON error %v, Unmarshal %v", b, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n DecodeJSON %#v\n Unmarshal  %#v", b, got, want)
	}
}

func FuzzResidentDecodeJSON(f *testing.F) {
	for _, b := range residentSamples() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkResidentDecode(t, b) })
}

// TestResidentCreatedIsUnmarshal: for residents as the app writes them
// and for JSON it does not write, ResidentCreated gives what json.Unmarshal
// gives into a struct of the created time alone, error or value; what the
// app writes takes the quick way.
func TestResidentCreatedIsUnmarshal(t *testing.T) {
	for i, b := range residentSamples() {
		checkResidentCreated(t, b)
		if _, ok := createdAsMarshalled(b); i < 5 && !bytes.Contains(b, []byte(`\`)) && !ok {
			t.Errorf("sample %d, as Marshal writes it without escapes, did not take the quick way: %s", i, b)
		}
	}
}

func checkResidentCreated(t *testing.T, b []byte) {
	t.Helper()
	got, err := ResidentCreated(b)
	var want struct {
		Created time.Time `json:"created"`
	}
	werr := json.Unmarshal(b, &want)
	if (err == nil) != (werr == nil) {
		t.Fatalf("%q: ResidentCreated error %v, Unmarshal %v", b, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want.Created) {
		t.Fatalf("%q:\n ResidentCreated %#v\n Unmarshal       %#v", b, got, want.Created)
	}
	if r, ok := createdAsMarshalled(b); ok {
		var whole Resident
		if !decodeResidentAsMarshalled(b, &whole) || !reflect.DeepEqual(r, whole.Created) {
			t.Fatalf("%q: the quick way took what the whole resident's quick way does not", b)
		}
	}
}

func FuzzResidentCreated(f *testing.F) {
	for _, b := range residentSamples() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkResidentCreated(t, b) })
}

func BenchmarkResidentDecode(b *testing.B) {
	raw := residentSamples()[2]
	b.Run("DecodeJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r Resident
			if err := r.DecodeJSON(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ResidentCreated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ResidentCreated(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r Resident
			if err := json.Unmarshal(raw, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
