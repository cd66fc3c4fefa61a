// Package statistics turns anonymised statistics records into the figures a
// coordinator reports to the municipality, made safe to publish: fixed
// periods, cell-key perturbation of every count, a minimum cell size that
// is a vault setting, and figures that stay as they were first published.
// It renders them as CSV, JSON or HTML. It reads statistics records only;
// docs/STATISTICS.md describes the threat model, the method and what is
// counted.
package statistics

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// Disclosure-control constants. The minimum cell size itself is the
// vault's setting (store.Vault.StatThreshold); these bound it.
const (
	DefaultThreshold = 10   // counts 0..9 (after perturbation) are shown as "<10"
	MinThreshold     = 5    // a smaller minimum cell size is refused
	MaxThreshold     = 1000 // and so is an absurdly large one
	MinN             = 10   // a percentage needs a base of at least this many (or the threshold)
	MinFigureN       = 20   // a mean, median or percentile needs at least this many
	RoundDays        = 5    // medians and percentiles of days are rounded to this
)

// ErrThreshold is returned for a minimum cell size out of bounds.
var ErrThreshold = fmt.Errorf("statistics: the minimum cell size must be from %d to %d", MinThreshold, MaxThreshold)

// Options choose what a report covers. There is no minimum cell size
// here: it is the vault's, the same for every export (no oracle).
type Options struct {
	Period      Period    // zero: the last quarter that is over
	Provisional bool      // a period that is not over: count its months that are
	Now         time.Time // the clock; zero: time.Now()
	// Publish says the report is being exported. Load then keeps its
	// figures in the vault the first time, and every later report over
	// the same months shows those (docs/STATISTICS.md).
	Publish bool
}

// Scope resolves the options' period at their clock.
func (o Options) Scope() (Scope, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	return ScopeOf(o.Period, o.Provisional, now)
}

// tally counts records and sums their record keys: the count and the cell
// key of one cell (the key sum wraps around: modulo 2³²).
type tally struct {
	n   int
	key uint32
}

func (t *tally) add(key uint32) { t.n++; t.key += key }

func inc[K comparable](m map[K]*tally, k K, key uint32) {
	t := m[k]
	if t == nil {
		t = new(tally)
		m[k] = t
	}
	t.add(key)
}

// Aggregator counts statistics records in one pass. Add each record; then
// call published. Memory use does not grow with the number of records
// (only with the number of distinct months and codes). An Aggregator is
// not safe for concurrent use.
type Aggregator struct {
	scope Scope

	// First-contact part: records whose month is in the scope.
	intakes, residents tally
	months             map[intake.Month]*tally
	location           map[intake.LocationCode]*tally
	route              map[intake.RouteCode]*tally
	age                map[intake.AgeBand]*tally
	qtype              map[intake.QuestionTypeCode]*tally
	kompaan            [2]tally // without, with
	target             map[intake.TargetGroupCode]*tally
	noTarget           tally
	domains            map[intake.DomainCode]*[6]tally // [0] discussed, [s] at step s
	stepAny            [6]tally                        // [0] any domain discussed, [s] some domain at step s
	clarified          map[intake.DomainCode]*tally
	layer              map[[2]string]*tally // clarified domain × question type
	referral           map[[2]string]*tally // where to × outcome, and where to × "total"
	referralOutcome    map[string]*tally    // intakes with a referral of that outcome; "total": with any

	// Closure part: records closed in a month of the scope.
	closed       tally
	appreciation [6]tally // [0] answered
	better       [4]tally // [0] answered, then yes, partly, no
	control      [4]tally
	contacts     [5]tally // by band
	apprSum      int      // true sum of scores, for the mean
	turnaround   [intake.MaxTurnaround/intake.TurnaroundStep + 1]int
}

// NewAggregator returns an empty aggregator for the scope.
func NewAggregator(s Scope) *Aggregator {
	return &Aggregator{
		scope:     s,
		months:    map[intake.Month]*tally{},
		location:  map[intake.LocationCode]*tally{},
		route:     map[intake.RouteCode]*tally{},
		age:       map[intake.AgeBand]*tally{},
		qtype:     map[intake.QuestionTypeCode]*tally{},
		target:    map[intake.TargetGroupCode]*tally{},
		domains:   map[intake.DomainCode]*[6]tally{},
		clarified: map[intake.DomainCode]*tally{},
		layer:     map[[2]string]*tally{},
		referral:  map[[2]string]*tally{},

		referralOutcome: map[string]*tally{},
	}
}

