package app

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

var benchDay = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

// bigStore has n residents, each with one intake, with made-up names.
func bigStore(n int) *sessiontest.Fake {
	f := sessiontest.New()
	first := []string{"Jan", "Fatima", "Piet", "Marieke", "Mohamed", "Sanne", "Kees", "Aylin", "Wim", "Noor", "Daan", "Esra"}
	last := []string{"de Vries", "Özdemir", "Bakker", "Jansen", "el Amrani", "Visser", "Smit", "Yilmaz", "de Boer", "Mulder"}
	locs := intake.DefaultCatalogue().Locations
	statuses := []intake.Status{intake.StatusDraft, intake.StatusOpen, intake.StatusClosed}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("r%09d", i)
		f.Stored = append(f.Stored, intake.Resident{ID: id,
			Pseudonym: fmt.Sprintf("%s %s %d", first[i%len(first)], last[(i/len(first))%len(last)], i),
			Created:   benchDay.Add(-time.Duration(i) * time.Hour)})
		f.Records = append(f.Records, intake.Intake{ID: "i" + id, ResidentID: id, Status: statuses[i%3],
			Updated: benchDay.Add(-time.Duration(i) * time.Minute), Location: locs[i%len(locs)].Code})
	}
	return f
}

// BenchmarkHomeKeystroke measures one keystroke on the home screen with
// 10,000 residents while filtering: App.Update plus App.View, the work the
// program does per key. It reports the median and the 99th percentile.
func BenchmarkHomeKeystroke(b *testing.B) {
	st := bigStore(10000)
	now := func() time.Time { return benchDay }
	s := session.New(st, nil, now, "nl")
	if err := s.Unlock("anna", []byte("correct horse battery")); err != nil {
		b.Fatal(err)
	}
	a := New(Options{Session: s, LockAfter: -1, Now: now, Tick: func(time.Duration, tea.Msg) tea.Cmd { return nil }})
	run(a, a.Start())
	if a.home == nil || len(a.home.Rows()) != 10000 {
		b.Fatalf("home not loaded")
	}
	if a.home.ShowsAgenda() {
		a.Update(tea.KeyPressMsg{Code: tea.KeyF3}) // the list
	}
	screentest.ReportLatency(b, timeTyping(b, a, "marieke jansen"))
}

// run runs a command and feeds its messages back, as the runtime would
// (a batch runs each command).
func run(a *App, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			run(a, c)
		}
		return
	}
	if msg != nil {
		_, next := a.Update(msg)
		run(a, next) // home's filter entries come after its list
	}
}

// timeTyping types word into the app and erases it, over and over
// (narrowing and widening the filter), for b.N keys, and returns the time
// of each App.Update plus App.View, sorted.
func timeTyping(b *testing.B, a *App, word string) []time.Duration {
	// The word finds something: else the keys would be timed against a
	// list that cannot be searched (its filter entries not made).
	for _, r := range word {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if a.home.Matches() == 0 {
		b.Fatalf("%q finds nothing on home:\n%s", word, a.View().Content)
	}
	for range word {
		a.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	var keys []tea.KeyPressMsg
	for _, r := range word {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for range word {
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	return screentest.TimeKeys(b, keys, func(k tea.KeyPressMsg) {
		a.Update(k)
		_ = a.View()
	})
}
