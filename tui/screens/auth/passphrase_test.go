package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// enter types text one key at a time ("<backspace>", "<ctrl+u>" and
// "<paste:…>" are those keys) on s.
func enter(t *testing.T, s common.Screen, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		switch {
		case strings.HasPrefix(k, "<paste:"):
			out = append(out, screentest.Run(t, s, s.Update(tea.PasteMsg{Content: strings.TrimSuffix(strings.TrimPrefix(k, "<paste:"), ">")}))...)
		case strings.HasPrefix(k, "<"):
			out = append(out, screentest.Press(t, s, strings.Trim(k, "<>"))...)
		default:
			out = append(out, screentest.TypeText(t, s, k)...)
		}
	}
	return out
}

func unlockedMsg(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(common.UnlockedMsg); ok {
			return true
		}
	}
	return false
}

// TestUnlockPassphrase: what is typed, pasted and deleted on the unlock
// screen is what the session is unlocked with, byte for byte; the field is
// empty after each attempt, and the screen never shows the passphrase.
func TestUnlockPassphrase(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		keys   []string
		opened bool
	}{
		{"typed", []string{screentest.Pass, "<enter>"}, true},
		{"pasted, as a password manager does", []string{"<paste:" + screentest.Pass + ">", "<enter>"}, true},
		{"a two-byte é typed and taken back", []string{screentest.Pass + "é", "<backspace>", "<enter>"}, true},
		{"one character too many", []string{screentest.Pass + "y", "<enter>"}, false},
		{"emptied with ctrl+u and typed again", []string{"fout", "<ctrl+u>", screentest.Pass, "<enter>"}, true},
		{"the cursor cannot go back into it", []string{"correct horse batter", "<left>", "y", "<enter>"}, true},
		{"nothing", []string{"<enter>"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := sessiontest.New()
			ctx := common.NewContext(session.New(st, nil, now, "nl"), common.NewTheme(true, false, true), "nl", now)
			s := NewUnlock(ctx, "", false)
			s.Update(common.SizeMsg{Width: 80, Height: 22})
			var msgs []tea.Msg
			for _, k := range tt.keys {
				if k == "<enter>" {
					if f := screentest.Plain(s); strings.Contains(f, "correct") || strings.Contains(f, "fout") {
						t.Errorf("the screen shows the passphrase:\n%s", f)
					}
				}
				msgs = append(msgs, enter(t, s, k)...)
			}
			if got := unlockedMsg(msgs); got != tt.opened {
				t.Errorf("unlocked %v, want %v (screen:\n%s)", got, tt.opened, screentest.Plain(s))
			}
			if !s.pass.Empty() {
				t.Errorf("the field still holds %q after the attempt", s.pass.Bytes())
			}
			if v, _ := s.pass.Input.GetValue().(string); strings.Trim(v, "x") != "" {
				t.Errorf("the huh Input holds %q", v)
			}
		})
	}
}

// TestFirstRunPassphrase: the first run creates the vault with the
// passphrase as typed (a multi-byte character taken back), refuses a short
// one and two that differ, counts the strength from the field, and clears
// both fields once the vault is made.
func TestFirstRunPassphrase(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC) }
	ctx := common.NewContext(nil, common.NewTheme(true, false, true), "nl", now)
	var created []string
	ctx.Create = func(user string, pass []byte) (*session.Pending, error) {
		created = append(created, user+"/"+string(pass))
		return nil, errors.New("no disk in this test")
	}
	s := NewFirstRun(ctx)
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	enter(t, s, "anna", "<enter>", "appel peer")
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, texts.NL[tStrengthWeak]) {
		t.Errorf("10 characters are not weak:\n%s", screentest.Plain(s))
	}
	enter(t, s, "<enter>")
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "12") || len(created) > 0 {
		t.Fatalf("a short passphrase went through:\n%s", screentest.Plain(s))
	}
	// huh moves on with the message shown; back to the passphrase
	enter(t, s, "<shift+tab>", " koffie €", "<backspace>", "<backspace>", "<enter>", "appel peer koffie", "ë", "<enter>")
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "niet gelijk") || len(created) > 0 {
		t.Fatalf("two different passphrases went through:\n%s", screentest.Plain(s))
	}
	enter(t, s, "<backspace>", "<enter>")
	if len(created) != 1 || created[0] != "anna/appel peer koffie" {
		t.Fatalf("created %q, want anna/appel peer koffie", created)
	}
	if !s.pass.Empty() || !s.again.Empty() {
		t.Errorf("the fields still hold %q and %q", s.pass.Bytes(), s.again.Bytes())
	}
	if f := screentest.Plain(s); strings.Contains(f, "appel peer") {
		t.Errorf("the screen shows the passphrase:\n%s", f)
	}
}

// TestUnlockWhileOpening: while the vault opens, messages that are not
// keys (a resize, the terminal's answers after the input reader is
// replaced) do not reach the completed form: no second attempt with an
// empty field, no "type your passphrase".
func TestUnlockWhileOpening(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC) }
	st := sessiontest.New()
	ctx := common.NewContext(session.New(st, nil, now, "nl"), common.NewTheme(true, false, true), "nl", now)
	s := NewUnlock(ctx, "", false)
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	screentest.TypeText(t, s, screentest.Pass)
	// enter, with the attempt's result held back: the vault is still opening
	held := screentest.Drain(t, s.Update, func(m tea.Msg) bool { _, ok := m.(unlockResultMsg); return ok }, s.Update(screentest.KeyMsg("enter")))
	if len(held) != 1 || !s.busy {
		t.Fatalf("no attempt under way (held %v)", held)
	}
	for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: 80, Height: 24}, tea.FocusMsg{}, tea.KeyPressMsg{Code: 'a', Text: "a"}} {
		if cmd := s.Update(msg); cmd != nil {
			t.Errorf("%T while opening gave a command", msg)
		}
	}
	if f := screentest.Joined(screentest.Plain(s)); strings.Contains(f, s.ctx.ErrorText(session.ErrNoPassphrase)) {
		t.Errorf("while opening the screen asks for the passphrase:\n%s", screentest.Plain(s))
	}
	if st.Unlocks != 1 || !unlockedMsg(screentest.Run(t, s, s.Update(held[0]))) {
		t.Errorf("%d attempts, not unlocked:\n%s", st.Unlocks, screentest.Plain(s))
	}
}
