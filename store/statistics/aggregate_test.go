package statistics

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// testNow is the clock of these tests: 27 November 2026. The third
// quarter of 2026 is the last that is over.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func opts(period string) Options {
	p, err := ParsePeriod(period)
	if err != nil {
		panic(err)
	}
	return Options{Period: p, Now: testNow}
}

// rec is a closed statistics record with sensible defaults; its key is
// drawn from the package's test random source so tests can sum keys.
func rec(month string, mod func(*intake.StatRecord)) intake.StatRecord {
	r := intake.StatRecord{
		V: intake.StatVersion, Key: testKeys.Uint32(), Month: intake.Month(month), Location: "library", Route: "poster",
		AgeBand: intake.Age27to44, QuestionType: intake.QuestionAccess,
		FirstInMonth: true, FirstInQuarter: true, FirstInYear: true,
		Closed: true, ClosedMonth: intake.Month(month), TurnaroundDays: 10, Appreciation: 4,
		StateBetter: intake.AnswerYes, MoreControl: intake.AnswerYes, Contacts: intake.ContactsTwo,
		Domains: []intake.DomainStep{{Domain: "money", Scale: intake.Worries}},
	}
	if mod != nil {
		mod(&r)
	}
	return r
}

var testKeys = rand.New(rand.NewPCG(11, 12))

func many(n int, month string, mod func(*intake.StatRecord)) []intake.StatRecord {
	out := make([]intake.StatRecord, n)
	for i := range out {
		out[i] = rec(month, mod)
	}
	return out
}

func cell(t *testing.T, r *Report, table, row string, col int) Cell {
	t.Helper()
	tb, ok := r.Table(table)
	if !ok {
		t.Fatalf("no table %q", table)
	}
	for _, rw := range tb.Rows {
		if rw.Key == row {
			return rw.Cells[col]
		}
	}
	t.Fatalf("table %q has no row %q", table, row)
	return Cell{}
}

// published returns what a cell of these records publishes: the true
// count perturbed with the sum of the keys, computed here on its own.
func publishedOf(recs []intake.StatRecord, in func(*intake.StatRecord) bool) int {
	n, key := 0, uint32(0)
	for i := range recs {
		if in(&recs[i]) {
			n++
			key += recs[i].Key
		}
	}
	return perturb(n, key)
}

func shownAs(v, threshold int) Cell {
	if v < threshold {
		return Cell{Hidden: Small}
	}
	return Cell{N: v}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in          string
		want        Period
		first, last intake.Month
		ok          bool
	}{
		{"2026", Period{PeriodYear, 2026, 0}, "2026-01", "2026-12", true},
		{"2026-Q3", Period{PeriodQuarter, 2026, 3}, "2026-07", "2026-09", true},
		{"2026-q1", Period{PeriodQuarter, 2026, 1}, "2026-01", "2026-03", true},
		{"2026-11", Period{PeriodMonth, 2026, 11}, "2026-11", "2026-11", true},
		{"2015-01", Period{PeriodMonth, 2015, 1}, "2015-01", "2015-01", true},
		{"2199", Period{PeriodYear, 2199, 0}, "2199-01", "2199-12", true},
		{"2014", Period{}, "", "", false},
		{"2200-Q1", Period{}, "", "", false},
		{"2026-Q5", Period{}, "", "", false},
		{"2026-Q0", Period{}, "", "", false},
		{"2026-13", Period{}, "", "", false},
		{"2026-1", Period{}, "", "", false},
		{"2026-01..2026-03", Period{}, "", "", false},
		{"2026-01:2026-03", Period{}, "", "", false},
		{"2026-H1", Period{}, "", "", false},
		{"26", Period{}, "", "", false},
		{"", Period{}, "", "", false},
		{"+2026", Period{}, "", "", false},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.in)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrPeriod)) {
			t.Errorf("%q: err %v", tt.in, err)
			continue
		}
		if !tt.ok {
			continue
		}
		if p != tt.want || p.First() != tt.first || p.Last() != tt.last {
			t.Errorf("%q = %+v %s..%s", tt.in, p, p.First(), p.Last())
		}
		if back, err := ParsePeriod(p.String()); err != nil || back != p {
			t.Errorf("%q: String %q does not read back", tt.in, p.String())
		}
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026", "2026-Q3", "2026-11", "2026-13", "", "२०२६", "2026-Q"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			if !errors.Is(err, ErrPeriod) {
				t.Fatalf("error %v does not wrap ErrPeriod", err)
			}
			return
		}
		if !strings.EqualFold(p.String(), s) || !p.First().Valid() || !p.Last().Valid() || p.First() > p.Last() {
			t.Fatalf("accepted %q as %+v (%s..%s)", s, p, p.First(), p.Last())
		}
		if n := len(p.Months()); n != 1 && n != 3 && n != 12 {
			t.Fatalf("%q has %d months", s, n)
		}
	})
}

