package main

// Benchmarks of what an office-size vault costs (issue 13), on the same
// cached demo fixtures as perf_bench_test.go.

import (
	"fmt"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/home"
)

// BenchmarkHomeParts splits what home does after the unlock into its
// parts, each on its own: reading the intake index (every entry opened
// and decoded, on every core), reading every resident, the session's
// overview (both), and building the home rows from it. Medians per part.
func BenchmarkHomeParts(b *testing.B) {
	for _, n := range benchSizes {
		path := demoFixture(b, n)
		v := openBench(b, path)
		cat := intake.DefaultCatalogue()
		now := func() time.Time { return benchNow }
		st := session.FromVault(v, cat, now)
		sess := session.New(st, cat, now, "nl")
		if err := sess.Unlock("", []byte(annaPass)); err != nil {
			b.Fatal(err)
		}
		ctx := common.NewContext(sess, common.NewTheme(true, false, true), "nl", now)
		ov, err := sess.Overview()
		if err != nil {
			b.Fatal(err)
		}
		for _, part := range []struct {
			name string
			do   func() (int, error)
		}{
			{"index", func() (int, error) { e, err := v.IntakeIndex(); return len(e), err }},
			{"residents", func() (int, error) { r, err := st.Residents(); return len(r), err }},
			{"overview", func() (int, error) { o, err := sess.Overview(); return len(o.Intakes), err }},
			{"rows", func() (int, error) { return len(home.BuildRows(ctx, ov)), nil }},
		} {
			b.Run(fmt.Sprintf("residents=%d/%s", n, part.name), func(b *testing.B) {
				var times []time.Duration
				for b.Loop() {
					t0 := time.Now()
					if count, err := part.do(); err != nil || count == 0 {
						b.Fatal(err, count)
					}
					times = append(times, time.Since(t0))
				}
				b.ReportMetric(ms(percentile(times, 50)), "median-ms")
			})
		}
		_ = v.Close()
	}
}
