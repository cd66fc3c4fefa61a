package components

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// key is the key press named k (screentest.KeyMsg, and alt+ keys), or a
// paste of what follows "paste:".
func key(k string) tea.Msg {
	if p, ok := strings.CutPrefix(k, "paste:"); ok {
		return tea.PasteMsg{Content: p}
	}
	if a, ok := strings.CutPrefix(k, "alt+"); ok {
		m := screentest.KeyMsg(a)
		m.Mod, m.Text = tea.ModAlt, ""
		return m
	}
	return screentest.KeyMsg(k)
}

// secretForm is a Secret in a huh form, fed as the screens feed it: each
// message through Edit, and what Edit returns to the form.
func secretForm(t *testing.T, limit int) (*Secret, *huh.Form) {
	t.Helper()
	s := NewSecret("Wachtwoordzin", limit)
	f := huh.NewForm(huh.NewGroup(s.Input)).WithShowHelp(false).WithWidth(60)
	f.Init()
	if !s.In(f) {
		t.Fatal("the secret field does not have the keyboard in its form")
	}
	return s, f
}

func feed(s *Secret, f *huh.Form, msgs ...tea.Msg) {
	for _, msg := range msgs {
		if m := s.Edit(msg); m != nil {
			f.Update(m)
		}
	}
}

// TestSecretEditing: typing, pasting and deleting change the text as a
// person expects, per character (multi-byte runes whole), and the huh
// Input shows one * for each character and holds no byte of the text.
func TestSecretEditing(t *testing.T) {
	tests := []struct {
		name  string
		limit int
		keys  []string
		want  string
	}{
		{"typed", 256, []string{"f", "i", "e", "t", "s", " ", "4"}, "fiets 4"},
		{"backspace takes off the last character", 256, []string{"a", "b", "backspace"}, "a"},
		{"backspace over two-byte é", 256, []string{"c", "a", "f", "é", "backspace", "e"}, "cafe"},
		{"backspace over a four-byte rune", 256, []string{"x", "🚲", "backspace"}, "x"},
		{"backspace over three-byte runes", 256, []string{"€", "€", "backspace"}, "€"},
		{"backspace takes one rune of a combined character", 256, []string{"e", "\u0301", "backspace"}, "e"},
		{"ctrl+h is backspace", 256, []string{"a", "b", "ctrl+h"}, "a"},
		{"backspace on nothing", 256, []string{"backspace", "a"}, "a"},
		{"ctrl+u empties", 256, []string{"a", "é", "ctrl+u", "b"}, "b"},
		{"a paste adds", 256, []string{"a", "paste:regen koffie"}, "aregen koffie"},
		{"a pasted line break is dropped", 256, []string{"paste:fiets regen\r\n"}, "fiets regen"},
		{"an empty paste", 256, []string{"a", "paste:"}, "a"},
		{"keys that move or edit elsewhere do nothing", 256,
			[]string{"a", "b", "left", "home", "delete", "alt+f", "ctrl+w", "alt+backspace", "ctrl+v", "c"}, "abc"},
		{"at most limit characters, typed", 3, []string{"é", "é", "é", "é", "backspace", "a"}, "ééa"},
		{"at most limit characters, pasted", 4, []string{"a", "paste:🚲🚲🚲🚲"}, "a🚲🚲🚲"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, f := secretForm(t, tt.limit)
			for _, k := range tt.keys {
				feed(s, f, key(k))
			}
			if got := string(s.Bytes()); got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
			n := utf8.RuneCountInString(tt.want)
			if s.Len() != n || s.Empty() != (n == 0) {
				t.Errorf("Len %d, Empty %v for %q", s.Len(), s.Empty(), tt.want)
			}
			if mask := s.Input.GetValue().(string); mask != strings.Repeat("x", n) {
				t.Errorf("the huh Input holds %q, want %d times x", mask, n)
			}
			// What the field shows after its prompt: n stars, nothing else.
			view := ansi.Strip(f.View())
			_, shown, _ := strings.Cut(view, "Wachtwoordzin: ")
			shown, _, _ = strings.Cut(shown, "\n")
			if got := strings.TrimRight(shown, " "); got != strings.Repeat("*", n) {
				t.Errorf("the field shows %q, want %d stars:\n%s", got, n, view)
			}
		})
	}
}

// TestSecretClear: Clear and Take overwrite the whole buffer the text was
// typed into, Take hands over a copy, and typing up to the limit never
// moves the text to a new buffer (which would leave the old one behind).
func TestSecretClear(t *testing.T) {
	s, f := secretForm(t, 8)
	buf := s.Bytes()[:cap(s.Bytes())]
	for _, r := range "fiets🚲é€x" { // 9 characters: the last is over the limit
		feed(s, f, key(string(r)))
	}
	if got := string(s.Bytes()); got != "fiets🚲é€" {
		t.Fatalf("text %q", got)
	}
	if &s.Bytes()[0] != &buf[0] {
		t.Fatal("the text moved to another buffer while typing")
	}
	taken := s.Take()
	if string(taken) != "fiets🚲é€" {
		t.Errorf("Take gave %q", taken)
	}
	if !s.Empty() || strings.Trim(string(buf), "\x00") != "" {
		t.Errorf("after Take the field holds %q and its buffer %q", s.Bytes(), buf)
	}
	taken[0] = 'X'
	if buf[0] != 0 {
		t.Error("Take gave the field's own buffer, not a copy")
	}

	feed(s, f, key("a"), key("b"), key("backspace"))
	if buf[1] != 0 {
		t.Errorf("backspace left the byte it took off: %q", buf[:2])
	}
	s.Clear()
	if !s.Empty() || strings.Trim(string(buf), "\x00") != "" {
		t.Errorf("after Clear the buffer holds %q", buf)
	}
}

// TestSecretEqual compares the text of two fields, as the first run's
// "once more" does.
func TestSecretEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"fiets regen", "fiets regen", true},
		{"fiets regen", "fiets rege", false},
		{"é", "e\u0301", false}, // byte for byte, as the key derivation sees them
	}
	for _, tt := range tests {
		a, fa := secretForm(t, 64)
		b, fb := secretForm(t, 64)
		feed(a, fa, key("paste:"+tt.a))
		feed(b, fb, key("paste:"+tt.b))
		if got := a.Equal(b); got != tt.want {
			t.Errorf("%q = %q: %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestSecretPassesOtherMessages: what is not a key press or a paste goes
// to the form as it is.
func TestSecretPassesOtherMessages(t *testing.T) {
	s := NewSecret("Wachtwoordzin", 8)
	msg := tea.WindowSizeMsg{Width: 80, Height: 24}
	if got := s.Edit(msg); got != msg {
		t.Errorf("Edit(%v) = %v", msg, got)
	}
	if !s.Empty() {
		t.Error("a size message changed the text")
	}
}
