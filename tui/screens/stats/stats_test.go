package stats

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/export"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

func TestTextsComplete(t *testing.T) {
	if m := texts.Missing(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
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

// assertHiddenShownAsMarked: the rows with hidden cells show "<10" and
// never the number behind them, and get no bar.
func assertHiddenShownAsMarked(t *testing.T, frame string, rows map[string]string) {
	t.Helper()
	for prefix, mark := range rows {
		l := lineWith(t, frame, prefix)
		rest := strings.TrimPrefix(strings.TrimSpace(l), prefix)
		if !strings.Contains(rest, mark) {
			t.Errorf("row %q does not show %q: %q", prefix, mark, l)
		}
		for _, secret := range []string{fmt.Sprint(secretSmall), fmt.Sprint(secretZero)} {
			if strings.Contains(rest, secret) {
				t.Errorf("row %q shows the hidden number %s: %q", prefix, secret, l)
			}
		}
		if strings.Contains(l, "█") {
			t.Errorf("row %q has a bar for a hidden count: %q", prefix, l)
		}
	}
}

// TestGoldenDashboard: a coordinator's dashboard at 80×24, every tab;
// hidden counts are shown exactly as the report marks them.
func TestGoldenDashboard(t *testing.T) {
	// A tab's name is cut to its cell; the table below says it whole.
	tabCell := "Levensdomeinen bespro…"
	s, _ := open(t, coord, "nl")
	t.Run("month", func(t *testing.T) {
		f := screentest.Frame(s.ctx, s)
		assertHiddenShownAsMarked(t, f, map[string]string{"2025-11": "<10", "2025-12": "<10"})
		if !strings.Contains(f, "2025-Q4 (2025-10 t/m 2025-12), vastgesteld") {
			t.Errorf("the period, its months and the day its figures were fixed are not shown:\n%s", f)
		}
		screentest.RequireGolden(t, f, tabCell)
	})
	screentest.Press(t, s, "right")
	t.Run("location", func(t *testing.T) {
		f := screentest.Frame(s.ctx, s)
		if !strings.Contains(f, "[Locatie]") {
			t.Fatalf("right did not go to the next table:\n%s", f)
		}
		assertHiddenShownAsMarked(t, f, map[string]string{"Buurthuis De Schakel": "<10", "Huisartsenpraktijk": "<10"})
		screentest.RequireGolden(t, f, tabCell)
	})
	screentest.Press(t, s, "right")
	t.Run("domains", func(t *testing.T) {
		f := screentest.Frame(s.ctx, s)
		if !strings.Contains(f, "1 = Gaat goed") {
			t.Errorf("wide headings are not numbered with a key:\n%s", f)
		}
		if l := lineWith(t, f, "Wonen"); strings.Contains(l, "13") || strings.Count(l, "<10") != 2 {
			t.Errorf("domain row: %q", l)
		}
		screentest.RequireGolden(t, f, tabCell)
	})
	screentest.Press(t, s, "right")
	t.Run("age", func(t *testing.T) {
		f := screentest.Frame(s.ctx, s)
		assertHiddenShownAsMarked(t, f, map[string]string{"18 tot en met 26": "<10"})
		screentest.RequireGolden(t, f, tabCell)
	})
	screentest.Press(t, s, "right")
	t.Run("figures", func(t *testing.T) {
		f := screentest.Frame(s.ctx, s)
		for _, want := range []string{"4,2", "15 dagen", "30 dagen", "63,4%", "Te weinig intakes", "n = 41"} {
			if !strings.Contains(f, want) {
				t.Errorf("figures do not show %q", want)
			}
		}
		screentest.RequireGolden(t, f, tabCell)
	})
	screentest.Press(t, s, "f3")
	t.Run("period", func(t *testing.T) { screentest.RequireGolden(t, screentest.Frame(s.ctx, s), tabCell) })
}

// snapshot is everything the dashboard decides in Update.
type snapshot struct {
	tab, top, bodyH, bodyLen, gen, w, h int
	posOwnLine, loading, period         bool
	notice, errMsg                      string
	opt                                 statistics.Options
	choice                              int
}

func snap(s *Screen) snapshot {
	sn := snapshot{tab: s.tab, top: s.top, bodyH: s.bodyH, bodyLen: s.bodyLen, gen: s.gen, w: s.w, h: s.h,
		posOwnLine: s.posOwnLine, loading: s.loading, period: s.period != nil, notice: s.notice, errMsg: s.errMsg, opt: s.opt}
	if s.period != nil {
		sn.choice = s.period.choice
	}
	return sn
}

// TestViewChangesNothing: View draws what Update left: twice the same
// frame, and nothing of the screen's state moves, in every state.
func TestViewChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, s *Screen)
	}{
		{"first tab", func(*testing.T, *Screen) {}},
		{"figures scrolled in a short terminal", func(t *testing.T, s *Screen) {
			s.Update(common.SizeMsg{Width: 60, Height: 9})
			screentest.Press(t, s, "left", "down", "down", "down")
		}},
		{"scrolled past the end", func(t *testing.T, s *Screen) {
			s.Update(common.SizeMsg{Width: 80, Height: 8})
			screentest.Press(t, s, "left", "end", "pgdown", "space")
		}},
		{"letter notice", func(t *testing.T, s *Screen) { screentest.Press(t, s, "x") }},
		{"choosing the period", func(t *testing.T, s *Screen) {
			screentest.Press(t, s, "f3", "right", "right")
			if s.period == nil || s.period.choice != 2 {
				t.Fatal("the chooser did not open or move")
			}
		}},
		{"locked", func(_ *testing.T, s *Screen) { s.Locked() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, st := open(t, coord, "nl")
			tc.setup(t, s)
			before, loads := snap(s), len(st.StatsOpts)
			v1 := s.View()
			v2 := s.View()
			if v1 != v2 {
				t.Errorf("View twice differs:\n%s\n----\n%s", ansi.Strip(v1), ansi.Strip(v2))
			}
			if after := snap(s); after != before {
				t.Errorf("View changed the screen:\nbefore %+v\nafter  %+v", before, after)
			}
			if len(st.StatsOpts) != loads {
				t.Error("View counted the statistics")
			}
		})
	}
}

