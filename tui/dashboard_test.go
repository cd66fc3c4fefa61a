package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store/statistics"
)

const coordPass = "stille kracht lamp"

// Secret numbers put into hidden cells of the fake report. A real report
// never carries them (statistics keeps hidden counts to itself); the fake
// does, to prove the screen never prints the number of a hidden cell.
const (
	secretSmall     = 7  // a count below the threshold, shown as "<10"
	secretSecondary = 13 // hidden so the 7 cannot be worked out, shown as "x"
)

func hidden(n int, h statistics.Hidden) statistics.Cell { return statistics.Cell{N: n, Hidden: h} }
func shown(n int) statistics.Cell                       { return statistics.Cell{N: n} }

// fakeReport has a month table with a small and a secondary cell, a
// location table, the domain table (wide headings), a withheld table and
// figures with and without values.
func fakeReport() *statistics.Report {
	tt := intake.T
	one := []statistics.Column{{Key: "intakes", Label: tt("Intakes", "Intakes")}}
	steps := []statistics.Column{}
	for _, n := range []string{"Gaat goed", "Gaat wel", "Zorgen", "Gaat niet goed", "Dringend: nu hulp nodig", "Besproken"} {
		steps = append(steps, statistics.Column{Key: n, Label: tt(n, n)})
	}
	return &statistics.Report{
		From: "2026-01", To: "2026-03", Threshold: 10, MinN: 10,
		Tables: []statistics.Table{
			{ID: "month", Title: tt("Per maand", "By month"), Category: tt("Maand", "Month"),
				Columns: []statistics.Column{one[0], {Key: "contacts", Label: tt("Contacten", "Contacts")}},
				Rows: []statistics.Row{
					{Key: "2026-01", Label: tt("2026-01", "2026-01"), Cells: []statistics.Cell{shown(34), shown(51)}},
					{Key: "2026-02", Label: tt("2026-02", "2026-02"), Cells: []statistics.Cell{hidden(secretSmall, statistics.Small), shown(22)}},
					{Key: "2026-03", Label: tt("2026-03", "2026-03"), Cells: []statistics.Cell{hidden(secretSecondary, statistics.Secondary), shown(40)}},
					{Key: "total", Label: tt("Totaal", "Total"), Total: true, Cells: []statistics.Cell{shown(54), shown(113)}},
				}},
			{ID: "location", Title: tt("Locatie", "Location"), Category: tt("Locatie", "Location"), Columns: one,
				Rows: []statistics.Row{
					{Key: "bieb", Label: tt("Bibliotheek Centrum", "Library"), Cells: []statistics.Cell{shown(40)}},
					{Key: "buurthuis", Label: tt("Buurthuis De Schakel", "Community centre"), Cells: []statistics.Cell{hidden(secretSmall, statistics.Small)}},
					{Key: "huisarts", Label: tt("Huisartsenpraktijk", "GP"), Cells: []statistics.Cell{hidden(secretSecondary, statistics.Secondary)}},
					{Key: "total", Label: tt("Totaal", "Total"), Total: true, Cells: []statistics.Cell{shown(60)}},
				}},
			{ID: "domain_step", Title: tt("Levensdomeinen besproken, naar stap", "Life domains discussed, by step"),
				Category: tt("Domein", "Domain"), Columns: steps,
				Note: tt("Eén intake telt bij elk besproken domein.", "One intake counts for every domain discussed."),
				Rows: []statistics.Row{
					{Key: "geld", Label: tt("Geld en schulden", "Money and debts"), Cells: []statistics.Cell{shown(0), shown(12), shown(20), hidden(secretSmall, statistics.Small), shown(10), shown(49)}},
					{Key: "wonen", Label: tt("Wonen", "Housing"), Cells: []statistics.Cell{shown(11), shown(0), hidden(secretSecondary, statistics.Secondary), shown(0), shown(0), hidden(secretSecondary, statistics.Secondary)}},
					{Key: "total", Label: tt("Totaal", "Total"), Total: true, Cells: []statistics.Cell{shown(11), shown(12), hidden(secretSecondary, statistics.Secondary), hidden(secretSecondary, statistics.Secondary), shown(10), shown(73)}},
				}},
			{ID: "age_band", Title: tt("Leeftijdsgroep", "Age band"), Category: tt("Leeftijd", "Age"), Columns: one, Withheld: true,
				Rows: []statistics.Row{{Key: "x", Label: tt("18 tot en met 26", "18 to 26"), Cells: []statistics.Cell{hidden(secretSmall, statistics.Withheld)}}}},
		},
		Figures: []statistics.Figure{
			{ID: "appreciation_mean", Label: tt("Waardering, gemiddeld (1–5)", "Appreciation, mean (1–5)"), Unit: statistics.UnitScore, Value: 4.23, N: shown(41)},
			{ID: "turnaround_median", Label: tt("Doorlooptijd afgesloten intakes, mediaan (dagen)", "Turnaround, median (days)"), Unit: statistics.UnitDays, Value: 12.5, N: shown(30)},
			{ID: "turnaround_p90", Label: tt("Doorlooptijd afgesloten intakes, 90e percentiel (dagen)", "Turnaround, p90 (days)"), Unit: statistics.UnitDays, Value: 31, N: shown(30)},
			{ID: "state_better_share", Label: tt("Kan de vraag nu beter verwoorden", "States the question better"), Unit: statistics.UnitPercent, Value: 63.4, N: shown(41)},
			{ID: "more_control_share", Label: tt("Heeft meer regie", "More in control"), Unit: statistics.UnitPercent, Reason: statistics.ReasonFewCases, N: hidden(secretSmall, statistics.Small)},
		},
	}
}