// TestScopeOf: a period that is over is counted whole; one that is not
// needs provisional and then counts its ended months only; the running
// month is never counted.
func TestScopeOf(t *testing.T) {
	p := func(s string) Period { x, _ := ParsePeriod(s); return x }
	at := func(s string) time.Time { x, _ := time.Parse(time.DateTime, s); return x }
	tests := []struct {
		period      Period
		provisional bool
		now         time.Time
		from, to    intake.Month
		prov        bool
		err         error
	}{
		{p("2026-Q3"), false, testNow, "2026-07", "2026-09", false, nil},
		{p("2026-10"), false, testNow, "2026-10", "2026-10", false, nil},
		{p("2025"), false, testNow, "2025-01", "2025-12", false, nil},
		{Period{}, false, testNow, "2026-07", "2026-09", false, nil}, // the last quarter over
		{p("2026-Q4"), false, testNow, "", "", false, ErrPeriodOpen},
		{p("2026-Q4"), true, testNow, "2026-10", "2026-10", true, nil},
		{p("2026"), true, testNow, "2026-01", "2026-10", true, nil},
		{p("2026"), false, testNow, "", "", false, ErrPeriodOpen},
		{p("2026-11"), true, testNow, "", "", false, ErrPeriodNotStarted},
		{p("2027"), true, testNow, "", "", false, ErrPeriodNotStarted},
		{p("2026-Q3"), true, testNow, "2026-07", "2026-09", false, nil}, // over: provisional changes nothing
		// On the first of a month, the month before is over.
		{p("2026-09"), false, at("2026-10-01 00:00:00"), "2026-09", "2026-09", false, nil},
		{p("2026-09"), false, at("2026-09-30 23:59:59"), "", "", false, ErrPeriodOpen},
		{Period{}, false, at("2026-10-01 00:00:00"), "2026-07", "2026-09", false, nil},
		{Period{}, false, at("2026-09-30 23:59:59"), "2026-04", "2026-06", false, nil},
		{Period{Kind: PeriodQuarter, Year: 2026, N: 7}, false, testNow, "", "", false, ErrPeriod},
	}
	for _, tt := range tests {
		s, err := ScopeOf(tt.period, tt.provisional, tt.now)
		if !errors.Is(err, tt.err) {
			t.Errorf("%s at %s: err %v, want %v", tt.period, tt.now, err, tt.err)
			continue
		}
		if err == nil && (s.From != tt.from || s.To != tt.to || s.Provisional != tt.prov) {
			t.Errorf("%s at %s: %+v", tt.period, tt.now, s)
		}
	}
}

func TestPresets(t *testing.T) {
	var got []string
	for _, p := range Presets(testNow) {
		s := p.Period.String()
		if p.Provisional {
			s += "*"
		}
		got = append(got, s)
	}
	want := []string{"2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4", "2026-10", "2026-09", "2026-08", "2025", "2024", "2026-Q4*", "2026*"}
	if !slices.Equal(got, want) {
		t.Errorf("presets %v, want %v", got, want)
	}
	for _, p := range Presets(testNow) {
		if _, err := ScopeOf(p.Period, p.Provisional, testNow); err != nil {
			t.Errorf("preset %v: %v", p, err)
		}
	}
	// On the first day of a quarter, there is no provisional quarter.
	for _, p := range Presets(time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)) {
		if p.Provisional && p.Period.Kind == PeriodQuarter {
			t.Errorf("provisional quarter offered before any of its months is over: %v", p)
		}
	}
}

