package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

func TestFormKeyMapHasNoEditor(t *testing.T) {
	km := formKeyMap()
	ctrlE := tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl}
	km.Text.Editor.SetEnabled(true) // what huh's help code does
	if key.Matches(ctrlE, km.Text.Editor) {
		t.Fatal("ctrl+e still opens the external editor")
	}
}

// TestCtrlEDoesNotSpawnEditor drives a form's text field with ctrl+e: no
// temporary file may appear and no process may be started.
func TestCtrlEDoesNotSpawnEditor(t *testing.T) {
	tmp := t.TempDir()
	marker := filepath.Join(t.TempDir(), "editor-ran")
	script := filepath.Join(t.TempDir(), "editor.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	t.Setenv("EDITOR", script)

	for name, field := range map[string]*huh.Text{
		"newTextField":   newTextField(100),
		"plain huh.Text": huh.NewText(), // the key map alone must be enough
	} {
		t.Run(name, func(t *testing.T) {
			var value string
			form := newForm(huh.NewGroup(field.Value(&value)))
			runCmd(t, form.Init())
			_ = form.View() // the help line re-enables bindings
			for _, r := range "geheim" {
				m, cmd := form.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
				form = m.(*huh.Form)
				runCmd(t, cmd)
			}
			m, cmd := form.Update(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
			form = m.(*huh.Form)
			runCmd(t, cmd)
			if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
				t.Fatalf("ctrl+e wrote %s to the temp dir", entries[0].Name())
			}
			if _, err := os.Stat(marker); err == nil {
				t.Fatal("ctrl+e started the editor")
			}
			if !strings.Contains(form.View(), "geheim") {
				t.Fatal("field lost its text")
			}
		})
	}
}

// runCmd runs a command and fails on any exec message.
func runCmd(t *testing.T, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				runCmd(t, c)
			}
			return
		}
		if strings.Contains(strings.ToLower(fmt.Sprintf("%T", msg)), "exec") {
			t.Fatalf("command would run a process: %T", msg)
		}
	case <-time.After(100 * time.Millisecond):
	}
}
