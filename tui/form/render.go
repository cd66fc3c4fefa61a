package form

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

// Drawing: Update renders the rows into lines; View only joins them.

// render lays out the rows in the form's size into f.lines, scrolled so
// the focused row and its messages are in view.
func (f *Form) render() {
	th, lang := f.ctx.Theme, f.ctx.Lang
	w := f.w
	if f.ask != nil {
		var items []string
		for _, it := range f.ask.q.Removes {
			items = append(items, common.Inert(f.ctx.T(it)))
		}
		f.lines = strings.Split(components.Confirm(f.ctx, f.ctx.T(f.ask.q.Question), items, w), "\n")
		return
	}
	var top []string
	if f.intro.NL != "" {
		top = append(top, "")
		for _, l := range common.WrapLines(f.intro.In(lang), w-4) {
			top = append(top, "  "+th.Text.Render(l))
		}
		top = append(top, "")
	}
	var body []string
	var rowStarts []int
	focusTop, focusEnd := 0, 0
	for _, r := range f.rows {
		focused := r.key == f.focus
		rowStarts = append(rowStarts, len(body))
		if focused {
			focusTop = len(body)
		}
		body = append(body, f.renderRow(r, focused)...)
		if focused {
			focusEnd = len(body)
		}
	}
	var bottom []string
	if r := f.row(); r != nil && r.field.Help.NL != "" && !f.locked(r) {
		for _, l := range common.WrapLines(r.field.Help.In(lang), w-4) {
			bottom = append(bottom, "  "+th.Muted.Render(l))
		}
		if r.field.HelpFor != nil {
			for _, h := range r.field.HelpFor(r.at) {
				for i, l := range common.WrapLines(h.In(lang), w-6) {
					lead := "  • "
					if i > 0 {
						lead = "    "
					}
					bottom = append(bottom, lead+th.Muted.Render(l))
				}
			}
		}
	}
	if f.big && len(f.rows) > 0 {
		if v := f.rows[0].field.Get(f.rows[0].at).Text; strings.TrimSpace(v) != "" {
			bottom = append(bottom, "", "  "+th.Label.Render(texts.Get(lang, tResidentReads)))
			for _, l := range common.WrapLines(common.InertLines(v), min(60, w-6)) {
				bottom = append(bottom, "    "+th.Large.Render(l))
			}
		}
	}
	if f.notice != "" {
		for _, l := range common.WrapLines(f.notice, w-4) {
			bottom = append(bottom, "  "+th.Notice.Render(l))
		}
	}
	room := max(1, f.h-len(top)-len(bottom))
	if len(top)+len(body)+len(bottom) > f.h && len(top) > 0 && focusEnd > room {
		top = nil // the intro gives way to the focused field
		room = max(1, f.h-len(bottom))
	}
	start := 0
	if focusEnd > room {
		start = min(focusTop, focusEnd-room)
	}
	end := min(len(body), start+room)
	// Rows are not cut at the edges (a sentence would be): a row that
	// does not fit whole is left off, unless it is the focused one.
	for i, rs := range rowStarts {
		next := len(body)
		if i+1 < len(rowStarts) {
			next = rowStarts[i+1]
		}
		if rs < start && start < next && next <= focusTop {
			start = next
		}
		if rs < end && end < next && rs > start && rs != focusTop {
			end = rs
		}
	}
	out := append(append([]string{}, top...), body[start:end]...)
	if pad := f.h - len(out) - len(bottom); pad > 0 && len(bottom) > 0 {
		out = append(out, make([]string, pad)...)
	}
	f.lines = append(out, bottom...)
}

// View returns what Update rendered.
func (f *Form) View() string { return strings.Join(f.lines, "\n") }

func (f *Form) renderRow(r *row, focused bool) []string {
	th, lang := f.ctx.Theme, f.ctx.Lang
	indent := strings.Repeat("  ", r.depth)
	labelW := max(8, f.labelW-len(indent))
	valueW := max(10, f.w-f.labelW-4)
	mark := "  "
	if focused {
		mark = th.Selected.Render(">") + " "
	}
	label := common.WrapLines(f.ctx.T(r.field.Label), labelW)
	var value []string
	switch r.kind {
	case rowInfo:
		for _, t := range r.field.Info(r.at) {
			for _, l := range common.WrapLines(f.ctx.T(t), valueW) {
				value = append(value, th.Muted.Render(l))
			}
		}
	case rowPicker:
		value = f.pickerLines(r, focused, valueW)
	default:
		value = f.valueLines(r, focused, valueW)
	}
	if len(value) == 0 {
		value = []string{""}
	}
	n := max(len(label), len(value))
	out := make([]string, 0, n+1)
	for i := 0; i < n; i++ {
		lead := "  "
		if i == 0 {
			lead = mark
		}
		l := ""
		if i < len(label) {
			l = label[i]
		}
		v := ""
		if i < len(value) {
			v = value[i]
		}
		out = append(out, lead+indent+th.Label.Render(common.PadRight(l, labelW))+"  "+v)
	}
	pad := "  " + indent + strings.Repeat(" ", labelW) + "  "
	if e := f.errs[r.key]; e != nil && r.kind == rowField {
		st := th.Error
		if e.Incomplete && focused {
			st = th.Muted
		}
		msg := f.ctx.T(e.Msg)
		if !e.Kept && !e.Incomplete {
			msg = texts.Get(lang, tNotSaved) + ": " + msg
			if cur := f.shownValue(r); cur != "" {
				msg += " " + fmt.Sprintf(texts.Get(lang, tKeptValue), cur)
			}
		}
		for _, l := range common.WrapLines(msg, valueW) {
			out = append(out, pad+st.Render(l))
		}
	} else if focused && r.field.Path != nil && !r.fresh {
		if msg, ok := f.ed.ErrorFor(r.field.Path(r.at)); ok {
			for _, l := range common.WrapLines(f.ctx.T(msg), valueW) {
				out = append(out, pad+th.Error.Render(l))
			}
		}
	}
	return out
}

