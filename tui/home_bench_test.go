package tui

import (
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkHomeKeystroke measures one keystroke on the home screen with
// 10,000 residents while filtering: App.Update plus App.View, the work the
// program does per key. It reports the median as median-ns/op.
func BenchmarkHomeKeystroke(b *testing.B) {
	v := bigVault(10000)
	_ = v.Unlock("anna", []byte("correct horse battery"))
	a := New(Options{Vault: v, Now: func() time.Time { return day0 }})
	a.Update(unlockedMsg{user: "anna"})
	a.home.update(a.home.reload()())
	if len(a.home.rows) != 10000 {
		b.Fatalf("%d rows", len(a.home.rows))
	}
	times := timeTyping(b, a, "marieke jansen")
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/op")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns/op")
}

// timeTyping types word into the app and erases it, over and over
// (narrowing and widening the filter), for b.N keys, and returns the time
// of each App.Update plus App.View, sorted.
func timeTyping(b *testing.B, a *App, word string) []time.Duration {
	var keys []tea.KeyPressMsg
	for _, r := range word {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for range word {
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	times := make([]time.Duration, 0, 1<<16)
	i := 0
	for b.Loop() {
		t0 := time.Now()
		a.Update(keys[i%len(keys)])
		_ = a.View()
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
