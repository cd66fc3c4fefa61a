package store

import (
	"bytes"
	"errors"
	"slices"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// sealedIntake is what putFiled writes for an intake the vault does not
// have — the intake's stored value, its index entry's, and their parts of
// the digest — made before the transaction that writes them
// (Vault.PrepareNewIntakes): an import seals the intakes of its next batch
// on every core while its one writer puts the batch before (sealing and
// summing were a third of the writer's time). It is bound to the key set,
// format version and kompanen it was sealed for; a transaction with other
// ones (the vault locked and unlocked, a kompaan added or removed since)
// seals the intake again.
type sealedIntake struct {
	keys               *keySet
	version            uint32
	members            []kompaanKey // those who took part, wrapped for
	value, entry       []byte
	valueSum, entrySum digestSum
}

// PrepareNewIntakes seals each of encs as an intake the vault does not
// have yet (see sealedIntake) and, with cat, makes its statistics as
// SaveIntakeStaged would stage them at now from its resident as the vault
// holds it now (see preparedStat), for SaveEncodedIntakeStaged to write.
// One that cannot be written as prepared is saved as usual; one
// prepared before is left as it is. Safe to call from several goroutines
// at once, and beside a write transaction. A kompaan's, or a vault
// without an intake index, prepares nothing: those save as before.
// Errors: ErrLocked.
func (v *Vault) PrepareNewIntakes(encs []*EncodedIntake, cat *intake.Catalogue, now time.Time) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	keys := v.keys
	if keys == nil {
		return ErrLocked
	}
	if keys.group == nil || keys.digest == nil || v.version < formatIndexed || len(encs) == 0 {
		return nil
	}
	d := keys.digest.fork() // keys.digest may be in use by a write meanwhile
	for _, e := range encs {
		if e.sealed != nil || e.plain == nil {
			continue // prepared before: its JSON is gone (and sealing it again would seal nothing)
		}
		s, err := sealNewIntake(keys, v.version, d, e)
		if err != nil {
			return err
		}
		// Sealed, the JSON is not kept while the intake waits for its
		// batch (a batch and the lines read ahead of it: megabytes at
		// office size); the rare intake that cannot be written as sealed
		// is encoded again (EncodedIntake.MarshalBinary).
		e.sealed = s
		clear(e.plain)
		e.plain = nil
	}
	if cat == nil {
		return nil
	}
	return v.view(keys, func(tx *Tx) error {
		for _, e := range encs {
			if e.stat == nil {
				e.stat = prepareStat(tx, e.in, cat, now)
			}
		}
		return nil
	})
}

// preparedStat is an intake's staged statistics (stagedStat) made before
// the transaction that saves it, with the catalogue and time they were
// made for and the resident's stored value they were made from (nil:
// the vault had none). They hold while that value is the same.
type preparedStat struct {
	cat      *intake.Catalogue
	now      time.Time
	resident []byte
	stat     stagedStat
}

// prepareStat makes in's staged statistics from its resident in tx; nil
// if it cannot (the resident cannot be read): the save reads it then.
func prepareStat(tx *Tx, in *intake.Intake, cat *intake.Catalogue, now time.Time) *preparedStat {
	p := &preparedStat{cat: cat, now: now}
	var r intake.Resident
	if in.ResidentID != "" {
		if b := tx.btx.Bucket([]byte(KindResident)); b != nil {
			p.resident = bytes.Clone(b.Get([]byte(in.ResidentID)))
		}
		if err := tx.Get(KindResident, in.ResidentID, &r); err != nil && !errors.Is(err, ErrNotFound) {
			return nil
		}
	}
	var err error
	if p.stat, err = newStagedStat(in, r, cat, now); err != nil {
		return nil
	}
	return p
}

// validFor reports whether p (nil: none) is what SaveIntakeStaged would
// stage for in with cat at now in tx: made for those, from the
// resident's stored value as tx has it. The key set is not compared:
// only a supporter stages (saveIntakeStaged), and every supporter reads
// the same resident from the same stored value.
func (p *preparedStat) validFor(tx *Tx, in *intake.Intake, cat *intake.Catalogue, now time.Time) bool {
	if p == nil || p.cat != cat || !p.now.Equal(now) || p.stat.Intake != in.ID || !p.stat.Updated.Equal(in.Updated) {
		return false
	}
	var stored []byte
	if in.ResidentID != "" {
		if b := tx.btx.Bucket([]byte(KindResident)); b != nil {
			stored = b.Get([]byte(in.ResidentID))
		}
	}
	return bytes.Equal(stored, p.resident)
}

