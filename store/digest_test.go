package store

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// digestVault is a vault with a resident, an intake (with its statistics
// record), a settings record and a second user, for Check to look at.
type digestVault struct {
	v        *Vault
	path     string
	resident intake.Resident
	in       intake.Intake
	recovery string // the recovery slot's ID, once recoveryID ran
}

func newDigestVault(t *testing.T) *digestVault {
	t.Helper()
	v, path, _ := newVault(t)
	if err := v.AddUser("Kim", RoleKompaan, kimPass); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	d := &digestVault{v: v, path: path, resident: intake.NewResident("Bewoner", now), in: intake.NewIntake(now)}
	d.in.ResidentID = d.resident.ID
	d.in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	d.in.OwnWords = "eerste versie"
	err := v.Update(func(tx *Tx) error {
		if err := tx.Put(KindResident, d.resident.ID, d.resident); err != nil {
			return err
		}
		if err := tx.Put(KindMeta, "settings", note{Text: "instellingen"}); err != nil {
			return err
		}
		return tx.SaveIntake(d.in, intake.DefaultCatalogue(), now)
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() || !rep.Digest || !rep.CrossChecked {
		t.Fatalf("Check of a sound vault: %v %+v", err, rep)
	}
	return d
}

// raw edits the file with bbolt directly, behind the store's back (the
// digest is not updated): what someone with the file but no keys can do.
func (d *digestVault) raw(t *testing.T, fn func(tx *bolt.Tx) error) {
	t.Helper()
	if err := d.v.db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func findings(rep CheckReport) []string {
	var out []string
	for _, f := range rep.Failures {
		s := f.Kind + " " + f.Bucket
		if f.ID != "" {
			s += "/" + f.ID
		}
		if f.User != "" {
			s += " (" + f.User + ")"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestCheckDetects: Check finds what someone with the file but no key can
// do to it — delete a record, put back an older value of one, put back an
// old key slot after a passphrase change, add a record back after it was
// deleted, edit a record's ID, delete a bucket, the recovery slot or the
// digest — and names the record when it can.
func TestCheckDetects(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, d *digestVault) // with the vault unlocked as the supporter
		want   func(d *digestVault) []string
	}{
		{"deleted intake", func(t *testing.T, d *digestVault) {
			d.raw(t, func(tx *bolt.Tx) error { return tx.Bucket([]byte(KindIntake)).Delete([]byte(d.in.ID)) })
		}, func(d *digestVault) []string {
			return []string{FailDeleted + " intakes/" + d.in.ID, FailMismatch + " stats/" + d.in.StatID}
		}},
		{"deleted statistics record", func(t *testing.T, d *digestVault) {
			d.raw(t, func(tx *bolt.Tx) error { return tx.Bucket([]byte(KindStat)).Delete([]byte(d.in.StatID)) })
		}, func(d *digestVault) []string {
			return []string{FailMismatch + " intakes/" + d.in.ID, FailDeleted + " stats/" + d.in.StatID}
		}},
		{"older value of an intake put back", func(t *testing.T, d *digestVault) {
			old := rawValue(t, d.v, string(KindIntake), d.in.ID)
			in := d.in
			in.OwnWords = "tweede versie"
			if err := d.v.Update(func(tx *Tx) error { return tx.Put(KindIntake, in.ID, in) }); err != nil {
				t.Fatal(err)
			}
			d.raw(t, func(tx *bolt.Tx) error { return tx.Bucket([]byte(KindIntake)).Put([]byte(d.in.ID), old) })
		}, func(d *digestVault) []string { return []string{FailReplayed + " intakes/" + d.in.ID} }},
		{"old key slot put back after passwd", func(t *testing.T, d *digestVault) {
			d.unlock(t, "Kim", kimPass)
			slots := slotBytes(t, d.v)
			if err := d.v.ChangePassphrase([]byte("kim heeft een nieuwe zin")); err != nil {
				t.Fatal(err)
			}
			d.raw(t, func(tx *bolt.Tx) error {
				for id, raw := range slots {
					if err := tx.Bucket([]byte(bucketSlots)).Put([]byte(id), raw); err != nil {
						return err
					}
				}
				return nil
			})
			d.unlock(t, testUser, []byte(testPass))
		}, func(d *digestVault) []string { return []string{FailReplayed + " slots/" + d.userID("Kim") + " (Kim)"} }},
		{"deleted record added back", func(t *testing.T, d *digestVault) {
			old := rawValue(t, d.v, string(KindMeta), "settings")
			if err := d.v.Update(func(tx *Tx) error { return tx.Delete(KindMeta, "settings") }); err != nil {
				t.Fatal(err)
			}
			d.raw(t, func(tx *bolt.Tx) error { return tx.Bucket([]byte(KindMeta)).Put([]byte("settings"), old) })
		}, func(d *digestVault) []string { return []string{FailAdded + " meta/settings"} }},
		{"record ID edited", func(t *testing.T, d *digestVault) {
			d.raw(t, func(tx *bolt.Tx) error {
				b := tx.Bucket([]byte(KindMeta))
				val := bytes.Clone(b.Get([]byte("settings")))
				if err := b.Delete([]byte("settings")); err != nil {
					return err
				}
				return b.Put([]byte("settingz"), val)
			})
		}, func(d *digestVault) []string { return []string{FailAuth + " meta/settingz"} }},
		{"bucket deleted", func(t *testing.T, d *digestVault) {
			d.raw(t, func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte(KindMeta)) })
		}, func(d *digestVault) []string {
			return []string{FailMissing + " meta"}
		}},
		{"recovery slot deleted", func(t *testing.T, d *digestVault) {
			d.raw(t, func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketSlots)).Delete([]byte(d.recoveryID(t))) })
		}, func(d *digestVault) []string {
			return []string{FailDeleted + " slots/" + d.recovery, FailMissing + " slots"}
		}},
		{"digest deleted", func(t *testing.T, d *digestVault) {
			d.raw(t, func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketVault)).Delete([]byte(digestID)) })
		}, func(d *digestVault) []string { return []string{FailMissing + " vault/digest"} }},
		{"two records deleted", func(t *testing.T, d *digestVault) {
			d.raw(t, func(tx *bolt.Tx) error {
				if err := tx.Bucket([]byte(KindIntake)).Delete([]byte(d.in.ID)); err != nil {
					return err
				}
				return tx.Bucket([]byte(KindResident)).Delete([]byte(d.resident.ID))
			})
		}, func(d *digestVault) []string {
			return []string{FailDeleted + " intakes/" + d.in.ID, FailDeleted + " residents/" + d.resident.ID, FailMismatch + " stats/" + d.in.StatID}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDigestVault(t)
			tt.tamper(t, d)
			d.v = reopen(t, d.v, d.path)
			d.unlock(t, testUser, []byte(testPass))
			rep, err := d.v.Check()
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want(d)
			slices.Sort(want)
			if got := findings(rep); !slices.Equal(got, want) {
				t.Fatalf("Check found\n  %q\nwant\n  %q", got, want)
			}
		})
	}
}

