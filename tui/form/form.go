package form

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/components"
)

// DoneMsg: enter on the last field; the screen may go on to the next step.
type DoneMsg struct{}

// rowKind is what a row of the form is.
type rowKind int

const (
	rowField  rowKind = iota // a field with a value
	rowPicker                // which item of a list is shown below it
	rowInfo                  // lines worked out from the draft
)

// row is one line (or a few) of the form: a field at a place.
type row struct {
	kind  rowKind
	field *conversation.Field
	list  *conversation.Field // the list a field's item belongs to; the list itself for a picker
	at    conversation.At     // for a picker: the place of the list
	key   string              // identity across rebuilds
	depth int                 // nesting level of lists
	// fresh: the row belongs to the "new item" of its list; a change adds
	// the item first.
	fresh bool
}

func (r *row) focusable() bool { return r.kind != rowInfo }

// typed reports whether the row takes typed text.
func (r *row) typed() bool { return r.kind == rowField && r.field.Kind.Typed() }

// Form draws a list of conversation fields for an editor and changes them
// through it. Update changes state and renders; View only returns what
// Update rendered.
type Form struct {
	ctx    *common.Context
	ed     *session.Editor
	fields []*conversation.Field
	intro  intake.Text
	big    bool // show the first field large below, as the resident reads it

	rows    []*row
	focus   string // key of the focused row
	sel     map[string]int
	widgets map[string]*widget
	errs    map[string]*conversation.InputError
	ask     *ask
	notice  string
	dirty   bool // a change happened inside a widget: rebuild the rows

	w, h   int
	labelW int
	lines  []string
}

// ask is a confirmation being asked before a change.
type ask struct {
	q     conversation.Confirmation
	apply func()
}

// New makes a form of fields (a step's, the notes, a follow-up) for ed.
func New(ctx *common.Context, ed *session.Editor, fields []*conversation.Field, intro intake.Text) *Form {
	f := &Form{ctx: ctx, ed: ed, fields: fields, intro: intro,
		sel: map[string]int{}, widgets: map[string]*widget{}, errs: map[string]*conversation.InputError{},
		w: 80, h: 20, labelW: 22}
	f.rebuild()
	return f
}

// ShowLarge shows the first field's value large under the form: the
// clarified question, for the resident to read along.
func (f *Form) ShowLarge() { f.big = true }

// Reset forgets the rows and widgets and builds them again from the
// editor (after it was read again from the vault).
func (f *Form) Reset() {
	f.widgets = map[string]*widget{}
	f.errs = map[string]*conversation.InputError{}
	f.ask = nil
	f.rebuild()
}

// Wipe drops every widget (they hold typed text) on lock.
func (f *Form) Wipe() {
	f.widgets = map[string]*widget{}
	f.errs = map[string]*conversation.InputError{}
	f.rows, f.lines, f.ask = nil, nil, nil
}

// Asking reports whether a confirmation is on screen.
func (f *Form) Asking() bool { return f.ask != nil }

func itemKey(fl *conversation.Field, a conversation.At) string {
	var b strings.Builder
	b.WriteString(fl.Key)
	for _, i := range a.Idx {
		b.WriteByte('/')
		b.WriteString(strconv.Itoa(i))
	}
	return b.String()
}

// rowKey is a row's identity: the field and its place, and for the rows of
// a list's "new" item a mark, so the first real item's rows are others.
func rowKey(fl *conversation.Field, a conversation.At, fresh bool) string {
	if fresh {
		return itemKey(fl, a) + "/new"
	}
	return itemKey(fl, a)
}

