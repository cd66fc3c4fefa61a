package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// KindHomeList keeps home's first screen as it was last shown, under the
// group key (docs/FORMAT.md §1, "The kept first screen"): at office size
// the next unlock shows it at once instead of after reading every
// intake's index entry. Two records: the list (homeListID), which the
// store keeps as any record and the session says what it holds, and, in
// a bucket of its own (KindHomeStamp), its stamp (homeStampRecord): the
// state of the vault it shows (HomeStamp) and the SHA-256 of the list it
// belongs to. The list is valid only while its stamp is the vault's.
// Every write to what it is made of deletes both in the same transaction
// (homeSource), so the list never outlives what it shows: an erased
// resident's name goes with the resident. A transaction that keeps the list up to date instead
// (KeepHomeListAtCommit) writes it, or only its stamp, at commit.
const KindHomeList Kind = "homelist"

// KindHomeStamp holds the kept list's stamp record, apart from the list:
// bbolt writes a leaf with all its values, and a save that changes
// nothing on the list writes only its stamp.
const KindHomeStamp Kind = "homestamp"

// homeListID names the one record of KindHomeList and of KindHomeStamp.
const homeListID = "home"

// homeStampRecord is the stamp of the kept list: its own version (1),
// the list's version as its writer gave it, the vault's stamp, the
// SHA-256 of the list's plaintext (66 bytes).
type homeStampRecord struct {
	listVersion uint8
	stamp, list [sha256.Size]byte
}

const homeStampVersion = 1

func (r *homeStampRecord) MarshalBinary() ([]byte, error) {
	b := append([]byte{homeStampVersion, r.listVersion}, r.stamp[:]...)
	return append(b, r.list[:]...), nil
}

func (r *homeStampRecord) UnmarshalBinary(b []byte) error {
	if len(b) != 2+2*sha256.Size || b[0] != homeStampVersion {
		return fmt.Errorf("%w: the kept first screen's stamp", ErrTampered)
	}
	r.listVersion = b[1]
	copy(r.stamp[:], b[2:])
	copy(r.list[:], b[2+sha256.Size:])
	return nil
}

// homeSource reports whether a bucket is one home's list is made of.
func homeSource(bucket string) bool {
	return bucket == string(KindResident) || bucket == string(KindIntake) || bucket == bucketIndex
}

// dropHomeList deletes the kept first screen, once a transaction, before
// the transaction writes what it is made of; in a transaction that keeps
// it up to date, at commit (settleHomeList).
func (tx *Tx) dropHomeList(bucket string, key []byte) error {
	if !homeSource(bucket) {
		return nil
	}
	if tx.homeKeep != nil {
		tx.homeDropped = true
		if !tx.homeOnly[bucket+"/"+string(key)] {
			tx.homeOther = true // what the keeper does not know of: deleted at commit
		}
		return nil
	}
	if tx.homeDropped {
		return nil
	}
	tx.homeDropped = true
	return tx.deleteHomeList()
}

func (tx *Tx) deleteHomeList() error {
	if err := tx.del(string(KindHomeList), []byte(homeListID)); err != nil {
		return err
	}
	return tx.del(string(KindHomeStamp), []byte(homeListID))
}

// homeStamp names the state of the residents, the intakes and their
// index as the digest sums them (docs/FORMAT.md §6): it changes with
// every value written to or deleted from them, and without the digest's
// key it cannot be made. ErrNotFound when the file has no digest. It is
// the committed state: a write transaction's own changes are summed into
// the digest only at its end (PutHomeList asks before it writes).
func (tx *Tx) homeStamp() ([sha256.Size]byte, error) {
	d, err := tx.v.readDigest(tx.btx, tx.keys)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	if d == nil {
		return [sha256.Size]byte{}, ErrNotFound
	}
	return homeStampOf(d), nil
}

