package app

import (
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/export"
	"github.com/spreekuur/spreekuur/tui/screens/intakes"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
	"github.com/spreekuur/spreekuur/tui/screens/stats"
)

// TestHomeKeysRoute: from home, enter opens the selected conversation,
// ctrl+n starts one, ctrl+f adds a follow-up contact, ctrl+s shows the
// figures, ctrl+a the access export of the selected resident.
func TestHomeKeysRoute(t *testing.T) {
	tests := []struct {
		key   string
		title string // what the header then says
		check func(h *harness) bool
	}{
		{"enter", "1/7 Start · " + jansOne[:8], func(h *harness) bool { _, ok := h.a.cur.(*intakes.Screen); return ok }},
		{"ctrl+n", "1/7 Start", func(h *harness) bool { _, ok := h.a.cur.(*intakes.Screen); return ok }},
		{"ctrl+f", "Vervolgcontact · " + jansOne[:8], func(h *harness) bool { _, ok := h.a.cur.(*intakes.Screen); return ok }},
		{"ctrl+s", "statistiek", func(h *harness) bool { _, ok := h.a.cur.(*stats.Screen); return ok }},
		{"ctrl+a", "", func(h *harness) bool { _, ok := h.a.cur.(*export.Screen); return ok }},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			h := unlocked(t, sample(), Options{LockAfter: -1})
			h.press(tt.key)
			header := strings.SplitN(h.frame(), "\n", 2)[0]
			if !tt.check(h) || !strings.Contains(header, tt.title) {
				t.Fatalf("%s opened %T, header %q", tt.key, h.a.cur, header)
			}
			if tt.key == "ctrl+a" && !strings.Contains(h.frame(), jan[:8]) {
				t.Errorf("the access export is not of the selected resident (%s):\n%s", jan[:8], h.frame())
			}
		})
	}
	// A resident without a conversation: enter starts one for them.
	h := unlocked(t, sample(), Options{LockAfter: -1})
	h.typeText("marieke")
	h.press("enter")
	s, ok := h.a.cur.(*intakes.Screen)
	if !ok || !strings.Contains(h.frame(), "1/7 Start") {
		t.Fatalf("enter on a resident without a conversation: %T\n%s", h.a.cur, h.frame())
	}
	if rc, _ := s.ResidentView(); rc.Clarified != "" {
		t.Fatal("a new conversation shows another's question")
	}
}

// typingPlaces puts the app where a stray letter could do harm: a text
// field, a choice, the scan grid, the notes and the home filter.
var typingPlaces = []struct {
	name  string
	setup func(h *harness)
	text  bool                     // letters belong to the field
	store func() *sessiontest.Fake // nil: sample
}{
	{"home filter", func(h *harness) {}, true, nil},
	{"home agenda", func(h *harness) { h.press("f3") }, true, nil},
	{"home agenda with a late decision", func(h *harness) {}, true, dueSample},
	{"choice", func(h *harness) { h.press("enter") }, false, nil}, // Jan's draft opens at the start step: the place
	{"long text", func(h *harness) { h.press("enter", "pgdown") }, true, nil},
	{"scan grid", func(h *harness) { h.press("enter", "pgdown", "pgdown") }, false, nil},
	{"notes", func(h *harness) { h.press("enter", "f4", "right", "tab") }, true, nil},
	{"yes/no", func(h *harness) { h.press("enter", "tab", "tab") }, false, nil}, // kompaan present
	{"follow-up", func(h *harness) { h.press("ctrl+f") }, false, nil},
}

