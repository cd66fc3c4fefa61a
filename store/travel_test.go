package store

import (
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// TestSaveIntakeNotesAWithdrawal: saving an intake that had consent to
// hand over without it leaves a withdrawal with its version; giving the
// consent again ends it; an intake that never had it leaves none.
func TestSaveIntakeNotesAWithdrawal(t *testing.T) {
	w := newEraseWorld(t)
	v := w.vault
	cat := intake.DefaultCatalogue()
	in := w.samIn[0]
	in.Consent.Scopes = []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}
	save := func(in intake.Intake) {
		t.Helper()
		if err := v.Update(func(tx *Tx) error { return tx.SaveIntake(in, cat, eraseNow) }); err != nil {
			t.Fatal(err)
		}
	}
	withdrawals := func() map[string]Withdrawal {
		t.Helper()
		var ws map[string]Withdrawal
		if err := v.View(func(tx *Tx) error { var err error; ws, err = tx.Withdrawals(); return err }); err != nil {
			t.Fatal(err)
		}
		return ws
	}
	in.Updated = eraseNow.Add(time.Minute)
	save(in)
	if len(withdrawals()) != 0 {
		t.Fatal("a withdrawal while the consent covers handover")
	}
	in.Consent.Scopes, in.Updated = []intake.ConsentScope{intake.ScopeNotes}, eraseNow.Add(2*time.Minute)
	save(in)
	if ws := withdrawals(); len(ws) != 1 || !ws[in.ID].Updated.Equal(in.Updated) || ws[in.ID].Valid() != nil {
		t.Fatalf("after withdrawing: %+v", ws)
	}
	in.Consent.Scopes, in.Updated = []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}, eraseNow.Add(3*time.Minute)
	save(in)
	if len(withdrawals()) != 0 {
		t.Fatal("the withdrawal stays after the consent was given again")
	}
	other := w.riaIn[0] // never had handover consent
	other.Updated = eraseNow.Add(time.Minute)
	save(other)
	if len(withdrawals()) != 0 {
		t.Fatal("a withdrawal for an intake that never had the consent")
	}
}

