package store

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"
)

// The floor: what the store's own costs are bounded by on this machine.
// docs/PERFORMANCE.md compares the whole-app figures with these.

// floorSizes are typical plaintext sizes: a statistics record (~300 B), a
// resident (~250 B), a demo intake (~1.9 KiB on average) and a long one.
var floorSizes = []int{256, 2 << 10, 8 << 10, 64 << 10}

// BenchmarkFloorAEADSeal is the raw XChaCha20-Poly1305 seal, with a key
// schedule per call as the store does, without padding or allocation of
// the nonce.
func BenchmarkFloorAEADSeal(b *testing.B) {
	key := make([]byte, keySize)
	_, _ = rand.Read(key)
	nonce := make([]byte, nonceSize)
	for _, n := range floorSizes {
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			plain := make([]byte, n)
			out := make([]byte, 0, n+tagSize)
			b.SetBytes(int64(n))
			for b.Loop() {
				aead, _ := chacha20poly1305.NewX(key)
				out = aead.Seal(out[:0], nonce, plain, nil)
			}
		})
	}
}

// BenchmarkFloorAEADOpen is the raw XChaCha20-Poly1305 open.
func BenchmarkFloorAEADOpen(b *testing.B) {
	key := make([]byte, keySize)
	_, _ = rand.Read(key)
	nonce := make([]byte, nonceSize)
	for _, n := range floorSizes {
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			aead, _ := chacha20poly1305.NewX(key)
			sealed := aead.Seal(nil, nonce, make([]byte, n), nil)
			out := make([]byte, 0, n)
			b.SetBytes(int64(n))
			for b.Loop() {
				aead, _ := chacha20poly1305.NewX(key)
				var err error
				if out, err = aead.Open(out[:0], nonce, sealed, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFloorEnvelope is the store's seal and open of one value: random
// nonce, padding, AD, allocation — the AEAD plus what the envelope adds.
func BenchmarkFloorEnvelope(b *testing.B) {
	key := make([]byte, keySize)
	_, _ = rand.Read(key)
	ad := recordAD(1, string(KindIntake), NewID())
	aead := testAEAD(b, key)
	for _, n := range floorSizes {
		plain := make([]byte, n)
		b.Run(fmt.Sprintf("seal/%dB", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				if _, err := seal(aead, ad, plain); err != nil {
					b.Fatal(err)
				}
			}
		})
		sealed, _ := seal(aead, ad, plain)
		b.Run(fmt.Sprintf("open/%dB", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				if _, err := openEnvelope(aead, ad, sealed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFloorBoltCommit is one bbolt read-write transaction that puts a
// 2 KiB value, with bbolt's default fsync on commit: the cost of durability
// that every saved step pays, without any encryption.
func BenchmarkFloorBoltCommit(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	val := make([]byte, 2<<10)
	for b.Loop() {
		err := db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("k"))
			if err != nil {
				return err
			}
			return bk.Put([]byte(NewID()), val)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloorFsync writes 4 KiB at the start of a file and fsyncs it:
// the disk's floor under any durable commit (bbolt syncs at least twice
// per commit: data pages, then the meta page).
func BenchmarkFloorFsync(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "sync"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	for b.Loop() {
		if _, err := f.WriteAt(page, 0); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
}
