package home

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// manyStore is a fake vault of n residents with an intake each (some
// without a resident), two thirds (the drafts and the open ones) with an agreement due from the day after day0 to 30 days after it (more come into the agenda each day), and some long overdue (they leave it): more
// rows and agenda items than a first screen keeps.
func manyStore(n int) *sessiontest.Fake {
	st := sessiontest.New()
	statuses := []intake.Status{intake.StatusDraft, intake.StatusOpen, intake.StatusClosed}
	locs := intake.DefaultCatalogue().Locations
	for i := range n {
		rid := fmt.Sprintf("r%031x", i*7919)
		st.Stored = append(st.Stored, intake.Resident{ID: rid, Pseudonym: fmt.Sprintf("Bewoner %d", i), Created: day0.Add(-time.Duration(i) * time.Hour)})
		in := intake.Intake{ID: fmt.Sprintf("%032x", i*2654435761%(1<<32)), ResidentID: rid, Status: statuses[i%3],
			Created: day0.Add(-time.Duration(i) * time.Hour), Updated: day0.Add(-time.Duration(i) * time.Minute),
			Location: locs[i%len(locs)].Code}
		if i%7 == 0 {
			in.ResidentID = "" // an intake without a resident: "anonymous"
		}
		if i%3 != 2 {
			in.Agreements = []intake.Agreement{{What: fmt.Sprintf("afspraak %d", i), Who: intake.PartyResident, By: intake.DateOf(day0).AddDays(i%30 + 1)}}
			if i%30 == 0 { // long overdue: gone from the agenda a few days later
				in.Agreements = append(in.Agreements, intake.Agreement{What: "oud", Who: intake.PartyResident, By: intake.DateOf(day0).AddDays(-intake.OverdueShownDays + i%3)})
			}
			if i%11 == 0 { // an appointment, with its time
				in.NextAppointment = intake.Appointment{At: day0.AddDate(0, 0, i%3).Add(4 * time.Hour)}
			}
			if i%26 == 0 { // an application the municipality has not decided on in time: its letter (F6)
				in.Clarifications = []intake.Clarification{{Domain: "self_care", Letters: []intake.Letter{
					{Kind: intake.LetterApplication, From: "wmo_loket", Sent: intake.DateOf(day0).AddDays(-60 - i%20), About: fmt.Sprintf("aanvraag %d", i)},
				}}}
			}
		}
		st.Records = append(st.Records, in)
	}
	// Residents without an intake are rows too.
	for i := range 5 {
		st.Stored = append(st.Stored, intake.Resident{ID: fmt.Sprintf("s%031x", i), Pseudonym: fmt.Sprintf("Nieuw %d", i), Created: day0.Add(-time.Duration(i) * time.Minute)})
	}
	return st
}

// unlockedScreen is a new home screen of st at 80×24, as after an unlock.
func unlockedScreen(t *testing.T, st *sessiontest.Fake, user string, now func() time.Time) (*Screen, *common.Context) {
	t.Helper()
	ctx := screentest.Context(screentest.Unlocked(t, st, nil, now, "nl", user, screentest.Pass), "nl", now)
	s := New(ctx)
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	return s, ctx
}

func searches(st *sessiontest.Fake) int {
	n := 0
	for _, e := range st.Entries {
		if e.Action == store.ActSearch {
			n++
		}
	}
	return n
}

