package home

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/demo"
	"github.com/spreekuur/spreekuur/session"
)

// BenchmarkBuild is making the list and the agenda from an overview of
// demo residents (SPREEKUUR_BENCH_RESIDENTS, default 10,000) on the demo's
// day: the part of the agenda after unlocking that is home's own (the
// rest is reading the vault: cmd/spreekuur's BenchmarkAgendaReady).
func BenchmarkBuild(b *testing.B) {
	n := 10000
	if env := os.Getenv("SPREEKUUR_BENCH_RESIDENTS"); env != "" {
		if v, err := strconv.Atoi(env); err == nil && v > 0 {
			n = v
		}
	}
	var ov session.Overview
	for _, c := range demo.New(1, intake.DefaultCatalogue(), friday).Residents(n) {
		if c.Resident != nil {
			ov.Residents = append(ov.Residents, *c.Resident)
		}
		for _, in := range c.Intakes {
			ov.Intakes = append(ov.Intakes, in.Header())
		}
	}
	ctx := plainContext("nl")
	ctx.Now = fridayClock
	b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
		var l Lists
		for b.Loop() {
			l = Build(ctx, ov)
		}
		b.ReportMetric(float64(len(l.Rows)), "rows")
		b.ReportMetric(float64(len(l.Agenda)), "agenda-items")
	})
}
