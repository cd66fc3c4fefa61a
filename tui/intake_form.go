package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
)

// A small form toolkit for the intake steps. Every field is bound to the
// intake through a getter and a setter: the setter runs on every change,
// and the step then saves at once (see intakeCtl.save). Typed text is made
// inert before it is stored or shown.

// field is one line (or a few) of a form.
type field interface {
	label() string
	// lines renders the field's content in w cells (the label is drawn by
	// the form).
	lines(w int, focused bool) []string
	// update handles a key or paste; changed reports a committed change.
	update(msg tea.Msg) (changed bool, cmd tea.Cmd)
	setFocus(on bool) tea.Cmd
	typing() bool     // letters belong to the field
	usesArrows() bool // ↑/↓ move inside the field (a text area)
	usesEnter() bool  // enter belongs to the field
	focusable() bool
	state() (on bool, note string) // off with a note: shown muted; off without: hidden
	path() string                  // validation path, for error messages
	sync()                         // read the value again from the intake
	wipe()                         // forget typed text (on lock)
}

// fbase holds what every field has.
type fbase struct {
	lbl  string
	p    string
	when func() (bool, string)
}

func (b *fbase) label() string { return b.lbl }
func (b *fbase) path() string  { return b.p }
func (b *fbase) state() (bool, string) {
	if b.when == nil {
		return true, ""
	}
	return b.when()
}
func (b *fbase) usesArrows() bool { return false }
func (b *fbase) usesEnter() bool  { return false }
func (b *fbase) focusable() bool  { return true }
func (b *fbase) typing() bool     { return false }
func (b *fbase) sync()            {}
func (b *fbase) wipe()            {}

// ---- one-line text ----

type textField struct {
	fbase
	e   *env
	ti  textinput.Model
	get func() string
	set func(string)
}

func newLineField(e *env, label, path string, limit int, get func() string, set func(string)) *textField {
	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = limit
	ti.SetStyles(e.th.inputStyles())
	ti.KeyMap.NextSuggestion = key.NewBinding()
	ti.KeyMap.PrevSuggestion = key.NewBinding()
	ti.KeyMap.AcceptSuggestion = key.NewBinding()
	f := &textField{fbase: fbase{lbl: label, p: path}, e: e, ti: ti, get: get, set: set}
	f.sync()
	return f
}

func (f *textField) typing() bool { return true }

func (f *textField) update(msg tea.Msg) (bool, tea.Cmd) {
	old := f.ti.Value()
	var cmd tea.Cmd
	f.ti, cmd = f.ti.Update(msg)
	v := f.ti.Value()
	if v == old {
		return false, cmd
	}
	if c := inert(v); c != v {
		f.ti.SetValue(c)
		v = c
	}
	f.set(v)
	return true, cmd
}

func (f *textField) setFocus(on bool) tea.Cmd {
	if on {
		return f.ti.Focus()
	}
	f.ti.Blur()
	return nil
}

func (f *textField) lines(w int, _ bool) []string {
	f.ti.SetWidth(max(4, w-1))
	return []string{f.ti.View()}
}

func (f *textField) sync() {
	if v := inert(f.get()); v != f.ti.Value() {
		f.ti.SetValue(v)
	}
}

func (f *textField) wipe() { f.ti.SetValue("") }

// ---- date (typed as in tDateLayout) ----

type dateField struct {
	*textField
	bad bool
}

// newDateField is a text field that stores an intake.Date once what is
// typed is a whole date (or empty). Until then it shows how to type it.
func newDateField(e *env, label, path string, get func() intake.Date, set func(intake.Date)) *dateField {
	layout := e.tx.get(tDateLayout)
	d := &dateField{}
	d.textField = newLineField(e, label, path, len(layout)+2, func() string {
		v := get()
		if v.IsZero() {
			return ""
		}
		return v.Time().Format(layout)
	}, func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			d.bad = false
			set(intake.Date{})
			return
		}
		t, err := parseDay(layout, s)
		d.bad = err != nil
		if err == nil {
			set(intake.DateOf(t))
		}
	})
	d.ti.Placeholder = e.tx.get(tIDateHint)
	return d
}

func (d *dateField) lines(w int, focused bool) []string {
	d.ti.SetWidth(12)
	line := d.ti.View()
	if d.bad {
		line += "  " + d.e.th.Error.Render(d.e.tx.get(tIDateBad))
	} else if v := strings.TrimSpace(d.ti.Value()); v != "" {
		if t, err := parseDay(d.e.tx.get(tDateLayout), v); err == nil {
			line += "  " + d.e.th.Muted.Render(intake.DateOf(t).Format(d.e.lang))
		}
	}
	return []string{line}
}

