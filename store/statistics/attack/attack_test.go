package attack

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/demo"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// The attack suite (docs/STATISTICS.md, "Attack suite"). Each test plays
// a reader who collects exports and solves for the true counts; each
// asserts that no count of 1 to 4 is pinned down. The data are demo
// vaults as `spreekuur demo --residents N --seed 1` makes them, generated
// in memory with a fixed clock; record keys are drawn at random, as the
// vault's are pseudo-random.

// demoNow is the clock of the suite, near the day the issue's
// counterexamples were found.
var demoNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// demoIntake is an intake of a demo vault with its resident (zero for an
// anonymous contact).
type demoIntake struct {
	in intake.Intake
	r  intake.Resident
}

// demoIntakes are the intakes of a demo vault of n residents.
func demoIntakes(n int) []demoIntake {
	var out []demoIntake
	for _, c := range demo.New(1, intake.DefaultCatalogue(), demoNow).Residents(n) {
		var r intake.Resident
		if c.Resident != nil {
			r = *c.Resident
		}
		for _, in := range c.Intakes {
			out = append(out, demoIntake{in, r})
		}
	}
	return out
}

// demoRecords are the statistics records of a demo vault of n residents.
func demoRecords(t testing.TB, n int) []intake.StatRecord {
	t.Helper()
	cat := intake.DefaultCatalogue()
	keys := rand.New(rand.NewPCG(uint64(n), 99))
	var out []intake.StatRecord
	for _, d := range demoIntakes(n) {
		rec := cat.Anonymise(d.in, d.r, demoNow)
		rec.Key = keys.Uint32()
		out = append(out, rec)
	}
	return out
}

// publish is the export of a period as a reader reads it.
func publish(t testing.TB, recs []intake.StatRecord, period string, provisional bool, threshold int) *Export {
	t.Helper()
	p, err := statistics.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := statistics.Aggregate(recs, statistics.Options{Period: p, Provisional: provisional, Now: demoNow}, threshold, nil)
	if err != nil {
		t.Fatalf("%s: %v", period, err)
	}
	return exportOfReport(t, rep)
}

// fixedPeriods are the months, quarters and the year of year that are
// over at demoNow.
func fixedPeriods(year int) []string {
	var out []string
	for m := 1; m <= 12; m++ {
		out = append(out, fmt.Sprintf("%d-%02d", year, m))
	}
	for q := 1; q <= 4; q++ {
		out = append(out, fmt.Sprintf("%d-Q%d", year, q))
	}
	out = append(out, strconv.Itoa(year))
	over := out[:0]
	for _, s := range out {
		p, _ := statistics.ParsePeriod(s)
		if _, err := statistics.ScopeOf(p, false, demoNow); err == nil {
			over = append(over, s)
		}
	}
	return over
}

// target is a count of a period with a small true value.
type target struct {
	c      Cell
	months []intake.Month
	truth  int
}

