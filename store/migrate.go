package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// currentFormat is the format version this code writes. Every sealed record
// binds the format version in its associated data, so a step that raises
// the version re-seals every record (migrator.resealAll) in the same
// transaction that writes the new version. Key slots do not bind it and are
// left alone.
var currentFormat uint32 = 2

// migrations[N] upgrades a vault from format N to N+1. It runs inside one
// read-write transaction at Unlock, with both data keys; a coordinator (no
// notes key) gets ErrNeedsUpgrade instead. Add an entry and raise
// currentFormat together.
var migrations = map[uint32]func(m *migrator) error{
	1: migrateStatsV2, // statistics records version 2 (issue 11: cell-key perturbation)
}

type migrator struct {
	tx           *bolt.Tx
	notes, stats []byte
	from, to     uint32
}

// resealAll opens every record of every sealed bucket with the old
// version's associated data and seals it again for the new one.
func (m *migrator) resealAll() error {
	buckets := map[string][]byte{bucketUsers: m.stats}
	for _, k := range Kinds() {
		c, _ := kindClass(k)
		if c == NotesKey {
			buckets[string(k)] = m.notes
		} else {
			buckets[string(k)] = m.stats
		}
	}
	for name, key := range buckets {
		b := m.tx.Bucket([]byte(name))
		if b == nil {
			continue
		}
		type kv struct{ k, v []byte }
		var out []kv
		err := b.ForEach(func(k, sealed []byte) error {
			if sealed == nil {
				return nil
			}
			plain, err := openEnvelope(key, recordAD(m.from, name, string(k)), sealed)
			if err != nil {
				return fmt.Errorf("%w: %s/%s", ErrTampered, name, k)
			}
			defer clear(plain)
			re, err := seal(key, recordAD(m.to, name, string(k)), plain)
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

// migrate runs every step from v.version to currentFormat in one
// transaction. Called from setUnlocked.
func (v *Vault) migrate() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.notes == nil {
		return ErrNeedsUpgrade
	}
	err := v.db.Update(func(tx *bolt.Tx) error {
		for ver := v.version; ver < currentFormat; ver++ {
			step := migrations[ver]
			if step == nil {
				return fmt.Errorf("%w: no upgrade from format %d", ErrUnsupportedFormat, ver)
			}
			if err := step(&migrator{tx: tx, notes: v.notes, stats: v.stats, from: ver, to: ver + 1}); err != nil {
				return fmt.Errorf("store: upgrade from format %d: %w", ver, err)
			}
		}
		return tx.Bucket([]byte(bucketVault)).Put([]byte("format"), binary.BigEndian.AppendUint32(nil, currentFormat))
	})
	if err != nil {
		return err
	}
	v.version = currentFormat
	return nil
}
