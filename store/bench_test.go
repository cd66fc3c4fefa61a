package store

import (
	"path/filepath"
	"testing"
)

// BenchmarkKDFDefault is the cost of one Argon2id run with the default
// parameters: what an unlock costs per key slot tried.
func BenchmarkKDFDefault(b *testing.B) {
	salt := make([]byte, saltSize)
	for b.Loop() {
		clear(deriveKEK([]byte(testPass), salt, DefaultKDF))
	}
}

// BenchmarkUnlockDefault unlocks a one-user vault made with the default
// parameters (KDF + slot open + payload decode).
func BenchmarkUnlockDefault(b *testing.B) { benchUnlock(b, Options{}) }

// BenchmarkUnlockCheap shows the overhead around the KDF.
func BenchmarkUnlockCheap(b *testing.B) { benchUnlock(b, testOpt) }

func benchUnlock(b *testing.B, opt Options) {
	path := filepath.Join(b.TempDir(), "v.db")
	v, _, err := Create(path, testUser, RoleSupporter, []byte(testPass), opt)
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	for b.Loop() {
		if err := v.Unlock("", []byte(testPass)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutCommit seals one ~1 KiB record and commits (fsync included).
func BenchmarkPutCommit(b *testing.B) {
	v, _, _ := newVault(b)
	val := note{Text: string(make([]byte, 1000))}
	for b.Loop() {
		if err := v.Update(func(tx *Tx) error { return tx.Put(KindIntake, NewID(), val) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGet decrypts and decodes one ~1 KiB record in a read transaction.
func BenchmarkGet(b *testing.B) {
	v, _, _ := newVault(b)
	id := NewID()
	put(b, v, KindIntake, id, note{Text: string(make([]byte, 1000))})
	for b.Loop() {
		if _, err := get(v, KindIntake, id); err != nil {
			b.Fatal(err)
		}
	}
}