// targets are the cells of the exports whose true count is 1 to 4.
func targets(truth Truth, exports []*Export) []target {
	var out []target
	seen := map[string]bool{}
	for _, e := range exports {
		for c := range e.Values {
			cc, months, ok := canonical(e.Version, c)
			if !ok {
				continue
			}
			if months == nil {
				months = monthsBetween(e.From, e.To)
			}
			key := fmt.Sprint(cc, months)
			if n := truth.Of(cc, months); n >= 1 && n <= 4 && !seen[key] {
				seen[key] = true
				out = append(out, target{cc, months, n})
			}
		}
	}
	slices.SortFunc(out, func(a, b target) int {
		return cmpStrings(fmt.Sprint(a.c, a.months), fmt.Sprint(b.c, b.months))
	})
	return out
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Result is what an attack reached.
type Result struct {
	Targets, Pinned int
	MeanWidth       float64
	Outside         int // true counts outside the attacker's interval: a wrong model
}

func attack(t testing.TB, truth Truth, exports []*Export, tg []target) Result {
	t.Helper()
	return runAttack(t, exports, tg, true)
}

// runAttack solves the exports together for every target; with say, it
// logs each pinned count and fails on a true count outside its interval
// (a wrong model), else it only counts them.
func runAttack(t testing.TB, exports []*Export, tg []target, say bool) Result {
	t.Helper()
	a := NewAttacker()
	for _, e := range exports {
		if err := a.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Solve(); err != nil {
		t.Fatalf("the exports contradict the attacker's model: %v", err)
	}
	var r Result
	width := 0
	for _, x := range tg {
		lo, hi, err := a.Interval(x.c, x.months)
		if err != nil {
			t.Fatal(err)
		}
		if x.truth < lo || x.truth > hi {
			r.Outside++
			if say {
				t.Errorf("%s %v: true %d outside [%d, %d]", x.c, x.months, x.truth, lo, hi)
			}
		}
		if lo == hi {
			r.Pinned++
			if say {
				t.Logf("pinned: %s %v = %d", x.c, x.months, lo)
			}
		}
		width += hi - lo
		r.Targets++
	}
	if r.Targets > 0 {
		r.MeanWidth = float64(width) / float64(r.Targets)
	}
	return r
}

// TestSingleExportAudit is the audit of each export on its own: every
// month, quarter and year of 2025 for 300 residents, the margins of each
// table solved for every cell with a true count of 1 to 4 — none pinned.
func TestSingleExportAudit(t *testing.T) {
	recs := demoRecords(t, 300)
	truth := NewTruth(recs)
	total := Result{}
	for _, period := range fixedPeriods(2025) {
		e := publish(t, recs, period, false, statistics.DefaultThreshold)
		r := attack(t, truth, []*Export{e}, targets(truth, []*Export{e}))
		if r.Pinned > 0 {
			t.Errorf("%s: %d of %d small counts pinned from one export", period, r.Pinned, r.Targets)
		}
		total.Targets += r.Targets
		total.MeanWidth += r.MeanWidth * float64(r.Targets)
	}
	if total.Targets < 200 {
		t.Fatalf("only %d small counts: the audit has too little to look at", total.Targets)
	}
	t.Logf("%d small counts, mean width %.1f", total.Targets, total.MeanWidth/float64(total.Targets))
}

// TestAuditFindsExactMargins: the audit is strong enough to find what the
// old suppression let through: a table whose rows were published exactly
// but one, with an exact total, gives that one away.
func TestAuditFindsExactMargins(t *testing.T) {
	e := &Export{Version: 1, From: "2025-02", To: "2025-02", Threshold: 10, Values: map[Cell]string{
		{"domain_step", "physical_health", "step1"}: "12", {"domain_step", "physical_health", "step2"}: "20",
		{"domain_step", "physical_health", "step3"}: "15", {"domain_step", "physical_health", "step4"}: "11",
		{"domain_step", "physical_health", "step5"}: "<10", {"domain_step", "physical_health", "discussed"}: "63",
	}}
	a := NewAttacker()
	if err := a.Add(e); err != nil {
		t.Fatal(err)
	}
	if err := a.Solve(); err != nil {
		t.Fatal(err)
	}
	lo, hi, err := a.Interval(Cell{"domain_step", "physical_health", "step5"}, []intake.Month{"2025-02"})
	if err != nil || lo != 5 || hi != 5 {
		t.Fatalf("the hidden 5 is in [%d, %d] (%v), want pinned at 5", lo, hi, err)
	}
}

// exportsOfYear is everything a reader can collect of a year up to and
// including month last: every month, quarter and (if last is 12) the year
// that is over then, and the provisional exports of the year and the
// quarter so far, made on the first of every month — nested ranges.
func exportsOfYear(t testing.TB, recs []intake.StatRecord, year, last int) []*Export {
	t.Helper()
	then := time.Date(year, time.Month(last+1), 1, 9, 0, 0, 0, time.UTC)
	return append(fixedExports(t, recs, year, then, statistics.DefaultThreshold),
		provisionalExports(t, recs, year, then, statistics.DefaultThreshold)...)
}

// TestDifferencingPeriods: everything a reader can collect of January to
// April 2025 — its months, the first quarter, and the provisional year and
// quarter so far of every month (nested ranges) — solved together: no
// small count pinned. (scripts/stats-attack.sh does whole years.)
func TestDifferencingPeriods(t *testing.T) {
	recs := demoRecords(t, 300)
	truth := NewTruth(recs)
	exports := exportsOfYear(t, recs, 2025, 4)
	tg := targets(truth, exports)
	referrals := 0
	for _, x := range tg {
		if x.c.Table == "referral" {
			referrals++
		}
	}
	if referrals < 20 { // the referrals by agency and outcome are attacked too
		t.Errorf("only %d small counts of referrals among the targets", referrals)
	}
	r := attack(t, truth, exports, tg)
	if r.Pinned > 0 || r.Outside > 0 || r.Targets < 300 {
		t.Errorf("%d of %d small counts pinned", r.Pinned, r.Targets)
	}
	t.Logf("%d exports, %d small counts, mean width %.1f", len(exports), r.Targets, r.MeanWidth)
}

// TestCounterexamples rebuilds the two leaks of the issue from demo
// seeds, in the fixed periods that now contain them: for 3,000 residents
// physical health at step 5 in February to April 2025 (the months, the
// first two quarters and the year, all together); for 30,000 residents
// safety at step 5 and addiction at step 4 in December 2024 (the month,
// its quarter and the year). None is pinned.
func TestCounterexamples(t *testing.T) {
	for _, tt := range []struct {
		residents int
		periods   []string
		cells     []Cell
		months    [][]intake.Month
	}{
		{3000, []string{"2025-02", "2025-03", "2025-04", "2025-Q1", "2025-Q2", "2025"},
			[]Cell{{"domain_step", "physical_health", "step5"}},
			[][]intake.Month{{"2025-02"}, {"2025-03"}, {"2025-04"}, {"2025-02", "2025-03", "2025-04"}}},
		{30000, []string{"2024-12", "2024-Q4", "2024"},
			[]Cell{{"domain_step", "safety", "step5"}, {"domain_step", "addiction", "step4"}},
			[][]intake.Month{{"2024-12"}}},
	} {
		t.Run(fmt.Sprintf("residents=%d", tt.residents), func(t *testing.T) {
			recs := demoRecords(t, tt.residents)
			truth := NewTruth(recs)
			var exports []*Export
			for _, p := range tt.periods {
				exports = append(exports, publish(t, recs, p, false, statistics.DefaultThreshold))
			}
			a := NewAttacker()
			for _, e := range exports {
				if err := a.Add(e); err != nil {
					t.Fatal(err)
				}
			}
			if err := a.Solve(); err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.cells {
				for _, months := range tt.months {
					lo, hi, err := a.Interval(c, months)
					if err != nil {
						t.Fatal(err)
					}
					n := truth.Of(c, months)
					if n < lo || n > hi || (lo == hi && n <= 4) {
						t.Errorf("%s %v: true %d, attacker [%d, %d]", c, months, n, lo, hi)
					}
					t.Logf("%s %v: true %d, attacker's narrowest interval [%d, %d]", c, months, n, lo, hi)
				}
			}
		})
	}
}

// TestThresholdSearch: the old oracle was exports at many thresholds.
// The threshold is now the vault's, but even a supporter who sets it to
// every value from 5 to 30 and exports each time gets the same published
// number for every cell that is shown, and no small count pinned: a
// threshold only hides, it never reveals more than the perturbed count.
func TestThresholdSearch(t *testing.T) {
	recs := demoRecords(t, 300)
	truth := NewTruth(recs)
	var exports []*Export
	shown := map[Cell]string{}
	for th := statistics.MinThreshold; th <= 30; th++ {
		e := publish(t, recs, "2025-Q2", false, th)
		for c, v := range e.Values {
			if v[0] == '<' {
				continue
			}
			if was, ok := shown[c]; ok && was != v {
				t.Fatalf("%s is %s at one threshold and %s at another", c, was, v)
			}
			shown[c] = v
		}
		exports = append(exports, e)
	}
	r := attack(t, truth, exports, targets(truth, exports))
	if r.Pinned > 0 || r.Outside > 0 {
		t.Errorf("%d of %d small counts pinned by thresholds 5 to 30", r.Pinned, r.Targets)
	}
	t.Logf("%d small counts, mean width %.1f", r.Targets, r.MeanWidth)
}

// records is an in-memory vault for statistics.Load: encoded records,
// the threshold, and the figures kept per range of months.
type records struct {
	enc  [][]byte
	kept map[string][]byte
}

func newRecords(t testing.TB, recs []intake.StatRecord) *records {
	r := &records{kept: map[string][]byte{}}
	for _, rec := range recs {
		r.add(t, rec)
	}
	return r
}

func (r *records) add(t testing.TB, rec intake.StatRecord) {
	b, err := rec.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	r.enc = append(r.enc, b)
}

func (r *records) ForEachStatRecord(fn func([]byte) error) error {
	for _, b := range r.enc {
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}
func (r *records) StatThreshold() (int, error)              { return statistics.DefaultThreshold, nil }
func (r *records) PublishedStats(id string) ([]byte, error) { return r.kept[id], nil }
func (r *records) PublishStats(id string, d []byte) ([]byte, error) {
	if r.kept[id] == nil {
		r.kept[id] = d
	}
	return r.kept[id], nil
}

func exportOf(t testing.TB, v statistics.Records, period string, provisional, publish bool, now time.Time) string {
	t.Helper()
	p, _ := statistics.ParsePeriod(period)
	rep, _, err := statistics.Load(v, statistics.Options{Period: p, Provisional: provisional, Now: now, Publish: publish}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := JSON(rep)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestOneNewRecord: the first attack — two exports, before and
// after one more intake, compared cell by cell. A new intake is dated now,
// in the running month, which no export counts; an old intake that
// arrives or changes later (an import, a closure, consent withdrawn) falls
// in periods whose figures were fixed at their first export. Either way
// the two exports are the same, and the comparison shows nothing. Without
// the fixing, the cells that changed would be the new intake's: the test
// measures how much of it a reader would have seen, for the report.
func TestOneNewRecord(t *testing.T) {
	recs := demoRecords(t, 3000)
	newcomer := intake.StatRecord{V: intake.StatVersion, Key: 0x9e3779b9, Month: "2025-05", Location: "library", Route: "poster",
		AgeBand: intake.Age27to44, QuestionType: intake.QuestionAccess, FirstInMonth: true, FirstInQuarter: true, FirstInYear: true,
		Domains: []intake.DomainStep{{Domain: "addiction", Scale: intake.Urgent}, {Domain: "money", Scale: intake.Serious}}}

	// A late intake in a quarter that was exported.
	v := newRecords(t, recs)
	before := exportOf(t, v, "2025-Q2", false, true, demoNow)
	live := exportOf(t, v, "2025-05", false, false, demoNow) // May never exported: a view
	v.add(t, newcomer)
	if after := exportOf(t, v, "2025-Q2", false, true, demoNow); after != before {
		t.Error("an exported quarter changed with one more intake")
	}
	// What the fixing prevents: May's view before and after.
	liveAfter := exportOf(t, v, "2025-05", false, false, demoNow)
	a, _ := ReadExport([]byte(live))
	b, _ := ReadExport([]byte(liveAfter))
	truth := NewTruth([]intake.StatRecord{newcomer})
	in, seen, other := 0, 0, 0
	for c, was := range a.Values {
		cc, months, ok := canonical(2, c)
		if !ok || months != nil && len(months) != 1 {
			continue
		}
		changed := b.Values[c] != was
		if truth.Of(cc, []intake.Month{"2025-05"}) > 0 {
			in++
			if changed {
				seen++
			}
		} else if changed {
			other++
		}
	}
	if other != 0 || in == 0 {
		t.Fatalf("cells of others changed: %d; cells of the newcomer: %d", other, in)
	}
	t.Logf("without fixed figures, %d of the newcomer's %d cells would change between two views of May (the rest are hidden or drew the same number)", seen, in)

	// An intake of the running month: no export counts it.
	w := newRecords(t, recs)
	prov := exportOf(t, w, "2026-Q4", true, true, demoNow)
	month := exportOf(t, w, "2026-10", false, true, demoNow)
	now := newcomer
	now.Month = "2026-11"
	w.add(t, now)
	if exportOf(t, w, "2026-Q4", true, true, demoNow) != prov || exportOf(t, w, "2026-10", false, true, demoNow) != month {
		t.Error("an intake of the running month changed an export")
	}
}
