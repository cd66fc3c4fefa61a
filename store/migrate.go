package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// currentFormat is the format version this code writes. Every sealed record
// binds the format version in its associated data, so a step that raises
// the version re-seals every record (migrator.resealAll) in the same
// transaction that writes the new version. Key slots do not bind it and are
// left alone.
var currentFormat uint32 = 5

// CurrentFormat is the format version this code writes (benchmarks key
// their cached vaults by it).
func CurrentFormat() uint32 { return currentFormat }

// formatFiled is the first format in which residents and intakes have data
// keys of their own (docs/FORMAT.md §3).
const formatFiled = 3

// formatIndexed is the first format with the intake index (bucketIndex).
const formatIndexed = 4

// formatLogged is the first format with the access log, failed unlocks,
// tombstones, the key check and slot payload version 3 (issue 14).
const formatLogged = 5

// migrations[N] upgrades a vault from format N to N+1. It runs inside one
// read-write transaction at Unlock by a supporter (or the recovery code);
// anyone else gets ErrNeedsUpgrade. Add an entry and raise currentFormat
// together.
var migrations = map[uint32]func(m *migrator) error{
	1: migrateStatsV2, // statistics records version 2 (issue 11: cell-key perturbation)
	2: perRecordKeys,  // a data key per resident and intake, kompanen's member keys (issue 12)
	3: indexIntakes,   // the intake index (issue 13)
	4: logFormat,      // the access log, tombstones, the key check (issue 14)
}

// logFormat is the step from format 4 to 5 (docs/FORMAT.md §4): every
// record is re-sealed for format 5 as in indexIntakes (the index entries
// with them), and the key check is written. The access log's buckets,
// tombstones and the rekey bucket begin empty; no format-4 vault has a
// failed unlock (RecordFailedUnlock records none before format 5), and
// each slot gets its key pair (payload version 3) at its user's next
// unlock, as every older slot does.
func logFormat(m *migrator) error {
	if err := m.resealAll(); err != nil {
		return err
	}
	return m.tx.writeKeycheck()
}

type migrator struct {
	tx       *Tx // the transaction, already with the new version
	from, to uint32
}

// reseal opens one stored value with the old version's associated data
// and key, and seals it again for the new version.
func (m *migrator) reseal(bucket string, key *secretKey, id, sealed []byte) ([]byte, error) {
	plain, err := openEnvelope(key.aead, recordAD(m.from, bucket, string(id)), sealed)
	if err != nil {
		// A damaged value stays as it is: it fails for the new version
		// too, and Check names it. One bad record must not keep the
		// supporter out of the whole vault.
		return append([]byte(nil), sealed...), nil
	}
	defer clear(plain)
	return seal(key.aead, recordAD(m.to, bucket, string(id)), plain)
}

// resealAll opens every record of every sealed bucket except those in
// skip with the old version's associated data and seals it again for the
// new one; residents and intakes of format 3 and later keep their data
// key and the kompanen it is wrapped for.
func (m *migrator) resealAll(skip ...Kind) error {
	keys := m.tx.keys
	buckets := map[string]*secretKey{bucketUsers: keys.stats}
	if m.from >= formatFiled {
		buckets[bucketKeyring] = keys.group
		for _, k := range []Kind{KindResident, KindIntake} {
			if !slices.Contains(skip, k) {
				skip = append(skip, k)
				if err := m.resealFiled(k); err != nil {
					return err
				}
			}
		}
	}
	for _, k := range Kinds() {
		c, _ := kindClass(k)
		if c == NotesKey {
			buckets[string(k)] = keys.group
		} else {
			buckets[string(k)] = keys.stats
		}
	}
	for _, k := range skip {
		delete(buckets, string(k))
	}
	for name, key := range buckets {
		b := m.tx.btx.Bucket([]byte(name))
		if b == nil {
			continue
		}
		type kv struct{ k, v []byte }
		var out []kv
		err := b.ForEach(func(k, sealed []byte) error {
			if sealed == nil {
				return nil
			}
			re, err := m.reseal(name, key, k, sealed)
			if err != nil {
				return err
			}
			out = append(out, kv{append([]byte(nil), k...), re})
			return nil
		})
		if err != nil {
			return err
		}
		for _, e := range out {
			if err := b.Put(e.k, e.v); err != nil {
				return err
			}
		}
	}
	return nil
}

// resealFiled re-seals the residents or intakes of format 3 and later for
// the new version: the same data key, wrapped anew for the group and the
// kompanen whose member key opened a wrap under the old version.
func (m *migrator) resealFiled(k Kind) error {
	tx := m.tx
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return nil
	}
	var todo []refiled
	err := b.ForEach(func(id, sealed []byte) error {
		tx.v.version = m.from // open with the old associated data
		defer func() { tx.v.version = m.to }()
		f, dk, err := tx.dataKey(k, id, sealed)
		if err != nil {
			return nil // left as it is, see reseal
		}
		defer clear(dk)
		plain, err := openFiledEnvelope(dk, recordAD(m.from, string(k), string(id)), f.envelope)
		if err != nil {
			return nil
		}
		todo = append(todo, refiled{string(id), plain, tx.owners(k, string(id), f), true})
		return nil
	})
	if err != nil {
		return err
	}
	return tx.refile(k, todo, true)
}

