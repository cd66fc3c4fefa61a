package store

import (
	"bytes"
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// keptHome is a stand-in for the session's list: the store keeps any
// value.
type keptHome struct {
	Rows []string `json:"rows"`
}

// sealedHome is the sealed value of kind k's home record as the file
// holds it (nil: none).
func sealedHome(v *Vault, k Kind) []byte {
	var out []byte
	_ = v.db.View(func(btx *bolt.Tx) error {
		if b := btx.Bucket([]byte(k)); b != nil {
			out = append(out, b.Get([]byte(homeListID))...)
		}
		return nil
	})
	return out
}

func homeKept(t *testing.T, v *Vault) (keptHome, bool) {
	t.Helper()
	var got keptHome
	kept, now, err := v.HomeList(&got)
	if errors.Is(err, ErrNotFound) || (err == nil && kept != now) {
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
		kept, err := v.PutHomeList(stamp, 1, keptHome{Rows: []string{w.ria.Pseudonym, w.sam.Pseudonym}})
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
		if sealedHome(v, KindHomeList) != nil || sealedHome(v, KindHomeStamp) != nil {
			t.Errorf("%s: its sealed value or its stamp is still in the file", wr.name)
		}
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
	if kept, err := w.v.PutHomeList(stamp, 1, keptHome{Rows: []string{"x"}}); err != nil || !kept {
		t.Fatalf("supporter: kept %v, %v", kept, err)
	}
	w.v.Lock()
	if err := w.v.Unlock("Kim", kimPass); err != nil {
		t.Fatal(err)
	}
	var got keptHome
	if _, _, err := w.v.HomeList(&got); !errors.Is(err, ErrNoAccess) || got.Rows != nil {
		t.Fatalf("a kompaan read the kept first screen: %+v, %v", got, err)
	}
	if kept, err := w.v.PutHomeList(stamp, 1, keptHome{}); !errors.Is(err, ErrNoAccess) || kept {
		t.Fatalf("a kompaan kept a first screen: %v, %v", kept, err)
	}
}

// TestKeepHomeListAtCommit: a transaction that saves an intake can keep
// a first screen up to date instead of deleting it: the function it
// gives is called at commit with the stamp the vault has after it; a
// new list is kept with that stamp, Same keeps the list as it was with
// only its stamp new (the list's own record is not written), nothing
// deletes both records, an error rolls the whole save back; check is
// clean after each. A list whose stamp record is of another list is not
// read.
func TestKeepHomeListAtCommit(t *testing.T) {
	w := newEraseWorld(t)
	v := w.vault
	before, err := v.HomeStamp()
	if err != nil {
		t.Fatal(err)
	}
	if kept, err := v.PutHomeList(before, 1, keptHome{Rows: []string{"before"}}); err != nil || !kept {
		t.Fatalf("PutHomeList: %v %v", kept, err)
	}
	sealedList := func() []byte { return sealedHome(v, KindHomeList) }
	save := func(keep func(stamp [32]byte) (HomeListKeep, error)) (read keptHome, readKept, readNow, given [32]byte, err error) {
		in := w.samIn[0]
		in.Status = intake.StatusClosed
		in.Updated = in.Updated.Add(time.Minute)
		w.samIn[0] = in
		err = v.Update(func(tx *Tx) error {
			var err error
			if readKept, readNow, err = tx.KeptHomeList(&read); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			tx.KeepHomeListAtCommit(append(HomeListRecord(KindIntake, in.ID), HomeListRecord(KindResident, in.ResidentID)...), func(stamp [32]byte) (HomeListKeep, error) {
				given = stamp
				return keep(stamp)
			})
			return tx.SaveIntake(in, intake.DefaultCatalogue(), eraseNow)
		})
		return read, readKept, readNow, given, err
	}
	clean := func(when string) {
		t.Helper()
		if rep, err := v.Check(); err != nil || !rep.OK() {
			t.Fatalf("check %s: %v %+v", when, err, rep.Failures)
		}
	}

	read, readKept, readNow, given, err := save(func([32]byte) (HomeListKeep, error) {
		return HomeListKeep{Value: keptHome{Rows: []string{"after"}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Rows) != 1 || read.Rows[0] != "before" || readKept != before || readNow != before {
		t.Fatalf("read in the transaction: %+v, kept with the stamp before %v, now before %v", read, readKept == before, readNow == before)
	}
	now, err := v.HomeStamp()
	if err != nil || now == before || given != now {
		t.Fatalf("the stamp given at commit is the vault's after it: %v, changed %v (%v)", given == now, now != before, err)
	}
	if got, ok := homeKept(t, v); !ok || len(got.Rows) != 1 || got.Rows[0] != "after" {
		t.Fatalf("kept after the save: %+v, %v", got, ok)
	}
	clean("after a new list")

	sealed := sealedList()
	if _, _, _, given, err = save(func([32]byte) (HomeListKeep, error) { return HomeListKeep{Same: true}, nil }); err != nil {
		t.Fatal(err)
	}
	if now, _ := v.HomeStamp(); given != now {
		t.Fatal("Same: the stamp given is not the vault's after the save")
	}
	if got, ok := homeKept(t, v); !ok || len(got.Rows) != 1 || got.Rows[0] != "after" {
		t.Fatalf("Same: kept %+v, %v", got, ok)
	}
	if !bytes.Equal(sealedList(), sealed) {
		t.Fatal("Same wrote the list again")
	}
	clean("after Same")

	if _, _, _, _, err := save(func([32]byte) (HomeListKeep, error) { return HomeListKeep{}, nil }); err != nil {
		t.Fatal(err)
	}
	if _, ok := homeKept(t, v); ok || sealedList() != nil {
		t.Fatal("nothing kept: the list is still there")
	}
	if sealedHome(v, KindHomeStamp) != nil {
		t.Error("nothing kept: its stamp is still there")
	}
	clean("after nothing kept")

	last, _ := v.HomeStamp()
	wrong := errors.New("no")
	if _, _, _, _, err := save(func([32]byte) (HomeListKeep, error) { return HomeListKeep{}, wrong }); !errors.Is(err, wrong) {
		t.Fatalf("an error at commit: %v", err)
	}
	if now, _ := v.HomeStamp(); now != last {
		t.Fatal("the save was not rolled back with the error")
	}

	// A stamp record of another list: the list is not read.
	stamp, _ := v.HomeStamp()
	if kept, err := v.PutHomeList(stamp, 1, keptHome{Rows: []string{"one"}}); err != nil || !kept {
		t.Fatal(err)
	}
	if err := v.Update(func(tx *Tx) error {
		rec := homeStampRecord{stamp: stamp}
		return tx.Put(KindHomeStamp, homeListID, &rec)
	}); err != nil {
		t.Fatal(err)
	}
	var got keptHome
	if _, _, err := v.HomeList(&got); !errors.Is(err, ErrNotFound) || got.Rows != nil {
		t.Fatalf("a list under another's stamp: %+v, %v", got, err)
	}
	clean("at the end")
}

// TestHomeStampRecord: the stamp record is its version, the list's
// version, the stamp and the list's SHA-256, 66 bytes (docs/FORMAT.md);
// any other length or version is refused.
func TestHomeStampRecord(t *testing.T) {
	rec := homeStampRecord{listVersion: 2}
	for i := range rec.stamp {
		rec.stamp[i], rec.list[i] = byte(i), byte(0xff-i)
	}
	b, err := rec.MarshalBinary()
	if err != nil || len(b) != 66 || b[0] != 1 || b[1] != 2 || b[2] != 0 || b[33] != 31 || b[34] != 0xff || b[65] != 0xe0 {
		t.Fatalf("encoded % x, %v", b, err)
	}
	var back homeStampRecord
	if err := back.UnmarshalBinary(b); err != nil || back != rec {
		t.Fatalf("decoded %+v, %v", back, err)
	}
	for _, bad := range [][]byte{nil, b[:65], append(bytes.Clone(b), 0), append([]byte{2}, b[1:]...)} {
		if err := back.UnmarshalBinary(bad); !errors.Is(err, ErrTampered) {
			t.Errorf("% x: %v", bad, err)
		}
	}
}

// TestKeepHomeListOnlyWhatItKnows: a transaction that keeps the list up
// to date for one intake but also writes another, or asks twice,
// deletes it at commit instead; check is clean.
func TestKeepHomeListOnlyWhatItKnows(t *testing.T) {
	w := newEraseWorld(t)
	v := w.vault
	cases := []struct {
		name  string
		write func(tx *Tx) error
	}{
		{"another intake saved too", func(tx *Tx) error {
			other := w.riaIn[0]
			other.Updated = other.Updated.Add(time.Minute)
			return tx.SaveIntake(other, intake.DefaultCatalogue(), eraseNow)
		}},
		{"a resident renamed too", func(tx *Tx) error {
			r := w.ria
			r.Pseudonym = "Ria anders"
			return tx.Put(KindResident, r.ID, r)
		}},
		{"asked twice", func(tx *Tx) error {
			tx.KeepHomeListAtCommit(nil, func([32]byte) (HomeListKeep, error) { return HomeListKeep{Same: true}, nil })
			return nil
		}},
	}
	for _, c := range cases {
		stamp, _ := v.HomeStamp()
		if kept, err := v.PutHomeList(stamp, 1, keptHome{Rows: []string{"x"}}); err != nil || !kept {
			t.Fatal(err)
		}
		in := w.samIn[0]
		in.Updated = in.Updated.Add(time.Minute)
		w.samIn[0] = in
		if err := v.Update(func(tx *Tx) error {
			tx.KeepHomeListAtCommit(append(HomeListRecord(KindIntake, in.ID), HomeListRecord(KindResident, in.ResidentID)...),
				func([32]byte) (HomeListKeep, error) { return HomeListKeep{Same: true}, nil })
			if err := tx.SaveIntake(in, intake.DefaultCatalogue(), eraseNow); err != nil {
				return err
			}
			return c.write(tx)
		}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if _, ok := homeKept(t, v); ok {
			t.Errorf("%s: the list was kept", c.name)
		}
		if rep, err := v.Check(); err != nil || !rep.OK() {
			t.Fatalf("%s: check %v %+v", c.name, err, rep.Failures)
		}
	}
}