// homeStampOf is the stamp of d's residents, intakes and index.
func homeStampOf(d *vaultDigest) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte("spreekuur-home-stamp"))
	var b []byte
	for _, name := range []string{string(KindResident), string(KindIntake), bucketIndex} {
		s := d.buckets[name]
		if s == nil {
			s = &bucketSum{}
		}
		b = append(b[:0], byte(len(name)))
		b = append(b, name...)
		b = binary.BigEndian.AppendUint64(b, uint64(s.count))
		b = append(b, s.ids[:]...)
		var ab [64]byte
		s.a.FillBytes(ab[:32])
		s.b.FillBytes(ab[32:])
		h.Write(append(b, ab[:]...))
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// keptHomeList decodes the kept first screen into out (as Get does) and
// returns the stamp it was kept with. ErrNotFound when none is kept, or
// its stamp is not of this list.
func (tx *Tx) keptHomeList(out any) (kept [sha256.Size]byte, err error) {
	var rec homeStampRecord
	if err := tx.Get(KindHomeStamp, homeListID, &rec); err != nil {
		return kept, err
	}
	err = tx.GetPlain(KindHomeList, homeListID, func(plain []byte) error {
		if sha256.Sum256(plain) != rec.list {
			return ErrNotFound // a list and a stamp that do not belong together
		}
		return decodeValue(plain, out)
	})
	return rec.stamp, err
}

// KeptHomeList decodes the kept first screen into out (as Get does) and
// returns the stamp it was kept with and the vault's as committed; it is
// the vault's list when the two are equal. ErrNotFound when none is
// kept, or the file has no digest.
func (tx *Tx) KeptHomeList(out any) (kept, now [sha256.Size]byte, err error) {
	if now, err = tx.homeStamp(); err != nil {
		return kept, now, err
	}
	kept, err = tx.keptHomeList(out)
	return kept, now, err
}

// KeptHomeListStamp is KeptHomeList without the list: the list's version
// and the stamp it was kept with (its stamp record alone, not checked
// against the list), and the vault's as committed.
func (tx *Tx) KeptHomeListStamp() (version uint8, kept, now [sha256.Size]byte, err error) {
	if now, err = tx.homeStamp(); err != nil {
		return 0, kept, now, err
	}
	var rec homeStampRecord
	err = tx.Get(KindHomeStamp, homeListID, &rec)
	return rec.listVersion, rec.stamp, now, err
}

// HomeListKeep is what a transaction's KeepHomeListAtCommit function
// answers: the list to keep (Value, of version Version), or that the
// list kept before is still what the vault shows (Same: only its stamp
// is written anew, a few bytes instead of the whole list), or neither:
// it is deleted.
type HomeListKeep struct {
	Value   any
	Version uint8
	Same    bool
}

// KeepHomeListAtCommit keeps home's first screen up to date through this
// transaction instead of deleting it when the transaction writes what it
// is made of. Call it before the writes. At commit, once those writes
// are summed into the digest, fn gets the stamp of the residents,
// intakes and index as committed and says what to keep (HomeListKeep);
// it may read through the transaction, not write. The caller works the
// answer out from the list it read before (KeptHomeList) and what the
// transaction changed. only names the records ("bucket/key") the
// transaction may write of those: a write to any other (a second intake,
// a resident renamed beside the save) deletes the list at commit, as a
// second call does. Nothing happens when the transaction writes none of
// those.
func (tx *Tx) KeepHomeListAtCommit(only []string, fn func(stamp [sha256.Size]byte) (HomeListKeep, error)) {
	if tx.homeKeep != nil {
		tx.homeOther = true
		return
	}
	tx.homeKeep, tx.homeOnly = fn, map[string]bool{}
	for _, k := range only {
		tx.homeOnly[k] = true
	}
}

// HomeListRecord names a record for KeepHomeListAtCommit's only: an
// intake and its index entry (k KindIntake), or a resident.
func HomeListRecord(k Kind, id string) []string {
	if k == KindIntake {
		return []string{string(KindIntake) + "/" + id, bucketIndex + "/" + id}
	}
	return []string{string(k) + "/" + id}
}

// settleHomeList does, at commit, what the transaction's
// KeepHomeListAtCommit function answers, with d the digest with every
// change but the kept list's own merged.
func (tx *Tx) settleHomeList(d *vaultDigest) error {
	stamp := homeStampOf(d)
	keep, err := tx.homeKeep(stamp)
	switch {
	case err != nil:
		return err
	case keep.Value != nil:
		return tx.putHomeList(stamp, keep.Version, keep.Value)
	case keep.Same:
		var rec homeStampRecord
		if err := tx.Get(KindHomeStamp, homeListID, &rec); err != nil {
			return tx.deleteHomeList()
		}
		rec.stamp = stamp
		return tx.Put(KindHomeStamp, homeListID, &rec)
	}
	return tx.deleteHomeList()
}

// putHomeList writes the list value, of version version, and its stamp
// record.
func (tx *Tx) putHomeList(stamp [sha256.Size]byte, version uint8, value any) error {
	plain, err := encodeValue(value)
	if err != nil {
		return fmt.Errorf("store: encode the kept first screen: %w", err)
	}
	defer clear(plain)
	rec := homeStampRecord{listVersion: version, stamp: stamp, list: sha256.Sum256(plain)}
	if err := tx.Put(KindHomeList, homeListID, encoded(plain)); err != nil { // Put wipes plain
		return err
	}
	return tx.Put(KindHomeStamp, homeListID, &rec)
}

// encoded is a value's encoding, put as it is (encoded once to be hashed).
type encoded []byte

func (e encoded) MarshalBinary() ([]byte, error) { return e, nil }

// HomeStamp is the stamp of the residents, intakes and index as committed
// (homeStamp), in a transaction of its own.
func (v *Vault) HomeStamp() (stamp [sha256.Size]byte, err error) {
	err = v.View(func(tx *Tx) error {
		stamp, err = tx.homeStamp()
		return err
	})
	return stamp, err
}

// HomeList is KeptHomeList in a transaction of its own.
func (v *Vault) HomeList(out any) (kept, now [sha256.Size]byte, err error) {
	err = v.View(func(tx *Tx) error {
		kept, now, err = tx.KeptHomeList(out)
		return err
	})
	return kept, now, err
}

// PutHomeList keeps value, a list of version version, as home's first
// screen, made from the vault as it was at stamp. When the vault has changed since (a save between
// reading the list and keeping it), nothing is written and kept is
// false: a list made before a write must not be kept after it.
func (v *Vault) PutHomeList(stamp [sha256.Size]byte, version uint8, value any) (kept bool, err error) {
	err = v.Update(func(tx *Tx) error {
		now, err := tx.homeStamp()
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil || now != stamp {
			return err
		}
		kept = true
		return tx.putHomeList(stamp, version, value)
	})
	return kept && err == nil, err
}
