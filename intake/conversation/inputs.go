package conversation

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spreekuur/spreekuur/intake"
)

// How typed values are read. Every refusal says in plain words what is
// wrong, so nothing typed is dropped without a message (issue 9).

// Earliest birth year the start step accepts.
const minBirthYear = 1900

// DateLayout is how a day is typed, in both languages.
const DateLayout = "02-01-2006"

// DateHint is the typed form of a date, as a hint.
var DateHint = intake.T("dd-mm-jjjj", "dd-mm-yyyy")

var (
	msgDateForm     = intake.T("Typ de datum zo: 27-11-2026.", "Type the date like this: 27-11-2026.")
	msgDateTimeForm = intake.T("Typ datum en tijd zo: 27-11-2026 14:30.", "Type date and time like this: 27-11-2026 14:30.")
	msgBadTime      = intake.T("Deze tijd bestaat niet. Typ uur en minuten, zo: 14:30.", "This time does not exist. Type hours and minutes, like this: 14:30.")
	msgDropped      = intake.T("Tekens die niet in een tekst kunnen, zijn weggelaten.", "Characters that cannot be in a text were left out.")
)

func inputErr(msg intake.Text) *InputError { return &InputError{Msg: msg} }

// formatCount writes n with the language's thousands separator: 2.000 / 2,000.
func formatCount(n int, lang string) string {
	s := strconv.Itoa(n)
	sep := "."
	if intake.NormLang(lang) == intake.LangEN {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TooLong is the message for text cut at its limit: how much is the most,
// and how much was not kept.
func TooLong(limit, dropped int) intake.Text {
	return intake.T(
		fmt.Sprintf("Te lang: %s tekens is het meest. %s %s niet bewaard.", formatCount(limit, "nl"), formatCount(dropped, "nl"), plural(dropped, "teken is", "tekens zijn")),
		fmt.Sprintf("Too long: %s characters is the most. %s %s not kept.", formatCount(limit, "en"), formatCount(dropped, "en"), plural(dropped, "character was", "characters were")))
}

func plural(n int, one, more string) string {
	if n == 1 {
		return one
	}
	return more
}

// ReadText makes typed text safe to keep: control characters out (a
// message says so) and at most limit runes (the rest is not kept, and the
// message says how much). multiline keeps newlines.
func ReadText(s string, limit int, multiline bool) (string, error) {
	clean := intake.Inert(s)
	var err error
	if clean != s {
		err = &InputError{Msg: msgDropped, Kept: true}
	}
	if !multiline {
		clean = strings.ReplaceAll(strings.ReplaceAll(clean, "\n", " "), "\t", " ")
	}
	if limit > 0 {
		if n := utf8.RuneCountInString(clean); n > limit {
			clean = string([]rune(clean)[:limit])
			err = &InputError{Msg: TooLong(limit, n-limit), Kept: true}
		}
	}
	return clean, err
}

// ReadYear reads a birth year: four digits from 1900 to this year. Fewer
// than four digits is incomplete (it may still be typed on).
func ReadYear(s string, today intake.Date) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	hi := today.Year
	bad := &InputError{Msg: intake.T(
		fmt.Sprintf("Dit jaar kan niet: kies een jaar tussen %d en %d.", minBirthYear, hi),
		fmt.Sprintf("This year is not possible: choose a year between %d and %d.", minBirthYear, hi))}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, bad
		}
	}
	if len(s) < 4 {
		return 0, &InputError{Msg: bad.Msg, Incomplete: true}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < minBirthYear || n > hi {
		return 0, bad
	}
	return n, nil
}

// FormatDate writes d as it is typed (dd-mm-jjjj), "" for no date.
func FormatDate(d intake.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(DateLayout)
}

