package bundle

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// TestResidentClock: a resident's clock is the later of its created time
// and its intakes' last change, read from the stored JSON however it is
// written (as this program writes it, or otherwise, with fields of other
// types), and stored bytes that are not JSON are an error.
func TestResidentClock(t *testing.T) {
	created := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	earlier, later := created.Add(-time.Hour), created.Add(time.Hour)
	stored, err := json.Marshal(intake.Resident{ID: "r1", Pseudonym: "Kees", Created: created, TargetGroups: []intake.TargetGroupCode{"dakloos"}})
	if err != nil {
		t.Fatal(err)
	}
	other := []byte(`{"created": "2026-03-02T09:30:00Z", "id": "r1", "extra": [1, 2]}`)
	for _, c := range []struct {
		name    string
		plain   []byte
		intakes time.Time
		want    time.Time
		err     bool
	}{
		{"as stored, intakes earlier", stored, earlier, created, false},
		{"as stored, intakes later", stored, later, later, false},
		{"written otherwise", other, earlier, created, false},
		{"written otherwise, intakes later", other, later, later, false},
		// Not a resident to intake's types: read for its created time alone.
		{"a field of another type", []byte(`{"created":"2026-03-02T09:30:00Z","birth_year":"1970"}`), earlier, created, false},
		{"no created time", []byte(`{"id":"r1"}`), earlier, earlier, false},
		{"not JSON", []byte(`{"created":`), earlier, time.Time{}, true},
	} {
		got, err := residentClock(c.plain, c.intakes)
		if (err != nil) != c.err || !got.Equal(c.want) {
			t.Errorf("%s: %v, %v; want %v (error %v)", c.name, got, err, c.want, c.err)
		}
	}
}