// sealNewIntake is putFiled of a new intake by a supporter (no value
// before, wrapped for exactly those who took part), without the puts.
func sealNewIntake(keys *keySet, version uint32, d *digester, e *EncodedIntake) (*sealedIntake, error) {
	id := e.in.ID
	if err := validID(id); err != nil {
		return nil, err
	}
	dk := make([]byte, keySize)
	defer clear(dk)
	if err := randRead(dk); err != nil {
		return nil, err
	}
	s := &sealedIntake{keys: keys, version: version, members: tookPart(keys.kompanen, e.in)}
	f, err := groupWraps(keys.group, version, string(KindIntake), id, dk, s.members)
	if err != nil {
		return nil, err
	}
	if s.value, err = sealFiledValue(f, dk, version, d, string(KindIntake), id, e.plain, &s.valueSum); err != nil {
		return nil, err
	}
	// The entry has the intake's wraps (putIndexEntry).
	if s.entry, err = sealFiledValue(f, dk, version, d, bucketIndex, id, e.entry, &s.entrySum); err != nil {
		return nil, err
	}
	return s, nil
}

// sealFiledValue is the stored value of record id of bucket with wraps f
// and data key dk, its part of the digest summed into sum.
func sealFiledValue(f filedValue, dk []byte, version uint32, d *digester, bucket, id string, plain []byte, sum *digestSum) ([]byte, error) {
	var err error
	if f.envelope, err = sealFiledEnvelope(dk, recordAD(version, bucket, id), plain); err != nil {
		return nil, err
	}
	value := f.encode()
	sum.add(d, bucket, []byte(id), value)
	return value, nil
}

// SealedResident is a resident the vault does not have, sealed before
// the transaction that writes it (Vault.SealNewResidents), as a
// sealedIntake is: bound to the key set and format version it was sealed
// for.
type SealedResident struct {
	keys     *keySet
	version  uint32
	resident intake.Resident
	value    []byte
	sum      digestSum
}

// ID is the ID of the resident s holds.
func (s *SealedResident) ID() string { return s.resident.ID }

// SealNewResidents seals each of rs as Put would a resident the vault
// does not have (a supporter's, wrapped for the group only), for
// Tx.PutSealedResident. As PrepareNewIntakes: safe beside a write
// transaction; a kompaan's seals nothing (nil); ErrLocked.
func (v *Vault) SealNewResidents(rs []intake.Resident) ([]*SealedResident, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	keys := v.keys
	if keys == nil {
		return nil, ErrLocked
	}
	if keys.group == nil || keys.digest == nil || v.version < formatFiled || len(rs) == 0 {
		return nil, nil
	}
	d := keys.digest.fork()
	out := make([]*SealedResident, len(rs))
	dk := make([]byte, keySize)
	defer clear(dk)
	for i, r := range rs {
		if err := validID(r.ID); err != nil {
			return nil, err
		}
		if err := randRead(dk); err != nil {
			return nil, err
		}
		plain, err := encodeValue(r)
		if err != nil {
			return nil, err
		}
		s := &SealedResident{keys: keys, version: v.version, resident: r}
		f, err := groupWraps(keys.group, v.version, string(KindResident), r.ID, dk, nil)
		if err == nil {
			s.value, err = sealFiledValue(f, dk, v.version, d, string(KindResident), r.ID, plain, &s.sum)
		}
		clear(plain)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// PutSealedResident writes s as SealNewResidents sealed it, or, if it was
// sealed for another key set or version or the vault has the resident,
// puts it as usual (Put).
func (tx *Tx) PutSealedResident(s *SealedResident) error {
	id := []byte(s.resident.ID)
	b := tx.btx.Bucket([]byte(KindResident))
	if s.keys != tx.keys || s.version != tx.v.version || tx.delta == nil || (b != nil && b.Get(id) != nil) {
		return tx.Put(KindResident, s.resident.ID, s.resident)
	}
	if err := tx.access(KindResident); err != nil {
		return err
	}
	return tx.putSum(string(KindResident), id, s.value, &s.sum)
}

// putSealedIntake writes e's intake and index entry as PrepareNewIntakes sealed
// them, and wipes e's plaintext as Put does. false (nothing written): e
// was not sealed, or for another key set, version or kompanen than this
// transaction's, or the vault has the intake or its entry; the caller
// then puts it as usual.
func (tx *Tx) putSealedIntake(e *EncodedIntake) (bool, error) {
	s := e.sealed
	if s == nil || s.keys != tx.keys || s.version != tx.v.version || tx.delta == nil || !tx.indexed() ||
		!slices.Equal(s.members, tx.tookPart(e.in)) {
		return false, nil
	}
	id := []byte(e.in.ID)
	// saveIntakeStaged looked already; this guards any other caller: a
	// value there has a data key and wraps (a kompaan's) that putFiled
	// keeps and the sealed value would not. Two lookups an intake.
	for _, bucket := range []string{string(KindIntake), bucketIndex} {
		if b := tx.btx.Bucket([]byte(bucket)); b != nil && b.Get(id) != nil {
			return false, nil
		}
	}
	if err := tx.access(KindIntake); err != nil {
		return false, err
	}
	e.sealed = nil // written once
	defer e.Wipe()
	if err := tx.putSum(string(KindIntake), id, s.value, &s.valueSum); err != nil {
		return false, err
	}
	return true, tx.putSum(bucketIndex, id, s.entry, &s.entrySum)
}
