package screentest

import (
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TimeKeys presses keys in turn, over and over for b.N keys, through
// press (Update plus View: the work the program does per key), and
// returns the time of each, sorted.
func TimeKeys(b *testing.B, keys []tea.KeyPressMsg, press func(tea.KeyPressMsg)) []time.Duration {
	b.Helper()
	times := make([]time.Duration, 0, 1<<16)
	i := 0
	for b.Loop() {
		t0 := time.Now()
		press(keys[i%len(keys)])
		if len(times) < cap(times) {
			times = append(times, time.Since(t0))
		}
		i++
	}
	if len(times) == 0 {
		b.Fatal("no keystroke timed")
	}
	slices.Sort(times)
	return times
}

// ReportLatency reports the median and the 99th percentile of sorted
// times, in nanoseconds.
func ReportLatency(b *testing.B, times []time.Duration) {
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/op")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns/op")
}
