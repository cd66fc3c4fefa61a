package attack

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// TestAttackFigures measures the attacks on a demo vault, before and after
// issue 11, for docs/STATISTICS.md. It runs only when scripts/stats-attack.sh
// sets SPREEKUUR_ATTACK_VAULT (a demo vault, opened with
// SPREEKUUR_PASSPHRASE) and SPREEKUUR_ATTACK_BEFORE (a directory of JSON
// exports of the same vault made by the program before issue 11, see the
// script). Per calendar year it reports, for every count of a month,
// quarter or year that is over whose true value is 1 to 4 (in the tables
// both versions publish alike): how many an attacker pins down exactly
// and the mean width of the narrowest interval it reaches.
//
//	before            the old exports: every month, quarter and year, and the year so far at every month
//	before+threshold  the same and every month at thresholds 5 to 9 (the old --threshold)
//	after             every month, quarter and year, and the provisional year and quarter so far at every month
//	after at 5        the same at the lowest minimum cell size a supporter can set
func TestAttackFigures(t *testing.T) {
	vaultPath, beforeDir := os.Getenv("SPREEKUUR_ATTACK_VAULT"), os.Getenv("SPREEKUUR_ATTACK_BEFORE")
	if vaultPath == "" {
		t.Skip("set SPREEKUUR_ATTACK_VAULT and SPREEKUUR_ATTACK_BEFORE (scripts/stats-attack.sh)")
	}
	now := demoNow
	if s := os.Getenv("SPREEKUUR_ATTACK_NOW"); s != "" {
		var err error
		if now, err = time.Parse(time.RFC3339, s); err != nil {
			t.Fatal(err)
		}
	}
	v, err := store.Open(vaultPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("", []byte(os.Getenv("SPREEKUUR_PASSPHRASE"))); err != nil {
		t.Fatal(err)
	}
	var recs []intake.StatRecord
	if err := v.View(func(tx *store.Tx) error {
		return tx.ForEachStat(func(r intake.StatRecord) error { recs = append(recs, r); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	truth := NewTruth(recs)

	before := map[int][]*Export{} // by year
	threshold := map[int][]*Export{}
	files, _ := filepath.Glob(filepath.Join(beforeDir, "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		e, err := ReadExport(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		y := e.From.Year()
		if strings.Contains(filepath.Base(f), "-t") {
			threshold[y] = append(threshold[y], e)
		} else {
			before[y] = append(before[y], e)
		}
	}
	years := make([]int, 0, len(before))
	for y := range before {
		years = append(years, y)
	}
	slices.Sort(years)
	fmt.Printf("%d records; figures per year: targets, pinned, mean width\n", len(recs))
	var sum [4]Result
	for _, y := range years {
		fixed := fixedExports(t, recs, y, now, statistics.DefaultThreshold)
		if len(fixed) == 0 {
			continue
		}
		tg := commonTargets(truth, fixed)
		after := append(fixed, provisionalExports(t, recs, y, now, statistics.DefaultThreshold)...)
		at5 := append(fixedExports(t, recs, y, now, statistics.MinThreshold), provisionalExports(t, recs, y, now, statistics.MinThreshold)...)
		rs := [4]Result{
			attackQuiet(t, before[y], tg),
			attackQuiet(t, append(slices.Clone(before[y]), threshold[y]...), tg),
			attackQuiet(t, after, tg),
			attackQuiet(t, at5, tg),
		}
		fmt.Printf("%d: %d small counts | before %d pinned, width %.2f | before+threshold %d, %.2f | after %d, %.2f | after at 5 %d, %.2f\n",
			y, rs[0].Targets, rs[0].Pinned, rs[0].MeanWidth, rs[1].Pinned, rs[1].MeanWidth, rs[2].Pinned, rs[2].MeanWidth, rs[3].Pinned, rs[3].MeanWidth)
		for i, r := range rs {
			sum[i].Targets += r.Targets
			sum[i].Pinned += r.Pinned
			sum[i].MeanWidth += r.MeanWidth * float64(r.Targets)
			sum[i].Outside += r.Outside
		}
	}
	names := []string{"before", "before+threshold", "after", "after at 5"}
	for i, r := range sum {
		fmt.Printf("ALL %-17s %5d small counts, %5d pinned (%.1f%%), mean width %.2f\n", names[i], r.Targets, r.Pinned,
			100*float64(r.Pinned)/float64(max(1, r.Targets)), r.MeanWidth/float64(max(1, r.Targets)))
		if r.Outside > 0 {
			t.Errorf("%s: %d true counts outside the attacker's intervals", names[i], r.Outside)
		}
	}
	fmt.Println(usefulness(t, recs, truth, years, now))
}

// fixedExports are the exports of every month, quarter and the year of
// year that are over at now.
func fixedExports(t testing.TB, recs []intake.StatRecord, year int, now time.Time, threshold int) []*Export {
	var out []*Export
	for _, s := range []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "Q1", "Q2", "Q3", "Q4", ""} {
		name := strconv.Itoa(year)
		if s != "" {
			name += "-" + s
		}
		p, _ := statistics.ParsePeriod(name)
		rep, err := statistics.Aggregate(recs, statistics.Options{Period: p, Now: now}, threshold, nil)
		if err != nil {
			continue // not over
		}
		out = append(out, exportOfReport(t, rep))
	}
	return out
}

// provisionalExports are the provisional year and quarter so far, as
// exported on the first of every month of year up to now.
func provisionalExports(t testing.TB, recs []intake.StatRecord, year int, now time.Time, threshold int) []*Export {
	var out []*Export
	for m := 2; m <= 12; m++ {
		at := time.Date(year, time.Month(m), 1, 9, 0, 0, 0, time.UTC)
		if at.After(now) {
			break
		}
		for _, p := range []statistics.Period{{Kind: statistics.PeriodYear, Year: year}, {Kind: statistics.PeriodQuarter, Year: year, N: (m + 2) / 3}} {
			rep, err := statistics.Aggregate(recs, statistics.Options{Period: p, Provisional: true, Now: at}, threshold, nil)
			if err != nil {
				continue // the quarter has just begun
			}
			out = append(out, exportOfReport(t, rep))
		}
	}
	return out
}

func exportOfReport(t testing.TB, rep *statistics.Report) *Export {
	data, err := JSON(rep)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ReadExport(data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// commonTargets are the small counts of the tables both versions publish
// alike: location, route, age band, question type, kompaan, target group,
// the domains by step and discussed, the domains clarified.
func commonTargets(truth Truth, exports []*Export) []target {
	var out []target
	for _, x := range targets(truth, exports) {
		switch c := x.c; {
		case c.Table == "domain_step" && c.Row != "total",
			c.Table == "clarified" && c.Col == "total",
			slices.Contains([]string{"location", "route", "age_band", "question_type", "kompaan", "target_group"}, c.Table):
			out = append(out, x)
		}
	}
	return out
}

// attackQuiet is runAttack without logging every pinned count, timed.
func attackQuiet(t *testing.T, exports []*Export, tg []target) Result {
	start := time.Now()
	r := runAttack(t, exports, tg, false)
	fmt.Fprintf(os.Stderr, "  attack of %d exports, %d targets: %v\n", len(exports), len(tg), time.Since(start).Round(time.Millisecond))
	return r
}

// usefulness measures how far the published counts are from the true ones
// over every month, quarter and year that is over: the mean absolute
// deviation of the counts that are shown, the largest relative deviation
// of a total (the number of intakes of a period), and how many cells are
// hidden; and the same for the different residents of each period.
func usefulness(t *testing.T, recs []intake.StatRecord, truth Truth, years []int, now time.Time) string {
	var cells, hidden, dev, totals int
	var worstTotal float64
	var resCells, resDev int
	for _, y := range years {
		for _, e := range fixedExports(t, recs, y, now, statistics.DefaultThreshold) {
			months := monthsBetween(e.From, e.To)
			for c, text := range e.Values {
				cc, ms, ok := canonical(2, c)
				if c.Table == "overview" && c.Row == "residents" {
					if p, err := strconv.Atoi(text); err == nil {
						resCells++
						resDev += abs(p - residents(recs, e.From, e.To))
					}
					continue
				}
				if !ok {
					continue
				}
				if ms == nil {
					ms = months
				}
				cells++
				p, err := strconv.Atoi(text)
				if err != nil {
					hidden++
					continue
				}
				n := truth.Of(cc, ms)
				dev += abs(p - n)
				if cc == (Cell{"overview", "intakes", "n"}) && n > 0 {
					totals++
					worstTotal = max(worstTotal, float64(abs(p-n))/float64(n))
				}
			}
		}
	}
	shown := cells - hidden
	return fmt.Sprintf("usefulness: %d cells, %d shown, mean absolute deviation %.2f; %d totals of intakes, largest deviation %.2f%%; %d counts of different residents, mean absolute deviation %.2f",
		cells, shown, float64(dev)/float64(max(1, shown)), totals, 100*worstTotal, resCells, float64(resDev)/float64(max(1, resCells)))
}

// residents is the true number of different residents with an intake
// from..to (a period starting at its start): the records flagged first in
// the period's kind.
func residents(recs []intake.StatRecord, from, to intake.Month) int {
	n := 0
	months := from.MonthsUntil(to) + 1
	for i := range recs {
		r := &recs[i]
		if r.Month < from || r.Month > to {
			continue
		}
		switch {
		case months == 1 && r.FirstInMonth, months == 3 && r.FirstInQuarter, months > 3 && r.FirstInYear:
			n++
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
