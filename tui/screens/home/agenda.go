package home

import (
	"fmt"
	"strings"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/tui/common"
)

// The agenda ("Deze week"): what runs out this week across all residents
// the user may see, and what is overdue, worked out from the intake
// headers the list loads anyway (intake.Header.Agenda), sorted by date.

// DueRow is one line of the agenda.
type DueRow struct {
	IntakeID string
	Step     intake.FlowStep // where the conversation opens for it
	Kind     intake.DueKind
	late     string // the late decision's Ref, for its letter (DueLate only)
	left     int    // days left (negative: passed)
	name     string // inert
	shortID  string
	dateText string // "di 01-12"
	leftText string // "nog 4 dagen", "3 dagen te laat"
	what     string // inert: what, about what, with whom
}

// Late reports whether the municipality is late here: the row offers the
// letter.
func (d DueRow) Late() bool { return d.Kind == intake.DueLate }

// Line is the row in words, for the line mode and tests.
func (d DueRow) Line() string {
	return d.dateText + ", " + d.leftText + ", " + d.name + " (" + d.shortID + "): " + d.what
}

// PapersMsg is what the letter key sends for a late decision.
func (d DueRow) PapersMsg() common.PapersMsg {
	return common.PapersMsg{IntakeID: d.IntakeID, Kind: papers.KindLetter + ":" + d.late}
}

// buildAgenda makes the agenda's rows of the items of every header at the
// context's clock, with the filter entry of each (nameOf: a resident's
// pseudonym by their ID), on every core: an office vault has thousands.
func buildAgenda(ctx *common.Context, items []intake.Due, nameOf func(residentID string) (string, bool)) ([]DueRow, []entry) {
	t := func(id textID) string { return texts.Get(ctx.Lang, id) }
	day := today(ctx)
	intake.SortAgenda(items)
	rows := make([]DueRow, len(items))
	entries := make([]entry, len(items))
	cat := ctx.Cat()
	weekdays := strings.Split(t(tWeekdays), " ")
	anonymous, hint := t(tAnonymous), t(tLetterHint)
	inParallel(rowWorkers(len(items)), len(items), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			it := &items[i]
			name, ok := nameOf(it.ResidentID)
			if !ok || it.ResidentID == "" {
				name = anonymous
			}
			what := ctx.T(it.What)
			if about := strings.TrimSpace(common.Inert(it.About)); about != "" {
				what += ": " + about
			}
			if it.Agency != "" {
				what += " · " + ctx.T(cat.AgencyName(it.Agency))
			}
			if it.Kind == intake.DueAppointment && !it.At.IsZero() {
				what += " · " + it.At.Format("15:04")
			}
			left := it.DaysLeft(day)
			r := DueRow{
				IntakeID: it.IntakeID, Step: it.Step, Kind: it.Kind, left: left,
				name: common.Inert(name), shortID: common.ShortID(it.IntakeID),
				dateText: weekdays[it.Date.Weekday()] + " " + it.Date.Time().Format("02-01"),
				leftText: leftText(ctx.Lang, left), what: what,
			}
			if it.Late != nil {
				r.late = it.Late.Ref()
				r.what += " — " + hint
			}
			rows[i] = r
			entries[i] = entry{
				key:   common.SearchKey(r.name + " " + r.shortID + " " + r.what + " " + r.leftText),
				dates: dateKey(it.Date),
				days:  []int32{dayNumber(it.Date)},
			}
		}
	})
	return rows, entries
}

// leftText says how many days are left, or how late it is.
func leftText(lang string, n int) string {
	t := func(id textID) string { return texts.Get(lang, id) }
	switch {
	case n < -1:
		return fmt.Sprintf(t(tDaysLate), -n)
	case n == -1:
		return t(tDayLate)
	case n == 0:
		return t(tToday)
	case n == 1:
		return t(tTomorrow)
	}
	return fmt.Sprintf(t(tDaysLeft), n)
}