// TestKeptFirstScreen: the first load keeps its first screen; a load on
// the same day or a few days later shows that screen first — the same
// frames as the whole list's on that day, in both views and a few pages
// down, with the count of all and that day's agenda — while it reads the
// whole list behind it, which then takes over with the selection where
// it was; it is kept again only on another day. A filter typed before the
// whole list came searches it. Each load is one search in the access log.
func TestKeptFirstScreen(t *testing.T) {
	for _, later := range []int{0, 3, session.HomeListDays - 1} {
		t.Run(fmt.Sprintf("%d days later", later), func(t *testing.T) {
			st := manyStore(900)
			first, _ := unlockedScreen(t, st, "anna", clock)
			screentest.Run(t, first, first.Init())
			if st.HomeKeeps != 1 || st.Home == nil {
				t.Fatalf("the first load kept %d first screens", st.HomeKeeps)
			}
			at := func() time.Time { return day0.AddDate(0, 0, later) }
			whole, _ := unlockedScreen(t, st, "anna", at)
			whole.loadWholeOnly(t)
			if !whole.ShowsAgenda() || len(whole.Agenda()) <= session.HomeListRows || whole.set.len() <= session.HomeListRows {
				t.Fatalf("the fixture: %d rows and %d agenda items, want more than %d of each and the agenda first", whole.set.len(), len(whole.Agenda()), session.HomeListRows)
			}
			kinds := map[intake.DueKind]bool{}
			for _, d := range whole.Agenda()[:session.HomeListRows] {
				kinds[d.Kind] = true
			}
			if later == 0 && (!kinds[intake.DueLate] || !kinds[intake.DueAppointment] || !kinds[intake.DueAgreement]) {
				t.Fatalf("the kept agenda's items are of kinds %v, want late decisions, appointments and agreements", kinds)
			}
			logged := searches(st)

			s, _ := unlockedScreen(t, st, "anna", at)
			msg := s.Init()()
			km, ok := msg.(keptMsg)
			if !ok {
				t.Fatalf("the load began with %T, not the kept first screen", msg)
			}
			rest := s.Update(km)
			if !s.partial || s.set.len() != session.HomeListRows {
				t.Fatalf("kept screen: partial %v, %d rows made", s.partial, s.set.len())
			}
			same := func(when string) {
				t.Helper()
				if got, want := s.View(), whole.View(); got != want {
					t.Fatalf("%s, the kept screen:\n%s\nthe whole list's:\n%s", when, got, want)
				}
			}
			same("at first (the agenda)")
			for _, k := range []string{"pgdown", "pgdown", "down", "down"} {
				screentest.Press(t, s, k)
				screentest.Press(t, whole, k)
				same("after " + k)
			}
			screentest.Press(t, s, "f3")
			screentest.Press(t, whole, "f3")
			same("on the list")
			for _, k := range []string{"pgdown", "pgdown", "pgdown", "down"} {
				screentest.Press(t, s, k)
				screentest.Press(t, whole, k)
				same("on the list after " + k)
			}
			chosen, _ := s.Current()

			// The whole list comes: nothing changes on screen.
			keeps := screentest.Drain(t, s.Update, func(m tea.Msg) bool { _, ok := m.(KeepMsg); return ok }, rest)
			if s.partial {
				t.Fatal("still partial after the whole list came")
			}
			if want := min(later, 1); len(keeps) != want || st.HomeKeeps != 1+want {
				t.Fatalf("after the whole list: kept again %d times (%v), want %d", st.HomeKeeps-1, keeps, want)
			}
			if got, _ := s.Current(); got.IntakeID != chosen.IntakeID || got.ResidentID != chosen.ResidentID {
				t.Fatalf("selected %+v after the whole list came, was %+v", got, chosen)
			}
			same("after the whole list came")
			if n := searches(st) - logged; n != 1 {
				t.Fatalf("the load logged %d searches, want 1", n)
			}

			// A filter typed on the kept screen waits, then finds what the
			// whole list finds.
			s2, _ := unlockedScreen(t, st, "anna", at)
			rest = s2.Update(s2.Init()())
			if !s2.partial {
				t.Fatal("the third load did not show the kept first screen")
			}
			screentest.Press(t, s2, "f3")
			screentest.TypeText(t, s2, "bewoner 59")
			if v := s2.View(); !strings.Contains(v, texts.Get("nl", tSearching)) || s2.Matches() != 0 {
				t.Fatalf("a filter typed on the kept screen:\n%s", v)
			}
			screentest.Run(t, s2, rest)
			screentest.Press(t, whole, "esc")
			screentest.TypeText(t, whole, "bewoner 59")
			if s2.Matches() == 0 || s2.Matches() != whole.Matches() || s2.View() != whole.View() {
				t.Fatalf("filter after the whole list came: %d matches, whole %d\n%s", s2.Matches(), whole.Matches(), s2.View())
			}
		})
	}
}

// loadWholeOnly loads the whole list as if nothing were kept, and keeps
// nothing.
func (s *Screen) loadWholeOnly(t *testing.T) {
	t.Helper()
	s.gen++
	msg := loadWhole(s.ctx, s.gen)
	msg.stamped = false
	screentest.Run(t, s, s.Update(msg))
}

