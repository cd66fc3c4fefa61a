package tui

import (
	"fmt"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/demo"
)

// demoFake is an in-memory vault holding n demo residents with their
// intakes, as `spreekuur demo --residents n --seed 1` makes them.
func demoFake(n int) *fakeVault {
	f := newFakeVault()
	for _, c := range demo.New(1, intake.DefaultCatalogue(), day0).Residents(n) {
		if c.Resident != nil {
			f.residents = append(f.residents, *c.Resident)
		}
		f.intakes = append(f.intakes, c.Intakes...)
	}
	return f
}

// BenchmarkHomeKeystrokeDemo is BenchmarkHomeKeystroke on demo data
// (pseudonyms like "Marieke J. (demo)", about 1.27 intakes per resident,
// so more rows than residents), at 10,000 and 100,000 residents. It types
// "marieke" and erases it, over and over, and reports the median and 99th
// percentile of App.Update plus App.View.
func BenchmarkHomeKeystrokeDemo(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			v := demoFake(n)
			_ = v.Unlock("anna", []byte("correct horse battery"))
			a := New(Options{Vault: v, Now: func() time.Time { return day0 }})
			a.Update(unlockedMsg{user: "anna"})
			a.home.update(a.home.reload()())
			if len(a.home.rows) < n {
				b.Fatalf("%d rows for %d residents", len(a.home.rows), n)
			}
			times := timeTyping(b, a, "marieke")
			b.ReportMetric(float64(len(a.home.rows)), "rows")
			b.ReportMetric(float64(times[len(times)/2].Nanoseconds())/1e6, "median-ms")
			b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds())/1e6, "p99-ms")
		})
	}
}
