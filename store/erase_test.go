package store

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

var eraseNow = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// eraseWorld is a vault with two residents: Ria with two intakes (to be
// erased) and Sam with one.
type eraseWorld struct {
	path         string
	vault        *Vault
	ria, sam     intake.Resident
	riaIn, samIn []intake.Intake
}

func newEraseWorld(t *testing.T) *eraseWorld {
	t.Helper()
	v, path, _ := newVault(t)
	w := &eraseWorld{path: path, vault: v}
	cat := intake.DefaultCatalogue()
	w.ria = intake.NewResident("Ria-erase-marker", eraseNow)
	w.sam = intake.NewResident("Sam-keep-marker", eraseNow)
	mk := func(r intake.Resident, words string, month int) intake.Intake {
		in := intake.NewIntake(eraseNow.AddDate(0, -month, 0))
		in.ResidentID, in.Consent.Given = r.ID, true
		in.Consent.Scopes = []intake.ConsentScope{intake.ScopeNotes}
		in.OwnWords = words
		in.SetScan("money", intake.Worries)
		return in
	}
	w.riaIn = []intake.Intake{mk(w.ria, "Ria first question", 3), mk(w.ria, "Ria second question", 1)}
	w.samIn = []intake.Intake{mk(w.sam, "Sam question", 2)}
	err := v.Update(func(tx *Tx) error {
		for _, r := range []intake.Resident{w.ria, w.sam} {
			if err := tx.Put(KindResident, r.ID, r); err != nil {
				return err
			}
		}
		for _, in := range append(slices.Clone(w.riaIn), w.samIn...) {
			if err := tx.SaveIntake(in, cat, eraseNow); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestEraseResident: the resident, their intakes and their statistics
// list go in one transaction; a tombstone with their IDs and the moment
// stays; the statistics records stay and Check accepts them; another
// resident is untouched; erasing again returns the same tombstone.
func TestEraseResident(t *testing.T) {
	w := newEraseWorld(t)
	v := w.vault
	statsBefore := 0
	_ = v.View(func(tx *Tx) error { statsBefore = tx.Count(KindStat); return nil })
	var tomb Tombstone
	if err := v.Update(func(tx *Tx) error {
		var err error
		tomb, err = tx.EraseResident(w.ria.ID, EraseRequest, eraseNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{w.riaIn[0].ID, w.riaIn[1].ID}
	slices.Sort(want)
	if tomb.Resident != w.ria.ID || !slices.Equal(tomb.Intakes, want) || !tomb.Erased.Equal(eraseNow) || tomb.Reason != EraseRequest || tomb.Device == "" || tomb.Valid() != nil {
		t.Fatalf("tombstone %+v (valid: %v)", tomb, tomb.Valid())
	}
	err := v.View(func(tx *Tx) error {
		var r intake.Resident
		if err := tx.Get(KindResident, w.ria.ID, &r); !errors.Is(err, ErrNotFound) {
			t.Errorf("resident still there: %v", err)
		}
		for _, in := range w.riaIn {
			var got intake.Intake
			if err := tx.Get(KindIntake, in.ID, &got); !errors.Is(err, ErrNotFound) {
				t.Errorf("intake %s still there: %v", in.ID, err)
			}
		}
		var l statLinks
		if err := tx.Get(KindStatLinks, w.ria.ID, &l); !errors.Is(err, ErrNotFound) {
			t.Errorf("statistics list still there: %v", err)
		}
		if n := tx.Count(KindStat); n != statsBefore {
			t.Errorf("statistics records %d → %d: they stay", statsBefore, n)
		}
		var s intake.Resident
		if err := tx.Get(KindResident, w.sam.ID, &s); err != nil || s.Pseudonym != w.sam.Pseudonym {
			t.Errorf("the other resident: %+v %v", s, err)
		}
		ts, err := tx.Tombstones()
		if err != nil || len(ts) != 1 || ts[w.ria.ID].Resident != w.ria.ID {
			t.Errorf("tombstones %+v %v", ts, err)
		}
		// The intakes' index entries go with them.
		for _, in := range w.riaIn {
			if tx.btx.Bucket([]byte(bucketIndex)).Get([]byte(in.ID)) != nil {
				t.Errorf("index entry of erased intake %s still there", in.ID)
			}
		}
		entries, err := tx.IntakeIndex()
		if err != nil || len(entries) != 1 || entries[0].Header.ID != w.samIn[0].ID {
			t.Errorf("index after erasure: %d entries, %v", len(entries), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.Check()
	if err != nil || !rep.OK() {
		t.Fatalf("check after erasure: %v %+v", err, rep.Failures)
	}
	var again Tombstone
	if err := v.Update(func(tx *Tx) error {
		var err error
		again, err = tx.EraseResident(w.ria.ID, EraseRequest, eraseNow.Add(time.Hour))
		return err
	}); err != nil || !again.Erased.Equal(tomb.Erased) {
		t.Fatalf("erasing again: %+v %v", again, err)
	}
	if err := v.Update(func(tx *Tx) error { _, err := tx.EraseResident(NewID(), EraseRequest, eraseNow); return err }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("erasing no one: %v", err)
	}
}

// TestEraseThenCompactLeavesNoCiphertext: after erasure the old sealed
// values stay in bbolt's free pages; after a compaction — of the file
// (`spreekuur compact`) or of the open vault (what erasure and key
// rotation offer) — no 32-byte window of any of them — the resident,
// their intakes, the intakes' index entries, the statistics list — is
// left anywhere in the file, while the other resident's values are all
// there.
func TestEraseThenCompactLeavesNoCiphertext(t *testing.T) {
	for _, open := range []bool{false, true} {
		name := map[bool]string{false: "file", true: "open vault"}[open]
		t.Run(name, func(t *testing.T) {
			w := newEraseWorld(t)
			v := w.vault
			var erased, kept [][]byte
			erased = append(erased, rawValue(t, v, string(KindResident), w.ria.ID), rawValue(t, v, string(KindStatLinks), w.ria.ID))
			for _, in := range w.riaIn {
				erased = append(erased, rawValue(t, v, string(KindIntake), in.ID), rawValue(t, v, bucketIndex, in.ID))
			}
			kept = append(kept, rawValue(t, v, string(KindResident), w.sam.ID), rawValue(t, v, string(KindIntake), w.samIn[0].ID), rawValue(t, v, bucketIndex, w.samIn[0].ID))
			windows := map[[32]byte]int{} // every 32-byte window of an erased value → which
			for i, val := range erased {
				for j := 0; j+32 <= len(val); j++ {
					windows[[32]byte(val[j:j+32])] = i
				}
			}
			// left returns which erased values have a window in the file.
			left := func() map[int]bool {
				file, err := os.ReadFile(w.path)
				if err != nil {
					t.Fatal(err)
				}
				out := map[int]bool{}
				for j := 0; j+32 <= len(file); j++ {
					if i, ok := windows[[32]byte(file[j:j+32])]; ok {
						out[i] = true
					}
				}
				return out
			}
			if err := v.Update(func(tx *Tx) error { _, err := tx.EraseResident(w.ria.ID, EraseRequest, eraseNow); return err }); err != nil {
				t.Fatal(err)
			}
			// The reason compaction is needed: bbolt leaves them in free pages.
			inFree := left()
			if len(inFree) == 0 {
				t.Fatalf("no erased value in the file before compaction: this test no longer shows what compaction removes")
			}
			t.Logf("%d of %d erased values still in the file before compaction (free pages)", len(inFree), len(erased))
			var res CompactResult
			var err error
			if open {
				res, err = v.Compact(nil)
			} else {
				if err := v.Close(); err != nil {
					t.Fatal(err)
				}
				res, err = Compact(w.path, testOpt, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range left() {
				t.Errorf("a 32-byte window of erased value %d is still in the compacted file", i)
			}
			file, _ := os.ReadFile(w.path)
			for i, c := range kept {
				if !bytes.Contains(file, c) {
					t.Errorf("kept value %d is missing from the compacted file", i)
				}
			}
			// The compacted vault reads (the open one still unlocked) and
			// checks clean.
			if !open {
				if v, err = Open(w.path, testOpt); err != nil {
					t.Fatal(err)
				}
				defer v.Close()
				if err := v.Unlock(testUser, []byte(testPass)); err != nil {
					t.Fatal(err)
				}
			}
			var r intake.Resident
			if err := v.View(func(tx *Tx) error { return tx.Get(KindResident, w.sam.ID, &r) }); err != nil || r.Pseudonym != w.sam.Pseudonym {
				t.Fatalf("after compaction: %+v %v", r, err)
			}
			if err := v.Update(func(tx *Tx) error { return tx.Put(KindResident, w.sam.ID, r) }); err != nil {
				t.Fatalf("writing after compaction: %v", err)
			}
			if rep, err := v.Check(); err != nil || !rep.OK() {
				t.Fatalf("check of the compacted vault: %v %+v", err, rep.Failures)
			}
			t.Logf("file %d bytes before, %d after compaction", res.Before, res.After)
		})
	}
}

func TestTombstoneValid(t *testing.T) {
	good := Tombstone{V: 1, Resident: NewID(), Intakes: []string{"a1", "b2"}, Erased: eraseNow, Reason: EraseRequest, Device: NewID()}
	cases := []struct {
		name string
		edit func(*Tombstone)
		ok   bool
	}{
		{"good", func(*Tombstone) {}, true},
		{"version", func(t *Tombstone) { t.V = 2 }, false},
		{"no resident", func(t *Tombstone) { t.Resident = "" }, false},
		{"bad resident", func(t *Tombstone) { t.Resident = "a b" }, false},
		{"no date", func(t *Tombstone) { t.Erased = time.Time{} }, false},
		{"reason", func(t *Tombstone) { t.Reason = "because" }, false},
		{"unsorted", func(t *Tombstone) { t.Intakes = []string{"b2", "a1"} }, false},
		{"bad intake", func(t *Tombstone) { t.Intakes = []string{"a\x1b"} }, false},
	}
	for _, c := range cases {
		tb := good
		tb.Intakes = slices.Clone(good.Intakes)
		c.edit(&tb)
		if err := tb.Valid(); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