// TestKeptFirstScreenNotUsed: a kept first screen is not shown after the
// residents or intakes changed, a week after it was kept, or to a kompaan; the
// whole list is read and, for a supporter, kept anew.
func TestKeptFirstScreenNotUsed(t *testing.T) {
	cases := []struct {
		name   string
		change func(st *sessiontest.Fake, now *time.Time)
		keeps  int // first screens kept in all, after the second load
	}{
		{"an intake changed", func(st *sessiontest.Fake, _ *time.Time) { st.Records[3].Status = intake.StatusClosed }, 2},
		{"a resident renamed", func(st *sessiontest.Fake, _ *time.Time) { st.Stored[0].Pseudonym = "Andere Naam" }, 2},
		{"a resident erased", func(st *sessiontest.Fake, _ *time.Time) {
			st.Stored = st.Stored[1:]
		}, 2},
		{"a week later", func(_ *sessiontest.Fake, now *time.Time) { *now = now.AddDate(0, 0, session.HomeListDays) }, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := manyStore(300)
			now := day0
			clk := func() time.Time { return now }
			first, _ := unlockedScreen(t, st, "anna", clk)
			screentest.Run(t, first, first.Init())
			c.change(st, &now)
			s, _ := unlockedScreen(t, st, "anna", clk)
			msg := s.Init()()
			if _, kept := msg.(keptMsg); kept {
				t.Fatal("the kept first screen was shown")
			}
			screentest.Run(t, s, s.Update(msg))
			if st.HomeKeeps != c.keeps {
				t.Fatalf("kept %d first screens, want %d", st.HomeKeeps, c.keeps)
			}
			fresh, _ := unlockedScreen(t, st, "anna", clk)
			screentest.Run(t, fresh, fresh.Init())
			if s.View() != fresh.View() {
				t.Fatalf("screen:\n%s\nloaded afresh:\n%s", s.View(), fresh.View())
			}
		})
	}
	t.Run("a kompaan", func(t *testing.T) {
		st := manyStore(50)
		st.AddUser("kees", screentest.Pass, store.RoleKompaan)
		for i := range st.Records {
			st.Records[i].Presence.Kompaan, st.Records[i].Presence.KompaanName = true, "kees"
		}
		supporter, _ := unlockedScreen(t, st, "anna", clock)
		screentest.Run(t, supporter, supporter.Init())
		if st.HomeKeeps != 1 {
			t.Fatalf("the supporter kept %d first screens", st.HomeKeeps)
		}
		st.HomeKeeps = 0
		for range 2 {
			s, _ := unlockedScreen(t, st, "kees", clock)
			msg := s.Init()()
			if _, kept := msg.(keptMsg); kept {
				t.Fatal("a kompaan was shown a kept first screen")
			}
			screentest.Run(t, s, s.Update(msg))
			if s.set.len() == 0 || st.HomeKeeps != 0 {
				t.Fatalf("a kompaan's list: %d rows, %d first screens kept", s.set.len(), st.HomeKeeps)
			}
		}
	})
}

// TestKeptAfterTheFilterWorks: the whole list's first screen is kept
// after the rows' filter entries are made (the filter comes first), and
// not at all when the screen locked before.
func TestKeptAfterTheFilterWorks(t *testing.T) {
	st := manyStore(100)
	s, _ := unlockedScreen(t, st, "anna", clock)
	entries := s.Update(s.Init()())
	if entries == nil || st.HomeKeeps != 0 {
		t.Fatalf("after the whole list: a command %v, %d first screens kept", entries != nil, st.HomeKeeps)
	}
	kept := s.Update(entries())
	if kept == nil {
		t.Fatal("nothing keeps the first screen after the entries came")
	}
	if msg, ok := kept().(KeepMsg); !ok || !msg.Kept || msg.Err != nil || st.HomeKeeps != 1 {
		t.Fatalf("keeping answered %+v, %d kept", msg, st.HomeKeeps)
	}

	st.Records[0].Status = intake.StatusClosed // the kept one no longer holds
	s, _ = unlockedScreen(t, st, "anna", clock)
	msg := s.Init()()
	if _, whole := msg.(loadedMsg); !whole {
		t.Fatalf("began with %T, not the whole list", msg)
	}
	entries = s.Update(msg)
	s.Locked()
	if cmd := s.Update(entries()); cmd != nil || st.HomeKeeps != 1 {
		t.Fatalf("after a lock: a command %v, %d kept", cmd != nil, st.HomeKeeps)
	}
}

