package app

import (
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/intakes"
	"github.com/spreekuur/spreekuur/tui/screens/stats"
)

// TestKompaan: a kompaan's home lists only the conversations they took
// part in; another one asked for by its ID is refused with nothing of it
// on screen; the help page states the rule; a new conversation names
// them as the kompaan who was there (ported from the old tui/kompaan_test.go).
func TestKompaan(t *testing.T) {
	st := sample()
	st.AddUser("karim", "karims passphrase", store.RoleKompaan)
	st.Records[1].Presence = intake.Presence{Supporter: "anna", Kompaan: true, KompaanName: "karim"} // Fatima's
	h := newApp(t, st, Options{User: "karim", LockAfter: -1})
	h.typeText("karims passphrase")
	h.press("enter")
	f := h.frame()
	if !h.onHome() || !strings.Contains(f, "Fatima Özdemir") || strings.Contains(f, "Jan de Vries") || strings.Contains(f, "Marieke") ||
		len(h.a.home.Rows()) != 1 {
		t.Fatalf("karim's home:\n%s", f)
	}
	h.send(common.OpenIntakeMsg{ID: jansOne})
	if f := strings.Join(strings.Fields(h.frame()), " "); !strings.Contains(f, "U was niet bij dit gesprek") || strings.Contains(f, "brieven") {
		t.Fatalf("another's conversation is not refused:\n%s", h.frame())
	}
	h.press("esc", "f1")
	if f := strings.Join(strings.Fields(h.frame()), " "); !strings.Contains(f, "Als kompaan ziet u alleen de gesprekken waar u bij was") {
		t.Fatalf("the help does not state the kompaan rule:\n%s", h.frame())
	}
	h.press("esc", "ctrl+n")
	if _, ok := h.a.cur.(*intakes.Screen); !ok || !strings.Contains(h.frame(), "Welke kompaan         karim") {
		t.Fatalf("ctrl+n: %T\n%s", h.a.cur, h.frame())
	}
}

// TestCoordinatorLandsOnFigures: a coordinator, who holds no notes key,
// lands on the statistics after unlocking (or at once, unlocked
// beforehand) and nothing reads a resident or a conversation.
func TestCoordinatorLandsOnFigures(t *testing.T) {
	for _, before := range []bool{false, true} {
		st := sample()
		st.AddUser("carla", "stille kracht lamp", store.RoleCoordinator)
		st.Report = &statistics.Report{From: "2026-01", To: "2026-03", Threshold: 10, MinN: 10}
		st.NotesRead = func(what string) { t.Errorf("the coordinator's app read %s", what) }
		var h *harness
		if before {
			o := Options{LockAfter: -1}
			o.Session = newSessionUnlocked(t, st, "carla", "stille kracht lamp")
			h = newApp(t, st, o)
		} else {
			h = newApp(t, st, Options{User: "carla", LockAfter: -1})
			h.typeText("stille kracht lamp")
			h.press("enter")
		}
		if _, ok := h.a.cur.(*stats.Screen); !ok {
			t.Fatalf("unlocked beforehand %v: the coordinator is on %T:\n%s", before, h.a.cur, h.frame())
		}
		h.press("f2", "ctrl+n", "ctrl+o")
		if _, ok := h.a.cur.(*stats.Screen); !ok || h.a.resident {
			t.Fatalf("a coordinator left the figures for %T (resident view %v)", h.a.cur, h.a.resident)
		}
	}
}
