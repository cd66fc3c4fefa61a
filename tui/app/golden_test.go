package app

import (
	"strings"
	"testing"
	"unicode"

	"github.com/spreekuur/spreekuur/tui/screens/auth"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

func TestTextsComplete(t *testing.T) {
	if m := texts.Missing(); len(m) > 0 {
		t.Errorf("texts in one language only: %v", m)
	}
}

// homeCells are the cells of home's table cut to their column.
var homeCells = []string{"Opvang voor dak-…", "Buurthuis of wij…"}

// mask hides the recovery code (random in every run) behind # of the same
// shape, so its screen can be a golden file.
func mask(frame, code string) string {
	m := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return '#'
		}
		return r
	}, code)
	return strings.ReplaceAll(frame, code, m)
}

// TestGoldenFirstRun: the first run at 80×24 on a real vault: the form
// with a weak passphrase, two that differ, the recovery code (masked: it
// is random), a wrong code typed back, and the new vault's home.
func TestGoldenFirstRun(t *testing.T) {
	r := newRealVault(t)
	h := newApp(t, nil, r.options())
	r.now = h.clock.Now
	h.typeText("anna")
	h.press("enter")
	h.typeText("fiets regen")
	t.Run("details", func(t *testing.T) {
		if !strings.Contains(h.frame(), "zwak") {
			t.Error("no strength hint")
		}
		screentest.RequireGolden(t, h.frame())
	})
	h.typeText(" koffie")
	h.press("enter")
	h.typeText("fiets regen koffi")
	h.press("enter")
	t.Run("mismatch", func(t *testing.T) {
		if !strings.Contains(screentest.Joined(h.frame()), "niet gelijk") {
			t.Error("no word that the passphrases differ")
		}
		screentest.RequireGolden(t, h.frame())
	})
	h.typeText("e")
	h.press("enter")
	t.Run("recovery", func(t *testing.T) {
		if r.code == "" || strings.Count(h.frame(), r.code) != 1 {
			t.Fatalf("the code is not on screen once:\n%s", h.frame())
		}
		screentest.RequireGolden(t, mask(h.frame(), r.code))
	})
	h.typeText("K7QM-2XHP")
	h.press("enter")
	t.Run("wrong code", func(t *testing.T) { screentest.RequireGolden(t, mask(h.frame(), r.code)) })
	h.typeText(r.code)
	h.press("enter")
	t.Run("home", func(t *testing.T) { screentest.RequireGolden(t, h.frame()) })
}

// TestGoldenUnlock: the unlock screen, after a wrong passphrase, and after
// the app locked itself.
func TestGoldenUnlock(t *testing.T) {
	h := newApp(t, sample(), Options{})
	t.Run("start", func(t *testing.T) { screentest.RequireGolden(t, h.frame()) })
	h.typeText("wrong one")
	h.press("enter")
	t.Run("wrong", func(t *testing.T) { screentest.RequireGolden(t, h.frame()) })
	h.advance(auth.UnlockDelay(1))
	h.typeText(screentest.Pass)
	h.press("enter")
	h.press("enter") // Jan's conversation
	h.advance(DefaultLockAfter)
	t.Run("after lock", func(t *testing.T) {
		f := h.frame()
		for _, secret := range []string{"GEHEIME", "Jan de Vries", "brieven"} {
			if strings.Contains(f, secret) {
				t.Fatalf("locked screen shows %q", secret)
			}
		}
		screentest.RequireGolden(t, f)
	})
}

// TestGoldenHome: the list with short IDs, filtered (also by a short ID),
// the help page, the resident view on home.
func TestGoldenHome(t *testing.T) {
	h := unlocked(t, sample(), Options{})
	t.Run("list", func(t *testing.T) {
		f := h.frame()
		for _, id := range []string{jansOne, fatimas, piets, marieke} {
			if !strings.Contains(f, id[:8]+" ") || strings.Contains(f, id[:9]) {
				t.Errorf("row of %s not shown with its short ID %s", id, id[:8])
			}
		}
		if strings.Contains(f, "\x1b") || strings.Contains(f, "pwned\a") {
			t.Error("a hostile name reaches the terminal")
		}
		screentest.RequireGolden(t, f, homeCells...)
	})
	h.typeText("ozd")
	t.Run("filter", func(t *testing.T) { screentest.RequireGolden(t, h.frame(), homeCells...) })
	h.press("esc")
	h.typeText(fatimas[:6])
	t.Run("short id", func(t *testing.T) {
		if !strings.Contains(h.frame(), "1 van 4") || !strings.Contains(h.frame(), "Fatima") {
			t.Fatalf("the filter does not find a short ID:\n%s", h.frame())
		}
	})
	h.press("esc", "f1")
	t.Run("help", func(t *testing.T) { screentest.RequireGolden(t, h.frame()) })
	h.press("pgdown")
	t.Run("help scrolled", func(t *testing.T) {
		if !strings.Contains(h.frame(), "ctrl+c       stoppen") {
			t.Fatalf("pgdown does not show the end of the help:\n%s", h.frame())
		}
		screentest.RequireGolden(t, h.frame())
	})
	h.press("esc", "f2")
	t.Run("resident", func(t *testing.T) {
		if strings.Contains(h.frame(), "Jan") {
			t.Fatal("the resident view shows the list")
		}
		screentest.RequireGolden(t, h.frame())
	})
}

// TestGoldenResidentView: what the resident reads of Jan's conversation.
func TestGoldenResidentView(t *testing.T) {
	h := unlocked(t, sample(), Options{})
	h.press("enter", "f2")
	screentest.RequireGolden(t, h.frame())
}

// TestGoldenEnglish: home in English.
func TestGoldenEnglish(t *testing.T) {
	h := newApp(t, sample(), Options{Lang: "en"})
	h.typeText(screentest.Pass)
	h.press("enter")
	screentest.RequireGolden(t, h.frame(), "Homeless shelter", "Community centr…")
}
