package stats

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
)

// Drawing the report: a table or the key figures as lines, with bar
// charts made of plain characters (readable without colour). Hidden
// counts are drawn exactly as the report marks them ("<10"): the report
// does not hold their numbers. These functions read the report and change
// nothing.

// FigureValue is a summary figure as text: "12,5%", "14 dagen", "4,2".
// The caller handles figures without a value (f.Reason).
func FigureValue(lang string, f statistics.Figure) string {
	switch f.Unit {
	case statistics.UnitPercent:
		return decimalText(lang, f.Value, 1) + "%"
	case statistics.UnitDays: // whole days, rounded to 5 (as in the export)
		return fmt.Sprintf(texts.Get(lang, tDays), decimalText(lang, f.Value, 0))
	}
	return decimalText(lang, f.Value, 1)
}

// Lines is the whole report as plain lines, for the line-by-line mode: the
// period, what the marks mean, a heading per table and one line per row,
// then the key figures. Hidden counts are said exactly as marked.
func Lines(ctx *common.Context, rep *statistics.Report) []string {
	lang := ctx.Lang
	t := func(id textID) string { return texts.Get(lang, id) }
	out := []string{
		t(tPeriodLabel) + " " + periodText(lang, rep) + ", " + fmt.Sprintf(t(tThreshold), rep.Threshold) + ".",
		legend(lang, rep),
	}
	for i := range rep.Tables {
		tb := &rep.Tables[i]
		out = append(out, "", common.Inert(tb.Title.In(lang))+":")
		for _, r := range tb.Rows {
			parts := make([]string, 0, len(tb.Columns))
			for c, col := range tb.Columns {
				cell := r.Cells[c].Text(rep.Threshold)
				if len(tb.Columns) > 1 {
					cell = common.Inert(col.Label.In(lang)) + " " + cell
				}
				parts = append(parts, cell)
			}
			out = append(out, "  "+common.Inert(r.Label.In(lang))+": "+strings.Join(parts, ", "))
		}
	}
	out = append(out, "", t(tFigures)+":")
	for _, f := range rep.Figures {
		value := f.Reason.Explain(lang)
		if f.Reason == statistics.ReasonNone {
			value = FigureValue(lang, f)
		}
		out = append(out, "  "+common.Inert(f.Label.In(lang))+": "+value+" (n = "+f.N.Text(rep.Threshold)+")")
	}
	return out
}

// legend says what the marks mean, and that every count has noise.
func legend(lang string, rep *statistics.Report) string {
	return fmt.Sprintf(texts.Get(lang, tLegend), rep.Threshold, rep.Threshold, statistics.PTableMaxDeviation)
}

