// Package statistics turns anonymised statistics records into the figures a
// coordinator reports to the municipality, with disclosure control so that
// small counts cannot identify anyone, and renders them as CSV, JSON or
// HTML. It reads statistics records only; docs/STATISTICS.md describes what
// is counted and the suppression rules.
package statistics

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/spreekuur/spreekuur/intake"
)

// Disclosure-control defaults.
const (
	DefaultThreshold = 10 // counts 1..9 are shown as "<10"
	MinThreshold     = 5  // a threshold below this is refused
	MaxThreshold     = 1000
	MinN             = 10 // percentages and means need at least this many intakes
)

// ErrThreshold is returned for a threshold below MinThreshold (or absurdly high).
var ErrThreshold = fmt.Errorf("the threshold must be between %d and %d", MinThreshold, MaxThreshold)

// ErrMonthRange is wrapped for a bad --from/--to.
var ErrMonthRange = errors.New("the month range is not valid")

// Options choose what is counted and how it is protected.
type Options struct {
	From, To  intake.Month // inclusive; "" = no limit
	Threshold int          // 0 = DefaultThreshold; never below MinThreshold
}

func (o Options) threshold() int {
	if o.Threshold == 0 {
		return DefaultThreshold
	}
	return o.Threshold
}

// Validate checks the threshold and the month range.
func (o Options) Validate() error {
	if t := o.threshold(); t < MinThreshold || t > MaxThreshold {
		return ErrThreshold
	}
	for _, m := range []intake.Month{o.From, o.To} {
		if m != "" && !m.Valid() {
			return fmt.Errorf("%w: %q is not a month like 2025-01", ErrMonthRange, m)
		}
	}
	if o.From != "" && o.To != "" && o.From > o.To {
		return fmt.Errorf("%w: %s is after %s", ErrMonthRange, o.From, o.To)
	}
	return nil
}

// ParseMonth parses "YYYY-MM" (2015–2199).
func ParseMonth(s string) (intake.Month, error) {
	m := intake.Month(s)
	if !m.Valid() {
		return "", fmt.Errorf("%w: %q is not a month like 2025-01", ErrMonthRange, s)
	}
	return m, nil
}

// maxTurnaround bounds the turnaround histogram (StatRecord allows 100 years).
const maxTurnaround = 100 * 366

// Aggregator counts statistics records in one pass. Add each record; then
// call Report. Memory use does not grow with the number of records (only
// with the number of distinct months, codes and turnaround days). An
// Aggregator is not safe for concurrent use.
type Aggregator struct {
	opt Options

	n, contacts  int
	months       map[intake.Month]*[2]int // intakes, contacts
	location     map[intake.LocationCode]int
	route        map[intake.RouteCode]int
	target       map[intake.TargetGroupCode]int
	noTarget     int
	age          map[intake.AgeBand]int
	qtype        map[intake.QuestionTypeCode]int
	kompaan      [2]int // without, with
	status       map[intake.Status]int
	domains      map[intake.DomainCode]*[6]int // by scale step 1..5 (index 0 unused)
	clarified    map[intake.DomainCode]int
	appreciation [6]int // by score 1..5 (index 0: not asked)
	better       map[intake.Answer]int
	control      map[intake.Answer]int
	turnaround   []int // closed intakes by days
	closed       int
}

// NewAggregator returns an empty aggregator, or an error for bad options.
func NewAggregator(opt Options) (*Aggregator, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	return &Aggregator{
		opt:       opt,
		months:    map[intake.Month]*[2]int{},
		location:  map[intake.LocationCode]int{},
		route:     map[intake.RouteCode]int{},
		target:    map[intake.TargetGroupCode]int{},
		age:       map[intake.AgeBand]int{},
		qtype:     map[intake.QuestionTypeCode]int{},
		status:    map[intake.Status]int{},
		domains:   map[intake.DomainCode]*[6]int{},
		clarified: map[intake.DomainCode]int{},
		better:    map[intake.Answer]int{},
		control:   map[intake.Answer]int{},
	}, nil
}