func (d *digestVault) unlock(t *testing.T, user string, pass []byte) {
	t.Helper()
	if err := d.v.Unlock(user, pass); err != nil {
		t.Fatalf("unlock %s: %v", user, err)
	}
}

func (d *digestVault) userID(name string) string {
	users, _ := d.v.Users()
	for _, u := range users {
		if u.Name == name {
			return u.ID
		}
	}
	return ""
}

func (d *digestVault) recoveryID(t *testing.T) string {
	for id, raw := range slotBytes(t, d.v) {
		if h, _, err := decodeSlot(raw); err == nil && h.Type == slotRecovery {
			d.recovery = id
			return id
		}
	}
	t.Fatal("no recovery slot")
	return ""
}

// TestDigestOrderFree: the digest does not depend on the order of writes,
// and a write through the store keeps it equal to the file's.
func TestDigestOrderFree(t *testing.T) {
	key := newDigesterKey(bytes.Repeat([]byte{9}, keySize))
	a, b := &vaultDigest{buckets: map[string]*bucketSum{}}, &vaultDigest{buckets: map[string]*bucketSum{}}
	vals := [][2]string{{"x", "1"}, {"y", "2"}, {"z", "3"}}
	for _, kv := range vals {
		apply(a.bucket("k"), key, "k", []byte(kv[0]), []byte(kv[1]), +1)
	}
	for i := len(vals) - 1; i >= 0; i-- {
		apply(b.bucket("k"), key, "k", []byte(vals[i][0]), []byte(vals[i][1]), +1)
	}
	if !a.bucket("k").equal(b.bucket("k")) {
		t.Fatal("the digest depends on the order")
	}
	apply(b.bucket("k"), key, "k", []byte("y"), []byte("2"), -1)
	apply(b.bucket("k"), key, "k", []byte("y"), []byte("2'"), +1)
	if a.bucket("k").equal(b.bucket("k")) {
		t.Fatal("a changed value leaves the digest equal")
	}
	dec, err := decodeDigest(a.encode())
	if err != nil || !dec.bucket("k").equal(a.bucket("k")) {
		t.Fatalf("digest does not round-trip: %v", err)
	}
}