// perRecordKeys is the step from format 2 to 3 (docs/FORMAT.md §4): the
// notes key becomes the supporters' group key; every kompaan gets a member
// key in a new keyring; every resident and intake gets a data key of its
// own, wrapped for the group and for the kompanen who took part (an intake
// by intake.TookPart, a resident for the kompanen of any of its intakes);
// everything else is re-sealed for format 3; and the digest is computed.
// The kompanen's slots still hold the group key afterwards — their
// passphrases are needed to change them, so each is converted at that
// kompaan's next unlock (Vault.convertKompaanSlot).
func perRecordKeys(m *migrator) error {
	tx := m.tx
	keys := tx.keys
	if _, err := tx.btx.CreateBucketIfNotExists([]byte(bucketKeyring)); err != nil {
		return err
	}
	if err := m.resealAll(KindResident, KindIntake); err != nil {
		return err
	}
	dir, err := tx.v.readDir(tx.btx, keys)
	if err != nil {
		return err
	}
	for _, u := range dir {
		if u.Role != RoleKompaan {
			continue
		}
		member := make([]byte, keySize)
		if err := randRead(member); err != nil {
			return err
		}
		if err := tx.putKeyringEntry(u.ID, member, u.Name); err != nil {
			clear(member)
			return err
		}
		sk, err := newSecretKey(member)
		if err != nil {
			return err
		}
		keys.kompanen = append(keys.kompanen, kompaanKey{slotID: u.ID, name: u.Name, key: sk})
	}

	// Intakes first: who took part decides the residents' wraps too.
	residentMembers := map[string][]kompaanKey{}
	for _, k := range []Kind{KindIntake, KindResident} {
		b := tx.btx.Bucket([]byte(k))
		if b == nil {
			continue
		}
		var todo []refiled
		err := b.ForEach(func(id, sealed []byte) error {
			if sealed == nil {
				return nil
			}
			plain, err := openEnvelope(keys.group.aead, recordAD(m.from, string(k), string(id)), sealed)
			if err != nil {
				return nil // left as it is, see reseal
			}
			r := refiled{id: string(id), plain: plain, exact: true}
			if k == KindIntake {
				var in intake.Intake
				if json.Unmarshal(plain, &in) == nil {
					r.members = tx.tookPart(&in)
					if in.ResidentID != "" {
						residentMembers[in.ResidentID] = appendNew(residentMembers[in.ResidentID], r.members)
					}
				}
			}
			todo = append(todo, r)
			return nil
		})
		if err != nil {
			return err
		}
		if k == KindResident {
			for i := range todo {
				todo[i].members = residentMembers[todo[i].id]
			}
		}
		if err := tx.refile(k, todo, true); err != nil {
			return err
		}
	}
	return nil
}

// appendNew appends to have the kompanen of add it does not hold yet.
func appendNew(have, add []kompaanKey) []kompaanKey {
	for _, a := range add {
		found := false
		for _, h := range have {
			found = found || h.slotID == a.slotID
		}
		if !found {
			have = append(have, a)
		}
	}
	return have
}

// migrate runs every step from v.version to currentFormat in one
// transaction, and computes the digest afresh. Called from setUnlocked.
func (v *Vault) migrate(keys *keySet) error {
	if keys.group == nil {
		return ErrNeedsUpgrade
	}
	from := v.version
	err := safely(func() error {
		return v.db.Update(func(btx *bolt.Tx) error {
			if from >= formatFiled { // the kompanen, to keep their wraps
				var err error
				if keys.kompanen, err = v.readKeyring(btx, keys); err != nil {
					return err
				}
			}
			for ver := from; ver < currentFormat; ver++ {
				step := migrations[ver]
				if step == nil {
					return fmt.Errorf("%w: no upgrade from format %d", ErrUnsupportedFormat, ver)
				}
				v.version = ver + 1 // what the step writes binds the new version
				tx := &Tx{v: v, btx: btx, keys: keys, delta: newDigestDelta()}
				if err := step(&migrator{tx: tx, from: ver, to: ver + 1}); err != nil {
					return fmt.Errorf("store: upgrade from format %d: %w", ver, err)
				}
			}
			if err := btx.Bucket([]byte(bucketVault)).Put([]byte("format"), binary.BigEndian.AppendUint32(nil, currentFormat)); err != nil {
				return err
			}
			if v.version < formatFiled {
				return nil
			}
			d, err := computeDigest(btx, keys.digest)
			if err != nil {
				return err
			}
			return v.writeDigest(btx, keys, d)
		})
	})
	if err != nil {
		v.version = from
		for _, m := range keys.kompanen {
			m.key.wipe()
		}
		keys.kompanen = nil
		return writeError(err)
	}
	v.version = currentFormat
	return nil
}
