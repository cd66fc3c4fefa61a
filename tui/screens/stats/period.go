package stats

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
)

// The months the dashboard counts and how they are chosen: a from and a
// to month (statistics.Options.From/To). Everything that knows about that
// shape is in this file, so the move to fixed periods (2026-Q3, 2026,
// 2026-11) changes only this file.

// periodText is the months a report counts, as shown and as read out.
func periodText(lang string, rep *statistics.Report) string {
	if rep.From == "" {
		return texts.Get(lang, tNoData)
	}
	return fmt.Sprintf(texts.Get(lang, tPeriodOf), rep.From, rep.To)
}

// periodForm asks for the months: two huh inputs, from and to; empty
// means no limit. The labels are drawn here, huh draws the values.
type periodForm struct {
	ctx            *common.Context
	form           *huh.Form
	from, to       *huh.Input
	fromVal, toVal string
	threshold      int
	err            string // a problem found after the fields were checked
}

// newPeriodForm opens the fields, filled with the months shown.
func newPeriodForm(ctx *common.Context, opt statistics.Options, rep *statistics.Report) *periodForm {
	p := &periodForm{ctx: ctx, fromVal: string(opt.From), toVal: string(opt.To), threshold: opt.Threshold}
	if rep != nil {
		if p.fromVal == "" {
			p.fromVal = string(rep.From)
		}
		if p.toVal == "" {
			p.toVal = string(rep.To)
		}
	}
	p.from = huh.NewInput().Prompt("").Inline(true).CharLimit(7).Value(&p.fromVal).Validate(p.checkMonth)
	p.to = huh.NewInput().Prompt("").Inline(true).CharLimit(7).Value(&p.toVal).Validate(p.checkMonth)
	p.form = huh.NewForm(huh.NewGroup(p.from, p.to)).
		WithTheme(ctx.Theme.Huh()).WithKeyMap(common.HuhKeys()).WithShowHelp(false).WithWidth(10)
	p.form.Init()
	return p
}

type problem string

func (e problem) Error() string { return string(e) }

func (p *periodForm) bad() error { return problem(texts.Get(p.ctx.Lang, tPeriodBad)) }

func (p *periodForm) checkMonth(v string) error {
	if v = strings.TrimSpace(v); v == "" {
		return nil
	}
	if _, err := statistics.ParseMonth(v); err != nil {
		return p.bad()
	}
	return nil
}

// optionsOf reads the two months as statistics options.
func (p *periodForm) optionsOf(from, to string) (statistics.Options, error) {
	opt := statistics.Options{Threshold: p.threshold}
	for _, f := range []struct {
		typed string
		dst   *intake.Month
	}{{from, &opt.From}, {to, &opt.To}} {
		if v := strings.TrimSpace(f.typed); v != "" {
			m, err := statistics.ParseMonth(v)
			if err != nil {
				return opt, err
			}
			*f.dst = m
		}
	}
	return opt, opt.Validate()
}

// update runs the form; done is true once the months are filled in
// correctly, with the options to count. Tab, enter and the arrows move
// between the two fields at once (not through huh's "next field" message,
// which would arrive after letters already typed); enter on the last
// field checks both months and counts.
func (p *periodForm) update(msg tea.Msg) (opt statistics.Options, done bool, cmd tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		p.err = ""
		onFrom := p.form.GetFocusedField() == p.from
		switch k.String() {
		case "enter":
			if onFrom {
				return opt, false, p.form.NextField()
			}
			opt, err := p.optionsOf(p.fromVal, p.toVal)
			if err != nil {
				p.err = p.bad().Error()
				return opt, false, nil
			}
			return opt, true, nil
		case "tab", "shift+tab", "up", "down":
			if onFrom {
				return opt, false, p.form.NextField()
			}
			return opt, false, p.form.PrevField()
		}
	}
	m, cmd := p.form.Update(msg)
	p.form = m.(*huh.Form)
	return opt, false, cmd
}

// problemText is the sentence under the fields, if any.
func (p *periodForm) problemText() string {
	for _, e := range []error{p.from.Error(), p.to.Error()} {
		if e != nil {
			return e.Error()
		}
	}
	return p.err
}

func (p *periodForm) keys() []key.Binding {
	t := func(id textID) string { return texts.Get(p.ctx.Lang, id) }
	return []key.Binding{
		common.Binding([]string{"enter"}, "enter", t(tShow)),
		common.Binding([]string{"tab", "shift+tab", "up", "down"}, "tab", t(tNextField)),
		common.Binding([]string{"esc"}, "esc", p.ctx.Text(common.TBack)),
	}
}

// view draws the title, the hint, the two fields and a problem.
func (p *periodForm) view(w int) []string {
	th, t := p.ctx.Theme, func(id textID) string { return texts.Get(p.ctx.Lang, id) }
	out := []string{" " + th.Title.Render(t(tPeriodTitle))}
	out = append(out, wrapped(th.Muted, t(tPeriodHint), w, " ")...)
	out = append(out, "")
	labelW := max(len([]rune(t(tFrom))), len([]rune(t(tTo))))
	focused := p.form.GetFocusedField()
	for _, f := range []struct {
		label string
		in    *huh.Input
	}{{t(tFrom), p.from}, {t(tTo), p.to}} {
		mark := "  "
		if f.in == focused {
			mark = "> "
		}
		out = append(out, th.Label.Render(mark+common.PadRight(f.label, labelW))+" "+f.in.View())
	}
	if msg := p.problemText(); msg != "" {
		out = append(out, "")
		out = append(out, wrapped(th.Error, msg, w, " ")...)
	}
	return out
}
