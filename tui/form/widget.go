package form

import (
	"slices"
	"strconv"

	"charm.land/huh/v2"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/tui/common"
)

// widget is the huh field that edits one row, with the accessor that ties
// it to the editor: huh calls the accessor's Set on every change, and the
// accessor hands the change to the form, which saves it at once.
type widget struct {
	f     huh.Field
	text  *textAccessor
	yes   *boolAccessor
	codes *codesAccessor
	pick  *pickAccessor
	shown conversation.Value // the draft's value when the widget was last in step with it
}

// textAccessor holds what a typed field shows (which may be a refused
// value, kept on screen with its reason) or a choice's code.
type textAccessor struct {
	form  *Form
	r     *row
	value string
}

func (a *textAccessor) Get() string { return a.value }

func (a *textAccessor) Set(v string) {
	if v == a.value {
		return // huh calls Set on every message, changed or not
	}
	old := a.value
	a.value = v
	if !a.form.change(a.r, conversation.Value{Text: v}) && !a.r.typed() {
		a.value = old // a choice that was refused or must be confirmed first
	}
}

type boolAccessor struct {
	form  *Form
	r     *row
	value bool
}

func (a *boolAccessor) Get() bool { return a.value }

func (a *boolAccessor) Set(v bool) {
	if v == a.value {
		return
	}
	if a.form.change(a.r, conversation.Value{Yes: v}) {
		a.value = v
	}
}

type codesAccessor struct {
	form  *Form
	r     *row
	value []string
}

func (a *codesAccessor) Get() []string { return a.value }

func (a *codesAccessor) Set(v []string) {
	if slices.Equal(v, a.value) {
		return
	}
	if a.form.change(a.r, conversation.Value{Codes: slices.Clone(v)}) {
		a.value = slices.Clone(v)
	}
}

// setRow points the widget's accessor at the current row object.
func (w *widget) setRow(r *row) {
	switch {
	case w.text != nil:
		w.text.r = r
	case w.yes != nil:
		w.yes.r = r
	case w.codes != nil:
		w.codes.r = r
	case w.pick != nil:
		w.pick.r = r
	}
}

// widget returns the row's huh field, made on first use.
func (f *Form) widget(r *row) *widget {
	if r.kind == rowInfo || f.locked(r) {
		return nil
	}
	if w := f.widgets[r.key]; w != nil {
		return w
	}
	w := f.makeWidget(r)
	if w != nil {
		f.widgets[r.key] = w
	}
	return w
}

func (f *Form) current(r *row) conversation.Value {
	if r.fresh {
		return conversation.Value{}
	}
	return r.field.Get(r.at)
}

func (f *Form) makeWidget(r *row) *widget {
	lang := f.ctx.Lang
	width := max(10, f.w-f.labelW-4)
	theme, keys := f.ctx.Theme.Huh(), common.FieldKeys()
	w := &widget{}
	if r.kind == rowPicker {
		n := r.field.List.Count(r.at)
		var opts []huh.Option[string]
		for i := 0; i < n; i++ {
			opts = append(opts, huh.NewOption(f.itemTitle(r, i, n), strconv.Itoa(i)))
		}
		if r.field.List.Add != nil {
			opts = append(opts, huh.NewOption(f.itemTitle(r, n, n), strconv.Itoa(n)))
		}
		w.pick = &pickAccessor{form: f, r: r, value: strconv.Itoa(f.selected(r, n))}
		sel := huh.NewSelect[string]().Inline(true)
		sel.WithTheme(theme) // before the options: they are drawn as they are set
		w.f = sel.Options(opts...).Accessor(w.pick)
		w.f.WithTheme(theme).WithKeyMap(keys).WithWidth(width)
		return w
	}
	v := f.current(r)
	w.shown = v
	switch r.field.Kind {
	case conversation.KindText, conversation.KindDate, conversation.KindDateTime, conversation.KindYear:
		w.text = &textAccessor{form: f, r: r, value: v.Text}
		in := huh.NewInput().Prompt("").CharLimit(r.field.Limit).Accessor(w.text)
		switch r.field.Kind {
		case conversation.KindDate:
			in.Placeholder(f.ctx.T(conversation.DateHint))
		case conversation.KindDateTime:
			in.Placeholder(f.ctx.T(conversation.DateHint) + " uu:mm")
		}
		w.f = in
	case conversation.KindLongText:
		w.text = &textAccessor{form: f, r: r, value: v.Text}
		w.f = huh.NewText().ExternalEditor(false).CharLimit(r.field.Limit).Lines(3).Accessor(w.text)
	case conversation.KindChoice:
		w.text = &textAccessor{form: f, r: r, value: v.Text}
		var opts []huh.Option[string]
		codes := map[string]bool{}
		for _, o := range r.field.Options(r.at) {
			opts = append(opts, huh.NewOption(common.Inert(o.Label.In(lang)), o.Code))
			codes[o.Code] = true
		}
		if r.fresh && !codes[v.Text] && len(opts) > 0 {
			// The "new" item's choice shows its first option, and huh
			// hands that over once focused: it is not a change, so
			// passing by does not add an item.
			w.text.value = opts[0].Value
		}
		sel := huh.NewSelect[string]().Inline(true)
		sel.WithTheme(theme)
		w.f = sel.Options(opts...).Accessor(w.text)
	case conversation.KindMulti:
		w.codes = &codesAccessor{form: f, r: r, value: slices.Clone(v.Codes)}
		var opts []huh.Option[string]
		for _, o := range r.field.Options(r.at) {
			opts = append(opts, huh.NewOption(common.Inert(o.Label.In(lang)), o.Code))
		}
		ms := huh.NewMultiSelect[string]()
		ms.WithTheme(theme)
		w.f = ms.Options(opts...).Height(min(len(opts), 7)).Accessor(w.codes)
	case conversation.KindYesNo:
		w.yes = &boolAccessor{form: f, r: r, value: v.Yes}
		w.f = huh.NewConfirm().Affirmative(f.ctx.Text(common.TYes)).Negative(f.ctx.Text(common.TNo)).Inline(true).Accessor(w.yes)
	default:
		return nil
	}
	w.f.WithTheme(theme).WithKeyMap(keys).WithWidth(width)
	w.f.Init()
	return w
}

// pickAccessor changes which item a picker shows.
type pickAccessor struct {
	form  *Form
	r     *row
	value string
}

func (a *pickAccessor) Get() string { return a.value }

func (a *pickAccessor) Set(v string) {
	if v == a.value {
		return
	}
	a.value = v
	i, _ := strconv.Atoi(v)
	a.form.pick(a.r, i)
}

// sync brings a row's widget in step with the draft, when something else
// changed it (consent withdrawn, a list item removed): the widget is made
// again from the draft. A refused value on screen stays.
func (f *Form) sync(r *row) {
	w := f.widgets[r.key]
	if w == nil || r.kind == rowPicker {
		if r.kind == rowPicker {
			delete(f.widgets, r.key) // titles may have changed
		}
		return
	}
	if _, refused := f.errs[r.key]; refused {
		return
	}
	cur := f.current(r)
	if sameValue(cur, w.shown) {
		return
	}
	delete(f.widgets, r.key)
}

func sameValue(a, b conversation.Value) bool {
	return a.Text == b.Text && a.Yes == b.Yes && slices.Equal(a.Codes, b.Codes)
}
