package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// The statistics dashboard: the figures of `spreekuur export stats`, one
// table per tab, with bar charts made of plain characters (readable
// without colour). It reads only the statistics report (Vault.Statistics),
// never a resident or an intake, so it is the coordinator's home screen;
// a supporter opens it from home. Hidden counts show exactly as the report
// marks them ("<10", "x"): the report does not hold their numbers.

// showScreenMsg switches the app to a screen that is already built (the
// dashboard, an export, or back to the screen an export came from) and
// runs cmd.
type showScreenMsg struct {
	s   screen
	cmd tea.Cmd
}

type dashLoadedMsg struct {
	gen int
	rep *statistics.Report
	err error
}

type dashboardScreen struct {
	e       *env
	gen     int // load generation: a stale load is ignored
	opt     statistics.Options
	rep     *statistics.Report
	loading bool
	errMsg  string

	tab   int // index into the tables; len(Tables) is the key figures
	top   int // first visible line of the tab
	bodyH int // lines visible at the last view
	lines int // lines of the tab at the last view

	// Choosing the months (p): two fields, from and to.
	editing   bool
	field     int
	from, to  textinput.Model
	periodErr string
}

var (
	_ screen    = (*dashboardScreen)(nil)
	_ lockAware = (*dashboardScreen)(nil)
)

func newDashboard(e *env) *dashboardScreen {
	s := &dashboardScreen{e: e}
	s.from = newInput(e, "", 7)
	s.to = newInput(e, "", 7)
	s.from.SetWidth(8)
	s.to.SetWidth(8)
	return s
}

func (s *dashboardScreen) init() tea.Cmd { return s.reload() }

// reload counts the statistics again (in the background).
func (s *dashboardScreen) reload() tea.Cmd {
	s.gen++
	s.loading = true
	gen, v, opt := s.gen, s.e.vault, s.opt
	return func() tea.Msg {
		rep, err := v.Statistics(opt)
		return dashLoadedMsg{gen: gen, rep: rep, err: err}
	}
}

func (s *dashboardScreen) locked() {
	s.gen++
	s.rep = nil
	s.loading = false
	s.editing = false
}

func (s *dashboardScreen) unlocked() tea.Cmd { return s.reload() }

func (s *dashboardScreen) title() string { return s.e.tx.get(tDashTitle) }
func (s *dashboardScreen) typing() bool  { return s.editing }

func (s *dashboardScreen) help() []helpItem {
	tx := s.e.tx
	if s.editing {
		return []helpItem{{"enter", tx.get(tDashShow)}, {"tab", tx.get(tHelpNextField)}, {"esc", tx.get(tBack)}}
	}
	var items []helpItem
	if s.e.vault.CanReadNotes() { // a supporter came from home
		items = append(items, helpItem{"esc", tx.get(tBack)})
	}
	return append(items, helpItem{"←→", tx.get(tDashOtherTable)}, helpItem{"e", tx.get(tDashExport)},
		helpItem{"p", tx.get(tDashPeriod)}, helpItem{"↑↓", tx.get(tHelpScroll)})
}

// tabs is the number of tabs: every table and the key figures.
func (s *dashboardScreen) tabs() int {
	if s.rep == nil {
		return 1
	}
	return len(s.rep.Tables) + 1
}

func (s *dashboardScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dashLoadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading = false
		s.errMsg = ""
		if msg.err != nil {
			s.rep = nil
			s.errMsg = errorText(s.e.tx, msg.err)
			return nil
		}
		s.rep = msg.rep
		s.tab = min(s.tab, s.tabs()-1)
		return nil
	case tea.PasteMsg:
		if s.editing {
			return s.updateField(msg)
		}
	case tea.KeyPressMsg:
		if s.editing {
			return s.editKey(msg)
		}
		return s.key(msg)
	}
	return nil
}

