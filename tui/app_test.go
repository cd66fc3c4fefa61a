package tui

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func keyMsg(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "f2":
		return tea.KeyPressMsg{Code: tea.KeyF2}
	}
	if strings.HasPrefix(s, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(s[5]), Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// run feeds msg to the app and runs the commands it returns (one level
// deep, synchronously), the way the program would, minus timers.
func run(a *App, msg tea.Msg) {
	_, cmd := a.Update(msg)
	drain(a, cmd, 0)
}

func drain(a *App, cmd tea.Cmd, depth int) {
	if cmd == nil || depth > 5 {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var m tea.Msg
	select {
	case m = <-done:
	case <-time.After(50 * time.Millisecond):
		return // a timer: not run in unit tests
	}
	switch m := m.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			drain(a, c, depth+1)
		}
	case idleCheckMsg, unlockTickMsg:
	default:
		if _, isKey := m.(tea.KeyPressMsg); isKey {
			return
		}
		_, c := a.Update(m)
		drain(a, c, depth+1)
	}
}

func unlockedApp(t *testing.T, v *fakeVault, c *clock, lockAfter time.Duration) *App {
	t.Helper()
	a := New(Options{Vault: v, Now: c.now, LockAfter: lockAfter, User: "anna"})
	for _, r := range "correct horse battery" {
		run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	run(a, keyMsg("enter"))
	if _, ok := a.cur.(*homeScreen); !ok || !v.Unlocked() {
		t.Fatalf("not on home after unlocking: %T", a.cur)
	}
	return a
}

func TestAutoLockAfterIdle(t *testing.T) {
	c := &clock{day0}
	v := sampleVault()
	a := unlockedApp(t, v, c, 0)
	run(a, keyMsg("enter")) // open Jan's intake
	if _, ok := a.cur.(*intakeScreen); !ok {
		t.Fatalf("on %T", a.cur)
	}
	run(a, tea.KeyPressMsg{Code: tea.KeyF4}) // its notes
	c.t = c.t.Add(4 * time.Minute)
	run(a, idleCheckMsg{})
	if a.isLocked {
		t.Fatal("locked after 4 minutes")
	}
	c.t = c.t.Add(time.Minute)
	run(a, idleCheckMsg{})
	if !a.isLocked || v.Unlocked() {
		t.Fatal("not locked after 5 idle minutes")
	}
	if is := a.beforeLock.(*intakeScreen); is.c.in.ClarifiedQuestion != "" || len(is.c.in.Notes) > 0 {
		t.Fatal("intake kept in memory while locked")
	}
	if f := a.render(); strings.Contains(f, "GEHEIME") || strings.Contains(f, "Jan de Vries") {
		t.Fatalf("locked frame shows intake:\n%s", f)
	}
	for _, r := range "correct horse battery" {
		run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	run(a, keyMsg("enter"))
	if _, ok := a.cur.(*intakeScreen); !ok {
		t.Fatalf("after unlock on %T, want the intake again", a.cur)
	}
	if !strings.Contains(a.render(), "GEHEIME") {
		t.Fatal("intake not read again after unlocking")
	}
}

func TestActivityPostponesLock(t *testing.T) {
	c := &clock{day0}
	a := unlockedApp(t, sampleVault(), c, 2*time.Minute)
	c.t = c.t.Add(90 * time.Second)
	run(a, keyMsg("down"))
	c.t = c.t.Add(90 * time.Second)
	run(a, idleCheckMsg{})
	if a.isLocked {
		t.Fatal("locked although a key was pressed 90 s ago")
	}
}

func TestNeverLock(t *testing.T) {
	c := &clock{day0}
	a := unlockedApp(t, sampleVault(), c, -1)
	c.t = c.t.Add(24 * time.Hour)
	run(a, idleCheckMsg{})
	if a.isLocked {
		t.Fatal("locked with LockAfter < 0")
	}
}

func TestOtherUserUnlockGoesHome(t *testing.T) {
	c := &clock{day0}
	v := sampleVault()
	v.users["bram"] = "another long passphrase"
	a := unlockedApp(t, v, c, 0)
	run(a, keyMsg("enter"))
	run(a, keyMsg("ctrl+l"))
	if !a.isLocked {
		t.Fatal("ctrl+l did not lock")
	}
	u := a.cur.(*unlockScreen)
	u.user.SetValue("bram")
	for _, r := range "another long passphrase" {
		run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	run(a, keyMsg("enter"))
	if _, ok := a.cur.(*homeScreen); !ok {
		t.Fatalf("another user landed on %T, want home", a.cur)
	}
}

func TestNoLockDuringFirstRun(t *testing.T) {
	a := New(Options{Create: func(string, []byte) (Vault, []byte, error) { return nil, nil, nil }})
	run(a, keyMsg("ctrl+l"))
	run(a, idleCheckMsg{})
	if a.isLocked {
		t.Fatal("locked on the first-run screen")
	}
}

func TestWrongPassphraseSlowsDown(t *testing.T) {
	c := &clock{day0}
	v := sampleVault()
	a := New(Options{Vault: v, Now: c.now})
	try := func() {
		for _, r := range "nope nope nope" {
			run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		run(a, keyMsg("enter"))
	}
	try()
	if v.unlocks != 1 || !strings.Contains(a.render(), "klopt niet") {
		t.Fatalf("first wrong attempt: %d unlocks\n%s", v.unlocks, a.render())
	}
	try() // within the wait: not even tried
	if v.unlocks != 1 {
		t.Fatalf("attempt made during the wait")
	}
	if !strings.Contains(a.render(), "nog 1 sec") {
		t.Fatalf("wait not shown:\n%s", a.render())
	}
	c.t = c.t.Add(time.Second)
	try()
	if v.unlocks != 2 || !strings.Contains(a.render(), "nog 2 sec") {
		t.Fatalf("second failure: %d unlocks\n%s", v.unlocks, a.render())
	}
}

func TestUnlockDelay(t *testing.T) {
	want := []time.Duration{0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second,
		16 * time.Second, 32 * time.Second, time.Minute, time.Minute, time.Minute}
	for n, w := range want {
		if got := unlockDelay(n); got != w {
			t.Errorf("unlockDelay(%d) = %v, want %v", n, got, w)
		}
	}
	if unlockDelay(1000) != maxUnlockDelay {
		t.Error("no cap")
	}
}

func TestPassphraseStrength(t *testing.T) {
	tests := []struct {
		p    string
		want strength
	}{
		{"", strengthNone},
		{"kort", strengthWeak},
		{"twaalftekens", strengthFair},
		{"fiets regen koffie", strengthStrong},
		{"eenheellangwoordzonderspaties", strengthStrong},
	}
	for _, tt := range tests {
		if got := passphraseStrength(tt.p); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestNormaliseCode(t *testing.T) {
	if normaliseCode("k7qm 2xhp-9rta") != normaliseCode("K7QM-2XHP-9RTA") {
		t.Fatal("codes differ only in case and separators")
	}
}

func TestHomeKeysRoute(t *testing.T) {
	e := &env{tx: textsNL, th: newTheme(true, false, false), vault: sampleVault(), now: func() time.Time { return day0 },
		cat: intake.DefaultCatalogue(), lang: "nl"}
	_ = e.vault.Unlock("anna", []byte("correct horse battery"))
	h := newHome(e)
	h.update(h.reload()())
	msgOf := func(k string) tea.Msg {
		cmd := h.update(keyMsg(k))
		if cmd == nil {
			return nil
		}
		return cmd()
	}
	if m, ok := msgOf("enter").(openIntakeMsg); !ok || m.ID != "i1" {
		t.Fatalf("enter: %#v", m)
	}
	if m, ok := msgOf("ctrl+f").(followUpMsg); !ok || m.IntakeID != "i1" {
		t.Fatalf("ctrl+f: %#v", m)
	}
	if m, ok := msgOf("ctrl+n").(newIntakeMsg); !ok || m.ResidentID != "" {
		t.Fatalf("ctrl+n: %#v", m)
	}
	for _, k := range []string{"m", "a", "r", "i"} { // letters filter, never act
		if m := msgOf(k); m != nil {
			t.Fatalf("%q gave %#v", k, m)
		}
	}
	if m, ok := msgOf("enter").(newIntakeMsg); !ok || m.ResidentID != "r4" {
		t.Fatalf("enter on a resident without intake: %#v", m)
	}
}

// TestFilterNarrowingMatchesFullScan: the incremental filter gives the same
// rows as filtering from scratch.
func TestFilterNarrowingMatchesFullScan(t *testing.T) {
	e := &env{tx: textsNL, th: newTheme(true, false, false), now: time.Now, cat: intake.DefaultCatalogue(), lang: "nl"}
	rows := buildHomeRows(bigVault(2000).residents, headersOf(bigVault(2000).intakes), e)
	inc := &homeScreen{e: e, rows: rows, query: "\x00"}
	inc.applyFilter()
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aeijnorsvd öz1 ")
	for i := 0; i < 300; i++ {
		if len(inc.filter) > 0 && rng.IntN(3) == 0 {
			inc.filter = inc.filter[:len(inc.filter)-1]
		} else {
			inc.filter = append(inc.filter, alphabet[rng.IntN(len(alphabet))])
		}
		inc.applyFilter()
		full := &homeScreen{e: e, rows: rows, query: "\x00", filter: slices.Clone(inc.filter)}
		full.applyFilter()
		if !slices.Equal(inc.matches, full.matches) {
			t.Fatalf("filter %q: incremental %d rows, full %d", string(inc.filter), len(inc.matches), len(full.matches))
		}
	}
}

func TestHighContrastToggle(t *testing.T) {
	a := New(Options{Vault: sampleVault()})
	run(a, keyMsg("ctrl+t"))
	if !a.env.th.highContrast {
		t.Fatal("ctrl+t did not switch to high contrast")
	}
}

func TestWindowTitleAndAltScreen(t *testing.T) {
	a := unlockedApp(t, sampleVault(), &clock{day0}, 0)
	v := a.View()
	if !v.AltScreen || v.WindowTitle != "spreekuur" {
		t.Fatalf("view: alt %v title %q", v.AltScreen, v.WindowTitle)
	}
	if a.Init() == nil {
		t.Fatal("Init returns no command")
	}
}

// TestLockClearsHomeFilter: the filter may be part of a resident's name;
// a lock forgets it, so whoever unlocks next does not see it.
func TestLockClearsHomeFilter(t *testing.T) {
	v := sampleVault()
	a := unlockedApp(t, v, &clock{day0}, -1)
	for _, r := range "fatim" {
		run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if !strings.Contains(a.render(), "fatim") {
		t.Fatal("filter not on screen before the lock")
	}
	run(a, keyMsg("ctrl+l"))
	if !a.isLocked {
		t.Fatal("ctrl+l did not lock")
	}
	if len(a.home.filter) > 0 || a.home.query != "" {
		t.Fatalf("home keeps the filter %q while locked", string(a.home.filter))
	}
	for _, r := range "correct horse battery" {
		run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	run(a, keyMsg("enter"))
	f := a.render()
	if strings.Contains(f, "fatim") {
		t.Fatalf("filter back after unlocking:\n%s", f)
	}
	if !strings.Contains(f, "Jan de Vries") {
		t.Fatalf("home not listing everyone after unlocking:\n%s", f)
	}
}