func (d *dateField) sync() {
	if d.bad && d.textField.get() == "" {
		return // keep the half-typed date on screen
	}
	d.bad = false
	d.textField.sync()
}

// ---- multi-line text ----

type areaField struct {
	fbase
	e    *env
	ta   textarea.Model
	rows int
	get  func() string
	set  func(string)
}

func newAreaField(e *env, label, path string, rows, limit int, get func() string, set func(string)) *areaField {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.CharLimit = limit
	ta.MaxHeight = rows
	ta.SetHeight(rows)
	ta.KeyMap.CopySelection = key.NewBinding() // no copying to the system clipboard
	ta.KeyMap.TransposeCharacterBackward = key.NewBinding()
	ta.SetStyles(areaStyles(e.th))
	f := &areaField{fbase: fbase{lbl: label, p: path}, e: e, ta: ta, rows: rows, get: get, set: set}
	f.sync()
	return f
}

func areaStyles(th *theme) textarea.Styles {
	s := textarea.DefaultStyles(th.dark)
	for _, st := range []*textarea.StyleState{&s.Focused, &s.Blurred} {
		st.Base = lipgloss.NewStyle()
		st.Text = th.Text
		st.CursorLine = th.Text
		st.Placeholder = th.Muted
		st.EndOfBuffer = th.Muted
		st.Prompt = th.Muted
	}
	s.Cursor.Blink = false
	return s
}

func (f *areaField) typing() bool     { return true }
func (f *areaField) usesArrows() bool { return f.ta.LineCount() > 1 }
func (f *areaField) usesEnter() bool  { return true }

func (f *areaField) update(msg tea.Msg) (bool, tea.Cmd) {
	old := f.ta.Value()
	var cmd tea.Cmd
	f.ta, cmd = f.ta.Update(msg)
	v := f.ta.Value()
	if v == old {
		return false, cmd
	}
	if c := inertLines(v); c != v {
		f.ta.SetValue(c)
		v = c
	}
	f.set(v)
	return true, cmd
}

func (f *areaField) setFocus(on bool) tea.Cmd {
	if on {
		return f.ta.Focus()
	}
	f.ta.Blur()
	return nil
}

func (f *areaField) lines(w int, _ bool) []string {
	if f.ta.Width() != max(10, w-1) {
		f.ta.SetWidth(max(10, w-1))
	}
	return strings.Split(f.ta.View(), "\n")
}

func (f *areaField) sync() {
	if v := inertLines(f.get()); v != f.ta.Value() {
		f.ta.SetValue(v)
	}
}

func (f *areaField) wipe() { f.ta.SetValue("") }

// ---- one choice out of a list ----

type choiceOpt struct{ code, name string }

type choiceField struct {
	fbase
	e      *env
	opts   []choiceOpt
	get    func() string
	set    func(string)
	onKeys func(k string) bool // extra keys (e.g. delete an item); true when handled
}

func newChoice(e *env, label, path string, opts []choiceOpt, get func() string, set func(string)) *choiceField {
	return &choiceField{fbase: fbase{lbl: label, p: path}, e: e, opts: opts, get: get, set: set}
}

func (f *choiceField) index() int {
	cur := f.get()
	for i, o := range f.opts {
		if o.code == cur {
			return i
		}
	}
	return 0
}

func (f *choiceField) update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(f.opts) == 0 {
		return false, nil
	}
	i := f.index()
	switch k.String() {
	case "right", "space":
		i = (i + 1) % len(f.opts)
	case "left":
		i = (i + len(f.opts) - 1) % len(f.opts)
	case "home":
		i = 0
	case "end":
		i = len(f.opts) - 1
	default:
		if f.onKeys != nil && f.onKeys(k.String()) {
			return true, nil
		}
		return false, nil
	}
	if f.opts[i].code == f.get() {
		return false, nil
	}
	f.set(f.opts[i].code)
	return true, nil
}

func (f *choiceField) setFocus(bool) tea.Cmd { return nil }

func (f *choiceField) lines(w int, focused bool) []string {
	th := f.e.th
	if len(f.opts) == 0 {
		return []string{""}
	}
	name := f.opts[f.index()].name
	if focused {
		return []string{ansi.Truncate(th.Selected.Render("‹ "+name+" ›"), w, "…")}
	}
	return []string{ansi.Truncate(th.Text.Render(name), w, "…")}
}

