package store

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// TestSealedIntakeAsPut: intakes sealed ahead (SealNewIntakes) and then
// saved with SaveEncodedIntakeStaged are written as sealed — the stored
// value is the sealed one — and leave the vault as putFiled would: each
// intake and index entry reads back as saved, the kompaan who took part
// can open it and no other, the statistics are finished, and Check (the
// digest included) is clean. Sealed for a key set, version or kompanen
// that changed before the write, or for an intake the vault has, they
// are sealed again, with the same result.
func TestSealedIntakeAsPut(t *testing.T) {
	cat := intake.DefaultCatalogue()
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		before func(t *testing.T, v *Vault, path string) *Vault // between sealing and saving
		have   bool                                             // the vault has the first intake (an older version)
		again  []int                                            // the intakes sealed again
	}{
		{"as sealed", nil, false, nil},
		{"the vault has it", nil, true, []int{0}},
		{"locked and unlocked again", func(t *testing.T, v *Vault, _ string) *Vault {
			v.Lock()
			if err := v.Unlock(testUser, []byte(testPass)); err != nil {
				t.Fatal(err)
			}
			return v
		}, false, []int{0, 1, 2, 3}},
		{"a kompaan who took part added", func(t *testing.T, v *Vault, _ string) *Vault {
			if err := v.AddUser("Bo", RoleKompaan, boPass); err != nil {
				t.Fatal(err)
			}
			return v
		}, false, []int{2}},
		{"a kompaan who took part removed", func(t *testing.T, v *Vault, _ string) *Vault {
			if err := v.RemoveUser("Kim"); err != nil {
				t.Fatal(err)
			}
			return v
		}, false, []int{1}},
		{"another kompaan added", func(t *testing.T, v *Vault, _ string) *Vault {
			if err := v.AddUser("Lou", RoleKompaan, []byte("lou's passphrase for tests")); err != nil {
				t.Fatal(err)
			}
			return v
		}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			if err := v.AddUser("Kim", RoleKompaan, kimPass); err != nil {
				t.Fatal(err)
			}
			r := intake.NewResident("Bewoner", now)
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
			save(t, v, now, []intake.Resident{r})
			if tc.have {
				old := ins[0]
				old.Updated = old.Updated.Add(-time.Hour)
				save(t, v, now, nil, old)
			}

			encs := make([]*EncodedIntake, len(ins))
			for i := range ins {
				var err error
				if encs[i], err = EncodeIntake(&ins[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := v.SealNewIntakes(encs); err != nil {
				t.Fatal(err)
			}
			sealed := make([][]byte, len(encs))
			for i, e := range encs {
				if e.sealed == nil {
					t.Fatalf("intake %d not sealed", i)
				}
				sealed[i] = e.sealed.value
			}
			if tc.before != nil {
				v = tc.before(t, v, path)
			}
			err := v.Update(func(tx *Tx) error {
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
				if len(e.plain) > 0 && bytes.ContainsFunc(e.plain, func(r rune) bool { return r != 0 }) {
					t.Error("the encoding is not wiped after the save")
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

// TestSealNewIntakesWhoSeals: a locked vault seals nothing and says so; a
// kompaan's seals nothing (their writes go through putFiled).
func TestSealNewIntakesWhoSeals(t *testing.T) {
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
	if err := v.SealNewIntakes([]*EncodedIntake{e}); !errors.Is(err, ErrLocked) || e.sealed != nil {
		t.Errorf("locked: %v, sealed %v", err, e.sealed != nil)
	}
	k := reopen(t, v, path)
	if err := k.Unlock("Kim", kimPass); err != nil {
		t.Fatal(err)
	}
	if err := k.SealNewIntakes([]*EncodedIntake{e}); err != nil || e.sealed != nil {
		t.Errorf("a kompaan: %v, sealed %v", err, e.sealed != nil)
	}
}