// TestKeys: ←→ and tab change the table, F6 opens the export of the
// same period, F3 the period, esc and ctrl+o go home only for a supporter
// (for a coordinator the dashboard is home).
func TestKeys(t *testing.T) {
	last := len(fakeReport().Tables) // the key figures
	for _, tc := range []struct {
		user, key string
		wantTab   int
		wantMsg   any // the navigation message, or nil
		period    bool
	}{
		{coord, "right", 1, nil, false},
		{coord, "tab", 1, nil, false},
		{coord, "left", last, nil, false},
		{coord, "shift+tab", last, nil, false},
		{coord, "f6", 0, &export.Screen{}, false},
		{coord, "f3", 0, nil, true},
		{coord, "esc", 0, nil, false},
		{coord, "ctrl+o", 0, nil, false},
		{supporter, "esc", 0, common.GoHomeMsg{}, false},
		{supporter, "ctrl+o", 0, common.GoHomeMsg{}, false},
		{supporter, "f6", 0, &export.Screen{}, false},
	} {
		t.Run(tc.user+" "+tc.key, func(t *testing.T) {
			s, _ := open(t, tc.user, "nl")
			msgs := screentest.Press(t, s, tc.key)
			if s.tab != tc.wantTab {
				t.Errorf("tab %d, want %d", s.tab, tc.wantTab)
			}
			if (s.period != nil) != tc.period || s.Typing() != tc.period {
				t.Errorf("period chooser open: %v, want %v", s.period != nil, tc.period)
			}
			switch want := tc.wantMsg.(type) {
			case nil:
				if len(msgs) != 0 {
					t.Errorf("sent %v", msgs)
				}
			case *export.Screen:
				if len(msgs) != 1 {
					t.Fatalf("sent %v", msgs)
				}
				show, ok := msgs[0].(common.ShowMsg)
				ex, isExport := show.Screen.(*export.Screen)
				if !ok || !isExport || ex.Title() != "statistiek opslaan" {
					t.Fatalf("F6 sent %#v", msgs[0])
				}
			default:
				if len(msgs) != 1 || msgs[0] != want {
					t.Errorf("sent %v, want %v", msgs, want)
				}
			}
			help := strings.Join(helpKeys(s), " ")
			if goesHome := strings.Contains(help, "esc"); goesHome != (tc.user == supporter || tc.period) {
				t.Errorf("esc on the help line: %v (%s)", goesHome, help)
			}
		})
	}
}