// rebuild works out the rows from the fields and the draft, keeps the
// focus on the same row where it still exists, syncs the widgets of the
// other rows with the draft, and renders.
func (f *Form) rebuild() {
	f.dirty = false
	var rows []*row
	var walk func(fs []*conversation.Field, a conversation.At, list *conversation.Field, depth int, fresh bool)
	walk = func(fs []*conversation.Field, a conversation.At, list *conversation.Field, depth int, fresh bool) {
		for _, fl := range fs {
			if !fl.IsShown(a) {
				continue
			}
			switch fl.Kind {
			case conversation.KindInfo:
				rows = append(rows, &row{kind: rowInfo, field: fl, list: list, at: a, key: rowKey(fl, a, fresh), depth: depth, fresh: fresh})
			case conversation.KindList:
				r := &row{kind: rowPicker, field: fl, list: fl, at: a, key: rowKey(fl, a, fresh), depth: depth, fresh: fresh}
				rows = append(rows, r)
				if locked, _ := fl.Locked(a); locked {
					continue
				}
				n := fl.List.Count(a)
				i := f.selected(r, n)
				if i < n || (fl.List.Add != nil && !fresh) {
					walk(fl.List.Fields, a.In(i), fl, depth+1, fresh || i >= n)
				}
			default:
				rows = append(rows, &row{kind: rowField, field: fl, list: list, at: a, key: rowKey(fl, a, fresh), depth: depth, fresh: fresh})
			}
		}
	}
	walk(f.fields, f.ed.At(), nil, 0, false)
	f.rows = rows

	keep := map[string]*row{}
	for _, r := range rows {
		keep[r.key] = r
	}
	for k, w := range f.widgets {
		if r := keep[k]; r != nil {
			w.setRow(r) // the rows are new: the accessors must change the new ones
		} else {
			delete(f.widgets, k)
		}
	}
	if f.row() == nil {
		f.focus = ""
		for _, r := range rows {
			if r.focusable() {
				f.focus = r.key
				break
			}
		}
	}
	for _, r := range rows {
		if r.key != f.focus {
			f.sync(r)
		}
	}
	if r := f.row(); r != nil {
		if w := f.widget(r); w != nil {
			w.f.Focus()
		}
	}
	f.render()
}

// selected is the item a picker shows (n = the new item, when the list
// can grow).
func (f *Form) selected(r *row, n int) int {
	i := f.sel[r.key] // a list starts on its first item, or on "new" when empty
	hi := n - 1
	if r.field.List.Add != nil {
		hi = n
	}
	return min(max(0, i), max(0, hi))
}

func (f *Form) row() *row {
	for _, r := range f.rows {
		if r.key == f.focus {
			return r
		}
	}
	return nil
}

func (f *Form) index() int {
	for i, r := range f.rows {
		if r.key == f.focus {
			return i
		}
	}
	return -1
}

// Focus puts the focus on the first row that takes it.
func (f *Form) Focus() {
	f.focus = ""
	for _, r := range f.rows {
		if r.focusable() {
			f.setFocus(r)
			break
		}
	}
	f.render()
}

func (f *Form) setFocus(r *row) {
	if old := f.row(); old != nil && old != r {
		if w := f.widgets[old.key]; w != nil {
			w.f.Blur()
		}
		if e := f.errs[old.key]; e != nil && e.Incomplete {
			e.Incomplete = false // half typed and left: now it is an error
		}
	}
	if f.dirty {
		f.rebuild()
	}
	f.focus = r.key
	if w := f.widget(r); w != nil {
		w.f.Focus()
	}
	f.notice = ""
}

// move goes to the next (d = 1) or previous (d = -1) row that takes the
// focus. It reports false at the end.
func (f *Form) move(d int) bool {
	i := f.index()
	for j := i + d; j >= 0 && j < len(f.rows); j += d {
		if f.rows[j].focusable() {
			f.setFocus(f.rows[j])
			return true
		}
	}
	return false
}

// Typing reports whether the focused row takes typed text.
func (f *Form) Typing() bool {
	r := f.row()
	return f.ask == nil && r != nil && r.typed() && !f.locked(r)
}

func (f *Form) locked(r *row) bool {
	if locked, _ := r.field.Locked(r.at); locked {
		return true
	}
	if r.list != nil && r.list.List.Editable != nil && r.kind == rowField && !r.fresh {
		parent := conversation.At{D: r.at.D, C: r.at.C, Idx: r.at.Idx[:len(r.at.Idx)-1]}
		if ok, _ := r.list.List.Editable(parent, r.at.Last()); !ok {
			return true
		}
	}
	return false
}

