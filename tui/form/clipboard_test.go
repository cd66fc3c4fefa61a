package form

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/conversation"
	"github.com/spreekuur/spreekuur/tui/common"
)

// TestTextFieldsCannotCopyOut: a long text is a bubbles textarea inside
// huh, whose own key map selects all (ctrl+g) and copies the selection to
// the system clipboard (ctrl+shift+c) through a helper program: a
// resident's words would leave the app in plaintext. No key on any
// long-text field may start a copy: the copy's own message (textarea's
// copyMsg or copyErrMsg, whether or not a helper exists) never comes
// (ported from the old tui/keymap_test.go, which checked the old text
// areas' key maps). The PATH is empty, so a copy that did start could not
// reach the real clipboard.
func TestTextFieldsCannotCopyOut(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("WAYLAND_DISPLAY", "")
	ed, _, ctx := newEditor(t)
	d := ed.Draft()
	d.Intake.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	d.Intake.SetScan("money", intake.Urgent)
	ed.Save()
	long := 0
	for _, s := range ed.Definition().Steps {
		f := New(ctx, ed, s.Fields, s.Intro)
		f.Update(common.SizeMsg{Width: 80, Height: 60})
		f.Focus()
		for range 80 {
			if r := f.row(); r != nil && r.kind == rowField && r.field.Kind == conversation.KindLongText {
				long++
				typeText(f, "geheime woorden")
				for _, k := range []tea.KeyPressMsg{
					{Code: 'g', Mod: tea.ModCtrl},                // select all
					{Code: tea.KeyLeft, Mod: tea.ModShift},       // select a character
					{Code: 'c', Mod: tea.ModCtrl | tea.ModShift}, // copy the selection
				} {
					for _, m := range messages(f.Update(k)) {
						if typ := fmt.Sprintf("%T", m); strings.Contains(typ, "textarea.copy") {
							t.Fatalf("%s started a copy to the clipboard (%s)", k, typ)
						}
					}
				}
			}
			if !f.move(1) {
				break
			}
		}
	}
	if long < 5 {
		t.Fatalf("reached only %d long-text fields", long)
	}
}

// messages runs cmd (and a batch's commands) and returns their messages.
func messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, messages(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}