func helpKeys(s *Screen) []string {
	var out []string
	for _, k := range s.Keys() {
		if k.Enabled() {
			out = append(out, k.Help().Key)
		}
	}
	return out
}

// TestLettersDoNothing: a letter (or digit, or sign) changes no table,
// opens nothing, counts nothing and goes nowhere; a notice says which
// keys to use, and the next key that does something clears it.
func TestLettersDoNothing(t *testing.T) {
	for _, k := range []string{"e", "p", "j", "k", "h", "l", "q", "y", "E", "P", "1", "?", "/", "é"} {
		t.Run(k, func(t *testing.T) {
			s, st := open(t, supporter, "nl")
			screentest.Press(t, s, "right")
			before, loads := snap(s), len(st.StatsOpts)
			if msgs := screentest.Press(t, s, k); len(msgs) != 0 {
				t.Errorf("%q sent %v", k, msgs)
			}
			after := snap(s)
			if after.tab != before.tab || after.top != before.top || after.period || after.opt != before.opt || len(st.StatsOpts) != loads {
				t.Errorf("%q changed the dashboard: %+v → %+v", k, before, after)
			}
			if s.Typing() {
				t.Errorf("%q: the dashboard says it takes text", k)
			}
			if !strings.Contains(screentest.Joined(screentest.Plain(s)), texts.NL[tLetters]) {
				t.Errorf("%q: no whole notice:\n%s", k, screentest.Plain(s))
			}
			screentest.Press(t, s, "right")
			if strings.Contains(screentest.Plain(s), "Letters doen") {
				t.Error("the notice stays after a key that did something")
			}
		})
	}
}

// TestNoSentenceCut: every sentence on the dashboard is wrapped, never
// cut, at 80 columns and narrower.
func TestNoSentenceCut(t *testing.T) {
	rep := fakeReport()
	legend := fmt.Sprintf(texts.NL[tLegend], 10, 10, statistics.PTableMaxDeviation)
	for _, width := range []int{80, 52, 36} {
		for _, tc := range []struct {
			name  string
			keys  []string
			wants []string
		}{
			{"month", nil, []string{legend, "Periode 2025-Q4 (2025-10 t/m 2025-12), vastgesteld · drempel 10"}},
			{"domains", []string{"right", "right"}, []string{rep.Tables[2].Note.NL, legend}},
			{"figures", []string{"left"}, []string{rep.Figures[2].Label.NL, statistics.ReasonFewCases.Explain("nl")}},
			{"letters", []string{"x"}, []string{texts.NL[tLetters], legend}},
			{"period", []string{"f3"}, []string{texts.NL[tPeriodHint]}},
		} {
			t.Run(fmt.Sprintf("%d %s", width, tc.name), func(t *testing.T) {
				s, _ := open(t, coord, "nl")
				s.Update(common.SizeMsg{Width: width, Height: 60})
				screentest.Press(t, s, tc.keys...)
				f := screentest.Plain(s)
				for _, l := range strings.Split(f, "\n") {
					if ansi.StringWidth(l) > width {
						t.Errorf("line wider than %d: %q", width, l)
					}
				}
				for _, want := range tc.wants {
					if !strings.Contains(screentest.Joined(f), want) {
						t.Errorf("not whole on screen: %q\n%s", want, f)
					}
				}
			})
		}
	}
}