// TestStrayLettersNeverSwitch: a letter never switches screens, never
// opens the help or the resident view, never quits or locks: global keys
// are F-keys and ctrl-keys only (issue 9.3). On a text field the letters
// are typed; on a choice they change nothing and are ignored with a word.
func TestStrayLettersNeverSwitch(t *testing.T) {
	for _, p := range typingPlaces {
		t.Run(p.name, func(t *testing.T) {
			st := storeOf(p.store)
			h := unlocked(t, st, Options{LockAfter: -1})
			p.setup(h)
			cur, title, saves := h.a.cur, h.a.cur.Title(), st.Saves
			before := h.frame()
			h.typeText("r?hqx")
			if h.a.cur != cur || h.a.cur.Title() != title || h.a.showHelp || h.a.resident || h.a.isLocked || h.quit || h.a.quitAsk != "" {
				t.Fatalf("letters left %q for %T %q (help %v, resident %v, locked %v, quit %v)",
					title, h.a.cur, h.a.cur.Title(), h.a.showHelp, h.a.resident, h.a.isLocked, h.quit)
			}
			after := h.frame()
			if p.text {
				if !strings.Contains(after, "r?hqx") {
					t.Errorf("the letters were not typed into the field:\n%s", after)
				}
				return
			}
			if st.Saves != saves {
				t.Errorf("letters on a choice changed it (%d saves)", st.Saves-saves)
			}
			if !strings.Contains(screentest.Joined(after), "Hier typt u") {
				t.Errorf("letters ignored without a word:\n%s", after)
			}
			if strings.Contains(before, "Hier typt u") {
				t.Error("the word was there before the letters")
			}
		})
	}
}

// candidateKeys are the keys that could do something besides typing.
var candidateKeys = func() []string {
	keys := []string{"enter", "esc", "tab", "shift+tab", "up", "down", "left", "right", "space",
		"pgup", "pgdown", "home", "end", "backspace", "delete", "f1", "f2", "f3", "f4", "f5", "f6"}
	for c := 'a'; c <= 'z'; c++ {
		keys = append(keys, "ctrl+"+string(c))
	}
	return keys
}()

// editingKeys move inside a field or between the fields of a form and
// the grid, as in every form (and as the notice on a choice says: ← →
// or the space bar); the help names the main ones (tab, ←→) only. The
// lead decides whether the help should name these too (see the report).
var editingKeys = map[string]bool{"enter": true, "up": true, "down": true, "home": true, "end": true, "space": true}

// TestEveryKeyIsInTheHelp: every key that does something on a screen —
// changes what is on it, saves, goes elsewhere — is one of the screen's
// keys (its help line and F1 page) or a global key. Typing in a text
// field is left out (letters, space, backspace, huh's ctrl line-editing
// keys), and editingKeys in forms.
func TestEveryKeyIsInTheHelp(t *testing.T) {
	for _, p := range typingPlaces {
		for _, k := range candidateKeys {
			home := strings.HasPrefix(p.name, "home ")
			if p.text && (strings.HasPrefix(k, "ctrl+") && !home || k == "space" || k == "backspace") {
				continue
			}
			if !home && editingKeys[k] {
				continue
			}
			if k == "ctrl+c" || k == "ctrl+q" {
				continue // quits: a global key, tested below
			}
			st := storeOf(p.store)
			h := atHome(t, st, Options{LockAfter: -1})
			p.setup(h)
			cur, saves, before := h.a.cur, st.Saves, h.frame()
			keys := append(slices.Clone(h.a.cur.Keys()), globalBindings(h.a.keys)...)
			h.press(k)
			if h.a.cur == cur && st.Saves == saves && h.frame() == before && !h.quit {
				continue // did nothing
			}
			msg := screentest.KeyMsg(k)
			if !slices.ContainsFunc(keys, func(b key.Binding) bool { return key.Matches(msg, b) }) {
				t.Errorf("%s: %s does something but is not in the help", p.name, k)
			}
		}
	}
}

func globalBindings(g common.GlobalKeys) []key.Binding {
	return []key.Binding{g.Help, g.Resident, g.Contrast, g.Lock, g.Quit}
}

