package tui

import (
	"strings"
	"testing"
)

// send presses keys by name (see flowKey) in the running program.
func (s *session) send(keys ...string) {
	for _, k := range keys {
		s.tm.Send(flowKey(k))
	}
}

// TestGoldenIntakeFlow walks through every step of a new intake at 80×24
// and compares each screen with its golden file.
func TestGoldenIntakeFlow(t *testing.T) {
	s := unlocked(t, Options{})
	s.waitFor("Marieke")
	s.key("ctrl+n")
	s.waitFor("1/7")
	s.send("right", "tab", "tab", "tab", "tab", "tab", "space", "tab", "tab", "tab", "tab")
	s.typeText("M.B.")
	t.Run("start", func(t *testing.T) { requireGolden(t, s.waitFor("M.B.")) })

	s.send("pgdown")
	s.typeText("Ik krijg brieven die ik niet snap.")
	t.Run("question", func(t *testing.T) { requireGolden(t, s.waitFor("niet snap.")) })

	s.send("pgdown", "3", "down", "5", "down", "1")
	t.Run("scan", func(t *testing.T) { requireGolden(t, s.waitFor("Gaat goed")) })

	s.send("pgdown")
	s.typeText("Veel rekeningen")
	s.send("tab", "tab", "tab", "tab", "tab", "tab", "right", "left", "tab", "tab")
	s.typeText("02-03-2026")
	t.Run("clarify", func(t *testing.T) { requireGolden(t, s.waitFor("maandag 2 maart")) })

	s.send("pgdown")
	s.typeText("Mijn vraag is: wie helpt mij met mijn post?")
	t.Run("clarified", func(t *testing.T) { requireGolden(t, s.waitFor("post?  ")) })

	s.send("pgdown")
	s.typeText("belt de schuldhulp")
	s.send("tab", "right", "tab")
	s.typeText("20-03-2026")
	t.Run("agreements", func(t *testing.T) { requireGolden(t, s.waitFor("vrijdag 20 maart")) })
	for range 10 {
		s.send("tab")
	}
	t.Run("deadlines", func(t *testing.T) { requireGolden(t, s.waitFor("Awb")) })

	s.send("pgdown", "right", "right", "right", "right", "tab", "right")
	t.Run("closure", func(t *testing.T) { requireGolden(t, s.waitFor("‹ Ja ›")) })

	s.send("f4")
	s.typeText("Mogelijk beslag op loon")
	s.send("enter")
	t.Run("notes", func(t *testing.T) { requireGolden(t, s.waitFor("anna · Cliënt")) })

	s.key("f2")
	t.Run("resident", func(t *testing.T) {
		f := s.waitFor("wie helpt mij")
		if strings.Contains(f, "beslag") {
			t.Fatal("resident view shows a note")
		}
		requireGolden(t, f)
	})
}

func TestGoldenIntakeFollowUp(t *testing.T) {
	s := unlocked(t, Options{})
	s.waitFor("Marieke")
	s.key("ctrl+f") // on Jan's draft, the first row
	s.waitFor("vervolgcontact")
	s.send("right")
	t.Run("form", func(t *testing.T) { requireGolden(t, s.waitFor("Telefoon")) })
}

func TestGoldenIntakeEnglishScan(t *testing.T) {
	s := start(t, Options{Vault: sampleVault(), Lang: "en"})
	s.waitFor("Passphrase")
	s.typeText("correct horse battery")
	s.key("enter")
	s.waitFor("Marieke")
	s.key("ctrl+n")
	s.waitFor("1/7")
	s.send("pgdown", "pgdown", "2", "down", "4")
	requireGolden(t, s.waitFor("Not going well"))
}