func (s *dashboardScreen) key(k tea.KeyPressMsg) tea.Cmd {
	page := max(1, s.bodyH-1)
	switch k.String() {
	case "right", "tab", "l":
		s.tab = (s.tab + 1) % s.tabs()
		s.top = 0
	case "left", "shift+tab", "h":
		s.tab = (s.tab + s.tabs() - 1) % s.tabs()
		s.top = 0
	case "up", "k":
		s.scroll(-1)
	case "down", "j":
		s.scroll(1)
	case "pgup":
		s.scroll(-page)
	case "pgdown", "space":
		s.scroll(page)
	case "home":
		s.top = 0
	case "end":
		s.scroll(s.lines)
	case "e":
		if s.rep != nil {
			ex := newStatsExport(s.e, s, s.opt)
			return send(showScreenMsg{s: ex, cmd: ex.init()})
		}
	case "p":
		return s.startEdit()
	case "esc", "ctrl+o":
		if s.e.vault.CanReadNotes() {
			return send(goHomeMsg{})
		}
	}
	return nil
}

func (s *dashboardScreen) scroll(d int) {
	s.top = max(0, min(s.top+d, s.lines-s.bodyH))
}

// startEdit opens the month fields, filled with the months shown.
func (s *dashboardScreen) startEdit() tea.Cmd {
	from, to := s.opt.From, s.opt.To
	if s.rep != nil {
		if from == "" {
			from = s.rep.From
		}
		if to == "" {
			to = s.rep.To
		}
	}
	s.from.SetValue(string(from))
	s.to.SetValue(string(to))
	s.from.CursorEnd()
	s.to.CursorEnd()
	s.editing, s.field, s.periodErr = true, 0, ""
	s.to.Blur()
	return s.from.Focus()
}

func (s *dashboardScreen) editKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		s.editing, s.periodErr = false, ""
		return nil
	case "tab", "shift+tab", "up", "down":
		s.field = 1 - s.field
		if s.field == 0 {
			s.to.Blur()
			return s.from.Focus()
		}
		s.from.Blur()
		return s.to.Focus()
	case "enter":
		var opt statistics.Options
		opt.Threshold = s.opt.Threshold
		for _, f := range []struct {
			in  *textinput.Model
			dst *intake.Month
		}{{&s.from, &opt.From}, {&s.to, &opt.To}} {
			v := strings.TrimSpace(f.in.Value())
			if v == "" {
				continue
			}
			m, err := statistics.ParseMonth(v)
			if err != nil {
				s.periodErr = s.e.tx.get(tDashPeriodBad)
				return nil
			}
			*f.dst = m
		}
		if opt.Validate() != nil {
			s.periodErr = s.e.tx.get(tDashPeriodBad)
			return nil
		}
		s.opt, s.editing, s.periodErr, s.top = opt, false, "", 0
		return s.reload()
	}
	return s.updateField(k)
}

func (s *dashboardScreen) updateField(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if s.field == 0 {
		s.from, cmd = s.from.Update(msg)
	} else {
		s.to, cmd = s.to.Update(msg)
	}
	return cmd
}

// ---- view ----