// TestFitsAnySize: every tab at several sizes fills exactly the body, no
// line wider than the terminal, and scrolling reaches the last line of a
// long tab.
func TestFitsAnySize(t *testing.T) {
	s, _ := open(t, coord, "nl")
	for _, size := range [][2]int{{80, 22}, {60, 10}, {40, 8}, {120, 38}, {20, 4}} {
		s.Update(common.SizeMsg{Width: size[0], Height: size[1]})
		for tab := 0; tab < 5; tab++ {
			for range 10 {
				lines := strings.Split(screentest.Plain(s), "\n")
				if len(lines) != size[1] {
					t.Fatalf("%v tab %d: %d lines", size, tab, len(lines))
				}
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Fatalf("%v tab %d: line of %d cells: %q", size, tab, w, l)
					}
				}
				screentest.Press(t, s, "down")
			}
			screentest.Press(t, s, "right")
		}
	}
	s.Update(common.SizeMsg{Width: 80, Height: 8})
	screentest.Press(t, s, "left") // the key figures: longer than 8 lines
	if f := screentest.Plain(s); !strings.Contains(f, "↓ 1–") || strings.Contains(f, "Heeft meer regie") {
		t.Fatalf("a long tab does not say there is more:\n%s", f)
	}
	for range 20 {
		screentest.Press(t, s, "down")
	}
	f := screentest.Plain(s)
	if !strings.Contains(f, "Heeft meer regie") || strings.Contains(f, "↓") {
		t.Errorf("scrolling did not reach the end:\n%s", f)
	}
	screentest.Press(t, s, "home")
	if !strings.Contains(screentest.Plain(s), "Waardering") {
		t.Errorf("home did not go back to the top:\n%s", screentest.Plain(s))
	}
}

// TestChoosePeriod: the dashboard opens on the last quarter that is over
// at the app's clock; F3 offers the presets with the cursor on the period
// shown; the arrows move (wrapping), enter counts the chosen period, esc
// counts nothing. F6 then exports that period, fixing its figures.
func TestChoosePeriod(t *testing.T) {
	quarter := func(y, n int) statistics.Period {
		return statistics.Period{Kind: statistics.PeriodQuarter, Year: y, N: n}
	}
	for _, tc := range []struct {
		name string
		keys []string
		want *statistics.Options // nil: cancelled
	}{
		{"the shown one", []string{"enter"}, &statistics.Options{Period: quarter(2025, 4)}},
		{"two quarters back", []string{"right", "right", "enter"}, &statistics.Options{Period: quarter(2025, 2)}},
		{"a month", []string{"down", "down", "down", "down", "enter"}, &statistics.Options{Period: statistics.Period{Kind: statistics.PeriodMonth, Year: 2026, N: 2}}},
		{"this year so far", []string{"left", "enter"}, &statistics.Options{Period: statistics.Period{Kind: statistics.PeriodYear, Year: 2026}, Provisional: true}},
		{"this quarter so far", []string{"end", "up", "enter"}, &statistics.Options{Period: quarter(2026, 1), Provisional: true}},
		{"esc", []string{"right", "esc"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, st := open(t, coord, "nl")
			first := st.StatsOpts[len(st.StatsOpts)-1]
			if first.Period != quarter(2025, 4) || first.Provisional || first.Publish || !first.Now.Equal(now) {
				t.Fatalf("opened with %+v", first)
			}
			screentest.Press(t, s, "f3")
			if f := screentest.Plain(s); !s.Typing() || !strings.Contains(f, "> 2025-Q4") || !strings.Contains(f, "2026 VOORLOPIG") {
				t.Fatalf("the chooser is not open on the period shown:\n%s", f)
			}
			loads := len(st.StatsOpts)
			screentest.Press(t, s, tc.keys...)
			if tc.want == nil {
				if s.period != nil || len(st.StatsOpts) != loads || s.opt != first {
					t.Errorf("esc did not leave the period as it was")
				}
				return
			}
			if s.period != nil || len(st.StatsOpts) != loads+1 {
				t.Fatalf("not counted:\n%s", screentest.Plain(s))
			}
			got := st.StatsOpts[len(st.StatsOpts)-1]
			if got.Period != tc.want.Period || got.Provisional != tc.want.Provisional || got.Publish || !got.Now.Equal(now) {
				t.Errorf("counted %+v, want %+v", got, *tc.want)
			}
			// Save it, as the export screen's own tests do.
			msgs := screentest.Press(t, s, "f6")
			ex := msgs[0].(common.ShowMsg).Screen.(*export.Screen)
			path := filepath.Join(t.TempDir(), "cijfers.csv")
			screentest.Press(t, ex, "down", "down", "down", "ctrl+u")
			screentest.TypeText(t, ex, path)
			screentest.Press(t, ex, "enter")
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("not saved: %v\n%s", err, screentest.Plain(ex))
			}
			if got := st.StatsOpts[len(st.StatsOpts)-1]; !got.Publish || got.Period != tc.want.Period || got.Provisional != tc.want.Provisional {
				t.Errorf("the export counted %+v", got)
			}
		})
	}
}

