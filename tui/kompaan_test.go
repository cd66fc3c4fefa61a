package tui

import (
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
)

// kompaanApp: sampleVault with kompaan "kees", who was present at i1 and
// wrote a note in i2; i3 and resident r4 are not his.
func kompaanApp(t *testing.T) (*App, *fakeVault) {
	t.Helper()
	v := sampleVault()
	v.users["kees"] = "kompaan wachtwoord"
	v.kompaans = map[string]bool{"kees": true}
	v.intakes[0].Presence = intake.Presence{Supporter: "anna", Kompaan: true, KompaanName: " Kees "}
	v.intakes[1].Notes = []intake.Note{{Author: "KEES", Role: intake.RoleKompaan, At: day0, Text: "meegedacht"}}
	v.intakes[2].Presence = intake.Presence{Supporter: "anna", Kompaan: true, KompaanName: "Karin"}
	a := New(Options{Vault: v, Now: (&clock{day0}).now, LockAfter: -1, User: "kees"})
	typeIn(a, "kompaan wachtwoord")
	run(a, keyMsg("enter"))
	if _, ok := a.cur.(*homeScreen); !ok || v.Role() != "kompaan" {
		t.Fatalf("not on home as a kompaan: %T", a.cur)
	}
	return a, v
}

func TestKompaanSeesOnlyOwnIntakes(t *testing.T) {
	a, _ := kompaanApp(t)
	f := plain(a)
	for _, want := range []string{"Jan de Vries", "Fatima Özdemir"} {
		if !strings.Contains(f, want) {
			t.Errorf("home lacks %q:\n%s", want, f)
		}
	}
	for _, never := range []string{"Piet", "Marieke"} {
		if strings.Contains(f, never) {
			t.Errorf("home shows %q to the kompaan:\n%s", never, f)
		}
	}
	if n := len(a.home.rows); n != 2 {
		t.Errorf("%d rows, want 2", n)
	}

	// Opening another intake by its ID is refused, and nothing of it is kept.
	run(a, openIntakeMsg{ID: "i3"})
	s, ok := a.cur.(*intakeScreen)
	if !ok {
		t.Fatalf("on %T", a.cur)
	}
	if f := plain(a); !strings.Contains(f, "U was niet bij dit gesprek") {
		t.Fatalf("no refusal:\n%s", f)
	}
	if s.c.in.ResidentID != "" || s.c.in.Location != "" || s.steps != nil {
		t.Fatalf("refused intake in memory: %+v", s.c.in)
	}
	run(a, followUpMsg{IntakeID: "i3"})
	if f := plain(a); !strings.Contains(f, "U was niet bij dit gesprek") {
		t.Fatalf("follow-up not refused:\n%s", f)
	}

	// His own intake opens.
	run(a, openIntakeMsg{ID: "i1"})
	if s := a.cur.(*intakeScreen); s.loadErr != "" || s.c.in.ResidentID != "r1" {
		t.Fatalf("own intake not opened: %q", s.loadErr)
	}

	// The help page states the rule.
	press(a, "ctrl+o")
	press(a, "f1")
	if f := plain(a); !strings.Contains(f, "Als kompaan ziet u alleen") || !strings.Contains(strings.Join(strings.Fields(f), " "), "onder uw gebruikersnaam") {
		t.Fatalf("help lacks the rule:\n%s", f)
	}
	press(a, "esc")

	// A new intake is his: he is the kompaan who was present.
	press(a, "ctrl+n")
	ns := a.cur.(*intakeScreen)
	if p := ns.c.in.Presence; !p.Kompaan || p.KompaanName != "kees" || p.Supporter != "" {
		t.Fatalf("new intake presence %+v", p)
	}
}

// TestKompaanAccessibleBrowse: the line mode lists only his intakes too.
func TestKompaanAccessibleBrowse(t *testing.T) {
	v := sampleVault()
	v.users["kees"] = "kompaan wachtwoord"
	v.kompaans = map[string]bool{"kees": true}
	v.intakes[0].Presence = intake.Presence{Kompaan: true, KompaanName: "Kees"}
	in := "kees\nkompaan wachtwoord\n1\n\n3\n"
	var out strings.Builder
	if err := RunAccessible(strings.NewReader(in), &out, Options{Vault: v, Now: (&clock{day0}).now}); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	if !strings.Contains(o, "Jan de Vries") || strings.Contains(o, "Fatima") || strings.Contains(o, "Piet") {
		t.Fatalf("accessible list:\n%s", o)
	}
}
