package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// TestIntakeVersions: many intakes' versions at once are what IndexEntry
// says of each, in the order asked — enough of them to be opened on
// several goroutines — with an unknown ID not found, an entry that is
// missing or damaged read from its intake, and an invalid ID refused.
func TestIntakeVersions(t *testing.T) {
	v, _, _ := newVault(t)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	ins := sampleIntakes(600, now)
	for i := range ins {
		ins[i].Updated = now.Add(time.Duration(i) * time.Minute)
	}
	save(t, v, now, nil, ins...)
	rawDelete(t, v, bucketIndex, ins[0].ID)
	rawPut(t, v, bucketIndex, ins[1].ID, rawValue(t, v, bucketIndex, ins[2].ID))
	unknown := intake.NewIntake(now).ID
	var ids []string
	for i := len(ins) - 1; i >= 0; i-- { // not in key order
		ids = append(ids, ins[i].ID)
		if i == 300 {
			ids = append(ids, unknown)
		}
	}
	err := v.View(func(tx *Tx) error {
		got, found, err := tx.IntakeVersions(ids)
		if err != nil {
			return err
		}
		if len(got) != len(ids) || len(found) != len(ids) {
			return fmt.Errorf("%d versions, %d found for %d IDs", len(got), len(found), len(ids))
		}
		for i, id := range ids {
			want, err := tx.IndexEntry(id)
			switch {
			case errors.Is(err, ErrNotFound):
				if found[i] || id != unknown {
					t.Errorf("%s: found %v, IndexEntry says not found", id, found[i])
				}
			case err != nil:
				return err
			case !found[i] || !got[i].Equal(want.Header.Updated):
				t.Errorf("%s: %v (found %v), IndexEntry says %v", id, got[i], found[i], want.Header.Updated)
			}
		}
		for _, damaged := range []int{0, 1} {
			i := len(ins) - damaged // ids is reversed, with one more after 300
			if !got[i].Equal(ins[damaged].Updated) {
				t.Errorf("intake %d without a sound entry: %v, want %v", damaged, got[i], ins[damaged].Updated)
			}
		}
		if _, _, err := tx.IntakeVersions([]string{ins[3].ID, "not an ID"}); err == nil {
			t.Error("an invalid ID was looked up")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestInKeyOrderFillsPages: records written in ascending ID order, batch
// after batch, fill their bucket's pages whole when the transaction says
// so (InKeyOrder), and about half without; every record reads back.
func TestInKeyOrderFillsPages(t *testing.T) {
	for _, tc := range []struct {
		name             string
		ordered          bool
		minFill, maxFill float64
	}{
		{"in key order", true, 0.85, 1},
		{"not said", false, 0, 0.7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _, _ := newVault(t)
			const batches, per = 10, 200
			for b := range batches {
				err := v.Update(func(tx *Tx) error {
					if tc.ordered {
						tx.InKeyOrder(KindMeta)
					}
					for i := range per {
						if err := tx.Put(KindMeta, fmt.Sprintf("rec-%06d", b*per+i), note{Text: "a short record"}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			var fill float64
			_ = v.db.View(func(btx *bolt.Tx) error {
				s := btx.Bucket([]byte(KindMeta)).Stats()
				fill = float64(s.LeafInuse) / float64(s.LeafAlloc)
				return nil
			})
			if fill < tc.minFill || fill > tc.maxFill {
				t.Errorf("leaf pages %.0f%% full, want %.0f–%.0f%%", 100*fill, 100*tc.minFill, 100*tc.maxFill)
			}
			for _, i := range []int{0, per, batches*per - 1} {
				if n, err := get(v, KindMeta, fmt.Sprintf("rec-%06d", i)); err != nil || n.Text != "a short record" {
					t.Errorf("record %d: %+v %v", i, n, err)
				}
			}
		})
	}
}

// TestGetPlains: many residents' plaintexts at once are GetPlain's, each
// handed to fn once with its index — enough of them for several
// goroutines — a missing one not found; a damaged one is ErrTampered.
func TestGetPlains(t *testing.T) {
	v, _, _ := newVault(t)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	var ids []string
	err := v.Update(func(tx *Tx) error {
		for i := range 700 {
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
	missing := intake.NewResident("nobody", now).ID
	ids = append(ids[:350], append([]string{missing}, ids[350:]...)...)
	got := make([]string, len(ids))
	calls := make([]int, len(ids))
	var mu sync.Mutex
	err = v.View(func(tx *Tx) error {
		found, err := tx.GetPlains(KindResident, ids, func(i int, plain []byte) {
			mu.Lock()
			defer mu.Unlock()
			got[i] = string(plain)
			calls[i]++
		})
		if err != nil {
			return err
		}
		for i, id := range ids {
			var want string
			err := tx.GetPlain(KindResident, id, func(plain []byte) error { want = string(plain); return nil })
			switch {
			case errors.Is(err, ErrNotFound):
				if found[i] || calls[i] != 0 || id != missing {
					t.Errorf("%s: found %v, %d calls; GetPlain: not found", id, found[i], calls[i])
				}
			case err != nil:
				return err
			case !found[i] || calls[i] != 1 || got[i] != want:
				t.Errorf("%s: found %v, %d calls, %q; GetPlain %q", id, found[i], calls[i], got[i], want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sealed := rawValue(t, v, string(KindResident), ids[10])
	sealed[len(sealed)-1] ^= 1
	rawPut(t, v, string(KindResident), ids[10], sealed)
	err = v.View(func(tx *Tx) error {
		_, err := tx.GetPlains(KindResident, ids, func(int, []byte) {})
		return err
	})
	if !errors.Is(err, ErrTampered) {
		t.Errorf("a damaged resident among them: %v", err)
	}
}
