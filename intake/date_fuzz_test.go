package intake

import (
	"encoding/json"
	"testing"
	"time"
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

// FuzzDateJSONAsBefore: Date's JSON methods, which skip json.Marshal and
// json.Unmarshal for a plain string, give what those give: the same bytes
// written, and for any input the same date read (or an error both ways).
func FuzzDateJSONAsBefore(f *testing.F) {
	for _, s := range []string{`"2024-01-18"`, `""`, `null`, `"2024-1-18"`, `"2024\u002d01-18"`, `"\u0032024-01-18"`,
		`"2024-01-18\n"`, "\"2024-01-18\x7f\"", `"２０２４-01-18"`, "\"\xff\"", `"`, `"a"b"`, `12`, `"2024-01-18" `, ` "2024-01-18"`,
		`{"x":1}`, `"\"2024-01-18\""`, `"0000-01-01"`, `"-001-01-01"`} {
		f.Add([]byte(s), 2024, 1, 18)
	}
	f.Add([]byte(`"x"`), -1, 0, 0)
	f.Add([]byte(`"x"`), 10000, 13, 40)
	f.Fuzz(func(t *testing.T, b []byte, y, m, day int) {
		var got Date
		gotErr := got.UnmarshalJSON(b)
		var s string
		jsonErr := json.Unmarshal(b, &s)
		want, wantErr := Date{}, jsonErr
		if jsonErr == nil {
			want, wantErr = ParseDate(s)
		}
		if (gotErr == nil) != (wantErr == nil) || got != want {
			t.Fatalf("%q: read %+v, %v; json.Unmarshal and ParseDate: %+v, %v", b, got, gotErr, want, wantErr)
		}
		if p, ok := plainJSONString(b); ok && (jsonErr != nil || p != s) {
			t.Fatalf("%q: plain %q; json.Unmarshal %q, %v", b, p, s, jsonErr)
		}
		d := Date{Year: y, Month: time.Month(m), Day: day}
		out, err := d.MarshalJSON()
		before, err2 := json.Marshal(d.String())
		if err != nil || err2 != nil || string(out) != string(before) {
			t.Fatalf("%+v written as %s (%v), json.Marshal gives %s (%v)", d, out, err, before, err2)
		}
	})
}