func (s *dashboardScreen) view(w, h int) string {
	tx, th := s.e.tx, s.e.th
	var b strings.Builder
	b.WriteString(s.periodLine(w) + "\n")
	switch {
	case s.loading && s.rep == nil:
		b.WriteString("\n  " + th.Notice.Render(tx.get(tLoading)) + "\n")
		return b.String()
	case s.errMsg != "":
		b.WriteString("\n  " + th.Error.Render(s.errMsg) + "\n")
		return b.String()
	case s.rep == nil:
		return b.String()
	}
	b.WriteString(s.tabLine(w) + "\n\n")

	body := s.tabLines(w)
	s.bodyH = max(1, h-4)
	s.lines = len(body)
	s.top = max(0, min(s.top, len(body)-s.bodyH))
	end := min(len(body), s.top+s.bodyH)
	for _, l := range body[s.top:end] {
		b.WriteString(l + "\n")
	}
	for i := end - s.top; i < s.bodyH; i++ {
		b.WriteByte('\n')
	}
	// Last line: what the marks mean, and where in a long tab we are.
	legend := fmt.Sprintf(tx.get(tDashLegend), s.rep.Threshold, s.rep.Threshold-1)
	pos := ""
	if len(body) > s.bodyH {
		pos = fmt.Sprintf("%d–%d/%d", s.top+1, end, len(body))
		if end < len(body) {
			pos = "↓ " + pos
		}
	}
	gap := w - 2 - ansi.StringWidth(legend) - ansi.StringWidth(pos)
	if gap < 1 {
		legend = ansi.Truncate(legend, max(0, w-3-ansi.StringWidth(pos)), "…")
		gap = max(1, w-2-ansi.StringWidth(legend)-ansi.StringWidth(pos))
	}
	b.WriteString(" " + th.Muted.Render(legend) + strings.Repeat(" ", gap) + th.Muted.Render(pos))
	return b.String()
}

// periodLine is the first line: the months counted and the threshold, or
// the two month fields while choosing.
func (s *dashboardScreen) periodLine(w int) string {
	tx, th := s.e.tx, s.e.th
	if s.editing {
		line := " " + th.Label.Render(tx.get(tDashFrom)) + " " + s.from.View() + "  " +
			th.Label.Render(tx.get(tDashTo)) + " " + s.to.View()
		if s.periodErr != "" {
			line += "  " + th.Error.Render(s.periodErr)
		} else {
			line += "  " + th.Muted.Render(tx.get(tDashMonthHint))
		}
		return ansi.Truncate(line, w, "…")
	}
	if s.rep == nil {
		return ""
	}
	period := tx.get(tDashNoData)
	if s.rep.From != "" {
		period = fmt.Sprintf(tx.get(tDashPeriodOf), s.rep.From, s.rep.To)
	}
	line := " " + th.Label.Render(tx.get(tDashPeriodLabel)) + " " + th.Text.Render(period) +
		th.Muted.Render(" · "+fmt.Sprintf(tx.get(tDashThreshold), s.rep.Threshold))
	return ansi.Truncate(line, w, "…")
}

// tabName is the short name of tab i.
func (s *dashboardScreen) tabName(i int) string {
	if i >= len(s.rep.Tables) {
		return s.e.tx.get(tDashFigures)
	}
	return s.rep.Tables[i].Title.In(s.e.lang)
}

