package store

import (
	"bytes"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func slotBytes(t testing.TB, v *Vault) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := v.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketSlots)).ForEach(func(k, val []byte) error {
			out[string(k)] = bytes.Clone(val)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// snapshotBuckets serialises every record bucket (not slots) for comparison.
func snapshotBuckets(t testing.TB, v *Vault) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := v.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if string(name) == bucketSlots {
				return nil
			}
			return b.ForEach(func(k, val []byte) error {
				if string(name) == bucketVault && string(k) == digestID {
					return nil // follows every write, slots included
				}
				buf.Write(name)
				buf.Write(k)
				buf.Write(val)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTamperFlipByte flips one byte of a sealed value in the raw file and
// expects both a read and Check to report tampering, naming the bucket and
// record ID.
func TestTamperFlipByte(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		at   func(n int) int // offset inside the sealed value of length n
	}{
		{"nonce", KindIntake, func(int) int { return 3 }},
		{"ciphertext", KindIntake, func(n int) int { return nonceSize + 5 }},
		{"padding area", KindResident, func(n int) int { return n - tagSize - 1 }},
		{"tag", kindStatNote, func(n int) int { return n - 1 }}, // under the statistics key
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			id, other := NewID(), NewID()
			put(t, v, tt.kind, id, note{Text: "te bewerken"})
			put(t, v, tt.kind, other, note{Text: "blijft goed"})
			sealed := rawValue(t, v, string(tt.kind), id)
			if err := v.Close(); err != nil {
				t.Fatal(err)
			}
			editFile(t, path, func(b []byte) {
				// bbolt copies pages on write, so an older copy of the
				// value may sit in a freed page too: flip every copy.
				n := 0
				for i := bytes.Index(b, sealed); i >= 0; i = bytes.Index(b, sealed) {
					b[i+tt.at(len(sealed))] ^= 0x01
					n++
				}
				if n == 0 {
					t.Fatal("sealed value not found in the file")
				}
			})
			v, err := Open(path, testOpt)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if err := v.Unlock("", []byte(testPass)); err != nil {
				t.Fatal(err)
			}
			var n note
			err = v.View(func(tx *Tx) error { return tx.Get(tt.kind, id, &n) })
			if !errors.Is(err, ErrTampered) || n.Text != "" {
				t.Fatalf("Get = %v (%q), want ErrTampered and nothing decoded", err, n.Text)
			}
			if !strings.Contains(err.Error(), id) {
				t.Errorf("error %q does not name the record", err)
			}
			if got, err := get(v, tt.kind, other); err != nil || got.Text != "blijft goed" {
				t.Fatalf("untouched record: %v %v", got, err)
			}
			err = v.View(func(tx *Tx) error {
				return tx.ForEach(tt.kind, func(id string, decode func(any) error) error {
					var n note
					return decode(&n)
				})
			})
			if !errors.Is(err, ErrTampered) {
				t.Fatalf("ForEach = %v, want ErrTampered", err)
			}
			err = v.View(func(tx *Tx) error {
				return tx.ForEachPlain(tt.kind, func(gotID string, plain []byte) error {
					if gotID == id {
						t.Errorf("ForEachPlain handed over the tampered record %s", id)
					}
					return nil
				})
			})
			if !errors.Is(err, ErrTampered) {
				t.Fatalf("ForEachPlain = %v, want ErrTampered", err)
			}
			rep, err := v.Check()
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Failures) != 1 || rep.Failures[0].Bucket != string(tt.kind) || rep.Failures[0].ID != id ||
				!errors.Is(rep.Failures[0].Err, ErrTampered) {
				t.Fatalf("Check failures = %+v, want one for %s/%s", rep.Failures, tt.kind, id)
			}
			if rep.Counts[string(tt.kind)] != 1 {
				t.Fatalf("Check counts = %v", rep.Counts)
			}
		})
	}
}

