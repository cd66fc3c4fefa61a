package intake

import (
	"encoding/json"
	"testing"
)

// FuzzParseDate: ParseDate never panics, and every date it accepts is
// written back exactly as it was given ("YYYY-MM-DD"), so what was typed
// is what is kept — no date silently becomes "not known".
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "2024-01-18", "2024-02-29", "2023-02-29", "0001-01-01", "0000-01-01",
		"9999-12-31", "2024-1-18", "2024-01-18T00:00:00Z", " 2024-01-18", "2024-13-01", "2024-00-10", "-001-01-01", "２０２４-01-18"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v with error %v", s, d, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %+v, written back as %q", s, d, d.String())
		}
		if s != "" {
			_ = d.Format("nl") + d.Format("en") // no panic on any accepted date
		}
	})
}

// FuzzDateUnmarshalJSON: UnmarshalJSON never panics; a date it accepts is
// marshalled and read back to the same Date, and on error it leaves the
// Date as it was.
func FuzzDateUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`""`, `"2024-01-18"`, `"0001-01-01"`, `null`, `18`, `"2024-02-30"`, `{"year":2024}`,
		`"2024-01-18\u0000"`, `"\ud800"`, `["2024-01-18"]`, `"2024-01-18" "x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := D(2020, 5, 6)
		d := before
		if err := d.UnmarshalJSON(data); err != nil {
			if d != before {
				t.Fatalf("UnmarshalJSON(%q) failed (%v) but changed the date to %+v", data, err, d)
			}
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", d, err)
		}
		var back Date
		if err := json.Unmarshal(out, &back); err != nil || back != d {
			t.Fatalf("UnmarshalJSON(%q) = %+v; marshalled %s; read back %+v, %v", data, d, out, back, err)
		}
	})
}
