package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// probed wraps the app so a test can read the current frame from inside the
// program's own goroutine (no data race with Update).
type probed struct{ *App }

type probeMsg struct{ ch chan string }

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(probeMsg); ok {
		m.ch <- ansi.Strip(p.App.View().Content)
		return p, nil
	}
	_, cmd := p.App.Update(msg)
	return p, cmd
}

type session struct {
	t  *testing.T
	tm *teatest.TestModel
}

// start runs the app in a real Bubble Tea program at 80×24 with the ASCII
// colour profile.
func start(t *testing.T, o Options) *session {
	t.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return day0 }
	}
	tm := teatest.NewTestModel(t, probed{New(o)},
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	s := &session{t: t, tm: tm}
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return s
}

// frame returns the current screen as plain text.
func (s *session) frame() string {
	ch := make(chan string, 1)
	s.tm.Send(probeMsg{ch})
	select {
	case f := <-ch:
		return f
	case <-time.After(5 * time.Second):
		s.t.Fatal("no frame from the program")
		return ""
	}
}

// waitFor waits until the screen contains want and returns that frame.
func (s *session) waitFor(want string) string {
	s.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var f string
	for time.Now().Before(deadline) {
		if f = s.frame(); strings.Contains(f, want) {
			return f
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.t.Fatalf("screen never showed %q; last frame:\n%s", want, f)
	return ""
}

func (s *session) typeText(text string) { s.tm.Type(text) }

func (s *session) key(k string) {
	codes := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "backspace": {Code: tea.KeyBackspace},
		"f2": {Code: tea.KeyF2}, "f1": {Code: tea.KeyF1},
		"ctrl+l": {Code: 'l', Mod: tea.ModCtrl}, "ctrl+t": {Code: 't', Mod: tea.ModCtrl},
		"ctrl+n": {Code: 'n', Mod: tea.ModCtrl}, "ctrl+f": {Code: 'f', Mod: tea.ModCtrl},
		"ctrl+e": {Code: 'e', Mod: tea.ModCtrl},
	}
	c, ok := codes[k]
	if !ok {
		s.t.Fatalf("unknown key %q", k)
	}
	s.tm.Send(tea.KeyPressMsg(c))
}

// requireGolden checks the frame fits 80×24 and matches testdata/<test>.golden.
func requireGolden(t *testing.T, frame string) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != 24 {
		t.Errorf("frame has %d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, w, l)
		}
	}
	golden.RequireEqual(t, []byte(frame))
}

// unlocked starts on the sample vault and unlocks it.
func unlocked(t *testing.T, o Options) *session {
	t.Helper()
	if o.Vault == nil {
		o.Vault = sampleVault()
	}
	s := start(t, o)
	s.waitFor("Wachtwoordzin")
	s.typeText("correct horse battery")
	s.key("enter")
	return s
}

func TestGoldenFirstRun(t *testing.T) {
	v := sampleVault()
	v.residents, v.intakes = nil, nil
	create := func(user string, pass []byte) (Vault, []byte, error) {
		v.users = map[string]string{user: string(pass)}
		v.user, v.unlocked = user, true
		return v, []byte("K7QM-2XHP-9RTA-WC4E-BN6J-DF3U"), nil
	}
	s := start(t, Options{Create: create})
	s.waitFor("Welkom bij spreekuur")
	s.typeText("anna")
	s.key("enter")
	s.typeText("fiets regen")
	t.Run("details", func(t *testing.T) { requireGolden(t, s.waitFor("zwak")) })

	s.key("backspace")
	s.typeText("n koffie")
	s.key("enter")
	s.typeText("fiets regen koffi")
	s.key("enter")
	t.Run("mismatch", func(t *testing.T) { requireGolden(t, s.waitFor("niet gelijk")) })

	s.typeText("fiets regen koffie")
	s.key("enter")
	t.Run("recovery", func(t *testing.T) { requireGolden(t, s.waitFor("K7QM-2XHP")) })

	s.typeText("k7qm 2xhp 9rta wc4e bn6j df3X")
	s.key("enter")
	s.waitFor("De code klopt niet")
	for range 1 {
		s.key("backspace")
	}
	s.typeText("u")
	s.key("enter")
	t.Run("home", func(t *testing.T) { requireGolden(t, s.waitFor("nog geen gesprekken")) })
	if v.users["anna"] != "fiets regen koffie" {
		t.Fatalf("vault made with %q", v.users)
	}
}

