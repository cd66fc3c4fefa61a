package intakes

import (
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// TestNotesStampedWithAuthorAndRole: a note is saved as it is typed,
// stamped with its author, role and time; the pane says notes are shared
// with everyone who may open the conversation (issue 9.5); a kompaan's
// note is labelled kompaan, never client supporter; only its author can
// change a note; the resident view never shows one.
func TestNotesStampedWithAuthorAndRole(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	focus(t, s, "Kompaan erbij")
	screentest.Press(t, s, "space")
	focus(t, s, "Welke kompaan")
	screentest.Press(t, s, "right")
	id := s.ed.ID()
	screentest.Press(t, s, "f4")
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "Notities zijn te zien voor iedereen die dit gesprek mag openen") ||
		strings.Contains(f, "alleen voor u") {
		t.Fatalf("the notes pane does not say notes are shared:\n%s", screentest.Plain(s))
	}
	focus(t, s, "Notitie")
	screentest.TypeText(t, s, "Mogelijk beslag")
	if got := saved(t, st, id); len(got.Notes) != 1 || got.Notes[0].Text != "Mogelijk beslag" ||
		got.Notes[0].Author != "anna" || got.Notes[0].Role != intake.RoleSupporter || !got.Notes[0].At.Equal(day0) {
		t.Fatalf("a note being typed is not saved and stamped: %+v", got.Notes)
	}
	if rc, _ := s.ResidentView(); strings.Contains(rc.Clarified+strings.Join(rc.Agreements, "")+strings.Join(rc.Deadlines, ""), "beslag") {
		t.Fatalf("the resident view shows a note: %+v", rc)
	}

	// Karim, the kompaan who was there, opens it: anna's note is hers.
	k := open(t, st, karim, id)
	screentest.Press(t, k, "f4")
	if f := screentest.Plain(k); !strings.Contains(f, "anna (cliëntondersteuner)") || !strings.Contains(f, "Mogelijk beslag") {
		t.Fatalf("karim does not see anna's note with her name and role:\n%s", f)
	}
	focus(t, k, "Notitie")
	screentest.TypeText(t, k, "x")
	if got := saved(t, st, id); got.Notes[0].Text != "Mogelijk beslag" {
		t.Fatalf("karim changed anna's note: %q", got.Notes[0].Text)
	}
	if f := screentest.Joined(screentest.Plain(k)); !strings.Contains(f, "Deze notitie is van anna. Alleen die kan hem veranderen.") {
		t.Fatalf("no word why the note cannot be changed:\n%s", screentest.Plain(k))
	}
	focus(t, k, "Notities")
	screentest.Press(t, k, "right") // a new note
	focus(t, k, "Notitie")
	screentest.TypeText(t, k, "Bewoner wil zelf bellen")
	got := saved(t, st, id)
	if len(got.Notes) != 2 || got.Notes[1].Author != karim || got.Notes[1].Role != intake.RoleKompaan || got.Notes[1].Text != "Bewoner wil zelf bellen" {
		t.Fatalf("karim's note: %+v", got.Notes)
	}
	if f := screentest.Plain(k); !strings.Contains(f, "karim (kompaan)") || strings.Contains(f, "karim (cliëntondersteuner)") {
		t.Fatalf("karim's note is not labelled with his name and role:\n%s", f)
	}
	screentest.Press(t, k, "f4")
	if strings.Contains(screentest.Plain(k), "bellen") || !strings.Contains(k.Title(), "1/7") {
		t.Fatalf("F4 did not close the notes:\n%s", screentest.Plain(k))
	}
}

// TestKompaanUntickingThemselvesIsWarned: a kompaan who unticks "Kompaan
// erbij" (or chooses another kompaan) on a conversation they are in only
// as the chosen kompaan is told it then disappears from their list; only
// j does it (issue 9.5).
func TestKompaanUntickingThemselvesIsWarned(t *testing.T) {
	st := fake()
	s, err := New(context(t, st, karim, "nl"), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	if p := s.ed.Draft().Intake.Presence; !p.Kompaan || p.KompaanName != karim || p.Supporter != "" {
		t.Fatalf("a kompaan's new conversation: presence %+v", p)
	}
	screentest.Press(t, s, "right") // a place: the conversation is saved
	id := s.ed.ID()
	for _, k := range []string{"n", "enter", "esc"} {
		focus(t, s, "Kompaan erbij")
		screentest.Press(t, s, "space")
		if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "U staat dan niet meer bij dit gesprek. Daarna kunt u het niet meer openen. Weet u het zeker?") {
			t.Fatalf("no warning:\n%s", screentest.Plain(s))
		}
		screentest.Press(t, s, k)
		if got := saved(t, st, id); !got.Presence.Kompaan || got.Presence.KompaanName != karim {
			t.Fatalf("%q took karim off: %+v", k, got.Presence)
		}
	}
	focus(t, s, "Kompaan erbij")
	screentest.Press(t, s, "space", "j")
	if got := saved(t, st, id); got.Presence.Kompaan || got.Presence.KompaanName != "" {
		t.Fatalf("j did not take karim off: %+v", got.Presence)
	}
}
