package store

import (
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestBucketsVersion: the version of some kinds changes with a value
// written or removed in them (an intake's index entry counts as the
// intake's), not with writes elsewhere; without a digest there is none,
// and a write transaction is refused.
func TestBucketsVersion(t *testing.T) {
	cases := []struct {
		name    string
		write   func(tx *Tx) error
		changed bool
	}{
		{"nothing", func(*Tx) error { return nil }, false},
		{"another kind", func(tx *Tx) error { return tx.Put(KindMeta, "m", note{Text: "x"}) }, false},
		{"the access log", func(tx *Tx) error {
			_, err := tx.AppendLog(LogEntry{Action: ActImport, Purpose: PurposeHandover})
			return err
		}, false},
		{"a value of an asked kind", func(tx *Tx) error { return tx.Put(kindStatNote, "n", note{Text: "x"}) }, true},
		{"a value replaced", func(tx *Tx) error { return tx.Put(kindStatNote, "old", note{Text: "new"}) }, true},
		{"a value removed", func(tx *Tx) error { return tx.Delete(kindStatNote, "old") }, true},
		{"an intake's index entry", func(tx *Tx) error { return tx.put(bucketIndex, []byte("e"), []byte("entry")) }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, _, _ := newVault(t)
			put(t, v, kindStatNote, "old", note{Text: "old"})
			version := func() BucketsVersion {
				var at BucketsVersion
				err := v.View(func(tx *Tx) error {
					var ok bool
					var err error
					if at, ok, err = tx.BucketsVersion(kindStatNote, KindIntake); !ok || err != nil {
						t.Fatalf("no version: %v, %v", ok, err)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				return at
			}
			before := version()
			if err := v.Update(tc.write); err != nil {
				t.Fatal(err)
			}
			if changed := version() != before; changed != tc.changed {
				t.Fatalf("changed %v, want %v", changed, tc.changed)
			}
		})
	}
	t.Run("no digest", func(t *testing.T) {
		v, _, _ := newVault(t)
		err := v.db.Update(func(btx *bolt.Tx) error { return btx.Bucket([]byte(bucketVault)).Delete([]byte(digestID)) })
		if err != nil {
			t.Fatal(err)
		}
		_ = v.View(func(tx *Tx) error {
			if _, ok, err := tx.BucketsVersion(KindResident); ok || err != nil {
				t.Fatalf("a version without a digest: %v, %v", ok, err)
			}
			return nil
		})
	})
	t.Run("in a write transaction", func(t *testing.T) {
		v, _, _ := newVault(t)
		_ = v.Update(func(tx *Tx) error {
			if _, _, err := tx.BucketsVersion(KindResident); err == nil {
				t.Fatal("a version in a write transaction")
			}
			return nil
		})
	})
}
