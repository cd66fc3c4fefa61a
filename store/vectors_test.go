package store

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
)

// Test vectors in testdata/ pin the on-disk format, like age's testkit: if
// a change to the code can no longer read them, the format changed and
// needs a new format version and a migration.
//
//	go test ./store -run Vector -update   rewrites them (only on purpose)
var update = flag.Bool("update", false, "rewrite the test vectors in testdata/")

type envelopeVector struct {
	Comment   string `json:"comment"`
	Key       string `json:"key"`
	Nonce     string `json:"nonce"`
	Version   uint32 `json:"version"`
	Bucket    string `json:"bucket"`
	ID        string `json:"id"`
	AD        string `json:"ad"`
	Plaintext string `json:"plaintext"`
	Sealed    string `json:"sealed"`
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEnvelopeVector(t *testing.T) {
	path := filepath.Join("testdata", "envelope.json")
	if *update {
		key := bytes.Repeat([]byte{0x42}, keySize)
		nonce := make([]byte, nonceSize)
		for i := range nonce {
			nonce[i] = byte(i)
		}
		plain := []byte(`{"text":"Mijn vraag is: hoe betaal ik de huur?"}`)
		ad := recordAD(1, "intakes", "0123456789abcdef0123456789abcdef")
		sealed, err := sealWithNonce(testAEAD(t, key), nonce, ad, plain)
		if err != nil {
			t.Fatal(err)
		}
		vec := envelopeVector{
			Comment: "XChaCha20-Poly1305; sealed = nonce || ciphertext || tag over plaintext || 0x80 || zeros to a multiple of 256; " +
				"ad = \"spreekuur-record\" 0x00 u32be(version) u16be(len bucket) bucket u16be(len id) id",
			Key: hex.EncodeToString(key), Nonce: hex.EncodeToString(nonce), Version: 1,
			Bucket: "intakes", ID: "0123456789abcdef0123456789abcdef", AD: hex.EncodeToString(ad),
			Plaintext: string(plain), Sealed: hex.EncodeToString(sealed),
		}
		b, _ := json.MarshalIndent(vec, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var vec envelopeVector
	if err := json.Unmarshal(b, &vec); err != nil {
		t.Fatal(err)
	}
	key, nonce, sealed := unhex(t, vec.Key), unhex(t, vec.Nonce), unhex(t, vec.Sealed)
	ad := recordAD(vec.Version, vec.Bucket, vec.ID)
	if !bytes.Equal(ad, unhex(t, vec.AD)) {
		t.Fatalf("associated data construction changed:\n got %x\nwant %s", ad, vec.AD)
	}
	got, err := sealWithNonce(testAEAD(t, key), nonce, ad, []byte(vec.Plaintext))
	if err != nil || !bytes.Equal(got, sealed) {
		t.Fatalf("sealing the vector gives different bytes (%v)", err)
	}
	plain, err := openEnvelope(testAEAD(t, key), ad, sealed)
	if err != nil || string(plain) != vec.Plaintext {
		t.Fatalf("open vector: %q %v", plain, err)
	}
	bad := []struct {
		name       string
		key, ad, s []byte
	}{
		{"flipped nonce byte", key, ad, flip(sealed, 0)},
		{"flipped ciphertext byte", key, ad, flip(sealed, nonceSize+1)},
		{"flipped tag byte", key, ad, flip(sealed, len(sealed)-1)},
		{"truncated", key, ad, sealed[:len(sealed)-1]},
		{"other id", key, recordAD(vec.Version, vec.Bucket, vec.ID[:31]+"0"), sealed},
		{"other bucket", key, recordAD(vec.Version, "residents", vec.ID), sealed},
		{"other version", key, recordAD(vec.Version+1, vec.Bucket, vec.ID), sealed},
		{"ambiguous split", key, recordAD(vec.Version, vec.Bucket+vec.ID[:1], vec.ID[1:]), sealed},
		{"other key", flip(key, 0), ad, sealed},
	}
	for _, tt := range bad {
		if p, err := openEnvelope(testAEAD(t, tt.key), tt.ad, tt.s); !errors.Is(err, errOpen) || p != nil {
			t.Errorf("%s: opened (%v)", tt.name, err)
		}
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x01
	return c
}

type vectorRecord struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	Text string `json:"text"`
}

type vaultVector struct {
	Comment      string         `json:"comment"`
	User         string         `json:"user"`
	Passphrase   string         `json:"passphrase"`
	RecoveryCode string         `json:"recovery_code"`
	Records      []vectorRecord `json:"records"`
	// StatKeys are the record keys of the statistics records (version 2
	// on): derived from the vault's statistics key and the record ID, so
	// the vector pins the derivation too.
	StatKeys map[string]uint32 `json:"stat_keys,omitempty"`
}

// TestVaultVector opens the vault vectors of the formats before per-record
// keys: vault-vN.db is a small vault made by format version N with cheap
// KDF parameters, kept as that version's code made it. Each is read with
// its passphrase and with its recovery code; opening it migrates it to the
// current format, and what its records are after the migration is in
// vault-vN-upgraded.json (the records listed there replace those of
// vault-vN.json; -update writes these). A damaged record is carried over
// as it is, and reads and Check name it. The current format's vector is
// TestVaultVectorV3's.
func TestVaultVector(t *testing.T) {
	for version := uint32(1); version < formatFiled; version++ {
		t.Run(fmt.Sprintf("v%d", version), func(t *testing.T) { testVaultVector(t, version) })
	}
}

func testVaultVector(t *testing.T, version uint32) {
	dbPath := filepath.Join("testdata", fmt.Sprintf("vault-v%d.db", version))
	jsonPath := filepath.Join("testdata", fmt.Sprintf("vault-v%d.json", version))
	upgradedPath := filepath.Join("testdata", fmt.Sprintf("vault-v%d-upgraded.json", version))
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var vec vaultVector
	if err := json.Unmarshal(b, &vec); err != nil {
		t.Fatal(err)
	}
	copyVault := func() string {
		raw, err := os.ReadFile(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "v.db")
		if err := os.WriteFile(p, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	p := copyVault()
	v, err := Open(p, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	if v.FormatVersion() != version {
		t.Fatalf("vector of format %d opens as format %d", version, v.FormatVersion())
	}
	first := vec.Records[0]
	sealed := rawValue(t, v, string(first.Kind), first.ID) // as stored in the vector
	if err := v.Unlock(vec.User, []byte(vec.Passphrase)); err != nil {
		t.Fatalf("unlock vector: %v", err)
	}
	indexMatches(t, v) // the upgrade built the intake index
	if version < currentFormat {
		if *update {
			writeUpgraded(t, v, vec, upgradedPath)
		}
		b, err := os.ReadFile(upgradedPath)
		if err != nil {
			t.Fatal(err)
		}
		var up vaultVector
		if err := json.Unmarshal(b, &up); err != nil {
			t.Fatal(err)
		}
		for _, r := range up.Records {
			for i := range vec.Records {
				if vec.Records[i].Kind == r.Kind && vec.Records[i].ID == r.ID {
					vec.Records[i] = r
				}
			}
		}
		vec.StatKeys = up.StatKeys
	}
	for _, r := range vec.Records {
		if r.Kind == KindStat { // binary inside the seal; its JSON form in the vector
			var rec intake.StatRecord
			err := v.View(func(tx *Tx) error { return tx.Get(r.Kind, r.ID, &rec) })
			if j, _ := json.Marshal(rec); err != nil || string(j) != r.Text {
				t.Fatalf("record %s/%s: %s %v", r.Kind, r.ID, j, err)
			}
			if want, ok := vec.StatKeys[r.ID]; !ok || rec.Key != want {
				t.Fatalf("record %s/%s: key %d, want %d (listed: %v)", r.Kind, r.ID, rec.Key, want, ok)
			}
			continue
		}
		var got json.RawMessage
		err := v.View(func(tx *Tx) error { return tx.Get(r.Kind, r.ID, &got) })
		if !json.Valid([]byte(r.Text)) { // the version 1 vector lists its notes' text
			var n note
			err = errors.Join(err, json.Unmarshal(got, &n))
			got = json.RawMessage(n.Text)
		}
		if err != nil || string(got) != r.Text {
			t.Fatalf("record %s/%s: %s %v", r.Kind, r.ID, got, err)
		}
	}
	// The version 1 vector's statistics record belongs to no intake: that
	// is its one finding. The version 2 vector has none.
	rep, err := v.Check()
	mismatch := version == 1 && len(rep.Failures) == 1 && rep.Failures[0].Kind == FailMismatch && rep.Failures[0].ID == vec.Records[2].ID
	if err != nil || !(mismatch || version == 2 && rep.OK()) {
		t.Fatalf("Check vector: %v %+v", err, rep.Failures)
	}
	if err := v.UnlockWithRecovery([]byte(vec.RecoveryCode)); err != nil {
		t.Fatalf("recovery code of the vector: %v", err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	p = copyVault()
	editFile(t, p, func(b []byte) {
		for i := bytes.Index(b, sealed); i >= 0; i = bytes.Index(b, sealed) {
			b[i+nonceSize+2] ^= 0x04
		}
	})
	v, err = Open(p, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock(vec.User, []byte(vec.Passphrase)); err != nil || v.FormatVersion() != currentFormat {
		t.Fatalf("migrating a damaged vector: %v, format %d", err, v.FormatVersion())
	}
	if _, err := get(v, first.Kind, first.ID); !errors.Is(err, ErrTampered) {
		t.Fatalf("damaged vector record: %v", err)
	}
	// The damaged record is named first; what else Check finds follows
	// from it (e.g. a statistics record whose intake cannot be read).
	rep, err = v.Check()
	if err != nil || len(rep.Failures) == 0 || rep.Failures[0].ID != first.ID || rep.Failures[0].Kind != FailAuth {
		t.Fatalf("Check damaged vector: %v %+v", err, rep.Failures)
	}
	for _, f := range rep.Failures[1:] {
		if f.Kind == FailAuth {
			t.Errorf("a second record fails to authenticate: %+v", f)
		}
	}
}

// writeUpgraded records what the records of an older vector are after the
// migration that v, just unlocked, ran.
func writeUpgraded(t *testing.T, v *Vault, vec vaultVector, path string) {
	up := vaultVector{Comment: fmt.Sprintf("records of the vector after the migration to format %d; made by TestVaultVector -update", currentFormat),
		StatKeys: map[string]uint32{}}
	for _, r := range vec.Records {
		if r.Kind != KindStat {
			continue
		}
		var rec intake.StatRecord
		if err := v.View(func(tx *Tx) error { return tx.Get(r.Kind, r.ID, &rec) }); err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(rec)
		up.Records = append(up.Records, vectorRecord{r.Kind, r.ID, string(j)})
		up.StatKeys[r.ID] = rec.Key
	}
	b, _ := json.MarshalIndent(up, "", "  ")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSealAllocatesOnce: a value is padded in the memory of its sealed
// form and sealed in place (an import seals hundreds of thousands): one
// allocation, the output, and the same bytes as the vectors above.
func TestSealAllocatesOnce(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	key := bytes.Repeat([]byte{7}, keySize)
	aead := testAEAD(t, key)
	nonce := bytes.Repeat([]byte{1}, nonceSize)
	plain := []byte(`{"own_words":"Ik krijg steeds brieven die ik niet begrijp."}`)
	ad := recordAD(formatLogged, "intakes", "abc")
	if n := testing.AllocsPerRun(50, func() { _, _ = sealWithNonce(aead, nonce, ad, plain) }); n != 1 {
		t.Errorf("sealWithNonce: %v allocations, want 1", n)
	}
	sealed, err := sealWithNonce(aead, nonce, ad, plain)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := openEnvelope(aead, ad, sealed); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("opened %q, %v", got, err)
	}
}