// TestLockDropsReport: after the lock nothing of the report is on screen
// or in the screen; a load from before the lock is ignored; after
// unlocking it counts again.
func TestLockDropsReport(t *testing.T) {
	s, st := open(t, coord, "nl")
	stale := s.reload()
	s.Locked()
	if s.rep != nil || strings.Contains(screentest.Plain(s), "Per maand") || strings.Contains(screentest.Plain(s), "34") {
		t.Fatalf("the report stays after the lock:\n%s", screentest.Plain(s))
	}
	screentest.Run(t, s, stale)
	if s.rep != nil {
		t.Fatal("a load from before the lock was shown")
	}
	loads := len(st.StatsOpts)
	screentest.Run(t, s, s.Unlocked())
	if s.rep == nil || len(st.StatsOpts) != loads+1 || !strings.Contains(screentest.Plain(s), "Per maand") {
		t.Fatalf("not counted again after unlocking:\n%s", screentest.Plain(s))
	}
}

// TestLoadFailure: a failed count says a plain sentence.
func TestLoadFailure(t *testing.T) {
	s, st := open(t, coord, "nl")
	st.StatsErr = fmt.Errorf("count: %w", statistics.ErrPeriodOpen)
	screentest.Run(t, s, s.reload())
	if s.rep != nil || !strings.Contains(screentest.Plain(s), "Er ging iets mis") {
		t.Errorf("failed load:\n%s", screentest.Plain(s))
	}
}

// TestLines: the line mode says the whole report, hidden counts exactly
// as marked, never the number behind them, typed text made inert.
func TestLines(t *testing.T) {
	rep := fakeReport()
	rep.Tables[1].Rows[0].Label.NL = "Bieb\x1b]0;pwned\x07 Centrum"
	for _, tc := range []struct {
		lang  string
		wants []string
	}{
		{"nl", []string{
			"Periode 2025-Q4 (2025-10 t/m 2025-12), vastgesteld, drempel 10.",
			"<10 = minder dan 10 (ook 0) · aantallen met ruis (±3) · – = te weinig",
			"Per maand:",
			"  2025-11: Intakes <10, Contacten 22",
			"  2025-12: Intakes <10, Contacten 40",
			"  Buurthuis De Schakel: <10",
			"  Huisartsenpraktijk: <10",
			"  18 tot en met 26: <10",
			"Kengetallen:",
			"  Waardering, gemiddeld (1–5): 4,2 (n = 41)",
			"  Doorlooptijd afgesloten intakes, 90e percentiel (dagen): 30 dagen (n = 30)",
			"  Heeft meer regie: Te weinig intakes om dit te tonen. (n = <10)",
		}},
		{"en", []string{
			"Period 2025-Q4 (2025-10 to 2025-12), fixed, threshold 10.",
			"  Community centre: <10",
			"  Appreciation, mean (1–5): 4.2 (n = 41)",
			"  States the question better: 63.4% (n = 41)",
		}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ctx := common.NewContext(nil, common.NewTheme(true, false, true), tc.lang, clock)
			lines := Lines(ctx, rep)
			for _, want := range tc.wants {
				if !slices.Contains(lines, want) {
					t.Errorf("no line %q in:\n%s", want, strings.Join(lines, "\n"))
				}
			}
			for _, l := range lines {
				if strings.ContainsAny(l, "\x1b\x07") {
					t.Errorf("a control character reaches the line mode: %q", l)
				}
				for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == ',' || r == ':' || r == '(' || r == ')' }) {
					if w == fmt.Sprint(secretSmall) || w == fmt.Sprint(secretZero) {
						t.Errorf("a hidden number is read out: %q", l)
					}
				}
			}
		})
	}
}