// shownValue is the stored value of a typed field, as typed.
func (f *Form) shownValue(r *row) string {
	if r.fresh {
		return ""
	}
	return common.Inert(r.field.Get(r.at).Text)
}

func (f *Form) valueLines(r *row, focused bool, width int) []string {
	th := f.ctx.Theme
	if locked, why := r.field.Locked(r.at); locked {
		return []string{th.Muted.Render(ansi.Truncate(f.ctx.T(why), width, "…"))}
	}
	if focused && !f.locked(r) {
		if w := f.widget(r); w != nil {
			return strings.Split(w.f.View(), "\n")
		}
	}
	return f.summary(r, width)
}

// summary is a row's value on one or two lines, when it does not have the
// focus.
func (f *Form) summary(r *row, width int) []string {
	th, lang := f.ctx.Theme, f.ctx.Lang
	var v conversation.Value
	if !r.fresh {
		v = r.field.Get(r.at)
	}
	if w := f.widgets[r.key]; w != nil && r.typed() {
		v.Text = w.text.Get() // what is on screen, also when it was refused
	}
	switch r.field.Kind {
	case conversation.KindYesNo:
		if v.Yes {
			return []string{th.Text.Render("[x] " + f.ctx.Text(common.TYes))}
		}
		return []string{th.Text.Render("[ ] " + f.ctx.Text(common.TNo))}
	case conversation.KindChoice:
		return []string{th.Text.Render(ansi.Truncate(common.Inert(conversation.OptionLabel(r.field.Options(r.at), v.Text, lang)), width, "…"))}
	case conversation.KindMulti:
		if len(v.Codes) == 0 {
			return []string{th.Muted.Render(texts.Get(lang, tNothingChosen))}
		}
		opts := r.field.Options(r.at)
		var names []string
		for _, c := range v.Codes {
			names = append(names, conversation.OptionLabel(opts, c, lang))
		}
		lines := common.WrapLines(common.Inert(strings.Join(names, ", ")), width)
		if len(lines) > 2 {
			lines = append(lines[:1], ansi.Truncate(lines[1]+" …", width, "…"))
		}
		for i := range lines {
			lines[i] = th.Text.Render(lines[i])
		}
		return lines
	}
	text := common.Inert(v.Text)
	if text == "" {
		return []string{""}
	}
	lines := common.WrapLines(text, width)
	if len(lines) > 2 {
		lines = append(lines[:1], ansi.Truncate(lines[1], width-2, "")+" …")
	}
	for i := range lines {
		lines[i] = th.Text.Render(lines[i])
	}
	return lines
}

func (f *Form) pickerLines(r *row, focused bool, width int) []string {
	th, lang := f.ctx.Theme, f.ctx.Lang
	if locked, why := r.field.Locked(r.at); locked {
		return []string{th.Muted.Render(ansi.Truncate(f.ctx.T(why), width, "…"))}
	}
	n := r.field.List.Count(r.at)
	if n == 0 && r.field.List.Add == nil {
		return []string{th.Muted.Render(texts.Get(lang, tNoItems))}
	}
	i := f.selected(r, n)
	if focused {
		if w := f.widget(r); w != nil {
			return strings.Split(w.f.View(), "\n")
		}
	}
	return []string{th.Text.Render(ansi.Truncate(f.itemTitle(r, i, n), width, "…"))}
}

// itemTitle names item i of a picker's list ("Brief 1: Besluit · 1 van 2").
func (f *Form) itemTitle(r *row, i, n int) string {
	lang := f.ctx.Lang
	if i >= n {
		return fmt.Sprintf(texts.Get(lang, tNewItem), f.ctx.T(r.field.List.Item))
	}
	t := common.Inert(f.ctx.T(r.field.List.Title(r.at, i)))
	if n > 1 {
		t += " (" + fmt.Sprintf(texts.Get(lang, tItemOf), i+1, n) + ")"
	}
	return t
}