// coordVault has a supporter (anna) and a coordinator (carla). Reading
// residents or intakes as the coordinator fails the test.
func coordVault(t *testing.T) *fakeVault {
	v := sampleVault()
	v.users["carla"] = coordPass
	v.coordinators = map[string]bool{"carla": true}
	v.report = fakeReport()
	v.notesRead = func(what string) {
		if v.coordinators[v.user] {
			t.Errorf("the app called %s for a coordinator", what)
		}
	}
	return v
}

// lineWith returns the first line of frame that starts (after spaces)
// with prefix.
func lineWith(t *testing.T, frame, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(frame, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), prefix) {
			return l
		}
	}
	t.Fatalf("no line starting with %q in:\n%s", prefix, frame)
	return ""
}

// assertHiddenShownAsMarked: the rows with hidden cells show "<10" or "x"
// and never the number behind them, and get no bar.
func assertHiddenShownAsMarked(t *testing.T, frame string, rows map[string]string) {
	t.Helper()
	for prefix, mark := range rows {
		l := lineWith(t, frame, prefix)
		rest := strings.TrimPrefix(strings.TrimSpace(l), prefix)
		if !strings.Contains(rest, mark) {
			t.Errorf("row %q does not show %q: %q", prefix, mark, l)
		}
		for _, secret := range []string{"7", "13"} {
			if strings.Contains(rest, secret) {
				t.Errorf("row %q shows the hidden number %s: %q", prefix, secret, l)
			}
		}
		if strings.Contains(l, "█") {
			t.Errorf("row %q has a bar for a hidden count: %q", prefix, l)
		}
	}
}

func pressKey(s *session, k tea.KeyPressMsg) { s.tm.Send(k) }

func TestGoldenDashboard(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // the suggested file: ~/spreekuur-statistiek-….csv
	v := coordVault(t)
	s := start(t, Options{Vault: v})
	s.waitFor("Wachtwoordzin")
	s.typeText(coordPass)
	s.key("enter")
	t.Run("month", func(t *testing.T) {
		f := s.waitFor("Per maand")
		assertHiddenShownAsMarked(t, f, map[string]string{"2026-02": "<10", "2026-03": "x"})
		requireGolden(t, f)
	})
	pressKey(s, flowKey("right"))
	t.Run("location", func(t *testing.T) {
		f := s.waitFor("[Locatie]")
		assertHiddenShownAsMarked(t, f, map[string]string{"Buurthuis De Schakel": "<10", "Huisartsenpraktijk": "x"})
		requireGolden(t, f)
	})
	pressKey(s, flowKey("right"))
	t.Run("domains", func(t *testing.T) {
		f := s.waitFor("1 = Gaat goed")
		l := lineWith(t, f, "Wonen")
		if strings.Contains(l, "13") || strings.Count(l, "x") != 2 {
			t.Errorf("domain row: %q", l)
		}
		requireGolden(t, f)
	})
	pressKey(s, flowKey("right"))
	t.Run("withheld", func(t *testing.T) {
		f := s.waitFor("te weinig intakes om hem veilig")
		if strings.Contains(f, "18 tot en met 26") {
			t.Error("a withheld table shows its rows")
		}
		requireGolden(t, f)
	})
	pressKey(s, flowKey("right"))
	t.Run("figures", func(t *testing.T) {
		f := s.waitFor("Kengetallen")
		for _, want := range []string{"4,2", "12,5 dagen", "31 dagen", "63,4%", "Te weinig intakes", "n = 41"} {
			if !strings.Contains(f, want) {
				t.Errorf("figures do not show %q", want)
			}
		}
		requireGolden(t, f)
	})
	pressKey(s, keyMsg("e"))
	t.Run("export", func(t *testing.T) { requireGolden(t, s.waitFor("statistiek opslaan")) })
}

