package app

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/demo"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
)

// demoStore holds n demo residents with their conversations, as
// `spreekuur demo --residents n --seed 1` makes them.
func demoStore(n int) *sessiontest.Fake {
	f := sessiontest.New()
	for _, c := range demo.New(1, intake.DefaultCatalogue(), benchDay).Residents(n) {
		if c.Resident != nil {
			f.Stored = append(f.Stored, *c.Resident)
		}
		f.Records = append(f.Records, c.Intakes...)
	}
	return f
}

// demoSizes are the residents of BenchmarkHomeKeystrokeDemo: 10,000 by
// default (docs/PERFORMANCE.md's figure); SPREEKUUR_BENCH_RESIDENTS
// gives others, comma-separated (10000,100000 for the office-vault row).
func demoSizes(b *testing.B) []int {
	env := os.Getenv("SPREEKUUR_BENCH_RESIDENTS")
	if env == "" {
		return []int{10000}
	}
	var out []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("SPREEKUUR_BENCH_RESIDENTS=%q: not a list of counts", env)
		}
		out = append(out, n)
	}
	return out
}

// BenchmarkHomeKeystrokeDemo is BenchmarkHomeKeystroke on demo data
// (pseudonyms like "Marieke J. (demo)", about 1.27 conversations per
// resident, so more rows than residents): it types a filter and erases
// it, over and over, and reports the rows, the median and the 99th
// percentile of App.Update plus App.View. view=list types "marieke" in
// the list; view=agenda types "marieke" in the agenda (F3; the demo has
// due items at its day); find=dates types "deze week 12-03", the words
// that ask for days.
func BenchmarkHomeKeystrokeDemo(b *testing.B) {
	for _, n := range demoSizes(b) {
		for _, v := range []struct{ name, typed string }{{"view=list", "marieke"}, {"view=agenda", "marieke"}, {"find=dates", "deze week 12-03"}} {
			b.Run(fmt.Sprintf("residents=%d/%s", n, v.name), func(b *testing.B) {
				now := func() time.Time { return benchDay }
				s := session.New(demoStore(n), nil, now, "nl")
				if err := s.Unlock("anna", []byte("correct horse battery")); err != nil {
					b.Fatal(err)
				}
				a := New(Options{Session: s, LockAfter: -1, Now: now, Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }})
				run(a, a.Start())
				if a.home == nil || len(a.home.Rows()) < n {
					b.Fatalf("home not loaded: rows for %d residents", n)
				}
				if a.home.ShowsAgenda() != (v.name == "view=agenda") {
					a.Update(tea.KeyPressMsg{Code: tea.KeyF3})
				}
				rows := len(a.home.Rows())
				if v.name == "view=agenda" {
					rows = len(a.home.Agenda())
				}
				times := timeTyping(b, a, v.typed)
				b.ReportMetric(float64(rows), "rows")
				b.ReportMetric(float64(times[len(times)/2].Nanoseconds())/1e6, "median-ms")
				b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds())/1e6, "p99-ms")
			})
		}
	}
}