// Keys are the form's keys for the help line, for the focused row.
func (f *Form) Keys() []key.Binding {
	t := func(id textID) string { return texts.Get(f.ctx.Lang, id) }
	if f.ask != nil {
		return nil
	}
	ks := []key.Binding{common.Binding([]string{"tab"}, "tab", t(tNextField)), common.Binding([]string{"shift+tab"}, "shift+tab", t(tPrevField))}
	r := f.row()
	if r == nil {
		return ks
	}
	switch {
	case r.kind == rowPicker:
		ks = append(ks, common.Binding([]string{"left", "right"}, "←→", t(tChoose)))
		if r.field.List.Remove != nil {
			ks = append(ks, common.Binding([]string{"delete"}, "del", t(tRemove)))
		}
	case r.field.Kind == conversation.KindChoice:
		ks = append(ks, common.Binding([]string{"left", "right"}, "←→", t(tChoose)))
	case r.field.Kind == conversation.KindYesNo:
		ks = append(ks, common.Binding([]string{"left", "right", "space"}, "←→", t(tToggle)))
	case r.field.Kind == conversation.KindMulti:
		ks = append(ks, common.Binding([]string{"space"}, "spatie", t(tToggle)))
	case r.field.Kind == conversation.KindLongText:
		ks = append(ks, common.Binding([]string{"enter"}, "enter", t(tNewLine)))
	}
	return ks
}

// Update handles a key, a paste or a size; it returns DoneMsg (as a
// command) on enter in the last field.
func (f *Form) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case common.SizeMsg:
		f.w, f.h = msg.Width, msg.Height
		f.labelW = min(24, max(14, f.w/4))
		for k := range f.widgets {
			delete(f.widgets, k) // sizes are set when a widget is made
		}
		f.rebuild()
		return nil
	case tea.KeyPressMsg:
		cmd = f.key(msg)
	case tea.PasteMsg:
		f.paste(msg)
	default:
		if r := f.row(); r != nil {
			if w := f.widgets[r.key]; w != nil {
				_, cmd = w.f.Update(msg)
			}
		}
	}
	if f.dirty {
		f.rebuild()
	} else {
		f.render()
	}
	return cmd
}

func (f *Form) key(k tea.KeyPressMsg) tea.Cmd {
	if f.ask != nil {
		f.answer(k)
		return nil
	}
	f.notice = ""
	r := f.row()
	if r == nil {
		return nil
	}
	w := f.widget(r)
	switch k.String() {
	case "tab":
		f.move(1)
		return nil
	case "shift+tab":
		f.move(-1)
		return nil
	case "ctrl+e":
		return nil // never the external editor: it writes plaintext to a temp file
	case "enter":
		if r.kind == rowField && r.field.Kind == conversation.KindLongText && !f.locked(r) {
			break
		}
		if r.kind == rowField && r.field.Kind == conversation.KindMulti && !f.locked(r) {
			break // enter toggles in a list
		}
		if !f.move(1) {
			return common.Send(DoneMsg{})
		}
		return nil
	case "up", "down":
		d := 1
		if k.String() == "up" {
			d = -1
		}
		if r.kind == rowField && !f.locked(r) && w != nil && f.arrowsInside(r, w, d) {
			break
		}
		f.move(d)
		return nil
	case "delete":
		if r.kind == rowPicker {
			f.removeItem(r)
			return nil
		}
	}
	if f.locked(r) {
		if r.kind == rowField && (k.Text != "" || k.String() == "backspace") {
			if locked, why := r.field.Locked(r.at); locked {
				f.notice = f.ctx.T(why)
			} else {
				f.notice = texts.Get(f.ctx.Lang, tNotEditable)
			}
		}
		return nil
	}
	if !r.typed() && k.Text != "" && k.String() != "space" {
		// A letter on a choice: ignored, and said so.
		f.notice = f.ctx.Text(common.TLettersIgnored)
		return nil
	}
	if r.typed() && k.Text != "" && r.field.Limit > 0 && utf8.RuneCountInString(w.text.Get()) >= r.field.Limit {
		f.errs[r.key] = &conversation.InputError{Msg: conversation.TooLong(r.field.Limit, utf8.RuneCountInString(k.Text)), Kept: true}
		return nil
	}
	if w == nil {
		return nil
	}
	_, cmd := w.f.Update(k)
	return cmd
}

// arrowsInside reports whether up or down moves inside the widget (a
// long text with lines above or below, a list of choices) rather than to
// another row.
func (f *Form) arrowsInside(r *row, w *widget, d int) bool {
	switch r.field.Kind {
	case conversation.KindMulti:
		return true
	case conversation.KindLongText:
		return strings.Contains(w.text.Get(), "\n")
	}
	return false
}

