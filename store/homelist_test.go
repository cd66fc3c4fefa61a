package store

import (
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// keptHome is a stand-in for the session's list: the store keeps any
// value.
type keptHome struct {
	Rows []string `json:"rows"`
}

func homeKept(t *testing.T, v *Vault) (keptHome, bool) {
	t.Helper()
	var got keptHome
	_, err := v.HomeList(&got)
	if errors.Is(err, ErrNotFound) {
		return keptHome{}, false
	}
	if err != nil {
		t.Fatalf("HomeList: %v", err)
	}
	return got, true
}

// TestHomeListKeptUntilItsSourcesChange: a first screen is kept with the
// stamp it was read at and read back with the stamp of now; writes to
// other buckets (the access log, settings) leave both as they are;
// saving an intake, writing a resident and erasing one each delete it in
// their own transaction (not only change the stamp) and change the
// stamp; keeping one with a stamp from before a write keeps nothing; the
// vault still checks clean with one kept.
func TestHomeListKeptUntilItsSourcesChange(t *testing.T) {
	w := newEraseWorld(t)
	v := w.vault
	keep := func(stamp [32]byte) bool {
		t.Helper()
		kept, err := v.PutHomeList(stamp, keptHome{Rows: []string{w.ria.Pseudonym, w.sam.Pseudonym}})
		if err != nil {
			t.Fatalf("PutHomeList: %v", err)
		}
		return kept
	}
	stamp, err := v.HomeStamp()
	if err != nil {
		t.Fatal(err)
	}
	if !keep(stamp) {
		t.Fatal("a list of the vault as it is was not kept")
	}
	if got, ok := homeKept(t, v); !ok || len(got.Rows) != 2 || got.Rows[0] != w.ria.Pseudonym {
		t.Fatalf("kept %+v, %v", got, ok)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check with a kept first screen: %v %+v", err, rep.Failures)
	}

	// Other buckets: nothing changes.
	if err := v.Update(func(tx *Tx) error {
		if _, err := tx.AppendLog(LogEntry{Action: ActSearch, Purpose: PurposeIntake, Detail: "list", At: eraseNow}); err != nil {
			return err
		}
		return tx.Put(KindMeta, "something", note{Text: "x"})
	}); err != nil {
		t.Fatal(err)
	}
	if now, err := v.HomeStamp(); err != nil || now != stamp {
		t.Fatalf("stamp after writes elsewhere: changed %v, %v", now != stamp, err)
	}
	if _, ok := homeKept(t, v); !ok {
		t.Fatal("a write elsewhere dropped the kept first screen")
	}

	writes := []struct {
		name  string
		write func(tx *Tx) error
	}{
		{"an intake saved", func(tx *Tx) error {
			in := w.samIn[0]
			in.Status = intake.StatusClosed
			return tx.SaveIntake(in, intake.DefaultCatalogue(), eraseNow)
		}},
		{"a resident written", func(tx *Tx) error {
			r := w.sam
			r.Pseudonym = "Sam renamed"
			return tx.Put(KindResident, r.ID, r)
		}},
		{"a resident erased", func(tx *Tx) error {
			_, err := tx.EraseResident(w.ria.ID, EraseRequest, eraseNow)
			return err
		}},
	}
	for _, wr := range writes {
		before, _ := v.HomeStamp()
		if !keep(before) {
			t.Fatalf("%s: not kept before the write", wr.name)
		}
		if err := v.Update(wr.write); err != nil {
			t.Fatalf("%s: %v", wr.name, err)
		}
		if _, ok := homeKept(t, v); ok {
			t.Errorf("%s: the kept first screen is still there", wr.name)
		}
		_ = v.db.View(func(btx *bolt.Tx) error {
			if b := btx.Bucket([]byte(KindHomeList)); b != nil && b.Get([]byte(homeListID)) != nil {
				t.Errorf("%s: its sealed value is still in the file", wr.name)
			}
			return nil
		})
		after, err := v.HomeStamp()
		if err != nil || after == before {
			t.Errorf("%s: stamp unchanged (%v)", wr.name, err)
		}
		if keep(before) {
			t.Errorf("%s: a list read before it was kept after it", wr.name)
		}
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check at the end: %v %+v", err, rep.Failures)
	}
}

// TestHomeListSupportersOnly: a kompaan neither reads nor keeps a first
// screen (the group key seals it: their list is their own).
func TestHomeListSupportersOnly(t *testing.T) {
	w := newKompaanWorld(t)
	stamp, err := w.v.HomeStamp()
	if err != nil {
		t.Fatal(err)
	}
	if kept, err := w.v.PutHomeList(stamp, keptHome{Rows: []string{"x"}}); err != nil || !kept {
		t.Fatalf("supporter: kept %v, %v", kept, err)
	}
	w.v.Lock()
	if err := w.v.Unlock("Kim", kimPass); err != nil {
		t.Fatal(err)
	}
	var got keptHome
	if _, err := w.v.HomeList(&got); !errors.Is(err, ErrNoAccess) || got.Rows != nil {
		t.Fatalf("a kompaan read the kept first screen: %+v, %v", got, err)
	}
	if kept, err := w.v.PutHomeList(stamp, keptHome{}); !errors.Is(err, ErrNoAccess) || kept {
		t.Fatalf("a kompaan kept a first screen: %v, %v", kept, err)
	}
}