func TestGoldenUnlock(t *testing.T) {
	s := start(t, Options{Vault: sampleVault()})
	t.Run("start", func(t *testing.T) { requireGolden(t, s.waitFor("Wachtwoordzin")) })
	s.typeText("wrong one")
	s.key("enter")
	t.Run("wrong", func(t *testing.T) { requireGolden(t, s.waitFor("klopt niet")) })
}

func TestGoldenHome(t *testing.T) {
	s := unlocked(t, Options{})
	t.Run("list", func(t *testing.T) { requireGolden(t, s.waitFor("Marieke")) })
	s.typeText("ozd")
	t.Run("filter", func(t *testing.T) { requireGolden(t, s.waitFor("1 van 4")) })
	s.key("esc")
	s.waitFor("4 van 4")
	s.typeText("?")
	t.Run("help", func(t *testing.T) { requireGolden(t, s.waitFor("Met deze toetsen")) })
	s.key("esc")
	s.key("f2")
	t.Run("resident", func(t *testing.T) {
		f := s.waitFor("Fijn dat u er bent")
		if strings.Contains(f, "Marieke") {
			t.Fatal("resident view shows the list")
		}
		requireGolden(t, f)
	})
}

func TestGoldenIntake(t *testing.T) {
	s := unlocked(t, Options{})
	s.waitFor("Jan de Vries")
	s.key("enter") // the draft opens in the guided intake; F4 shows its notes
	s.waitFor("1/7")
	s.send("f4")
	t.Run("view", func(t *testing.T) { requireGolden(t, s.waitFor("GEHEIME")) })
	s.key("f2")
	t.Run("resident", func(t *testing.T) {
		f := s.waitFor("Uw vraag")
		if strings.Contains(f, "GEHEIME") || strings.Contains(f, "beslag") {
			t.Fatal("resident view shows the supporter's notes")
		}
		requireGolden(t, f)
	})
	s.key("f2")
	s.waitFor("GEHEIME")
	s.key("ctrl+l")
	t.Run("locked", func(t *testing.T) {
		f := s.waitFor("op slot gegaan")
		for _, secret := range []string{"GEHEIME", "Jan de Vries", "schulden"} {
			if strings.Contains(f, secret) {
				t.Fatalf("locked screen shows %q", secret)
			}
		}
		requireGolden(t, f)
	})
	s.typeText("correct horse battery")
	s.key("enter")
	s.waitFor("GEHEIME") // back where we were
}

func TestGoldenEnglish(t *testing.T) {
	s := start(t, Options{Vault: sampleVault(), Lang: "en"})
	s.waitFor("Passphrase")
	s.typeText("correct horse battery")
	s.key("enter")
	requireGolden(t, s.waitFor("Marieke"))
}

func TestGoldenNewIntake(t *testing.T) {
	s := unlocked(t, Options{})
	s.waitFor("Marieke")
	s.key("ctrl+n")
	requireGolden(t, s.waitFor("1/7 Start"))
	s.key("esc")
	s.waitFor("Marieke")
}

func TestLockClearsScrollback(t *testing.T) {
	s := unlocked(t, Options{})
	s.waitFor("Marieke")
	s.key("ctrl+l")
	s.waitFor("op slot gegaan")
	teatest.WaitFor(t, s.tm.Output(), func(b []byte) bool {
		return strings.Contains(string(b), clearScrollback)
	}, teatest.WithDuration(3*time.Second))
}

func TestResize(t *testing.T) {
	s := unlocked(t, Options{})
	s.waitFor("Marieke")
	for _, size := range [][2]int{{120, 40}, {60, 16}, {80, 24}} {
		s.tm.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		f := s.frame()
		lines := strings.Split(f, "\n")
		if len(lines) != size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > size[0] {
				t.Errorf("%v: line too wide: %q", size, l)
			}
		}
	}
}