// TestAggregateCounts: each count is its true count perturbed with the
// sum of its records' keys (computed here independently); totals are
// perturbed on their own; the closure part is counted in the month of
// closure; records outside the period are not counted.
func TestAggregateCounts(t *testing.T) {
	var recs []intake.StatRecord
	recs = append(recs, many(30, "2026-07", nil)...)
	recs = append(recs, many(20, "2026-08", func(r *intake.StatRecord) {
		r.Location, r.Kompaan, r.TurnaroundDays, r.Appreciation = "shelter", true, 30, 5
	})...)
	recs = append(recs, many(3, "2026-09", func(r *intake.StatRecord) { r.Location = "phone" })...)
	recs = append(recs, many(5, "2026-06", nil)...)                                                      // before the quarter
	recs = append(recs, many(4, "2026-05", func(r *intake.StatRecord) { r.ClosedMonth = "2026-08" })...) // closed in it
	recs = append(recs, many(6, "2026-09", func(r *intake.StatRecord) { r.ClosedMonth = "2026-10" })...) // closed after it
	r, err := Aggregate(recs, opts("2026-Q3"), 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	firstContact := func(f func(*intake.StatRecord) bool) func(*intake.StatRecord) bool {
		return func(r *intake.StatRecord) bool { return r.Month >= "2026-07" && r.Month <= "2026-09" && f(r) }
	}
	closedIn := func(f func(*intake.StatRecord) bool) func(*intake.StatRecord) bool {
		return func(r *intake.StatRecord) bool {
			return r.Closed && r.ClosedMonth >= "2026-07" && r.ClosedMonth <= "2026-09" && f(r)
		}
	}
	all := func(*intake.StatRecord) bool { return true }
	tests := []struct {
		table, row string
		col        int
		in         func(*intake.StatRecord) bool
	}{
		{"overview", "intakes", 0, firstContact(all)},
		{"overview", "closed", 0, closedIn(all)},
		{"month", "2026-07", 0, firstContact(func(r *intake.StatRecord) bool { return r.Month == "2026-07" })},
		{"month", "total", 0, firstContact(all)},
		{"location", "library", 0, firstContact(func(r *intake.StatRecord) bool { return r.Location == "library" })},
		{"location", "shelter", 0, firstContact(func(r *intake.StatRecord) bool { return r.Location == "shelter" })},
		{"location", "phone", 0, firstContact(func(r *intake.StatRecord) bool { return r.Location == "phone" })},
		{"location", "total", 0, firstContact(all)},
		{"kompaan", "yes", 0, firstContact(func(r *intake.StatRecord) bool { return r.Kompaan })},
		{"domain_step", "money", 2, firstContact(all)},
		{"domain_step", "money", 5, firstContact(all)},
		{"domain_step", "total", 2, firstContact(all)},
		{"appreciation", "5", 0, closedIn(func(r *intake.StatRecord) bool { return r.Appreciation == 5 })},
		{"appreciation", "4", 0, closedIn(func(r *intake.StatRecord) bool { return r.Appreciation == 4 })},
		{"appreciation", "total", 0, closedIn(all)},
		{"contacts", "2", 0, closedIn(all)},
		{"contacts", "total", 0, closedIn(all)},
	}
	for _, tt := range tests {
		want := shownAs(publishedOf(recs, tt.in), 10)
		if got := cell(t, r, tt.table, tt.row, tt.col); got != want {
			t.Errorf("%s/%s[%d] = %+v, want %+v", tt.table, tt.row, tt.col, got, want)
		}
	}
	if c := cell(t, r, "location", "phone", 0); c.Visible() {
		t.Errorf("3 intakes at a location published as %d", c.N)
	}
	if c := cell(t, r, "location", "office", 0); c.Visible() {
		t.Errorf("a location without intakes published as %+v: zeros are hidden like small counts", c)
	}
	if tb, _ := r.Table("month"); len(tb.Rows) != 4 {
		t.Errorf("month rows %d, want 3 months and a total", len(tb.Rows))
	}
	if r.From != "2026-07" || r.To != "2026-09" || r.Provisional || r.Period.String() != "2026-Q3" {
		t.Errorf("scope %s %s..%s provisional %v", r.Period, r.From, r.To, r.Provisional)
	}
	// Turnaround of the 4+30+20+3 closed in the quarter: 37 × 10, 20 × 30
	// days → median 10, p90 30 (both already multiples of 5).
	med, _ := r.Figure("turnaround_median")
	p90, _ := r.Figure("turnaround_p90")
	if med.Reason != ReasonNone || med.Value != 10 || p90.Value != 30 {
		t.Errorf("turnaround median %v (%s), p90 %v", med.Value, med.Reason, p90.Value)
	}
	mean, _ := r.Figure("appreciation_mean")
	if want := round(float64(37*4+20*5)/57, 1); mean.Reason != ReasonNone || mean.Value != want {
		t.Errorf("appreciation mean %v (%s), want %v", mean.Value, mean.Reason, want)
	}
}

// TestReferralTable: referrals by agency and outcome, counted in the
// month of first contact as intakes (each pair once per record), each
// cell perturbed like any other: per agency and outcome, per agency in
// all, per outcome over all agencies, and the intakes with any referral.
func TestReferralTable(t *testing.T) {
	ref := func(pairs ...intake.ReferralStat) func(*intake.StatRecord) {
		return func(r *intake.StatRecord) { r.Referrals = pairs }
	}
	var recs []intake.StatRecord
	recs = append(recs, many(25, "2026-07", ref(intake.ReferralStat{To: "schuldhulp", Outcome: intake.ReferralAccepted}))...)
	recs = append(recs, many(15, "2026-08", ref(intake.ReferralStat{To: "schuldhulp", Outcome: intake.ReferralRefused},
		intake.ReferralStat{To: "uwv", Outcome: intake.ReferralDone}))...)
	recs = append(recs, many(12, "2026-09", ref(intake.ReferralStat{To: "uwv", Outcome: intake.ReferralDone},
		intake.ReferralStat{To: "uwv", Outcome: intake.ReferralNoResponse}))...)
	recs = append(recs, many(20, "2026-09", nil)...)                                                                          // no referral
	recs = append(recs, many(30, "2026-05", ref(intake.ReferralStat{To: "schuldhulp", Outcome: intake.ReferralAccepted}))...) // before
	r, err := Aggregate(recs, opts("2026-Q3"), 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	tb, ok := r.Table("referral")
	if !ok {
		t.Fatal("no referral table")
	}
	col := func(key string) int {
		for i, c := range tb.Columns {
			if c.Key == key {
				return i
			}
		}
		t.Fatalf("no column %q", key)
		return -1
	}
	inQ3 := func(f func(*intake.StatRecord) bool) func(*intake.StatRecord) bool {
		return func(r *intake.StatRecord) bool { return r.Month >= "2026-07" && r.Month <= "2026-09" && f(r) }
	}
	has := func(to intake.ReferralTo, o intake.ReferralState) func(*intake.StatRecord) bool {
		return inQ3(func(r *intake.StatRecord) bool {
			return slices.ContainsFunc(r.Referrals, func(x intake.ReferralStat) bool {
				return (to == "" || x.To == to) && (o == "" || x.Outcome == o)
			})
		})
	}
	tests := []struct {
		row, col string
		in       func(*intake.StatRecord) bool
	}{
		{"schuldhulp", "accepted", has("schuldhulp", intake.ReferralAccepted)},
		{"schuldhulp", "refused", has("schuldhulp", intake.ReferralRefused)},
		{"schuldhulp", "total", has("schuldhulp", "")},
		{"uwv", "done", has("uwv", intake.ReferralDone)},
		{"uwv", "total", has("uwv", "")},
		{"total", "done", has("", intake.ReferralDone)},
		{"total", "total", has("", "")},
	}
	for _, tt := range tests {
		want := shownAs(publishedOf(recs, tt.in), 10)
		if got := cell(t, r, "referral", tt.row, col(tt.col)); got != want {
			t.Errorf("referral %s/%s = %+v, want %+v", tt.row, tt.col, got, want)
		}
	}
	// 27 intakes referred to the UWV in the quarter, not 39 referrals.
	if c := cell(t, r, "referral", "uwv", col("total")); !c.Visible() || c.N < 24 || c.N > 30 {
		t.Errorf("uwv total %+v, want 27 ± 3", c)
	}
	if c := cell(t, r, "referral", "ggz", col("total")); c.Visible() {
		t.Errorf("an agency without referrals published as %+v", c)
	}
	if !tb.Multi || len(tb.Columns) != len(intake.ReferralStates())+1 {
		t.Errorf("table shape: multi %v, %d columns", tb.Multi, len(tb.Columns))
	}
}

// TestSameRecordsSameNumber: the same set of records publishes the same
// number whatever else is counted and in whatever order; a month whose
// records are all the quarter's publishes the quarter's number.
func TestSameRecordsSameNumber(t *testing.T) {
	base := many(25, "2026-08", func(r *intake.StatRecord) { r.Location = "shelter" })
	r1, _ := Aggregate(base, opts("2026-Q3"), 10, nil)
	more := append(slices.Clone(base), many(40, "2026-07", nil)...)
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(more), func(i, j int) { more[i], more[j] = more[j], more[i] })
	r2, _ := Aggregate(more, opts("2026-Q3"), 10, nil)
	month, _ := Aggregate(more, opts("2026-08"), 10, nil)
	yearOpts := opts("2026")
	yearOpts.Provisional = true
	year, _ := Aggregate(more, yearOpts, 10, nil)
	want := cell(t, r1, "location", "shelter", 0)
	for name, r := range map[string]*Report{"quarter with more": r2, "the month": month, "the year": year} {
		if got := cell(t, r, "location", "shelter", 0); got != want {
			t.Errorf("%s: shelter %+v, alone %+v", name, got, want)
		}
	}
	if a, b := cell(t, month, "overview", "intakes", 0), cell(t, r2, "month", "2026-08", 0); a != b {
		t.Errorf("August alone %+v, August in the quarter %+v", a, b)
	}
}

// TestNothingBelowThreshold: on random data, no visible count is below the
// threshold, no published value is 1 or 2, a hidden cell carries no
// number, and no count differs from its true value by more than the
// table's maximum deviation.
func TestNothingBelowThreshold(t *testing.T) {
	cat := intake.DefaultCatalogue()
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 7))
		recs := randomRecords(rng, cat, 20+rng.IntN(300))
		thr := 5 + rng.IntN(8)
		s, _ := opts("2025").Scope()
		a := NewAggregator(s)
		for i := range recs {
			a.Add(&recs[i])
		}
		p := a.published()
		for k, v := range p.Counts {
			if v >= 1 && v <= PTableBlocked {
				t.Fatalf("seed %d: %s published as %d", seed, k, v)
			}
		}
		if n := a.intakes.n; abs(p.count("overview", "intakes", "n")-n) > PTableMaxDeviation {
			t.Fatalf("seed %d: %d intakes published as %d", seed, n, p.count("overview", "intakes", "n"))
		}
		r, err := build(p, s, thr, cat)
		if err != nil {
			t.Fatal(err)
		}
		for ti := range r.Tables {
			tb := &r.Tables[ti]
			for _, row := range tb.Rows {
				for _, c := range row.Cells {
					if c.Visible() && c.N < thr {
						t.Errorf("seed %d: %s %s shows %d below %d", seed, tb.ID, row.Key, c.N, thr)
					}
					if !c.Visible() && c.N != 0 {
						t.Errorf("seed %d: hidden cell carries its value", seed)
					}
				}
			}
		}
	}
}

