package tui

import (
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// TestTextFieldsCannotCopyOut: the text fields are bubbles textarea and
// textinput (there is no huh form, so no external editor that writes a
// plaintext temp file). Their key maps must not copy a resident's words to
// the system clipboard.
func TestTextFieldsCannotCopyOut(t *testing.T) {
	e := New(Options{Vault: sampleVault()}).env
	c := newIntakeCtl(e)
	area := newAreaField(e, "l", "p", 3, 100, func() string { return "" }, func(string) {})
	notes := newNotesPane(e, c)
	for name, b := range map[string]key.Binding{
		"area CopySelection":  area.ta.KeyMap.CopySelection,
		"notes CopySelection": notes.ta.KeyMap.CopySelection,
	} {
		if len(b.Keys()) > 0 {
			t.Errorf("%s bound to %v", name, b.Keys())
		}
		b.SetEnabled(true) // what a help line does
		if key.Matches(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl | tea.ModShift}, b) {
			t.Errorf("%s matches ctrl+shift+c", name)
		}
	}
}
