package stats

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
)

var now = time.Date(2026, 3, 27, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

const (
	supporter = "anna"
	coord     = "carla"
	coordPass = "stille kracht lamp"
)

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
	var steps []statistics.Column
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

// open unlocks a fake vault holding fakeReport as user and returns the
// dashboard after its load, at 80×22 (the body of an 80×24 terminal).
// Reading a resident or an intake fails the test: the dashboard never
// needs one.
func open(t *testing.T, user, lang string) (*Screen, *sessiontest.Fake) {
	t.Helper()
	st := sessiontest.New()
	st.AddUser(coord, coordPass, store.RoleCoordinator)
	st.Report = fakeReport()
	st.NotesRead = func(what string) { t.Errorf("the dashboard read %s", what) }
	sess := session.New(st, nil, clock, lang)
	pass := map[string]string{supporter: "correct horse battery", coord: coordPass}[user]
	if err := sess.Unlock(user, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	ctx := common.NewContext(sess, common.NewTheme(true, false, true), lang, clock)
	s := New(ctx)
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	run(t, s, s.Init())
	if s.rep == nil {
		t.Fatalf("the report was not loaded:\n%s", plain(s))
	}
	return s, st
}

// run delivers msg (a key, or the result of a command) and then the
// results of the commands it returns, as Bubble Tea would. Timers (a
// blinking cursor) are not run. Navigation messages are returned, not
// delivered.
func run(t *testing.T, s common.Screen, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return drain(t, s, cmd, 0)
}

func press(t *testing.T, s common.Screen, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, drain(t, s, s.Update(keyMsg(k)), 0)...)
	}
	return out
}

func typeText(t *testing.T, s common.Screen, text string) {
	t.Helper()
	for _, r := range text {
		drain(t, s, s.Update(tea.KeyPressMsg{Code: r, Text: string(r)}), 0)
	}
}

var commonPkg = reflect.TypeOf(common.GoHomeMsg{}).PkgPath()

func drain(t *testing.T, s common.Screen, cmd tea.Cmd, depth int) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	if depth > 20 {
		t.Fatal("commands do not settle")
	}
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	if strings.Contains(name, "cursor.(*Model).Blink") || strings.Contains(name, "bubbletea/v2.Tick") {
		return nil
	}
	switch m := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, drain(t, s, c, depth+1)...)
		}
		return out
	default:
		if reflect.TypeOf(m).PkgPath() == commonPkg {
			return []tea.Msg{m}
		}
		return drain(t, s, s.Update(m), depth+1)
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	codes := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
		"backspace": {Code: tea.KeyBackspace}, "f3": {Code: tea.KeyF3}, "f6": {Code: tea.KeyF6},
		"ctrl+o": {Code: 'o', Mod: tea.ModCtrl}, "ctrl+u": {Code: 'u', Mod: tea.ModCtrl},
	}
	if c, ok := codes[k]; ok {
		return tea.KeyPressMsg(c)
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

func plain(s common.Screen) string { return ansi.Strip(s.View()) }

// frame is the screen as the app draws it at 80×24 (tui/app): the header
// line, the body, the help line with the global keys; ANSI stripped.
func frame(ctx *common.Context, s common.Screen) string {
	left, right := " "+ctx.Text(common.TAppName)+" · "+s.Title(), ctx.S.User()+" "
	header := left + strings.Repeat(" ", 80-ansi.StringWidth(left)-ansi.StringWidth(right)) + right
	g := common.Global(ctx.Lang)
	help := common.HelpLine(ctx.Theme, s.Keys(), []key.Binding{g.Help, g.Lock, g.Quit}, 80)
	return ansi.Strip(header + "\n" + common.Fit(s.View(), 80, 22) + "\n" + help)
}

// requireGolden checks the frame fits 80×24 and matches testdata/<test>.golden.
func requireGolden(t *testing.T, f string) {
	t.Helper()
	lines := strings.Split(f, "\n")
	if len(lines) != 24 {
		t.Errorf("frame has %d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, w, l)
		}
	}
	golden.RequireEqual(t, f)
}
