package app

import (
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/screens/auth"
	"github.com/spreekuur/spreekuur/tui/screens/intakes"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// TestAutoLockAfterIdle: after five idle minutes the app locks: the keys
// are wiped, the conversation on screen is dropped from memory, the
// screen shows nothing of it; unlocking comes back to the same place.
func TestAutoLockAfterIdle(t *testing.T) {
	st := sample()
	h := unlocked(t, st, Options{})
	h.press("enter") // Jan's draft, the first row
	if _, ok := h.a.cur.(*intakes.Screen); !ok {
		t.Fatalf("enter opened %T", h.a.cur)
	}
	h.press("f4") // its notes
	if !strings.Contains(h.frame(), jansNote) {
		t.Fatalf("notes not shown:\n%s", h.frame())
	}
	h.advance(4 * time.Minute)
	if h.a.isLocked || !st.Unlocked() {
		t.Fatal("locked after 4 idle minutes")
	}
	h.advance(time.Minute)
	if !h.a.isLocked || st.Unlocked() {
		t.Fatal("not locked after 5 idle minutes")
	}
	if v := h.a.beforeLock.View(); strings.Contains(v, "GEHEIME") || strings.Contains(v, "beslag") {
		t.Fatalf("the conversation is kept in memory while locked:\n%s", v)
	}
	f := h.frame()
	for _, secret := range []string{"GEHEIME", "Jan de Vries", "brieven"} {
		if strings.Contains(f, secret) {
			t.Fatalf("locked screen shows %q:\n%s", secret, f)
		}
	}
	if !strings.Contains(f, "op slot gegaan") {
		t.Fatalf("the lock is not said:\n%s", f)
	}
	h.typeText(screentest.Pass)
	h.press("enter")
	if _, ok := h.a.cur.(*intakes.Screen); !ok || !strings.Contains(h.frame(), jansNote) {
		t.Fatalf("not back in the notes after unlocking (%T):\n%s", h.a.cur, h.frame())
	}
}

// TestActivityPostponesLock: a key resets the idle time.
func TestActivityPostponesLock(t *testing.T) {
	h := unlocked(t, sample(), Options{LockAfter: 2 * time.Minute})
	h.advance(90 * time.Second)
	h.press("down")
	h.advance(90 * time.Second)
	if h.a.isLocked {
		t.Fatal("locked although a key was pressed 90 s ago")
	}
	h.advance(30 * time.Second)
	if !h.a.isLocked {
		t.Fatal("not locked 2 minutes after the last key")
	}
}

// TestNeverLock: LockAfter < 0 sets no idle timer at all.
func TestNeverLock(t *testing.T) {
	h := unlocked(t, sample(), Options{LockAfter: -1})
	h.advance(24 * time.Hour)
	if h.a.isLocked || h.clock.Timers() != 0 {
		t.Fatalf("locked (%v) or an idle timer set (%d) with LockAfter < 0", h.a.isLocked, h.clock.Timers())
	}
	h.press("ctrl+l")
	if !h.a.isLocked {
		t.Fatal("ctrl+l does not lock with LockAfter < 0")
	}
}

// TestOtherUserUnlockGoesHome: who unlocks after someone else starts at
// home, never inside the other user's conversation.
func TestOtherUserUnlockGoesHome(t *testing.T) {
	st := sample()
	st.AddUser("bram", "another long passphrase", store.RoleSupporter)
	h := unlocked(t, st, Options{LockAfter: -1})
	h.press("enter", "f4")
	h.press("ctrl+l")
	if !h.a.isLocked {
		t.Fatal("ctrl+l did not lock")
	}
	h.press("shift+tab", "ctrl+u") // the name field, emptied
	h.typeText("bram")
	h.press("tab")
	h.typeText("another long passphrase")
	h.press("enter")
	if st.Unlocked() && !h.onHome() {
		t.Fatalf("bram landed on %T, want home:\n%s", h.a.cur, h.frame())
	}
	if !st.Unlocked() || h.a.ctx.S.User() != "bram" {
		t.Fatalf("bram did not unlock:\n%s", h.frame())
	}
	if strings.Contains(h.frame(), jansNote) {
		t.Fatal("anna's notes are on bram's screen")
	}
}

// TestNoLockDuringFirstRun: nothing to lock before the vault exists.
func TestNoLockDuringFirstRun(t *testing.T) {
	h := newApp(t, nil, Options{Create: func(string, []byte) (*session.Pending, error) { return nil, session.ErrVaultExists }})
	h.press("ctrl+l")
	h.advance(time.Hour)
	if h.a.isLocked {
		t.Fatal("locked on the first-run screen")
	}
	if _, ok := h.a.cur.(*auth.FirstRun); !ok {
		t.Fatalf("first run left for %T", h.a.cur)
	}
}

// TestWrongPassphraseSlowsDown: after a wrong passphrase the next try
// waits (auth.UnlockDelay: 1 s, 2 s, …) on the app's clock; a try in the
// wait is not made at all.
func TestWrongPassphraseSlowsDown(t *testing.T) {
	st := sample()
	h := newApp(t, st, Options{})
	try := func() {
		h.typeText("nope nope nope")
		h.press("enter")
	}
	try()
	if st.Unlocks != 1 || !strings.Contains(h.frame(), "klopt niet") {
		t.Fatalf("first wrong try: %d unlocks\n%s", st.Unlocks, h.frame())
	}
	h.press("ctrl+u")
	try() // within the wait: not even tried
	if st.Unlocks != 1 {
		t.Fatalf("a try was made during the wait (%d unlocks)", st.Unlocks)
	}
	if !strings.Contains(h.frame(), "nog 1 sec") {
		t.Fatalf("the wait is not shown:\n%s", h.frame())
	}
	h.advance(time.Second)
	if strings.Contains(h.frame(), "sec.") {
		t.Fatalf("the wait is still shown after it ended:\n%s", h.frame())
	}
	h.press("ctrl+u")
	try()
	if st.Unlocks != 2 || !strings.Contains(h.frame(), "nog 2 sec") {
		t.Fatalf("second failure: %d unlocks\n%s", st.Unlocks, h.frame())
	}
	h.advance(2 * time.Second)
	h.press("ctrl+u")
	h.typeText(screentest.Pass)
	h.press("enter")
	if !h.onHome() || h.a.ctx.UnlockFailures != 0 {
		t.Fatalf("the right passphrase after the wait did not open (%d failures):\n%s", h.a.ctx.UnlockFailures, h.frame())
	}
}

// TestUnlockDelay: none after the first wrong try, then doubling, capped.
func TestUnlockDelay(t *testing.T) {
	want := []time.Duration{0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second,
		16 * time.Second, 32 * time.Second, time.Minute, time.Minute, time.Minute}
	for n, w := range want {
		if got := auth.UnlockDelay(n); got != w {
			t.Errorf("UnlockDelay(%d) = %v, want %v", n, got, w)
		}
	}
	if auth.UnlockDelay(1000) != auth.MaxUnlockDelay {
		t.Error("no cap")
	}
}
