package store

import (
	"slices"
)

// sealedIntake is what putFiled writes for an intake the vault does not
// have — the intake's stored value, its index entry's, and their parts of
// the digest — made before the transaction that writes them
// (Vault.SealNewIntakes): an import seals the intakes of its next batch
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

// SealNewIntakes seals each of encs as an intake the vault does not have
// yet (see sealedIntake), for SaveEncodedIntakeStaged to write; the
// encodings stay as they are, so one that cannot be written as sealed is
// put as usual. Safe to call from several goroutines at once, and beside
// a write transaction. A kompaan's, or a vault without an intake index,
// seals nothing: those save as before. Errors: ErrLocked.
func (v *Vault) SealNewIntakes(encs []*EncodedIntake) error {
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
		s, err := sealNewIntake(keys, v.version, d, e)
		if err != nil {
			return err
		}
		e.sealed = s
	}
	return nil
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
	if f.envelope, err = sealFiledEnvelope(dk, recordAD(version, string(KindIntake), id), e.plain); err != nil {
		return nil, err
	}
	s.value = f.encode()
	// The entry has the intake's wraps (putIndexEntry).
	if f.envelope, err = sealFiledEnvelope(dk, recordAD(version, bucketIndex, id), e.entry); err != nil {
		return nil, err
	}
	s.entry = f.encode()
	s.valueSum.add(d, string(KindIntake), []byte(id), s.value)
	s.entrySum.add(d, bucketIndex, []byte(id), s.entry)
	return s, nil
}

// putSealed writes e's intake and index entry as SealNewIntakes sealed
// them, and wipes e's plaintext as Put does. false (nothing written): e
// was not sealed, or for another key set, version or kompanen than this
// transaction's, or the vault has the intake or its entry; the caller
// then puts it as usual.
func (tx *Tx) putSealed(e *EncodedIntake) (bool, error) {
	s := e.sealed
	if s == nil || s.keys != tx.keys || s.version != tx.v.version || tx.delta == nil || !tx.indexed() ||
		!slices.EqualFunc(s.members, tx.tookPart(e.in), func(a, b kompaanKey) bool { return a.slotID == b.slotID && a.key == b.key }) {
		return false, nil
	}
	id := []byte(e.in.ID)
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