// TestReceiveTombstoneAndWithdrawal: a tombstone from elsewhere erases
// the resident and their intakes here (statistics kept, check clean) and
// stays as it came; a withdrawal removes an older version of the intake
// and its resident with it when nothing else is theirs, but not a newer
// version; Gone then holds against each coming back.
func TestReceiveTombstoneAndWithdrawal(t *testing.T) {
	w := newEraseWorld(t)
	v := w.vault
	tomb := Tombstone{V: TombstoneVersion, Resident: w.ria.ID, Intakes: []string{w.riaIn[0].ID, w.riaIn[1].ID}, Erased: eraseNow.Add(-time.Hour), Reason: EraseRequest, Device: NewID()}
	if tomb.Intakes[0] > tomb.Intakes[1] {
		tomb.Intakes[0], tomb.Intakes[1] = tomb.Intakes[1], tomb.Intakes[0]
	}
	sam := w.samIn[0]
	cases := []struct {
		name string
		fn   func(tx *Tx) (bool, error)
		new  bool
	}{
		{"tombstone", func(tx *Tx) (bool, error) { return tx.ReceiveTombstone(tomb) }, true},
		{"the same tombstone again", func(tx *Tx) (bool, error) { return tx.ReceiveTombstone(tomb) }, false},
		{"a withdrawal older than the intake here", func(tx *Tx) (bool, error) {
			return tx.ReceiveWithdrawal(Withdrawal{V: 1, Intake: sam.ID, Updated: sam.Updated.Add(-time.Minute)})
		}, false},
		{"a withdrawal newer than the intake here", func(tx *Tx) (bool, error) {
			return tx.ReceiveWithdrawal(Withdrawal{V: 1, Intake: sam.ID, Updated: sam.Updated.Add(time.Minute)})
		}, true},
		{"the same withdrawal again", func(tx *Tx) (bool, error) {
			return tx.ReceiveWithdrawal(Withdrawal{V: 1, Intake: sam.ID, Updated: sam.Updated.Add(time.Minute)})
		}, false},
	}
	for _, c := range cases {
		var got bool
		if err := v.Update(func(tx *Tx) error { var err error; got, err = c.fn(tx); return err }); err != nil || got != c.new {
			t.Fatalf("%s: new %v, want %v (%v)", c.name, got, c.new, err)
		}
	}
	err := v.View(func(tx *Tx) error {
		for _, id := range []string{w.ria.ID, w.sam.ID} {
			var r intake.Resident
			if err := tx.Get(KindResident, id, &r); !errors.Is(err, ErrNotFound) {
				t.Errorf("resident %s still here: %v", id, err)
			}
		}
		if n := tx.Count(KindIntake); n != 0 {
			t.Errorf("%d intakes left", n)
		}
		if n := tx.Count(KindStat); n != 3 {
			t.Errorf("%d statistics records, want the 3 kept", n)
		}
		ts, err := tx.Tombstones()
		if err != nil || ts[w.ria.ID].Device != tomb.Device || !ts[w.ria.ID].Erased.Equal(tomb.Erased) {
			t.Errorf("the tombstone as it came: %+v %v", ts, err)
		}
		g, err := tx.Gone()
		if err != nil {
			return err
		}
		for _, b := range []struct {
			what string
			gone bool
			want bool
		}{
			{"the erased resident", g.Resident(w.ria.ID), true},
			{"an intake of the tombstone", g.Intake(w.riaIn[0].ID, "", eraseNow), true},
			{"another intake of the erased resident", g.Intake(NewID(), w.ria.ID, eraseNow), true},
			{"the withdrawn intake, as old as the withdrawal", g.Intake(sam.ID, w.sam.ID, sam.Updated.Add(time.Minute)), true},
			{"the withdrawn intake, newer (consent given again)", g.Intake(sam.ID, w.sam.ID, sam.Updated.Add(2*time.Minute)), false},
			{"the other resident", g.Resident(w.sam.ID), false},
		} {
			if b.gone != b.want {
				t.Errorf("%s: gone %v, want %v", b.what, b.gone, b.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep.Failures)
	}
}

// TestGoneResidents: a resident must not come with a bundle when erased
// here or when every one of their incoming intakes is gone, in whatever
// order those intakes come; the map holds only those residents.
func TestGoneResidents(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	g := Gone{
		residents: map[string]bool{"erased": true},
		intakes:   map[string]bool{"i-deleted": true, "i-deleted-2": true},
		withdrawn: map[string]time.Time{"i-withdrawn": t0},
	}
	ref := func(id, resident string, updated time.Time) IntakeRef {
		return IntakeRef{ID: id, ResidentID: resident, Updated: updated}
	}
	incoming := []IntakeRef{
		ref("i-1", "erased", t0),                       // erased here: gone, whatever its intakes
		ref("i-deleted", "all-gone", t0),               // every intake gone
		ref("i-withdrawn", "all-gone", t0),             //   (withdrawn in this version)
		ref("i-deleted", "gone-then-live", t0),         // one gone, then one that comes
		ref("i-2", "gone-then-live", t0),               //
		ref("i-3", "live-then-gone", t0),               // one that comes, then one gone
		ref("i-withdrawn", "live-then-gone", t0),       //
		ref("i-withdrawn", "newer", t0.Add(time.Hour)), // withdrawn before this version: it comes
		ref("i-deleted-2", "", t0),                     // gone, and no resident: no ""
		ref("i-5", "live", t0),
	}
	got := g.Residents(incoming)
	want := map[string]bool{"erased": true, "all-gone": true}
	if !maps.Equal(got, want) {
		t.Errorf("Residents = %v, want %v", got, want)
	}
	// The same in reverse order.
	slices.Reverse(incoming)
	if got := g.Residents(incoming); !maps.Equal(got, want) {
		t.Errorf("Residents, reversed = %v, want %v", got, want)
	}
	// Nothing incoming: the residents erased here.
	if got := g.Residents(nil); !maps.Equal(got, map[string]bool{"erased": true}) {
		t.Errorf("Residents(nil) = %v", got)
	}
}