// ReadDate reads a typed day: 27-11-2026, 27/11/2026, 27.11.2026, 3-4-2026
// or 2026-11-27. An impossible day says so ("31 februari bestaat niet").
func ReadDate(s string) (intake.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return intake.Date{}, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	for _, p := range parts {
		for _, r := range p {
			if !unicode.IsDigit(r) {
				return intake.Date{}, inputErr(msgDateForm)
			}
		}
	}
	trailingSep := strings.ContainsAny(s[len(s)-1:], "-/.")
	if len(parts) < 3 || trailingSep {
		return intake.Date{}, &InputError{Msg: msgDateForm, Incomplete: len(parts) <= 3}
	}
	if len(parts) > 3 {
		return intake.Date{}, inputErr(msgDateForm)
	}
	d, m, y := parts[0], parts[1], parts[2]
	if len(d) == 4 { // 2026-11-27
		d, y = y, d
	}
	if len(y) < 4 {
		return intake.Date{}, &InputError{Msg: msgDateForm, Incomplete: len(y) < 4}
	}
	day, err1 := strconv.Atoi(d)
	month, err2 := strconv.Atoi(m)
	year, err3 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || err3 != nil || len(y) > 4 || len(d) > 2 || len(m) > 2 {
		return intake.Date{}, inputErr(msgDateForm)
	}
	if month < 1 || month > 12 {
		return intake.Date{}, inputErr(intake.T(
			fmt.Sprintf("Maand %d bestaat niet. Een maand is 1 tot en met 12.", month),
			fmt.Sprintf("Month %d does not exist. A month is 1 to 12.", month)))
	}
	if day < 1 || day > daysIn(year, time.Month(month)) {
		return intake.Date{}, inputErr(intake.T(
			fmt.Sprintf("%d %s bestaat niet.", day, dutchMonths[month-1]),
			fmt.Sprintf("%d %s does not exist.", day, time.Month(month))))
	}
	return intake.D(year, time.Month(month), day), nil
}

var dutchMonths = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// FormatDateTime writes t as it is typed (dd-mm-jjjj uu:mm), "" for none.
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout + " 15:04")
}

// ReadDateTime reads "27-11-2026 14:30" in loc. A day without a time is
// incomplete.
func ReadDateTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	day, clock, found := strings.Cut(s, " ")
	d, err := ReadDate(day)
	if err != nil {
		if ie, ok := AsInputError(err); ok && ie.Incomplete {
			return time.Time{}, &InputError{Msg: msgDateTimeForm, Incomplete: true}
		}
		return time.Time{}, err
	}
	clock = strings.TrimSpace(clock)
	if !found || clock == "" {
		return time.Time{}, &InputError{Msg: msgDateTimeForm, Incomplete: true}
	}
	h, m, ok := strings.Cut(strings.ReplaceAll(clock, ".", ":"), ":")
	if !ok || m == "" {
		return time.Time{}, &InputError{Msg: msgDateTimeForm, Incomplete: true}
	}
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || len(m) != 2 || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return time.Time{}, inputErr(msgBadTime)
	}
	if loc == nil {
		loc = time.Local
	}
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc), nil
}

// Check reads text the way f's Set would, without changing anything, and
// returns the refusal Set would give (nil when it would keep all of it).
// The line mode checks an answer with it before taking it.
func (f *Field) Check(a At, text string) error {
	switch f.Kind {
	case KindText, KindLongText:
		_, err := ReadText(text, f.Limit, f.Kind == KindLongText)
		return err
	case KindDate:
		_, err := ReadDate(text)
		return incompleteIsWrong(err)
	case KindDateTime:
		_, err := ReadDateTime(text, nil)
		return incompleteIsWrong(err)
	case KindYear:
		_, err := ReadYear(text, a.C.Today())
		return incompleteIsWrong(err)
	}
	return nil
}

// incompleteIsWrong: a whole answer that is not finished is wrong.
func incompleteIsWrong(err error) error {
	if ie, ok := AsInputError(err); ok && ie.Incomplete {
		return &InputError{Msg: ie.Msg}
	}
	return err
}