func TestFigureValue(t *testing.T) {
	for _, tc := range []struct {
		lang string
		f    statistics.Figure
		want string
	}{
		{"nl", statistics.Figure{Unit: statistics.UnitPercent, Value: 63.44}, "63,4%"},
		{"en", statistics.Figure{Unit: statistics.UnitPercent, Value: 63.44}, "63.4%"},
		{"nl", statistics.Figure{ID: "turnaround_median", Unit: statistics.UnitDays, Value: 15}, "15 dagen"},
		{"en", statistics.Figure{ID: "turnaround_median", Unit: statistics.UnitDays, Value: 15}, "15 days"},
		{"nl", statistics.Figure{ID: "turnaround_p90", Unit: statistics.UnitDays, Value: 140}, "140 dagen"},
		{"nl", statistics.Figure{Unit: statistics.UnitScore, Value: 4.23}, "4,2"},
		{"en", statistics.Figure{Unit: statistics.UnitScore, Value: 4.23}, "4.2"},
	} {
		if got := FigureValue(tc.lang, tc.f); got != tc.want {
			t.Errorf("FigureValue(%s, %+v) = %q, want %q", tc.lang, tc.f, got, tc.want)
		}
	}
}

// TestEnglish: the dashboard in English uses the English texts and the
// decimal point.
func TestEnglish(t *testing.T) {
	s, _ := open(t, coord, "en")
	screentest.Press(t, s, "left")
	f := screentest.Plain(s)
	for _, want := range []string{"Period 2025-Q4 (2025-10 to 2025-12)", "Key figures", "15 days", "<10 = fewer than 10"} {
		if !strings.Contains(f, want) {
			t.Errorf("no %q:\n%s", want, f)
		}
	}
	if s.Title() != "statistics" {
		t.Errorf("title %q", s.Title())
	}
}

// TestShowsPublishedNumbers: with a real report, the dashboard shows on
// each row of each table exactly the report's published cells, in order —
// the texts the CSV, JSON and HTML exports write (statistics'
// TestFormatsAgree checks those against the report).
func TestShowsPublishedNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var recs []intake.StatRecord
	for range 900 {
		m := intake.Month(fmt.Sprintf("2025-%02d", 10+rng.IntN(3)))
		r := intake.StatRecord{V: intake.StatVersion, Key: rng.Uint32(), Month: m, FirstInMonth: true,
			Location: []intake.LocationCode{"library", "shelter", "phone"}[rng.IntN(3)], Kompaan: rng.IntN(2) == 0,
			Domains: []intake.DomainStep{{Domain: "money", Scale: intake.Scale(1 + rng.IntN(5))}}}
		if rng.IntN(2) == 0 {
			r.Closed, r.ClosedMonth, r.Appreciation, r.Contacts = true, m, 1+rng.IntN(5), intake.ContactsOne
		}
		recs = append(recs, r)
	}
	rep, err := statistics.Aggregate(recs, statistics.Options{Now: now}, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, st := open(t, coord, "nl")
	st.Report = rep
	screentest.Run(t, s, s.reload())
	checked := 0
	for ti, tb := range rep.Tables {
		lines := strings.Split(ansi.Strip(strings.Join(s.tableLines(&rep.Tables[ti], 200), "\n")), "\n")
		// The rows follow the heading line, in the report's order.
		head := slices.IndexFunc(lines, func(l string) bool {
			l = strings.TrimSpace(l)
			return strings.HasPrefix(l, tb.Category.In("nl")) && strings.HasSuffix(l, "%") == tb.HasShares() && l != tb.Title.In("nl")
		})
		if head < 0 || head+len(tb.Rows) >= len(lines) {
			t.Fatalf("%s: no rows under a heading:\n%s", tb.ID, strings.Join(lines, "\n"))
		}
		for ri, row := range tb.Rows {
			line := lines[head+1+ri]
			want := make([]string, len(row.Cells))
			for ci, c := range row.Cells {
				want[ci] = c.Text(rep.Threshold)
			}
			// The label (perhaps cut short with …), then the cells in order.
			fields := strings.Fields(line)
			at := slices.IndexFunc(fields, func(f string) bool { return strings.HasSuffix(f, "…") }) + 1
			if at == 0 {
				at = len(strings.Fields(row.Label.In("nl")))
			}
			if at+len(want) > len(fields) || !slices.Equal(fields[at:at+len(want)], want) {
				t.Fatalf("%s %s: dashboard %q, report cells %q", tb.ID, row.Key, line, want)
			}
			checked += len(want)
		}
	}
	if checked < 100 {
		t.Fatalf("only %d cells checked", checked)
	}
}