// TestHelpPageListsEveryKey: F1 shows every key of the screen and every
// global key, each with what it does (scrolling with pgdown when the page
// is longer than the screen); esc closes it.
func TestHelpPageListsEveryKey(t *testing.T) {
	for _, p := range typingPlaces {
		t.Run(p.name, func(t *testing.T) {
			h := unlocked(t, storeOf(p.store), Options{LockAfter: -1})
			p.setup(h)
			keys := h.a.cur.Keys()
			h.press("f1")
			if !h.a.showHelp {
				t.Fatal("F1 did not open the help")
			}
			// A page longer than the screen scrolls: read it all.
			page := h.frame()
			for last := page; ; {
				h.press("pgdown")
				next := h.frame()
				if next == last {
					break
				}
				page, last = page+"\n"+next, next
			}
			screentest.NoSentenceCut(t, page)
			for _, b := range append(keys, globalBindings(h.a.keys)...) {
				if !b.Enabled() {
					continue
				}
				if !strings.Contains(page, b.Help().Key) || !strings.Contains(screentest.Joined(page), h.a.keys.Long("nl", b)) {
					t.Errorf("the help page lacks %s %q:\n%s", b.Help().Key, h.a.keys.Long("nl", b), page)
				}
			}
			h.press("esc")
			if h.a.showHelp {
				t.Fatal("esc did not close the help")
			}
		})
	}
}

// TestResidentViewShowsOnlyWhatTheResidentMayRead: F2 shows the clarified
// question, the agreements and the deadlines, large, and nothing else:
// no notes, no own words, no list, no name.
func TestResidentViewShowsOnlyWhatTheResidentMayRead(t *testing.T) {
	h := unlocked(t, sample(), Options{LockAfter: -1})
	h.press("f2")
	if got := screentest.Joined(h.frame()); got != "Welkom Fijn dat u er bent. Samen zoeken we uit wat uw vraag is. F2 terug · ctrl+c stop" {
		t.Fatalf("resident view on home:\n%s", h.frame())
	}
	h.press("f2", "enter", "f4") // Jan's conversation, its notes on screen
	h.press("f2")
	want := strings.Join([]string{
		"Uw vraag", jansQuestion,
		"Wat we afspreken", "• U: neemt alle brieven mee (vóór dinsdag 24 maart 2026)",
		"• Uw cliëntondersteuner: belt de schuldhulp (vóór vrijdag 20 maart 2026)",
		"Belangrijke datums", "• Bezwaar maken: uiterlijk maandag 13 april 2026 (nog 32 dagen).",
		"F2 terug · ctrl+c stop",
	}, " ")
	if got := screentest.Joined(h.frame()); got != want {
		t.Fatalf("resident view:\n got %q\nwant %q\n%s", got, want, h.frame())
	}
	h.press("f2")
	if h.a.resident || !strings.Contains(h.frame(), jansNote) {
		t.Fatalf("F2 did not go back to the notes:\n%s", h.frame())
	}
}

// TestHighContrastToggle: ctrl+t switches high contrast on and off, on
// any screen, also while typing.
func TestHighContrastToggle(t *testing.T) {
	h := newApp(t, sample(), Options{})
	h.a.ctx.Theme.NoColor = false
	colour := h.a.View().Content
	h.press("ctrl+t")
	if !h.a.ctx.Theme.HighContrast || h.a.View().Content == colour {
		t.Fatal("ctrl+t did not switch to high contrast")
	}
	h.press("ctrl+t")
	if h.a.ctx.Theme.HighContrast || h.a.View().Content != colour {
		t.Fatal("ctrl+t did not switch back")
	}
}

// TestWindowTitleAndAltScreen: the terminal's title is the app's name on
// every screen, never a resident's name; the app draws in the alternate
// screen, so nothing stays in the scrollback when it stops.
func TestWindowTitleAndAltScreen(t *testing.T) {
	h := newApp(t, sample(), Options{LockAfter: -1})
	check := func(where string) {
		t.Helper()
		v := h.a.View()
		if !v.AltScreen || v.WindowTitle != "Spreekuur" {
			t.Errorf("%s: alt screen %v, title %q", where, v.AltScreen, v.WindowTitle)
		}
	}
	check("unlock")
	h.typeText(screentest.Pass)
	h.press("enter")
	check("home")
	h.press("enter")
	check("Jan's conversation")
	h.press("f2")
	check("resident view")
}