// TestTamperEditedID changes one character of a stored record ID: the
// value no longer matches its key. (A resident: an intake's ID is in the
// file twice, as the key of its index entry too.)
func TestTamperEditedID(t *testing.T) {
	v, path, _ := newVault(t)
	id := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	put(t, v, KindResident, id, note{Text: "x"})
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	moved := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"
	editFile(t, path, func(b []byte) {
		i := mustIndex(t, b, []byte(id))
		b[i+len(id)-1] = 'b'
	})
	v, err := Open(path, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("", []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if _, err := get(v, KindResident, moved); !errors.Is(err, ErrTampered) {
		t.Fatalf("Get(edited id) = %v, want ErrTampered", err)
	}
	rep, err := v.Check()
	if err != nil || len(rep.Failures) != 1 || rep.Failures[0].ID != moved {
		t.Fatalf("Check = %v %+v", err, rep.Failures)
	}
}

// TestSwappedValues copies a genuine sealed value under another ID, into
// another bucket, or truncates it; each must fail authentication.
func TestSwappedValues(t *testing.T) {
	v, _, _ := newVault(t)
	a, b := NewID(), NewID()
	put(t, v, KindIntake, a, note{Text: "A"})
	put(t, v, KindIntake, b, note{Text: "B"})
	put(t, v, KindResident, a, note{Text: "R"})
	sealedA := rawValue(t, v, "intakes", a)
	statID := NewID()
	put(t, v, KindStat, statID, note{Text: "S"})
	sealedStat := rawValue(t, v, "stats", statID)

	tests := []struct {
		name   string
		bucket string
		id     string
		value  []byte
	}{
		{"under another id", "intakes", b, sealedA},
		{"into another bucket, same id", "residents", a, sealedA},
		{"stats value into a notes bucket", "meta", statID, sealedStat},
		{"truncated by one byte", "intakes", b, sealedA[:len(sealedA)-1]},
		{"truncated to the nonce", "intakes", b, sealedA[:nonceSize]},
		{"empty", "intakes", b, []byte{}},
		{"extended", "intakes", a, append(bytes.Clone(sealedA), 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.db.Update(func(tx *bolt.Tx) error {
				bk, err := tx.CreateBucketIfNotExists([]byte(tt.bucket))
				if err != nil {
					return err
				}
				return bk.Put([]byte(tt.id), tt.value)
			})
			if err != nil {
				t.Fatal(err)
			}
			var n note
			err = v.View(func(tx *Tx) error { return tx.Get(Kind(tt.bucket), tt.id, &n) })
			if !errors.Is(err, ErrTampered) || n.Text != "" {
				t.Fatalf("Get = %v %q, want ErrTampered", err, n.Text)
			}
			rep, err := v.Check()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range rep.Failures {
				found = found || (f.Bucket == tt.bucket && f.ID == tt.id)
			}
			if !found {
				t.Fatalf("Check did not name %s/%s: %+v", tt.bucket, tt.id, rep.Failures)
			}
		})
	}
}

// TestSwappedDirectory: moving a user's directory entry or slot to another
// slot ID is detected.
func TestSwappedDirectoryAndSlot(t *testing.T) {
	v, path, _ := newVault(t)
	if err := v.AddUser("Bram", RoleKompaan, []byte("bram's own passphrase")); err != nil {
		t.Fatal(err)
	}
	slots := slotBytes(t, v)
	var anna, bram string
	for id, raw := range slots {
		if _, _, err := openSlot(id, raw, []byte(testPass)); err == nil {
			anna = id
		}
		if _, _, err := openSlot(id, raw, []byte("bram's own passphrase")); err == nil {
			bram = id
		}
	}
	if anna == "" || bram == "" {
		t.Fatal("slots not found")
	}
	// Anna's slot bytes under Bram's slot ID do not authenticate.
	if _, _, err := openSlot(bram, slots[anna], []byte(testPass)); !errors.Is(err, errOpen) {
		t.Fatalf("moved slot opened: %v", err)
	}
	err := v.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte(bucketSlots)).Put([]byte(bram), slots[anna]); err != nil {
			return err
		}
		// and Bram's directory entry copied under Anna's slot ID
		dir := tx.Bucket([]byte(bucketUsers))
		return dir.Put([]byte(anna), bytes.Clone(dir.Get([]byte(bram))))
	})
	if err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	if err := v.Unlock("Bram", []byte("bram's own passphrase")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Bram after swap: %v", err)
	}
	if err := v.Unlock("", []byte(testPass)); err != nil {
		t.Fatalf("Anna after swap: %v", err)
	}
	if _, err := v.Users(); !errors.Is(err, ErrTampered) {
		t.Fatalf("Users with a moved directory entry: %v", err)
	}
	rep, err := v.Check()
	if err != nil {
		t.Fatal(err)
	}
	// The moved directory entry fails its seal; the slot copied over
	// Bram's authenticates nowhere but is seen by the digest.
	var named []string
	for _, f := range rep.Failures {
		named = append(named, f.Bucket+"/"+f.ID+" "+f.Kind)
	}
	sort.Strings(named)
	want := []string{"slots/" + bram + " " + FailReplayed, "users/" + anna + " " + FailAuth}
	if !slices.Equal(named, want) {
		t.Fatalf("Check failures %v, want %v", named, want)
	}
}

// TestNoPlaintextOnDisk writes a unique marker into records (also over
// updates and deletes, which leave freed pages) and asserts that neither it
// nor a user name appears anywhere in the raw file.
func TestNoPlaintextOnDisk(t *testing.T) {
	v, path, code := newVault(t)
	marker := "MARKER-" + NewID()
	name2 := "Zwaantje Bakkerswinkel"
	if err := v.AddUser(name2, RoleCoordinator, []byte(testPass+"x")); err != nil {
		t.Fatal(err)
	}
	ids := []string{NewID(), NewID()}
	for _, id := range ids {
		put(t, v, KindIntake, id, note{Text: marker, Tags: []string{marker}})
		put(t, v, KindStat, id, note{Text: marker})
	}
	put(t, v, KindIntake, ids[0], note{Text: marker + " bijgewerkt"})
	if err := v.Update(func(tx *Tx) error { return tx.Delete(KindIntake, ids[1]) }); err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase([]byte(testPass + "nieuw")); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"marker":           marker,
		"user name":        testUser,
		"second user name": name2,
		"first name":       "Anna",
		"role name":        string(RoleCoordinator),
		"passphrase":       testPass,
		"recovery code":    string(code),
	}
	for what, s := range secrets {
		for _, form := range []string{s, strings.ToLower(s), strings.ToUpper(s)} {
			if bytes.Contains(raw, []byte(form)) {
				t.Errorf("%s found in plaintext in the vault file", what)
			}
		}
	}
}
