package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"
)

// Every huh form in the app is built through newForm, and every multi-line
// text field through newTextField.
//
// huh's text fields open $EDITOR on ctrl+e, and to do that huh first writes
// the field's content to a plaintext temporary file. That would put a
// resident's words on disk unencrypted, so the binding is switched off here
// in two ways: the key map's Editor binding has no keys at all (huh's help
// code re-enables the binding, but a binding without keys never matches),
// and each text field has its external editor turned off.

// maxTextRunes caps a multi-line text field.
const maxTextRunes = 4000

// formKeyMap is huh's default key map without the external editor.
func formKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Text.Editor = key.NewBinding(key.WithDisabled())
	return km
}

// newForm builds a huh form with the safe key map.
func newForm(groups ...*huh.Group) *huh.Form {
	return huh.NewForm(groups...).WithKeyMap(formKeyMap())
}

// newTextField is a multi-line text field without an external editor and
// with a length cap.
func newTextField(limit int) *huh.Text {
	if limit <= 0 || limit > maxTextRunes {
		limit = maxTextRunes
	}
	return huh.NewText().ExternalEditor(false).CharLimit(limit)
}