// TestLockClearsHomeFilterAndScrollback: the filter may be part of a
// resident's name; a lock forgets it, clears the screen and the
// terminal's scrollback (ESC[3J), and whoever unlocks sees the whole list.
func TestLockClearsHomeFilterAndScrollback(t *testing.T) {
	h := unlocked(t, sample(), Options{LockAfter: -1})
	h.typeText("fatim")
	if !strings.Contains(h.frame(), "fatim") || strings.Contains(h.frame(), "Jan de Vries") {
		t.Fatalf("filter not on screen before the lock:\n%s", h.frame())
	}
	h.press("ctrl+l")
	if !h.a.isLocked {
		t.Fatal("ctrl+l did not lock")
	}
	if !slices.Contains(h.raw, "\x1b[3J") {
		t.Fatalf("the scrollback is not cleared on lock (raw output %q)", h.raw)
	}
	if strings.Contains(h.a.home.View(), "fatim") || len(h.a.home.Rows()) != 0 {
		t.Fatalf("home keeps the filter or the list while locked:\n%s", h.a.home.View())
	}
	h.typeText(screentest.Pass)
	h.press("enter")
	f := h.frame()
	if strings.Contains(f, "fatim") || !strings.Contains(f, "Jan de Vries") || !strings.Contains(f, "4 van 4") {
		t.Fatalf("home after unlocking:\n%s", f)
	}
}

// TestResize: at any size the frame is exactly the terminal, on home, a
// step, the help and the resident view.
func TestResize(t *testing.T) {
	h := unlocked(t, sample(), Options{LockAfter: -1})
	for _, where := range []struct {
		name string
		keys []string
	}{{"home", nil}, {"step", []string{"enter"}}, {"help", []string{"f1"}}, {"resident", []string{"esc", "f2"}}} {
		h.press(where.keys...)
		for _, size := range [][2]int{{120, 40}, {60, 16}, {40, 10}, {20, 6}, {80, 24}} {
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := strings.Split(h.frame(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%s at %v: %d lines", where.name, size, len(lines))
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > size[0] {
					t.Errorf("%s at %v: line too wide: %q", where.name, size, l)
				}
			}
		}
	}
}

// TestQuitAfterFailedSaveAsks: when a save failed, the screen says why in
// plain words; ctrl+c asks first, naming what would be lost, and only j
// quits (issue 9.4). Once a save succeeds again, ctrl+c quits at once.
func TestQuitAfterFailedSaveAsks(t *testing.T) {
	st := sample()
	h := unlocked(t, st, Options{LockAfter: -1})
	h.press("enter", "pgdown") // Jan's own words
	st.Mu.Lock()
	st.SaveFails = 1 // the disk is full (ENOSPC)
	st.Mu.Unlock()
	h.typeText("!")
	f := screentest.Joined(h.frame())
	if !strings.Contains(f, "Niet bewaard! De schijf is vol") {
		t.Fatalf("the failed save is not said:\n%s", h.frame())
	}
	for _, k := range []string{"n", "y", "enter", "esc"} {
		h.press("ctrl+c")
		f := screentest.Joined(h.frame())
		if !strings.Contains(f, "Als u nu stopt, gaat dit verloren: De schijf is vol") || !strings.Contains(f, "Toch stoppen?") {
			t.Fatalf("ctrl+c did not ask, naming what is lost:\n%s", h.frame())
		}
		h.press(k)
		if h.quit || !st.Unlocked() {
			t.Fatalf("%q quit", k)
		}
		if strings.Contains(h.frame(), "Toch stoppen?") {
			t.Fatalf("the question stays after %q", k)
		}
	}
	h.press("ctrl+c", "j")
	if !h.quit || st.Unlocked() {
		t.Fatalf("j did not quit and lock (quit %v)", h.quit)
	}

	// The next change is saved: nothing is lost, ctrl+c quits at once.
	st = sample()
	h = unlocked(t, st, Options{LockAfter: -1})
	h.press("enter", "pgdown")
	st.Mu.Lock()
	st.SaveFails = 1
	st.Mu.Unlock()
	h.typeText("!!")
	h.press("ctrl+c")
	if !h.quit {
		t.Fatalf("ctrl+c asked although everything is saved:\n%s", h.frame())
	}
	if in, _ := st.IntakeByID(jansOne); in.OwnWords != jansWords+"!!" {
		t.Fatalf("saved %q", in.OwnWords)
	}
}

// storeOf is a typing place's store: sample unless it has its own.
func storeOf(f func() *sessiontest.Fake) *sessiontest.Fake {
	if f == nil {
		return sample()
	}
	return f()
}