// ---- yes / no ----

type toggleField struct {
	fbase
	e   *env
	get func() bool
	set func(bool)
}

func newToggle(e *env, label, path string, get func() bool, set func(bool)) *toggleField {
	return &toggleField{fbase: fbase{lbl: label, p: path}, e: e, get: get, set: set}
}

func (f *toggleField) update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	v := f.get()
	switch k.String() {
	case "space", "left", "right", "x":
		v = !v
	case "j", "y":
		v = true
	case "n":
		v = false
	default:
		return false, nil
	}
	if v == f.get() {
		return false, nil
	}
	f.set(v)
	return true, nil
}

func (f *toggleField) setFocus(bool) tea.Cmd { return nil }

func (f *toggleField) lines(w int, focused bool) []string {
	tx, th := f.e.tx, f.e.th
	s := "[ ] " + tx.get(tINo)
	if f.get() {
		s = "[x] " + tx.get(tIYes)
	}
	if focused {
		return []string{th.Selected.Render(s)}
	}
	return []string{th.Text.Render(s)}
}

// ---- several choices out of a list ----

type multiField struct {
	fbase
	e    *env
	opts []choiceOpt
	cur  int
	get  func() []string
	set  func([]string)
}

func newMulti(e *env, label, path string, opts []choiceOpt, get func() []string, set func([]string)) *multiField {
	return &multiField{fbase: fbase{lbl: label, p: path}, e: e, opts: opts, get: get, set: set}
}

func (f *multiField) has(code string) bool {
	for _, c := range f.get() {
		if c == code {
			return true
		}
	}
	return false
}

func (f *multiField) update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(f.opts) == 0 {
		return false, nil
	}
	switch k.String() {
	case "right":
		f.cur = (f.cur + 1) % len(f.opts)
	case "left":
		f.cur = (f.cur + len(f.opts) - 1) % len(f.opts)
	case "space", "x", "enter":
		code := f.opts[f.cur].code
		var out []string
		if f.has(code) {
			for _, c := range f.get() {
				if c != code {
					out = append(out, c)
				}
			}
		} else {
			out = append(append(out, f.get()...), code)
		}
		f.set(out)
		return true, nil
	}
	return false, nil
}

func (f *multiField) setFocus(bool) tea.Cmd { return nil }

func (f *multiField) lines(w int, focused bool) []string {
	th, tx := f.e.th, f.e.tx
	var chosen []string
	for _, o := range f.opts {
		if f.has(o.code) {
			chosen = append(chosen, o.name)
		}
	}
	summary := tx.get(tINoneChosen)
	if len(chosen) > 0 {
		summary = strings.Join(chosen, ", ")
	}
	if !focused || len(f.opts) == 0 {
		return []string{ansi.Truncate(th.Text.Render(summary), w, "…")}
	}
	o := f.opts[min(f.cur, len(f.opts)-1)]
	box := "[ ] "
	if f.has(o.code) {
		box = "[x] "
	}
	return []string{
		ansi.Truncate(th.Selected.Render("‹ "+box+o.name+" ›"), w, "…"),
		ansi.Truncate(th.Muted.Render(summary), w, "…"),
	}
}

// ---- read-only lines ----

type infoField struct {
	fbase
	render   func(w int) []string
	canFocus bool
	wide     bool // drawn across the label column too
}

func (f *infoField) update(tea.Msg) (bool, tea.Cmd) { return false, nil }
func (f *infoField) setFocus(bool) tea.Cmd          { return nil }
func (f *infoField) focusable() bool                { return f.canFocus }
func (f *infoField) lines(w int, _ bool) []string   { return f.render(w) }

// ---- the form ----

// form lays out fields as "label  value" rows, moves the focus with tab,
// shift+tab and ↑/↓, and scrolls so the focused field stays in view.
type form struct {
	e      *env
	fields []field
	focus  int
	labelW int
	errFor func(path string) string // first validation message for a path
}

func newFieldForm(e *env, labelW int, fields ...field) *form {
	f := &form{e: e, fields: fields, labelW: labelW, focus: -1}
	f.focus = f.step(-1, 1, false)
	if f.focus >= 0 {
		f.fields[f.focus].setFocus(true)
	}
	return f
}

