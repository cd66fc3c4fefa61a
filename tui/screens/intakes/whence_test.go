package intakes

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// TestWhence: a conversation read in from a laptop says on its last line
// where it came from; on the sender's laptop a resident handed over to a
// colleague says to whom; a conversation typed here says neither; after
// the lock the line is gone from memory and comes back with the
// conversation.
func TestWhence(t *testing.T) {
	anna, av := sessiontest.Vault(t, "anna", "nl", clock)
	office, _ := sessiontest.Vault(t, "kantoor", "nl", clock)
	if err := anna.SetLaptopName("laptop-anna"); err != nil {
		t.Fatal(err)
	}
	cat := intake.DefaultCatalogue()
	var ids []string
	err := av.Update(func(tx *store.Tx) error {
		for i := range 2 {
			r := intake.NewResident(fmt.Sprintf("R%d", i), day0)
			in := intake.NewIntake(day0)
			in.ResidentID, in.Status = r.ID, intake.StatusOpen
			in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}, At: day0}
			ids = append(ids, in.ID)
			if err := tx.Put(store.KindResident, r.ID, r); err != nil {
				return err
			}
			if err := tx.SaveIntake(in, cat, day0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	officeSet, _ := office.Settings()
	dir := t.TempDir()
	res, err := anna.Handover(session.HandoverRequest{Recipient: officeSet.Recipient, Folder: dir})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := anna.Intake(ids[0])
	mark, err := anna.Handover(session.HandoverRequest{Resident: first.ResidentID, Colleague: "Bram", Recipient: officeSet.Recipient, Folder: dir})
	if err != nil || mark.Nothing() {
		t.Fatal(err)
	}
	sessiontest.ImportFrom(t, anna, office, res.Path)
	lastLine := func(s *session.Session, id string) (*Screen, string) {
		scr := Open(screentest.Context(s, "nl", clock), id)
		scr.Update(common.SizeMsg{Width: 80, Height: 22})
		screentest.Run(t, scr, scr.Init())
		lines := strings.Split(screentest.Plain(scr), "\n")
		return scr, strings.TrimSpace(lines[len(lines)-1])
	}
	scr, got := lastLine(office, ids[0])
	if want := "Ingelezen van laptop \u201cLaptop Anna\u201d (anna), ondertekend op 12-03-2026."; got != want {
		t.Fatalf("at the office: %q, want %q", got, want)
	}
	scr.Locked()
	if scr.whence != "" {
		t.Fatal("the line stays in memory after the lock")
	}
	screentest.Run(t, scr, scr.Unlocked())
	if lines := strings.Split(screentest.Plain(scr), "\n"); !strings.Contains(lines[len(lines)-1], "Laptop Anna") {
		t.Fatal("the line did not come back after unlocking")
	}
	if _, got := lastLine(anna, ids[0]); got != "Overgedragen aan Bram op 12-03-2026." {
		t.Fatalf("on the sender's laptop: %q", got)
	}
	if _, got := lastLine(anna, ids[1]); got != "" {
		t.Fatalf("a conversation typed here: %q", got)
	}
}
