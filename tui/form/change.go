package form

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
)

// Changes: what a widget's accessor hands over, list items added and
// removed, and the answer to a confirmation.

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
