package statistics

import (
	"strconv"

	"github.com/spreekuur/spreekuur/intake"
)

// Hidden says why a count is not published ("" = it is).
type Hidden string

const (
	Shown     Hidden = ""          // published
	Small     Hidden = "small"     // 1..threshold-1 (primary suppression), shown as "<10"
	Secondary Hidden = "secondary" // hidden so a small count cannot be worked out, shown as "x"
	Withheld  Hidden = "withheld"  // the whole table is withheld: no safe pattern exists
)

// Cell is one published count. A hidden cell carries no number: the true
// value never leaves this package, so no renderer can leak it.
type Cell struct {
	N      int    // the count; 0 when Hidden is not Shown
	Hidden Hidden // why it is not published
}

// Visible reports whether the count is published.
func (c Cell) Visible() bool { return c.Hidden == Shown }

// Text is the cell as printed: "12", "<10" (threshold 10) or "x".
func (c Cell) Text(threshold int) string {
	switch c.Hidden {
	case Shown:
		return strconv.Itoa(c.N)
	case Small:
		return "<" + strconv.Itoa(threshold)
	}
	return "x"
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
	Total bool        // the total row (sums of the rows above)
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
	// Withheld: no suppression pattern protects this table; every cell is
	// hidden and the renderers say so.
	Withheld bool
}

// TotalRow returns the total row, if the table has one.
func (t *Table) TotalRow() (Row, bool) {
	if n := len(t.Rows); n > 0 && t.Rows[n-1].Total {
		return t.Rows[n-1], true
	}
	return Row{}, false
}

// Reason says why a percentage or a summary figure is not given.
type Reason string

const (
	ReasonNone       Reason = ""           // the figure is given
	ReasonNoData     Reason = "no_data"    // nothing to compute it from
	ReasonFewCases   Reason = "few_cases"  // based on fewer than MinN intakes
	ReasonSuppressed Reason = "suppressed" // it would reveal a hidden count
)

// Explain returns the reason as a short sentence in lang.
func (r Reason) Explain(lang string) string {
	switch r {
	case ReasonNoData:
		return label("Geen gegevens.", "No data.").In(lang)
	case ReasonFewCases:
		return label("Te weinig intakes om dit te tonen.", "Too few intakes to show this.").In(lang)
	case ReasonSuppressed:
		return label("Verborgen: anders zijn kleine aantallen terug te rekenen.", "Hidden: otherwise small counts could be worked out.").In(lang)
	}
	return ""
}

// Share returns the percentage of row i in column col of the total row.
// It is given only for tables whose rows add up, when the cell and the
// total are both published and the total is at least minN; so a
// percentage never tells more than the published counts.
func (t *Table) Share(i, col, minN int) (float64, Reason) {
	tot, ok := t.TotalRow()
	if !ok || t.Multi || t.Withheld {
		return 0, ReasonNoData
	}
	return share(t.Rows[i].Cells[col], tot.Cells[col], minN)
}

func share(part, base Cell, minN int) (float64, Reason) {
	switch {
	case !part.Visible() || !base.Visible():
		return 0, ReasonSuppressed
	case base.N == 0:
		return 0, ReasonNoData
	case base.N < minN:
		return 0, ReasonFewCases
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
	Value  float64 // valid only when Reason is ReasonNone
	Reason Reason  // why there is no value
	N      Cell    // the number of intakes it is based on
}

// Report is the result of an aggregation, after disclosure control. It
// holds only published numbers: hidden counts are not in it.
type Report struct {
	From, To  intake.Month // the months counted (inclusive); "" when there were no records
	Threshold int          // counts 1..Threshold-1 are hidden
	MinN      int          // percentages and means need at least this many intakes
	Tables    []Table
	Figures   []Figure
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
