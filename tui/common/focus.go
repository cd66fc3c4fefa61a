package common

import (
	"slices"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// FocusField moves form f to field to at once, not through huh's "next
// field" message, which would arrive after letters already typed. all are
// the form's fields in order; to must be one of them. Moving stays inside
// the form: huh never submits it.
func FocusField(f *huh.Form, all []huh.Field, to huh.Field) tea.Cmd {
	want := slices.Index(all, to)
	if want < 0 {
		return nil
	}
	var cmds []tea.Cmd
	for range all {
		cur := slices.Index(all, f.GetFocusedField())
		switch {
		case cur < want:
			cmds = append(cmds, f.NextField())
		case cur > want:
			cmds = append(cmds, f.PrevField())
		default:
			return tea.Batch(cmds...)
		}
	}
	return tea.Batch(cmds...)
}

// FieldRow draws one field of a dialog: its label in a column of labelW
// cells, marked with ">" when it has the keyboard, then the field.
func FieldRow(th *Theme, label string, labelW int, f huh.Field, marked bool) string {
	mark := "  "
	if marked {
		mark = "> "
	}
	return th.Label.Render(mark+PadRight(label, labelW)) + " " + f.View() + "\n"
}
