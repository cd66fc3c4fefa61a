package form

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
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

// focusLast puts the focus on the last row that takes it.
func (f *Form) focusLast() {
	for i := len(f.rows) - 1; i >= 0; i-- {
		if f.rows[i].focusable() {
			f.setFocus(f.rows[i])
			return
		}
	}
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

func (f *Form) locked(r *row) bool { locked, _ := f.lockedWhy(r); return locked }

// lockedWhy reports whether r may not be changed here, and why: a
// personal field without consent, an item of someone else (a note).
func (f *Form) lockedWhy(r *row) (bool, intake.Text) {
	if locked, why := r.field.Locked(r.at); locked {
		return true, why
	}
	if r.list != nil && r.list.List.Editable != nil && r.kind == rowField && !r.fresh {
		parent := conversation.At{D: r.at.D, C: r.at.C, Idx: r.at.Idx[:len(r.at.Idx)-1]}
		if ok, why := r.list.List.Editable(parent, r.at.Last()); !ok {
			return true, why
		}
	}
	return false, intake.Text{}
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
		if !f.move(1) {
			f.Focus() // round to the first field
		}
		return nil
	case "shift+tab":
		if !f.move(-1) {
			f.focusLast()
		}
		return nil
	case "ctrl+e":
		return nil // never the external editor: it writes plaintext to a temp file
	case "ctrl+shift+c":
		return nil // never the clipboard: a text's own key map copies its selection out
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
			if _, why := f.lockedWhy(r); why.NL != "" {
				f.notice = f.ctx.T(why) // whose note it is, or that consent is missing
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

// Notice is a one-line message for the status area: a letter typed on a
// choice, a refused paste. Empty when there is none.
func (f *Form) Notice() string { return f.notice }
