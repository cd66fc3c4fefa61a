package tui

import (
	"fmt"
	"strings"

	"github.com/spreekuur/spreekuur/store/statistics"
)

// The accessible mode for a coordinator, who holds no notes key: the same
// report as the dashboard, read out line by line — a heading per table, one
// line per row, hidden counts exactly as marked ("<10", "x"), never a number
// the report does not publish.

// coordinatorMenu is the accessible mode's loop for a role without the
// notes key. It returns when the user stops or the input ends.
func (s *lineSession) coordinatorMenu() error {
	tx := s.e.tx
	for {
		s.say("")
		s.say(tx.get(tAccCoordMenu))
		choice, ok := s.ask(tx.get(tAccCoordChoice))
		if !ok {
			return s.endErr()
		}
		switch strings.TrimSpace(choice) {
		case "1":
			s.readStatistics()
		case "2", "":
			return nil
		default:
			s.say(tx.get(tAccUnknownChoice))
		}
	}
}

// readStatistics says the whole report, all months, default threshold.
func (s *lineSession) readStatistics() {
	tx, lang := s.e.tx, s.e.lang
	rep, err := s.e.vault.Statistics(statistics.Options{})
	if err != nil {
		s.say(errorText(tx, err))
		return
	}
	period := tx.get(tDashNoData)
	if rep.From != "" {
		period = fmt.Sprintf(tx.get(tDashPeriodOf), rep.From, rep.To)
	}
	s.say(tx.get(tDashPeriodLabel) + " " + period + ", " + fmt.Sprintf(tx.get(tDashThreshold), rep.Threshold) + ".")
	s.say(fmt.Sprintf(tx.get(tDashLegend), rep.Threshold, rep.Threshold-1))
	for i := range rep.Tables {
		t := &rep.Tables[i]
		s.say("")
		s.say(t.Title.In(lang) + ":")
		if t.Withheld {
			s.say("  " + tx.get(tDashWithheld))
			continue
		}
		for _, r := range t.Rows {
			parts := make([]string, 0, len(t.Columns))
			for c, col := range t.Columns {
				cell := r.Cells[c].Text(rep.Threshold)
				if len(t.Columns) > 1 {
					cell = col.Label.In(lang) + " " + cell
				}
				parts = append(parts, cell)
			}
			s.say("  " + inert(r.Label.In(lang)) + ": " + strings.Join(parts, ", "))
		}
	}
	s.say("")
	s.say(tx.get(tDashFigures) + ":")
	for _, f := range rep.Figures {
		value := f.Reason.Explain(lang)
		if f.Reason == statistics.ReasonNone {
			value = figureValue(tx, f)
		}
		s.say("  " + f.Label.In(lang) + ": " + value + " (n = " + f.N.Text(rep.Threshold) + ")")
	}
}
