package bundle

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// TestTombstonesAndWithdrawalsTravel: a laptop hands everything to the
// office and to a colleague; then it erases one resident and withdraws
// the consent to hand over of two intakes (one the last of its resident).
// Its next bundle is version 2: at the office and at the colleague the
// resident is erased (the tombstone kept as it came), the withdrawn
// intakes are removed (and the resident whose only one it was), the
// statistics records stay, check is clean; importing the first bundle
// again brings nothing back, and neither does the second again. Both
// ways the import runs: in small batches, and previewed first (the
// preview counting the same tombstones and withdrawals) in one batch.
func TestTombstonesAndWithdrawalsTravel(t *testing.T) {
	paths := []struct {
		name string
		run  func(v *store.Vault, data []byte, ids ...age.Identity) (ImportResult, error)
	}{{"in batches of 3", importBytes}, {"previewed, one batch", importPreviewed}}
	for _, path := range paths {
		t.Run(path.name, func(t *testing.T) {
			laptop := seed(t, 3)
			// Resident 0: one intake to hand over (its other has no such
			// consent); residents 1 and 2: two each.
			office, colleague := newVault(t), newVault(t)
			officeID, colleagueID := newIdentity(t), newIdentity(t)
			first, _ := export(t, laptop.v, officeID, ExportOptions{})
			firstC, _ := export(t, laptop.v, colleagueID, ExportOptions{})
			for _, to := range []struct {
				v    *store.Vault
				data []byte
				id   *age.X25519Identity
			}{{office, first, officeID}, {colleague, firstC, colleagueID}} {
				if _, err := path.run(to.v, to.data, to.id); err != nil {
					t.Fatal(err)
				}
			}
			erased := laptop.residents[1]
			at := t0.Add(2 * time.Hour)
			if err := laptop.v.Update(func(tx *store.Tx) error {
				_, err := tx.EraseResident(erased.ID, store.EraseRequest, at)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			var withdrawn []intake.Intake
			for _, in := range laptop.intakes {
				if in.ResidentID == laptop.residents[0].ID || (in.ResidentID == laptop.residents[2].ID && len(withdrawn) == 1) {
					in.Consent.Scopes = []intake.ConsentScope{intake.ScopeNotes}
					in.Updated = at
					saveIntake(t, laptop.v, in)
					withdrawn = append(withdrawn, in)
				}
			}
			if len(withdrawn) != 2 {
				t.Fatalf("%d withdrawn", len(withdrawn))
			}
			second, res := export(t, laptop.v, officeID, ExportOptions{})
			secondC, _ := export(t, laptop.v, colleagueID, ExportOptions{})
			if res.Header.Version != 2 || res.Header.Tombstones != 1 || res.Header.Withdrawals != 2 {
				t.Fatalf("second bundle: %+v", res.Header)
			}
			for _, to := range []struct {
				name        string
				v           *store.Vault
				first, next []byte
				id          *age.X25519Identity
			}{{"office", office, first, second, officeID}, {"colleague", colleague, firstC, secondC, colleagueID}} {
				_, before, statsBefore := count(t, to.v)
				got, err := path.run(to.v, to.next, to.id)
				if err != nil {
					t.Fatalf("%s: %v", to.name, err)
				}
				if got.Tombstones != (Counts{Added: 1}) || got.Withdrawals != (Counts{Added: 2}) {
					t.Errorf("%s: tombstones %+v, withdrawals %+v", to.name, got.Tombstones, got.Withdrawals)
				}
				residents, intakes, stats := count(t, to.v)
				// Resident 1 (2 intakes) erased, resident 0 (its only
				// intake withdrawn) removed, one intake of resident 2 withdrawn.
				if residents != 1 || intakes != before-4 || stats != statsBefore {
					t.Errorf("%s: %d residents, %d intakes (was %d), %d statistics records (was %d)", to.name, residents, intakes, before, stats, statsBefore)
				}
				err = to.v.View(func(tx *store.Tx) error {
					ts, err := tx.Tombstones()
					if err != nil {
						return err
					}
					if ts[erased.ID].Device == "" || !ts[erased.ID].Erased.Equal(at) {
						t.Errorf("%s: tombstone %+v", to.name, ts)
					}
					var r intake.Resident
					if err := tx.Get(store.KindResident, laptop.residents[2].ID, &r); err != nil {
						t.Errorf("%s: resident 2 removed: %v", to.name, err)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if rep, err := to.v.Check(); err != nil || !rep.OK() {
					t.Fatalf("%s: check: %v %+v", to.name, err, rep.Failures)
				}
				// Older and same bundles bring nothing back.
				kept := dump(t, to.v)
				for _, again := range [][]byte{to.first, to.next} {
					got, err := path.run(to.v, again, to.id)
					if err != nil {
						t.Fatalf("%s again: %v", to.name, err)
					}
					if got.Residents.Added+got.Residents.Updated+got.Intakes.Added+got.Intakes.Updated+got.Tombstones.Added+got.Withdrawals.Added != 0 {
						t.Errorf("%s again: %+v", to.name, got)
					}
				}
				if after := dump(t, to.v); !reflect.DeepEqual(after, kept) {
					t.Errorf("%s: an older bundle changed the vault", to.name)
				}
			}
			// Consent given again: the intake travels, and is imported.
			back := withdrawn[1]
			back.Consent.Scopes = []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}
			back.Updated = at.Add(time.Hour)
			saveIntake(t, laptop.v, back)
			third, _ := export(t, laptop.v, officeID, ExportOptions{})
			got, err := path.run(office, third, officeID)
			if err != nil || got.Intakes.Added != 1 {
				t.Fatalf("consent given again: %+v %v", got.Intakes, err)
			}
		})
	}
}

// TestPreviewCountsAfterWithdrawals: the office has resident 0 with one
// intake; at the laptop that intake's consent to hand over is withdrawn
// and a new conversation with the resident is handed over. Importing the
// withdrawal removes the resident here (it was their last intake), and
// the new intake brings them back: the preview must say "added", as the
// import does, not "skipped" (it counts after the bundle's withdrawals,
// as the import applies them first).
func TestPreviewCountsAfterWithdrawals(t *testing.T) {
	laptop := seed(t, 1)
	office, officeID := newVault(t), newIdentity(t)
	first, _ := export(t, laptop.v, officeID, ExportOptions{})
	if _, err := importBytes(office, first, officeID); err != nil {
		t.Fatal(err)
	}
	at := t0.Add(3 * time.Hour)
	old := laptop.intakes[0]
	old.Consent.Scopes = []intake.ConsentScope{intake.ScopeNotes}
	old.Updated = at
	saveIntake(t, laptop.v, old)
	again := newIntake(laptop.residents[0], true, "MARKER-again", at)
	saveIntake(t, laptop.v, again)
	second, res := export(t, laptop.v, officeID, ExportOptions{})
	if res.Header.Withdrawals != 1 || res.Header.Intakes != 1 {
		t.Fatalf("second bundle: %+v", res.Header)
	}
	got, err := importPreviewed(office, second, officeID)
	if err != nil {
		t.Fatal(err) // the preview's counts differ from the import's
	}
	if got.Residents != (Counts{Added: 1}) || got.Intakes != (Counts{Added: 1}) || got.Withdrawals != (Counts{Added: 1}) {
		t.Fatalf("import: %+v", got)
	}
}

// TestStoppedAfterErasingIsPartial: when the bundle's tombstones erased
// something here and the import then stops (the file is gone or changed
// before pass 2 reads it), the error is a PartialError with the
// tombstones counted, not "nothing was imported".
func TestStoppedAfterErasingIsPartial(t *testing.T) {
	laptop := seed(t, 2)
	office, officeID := newVault(t), newIdentity(t)
	first, _ := export(t, laptop.v, officeID, ExportOptions{})
	if _, err := importBytes(office, first, officeID); err != nil {
		t.Fatal(err)
	}
	if err := laptop.v.Update(func(tx *store.Tx) error {
		_, err := tx.EraseResident(laptop.residents[1].ID, store.EraseRequest, t0.Add(time.Hour))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	changed := laptop.intakes[0]
	changed.Updated = t0.Add(2 * time.Hour)
	saveIntake(t, laptop.v, changed) // so that pass 2 has something to read
	second, _ := export(t, laptop.v, officeID, ExportOptions{})
	m, err := Scan(bytes.NewReader(second), t0, nil, officeID)
	if err != nil {
		t.Fatal(err)
	}
	gone := func() (io.ReadCloser, error) { return nil, os.ErrNotExist }
	res, err := ImportScanned(office, m, gone, cat, t0, StreamOptions{Identities: []age.Identity{officeID}})
	var partial *PartialError
	if !errors.As(err, &partial) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want a PartialError around the missing file", err)
	}
	if res.Tombstones != (Counts{Added: 1}) {
		t.Errorf("tombstones %+v, want the one that erased here", res.Tombstones)
	}
	// Importing the same file again finishes it.
	if _, err := importBytes(office, second, officeID); err != nil {
		t.Fatal(err)
	}
}