func (a *Aggregator) inScope(m intake.Month) bool { return m >= a.scope.From && m <= a.scope.To }

// Add counts one record: its first-contact part if its month is in the
// scope, its closure part if it was closed in a month of the scope. It
// returns whether it counted anything. Fields out of range (which
// intake.DecodeStatRecord never returns) are skipped.
func (a *Aggregator) Add(r *intake.StatRecord) bool {
	counted := false
	k := r.Key
	if a.inScope(r.Month) {
		counted = true
		a.intakes.add(k)
		if firstIn(r, a.scope.Period.Kind) {
			a.residents.add(k)
		}
		inc(a.months, r.Month, k)
		inc(a.location, r.Location, k)
		inc(a.route, r.Route, k)
		inc(a.age, r.AgeBand, k)
		inc(a.qtype, r.QuestionType, k)
		if r.Kompaan {
			a.kompaan[1].add(k)
		} else {
			a.kompaan[0].add(k)
		}
		if len(r.TargetGroups) == 0 {
			a.noTarget.add(k)
		}
		for _, t := range r.TargetGroups {
			inc(a.target, t, k)
		}
		var atStep [6]bool
		for _, d := range r.Domains {
			if d.Scale < intake.GoesWell || d.Scale > intake.Urgent {
				continue
			}
			st := a.domains[d.Domain]
			if st == nil {
				st = new([6]tally)
				a.domains[d.Domain] = st
			}
			st[0].add(k)
			st[d.Scale].add(k)
			atStep[0], atStep[d.Scale] = true, true
		}
		for s, at := range atStep {
			if at {
				a.stepAny[s].add(k)
			}
		}
		for _, d := range r.Clarified {
			inc(a.clarified, d, k)
			inc(a.layer, [2]string{string(d), string(r.QuestionType)}, k)
		}
		a.addReferrals(r.Referrals, k)
	}
	if r.Closed && a.inScope(r.ClosedMonth) {
		counted = true
		a.closed.add(k)
		if r.Appreciation >= 1 && r.Appreciation <= 5 {
			a.appreciation[0].add(k)
			a.appreciation[r.Appreciation].add(k)
			a.apprSum += r.Appreciation
		}
		for _, x := range []struct {
			t *[4]tally
			a intake.Answer
		}{{&a.better, r.StateBetter}, {&a.control, r.MoreControl}} {
			if i := answerIndex(x.a); i > 0 {
				x.t[0].add(k)
				x.t[i].add(k)
			}
		}
		if r.Contacts >= intake.ContactsOne && r.Contacts <= intake.ContactsSix {
			a.contacts[r.Contacts].add(k)
		}
		if d := r.TurnaroundDays / intake.TurnaroundStep; d >= 0 && d < len(a.turnaround) {
			a.turnaround[d]++
		}
	}
	return counted
}

// addReferrals counts one intake's referrals: each (where to, outcome)
// pair, each place it went to, each outcome it had, and that it had any.
// A record holds each pair once, sorted by place, so a place's pairs are
// next to each other.
func (a *Aggregator) addReferrals(refs []intake.ReferralStat, k uint32) {
	var outcomes [8]bool
	states := intake.ReferralStates()
	for i, r := range refs {
		o := slices.Index(states, r.Outcome)
		if o < 0 || r.To == "" {
			continue
		}
		inc(a.referral, [2]string{string(r.To), string(r.Outcome)}, k)
		if i == 0 || refs[i-1].To != r.To {
			inc(a.referral, [2]string{string(r.To), "total"}, k)
		}
		outcomes[o] = true
	}
	any := false
	for o, yes := range outcomes[:len(states)] {
		if yes {
			inc(a.referralOutcome, string(states[o]), k)
			any = true
		}
	}
	if any {
		inc(a.referralOutcome, "total", k)
	}
}

// firstIn reports whether r counts as a different resident in a period of
// the kind.
func firstIn(r *intake.StatRecord, kind PeriodKind) bool {
	switch kind {
	case PeriodMonth:
		return r.FirstInMonth
	case PeriodQuarter:
		return r.FirstInQuarter
	}
	return r.FirstInYear
}

var answerOrder = [...]intake.Answer{intake.AnswerNone, intake.AnswerYes, intake.AnswerPartly, intake.AnswerNo}