func (f *Form) paste(p tea.PasteMsg) {
	r := f.row()
	if r == nil || f.ask != nil {
		return
	}
	if !r.typed() || f.locked(r) {
		f.notice = texts.Get(f.ctx.Lang, tNoPaste)
		return
	}
	w := f.widget(r)
	if w == nil {
		return
	}
	before := utf8.RuneCountInString(w.text.Get())
	add := utf8.RuneCountInString(p.Content)
	w.f.Update(p)
	if r.field.Limit > 0 && before+add > r.field.Limit {
		dropped := before + add - utf8.RuneCountInString(w.text.Get())
		if dropped > 0 {
			f.errs[r.key] = &conversation.InputError{Msg: conversation.TooLong(r.field.Limit, dropped), Kept: true}
		}
	}
}

// change is called by a widget's accessor with the value it now shows.
// It asks first when the change removes something; refused values stay on
// screen with the reason next to them.
func (f *Form) change(r *row, v conversation.Value) bool {
	at := r.at
	if r.fresh {
		// The first change on the "new" row adds the item.
		parent := conversation.At{D: at.D, C: at.C, Idx: at.Idx[:len(at.Idx)-1]}
		i, err := f.ed.Add(r.list, parent)
		if err != nil {
			f.setErr(r, err)
			return false
		}
		at = parent.In(i)
		wasFocus := f.focus == r.key
		if w := f.widgets[r.key]; w != nil {
			delete(f.widgets, r.key)
			r.at, r.fresh, r.key = at, false, rowKey(r.field, at, false)
			f.widgets[r.key] = w // the widget stays with the item it made
		} else {
			r.at, r.fresh, r.key = at, false, rowKey(r.field, at, false)
		}
		if wasFocus {
			f.focus = r.key
		}
		f.sel[itemKey(r.list, parent)] = i
		f.dirty = true
	}
	if r.field.Confirm != nil {
		if q := r.field.Confirm(at, v); q != nil {
			fl := r.field
			f.ask = &ask{q: *q, apply: func() {
				f.setErr(r, f.ed.Apply(fl, at, v))
			}}
			f.dirty = true
			return false
		}
	}
	var err error
	if r.list != nil && r.list.List.Editable != nil {
		err = f.ed.ApplyItem(r.list, r.field, at, v)
	} else {
		err = f.ed.Apply(r.field, at, v)
	}
	f.setErr(r, err)
	if ie, ok := conversation.AsInputError(err); ok && !ie.Kept {
		return false
	}
	f.dirty = true
	return true
}

func (f *Form) setErr(r *row, err error) {
	if ie, ok := conversation.AsInputError(err); ok {
		f.errs[r.key] = ie
		return
	}
	delete(f.errs, r.key)
	if err != nil {
		f.notice = f.ctx.ErrorText(err)
	}
}

// pick changes the item a picker shows.
func (f *Form) pick(r *row, i int) {
	f.sel[r.key] = i
	f.dirty = true
}

func (f *Form) removeItem(r *row) {
	n := r.field.List.Count(r.at)
	i := f.selected(r, n)
	if r.field.List.Remove == nil {
		return
	}
	if i >= n {
		f.notice = texts.Get(f.ctx.Lang, tRemoveNothing)
		return
	}
	if r.field.List.Editable != nil {
		if ok, why := r.field.List.Editable(r.at, i); !ok {
			f.notice = f.ctx.T(why)
			return
		}
	}
	list, at := r.field, r.at
	f.ask = &ask{q: f.ed.RemoveQuestion(list, at, i), apply: func() {
		if err := f.ed.Remove(list, at, i); err != nil {
			f.notice = f.ctx.ErrorText(err)
		}
		f.sel[r.key] = max(0, i-1)
	}}
}

// answer handles the key pressed on a confirmation: only j (Dutch) or y
// (English) says yes; any other key says no and changes nothing.
func (f *Form) answer(k tea.KeyPressMsg) {
	a := f.ask
	f.ask = nil
	yes := "j"
	if f.ctx.Lang == intake.LangEN {
		yes = "y"
	}
	if strings.EqualFold(k.String(), yes) {
		a.apply()
	}
	// Whatever the answer, the widgets show the draft again.
	for k := range f.widgets {
		delete(f.widgets, k)
	}
	f.dirty = true
}

// Notice is a one-line message for the status area: a letter typed on a
// choice, a refused paste. Empty when there is none.
func (f *Form) Notice() string { return f.notice }

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
	focusTop, focusEnd := 0, 0
	for _, r := range f.rows {
		focused := r.key == f.focus
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
