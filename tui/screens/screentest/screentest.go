// Package screentest drives the screens of the terminal app in tests, the
// way Bubble Tea would but synchronously: keys by name, typed text, the
// commands a screen returns run until they settle, a fake clock whose
// timers fire only when a test moves it, a session on sessiontest.Fake,
// and the 80×24 golden frames with their checks (fits, no sentence cut).
// Only tests import it.
package screentest

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/tui/common"
)

// Pass is the passphrase of anna, sessiontest.New's supporter.
const Pass = "correct horse battery"

// Unlocked starts a session on st (cat nil: the default catalogue) and
// unlocks it as user.
func Unlocked(t testing.TB, st *sessiontest.Fake, cat *intake.Catalogue, now func() time.Time, lang, user, pass string) *session.Session {
	t.Helper()
	s := session.New(st, cat, now, lang)
	if err := s.Unlock(user, []byte(pass)); err != nil {
		t.Fatalf("unlock as %s: %v", user, err)
	}
	return s
}

// Context is the screens' context on s with the NO_COLOR theme (stable
// frames) and the clock now.
func Context(s *session.Session, lang string, now func() time.Time) *common.Context {
	return common.NewContext(s, common.NewTheme(true, false, true), lang, now)
}

// KeyMsg is the key press named k ("enter", "ctrl+n", "f4", "shift+tab",
// …) or, for anything else, the text k typed as one key.
func KeyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
		"backspace": {Code: tea.KeyBackspace}, "delete": {Code: tea.KeyDelete},
		"f1": {Code: tea.KeyF1}, "f2": {Code: tea.KeyF2}, "f3": {Code: tea.KeyF3}, "f4": {Code: tea.KeyF4},
		"f5": {Code: tea.KeyF5}, "f6": {Code: tea.KeyF6},
	}
	if c, ok := named[k]; ok {
		return tea.KeyPressMsg(c)
	}
	if r := []rune(k); strings.HasPrefix(k, "ctrl+") && len(r) == 6 {
		return tea.KeyPressMsg{Code: r[5], Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// Updater is what Drain delivers messages to: a screen's Update, or an
// adapter around the app's.
type Updater func(tea.Msg) tea.Cmd

// Drain runs cmd and delivers its message to update, then the messages of
// the commands that returns, until they settle, as Bubble Tea would
// (a batch runs each command; a sequence each in order). Timers (a
// blinking cursor, tea.Tick) are not run: time moves only by a Clock. The
// messages keep reports true for are returned instead of delivered.
func Drain(t testing.TB, update Updater, keep func(tea.Msg) bool, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return drain(t, update, keep, cmd, 0)
}

func drain(t testing.TB, update Updater, keep func(tea.Msg) bool, cmd tea.Cmd, depth int) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	if depth > 30 {
		t.Fatal("commands do not settle")
	}
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	if strings.Contains(name, "cursor.(*Model).Blink") || strings.Contains(name, "bubbletea/v2.Tick") ||
		strings.Contains(name, "bubbletea/v2.Every") {
		return nil
	}
	msg := cmd()
	if msg == nil {
		return nil
	}
	if cmds, ok := commands(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, drain(t, update, keep, c, depth+1)...)
		}
		return out
	}
	if keep != nil && keep(msg) {
		return []tea.Msg{msg}
	}
	return drain(t, update, keep, update(msg), depth+1)
}

// commands unpacks a batch or a sequence (whose type Bubble Tea does not
// export: a slice of commands).
func commands(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}

var commonPkg = reflect.TypeFor[common.GoHomeMsg]().PkgPath()

// IsNavigation reports whether msg is one of the app's navigation
// messages (tui/common), which a screen returns for the app to route.
func IsNavigation(msg tea.Msg) bool { return reflect.TypeOf(msg).PkgPath() == commonPkg }

// Run delivers the results of cmd to s until they settle; navigation
// messages are returned, not delivered.
func Run(t testing.TB, s common.Screen, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return Drain(t, s.Update, IsNavigation, cmd)
}

// Press presses keys by name (see KeyMsg) on s, each with its commands
// run; it returns the navigation messages they led to.
func Press(t testing.TB, s common.Screen, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, Run(t, s, s.Update(KeyMsg(k)))...)
	}
	return out
}

// TypeText types text on s, one key per character.
func TypeText(t testing.TB, s common.Screen, text string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, r := range text {
		out = append(out, Run(t, s, s.Update(tea.KeyPressMsg{Code: r, Text: string(r)}))...)
	}
	return out
}

// Plain is what s draws, without styling.
func Plain(s common.Screen) string { return ansi.Strip(s.View()) }

// Joined is a frame's text with its lines joined and spaces squeezed, so
// a wrapped sentence reads as one.
func Joined(frame string) string { return strings.Join(strings.Fields(frame), " ") }