// decimalText formats v with the language's decimal mark.
func decimalText(lang string, v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if texts.Get(lang, tDecimalMark) == "," {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// wrapped wraps a sentence to lines of width w with indent.
func wrapped(st lipgloss.Style, s string, w int, indent string) []string {
	return strings.Split(common.Wrap(st, s, w-len(indent)-2, indent), "\n")
}

// tabs is the number of tabs: every table and the key figures.
func tabs(rep *statistics.Report) int {
	if rep == nil {
		return 1
	}
	return len(rep.Tables) + 1
}

// tabName is the short name of tab i.
func (s *Screen) tabName(i int) string {
	if i >= len(s.rep.Tables) {
		return texts.Get(s.ctx.Lang, tFigures)
	}
	return common.Inert(s.rep.Tables[i].Title.In(s.ctx.Lang))
}

// tabLine shows the current tab in brackets with its neighbours, as many
// as fit: "‹ Locatie  [Hoe bij ons gekomen]  Doelgroep ›". Names are
// titles, not sentences: a long one is cut with an ellipsis.
func (s *Screen) tabLine(w int) string {
	th := s.ctx.Theme
	n := tabs(s.rep)
	name := func(i int) string {
		t := ansi.Truncate(s.tabName(i), 22, "…")
		if i == s.tab {
			return "[" + t + "]"
		}
		return " " + t + " "
	}
	count := fmt.Sprintf("%d/%d ", s.tab+1, n)
	avail := w - 2 - len(count) - 4 // room for the arrows
	first, last := s.tab, s.tab
	used := ansi.StringWidth(name(s.tab))
	for {
		grown := false
		if last+1 < n && used+1+ansi.StringWidth(name(last+1)) <= avail {
			last++
			used += 1 + ansi.StringWidth(name(last))
			grown = true
		}
		if first > 0 && used+1+ansi.StringWidth(name(first-1)) <= avail {
			first--
			used += 1 + ansi.StringWidth(name(first))
			grown = true
		}
		if !grown {
			break
		}
	}
	var b strings.Builder
	b.WriteString(" " + th.Muted.Render(count))
	if first > 0 {
		b.WriteString(th.Muted.Render("‹ "))
	} else {
		b.WriteString("  ")
	}
	for i := first; i <= last; i++ {
		if i > first {
			b.WriteByte(' ')
		}
		if i == s.tab {
			b.WriteString(th.Selected.Render(name(i)))
		} else {
			b.WriteString(th.Text.Render(name(i)))
		}
	}
	if last < n-1 {
		b.WriteString(th.Muted.Render(" ›"))
	}
	return ansi.Truncate(b.String(), w, "…")
}

// tabLines renders the current tab in full; the view shows a window of it.
func (s *Screen) tabLines(w int) []string {
	if s.tab >= len(s.rep.Tables) {
		return s.figureLines(w)
	}
	return s.tableLines(&s.rep.Tables[s.tab], w)
}

func (s *Screen) tableLines(t *statistics.Table, w int) []string {
	th, lang, rep := s.ctx.Theme, s.ctx.Lang, s.rep
	out := []string{" " + th.Title.Render(common.Inert(t.Title.In(lang)))}
	if note := t.Note.In(lang); note != "" {
		out = append(out, wrapped(th.Muted, common.Inert(note), w, " ")...)
	}
	shares := t.HasShares()
	// The chart is drawn for the main column, as in the HTML export.
	main := t.MainColumn()
	labelW := ansi.StringWidth(t.Category.In(lang))
	for _, r := range t.Rows {
		labelW = max(labelW, ansi.StringWidth(r.Label.In(lang)))
	}
	labelW = min(labelW, max(12, min(26, w/3)))
	colW := make([]int, len(t.Columns))
	numbered := false
	maxCol := max(4, (w-4-labelW-12)/max(1, len(t.Columns))-1)
	for j, c := range t.Columns {
		cw := 3
		for _, r := range t.Rows {
			cw = max(cw, len(r.Cells[j].Text(rep.Threshold)))
		}
		if hw := ansi.StringWidth(c.Label.In(lang)); hw > maxCol {
			numbered = true
		} else {
			cw = max(cw, hw)
		}
		colW[j] = cw
	}
	if numbered { // headings too wide: number the columns, with a key
		var key []string
		for j, c := range t.Columns {
			colW[j] = len(strconv.Itoa(j + 1))
			for _, r := range t.Rows {
				colW[j] = max(colW[j], 3, len(r.Cells[j].Text(rep.Threshold)))
			}
			key = append(key, strconv.Itoa(j+1)+" = "+common.Inert(c.Label.In(lang)))
		}
		out = append(out, wrapped(th.Muted, strings.Join(key, " · "), w, " ")...)
	}
	const pctW = 6
	used := 2 + labelW
	for _, cw := range colW {
		used += 1 + cw
	}
	if shares {
		used += 1 + pctW
	}
	barW := w - used - 3
	if t.ID == "overview" || barW < 6 {
		barW = 0
	}
	maxN := 0
	for _, r := range t.Rows {
		if c := r.Cells[main]; !r.Total && c.Visible() {
			maxN = max(maxN, c.N)
		}
	}
	row := func(label string, cells []string, pct, bar string) string {
		var b strings.Builder
		b.WriteString("  ")
		common.Cell(&b, label, labelW)
		for j, c := range cells {
			b.WriteByte(' ')
			b.WriteString(padLeft(c, colW[j]))
		}
		if shares {
			b.WriteString(" " + padLeft(pct, pctW))
		}
		if bar != "" {
			b.WriteString("  " + bar)
		}
		return strings.TrimRight(b.String(), " ")
	}
	heads := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		if numbered {
			heads[j] = strconv.Itoa(j + 1)
		} else {
			heads[j] = common.Inert(c.Label.In(lang))
		}
	}
	out = append(out, "", th.Label.Render(row(common.Inert(t.Category.In(lang)), heads, "%", "")))
	for i, r := range t.Rows {
		cells := make([]string, len(r.Cells))
		for j, c := range r.Cells {
			cells[j] = c.Text(rep.Threshold)
		}
		pct := ""
		if shares {
			pct = "–"
			if v, why := t.Share(i, 0, rep.MinN); why == statistics.ReasonNone {
				pct = decimalText(lang, v, 1)
			}
		}
		bar := ""
		if c := r.Cells[main]; barW > 0 && !r.Total && c.Visible() && maxN > 0 {
			bar = bars(c.N, maxN, barW)
		}
		line := row(common.Inert(r.Label.In(lang)), cells, pct, bar)
		if r.Total {
			out = append(out, th.Label.Render(line))
		} else {
			out = append(out, th.Text.Render(line))
		}
	}
	return out
}

// bars is a horizontal bar of n out of maxN in width cells: full blocks,
// at least one for any count above zero.
func bars(n, maxN, width int) string {
	if n <= 0 || maxN <= 0 {
		return ""
	}
	return strings.Repeat("█", max(1, n*width/maxN))
}

// figureLines: the key figures (turnaround, appreciation, shares), each
// with its value or why it is not given, and the number it is based on.
func (s *Screen) figureLines(w int) []string {
	th, lang, rep := s.ctx.Theme, s.ctx.Lang, s.rep
	out := []string{" " + th.Title.Render(texts.Get(lang, tFigures)), ""}
	barW := max(0, min(40, w-40))
	for _, f := range rep.Figures {
		out = append(out, wrapped(th.Label, common.Inert(f.Label.In(lang)), w, "  ")...)
		if f.Reason != statistics.ReasonNone {
			why := wrapped(th.Muted, f.Reason.Explain(lang), w, "       ")
			why[0] = "    " + th.Text.Render("–") + "  " + strings.TrimPrefix(why[0], "       ")
			out = append(out, why...)
			out = append(out, "")
			continue
		}
		bar := ""
		switch f.Unit {
		case statistics.UnitPercent:
			bar = bars(int(f.Value+0.5), 100, barW)
		case statistics.UnitScore:
			bar = bars(int(f.Value*20+0.5), 100, barW)
		}
		line := "    " + common.PadRight(FigureValue(lang, f), 12) + " " + common.PadRight("n = "+f.N.Text(rep.Threshold), 10)
		if bar != "" {
			line += " " + bar
		}
		out = append(out, th.Text.Render(strings.TrimRight(line, " ")), "")
	}
	return out
}

// padLeft right-aligns s in n cells.
func padLeft(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return strings.Repeat(" ", n-w) + s
	}
	return s
}