// TestDigestSumsAsApply: the wide sums of check and computeDigest, split
// over workers and merged, give exactly the sums of apply one pair at a
// time — for values of every size, IDs up to the padded length and past
// it, and enough pairs that the wide sums carry.
func TestDigestSumsAsApply(t *testing.T) {
	key := newDigesterKey(bytes.Repeat([]byte{7}, keySize))
	cases := []struct {
		name  string
		pairs int
		idLen func(i int) int
		size  func(i int) int
	}{
		{"one pair", 1, func(int) int { return 16 }, func(int) int { return 100 }},
		{"small values", 300, func(int) int { return 16 }, func(i int) int { return i % 7 }},
		{"long and empty IDs", 50, func(i int) int { return []int{0, 1, 127, 128, 200}[i%5] }, func(i int) int { return 2000 + i }},
		{"many pairs", 5000, func(i int) int { return 1 + i%40 }, func(i int) int { return i % 600 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := &bucketSum{}
			sums := newDigestWorkers(key, 3, 1)
			for i := range tc.pairs {
				id := bytes.Repeat([]byte{byte('a' + i%26)}, tc.idLen(i))
				id = append(id, fmt.Sprint(i)...)
				val := bytes.Repeat([]byte{byte(i)}, tc.size(i))
				apply(want, key, "b", id, val, +1)
				sums.add(i%3, 0, "b", id, val)
			}
			got := sums.digest([]string{"b"}).bucket("b")
			if !got.equal(want) {
				t.Fatalf("sums differ: count %d/%d, A %v/%v", got.count, want.count, &got.a, &want.a)
			}
		})
	}
}

// apply is the digest's definition (docs/FORMAT.md §6) one pair at a
// time, mod p: add (sign +1) or remove (sign −1) one key/value pair. The
// wide sums of a write transaction (digestDelta), check and
// computeDigest are held to it.
func apply(s *bucketSum, key *digester, bucket string, id, value []byte, sign int) {
	h := digestMAC(key, 1, bucket, id, value)
	x := digestMAC(key, 2, bucket, id, nil)
	x.Mul(x, h)
	if sign < 0 {
		h.Neg(h)
		x.Neg(x)
	}
	s.a.Add(&s.a, h).Mod(&s.a, digestPrime)
	s.b.Add(&s.b, x).Mod(&s.b, digestPrime)
	s.count += int64(sign)
	p := padID(id)
	for i := range s.ids {
		s.ids[i] ^= p[i]
	}
}

// TestDeltaAsApply: a write transaction's change to the digest, summed
// wide and reduced once, is what adding and removing each pair mod p
// gives — for adds only, removals only (a count below zero), a value
// replaced, a pair added and removed again (nothing), and enough pairs
// that the wide sums carry; and a bucket's change stays its own.
func TestDeltaAsApply(t *testing.T) {
	key := newDigesterKey(bytes.Repeat([]byte{5}, keySize))
	type op struct {
		bucket, id, value string
		sign              int
	}
	many := func(n int, sign func(i int) int) []op {
		var ops []op
		for i := range n {
			ops = append(ops, op{"b", fmt.Sprintf("%0*d", 1+i%130, i), strings.Repeat(string(rune('a'+i%26)), i%900), sign(i)})
		}
		return ops
	}
	cases := []struct {
		name string
		ops  []op
	}{
		{"one add", []op{{"b", "x", "1", +1}}},
		{"one removal", []op{{"b", "x", "1", -1}}},
		{"a value replaced", []op{{"b", "x", "old", -1}, {"b", "x", "new", +1}}},
		{"added and removed", []op{{"b", "x", "1", +1}, {"b", "x", "1", -1}}},
		{"two buckets", []op{{"b", "x", "1", +1}, {"c", "x", "1", +1}, {"c", "y", "2", -1}}},
		{"many adds", many(3000, func(int) int { return +1 })},
		{"many removals", many(3000, func(int) int { return -1 })},
		{"mixed", many(3000, func(i int) int { return []int{+1, -1, +1}[i%3] })},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := map[string]*bucketSum{}
			d := newDigestDelta()
			for _, o := range tc.ops {
				if want[o.bucket] == nil {
					want[o.bucket] = &bucketSum{}
				}
				apply(want[o.bucket], key, o.bucket, []byte(o.id), []byte(o.value), o.sign)
				d.apply(key, o.bucket, []byte(o.id), []byte(o.value), o.sign)
			}
			if len(d.buckets) != len(want) {
				t.Fatalf("%d buckets changed, want %d", len(d.buckets), len(want))
			}
			for name, w := range want {
				got := d.buckets[name].bucketSum()
				if !got.equal(w) {
					t.Fatalf("bucket %s: count %d/%d, A %v/%v, B %v/%v", name, got.count, w.count, &got.a, &w.a, &got.b, &w.b)
				}
				// As flushDigest uses it: merged into a stored summary.
				stored, ref := &bucketSum{count: 7}, &bucketSum{count: 7}
				stored.a.SetInt64(11)
				ref.a.SetInt64(11)
				stored.merge(got)
				ref.merge(w)
				if !stored.equal(ref) {
					t.Fatalf("bucket %s: merged summaries differ", name)
				}
			}
		})
	}
}

