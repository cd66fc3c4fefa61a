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
// first-screen is what the screen waits for before it draws (the rows'
// order and the agenda; rows are made when drawn, filter entries after),
// entries what comes after it, whole both at once (Build, the line mode),
// keep the first screen kept for the next unlock (made after the whole
// list is on screen: its rows and the agendas of a week).
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
			ov.Intakes = append(ov.Intakes, in.Header().Listed())
		}
	}
	ctx := plainContext("nl")
	ctx.Now = fridayClock
	for _, part := range []struct {
		name string
		do   func(b *testing.B) Lists
	}{
		{"first-screen", func(*testing.B) Lists { return build(ctx, ov, false) }},
		{"entries", func(b *testing.B) Lists {
			b.StopTimer()
			l := build(ctx, ov, false)
			b.StartTimer()
			l.later.make()
			return l
		}},
		{"whole", func(*testing.B) Lists { return Build(ctx, ov) }},
		{"keep", func(b *testing.B) Lists {
			b.StopTimer()
			l := build(ctx, ov, false)
			b.StartTimer()
			l.homeList(today(ctx), [32]byte{})
			return l
		}},
	} {
		b.Run(fmt.Sprintf("residents=%d/%s", n, part.name), func(b *testing.B) {
			b.ReportAllocs()
			var l Lists
			for b.Loop() {
				l = part.do(b)
			}
			b.ReportMetric(float64(l.set.len()), "rows")
			b.ReportMetric(float64(len(l.Agenda)), "agenda-items")
		})
	}
}