func answerIndex(x intake.Answer) int {
	for i, y := range answerOrder {
		if y == x {
			return i
		}
	}
	return 0
}

// Aggregate counts records over the options' scope and returns the report
// at minimum cell size threshold; cat supplies the names (nil: the
// embedded catalogue). It keeps nothing: Load does that for a vault.
func Aggregate(records []intake.StatRecord, opt Options, threshold int, cat *intake.Catalogue) (*Report, error) {
	s, err := opt.Scope()
	if err != nil {
		return nil, err
	}
	a := NewAggregator(s)
	for i := range records {
		a.Add(&records[i])
	}
	return build(a.published(), s, threshold, cat)
}

// published perturbs every count (ptable.go) and computes the figures that
// need the true values; nothing else of the true counts leaves here.
func (a *Aggregator) published() *published {
	p := &published{V: publishedVersion, From: a.scope.From, To: a.scope.To, Counts: map[string]int{}, Figures: map[string]*float64{}}
	put := func(table, row, col string, t *tally) {
		if v := perturb(t.n, t.key); v != 0 {
			p.Counts[cellID(table, row, col)] = v
		}
	}
	put("overview", "intakes", "n", &a.intakes)
	put("overview", "residents", "n", &a.residents)
	put("overview", "closed", "n", &a.closed)
	for m, t := range a.months {
		put("month", string(m), "intakes", t)
	}
	for k, t := range a.location {
		put("location", string(k), "intakes", t)
	}
	for k, t := range a.route {
		put("route", string(k), "intakes", t)
	}
	for k, t := range a.age {
		put("age_band", string(k), "intakes", t)
	}
	for k, t := range a.qtype {
		put("question_type", string(k), "intakes", t)
	}
	put("kompaan", "no", "intakes", &a.kompaan[0])
	put("kompaan", "yes", "intakes", &a.kompaan[1])
	for k, t := range a.target {
		put("target_group", string(k), "intakes", t)
	}
	put("target_group", "", "intakes", &a.noTarget)
	for d, st := range a.domains {
		put("domain_step", string(d), "discussed", &st[0])
		for s := 1; s <= 5; s++ {
			put("domain_step", string(d), stepKey(s), &st[s])
		}
	}
	put("domain_step", "total", "discussed", &a.stepAny[0])
	for s := 1; s <= 5; s++ {
		put("domain_step", "total", stepKey(s), &a.stepAny[s])
	}
	for d, t := range a.clarified {
		put("clarified", string(d), "total", t)
	}
	for k, t := range a.layer {
		put("clarified", k[0], k[1], t)
	}
	for k, t := range a.referral {
		put("referral", k[0], k[1], t)
	}
	for o, t := range a.referralOutcome {
		put("referral", "total", o, t)
	}
	for s := 1; s <= 5; s++ {
		put("appreciation", fmt.Sprint(s), "intakes", &a.appreciation[s])
	}
	put("appreciation", "total", "intakes", &a.appreciation[0])
	for _, x := range []struct {
		id string
		t  *[4]tally
	}{{"state_better", &a.better}, {"more_control", &a.control}} {
		for i := 1; i < len(answerOrder); i++ {
			put(x.id, string(answerOrder[i]), "intakes", &x.t[i])
		}
		put(x.id, "total", "intakes", &x.t[0])
	}
	for _, b := range intake.ContactsBands() {
		put("contacts", contactsKey(b), "intakes", &a.contacts[b])
	}

	if n := a.appreciation[0].n; n > 0 {
		v := round(float64(a.apprSum)/float64(n), 1)
		p.Figures["appreciation_mean"] = &v
	}
	if n := a.closed.n; n > 0 {
		step := float64(intake.TurnaroundStep)
		med := roundTo(median(a.turnaround[:], n)*step, RoundDays)
		p90 := roundTo(float64(percentile(a.turnaround[:], n, 90))*step, RoundDays)
		p.Figures["turnaround_median"], p.Figures["turnaround_p90"] = &med, &p90
	}
	return p
}

func stepKey(s int) string { return "step" + string(rune('0'+s)) }

func contactsKey(b intake.ContactsBand) string {
	return [...]string{"", "1", "2", "3_5", "6plus"}[b]
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

// roundTo rounds v to the nearest multiple of step, halves up.
func roundTo(v float64, step int) float64 {
	return math.Floor(v/float64(step)+0.5) * float64(step)
}
