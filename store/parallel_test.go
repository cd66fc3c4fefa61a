package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// TestPlainInOrder: PlainInOrder gives fn every named record, in the order
// named, with the bytes GetPlain gives — over several batches — and stops
// at the first record that is missing or does not authenticate, or at
// fn's error, after fn has had every record before it.
func TestPlainInOrder(t *testing.T) {
	v, _, _ := newVault(t)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	var ids []string
	err := v.Update(func(tx *Tx) error {
		for i := range 600 { // more than two batches
			r := intake.NewResident(fmt.Sprintf("Bewoner %d", i), now)
			ids = append(ids, r.ID)
			if err := tx.Put(KindResident, r.ID, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	tampered := ids[400]
	want := map[string]string{}
	err = v.View(func(tx *Tx) error {
		for _, id := range ids {
			if err := tx.GetPlain(KindResident, id, func(p []byte) error { want[id] = string(p); return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	errStop := errors.New("stop")
	reversed := slices.Clone(ids[:300])
	slices.Reverse(reversed)
	cases := []struct {
		name    string
		ids     []string
		tamper  bool
		stopAt  int // fn fails at this call (-1: never)
		wantN   int // calls of fn
		wantErr error
	}{
		{"all, in order", ids, false, -1, len(ids), nil},
		{"in the order given", reversed, false, -1, len(reversed), nil},
		{"none", nil, false, -1, 0, nil},
		{"a missing record", append(slices.Clone(ids[:300]), NewID()), false, -1, 300, ErrNotFound},
		{"a record that does not authenticate", ids, true, -1, 400, ErrTampered},
		{"fn's error", ids, false, 270, 271, errStop},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tamper {
				flipLastByte(t, v, string(KindResident), tampered)
				defer flipLastByte(t, v, string(KindResident), tampered)
			}
			var got []string
			err := v.View(func(tx *Tx) error {
				return tx.PlainInOrder(KindResident, tc.ids, func(id string, plain []byte) error {
					if string(plain) != want[id] {
						t.Errorf("%s: not the record's bytes", id)
					}
					got = append(got, id)
					if len(got)-1 == tc.stopAt {
						return errStop
					}
					return nil
				})
			})
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if len(got) != tc.wantN || !slices.Equal(got, tc.ids[:tc.wantN]) {
				t.Fatalf("fn had %d records, want the first %d in order", len(got), tc.wantN)
			}
		})
	}
}

// flipLastByte changes the last byte of a stored value in the file
// (its AEAD tag), as an edit outside spreekuur would.
func flipLastByte(t *testing.T, v *Vault, bucket, id string) {
	t.Helper()
	err := v.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		val := append([]byte(nil), b.Get([]byte(id))...)
		val[len(val)-1] ^= 1
		return b.Put([]byte(id), val)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadAll: ReadAll gives every resident in ID order with every field
// as stored — read by several workers, each opening records of varying
// sizes into the same memory one after another — and a record that does
// not authenticate is ErrTampered.
func TestReadAll(t *testing.T) {
	v, _, _ := newVault(t)
	created := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	want := map[string]intake.Resident{}
	var ids []string
	err := v.Update(func(tx *Tx) error {
		for i := range 1100 { // more than 256 a worker: every core takes part
			r := intake.NewResident(fmt.Sprintf("P%d", i), created.Add(time.Duration(i)*time.Minute))
			r.Contact = strings.Repeat("c", (i*37)%900) // sizes up and down: a smaller record after a larger one
			r.BirthYear = 1950 + i%50
			if err := tx.Put(KindResident, r.ID, r); err != nil {
				return err
			}
			want[r.ID] = r
			ids = append(ids, r.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	readAll := func() ([]intake.Resident, error) {
		var got []intake.Resident
		err := v.View(func(tx *Tx) error {
			var err error
			got, err = ReadAll[intake.Resident](tx, KindResident)
			return err
		})
		return got, err
	}
	got, err := readAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d residents, want %d", len(got), len(want))
	}
	for i, r := range got {
		if i > 0 && got[i-1].ID >= r.ID {
			t.Fatalf("not in ID order at %d: %s after %s", i, r.ID, got[i-1].ID)
		}
		if w := want[r.ID]; r.ID == "" || r.Pseudonym != w.Pseudonym || r.Contact != w.Contact || r.BirthYear != w.BirthYear || !r.Created.Equal(w.Created) {
			t.Fatalf("resident %d = %+v, want %+v", i, r, w)
		}
	}
	slices.Sort(ids)
	flipLastByte(t, v, string(KindResident), ids[len(ids)/2])
	if _, err := readAll(); !errors.Is(err, ErrTampered) {
		t.Errorf("with a damaged record: %v, want ErrTampered", err)
	}
}