// TestCoordinatorLandsOnDashboard: a coordinator unlocking sees the
// statistics, and the app never asks the vault for residents or intakes,
// not on unlock, not on keys, not after locking and unlocking again.
func TestCoordinatorLandsOnDashboard(t *testing.T) {
	v := coordVault(t)
	a := New(Options{Vault: v, Now: (&clock{day0}).now, LockAfter: -1})
	typeIn(a, coordPass)
	run(a, keyMsg("enter"))
	if _, ok := a.cur.(*dashboardScreen); !ok {
		t.Fatalf("a coordinator landed on %T", a.cur)
	}
	if !strings.Contains(plain(a), "Per maand") {
		t.Fatalf("dashboard not shown:\n%s", plain(a))
	}
	for _, k := range []string{"esc", "ctrl+o", "right", "down", "ctrl+n", "ctrl+f", "enter"} {
		run(a, flowKey(k))
	}
	if _, ok := a.cur.(*dashboardScreen); !ok {
		t.Fatalf("keys took a coordinator to %T", a.cur)
	}
	run(a, keyMsg("ctrl+l"))
	typeIn(a, coordPass)
	run(a, keyMsg("enter"))
	if _, ok := a.cur.(*dashboardScreen); !ok {
		t.Fatalf("after unlocking again: %T", a.cur)
	}
	// A supporter after the coordinator gets the home screen.
	run(a, keyMsg("ctrl+l"))
	a.cur.(*unlockScreen).user.SetValue("anna")
	typeIn(a, "correct horse battery")
	run(a, keyMsg("enter"))
	if _, ok := a.cur.(*homeScreen); !ok {
		t.Fatalf("a supporter landed on %T", a.cur)
	}
	if len(v.statsOpts) < 2 {
		t.Errorf("statistics read %d times", len(v.statsOpts))
	}
}

// TestCoordinatorUnlockedBeforehand: with --passphrase-file the vault is
// open before the app starts; a coordinator still starts on the dashboard.
func TestCoordinatorUnlockedBeforehand(t *testing.T) {
	v := coordVault(t)
	if err := v.Unlock("carla", []byte(coordPass)); err != nil {
		t.Fatal(err)
	}
	a := New(Options{Vault: v, Now: (&clock{day0}).now, LockAfter: -1})
	drain(a, a.Init(), 0)
	if _, ok := a.cur.(*dashboardScreen); !ok {
		t.Fatalf("started on %T", a.cur)
	}
	if !strings.Contains(plain(a), "2026-01 t/m 2026-03") {
		t.Fatalf("dashboard:\n%s", plain(a))
	}
}

func TestSupporterOpensDashboardFromHome(t *testing.T) {
	v := coordVault(t)
	a := unlockedApp(t, v, &clock{day0}, -1)
	run(a, keyMsg("ctrl+s"))
	if _, ok := a.cur.(*dashboardScreen); !ok {
		t.Fatalf("ctrl+s opened %T", a.cur)
	}
	if !strings.Contains(plain(a), "esc terug") {
		t.Errorf("no way back on the help line:\n%s", plain(a))
	}
	run(a, keyMsg("esc"))
	if _, ok := a.cur.(*homeScreen); !ok {
		t.Fatalf("esc went to %T", a.cur)
	}
}

// TestDashboardMonths: p chooses the months; a bad month is refused with
// a plain sentence; the range goes to the vault.
func TestDashboardMonths(t *testing.T) {
	v := coordVault(t)
	a := unlockedApp(t, v, &clock{day0}, -1)
	run(a, keyMsg("ctrl+s"))
	run(a, keyMsg("p"))
	d := a.cur.(*dashboardScreen)
	if !d.editing || !a.cur.typing() {
		t.Fatal("p did not open the month fields")
	}
	for range 7 {
		run(a, keyMsg("backspace"))
	}
	typeIn(a, "2026-13")
	run(a, keyMsg("enter"))
	if !strings.Contains(plain(a), "Typ maanden als 2026-01") {
		t.Fatalf("bad month not refused:\n%s", plain(a))
	}
	for range 2 {
		run(a, keyMsg("backspace"))
	}
	typeIn(a, "02")
	run(a, keyMsg("enter"))
	if d.editing {
		t.Fatalf("still editing:\n%s", plain(a))
	}
	last := v.statsOpts[len(v.statsOpts)-1]
	if last.From != "2026-02" || last.To != "2026-03" {
		t.Errorf("months asked: %+v", last)
	}
}

// TestDashboardFitsAnySize: every tab at several sizes fits the terminal,
// and scrolling reaches the last line of a long tab.
func TestDashboardFitsAnySize(t *testing.T) {
	v := coordVault(t)
	a := unlockedApp(t, v, &clock{day0}, -1)
	run(a, keyMsg("ctrl+s"))
	for _, size := range [][2]int{{80, 24}, {60, 12}, {40, 10}, {120, 40}, {20, 6}} {
		run(a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for tab := 0; tab < 5; tab++ {
			for range 10 {
				f := plain(a)
				lines := strings.Split(f, "\n")
				if len(lines) != size[1] {
					t.Fatalf("%v tab %d: %d lines", size, tab, len(lines))
				}
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Fatalf("%v tab %d: line of %d cells: %q", size, tab, w, l)
					}
				}
				run(a, flowKey("down"))
			}
			run(a, flowKey("right"))
		}
	}
	run(a, tea.WindowSizeMsg{Width: 80, Height: 10})
	run(a, flowKey("left")) // the key figures: longer than 10 lines
	for range 20 {
		run(a, flowKey("down"))
	}
	if f := plain(a); !strings.Contains(f, "Heeft meer regie") {
		t.Errorf("scrolling did not reach the end:\n%s", f)
	}
}