// keptScreen is a screen of st on day0 showing the first screen kept
// before, and the command that reads the whole list behind it.
func keptScreen(t *testing.T, st *sessiontest.Fake) (*Screen, tea.Cmd) {
	t.Helper()
	s, _ := unlockedScreen(t, st, "anna", clock)
	msg := s.Init()()
	if _, ok := msg.(keptMsg); !ok {
		t.Fatalf("began with %T, not the kept first screen", msg)
	}
	return s, s.Update(msg)
}

// TestKeptScreenActsOnlyOnWhatItShows: on a kept first screen a typed
// filter waits for the whole list in both views, and meanwhile no key
// acts on a row: enter, F6 (a letter), ctrl+x (erase) and ctrl+a send
// nothing. A lock drops the kept screen.
func TestKeptScreenActsOnlyOnWhatItShows(t *testing.T) {
	st := manyStore(900)
	first, _ := unlockedScreen(t, st, "anna", clock)
	screentest.Run(t, first, first.Init())
	s, _ := keptScreen(t, st)
	if !s.ShowsAgenda() {
		t.Fatal("the kept screen does not open on the agenda")
	}
	screentest.TypeText(t, s, "bewoner 8")
	for _, v := range []string{"agenda", "list"} {
		if _, ok := s.CurrentDue(); ok {
			t.Errorf("%s: an agenda row is selected while the filter waits", v)
		}
		if _, ok := s.Current(); ok {
			t.Errorf("%s: a row is selected while the filter waits", v)
		}
		for _, k := range []string{"enter", "f6", "ctrl+x", "ctrl+a", "ctrl+f"} {
			if msgs := screentest.Press(t, s, k); len(msgs) != 0 {
				t.Errorf("%s: %s sent %v while the filter waits", v, k, msgs)
			}
		}
		if !strings.Contains(s.View(), texts.Get("nl", tSearching)) {
			t.Errorf("%s: the screen does not say it is searching:\n%s", v, s.View())
		}
		screentest.Press(t, s, "f3")
	}
	s.Locked()
	if s.partial || s.kept != nil || s.set != nil || s.keeping != nil {
		t.Fatalf("after a lock: partial %v, kept %v, rows %d", s.partial, s.kept != nil, s.set.len())
	}
}

// TestKeptScreenEnd: end on a kept first screen goes to its last row, and
// to the whole list's last row once that comes.
func TestKeptScreenEnd(t *testing.T) {
	st := manyStore(300)
	first, _ := unlockedScreen(t, st, "anna", clock)
	screentest.Run(t, first, first.Init())
	s, rest := keptScreen(t, st)
	screentest.Press(t, s, "f3", "end")
	if s.sel[viewList] != session.HomeListRows-1 {
		t.Fatalf("end on the kept screen: row %d", s.sel[viewList])
	}
	screentest.Run(t, s, rest)
	got, ok := s.Current()
	last := s.set.row(s.set.len() - 1)
	if !ok || s.sel[viewList] != s.set.len()-1 || got.IntakeID != last.IntakeID || got.ResidentID != last.ResidentID {
		t.Fatalf("after the whole list came: row %d of %d", s.sel[viewList], s.set.len())
	}
}

// TestKeptScreenReplacedWhenItShowsOtherwise: a kept first screen that
// does not show what the whole list shows (put back from an older file
// with its digest, or kept by a program with other rules) is kept anew
// when the whole list comes, and the next load shows the right one.
func TestKeptScreenReplacedWhenItShowsOtherwise(t *testing.T) {
	st := manyStore(300)
	first, _ := unlockedScreen(t, st, "anna", clock)
	screentest.Run(t, first, first.Init())
	var hl session.HomeList
	if err := json.Unmarshal(st.Home, &hl); err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(hl.List, func(r session.HomeRow) bool { return r.Named })
	right := hl.List[at].Name
	hl.List[at].Name = "Iemand Anders"
	st.Home, _ = json.Marshal(hl)

	s, rest := keptScreen(t, st)
	if r := s.set.row(at); r.name != "Iemand Anders" {
		t.Fatalf("the kept screen's row %d: %q", at, r.name)
	}
	keeps := screentest.Drain(t, s.Update, func(m tea.Msg) bool { _, ok := m.(KeepMsg); return ok }, rest)
	if len(keeps) != 1 || st.HomeKeeps != 2 {
		t.Fatalf("kept anew %d times (%v)", st.HomeKeeps-1, keeps)
	}
	again, _ := keptScreen(t, st)
	if r := again.set.row(at); r.name != common.Inert(right) {
		t.Fatalf("the next kept screen's row %d: %q, want %q", at, r.name, right)
	}
}