// TestFigureBases: a mean, median or percentile needs a published base of
// at least MinFigureN; days are multiples of RoundDays; a percentage needs
// its count to be shown.
func TestFigureBases(t *testing.T) {
	figure := func(t *testing.T, recs []intake.StatRecord, id string) Figure {
		t.Helper()
		r, err := Aggregate(recs, opts("2026-Q3"), 10, nil)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := r.Figure(id)
		return f
	}
	t.Run("fewer than 20", func(t *testing.T) {
		for _, id := range []string{"appreciation_mean", "turnaround_median", "turnaround_p90", "state_better_yes"} {
			if f := figure(t, many(13, "2026-08", nil), id); f.Reason == ReasonNone {
				t.Errorf("%s given over 13 intakes: %v", id, f.Value)
			}
		}
	})
	t.Run("rounded days", func(t *testing.T) {
		recs := many(30, "2026-08", func(r *intake.StatRecord) { r.TurnaroundDays = 5 })
		recs = append(recs, many(31, "2026-08", func(r *intake.StatRecord) { r.TurnaroundDays = 20 })...)
		med := figure(t, recs, "turnaround_median")
		if med.Reason != ReasonNone || med.Value != 20 {
			t.Errorf("median of 30 × 5 and 31 × 20 days: %v %s", med.Value, med.Reason)
		}
		recs = recs[:60] // 30 × 5, 30 × 20: the middle two are 5 and 20 → 12.5 → 15
		if med := figure(t, recs, "turnaround_median"); med.Value != 15 {
			t.Errorf("median between 5 and 20 days: %v, want 15 (rounded to 5)", med.Value)
		}
	})
	t.Run("mean with one decimal", func(t *testing.T) {
		recs := many(20, "2026-08", func(r *intake.StatRecord) { r.Appreciation = 4 })
		recs = append(recs, many(10, "2026-08", func(r *intake.StatRecord) { r.Appreciation = 5 })...)
		if f := figure(t, recs, "appreciation_mean"); f.Reason != ReasonNone || f.Value != 4.3 {
			t.Errorf("mean %v %s, want 4.3", f.Value, f.Reason)
		}
	})
	t.Run("share of a hidden count", func(t *testing.T) {
		recs := many(40, "2026-08", func(r *intake.StatRecord) { r.StateBetter = intake.AnswerNo })
		recs = append(recs, many(2, "2026-08", nil)...) // 2 × yes
		if f := figure(t, recs, "state_better_yes"); f.Reason != ReasonSuppressed {
			t.Errorf("share of 2 yes given: %v %q", f.Value, f.Reason)
		}
	})
}

