package store

import (
	"bytes"
	"crypto/cipher"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/spreekuur/spreekuur/intake"
)

// cheap KDF parameters keep tests fast; the defaults are tested once in
// TestDefaultKDFParams.
var cheapKDF = KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}

var testOpt = Options{KDF: cheapKDF}

const (
	testUser = "Anna de Vries"
	testPass = "correct horse battery staple"
)

// kindStatNote is a kind under the statistics key whose records are
// notes (JSON), for tests about the statistics key that need a record of
// their own making: the stats bucket itself holds only statistics records
// in their binary encoding, and Check says so.
const kindStatNote Kind = "x-stat-note"

func init() {
	if err := RegisterKind(kindStatNote, StatsKey); err != nil {
		panic(err)
	}
}

// statRecord is a valid statistics record with record key n.
func statRecord(n int) intake.StatRecord {
	return intake.StatRecord{V: intake.StatVersion, Key: uint32(n), Month: "2026-03", Location: "library", FirstInMonth: true}
}

type note struct {
	Text string   `json:"text"`
	Tags []string `json:"tags,omitempty"`
}

func newVault(t testing.TB) (*Vault, string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.db")
	v, code, err := Create(path, testUser, RoleSupporter, []byte(testPass), testOpt)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { _ = v.Close() })
	return v, path, code
}

func reopen(t testing.TB, v *Vault, path string) *Vault {
	t.Helper()
	if err := v.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	v2, err := Open(path, testOpt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = v2.Close() })
	return v2
}

func put(t testing.TB, v *Vault, k Kind, id string, val any) {
	t.Helper()
	if err := v.Update(func(tx *Tx) error { return tx.Put(k, id, val) }); err != nil {
		t.Fatalf("Put %s/%s: %v", k, id, err)
	}
}

func get(v *Vault, k Kind, id string) (note, error) {
	var n note
	err := v.View(func(tx *Tx) error { return tx.Get(k, id, &n) })
	return n, err
}

// rawValue returns a copy of the stored bytes of bucket/id.
func rawValue(t testing.TB, v *Vault, bucket, id string) []byte {
	t.Helper()
	var out []byte
	err := v.db.View(func(tx *bolt.Tx) error {
		out = append([]byte(nil), tx.Bucket([]byte(bucket)).Get([]byte(id))...)
		return nil
	})
	if err != nil || out == nil {
		t.Fatalf("raw %s/%s: %v (nil=%v)", bucket, id, err, out == nil)
	}
	return out
}

// editFile applies fn to the file's bytes; the vault must be closed.
func editFile(t testing.TB, path string, fn func(b []byte)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fn(b)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// mustIndex finds needle exactly once in the file bytes.
func mustIndex(t testing.TB, b, needle []byte) int {
	t.Helper()
	i := bytes.Index(b, needle)
	if i < 0 {
		t.Fatalf("value not found in the file")
	}
	if bytes.Count(b, needle) != 1 {
		t.Fatalf("value found %d times in the file", bytes.Count(b, needle))
	}
	return i
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

// testAEAD is an XChaCha20-Poly1305 AEAD for a test key.
func testAEAD(t testing.TB, key []byte) cipher.AEAD {
	t.Helper()
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
