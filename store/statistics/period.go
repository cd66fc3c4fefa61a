package statistics

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// Statistics are published over fixed periods only: a calendar month, a
// quarter or a year (docs/STATISTICS.md, "Fixed periods"). A reader who
// could ask for any range of months could subtract two ranges that differ
// by one month, or by one intake; fixed periods leave only the month,
// quarter and year that contain each other, and the perturbation makes
// their differences noise.

// PeriodKind is a month, a quarter or a year.
type PeriodKind uint8

const (
	PeriodMonth PeriodKind = iota + 1
	PeriodQuarter
	PeriodYear
)

// Period is one calendar month, quarter or year.
type Period struct {
	Kind PeriodKind
	Year int // 2015–2199
	N    int // the month (1–12) or quarter (1–4); 0 for a year
}

// Errors about periods; the CLI and the TUI say them in one sentence.
var (
	// ErrPeriod: not a period like 2026, 2026-Q3 or 2026-11.
	ErrPeriod = errors.New("statistics: not a period like 2026, 2026-Q3 or 2026-11")
	// ErrPeriodOpen: the period is not over, and provisional figures were
	// not asked for.
	ErrPeriodOpen = errors.New("statistics: the period is not over yet")
	// ErrPeriodNotStarted: not one month of the period has ended.
	ErrPeriodNotStarted = errors.New("statistics: no month of the period has ended yet")
)

// ParsePeriod reads "2026" (a year), "2026-Q3" (a quarter) or "2026-11" (a
// month); years 2015–2199.
func ParsePeriod(s string) (Period, error) {
	bad := fmt.Errorf("%w: %q", ErrPeriod, s)
	year, rest, hasRest := strings.Cut(s, "-")
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < 2015 || y > 2199 {
		return Period{}, bad
	}
	if !hasRest {
		return Period{Kind: PeriodYear, Year: y}, nil
	}
	if len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4' {
		return Period{Kind: PeriodQuarter, Year: y, N: int(rest[1] - '0')}, nil
	}
	m, err := strconv.Atoi(rest)
	if err != nil || len(rest) != 2 || m < 1 || m > 12 {
		return Period{}, bad
	}
	return Period{Kind: PeriodMonth, Year: y, N: m}, nil
}

// IsZero reports whether p is the zero Period (no period chosen).
func (p Period) IsZero() bool { return p == Period{} }

// String is the period as ParsePeriod reads it.
func (p Period) String() string {
	switch p.Kind {
	case PeriodMonth:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case PeriodQuarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	case PeriodYear:
		return fmt.Sprintf("%04d", p.Year)
	}
	return ""
}

// First and Last are the period's first and last month.
func (p Period) First() intake.Month {
	switch p.Kind {
	case PeriodMonth:
		return monthOf(p.Year, p.N)
	case PeriodQuarter:
		return monthOf(p.Year, 3*p.N-2)
	}
	return monthOf(p.Year, 1)
}

func (p Period) Last() intake.Month {
	switch p.Kind {
	case PeriodMonth:
		return monthOf(p.Year, p.N)
	case PeriodQuarter:
		return monthOf(p.Year, 3*p.N)
	}
	return monthOf(p.Year, 12)
}

// Months lists the period's months.
func (p Period) Months() []intake.Month { return monthsBetween(p.First(), p.Last()) }

func monthOf(y, m int) intake.Month { return intake.Month(fmt.Sprintf("%04d-%02d", y, m)) }

// runningMonth is the month now is in: the first month that has not ended.
func runningMonth(now time.Time) intake.Month { return intake.Month(now.Format("2006-01")) }

// periodOf is the period of the kind that contains month m.
func periodOf(kind PeriodKind, m intake.Month) Period {
	switch kind {
	case PeriodMonth:
		return Period{Kind: PeriodMonth, Year: m.Year(), N: monthNumber(m)}
	case PeriodQuarter:
		return Period{Kind: PeriodQuarter, Year: m.Year(), N: m.Quarter()}
	}
	return Period{Kind: PeriodYear, Year: m.Year()}
}

func monthNumber(m intake.Month) int { n, _ := strconv.Atoi(string(m[5:7])); return n }

// LastOver is the last period of the kind that is over at now (the one
// before the running one).
func LastOver(kind PeriodKind, now time.Time) Period {
	running := periodOf(kind, runningMonth(now))
	return periodOf(kind, running.First().AddMonths(-1))
}

// Preset is a period the dashboard offers: the recent months, quarters and
// years that are over, and the running quarter and year as provisional.
type Preset struct {
	Period      Period
	Provisional bool
}

// Presets lists the periods to choose from at now, the last quarter that
// is over first (the default).
func Presets(now time.Time) []Preset {
	var out []Preset
	q := LastOver(PeriodQuarter, now)
	for range 4 {
		out = append(out, Preset{Period: q})
		q = periodOf(PeriodQuarter, q.First().AddMonths(-1))
	}
	m := LastOver(PeriodMonth, now)
	for range 3 {
		out = append(out, Preset{Period: m})
		m = periodOf(PeriodMonth, m.First().AddMonths(-1))
	}
	y := LastOver(PeriodYear, now)
	out = append(out, Preset{Period: y}, Preset{Period: periodOf(PeriodYear, y.First().AddMonths(-1))})
	running := runningMonth(now)
	for _, kind := range []PeriodKind{PeriodQuarter, PeriodYear} {
		if p := periodOf(kind, running); p.First() < running {
			out = append(out, Preset{Period: p, Provisional: true})
		}
	}
	valid := out[:0]
	for _, p := range out {
		if p.Period.Year >= 2015 && p.Period.Year <= 2199 {
			valid = append(valid, p)
		}
	}
	return valid
}

// Scope is what a report counts: the period asked for, and the months of
// it that are counted: all of them, or, for a period that is not over
// (Provisional), those that have ended. The running month is never
// counted: a count that changes with every new intake would show, export
// after export, where each one went.
type Scope struct {
	Period      Period
	From, To    intake.Month
	Provisional bool
}

// ScopeOf resolves a period at now. A zero period is the last quarter that
// is over. A period that is not over needs provisional; then its months
// up to the last ended one are counted.
func ScopeOf(p Period, provisional bool, now time.Time) (Scope, error) {
	if p.IsZero() {
		p = LastOver(PeriodQuarter, now)
	}
	if _, err := ParsePeriod(p.String()); err != nil || p.String() == "" {
		return Scope{}, fmt.Errorf("%w: %+v", ErrPeriod, p)
	}
	s := Scope{Period: p, From: p.First(), To: p.Last()}
	running := runningMonth(now)
	if s.To < running {
		return s, nil
	}
	if !provisional {
		return Scope{}, fmt.Errorf("%w: %s", ErrPeriodOpen, p)
	}
	if s.From >= running {
		return Scope{}, fmt.Errorf("%w: %s", ErrPeriodNotStarted, p)
	}
	s.To, s.Provisional = running.AddMonths(-1), true
	return s, nil
}

// key names the months counted, for the figures published for them.
func (s Scope) key() string { return string(s.From) + ":" + string(s.To) }

// monthsBetween lists the months from..to inclusive.
func monthsBetween(from, to intake.Month) []intake.Month {
	var out []intake.Month
	for m := from; m != "" && m <= to; m = m.AddMonths(1) {
		out = append(out, m)
	}
	return out
}
