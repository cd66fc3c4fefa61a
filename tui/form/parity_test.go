package form

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/intake/conversation/conversationtest"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/common"
)

// TestEveryFieldThroughTheForms fills every field of the conversation's
// definition by pressing keys on the forms a supporter sees (and the scan
// grid), as conversationtest.Fill walks them, and reads every value back
// from the vault's copy: the terminal rendering can reach and set all of
// them. The line mode has the same test (tui/linemode).
func TestEveryFieldThroughTheForms(t *testing.T) {
	st := sessiontest.New()
	st.AddUser("karim", "karims passphrase", store.RoleKompaan)
	clock := func() time.Time { return conversationtest.Now }
	s := session.New(st, conversationtest.Catalogue(), clock, "nl")
	if err := s.Unlock("anna", []byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	ed, err := s.NewIntake("")
	if err != nil {
		t.Fatal(err)
	}
	ctx := common.NewContext(s, common.NewTheme(true, false, true), "nl", clock)
	def := ed.Definition()
	forms := map[*conversation.Step]*Form{}
	var grid *Scan
	formFor := func(step *conversation.Step) *Form {
		if f := forms[step]; f != nil {
			return f
		}
		fields := step.Fields
		f := New(ctx, ed, fields, step.Intro)
		f.Update(common.SizeMsg{Width: 80, Height: 24})
		f.Focus()
		forms[step] = f
		return f
	}
	notes := &conversation.Step{ID: "notes", Fields: []*conversation.Field{def.Notes}}

	set := func(v conversationtest.Visit, val conversation.Value) error {
		if v.Field.Key == "scan.step" {
			if grid == nil {
				grid = NewScan(ctx, ed, def.Step(intake.StepScan))
				grid.Update(common.SizeMsg{Width: 80, Height: 24})
			}
			for grid.sel < v.At.Last() {
				grid.Update(keyMsg("down"))
			}
			sc, _ := conversation.ParseScale(val.Text)
			grid.Update(keyMsg(strconv.Itoa(conversation.ZRM(sc)))) // the grid's digits are the ZRM's
			return nil
		}
		step := v.Step
		if step.ID == "notes" {
			step = notes
		}
		f := formFor(step)
		if err := showItems(f, v.Field, v.At); err != nil {
			return err
		}
		r, err := focusRow(f, v.Field, v.At)
		if err != nil {
			return err
		}
		switch v.Field.Kind {
		case conversation.KindChoice:
			for i := 0; i <= len(v.Field.Options(v.At)) && !r.fresh && v.Field.Get(v.At).Text != val.Text; i++ {
				press(f, "right")
			}
			if r.fresh { // a choice on a new item: the first press adds it
				press(f, "right")
				for i := 0; i <= len(v.Field.Options(v.At)) && v.Field.Get(v.At).Text != val.Text; i++ {
					press(f, "right")
				}
			}
		case conversation.KindMulti:
			press(f, "space", "down", "space")
		case conversation.KindYesNo:
			if r.fresh || v.Field.Get(v.At).Yes != val.Yes { // space toggles
				press(f, "space")
			}
		default:
			if w := f.widget(r); w != nil && w.text != nil {
				for range []rune(w.text.Get()) { // a default (a referral's date: today) is cleared first
					press(f, "backspace")
				}
			}
			typeText(f, val.Text)
		}
		if e := f.errs[f.focus]; e != nil {
			return fmt.Errorf("refused: %s", e.Msg.NL)
		}
		if f.Asking() {
			return fmt.Errorf("asked %q", f.View())
		}
		return nil
	}
	add := func(v conversationtest.Visit) (int, error) {
		step := v.Step
		if step.ID == "notes" {
			step = notes
		}
		f := formFor(step)
		if err := showItems(f, v.Field, v.At); err != nil {
			return 0, err
		}
		r, err := focusRow(f, v.Field, v.At)
		if err != nil {
			return 0, err
		}
		n := v.Field.List.Count(v.At)
		for i := 0; i <= n && f.selected(r, n) != n; i++ {
			press(f, "right")
		}
		if f.selected(r, n) != n {
			return 0, fmt.Errorf("the picker of %s does not reach its new item", v.Field.Key)
		}
		return n, nil // the item is added by the first field typed in it
	}
	visits, err := conversationtest.Fill(def, ed.Draft(), ed.Context(), set, add)
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.Reload(); err != nil { // read back what the vault holds
		t.Fatal(err)
	}
	if err := conversationtest.Check(visits); err != nil {
		t.Fatal(err)
	}
	for _, key := range conversationtest.Missed(def, visits) {
		t.Errorf("field %s was never filled", key)
	}
	t.Logf("%d fields filled through the forms", len(visits))
}

// showItems makes the pickers above a field show the items its place
// names, by pressing → on each.
func showItems(f *Form, fl *conversation.Field, a conversation.At) error {
	for k := 0; k < len(a.Idx); k++ {
		var picker *row
		for _, r := range f.rows {
			if r.kind == rowPicker && len(r.at.Idx) == k && slices.Equal(r.at.Idx, a.Idx[:k]) && holds(r.field, fl) {
				picker = r
			}
		}
		if picker == nil {
			return fmt.Errorf("no picker above %s at depth %d", fl.Key, k)
		}
		want := a.Idx[k]
		if _, err := focusRow(f, picker.field, picker.at); err != nil {
			return err
		}
		n := picker.field.List.Count(picker.at)
		for i := 0; i <= n+1 && f.selected(f.row(), n) != want; i++ {
			press(f, "right")
		}
		if got := f.selected(f.row(), n); got != want {
			return fmt.Errorf("picker %s shows %d, want %d", picker.field.Key, got, want)
		}
	}
	return nil
}

// holds reports whether list (directly or deeper) has the field.
func holds(list, fl *conversation.Field) bool {
	if list.List == nil {
		return false
	}
	for _, c := range list.List.Fields {
		if c == fl || holds(c, fl) {
			return true
		}
	}
	return false
}

// focusRow tabs to the row of fl at a.
func focusRow(f *Form, fl *conversation.Field, a conversation.At) (*row, error) {
	for i := 0; i < 2*len(f.rows)+2; i++ {
		if r := f.row(); r != nil && r.field == fl && slices.Equal(r.at.Idx, a.Idx) {
			return r, nil
		}
		if !f.move(1) {
			f.Focus()
		}
		f.render()
	}
	return nil, fmt.Errorf("cannot reach %s at %v; rows %v", fl.Key, a.Idx, f.rowKeys())
}
