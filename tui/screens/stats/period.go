package stats

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
)

// The period the dashboard counts and how it is chosen: one fixed period
// (a calendar month, quarter or year, docs/STATISTICS.md), from the
// presets statistics.Presets offers at the app's clock — the last four
// quarters that are over (the first is the default), the last three
// months, the last two years, and the running quarter and year as
// provisional. Everything that knows about that shape is in this file.

// periodText is the period a report counts, as shown and as read out:
// "2026-Q3 (2026-07 t/m 2026-09)", with VOORLOPIG for a period that is not
// over, and "vastgesteld" once its figures are fixed by an export.
func periodText(lang string, rep *statistics.Report) string {
	if rep.Period.IsZero() {
		return texts.Get(lang, tNoData)
	}
	s := rep.Period.String() + " (" + fmt.Sprintf(texts.Get(lang, tPeriodOf), rep.From, rep.To) + ")"
	if rep.Provisional {
		s += " " + texts.Get(lang, tProvisional)
	}
	if rep.Published != "" { // the exports say the day; here it would not fit the line
		s += ", " + texts.Get(lang, tPublished)
	}
	return s
}

// defaultOptions are the options of the first preset: the last quarter
// that is over.
func defaultOptions(ctx *common.Context) statistics.Options {
	var opt statistics.Options
	if ps := statistics.Presets(ctx.Now()); len(ps) > 0 {
		opt.Period, opt.Provisional = ps[0].Period, ps[0].Provisional
	}
	return opt
}

// PresetName is a preset as the chooser shows it: "2026-Q3" or "2026-Q4
// VOORLOPIG" (the line mode offers the same).
func PresetName(lang string, p statistics.Preset) string {
	if p.Provisional {
		return p.Period.String() + " " + texts.Get(lang, tProvisional)
	}
	return p.Period.String()
}

// periodForm is the chooser: the presets, one under the cursor.
type periodForm struct {
	ctx     *common.Context
	presets []statistics.Preset
	choice  int
}

// newPeriodForm opens the chooser on the period shown.
func newPeriodForm(ctx *common.Context, opt statistics.Options, _ *statistics.Report) *periodForm {
	p := &periodForm{ctx: ctx, presets: statistics.Presets(ctx.Now())}
	for i, pr := range p.presets {
		if pr.Period == opt.Period && pr.Provisional == opt.Provisional {
			p.choice = i
		}
	}
	return p
}

// update moves the cursor; done is true on enter, with the options to
// count.
func (p *periodForm) update(msg tea.Msg) (opt statistics.Options, done bool, cmd tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	n := len(p.presets)
	if !ok || n == 0 {
		return opt, false, nil
	}
	switch k.String() {
	case "right", "down", "tab":
		p.choice = (p.choice + 1) % n
	case "left", "up", "shift+tab":
		p.choice = (p.choice + n - 1) % n
	case "home":
		p.choice = 0
	case "end":
		p.choice = n - 1
	case "enter":
		pr := p.presets[p.choice]
		return statistics.Options{Period: pr.Period, Provisional: pr.Provisional}, true, nil
	}
	return opt, false, nil
}

func (p *periodForm) keys() []key.Binding {
	t := func(id textID) string { return texts.Get(p.ctx.Lang, id) }
	return []key.Binding{
		common.Binding([]string{"up", "down", "left", "right", "tab", "shift+tab", "home", "end"}, "↑↓", t(tPeriod)),
		common.Binding([]string{"enter"}, "enter", t(tShow)),
		common.Binding([]string{"esc"}, "esc", p.ctx.Text(common.TBack)),
	}
}

// view draws the title, the hint and the presets, the chosen one marked.
func (p *periodForm) view(w int) []string {
	th, t := p.ctx.Theme, func(id textID) string { return texts.Get(p.ctx.Lang, id) }
	out := []string{" " + th.Title.Render(t(tPeriodTitle))}
	out = append(out, wrapped(th.Muted, t(tPeriodHint), w, " ")...)
	out = append(out, "")
	for i, pr := range p.presets {
		name := PresetName(p.ctx.Lang, pr)
		if i == p.choice {
			out = append(out, th.Selected.Render("> "+name))
		} else {
			out = append(out, th.Text.Render("  "+name))
		}
	}
	return out
}