// Add counts one record. It returns false, and counts nothing, when the
// record's month is outside the range. Fields out of range (which
// intake.DecodeStatRecord never returns) are counted as unknown.
func (a *Aggregator) Add(r *intake.StatRecord) bool {
	if (a.opt.From != "" && r.Month < a.opt.From) || (a.opt.To != "" && r.Month > a.opt.To) {
		return false
	}
	a.n++
	a.contacts += r.Contacts
	m := a.months[r.Month]
	if m == nil {
		m = new([2]int)
		a.months[r.Month] = m
	}
	m[0]++
	m[1] += r.Contacts
	a.location[r.Location]++
	a.route[r.Route]++
	if len(r.TargetGroups) == 0 {
		a.noTarget++
	}
	for _, t := range r.TargetGroups {
		a.target[t]++
	}
	a.age[r.AgeBand]++
	a.qtype[r.QuestionType]++
	if r.Kompaan {
		a.kompaan[1]++
	} else {
		a.kompaan[0]++
	}
	a.status[r.Status]++
	for _, d := range r.Domains {
		if d.Scale < intake.GoesWell || d.Scale > intake.Urgent {
			continue
		}
		st := a.domains[d.Domain]
		if st == nil {
			st = new([6]int)
			a.domains[d.Domain] = st
		}
		st[d.Scale]++
	}
	for _, d := range r.Clarified {
		a.clarified[d]++
	}
	if r.Appreciation >= 1 && r.Appreciation <= 5 {
		a.appreciation[r.Appreciation]++
	}
	if r.StateBetter != intake.AnswerNone {
		a.better[r.StateBetter]++
	}
	if r.MoreControl != intake.AnswerNone {
		a.control[r.MoreControl]++
	}
	if r.Closed {
		a.closed++
		d := min(max(r.TurnaroundDays, 0), maxTurnaround)
		if d >= len(a.turnaround) {
			a.turnaround = slices.Grow(a.turnaround, d+1-len(a.turnaround))[:d+1]
		}
		a.turnaround[d]++
	}
	return true
}

// Aggregate counts records and returns the protected report; cat supplies
// the names (nil: the embedded catalogue).
func Aggregate(records []intake.StatRecord, opt Options, cat *intake.Catalogue) (*Report, error) {
	a, err := NewAggregator(opt)
	if err != nil {
		return nil, err
	}
	for i := range records {
		a.Add(&records[i])
	}
	return a.Report(cat), nil
}

// percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of the
// histogram: the smallest value with at least p% of the values at or below it.
func percentile(hist []int, n, p int) int {
	return nth(hist, max((p*n+99)/100, 1)) // rank ceil(p·n/100)
}

// median returns the median of the histogram: the middle value, or the mean
// of the two middle values when n is even.
func median(hist []int, n int) float64 {
	lo := nth(hist, (n+1)/2)
	hi := nth(hist, n/2+1)
	if n%2 == 1 {
		return float64(lo)
	}
	return float64(lo+hi) / 2
}

// nth returns the k-th smallest value (1-based) of the histogram.
func nth(hist []int, k int) int {
	seen := 0
	for v, c := range hist {
		seen += c
		if seen >= k {
			return v
		}
	}
	return len(hist) - 1
}

// monthsBetween lists the months from..to inclusive.
func monthsBetween(from, to intake.Month) []intake.Month {
	y, m := monthParts(from)
	ty, tm := monthParts(to)
	var out []intake.Month
	for y < ty || (y == ty && m <= tm) {
		out = append(out, intake.Month(fmt.Sprintf("%04d-%02d", y, m)))
		if m++; m > 12 {
			y, m = y+1, 1
		}
	}
	return out
}

func monthParts(s intake.Month) (int, int) {
	y, _ := strconv.Atoi(string(s[:4]))
	m, _ := strconv.Atoi(string(s[5:7]))
	return y, m
}