// tabLine shows the current tab in brackets with its neighbours, as many
// as fit: "‹ Locatie  [Hoe bij ons gekomen]  Doelgroep ›".
func (s *dashboardScreen) tabLine(w int) string {
	th := s.e.th
	n := s.tabs()
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
func (s *dashboardScreen) tabLines(w int) []string {
	if s.tab >= len(s.rep.Tables) {
		return s.figureLines(w)
	}
	return s.tableLines(&s.rep.Tables[s.tab], w)
}

// hasShares: a percentage column, as in the export (rows add up to a
// published total).
func hasShares(t *statistics.Table) bool {
	_, ok := t.TotalRow()
	return ok && !t.Multi && !t.Withheld && t.ID != "domain_step"
}

// decimalText formats v with the language's decimal mark.
func decimalText(tx texts, v float64, decimals int) string {
	str := strconv.FormatFloat(v, 'f', decimals, 64)
	if tx.get(tDecimalMark) == "," {
		str = strings.Replace(str, ".", ",", 1)
	}
	return str
}

func (s *dashboardScreen) tableLines(t *statistics.Table, w int) []string {
	tx, th, lang, rep := s.e.tx, s.e.th, s.e.lang, s.rep
	var out []string
	out = append(out, " "+th.Title.Render(t.Title.In(lang)))
	if note := t.Note.In(lang); note != "" {
		out = append(out, strings.Split(wrapIndent(th.Muted, note, w-3, " "), "\n")...)
	}
	if t.Withheld {
		out = append(out, "")
		out = append(out, strings.Split(wrapIndent(th.Notice, tx.get(tDashWithheld), w-3, " "), "\n")...)
		return out
	}
	shares := hasShares(t)
	// The chart is drawn for the main column: the count, or for the
	// domain table the last column (discussed), as in the HTML export.
	main := 0
	if t.ID == "domain_step" {
		main = len(t.Columns) - 1
	}
	// Column widths.
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
			key = append(key, strconv.Itoa(j+1)+" = "+c.Label.In(lang))
		}
		out = append(out, strings.Split(wrapIndent(th.Muted, strings.Join(key, " · "), w-3, " "), "\n")...)
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
		cell(&b, label, labelW)
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
		return b.String()
	}
	out = append(out, "")
	heads := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		if numbered {
			heads[j] = strconv.Itoa(j + 1)
		} else {
			heads[j] = c.Label.In(lang)
		}
	}
	out = append(out, th.Label.Render(strings.TrimRight(row(t.Category.In(lang), heads, "%", ""), " ")))
	for i, r := range t.Rows {
		cells := make([]string, len(r.Cells))
		for j, c := range r.Cells {
			cells[j] = c.Text(rep.Threshold)
		}
		pct := ""
		if shares {
			pct = "–"
			if v, why := t.Share(i, 0, rep.MinN); why == statistics.ReasonNone {
				pct = decimalText(tx, v, 1)
			}
		}
		bar := ""
		if c := r.Cells[main]; barW > 0 && !r.Total && c.Visible() && maxN > 0 {
			bar = bars(c.N, maxN, barW)
		}
		line := strings.TrimRight(row(inert(r.Label.In(lang)), cells, pct, bar), " ")
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
	k := max(1, n*width/maxN)
	return strings.Repeat("█", k)
}

// figureLines: the key figures (turnaround, appreciation, shares), each
// with its value or why it is not given, and the number it is based on.
func (s *dashboardScreen) figureLines(w int) []string {
	tx, th, lang, rep := s.e.tx, s.e.th, s.e.lang, s.rep
	out := []string{" " + th.Title.Render(tx.get(tDashFigures)), ""}
	barW := max(0, min(40, w-40))
	for _, f := range rep.Figures {
		out = append(out, "  "+th.Label.Render(ansi.Truncate(f.Label.In(lang), w-3, "…")))
		if f.Reason != statistics.ReasonNone {
			out = append(out, "    "+th.Text.Render("–")+"  "+th.Muted.Render(f.Reason.Explain(lang)))
			out = append(out, "")
			continue
		}
		value, bar := figureValue(tx, f), ""
		switch f.Unit {
		case statistics.UnitPercent:
			bar = bars(int(f.Value+0.5), 100, barW)
		case statistics.UnitScore:
			bar = bars(int(f.Value*20+0.5), 100, barW)
		}
		line := "    " + padRight(value, 12) + " " + padRight("n = "+f.N.Text(rep.Threshold), 10)
		if bar != "" {
			line += " " + bar
		}
		out = append(out, th.Text.Render(strings.TrimRight(line, " ")), "")
	}
	return out
}

// figureValue is a summary figure as text: "12,5%", "14 dagen", "4,2".
// The caller handles figures without a value (f.Reason).
func figureValue(tx texts, f statistics.Figure) string {
	switch f.Unit {
	case statistics.UnitPercent:
		return decimalText(tx, f.Value, 1) + "%"
	case statistics.UnitDays:
		d := 1
		if f.ID == "turnaround_p90" {
			d = 0
		}
		return fmt.Sprintf(tx.get(tDashDays), decimalText(tx, f.Value, d))
	}
	return decimalText(tx, f.Value, 1)
}

// padLeft right-aligns s in n cells.
func padLeft(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return strings.Repeat(" ", n-w) + s
	}
	return s
}
