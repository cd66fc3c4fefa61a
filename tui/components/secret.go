package components

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Secret is a passphrase field. Its text is kept here, in one []byte that
// is never reallocated and that Clear overwrites; the huh Input in the
// form (Input) only draws it and holds a mask, one 'x' for each character.
//
// A huh Input cannot hold a secret safely: on every keystroke it makes a
// new Go string of the whole text (for its accessor) and a []rune copy,
// and it converts the text to a string in a stack buffer to measure it.
// Strings cannot be wiped, and stack buffers are out of reach of the
// runtime's clobbering of freed memory (docs/FORMAT.md §5).
//
// The text is edited at its end only: typing and pasting add to it,
// backspace takes off the last character, ctrl+u empties it. Keys that
// would move the cursor or edit elsewhere do nothing (the text is not
// shown, so there is nothing to go back to). Control characters are
// dropped, so a pasted line break does not end up in the passphrase.
type Secret struct {
	Input *huh.Input
	text  []byte
	limit int // in characters
}

// NewSecret makes a passphrase field titled title that takes at most limit
// characters, drawn like the app's other inline inputs.
func NewSecret(title string, limit int) *Secret {
	return &Secret{
		Input: huh.NewInput().Title(title).Inline(true).Prompt(": ").CharLimit(limit).EchoMode(huh.EchoModePassword),
		text:  make([]byte, 0, limit*utf8.UTFMax),
		limit: limit,
	}
}

// In reports whether the field has the keyboard in form f.
func (s *Secret) In(f *huh.Form) bool { return f.GetFocusedField() == huh.Field(s.Input) }

// Edit applies a key press or a paste to the text. It returns what the huh
// Input gets instead: the same edit on the mask, or nil when there is
// nothing to pass on. Other messages are returned as they are. Moving
// between fields (tab, enter) is the form's, before Edit is called.
func (s *Secret) Edit(msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if n := s.add(msg.Content); n > 0 {
			return tea.PasteMsg{Content: strings.Repeat("x", n)}
		}
		return nil
	case tea.KeyPressMsg:
		switch msg.String() {
		case "backspace", "ctrl+h":
			if len(s.text) == 0 {
				return nil
			}
			_, size := utf8.DecodeLastRune(s.text)
			clear(s.text[len(s.text)-size:])
			s.text = s.text[:len(s.text)-size]
			return tea.KeyPressMsg{Code: tea.KeyBackspace}
		case "ctrl+u":
			s.Clear()
			return msg // the mask's cursor is at its end: this empties it too
		}
		if msg.Text == "" || msg.Mod&^(tea.ModShift|tea.ModCapsLock|tea.ModNumLock) != 0 {
			return nil
		}
		if n := s.add(msg.Text); n > 0 {
			return tea.KeyPressMsg{Code: 'x', Text: strings.Repeat("x", n)}
		}
		return nil
	}
	return msg
}

// add appends the characters of t that are not control characters, up to
// the limit, and returns how many it added.
func (s *Secret) add(t string) int {
	have, n := utf8.RuneCount(s.text), 0
	for _, r := range t {
		if have+n >= s.limit {
			break
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			continue
		}
		if len(s.text)+utf8.RuneLen(r) > cap(s.text) {
			break // cannot happen within the limit; never reallocate
		}
		s.text = utf8.AppendRune(s.text, r)
		n++
	}
	return n
}

// Bytes is the text. It stays the field's: copy it to keep it, and do not
// change it.
func (s *Secret) Bytes() []byte { return s.text }

// Empty reports whether nothing was typed.
func (s *Secret) Empty() bool { return len(s.text) == 0 }

// Len is the number of characters typed.
func (s *Secret) Len() int { return utf8.RuneCount(s.text) }

// Equal reports whether two fields hold the same text.
func (s *Secret) Equal(o *Secret) bool { return bytes.Equal(s.text, o.text) }

// Take returns a copy of the text, which the caller clears when done, and
// clears the field. The huh Input keeps its mask until the form is made
// again.
func (s *Secret) Take() []byte {
	out := make([]byte, len(s.text))
	copy(out, s.text)
	s.Clear()
	return out
}

// Clear overwrites the text, all of the buffer it was typed into.
func (s *Secret) Clear() {
	clear(s.text[:cap(s.text)])
	s.text = s.text[:0]
}