func TestMedianPercentile(t *testing.T) {
	tests := []struct {
		days     []int
		med      float64
		p90, p50 int
	}{
		{[]int{5}, 5, 5, 5},
		{[]int{1, 3}, 2, 3, 1},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9, 5},
		{[]int{0, 0, 0, 100}, 0, 100, 0},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10, 6},
	}
	for _, tt := range tests {
		var hist []int
		for _, d := range tt.days {
			for d >= len(hist) {
				hist = append(hist, 0)
			}
			hist[d]++
		}
		n := len(tt.days)
		if got := median(hist, n); got != tt.med {
			t.Errorf("%v: median %v, want %v", tt.days, got, tt.med)
		}
		if got := percentile(hist, n, 90); got != tt.p90 {
			t.Errorf("%v: p90 %v, want %v", tt.days, got, tt.p90)
		}
		if got := percentile(hist, n, 50); got != tt.p50 {
			t.Errorf("%v: p50 %v, want %v", tt.days, got, tt.p50)
		}
	}
}

// TestDifferentResidents: the residents row counts the records flagged as
// their resident's first in a period of the report's kind.
func TestDifferentResidents(t *testing.T) {
	recs := many(30, "2026-07", nil)
	recs = append(recs, many(25, "2026-08", func(r *intake.StatRecord) { r.FirstInQuarter, r.FirstInYear = false, false })...)
	recs = append(recs, many(20, "2026-08", func(r *intake.StatRecord) { r.FirstInMonth, r.FirstInQuarter, r.FirstInYear = false, false, false })...)
	for _, tt := range []struct {
		period string
		flag   func(*intake.StatRecord) bool
	}{
		{"2026-08", func(r *intake.StatRecord) bool { return r.Month == "2026-08" && r.FirstInMonth }},
		{"2026-Q3", func(r *intake.StatRecord) bool { return r.FirstInQuarter }},
		{"2026", func(r *intake.StatRecord) bool { return r.FirstInYear }},
	} {
		o := opts(tt.period)
		o.Provisional = true
		r, err := Aggregate(recs, o, 10, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cell(t, r, "overview", "residents", 0), shownAs(publishedOf(recs, tt.flag), 10); got != want {
			t.Errorf("%s: residents %+v, want %+v", tt.period, got, want)
		}
	}
}

func randomRecords(rng *rand.Rand, cat *intake.Catalogue, n int) []intake.StatRecord {
	out := make([]intake.StatRecord, n)
	for i := range out {
		r := intake.StatRecord{V: intake.StatVersion, Key: rng.Uint32(), FirstInMonth: true}
		r.Month = intake.Month(fmt.Sprintf("2025-%02d", 1+rng.IntN(12)))
		if rng.IntN(10) > 0 {
			r.Location = cat.Locations[rng.IntN(min(3, len(cat.Locations)))].Code
		}
		r.Route = cat.Routes[rng.IntN(len(cat.Routes))].Code
		r.QuestionType = cat.QuestionTypes[rng.IntN(3)].Code
		r.AgeBand = intake.AgeBands()[rng.IntN(5)]
		if rng.IntN(2) == 0 {
			r.TargetGroups = []intake.TargetGroupCode{cat.TargetGroups[rng.IntN(len(cat.TargetGroups))].Code}
			r.FirstInQuarter = rng.IntN(2) == 0
		}
		for j := 0; j < 1+rng.IntN(4); j++ {
			d := cat.Domains[rng.IntN(6)].Code
			if !slices.ContainsFunc(r.Domains, func(x intake.DomainStep) bool { return x.Domain == d }) {
				r.Domains = append(r.Domains, intake.DomainStep{Domain: d, Scale: intake.Scale(1 + rng.IntN(5))})
			}
			if rng.IntN(3) == 0 && !slices.Contains(r.Clarified, d) {
				r.Clarified = append(r.Clarified, d)
			}
		}
		r.Kompaan = rng.IntN(3) == 0
		if rng.IntN(2) == 0 {
			r.Closed, r.ClosedMonth, r.TurnaroundDays = true, r.Month.AddMonths(rng.IntN(3)), 5*rng.IntN(18)
			r.Appreciation = 1 + rng.IntN(5)
			r.StateBetter = []intake.Answer{intake.AnswerYes, intake.AnswerPartly, intake.AnswerNo}[rng.IntN(3)]
			r.Contacts = intake.ContactsBands()[rng.IntN(4)]
		}
		out[i] = r
	}
	return out
}

func sampleReport(t testing.TB, provisional bool) *Report {
	rng := rand.New(rand.NewPCG(1, 2))
	recs := randomRecords(rng, intake.DefaultCatalogue(), 1500)
	o := opts("2025")
	if provisional {
		for i := range recs {
			recs[i].Month = "2026" + recs[i].Month[4:]
			recs[i].ClosedMonth = ""
			if recs[i].Closed {
				recs[i].ClosedMonth = recs[i].Month
			}
		}
		o = opts("2026")
		o.Provisional = true
	}
	r, err := Aggregate(recs, o, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Published = "2026-01-05"
	return r
}

func TestCSV(t *testing.T) {
	r := sampleReport(t, false)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	lines := readCSV(t, data)
	if got := strings.Join(lines[0], ";"); got != "tabel;categorie;subcategorie;waarde;percentage;toelichting" {
		t.Errorf("header %q", got)
	}
	commas, small := 0, 0
	for _, l := range lines[1:] {
		if len(l) != 6 {
			t.Fatalf("line with %d fields: %q", len(l), l)
		}
		if strings.Contains(l[4], ".") || (l[0] != "Over dit bestand" && strings.Contains(l[3], ".")) {
			t.Errorf("decimal point in %q", l)
		}
		if strings.Contains(l[4], ",") {
			commas++
		}
		if l[3] == "<10" {
			small++
		}
	}
	if commas == 0 || small == 0 {
		t.Errorf("expected decimal commas (%d) and hidden cells (%d) in the sample", commas, small)
	}
	for _, want := range []string{"Geld en schulden", "Totalen hebben hun eigen afwijking", "2025 (2025-01 t/m 2025-12)", "Vastgesteld bij de eerste export op 2026-01-05"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	if strings.Contains(string(data), "oorlopig") {
		t.Error("a report over a period that is over says voorlopig")
	}
	buf.Reset()
	_ = WriteCSV(&buf, r, RenderOptions{Lang: "en"})
	if !strings.Contains(buf.String(), "table;category;subcategory;value;percentage;note") || !strings.Contains(buf.String(), "Money and debts") {
		t.Error("English CSV lacks English labels")
	}
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.Comma = ';'
	lines, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	return lines
}

// jsonDoc is the JSON export as a reader decodes it.
type jsonDoc struct {
	Format      string   `json:"format"`
	Version     int      `json:"version"`
	Period      string   `json:"period"`
	Provisional bool     `json:"provisional"`
	Published   string   `json:"published"`
	Threshold   int      `json:"threshold"`
	Notes       []string `json:"notes"`
	Method      struct {
		MaxDeviation int  `json:"max_deviation"`
		Totals       bool `json:"totals_perturbed_separately"`
	} `json:"method"`
	Tables []struct {
		ID      string `json:"id"`
		Columns []struct {
			Key string `json:"key"`
		} `json:"columns"`
		Rows []struct {
			Key   string            `json:"key"`
			Cells []json.RawMessage `json:"cells"`
		} `json:"rows"`
	} `json:"tables"`
	Figures []struct {
		ID     string   `json:"id"`
		Value  *float64 `json:"value"`
		Reason string   `json:"reason"`
	} `json:"figures"`
}

// jsonCellText reads a JSON cell as the text it shows.
func jsonCellText(t *testing.T, c json.RawMessage) string {
	t.Helper()
	var n int
	if json.Unmarshal(c, &n) == nil {
		return fmt.Sprint(n)
	}
	var s struct {
		Suppressed bool   `json:"suppressed"`
		Display    string `json:"display"`
		Why        string `json:"why"`
	}
	if err := json.Unmarshal(c, &s); err != nil || !s.Suppressed || s.Why != "small" {
		t.Fatalf("cell %s", c)
	}
	return s.Display
}

func TestJSON(t *testing.T) {
	for _, provisional := range []bool{false, true} {
		r := sampleReport(t, provisional)
		var buf bytes.Buffer
		if err := WriteJSON(&buf, r, RenderOptions{}); err != nil {
			t.Fatal(err)
		}
		var doc jsonDoc
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("decode: %v", err)
		}
		if doc.Format != JSONFormat || doc.Version != 2 || doc.Threshold != 10 || len(doc.Tables) != len(r.Tables) ||
			doc.Provisional != provisional || doc.Method.MaxDeviation != PTableMaxDeviation || !doc.Method.Totals || doc.Published != "2026-01-05" {
			t.Fatalf("header %+v", doc)
		}
		if provisional != strings.Contains(strings.Join(doc.Notes, " "), "Voorlopig") {
			t.Errorf("provisional %v, notes %q", provisional, doc.Notes)
		}
		hidden := 0
		for _, tb := range doc.Tables {
			for _, row := range tb.Rows {
				for _, c := range row.Cells {
					if jsonCellText(t, c) == "<10" {
						hidden++
					}
				}
			}
		}
		if hidden == 0 {
			t.Error("no hidden cells in the sample")
		}
		for _, f := range doc.Figures {
			if (f.Value == nil) == (f.Reason == "") {
				t.Errorf("figure %s: value %v reason %q", f.ID, f.Value, f.Reason)
			}
		}
	}
}

func TestHTMLSelfContained(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		for _, provisional := range []bool{false, true} {
			r := sampleReport(t, provisional)
			var buf bytes.Buffer
			if err := WriteHTML(&buf, r, RenderOptions{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			doc := strings.ToLower(buf.String())
			for _, bad := range []string{"http://", "https://", "//", "<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "href="} {
				if strings.Contains(doc, bad) {
					t.Errorf("%s: HTML contains %q", lang, bad)
				}
			}
			for _, want := range []string{"<!doctype html>", "<svg", "<rect", "@media print", `<html lang="` + lang + `">`} {
				if !strings.Contains(doc, want) {
					t.Errorf("%s: HTML lacks %q", lang, want)
				}
			}
			word := map[string]string{"nl": "(voorlopig)</h1>", "en": "(provisional)</h1>"}[lang]
			if provisional != strings.Contains(doc, `<p class="provisional">`) || provisional != strings.Contains(doc, word) {
				t.Errorf("%s provisional %v: banner or word %q wrong", lang, provisional, word)
			}
		}
	}
}

// TestFormatsAgree: CSV, JSON and HTML publish the same value for every
// cell and every figure of a report.
func TestFormatsAgree(t *testing.T) {
	r := sampleReport(t, false)
	var c, j, h bytes.Buffer
	ro := RenderOptions{Lang: "en"}
	if err := WriteCSV(&c, r, ro); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&j, r, ro); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&h, r, ro); err != nil {
		t.Fatal(err)
	}
	csvValues := map[[3]string]string{}
	for _, l := range readCSV(t, c.Bytes())[1:] {
		csvValues[[3]string{l[0], l[1], l[2]}] = l[3] + l[4]
	}
	var doc jsonDoc
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	htmlCells := regexp.MustCompile(`<td(?: title="[^"]*")?>([^<]*)</td>`)
	chartValues := regexp.MustCompile(`<text x="\d+" y="\d+">([^<]*)</text>`)
	htmlDoc := h.String()
	cells := 0
	for ti, tb := range r.Tables {
		sec := htmlDoc[strings.Index(htmlDoc, `<section id="`+tb.ID+`">`):]
		sec = sec[:strings.Index(sec, "</section>")]
		if tb.ID != "overview" { // the chart shows the main column, the same numbers
			var bars []string
			for _, m := range chartValues.FindAllStringSubmatch(sec, -1) {
				bars = append(bars, html.UnescapeString(m[1]))
			}
			var want []string
			for _, row := range tb.Rows {
				if !row.Total {
					want = append(want, row.Cells[tb.MainColumn()].Text(r.Threshold))
				}
			}
			if !slices.Equal(bars, want) {
				t.Errorf("%s: chart %q, main column %q", tb.ID, bars, want)
			}
		}
		rows := strings.Split(sec, "<tr")[2:] // after the header row
		for ri, row := range tb.Rows {
			tds := htmlCells.FindAllStringSubmatch(rows[ri], -1)
			for ci, col := range tb.Columns {
				want := row.Cells[ci].Text(r.Threshold)
				if got := jsonCellText(t, doc.Tables[ti].Rows[ri].Cells[ci]); got != want {
					t.Errorf("%s %s %s: JSON %q, report %q", tb.ID, row.Key, col.Key, got, want)
				}
				if got := csvValues[[3]string{tb.Title.In("en"), row.Label.In("en"), col.Label.In("en")}]; !strings.HasPrefix(got, want) {
					t.Errorf("%s %s %s: CSV %q, report %q", tb.ID, row.Key, col.Key, got, want)
				}
				if got := html.UnescapeString(tds[ci+1][1]); got != want {
					t.Errorf("%s %s %s: HTML %q, report %q", tb.ID, row.Key, col.Key, got, want)
				}
				cells++
			}
		}
	}
	for fi, f := range r.Figures {
		jf := doc.Figures[fi]
		if (f.Reason == ReasonNone) != (jf.Value != nil) || (jf.Value != nil && *jf.Value != f.Value) {
			t.Errorf("figure %s: JSON %v, report %v %s", f.ID, jf.Value, f.Value, f.Reason)
		}
		if f.Reason == ReasonNone {
			text := number(f.Value, f.decimals(), false)
			if got := csvValues[[3]string{"Key figures", f.Label.In("en"), ""}]; got != strings.Replace(text, ".", ",", 1) {
				t.Errorf("figure %s: CSV %q, report %q (the CSV has a decimal comma)", f.ID, got, text)
			}
			if !strings.Contains(htmlDoc, ">"+text) {
				t.Errorf("figure %s: %q not in the HTML", f.ID, text)
			}
		}
	}
	if cells < 200 {
		t.Fatalf("only %d cells compared", cells)
	}
}

// BenchmarkAggregate100k counts 100,000 records and builds the report:
// the work of one export after the records are decoded.
func BenchmarkAggregate100k(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	recs := randomRecords(rng, intake.DefaultCatalogue(), 100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Aggregate(recs, opts("2025"), 10, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeAggregate100k adds decoding each record from its binary
// encoding with intake.DecodeStatRecord, as Load does after decryption.
func BenchmarkDecodeAggregate100k(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	recs := randomRecords(rng, intake.DefaultCatalogue(), 100_000)
	enc := make([][]byte, len(recs))
	for i, r := range recs {
		var err error
		if enc[i], err = r.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
	s, _ := opts("2025").Scope()
	b.ReportAllocs()
	for b.Loop() {
		a := NewAggregator(s)
		for _, e := range enc {
			r, err := intake.DecodeStatRecord(e)
			if err != nil {
				b.Fatal(err)
			}
			a.Add(&r)
		}
		if _, err := build(a.published(), s, 10, nil); err != nil {
			b.Fatal(err)
		}
	}
}
