package statistics

import (
	"strconv"

	"github.com/spreekuur/spreekuur/intake"
)

// Hidden says why a count is not published ("" = it is).
type Hidden string

const (
	Shown Hidden = ""      // published
	Small Hidden = "small" // below the minimum cell size (0 included), shown as "<10"
)

// Cell is one published count: the perturbed count, never the true one
// (docs/STATISTICS.md). A hidden cell carries no number, so no renderer
// can show more than the minimum cell size allows.
type Cell struct {
	N      int    // the published count; 0 when Hidden is not Shown
	Hidden Hidden // why it is not published
}

// Visible reports whether the count is published.
func (c Cell) Visible() bool { return c.Hidden == Shown }

// Text is the cell as printed: "12" or "<10" (minimum cell size 10).
func (c Cell) Text(threshold int) string {
	if c.Hidden == Shown {
		return strconv.Itoa(c.N)
	}
	return "<" + strconv.Itoa(threshold)
}

// Column is a column of a table.
type Column struct {
	Key   string
	Label intake.Text
}

// Row is a row of a table: a category (a code, a month, a step …) or the
// total row.
type Row struct {
	Key   string      // code or month; "" for unknown; "total" for the total row
	Label intake.Text // display name
	Cells []Cell      // one per column
	Total bool        // the total row
}

// Table is one published table.
type Table struct {
	ID       string      // stable identifier, e.g. "location"
	Title    intake.Text // heading
	Category intake.Text // heading of the label column
	Note     intake.Text // optional remark (multiple answers, …)
	Columns  []Column
	Rows     []Row // body rows, then the total row if there is one
	// Multi is true when one intake can be counted in several rows (or in
	// none), so the rows do not add up to a total and there is no total row.
	Multi bool
}

// TotalRow returns the total row, if the table has one.
func (t *Table) TotalRow() (Row, bool) {
	if n := len(t.Rows); n > 0 && t.Rows[n-1].Total {
		return t.Rows[n-1], true
	}
	return Row{}, false
}

// MainColumn is the column a chart of the table shows: the count, or for
// a table with a column per step or layer its last column (the total).
func (t *Table) MainColumn() int {
	if len(t.Columns) > 1 && t.ID != "month" {
		return len(t.Columns) - 1
	}
	return 0
}

// Reason says why a percentage or a summary figure is not given.
type Reason string

const (
	ReasonNone       Reason = ""           // the figure is given
	ReasonNoData     Reason = "no_data"    // nothing to compute it from
	ReasonFewCases   Reason = "few_cases"  // based on too few intakes
	ReasonSuppressed Reason = "suppressed" // a count it needs is below the minimum cell size
)

// Explain returns the reason as a short sentence in lang.
func (r Reason) Explain(lang string) string {
	switch r {
	case ReasonNoData:
		return label("Geen gegevens.", "No data.").In(lang)
	case ReasonFewCases:
		return label("Te weinig intakes om dit te tonen.", "Too few intakes to show this.").In(lang)
	case ReasonSuppressed:
		return label("Niet getoond: een aantal is kleiner dan de drempel.", "Not shown: a count is below the threshold.").In(lang)
	}
	return ""
}

// Share returns the percentage of row i in column col of the total row.
// It is given only for tables whose rows add up, when the cell and the
// total are both published and the total is at least minN. Both are
// published (perturbed) counts, so a percentage tells nothing beyond them.
func (t *Table) Share(i, col, minN int) (float64, Reason) {
	tot, ok := t.TotalRow()
	if !ok || t.Multi {
		return 0, ReasonNoData
	}
	return share(t.Rows[i].Cells[col], tot.Cells[col], minN)
}

func share(part, base Cell, minN int) (float64, Reason) {
	switch {
	case !base.Visible() || (base.N > 0 && base.N < minN):
		return 0, ReasonFewCases
	case base.N == 0:
		return 0, ReasonNoData
	case !part.Visible():
		return 0, ReasonSuppressed
	}
	return 100 * float64(part.N) / float64(base.N), ReasonNone
}

// Unit is the unit of a summary figure.
type Unit string

const (
	UnitPercent Unit = "percent"
	UnitDays    Unit = "days"
	UnitScore   Unit = "score" // appreciation, 1–5
)

// Figure is a summary figure: a mean, a median, a percentile or a share.
type Figure struct {
	ID     string
	Label  intake.Text
	Unit   Unit
	Value  float64 // valid only when Reason is ReasonNone; already rounded
	Reason Reason  // why there is no value
	N      Cell    // the published number of intakes it is based on
}

// Report is the result of an aggregation, after perturbation and the
// minimum cell size. It holds only published numbers.
type Report struct {
	Period      Period
	From, To    intake.Month // the months counted (inclusive)
	Provisional bool         // the period is not over: only its months up to To are counted
	// Published is the day these figures were first exported, "" while
	// they never were. Figures once exported stay as they were
	// (docs/STATISTICS.md, "Published figures stay").
	Published  string
	Threshold  int // counts (after perturbation) below it are hidden, 0 included
	MinN       int // a percentage needs a base of at least this many intakes
	MinFigureN int // a mean, median or percentile needs at least this many
	Tables     []Table
	Figures    []Figure
}

// Table returns the table with this ID.
func (r *Report) Table(id string) (*Table, bool) {
	for i := range r.Tables {
		if r.Tables[i].ID == id {
			return &r.Tables[i], true
		}
	}
	return nil, false
}

// Figure returns the figure with this ID.
func (r *Report) Figure(id string) (Figure, bool) {
	for _, f := range r.Figures {
		if f.ID == id {
			return f, true
		}
	}
	return Figure{}, false
}

func label(nl, en string) intake.Text { return intake.T(nl, en) }
