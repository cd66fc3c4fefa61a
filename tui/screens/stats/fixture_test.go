package stats

import (
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
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
	secretSmall = 7  // a count below the threshold, shown as "<10"
	secretZero  = 13 // another hidden count (a real one could be 0)
)

func hidden(n int, h statistics.Hidden) statistics.Cell { return statistics.Cell{N: n, Hidden: h} }
func shown(n int) statistics.Cell                       { return statistics.Cell{N: n} }

// fakeReport is the last quarter over at the tests' clock (2025-Q4, its
// figures fixed on 8 January): a month table with hidden cells, a location
// table, the domain table (wide headings), an age table and figures with
// and without values.
func fakeReport() *statistics.Report {
	tt := intake.T
	one := []statistics.Column{{Key: "intakes", Label: tt("Intakes", "Intakes")}}
	var steps []statistics.Column
	for _, n := range []string{"Gaat goed", "Gaat wel", "Zorgen", "Gaat niet goed", "Dringend: nu hulp nodig", "Besproken"} {
		steps = append(steps, statistics.Column{Key: n, Label: tt(n, n)})
	}
	return &statistics.Report{
		Period: statistics.Period{Kind: statistics.PeriodQuarter, Year: 2025, N: 4},
		From:   "2025-10", To: "2025-12", Threshold: 10, MinN: 10, MinFigureN: 20, Published: "2026-01-08",
		Tables: []statistics.Table{
			{ID: "month", Title: tt("Per maand", "By month"), Category: tt("Maand", "Month"),
				Columns: []statistics.Column{one[0], {Key: "contacts", Label: tt("Contacten", "Contacts")}},
				Rows: []statistics.Row{
					{Key: "2025-10", Label: tt("2025-10", "2025-10"), Cells: []statistics.Cell{shown(34), shown(51)}},
					{Key: "2025-11", Label: tt("2025-11", "2025-11"), Cells: []statistics.Cell{hidden(secretSmall, statistics.Small), shown(22)}},
					{Key: "2025-12", Label: tt("2025-12", "2025-12"), Cells: []statistics.Cell{hidden(secretZero, statistics.Small), shown(40)}},
					{Key: "total", Label: tt("Totaal", "Total"), Total: true, Cells: []statistics.Cell{shown(54), shown(113)}},
				}},
			{ID: "location", Title: tt("Locatie", "Location"), Category: tt("Locatie", "Location"), Columns: one,
				Rows: []statistics.Row{
					{Key: "bieb", Label: tt("Bibliotheek Centrum", "Library"), Cells: []statistics.Cell{shown(40)}},
					{Key: "buurthuis", Label: tt("Buurthuis De Schakel", "Community centre"), Cells: []statistics.Cell{hidden(secretSmall, statistics.Small)}},
					{Key: "huisarts", Label: tt("Huisartsenpraktijk", "GP"), Cells: []statistics.Cell{hidden(secretZero, statistics.Small)}},
					{Key: "total", Label: tt("Totaal", "Total"), Total: true, Cells: []statistics.Cell{shown(60)}},
				}},
			{ID: "domain_step", Title: tt("Levensdomeinen besproken, naar stap", "Life domains discussed, by step"),
				Category: tt("Domein", "Domain"), Columns: steps,
				Note: tt("Eén intake telt bij elk besproken domein.", "One intake counts for every domain discussed."),
				Rows: []statistics.Row{
					{Key: "geld", Label: tt("Geld en schulden", "Money and debts"), Cells: []statistics.Cell{shown(0), shown(12), shown(20), hidden(secretSmall, statistics.Small), shown(10), shown(49)}},
					{Key: "wonen", Label: tt("Wonen", "Housing"), Cells: []statistics.Cell{shown(11), shown(0), hidden(secretZero, statistics.Small), shown(0), shown(0), hidden(secretZero, statistics.Small)}},
					{Key: "total", Label: tt("Totaal", "Total"), Total: true, Cells: []statistics.Cell{shown(11), shown(12), hidden(secretZero, statistics.Small), hidden(secretZero, statistics.Small), shown(10), shown(73)}},
				}},
			{ID: "age_band", Title: tt("Leeftijdsgroep", "Age band"), Category: tt("Leeftijd", "Age"), Columns: one,
				Rows: []statistics.Row{
					{Key: "18_26", Label: tt("18 tot en met 26", "18 to 26"), Cells: []statistics.Cell{hidden(secretSmall, statistics.Small)}},
					{Key: "total", Label: tt("Totaal", "Total"), Total: true, Cells: []statistics.Cell{shown(60)}},
				}},
		},
		Figures: []statistics.Figure{
			{ID: "appreciation_mean", Label: tt("Waardering, gemiddeld (1–5)", "Appreciation, mean (1–5)"), Unit: statistics.UnitScore, Value: 4.23, N: shown(41)},
			{ID: "turnaround_median", Label: tt("Doorlooptijd afgesloten intakes, mediaan (dagen)", "Turnaround, median (days)"), Unit: statistics.UnitDays, Value: 15, N: shown(30)},
			{ID: "turnaround_p90", Label: tt("Doorlooptijd afgesloten intakes, 90e percentiel (dagen)", "Turnaround, p90 (days)"), Unit: statistics.UnitDays, Value: 30, N: shown(30)},
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
	pass := map[string]string{supporter: screentest.Pass, coord: coordPass}[user]
	ctx := screentest.Context(screentest.Unlocked(t, st, nil, clock, lang, user, pass), lang, clock)
	s := New(ctx)
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	screentest.Run(t, s, s.Init())
	if s.rep == nil {
		t.Fatalf("the report was not loaded:\n%s", screentest.Plain(s))
	}
	return s, st
}