// TestPutManyAsPut: records written by putMany read back as written, and
// the digest after it is the file's — into an empty bucket, over
// records there (each replaced value taken out of the digest), on one
// worker and on several; a filed kind, a bad ID or a value that does not
// encode is an error, and the transaction writes nothing.
func TestPutManyAsPut(t *testing.T) {
	ids := func(n int, prefix string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%s%06d", prefix, i)
		}
		return out
	}
	backward := func(ids []string) []string { slices.Reverse(ids); return ids }
	cases := []struct {
		name   string
		before []string // put one by one first
		ids    []string
		kind   Kind
		value  func(id string) any
		err    bool
	}{
		{"a few", nil, ids(3, "s"), KindStat, func(string) any { return statRecord(1) }, false},
		{"on several workers", nil, ids(1500, "s"), KindStat, func(string) any { return statRecord(2) }, false},
		{"over records there", ids(700, "s"), ids(1200, "s"), KindStat, func(string) any { return statRecord(3) }, false},
		{"after records there", ids(700, "a"), ids(1200, "s"), KindStat, func(string) any { return statRecord(3) }, false},
		// The first after the last there, but not in order: the rest replace.
		{"over records there, last first", ids(700, "s"), backward(ids(1200, "s")), KindStat, func(string) any { return statRecord(4) }, false},
		{"JSON values", nil, ids(600, "n"), KindMeta, func(id string) any { return note{Text: id} }, false},
		{"a filed kind", nil, ids(2, "r"), KindResident, func(string) any { return note{} }, true},
		{"a bad ID", nil, []string{"ok", "not ok/"}, KindMeta, func(string) any { return note{} }, true},
		{"a value that does not encode", nil, ids(600, "n"), KindMeta, func(id string) any {
			if id == "n000300" {
				return func() {}
			}
			return note{Text: id}
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, _, _ := newVault(t)
			for _, id := range tc.before {
				put(t, v, tc.kind, id, tc.value("old "+id))
			}
			countBefore := 0
			_ = v.View(func(tx *Tx) error { countBefore = tx.Count(tc.kind); return nil })
			err := v.Update(func(tx *Tx) error {
				return tx.putMany(tc.kind, tc.ids, func(i int) any { return tc.value(tc.ids[i]) })
			})
			if tc.err {
				if err == nil {
					t.Fatal("putMany gave no error")
				}
				_ = v.View(func(tx *Tx) error {
					if n := tx.Count(tc.kind); n != countBefore {
						t.Errorf("%d records after a failed putMany, want %d", n, countBefore)
					}
					return nil
				})
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			err = v.View(func(tx *Tx) error {
				for _, id := range tc.ids {
					want := tc.value(id)
					switch w := want.(type) {
					case intake.StatRecord:
						var got intake.StatRecord
						if err := tx.Get(tc.kind, id, &got); err != nil || !reflect.DeepEqual(got, w) {
							t.Fatalf("%s: %+v, %v; want %+v", id, got, err, w)
						}
					case note:
						var got note
						if err := tx.Get(tc.kind, id, &got); err != nil || got.Text != w.Text {
							t.Fatalf("%s: %+v, %v; want %+v", id, got, err, w)
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			digestIsFiles(t, v)
		})
	}
}

// digestIsFiles fails t unless the vault's sealed digest is the one
// computed afresh from the values in its file, bucket by bucket.
func digestIsFiles(t *testing.T, v *Vault) {
	t.Helper()
	err := v.db.View(func(btx *bolt.Tx) error {
		stored, err := v.readDigest(btx, v.keys)
		if err != nil || stored == nil {
			t.Fatalf("no digest: %v", err)
		}
		actual, err := computeDigest(btx, v.keys.digest)
		if err != nil {
			return err
		}
		for name, s := range actual.buckets {
			if !stored.bucket(name).equal(s) {
				t.Errorf("bucket %s: the digest is not the file's", name)
			}
		}
		for name, s := range stored.buckets {
			if s.count != 0 && actual.buckets[name] == nil {
				t.Errorf("bucket %s: in the digest, not in the file", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
