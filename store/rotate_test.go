package store

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// rotationWorld: Anna (supporter, rotates), Bert (supporter, removed), Kim
// (kompaan, took part in one intake), Coco (coordinator); two residents
// with an intake each, the access log with entries of every seal, a
// failed unlock waiting, a meta record.
type rotationWorld struct {
	v        *Vault
	path     string
	code     []byte
	kimIn    intake.Intake
	otherIn  intake.Intake
	res      []intake.Resident
	pass     map[string]string
	oldGroup []byte
	oldStats []byte
	oldKim   []byte
	oldData  map[string][]byte // record → its data key before
	statKeys map[string]uint32 // statistics record → its record key before
	log      []LogEntry
}

func newRotationWorld(t *testing.T) *rotationWorld {
	t.Helper()
	v, path, code := newVault(t)
	w := &rotationWorld{v: v, path: path, code: code, pass: map[string]string{
		testUser: testPass, "Bert": testPass + " bert", "Kim": testPass + " kim", "Coco": testPass + " coco"}}
	for _, u := range []struct {
		name string
		role Role
	}{{"Bert", RoleSupporter}, {"Kim", RoleKompaan}, {"Coco", RoleCoordinator}} {
		if err := v.AddUser(u.name, u.role, []byte(w.pass[u.name])); err != nil {
			t.Fatal(err)
		}
	}
	cat := intake.DefaultCatalogue()
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	for i, kompaan := range []string{"Kim", ""} {
		r := intake.NewResident([]string{"Ria", "Sam"}[i], now)
		in := intake.NewIntake(now)
		in.ResidentID, in.Consent.Given = r.ID, true
		in.OwnWords = "vraag " + r.Pseudonym
		in.SetScan("money", intake.Worries)
		if kompaan != "" {
			in.Presence.Kompaan, in.Presence.KompaanName = true, kompaan
			w.kimIn = in
		} else {
			w.otherIn = in
		}
		w.res = append(w.res, r)
		if err := v.Update(func(tx *Tx) error {
			if err := tx.Put(KindResident, r.ID, r); err != nil {
				return err
			}
			return tx.SaveIntake(in, cat, now)
		}); err != nil {
			t.Fatal(err)
		}
	}
	put(t, v, KindMeta, "settings-x", note{Text: "meta"})
	appendLog(t, v, LogEntry{At: now, Action: ActRead, Outcome: OutcomeOK, User: testUser, Role: RoleSupporter, Intake: w.kimIn.ID})
	// Kim writes a log entry (to the group's public key), and someone
	// types a wrong passphrase.
	w.v = reopen(t, v, path)
	if err := w.v.Unlock("Kim", []byte(w.pass["Kim"])); err != nil {
		t.Fatal(err)
	}
	appendLog(t, w.v, LogEntry{At: now, Action: ActRead, Outcome: OutcomeOK, User: "Kim", Role: RoleKompaan, Intake: w.kimIn.ID})
	w.oldKim = append([]byte(nil), w.v.keys.member.raw...)
	w.v.Lock()
	if err := w.v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if err := w.v.RecordFailedUnlock("mallory", now); err != nil {
		t.Fatal(err)
	}
	w.v = reopen(t, w.v, path)
	if err := w.v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	w.oldGroup = append([]byte(nil), w.v.keys.group.raw...)
	w.oldStats = append([]byte(nil), w.v.keys.stats.raw...)
	w.oldData, w.statKeys = map[string][]byte{}, map[string]uint32{}
	err := w.v.View(func(tx *Tx) error {
		for _, k := range []Kind{KindResident, KindIntake} {
			err := tx.btx.Bucket([]byte(k)).ForEach(func(id, val []byte) error {
				_, dk, err := tx.dataKey(k, id, val)
				w.oldData[string(k)+"/"+string(id)] = dk
				return err
			})
			if err != nil {
				return err
			}
		}
		return tx.ForEach(KindStat, func(id string, decode func(any) error) error {
			var rec intake.StatRecord
			if err := decode(&rec); err != nil {
				return err
			}
			w.statKeys[id] = rec.Key
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.log = readLog(t, w.v)
	return w
}

// TestRotateKeys: after removing a supporter with a rotation every record
// reads with the new keys and none with the old (group, statistics,
// member or data keys); the access log's chain and the statistics
// records' keys are kept; the removed supporter and the old recovery code
// open nothing; each remaining user's next unlock takes the new keys.
func TestRotateKeys(t *testing.T) {
	w := newRotationWorld(t)
	var calls []int
	res, err := w.v.RotateKeys(RotateOptions{Remove: "Bert", Progress: func(done, total int) { calls = append(calls, done) }})
	if err != nil {
		t.Fatal(err)
	}
	defer clear(res.RecoveryCode)
	if len(calls) == 0 || calls[len(calls)-1] != res.Records || res.Records == 0 {
		t.Errorf("progress %v, %d records", calls, res.Records)
	}
	slices.Sort(res.Reached)
	if want := []string{testUser, "Coco", "Kim"}; !slices.Equal(res.Reached, want) || len(res.NeedReset) != 0 {
		t.Errorf("reached %v, need reset %v", res.Reached, res.NeedReset)
	}
	// Readable with the new keys, the same as before.
	for _, r := range w.res {
		var got intake.Resident
		if err := w.v.View(func(tx *Tx) error { return tx.Get(KindResident, r.ID, &got) }); err != nil || got.Pseudonym != r.Pseudonym {
			t.Errorf("resident after rotation: %+v %v", got, err)
		}
	}
	if got := readLog(t, w.v); !slices.Equal(got, w.log) || len(got) != 3 || got[1].User != "Kim" || got[2].Action != ActUnlockFailed {
		t.Errorf("log after rotation: %+v\nwas %+v", got, w.log)
	}
	_ = w.v.View(func(tx *Tx) error {
		return tx.ForEach(KindStat, func(id string, decode func(any) error) error {
			var rec intake.StatRecord
			if err := decode(&rec); err != nil || rec.Key != w.statKeys[id] {
				t.Errorf("statistics record %s: key %d, was %d (%v)", id, rec.Key, w.statKeys[id], err)
			}
			return nil
		})
	})
	if rep, err := w.v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check after rotation: %v %+v", err, rep.Failures)
	}
	// Nothing opens with any old key.
	oldGroup, oldStats, oldKim := testAEAD(t, w.oldGroup), testAEAD(t, w.oldStats), testAEAD(t, w.oldKim)
	opened, indexed := 0, 0
	err = w.v.db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
			bucket := string(name)
			if bucket == bucketSlots || bucket == bucketRekey {
				return nil
			}
			return b.ForEach(func(k, val []byte) error {
				id := string(k)
				ad := recordAD(w.v.version, bucket, id)
				for _, a := range []struct {
					what string
					ok   bool
				}{
					{"old group key", ok(openEnvelope(oldGroup, ad, val))},
					{"old statistics key", ok(openEnvelope(oldStats, ad, val))},
					{"old group key (log entry)", len(val) > 2 && ok(openEnvelope(oldGroup, ad, val[2:]))},
				} {
					if a.ok {
						t.Errorf("%s/%s opens with the %s", bucket, id, a.what)
						opened++
					}
				}
				// An index entry carries its intake's wraps and is sealed
				// under its intake's data key.
				owner := bucket
				switch bucket {
				case string(KindResident), string(KindIntake):
				case bucketIndex:
					owner = string(KindIntake)
					indexed++
				default:
					return nil
				}
				f, err := parseFiled(val)
				if err != nil {
					t.Errorf("%s/%s: %v", bucket, id, err)
					return nil
				}
				if ok(openWrap(oldGroup, wrapAD(w.v.version, owner, id, wrapSym), f.group)) {
					t.Errorf("%s/%s: the group wrap opens with the old group key", bucket, id)
				}
				for _, mw := range f.members {
					if ok(openWrap(oldKim, wrapAD(w.v.version, owner, id, wrapMember), mw)) {
						t.Errorf("%s/%s: a member wrap opens with Kim's old member key", bucket, id)
					}
				}
				if old := w.oldData[owner+"/"+id]; old == nil {
					t.Errorf("%s/%s: no data key before the rotation", bucket, id)
				} else if ok(openFiledEnvelope(old, ad, f.envelope)) {
					t.Errorf("%s/%s opens with its old data key: not re-keyed", bucket, id)
				}
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if indexed != 2 {
		t.Errorf("%d index entries looked at, want 2", indexed)
	}
	// The index reads back under the new keys, equal to the intakes.
	entries, err := w.v.IntakeIndex()
	if err != nil || len(entries) != 2 {
		t.Fatalf("index after rotation: %d entries, %v", len(entries), err)
	}
	for _, e := range entries {
		var want intake.Intake
		if err := w.v.View(func(tx *Tx) error { return tx.Get(KindIntake, e.Header.ID, &want) }); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(e, want.IndexEntry()) {
			t.Errorf("index entry %s after rotation:\n%+v\nwant %+v", e.Header.ID, e, want.IndexEntry())
		}
	}
	// The removed supporter and the old recovery code open nothing.
	w.v = reopen(t, w.v, w.path)
	if err := w.v.Unlock("Bert", []byte(w.pass["Bert"])); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("Bert: %v", err)
	}
	if err := w.v.UnlockWithRecovery(w.code); !errors.Is(err, ErrBadRecoveryCode) {
		t.Errorf("the old recovery code: %v", err)
	}
	if err := w.v.UnlockWithRecovery(res.RecoveryCode); err != nil {
		t.Errorf("the new recovery code: %v", err)
	}
	// Each remaining user takes the new keys at their next unlock, and
	// reads what their role reads.
	for _, u := range []string{"Kim", "Coco", testUser} {
		w.v = reopen(t, w.v, w.path)
		if err := w.v.Unlock(u, []byte(w.pass[u])); err != nil {
			t.Fatalf("%s after the rotation: %v", u, err)
		}
		switch u {
		case "Kim":
			var in intake.Intake
			if err := w.v.View(func(tx *Tx) error { return tx.Get(KindIntake, w.kimIn.ID, &in) }); err != nil || in.OwnWords != w.kimIn.OwnWords {
				t.Errorf("Kim reads their intake: %v", err)
			}
			if err := w.v.View(func(tx *Tx) error { return tx.Get(KindIntake, w.otherIn.ID, &in) }); !errors.Is(err, ErrNoAccess) {
				t.Errorf("Kim reads another intake: %v", err)
			}
			if es, err := w.v.IntakeIndex(); err != nil || len(es) != 1 || es[0].Header.ID != w.kimIn.ID {
				t.Errorf("Kim reads %d index entries (want only theirs): %v", len(es), err)
			}
			appendLog(t, w.v, LogEntry{At: time.Now(), Action: ActRead, Outcome: OutcomeOK, User: "Kim", Role: RoleKompaan})
		case "Coco":
			n := 0
			if err := w.v.View(func(tx *Tx) error { return tx.ForEachStat(func(intake.StatRecord) error { n++; return nil }) }); err != nil || n != 2 {
				t.Errorf("Coco reads %d statistics records: %v", n, err)
			}
		}
		var left int
		_ = w.v.db.View(func(btx *bolt.Tx) error {
			if b := btx.Bucket([]byte(bucketRekey)); b != nil {
				left = b.Stats().KeyN
			}
			return nil
		})
		t.Logf("after %s: %d users still to take their keys", u, left)
	}
	if rep, err := w.v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check after every unlock: %v %+v", err, rep.Failures)
	}
	var left int
	_ = w.v.db.View(func(btx *bolt.Tx) error { left = btx.Bucket([]byte(bucketRekey)).Stats().KeyN; return nil })
	if left != 0 || len(logFindings(t, w.v)) != 0 {
		t.Fatalf("%d rekey entries left; log findings %v", left, logFindings(t, w.v))
	}
}

// TestRotateReachesOnlyUsersWithAKeyPair: a user whose slot is of an older
// version (no key pair) is named; their old passphrase then gives
// ErrKeysRenewed, and the new recovery code gives them a new one.
func TestRotateReachesOnlyUsersWithAKeyPair(t *testing.T) {
	w := newRotationWorld(t)
	// Make Coco's slot an older one: no key pair in the directory.
	var cocoID string
	users, _ := w.v.Users()
	for _, u := range users {
		if u.Name == "Coco" {
			cocoID = u.ID
		}
	}
	if err := w.v.Update(func(tx *Tx) error { return tx.putDirEntry(cocoID, User{Name: "Coco", Role: RoleCoordinator}) }); err != nil {
		t.Fatal(err)
	}
	res, err := w.v.RotateKeys(RotateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.NeedReset, []string{"Coco"}) {
		t.Fatalf("need reset %v", res.NeedReset)
	}
	w.v = reopen(t, w.v, w.path)
	if err := w.v.Unlock("Coco", []byte(w.pass["Coco"])); !errors.Is(err, ErrKeysRenewed) {
		t.Fatalf("Coco with old keys: %v", err)
	}
	if err := w.v.UnlockWithRecovery(res.RecoveryCode); err != nil {
		t.Fatal(err)
	}
	if err := w.v.SetPassphraseWithRecovery("Coco", []byte("a new passphrase for coco")); err != nil {
		t.Fatal(err)
	}
	w.v = reopen(t, w.v, w.path)
	if err := w.v.Unlock("Coco", []byte("a new passphrase for coco")); err != nil {
		t.Fatalf("Coco after the reset: %v", err)
	}
}

// TestRotateRefusals: only a supporter rotates, and never removes
// themselves or the last supporter.
func TestRotateRefusals(t *testing.T) {
	w := newRotationWorld(t)
	if _, err := w.v.RotateKeys(RotateOptions{Remove: testUser}); !errors.Is(err, ErrNotPermitted) {
		t.Errorf("removing oneself: %v", err)
	}
	if _, err := w.v.RotateKeys(RotateOptions{Remove: "Nobody"}); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("removing no one: %v", err)
	}
	w.v = reopen(t, w.v, w.path)
	if err := w.v.Unlock("Kim", []byte(w.pass["Kim"])); err != nil {
		t.Fatal(err)
	}
	if _, err := w.v.RotateKeys(RotateOptions{}); !errors.Is(err, ErrNotPermitted) {
		t.Errorf("a kompaan rotates: %v", err)
	}
	// Nothing changed: the supporter still reads everything with the old keys.
	w.v = reopen(t, w.v, w.path)
	if err := w.v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if rep, err := w.v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep.Failures)
	}
}

// ok reports whether an open worked, clearing what it returned.
func ok(b []byte, err error) bool {
	clear(b)
	return err == nil
}
