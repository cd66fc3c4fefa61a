package store

import (
	"path/filepath"
	"testing"
	"time"
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

// BenchmarkAppendLog is the work one access log entry adds to a write
// transaction (read the head, seal the entry and the head, two digest
// updates), without the commit that the save it goes with pays anyway:
// 1,000 entries per transaction, the time per entry. By who seals: a
// supporter (group key) or a kompaan (to the group's public key: one
// X25519 more).
func BenchmarkAppendLog(b *testing.B) {
	for _, role := range []Role{RoleSupporter, RoleKompaan} {
		b.Run(string(role), func(b *testing.B) {
			v, path, _ := newVault(b)
			if role == RoleKompaan {
				if err := v.AddUser("Kim", RoleKompaan, []byte(testPass+" kim")); err != nil {
					b.Fatal(err)
				}
				v = reopen(b, v, path)
				if err := v.Unlock("Kim", []byte(testPass+" kim")); err != nil {
					b.Fatal(err)
				}
			}
			e := LogEntry{At: logT0, Action: ActChange, Outcome: OutcomeOK, User: "Anna de Vries", Role: role,
				Resident: NewID(), Intake: NewID(), Purpose: PurposeIntake, Detail: "scan"}
			var inTx time.Duration
			n := 0
			for b.Loop() {
				err := v.Update(func(tx *Tx) error {
					t0 := time.Now()
					for range 1000 {
						if _, err := tx.AppendLog(e); err != nil {
							return err
						}
					}
					inTx += time.Since(t0)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				n += 1000
			}
			b.ReportMetric(float64(inTx.Microseconds())/float64(n), "µs/entry")
		})
	}
}
