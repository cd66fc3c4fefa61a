package store

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// TestSealedIntakeAsPut: intakes sealed ahead (PrepareNewIntakes) and then
// saved with SaveEncodedIntakeStaged are written as sealed — the stored
// value is the sealed one — and leave the vault as putFiled would: each
// intake and index entry reads back as saved, the kompaan who took part
// can open it and no other, the statistics are finished, and Check (the
// digest included) is clean. Sealed for a key set, version or kompanen
// that changed before the write, or for an intake the vault has, they
// are sealed again, with the same result.
//
// Their statistics, made ahead from the resident as stored then, are the
// ones SaveIntake makes from the resident as stored at the save: made
// again if the resident was written in between.
func TestSealedIntakeAsPut(t *testing.T) {
	cat := intake.DefaultCatalogue()
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		before func(t *testing.T, v *Vault, r *intake.Resident) // between sealing and saving; r is saved first unless late
		have   bool                                             // the vault has the first intake (an older version)
		again  []int                                            // the intakes sealed again
		late   bool                                             // the resident is saved after sealing (by before)
	}{
		{"as sealed", nil, false, nil, false},
		{"the vault has it", nil, true, []int{0}, false},
		{"locked and unlocked again", func(t *testing.T, v *Vault, _ *intake.Resident) {
			v.Lock()
			if err := v.Unlock(testUser, []byte(testPass)); err != nil {
				t.Fatal(err)
			}
		}, false, []int{0, 1, 2, 3}, false},
		{"a kompaan who took part added", func(t *testing.T, v *Vault, _ *intake.Resident) {
			if err := v.AddUser("Bo", RoleKompaan, boPass); err != nil {
				t.Fatal(err)
			}
		}, false, []int{2}, false},
		{"a kompaan who took part removed", func(t *testing.T, v *Vault, _ *intake.Resident) {
			if err := v.RemoveUser("Kim"); err != nil {
				t.Fatal(err)
			}
		}, false, []int{1}, false},
		{"another kompaan added", func(t *testing.T, v *Vault, _ *intake.Resident) {
			if err := v.AddUser("Lou", RoleKompaan, []byte("lou's passphrase for tests")); err != nil {
				t.Fatal(err)
			}
		}, false, nil, false},
		{"the resident changed", func(t *testing.T, v *Vault, r *intake.Resident) {
			r.BirthYear = 1950
			save(t, v, now, []intake.Resident{*r})
		}, false, nil, false},
		{"the resident saved after", func(t *testing.T, v *Vault, r *intake.Resident) {
			save(t, v, now, []intake.Resident{*r})
		}, false, nil, true},
		{"the keys rotated", func(t *testing.T, v *Vault, _ *intake.Resident) {
			if _, err := v.RotateKeys(RotateOptions{}); err != nil {
				t.Fatal(err)
			}
		}, false, []int{0, 1, 2, 3}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			if err := v.AddUser("Kim", RoleKompaan, kimPass); err != nil {
				t.Fatal(err)
			}
			r := intake.NewResident("Bewoner", now)
			r.BirthYear = 1990
			ins := make([]intake.Intake, 4)
			for i := range ins {
				in := intake.NewIntake(now.Add(time.Duration(i) * time.Hour))
				in.Status, in.OwnWords = intake.StatusOpen, "vraag"
				in.ResidentID, in.Consent = r.ID, intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
				ins[i] = in
			}
			ins[1].Presence.Kompaan, ins[1].Presence.KompaanName = true, "Kim"
			ins[2].Presence.Kompaan, ins[2].Presence.KompaanName = true, "Bo"
			ins[3].ResidentID, ins[3].Consent = "", intake.Consent{}
			if !tc.late {
				save(t, v, now, []intake.Resident{r})
			}
			old := ins[0]
			old.Updated = old.Updated.Add(-time.Hour)
			if tc.have {
				save(t, v, now, nil, old)
			}

			encs := make([]*EncodedIntake, len(ins))
			for i := range ins {
				var err error
				if encs[i], err = EncodeIntake(&ins[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := v.PrepareNewIntakes(encs, cat, now); err != nil {
				t.Fatal(err)
			}
			sealed := make([][]byte, len(encs))
			for i, e := range encs {
				if e.sealed == nil {
					t.Fatalf("intake %d not sealed", i)
				}
				sealed[i] = e.sealed.value
			}
			// Prepared again, they are left as they are (their JSON is gone).
			if err := v.PrepareNewIntakes(encs, cat, now); err != nil {
				t.Fatal(err)
			}
			for i, e := range encs {
				if e.sealed == nil || !bytes.Equal(e.sealed.value, sealed[i]) {
					t.Fatalf("intake %d sealed again", i)
				}
			}
			if tc.before != nil {
				tc.before(t, v, &r)
			}
			// The statistics made ahead hold unless the resident's stored
			// value changed since.
			err := v.View(func(tx *Tx) error {
				for i, e := range encs {
					// (a rotation seals the resident again, under new keys)
					stale := (strings.HasPrefix(tc.name, "the resident") || tc.name == "the keys rotated") && ins[i].ResidentID != ""
					if ok := e.stat.validFor(tx, e.in, cat, now); ok == stale {
						t.Errorf("intake %d: its statistics made ahead hold: %v", i, ok)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			err = v.Update(func(tx *Tx) error {
				for _, e := range encs {
					if err := tx.SaveEncodedIntakeStaged(e, cat, now); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range encs {
				for _, b := range [][]byte{e.plain, e.entry} {
					if bytes.ContainsFunc(b, func(r rune) bool { return r != 0 }) {
						t.Error("the encoding is not wiped after the save")
					}
				}
			}
			if _, err := v.FinishStagedStats(); err != nil {
				t.Fatal(err)
			}
			err = v.View(func(tx *Tx) error {
				b := tx.btx.Bucket([]byte(KindIntake))
				for i, in := range ins {
					asSealed := bytes.Equal(b.Get([]byte(in.ID)), sealed[i])
					if want := !slices.Contains(tc.again, i); asSealed != want {
						t.Errorf("intake %d written as sealed: %v, want %v", i, asSealed, want)
					}
					var got intake.Intake
					if err := tx.Get(KindIntake, in.ID, &got); err != nil {
						return err
					}
					if !reflect.DeepEqual(got, in) {
						t.Errorf("intake %d reads back as\n%+v\nwant\n%+v", i, got, in)
					}
					e, err := tx.IndexEntry(in.ID)
					if err != nil {
						return err
					}
					if !reflect.DeepEqual(e, in.IndexEntry()) {
						t.Errorf("index entry %d: %+v, want %+v", i, e, in.IndexEntry())
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := v.CheckDeep(); err != nil || !rep.OK() {
				t.Fatalf("CheckDeep: %v %+v", err, rep.Failures)
			}
			// The statistics SaveIntake makes of the same, one by one.
			want, _, _ := newVault(t)
			save(t, want, now, []intake.Resident{r})
			if tc.have {
				save(t, want, now, nil, old)
			}
			save(t, want, now, nil, ins...)
			gotRecs, gotLinks := statsOf(t, v)
			wantRecs, wantLinks := statsOf(t, want)
			if len(wantRecs) != len(ins) {
				t.Fatalf("the reference has %d statistics records", len(wantRecs))
			}
			if !reflect.DeepEqual(gotRecs, wantRecs) || !reflect.DeepEqual(gotLinks, wantLinks) {
				t.Errorf("statistics:\n got %v %v\nwant %v %v", gotRecs, gotLinks, wantRecs, wantLinks)
			}
			// Kim (if still there) opens the intake she took part in, and
			// no other; Bo (if added) his.
			for name, pass := range map[string][]byte{"Kim": kimPass, "Bo": boPass} {
				k := reopen(t, v, path)
				v = k
				if err := k.Unlock(name, pass); errors.Is(err, ErrWrongPassphrase) || errors.Is(err, ErrUnknownUser) {
					continue
				} else if err != nil {
					t.Fatal(err)
				}
				err := k.View(func(tx *Tx) error {
					for i, in := range ins {
						var got intake.Intake
						err := tx.Get(KindIntake, in.ID, &got)
						took := intake.TookPart(&ins[i], name)
						if took && err != nil || !took && !errors.Is(err, ErrNoAccess) {
							t.Errorf("%s reading intake %d: %v (took part: %v)", name, i, err, took)
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				k.Lock()
			}
		})
	}
}

// TestPrepareNewIntakesWhoSeals: a locked vault seals nothing and says so; a
// kompaan's seals nothing (their writes go through putFiled).
func TestPrepareNewIntakesWhoSeals(t *testing.T) {
	v, path, _ := newVault(t)
	if err := v.AddUser("Kim", RoleKompaan, kimPass); err != nil {
		t.Fatal(err)
	}
	in := intake.NewIntake(time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC))
	e, err := EncodeIntake(&in)
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	cat := intake.DefaultCatalogue()
	if err := v.PrepareNewIntakes([]*EncodedIntake{e}, cat, in.Created); !errors.Is(err, ErrLocked) || e.sealed != nil || e.stat != nil {
		t.Errorf("locked: %v, sealed %v", err, e.sealed != nil)
	}
	k := reopen(t, v, path)
	if err := k.Unlock("Kim", kimPass); err != nil {
		t.Fatal(err)
	}
	if err := k.PrepareNewIntakes([]*EncodedIntake{e}, cat, in.Created); err != nil || e.sealed != nil || e.stat != nil {
		t.Errorf("a kompaan: %v, sealed %v", err, e.sealed != nil)
	}
}

// TestSealedResidentAsPut: residents sealed ahead (SealNewResidents) are
// written as sealed by PutSealedResident — the stored value is the sealed
// one — unless the vault has them or the key set changed in between; then
// they are put as usual. Either way each reads back as given and Check
// (the digest included) is clean. A kompaan's and a locked vault seal
// nothing.
func TestSealedResidentAsPut(t *testing.T) {
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		have   bool // the vault has the first resident (another version), shared with Kim by an intake she took part in
		relock bool // locked and unlocked between sealing and writing
		rotate bool // the keys rotated between sealing and writing
		again  []int
	}{
		{"as sealed", false, false, false, nil},
		{"the vault has it", true, false, false, []int{0}},
		{"locked and unlocked again", false, true, false, []int{0, 1, 2}},
		{"the keys rotated", false, false, true, []int{0, 1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			if err := v.AddUser("Kim", RoleKompaan, kimPass); err != nil {
				t.Fatal(err)
			}
			rs := []intake.Resident{intake.NewResident("A", now), intake.NewResident("B", now), intake.NewResident("C", now)}
			rs[1].BirthYear = 1960
			if tc.have {
				old := rs[0]
				old.Pseudonym = "A before"
				in := intake.NewIntake(now)
				in.ResidentID, in.Consent = old.ID, intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
				in.Presence.Kompaan, in.Presence.KompaanName = true, "Kim"
				save(t, v, now, []intake.Resident{old}, in)
			}
			sealed, err := v.SealNewResidents(rs)
			if err != nil || len(sealed) != len(rs) {
				t.Fatalf("SealNewResidents: %d %v", len(sealed), err)
			}
			if tc.relock {
				v.Lock()
				if err := v.Unlock(testUser, []byte(testPass)); err != nil {
					t.Fatal(err)
				}
			}
			if tc.rotate {
				if _, err := v.RotateKeys(RotateOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			err = v.Update(func(tx *Tx) error {
				for _, s := range sealed {
					if err := tx.PutSealedResident(s); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			err = v.View(func(tx *Tx) error {
				b := tx.btx.Bucket([]byte(KindResident))
				for i, r := range rs {
					if asSealed := bytes.Equal(b.Get([]byte(r.ID)), sealed[i].value); asSealed == slices.Contains(tc.again, i) {
						t.Errorf("resident %d written as sealed: %v", i, asSealed)
					}
					var got intake.Resident
					if err := tx.Get(KindResident, r.ID, &got); err != nil {
						return err
					}
					if !reflect.DeepEqual(got, r) {
						t.Errorf("resident %d reads back as %+v, want %+v", i, got, r)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := v.CheckDeep(); err != nil || !rep.OK() {
				t.Fatalf("CheckDeep: %v %+v", err, rep.Failures)
			}
			if tc.have { // Kim keeps the resident she had
				k := reopen(t, v, path)
				if err := k.Unlock("Kim", kimPass); err != nil {
					t.Fatal(err)
				}
				var got intake.Resident
				if err := k.View(func(tx *Tx) error { return tx.Get(KindResident, rs[0].ID, &got) }); err != nil || got.Pseudonym != rs[0].Pseudonym {
					t.Errorf("Kim reads the resident: %+v %v", got, err)
				}
			}
		})
	}
	v, path, _ := newVault(t)
	if err := v.AddUser("Kim", RoleKompaan, kimPass); err != nil {
		t.Fatal(err)
	}
	rs := []intake.Resident{intake.NewResident("A", now)}
	v.Lock()
	if s, err := v.SealNewResidents(rs); !errors.Is(err, ErrLocked) || s != nil {
		t.Errorf("locked: %v %v", s, err)
	}
	k := reopen(t, v, path)
	if err := k.Unlock("Kim", kimPass); err != nil {
		t.Fatal(err)
	}
	if s, err := k.SealNewResidents(rs); err != nil || s != nil {
		t.Errorf("a kompaan: %v %v", s, err)
	}
}