func (f *form) usable(i int) bool {
	on, _ := f.fields[i].state()
	return on && f.fields[i].focusable()
}

// step finds the next usable field from i in direction d; -1 if none.
func (f *form) step(i, d int, wrap bool) int {
	n := len(f.fields)
	for k := 1; k <= n; k++ {
		j := i + d*k
		if wrap {
			j = ((j % n) + n) % n
		} else if j < 0 || j >= n {
			return -1
		}
		if f.usable(j) {
			return j
		}
	}
	return -1
}

func (f *form) current() field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

func (f *form) setFocusTo(i int) tea.Cmd {
	if i < 0 || i == f.focus {
		return nil
	}
	if c := f.current(); c != nil {
		c.setFocus(false)
	}
	f.focus = i
	return f.fields[i].setFocus(true)
}

// fix moves the focus off a field that was switched off.
func (f *form) fix() {
	if f.focus >= 0 && f.focus < len(f.fields) && f.usable(f.focus) {
		return
	}
	i := f.step(f.focus, 1, true)
	if i < 0 {
		i = f.step(f.focus, -1, true)
	}
	if c := f.current(); c != nil {
		c.setFocus(false)
	}
	f.focus = -1
	if i >= 0 {
		f.focus = i
		f.fields[i].setFocus(true)
	}
}

func (f *form) typing() bool {
	c := f.current()
	return c != nil && c.typing()
}

// update: changed reports a committed change; last reports enter on the
// last field (the step may then move on).
func (f *form) update(msg tea.Msg) (changed bool, cmd tea.Cmd, last bool) {
	c := f.current()
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "tab":
			return false, f.setFocusTo(f.step(f.focus, 1, true)), false
		case "shift+tab":
			return false, f.setFocusTo(f.step(f.focus, -1, true)), false
		case "down":
			if c == nil || !c.usesArrows() {
				return false, f.setFocusTo(f.step(f.focus, 1, false)), false
			}
		case "up":
			if c == nil || !c.usesArrows() {
				return false, f.setFocusTo(f.step(f.focus, -1, false)), false
			}
		case "enter":
			if c == nil || !c.usesEnter() {
				next := f.step(f.focus, 1, false)
				if next < 0 {
					return false, nil, true
				}
				return false, f.setFocusTo(next), false
			}
		}
	}
	if c == nil {
		return false, nil, false
	}
	changed, cmd = c.update(msg)
	return changed, cmd, false
}

func (f *form) sync() {
	for _, fl := range f.fields {
		fl.sync()
	}
	f.fix()
}

// syncOthers reads every field but the focused one again: the focused
// field is where the typing happens and is already up to date.
func (f *form) syncOthers() {
	for i, fl := range f.fields {
		if i != f.focus {
			fl.sync()
		}
	}
	f.fix()
}

func (f *form) wipe() {
	for _, fl := range f.fields {
		fl.wipe()
	}
}

// view renders the fields in w × h, scrolled to the focused field.
func (f *form) view(w, h int) string {
	th := f.e.th
	var all []string
	focusTop, focusEnd := 0, 0
	valueW := max(10, w-f.labelW-5)
	for i, fl := range f.fields {
		on, note := fl.state()
		if !on && note == "" {
			continue
		}
		focused := i == f.focus
		mark := "  "
		if focused {
			mark = "> "
		}
		lbl := padRight(fl.label(), f.labelW)
		var content []string
		if inf, ok := fl.(*infoField); ok && inf.wide && on {
			for _, c := range inf.render(max(10, w-6)) {
				all = append(all, "    "+c)
			}
			continue
		}
		if !on {
			content = []string{th.Muted.Render(note)}
		} else {
			content = fl.lines(valueW, focused)
		}
		if focused {
			focusTop = len(all)
		}
		for j, c := range content {
			if j == 0 {
				all = append(all, mark+th.Label.Render(lbl)+" "+c)
			} else {
				all = append(all, "  "+strings.Repeat(" ", f.labelW+1)+c)
			}
		}
		if focused && on && f.errFor != nil {
			if msg := f.errFor(fl.path()); msg != "" {
				all = append(all, "  "+strings.Repeat(" ", f.labelW+1)+th.Error.Render(msg))
			}
		}
		if focused {
			focusEnd = len(all)
		}
	}
	top := 0
	if focusEnd > h {
		top = min(focusTop, focusEnd-h)
	}
	end := min(len(all), top+h)
	return strings.Join(all[top:end], "\n")
}
