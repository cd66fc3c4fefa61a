package intake

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day without a time or time zone ("2024-01-18"). Legal
// periods count days, not hours, so letters and deadlines use Date.
// The zero Date means "not known"; in JSON it is "" (use omitzero).
type Date struct {
	Year  int        `json:"-"`
	Month time.Month `json:"-"`
	Day   int        `json:"-"`
}

// D builds a Date; it normalises like time.Date (Feb 30 → Mar 1 or 2).
func D(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 12, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses "YYYY-MM-DD". The empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	// Not DateOf: "0001-01-01" parses to the zero time.Time, which DateOf
	// would turn into the zero Date ("not known"). Validate refuses the
	// date as too old instead.
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}, nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns noon UTC on d (noon keeps day arithmetic away from edges).
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

// AddDays returns d plus n calendar days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Time().After(e.Time()) }

// DaysUntil returns the number of calendar days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Format writes d in plain words in lang: "donderdag 29 februari 2024" /
// "Thursday 29 February 2024".
func (d Date) Format(lang string) string {
	if d.IsZero() {
		return ""
	}
	if NormLang(lang) == LangEN {
		return fmt.Sprintf("%s %d %s %d", d.Weekday(), d.Day, d.Month, d.Year)
	}
	return fmt.Sprintf("%s %d %s %d", dutchWeekdays[d.Weekday()], d.Day, dutchMonths[d.Month-1], d.Year)
}

var dutchWeekdays = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
var dutchMonths = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// MarshalJSON writes "YYYY-MM-DD" or "". String gives digits and '-'
// only, which JSON needs no escapes for: quoted as they are, the same
// bytes json.Marshal(d.String()) gives (an import encodes 10^5 intakes
// with several dates each; issue 13).
func (d Date) MarshalJSON() ([]byte, error) {
	s := d.String()
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or "".
func (d *Date) UnmarshalJSON(b []byte) error {
	s, plain := plainJSONString(b)
	if !plain {
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("date: want a string \"YYYY-MM-DD\"")
		}
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// plainJSONString returns what is between the quotes of b, when b is a
// JSON string that json.Unmarshal decodes to exactly those bytes:
// printable ASCII without escapes. Anything else (an escape, a control
// character, a byte above ASCII, not a string at all) is not plain, and
// is left to json.Unmarshal (the rules for those are its own).
func plainJSONString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	in := b[1 : len(b)-1]
	for _, c := range in {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return "", false
		}
	}
	return string(in), true
}
