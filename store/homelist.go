package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
)

// KindHomeList keeps home's first screen as it was last shown, under the
// group key and the one ID homeListID (docs/FORMAT.md §1, "The kept first
// screen"): at office size the next unlock shows it at once instead of
// after reading every intake's index entry. The store keeps it as any
// record; the session says what it holds. It is valid only with the
// stamp it carries (HomeStamp), and every write to what it is made of
// deletes it in the same transaction (homeSource), so it never outlives
// what it shows: an erased resident's name goes with the resident.
const KindHomeList Kind = "homelist"

// homeListID is the one record of KindHomeList.
const homeListID = "home"

// homeSource reports whether a bucket is one home's list is made of.
func homeSource(bucket string) bool {
	return bucket == string(KindResident) || bucket == string(KindIntake) || bucket == bucketIndex
}

// dropHomeList deletes the kept first screen, once a transaction, before
// the transaction writes what it is made of.
func (tx *Tx) dropHomeList(bucket string) error {
	if tx.homeDropped || !homeSource(bucket) {
		return nil
	}
	tx.homeDropped = true
	return tx.del(string(KindHomeList), []byte(homeListID))
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
	return out, nil
}

// HomeStamp is the stamp of the residents, intakes and index as committed
// (homeStamp), in a transaction of its own.
func (v *Vault) HomeStamp() (stamp [sha256.Size]byte, err error) {
	err = v.View(func(tx *Tx) error {
		stamp, err = tx.homeStamp()
		return err
	})
	return stamp, err
}

// HomeList decodes the kept first screen into out (as Get does) and
// returns the stamp of the vault now, read in the same transaction; the
// caller compares it with the one the list was kept with. ErrNotFound
// when none is kept, or the file has no digest.
func (v *Vault) HomeList(out any) (stamp [sha256.Size]byte, err error) {
	err = v.View(func(tx *Tx) error {
		if stamp, err = tx.homeStamp(); err != nil {
			return err
		}
		return tx.Get(KindHomeList, homeListID, out)
	})
	return stamp, err
}

// PutHomeList keeps value as home's first screen, made from the vault
// as it was at stamp. When the vault has changed since (a save between
// reading the list and keeping it), nothing is written and kept is
// false: a list made before a write must not be kept after it.
func (v *Vault) PutHomeList(stamp [sha256.Size]byte, value any) (kept bool, err error) {
	err = v.Update(func(tx *Tx) error {
		now, err := tx.homeStamp()
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil || now != stamp {
			return err
		}
		kept = true
		return tx.Put(KindHomeList, homeListID, value)
	})
	return kept && err == nil, err
}
