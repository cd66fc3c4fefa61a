package store

import (
	"bytes"
	"crypto/cipher"
	"crypto/ecdh"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// format3Vector pins the constructions format 3 adds (docs/FORMAT.md §3,
// §6): subkeys, the group's X25519 key, the three kinds of key wrap, the
// layout of a per-record value, and the digest's h and x. Every field is
// hex; the test recomputes each from the inputs.
type format3Vector struct {
	Comment string `json:"comment"`

	GroupKey, StatsKey, MemberKey, DataKey string
	SubkeyDigest, SubkeyGroupX25519        string
	GroupPublicKey                         string

	Version      uint32
	Bucket, ID   string
	WrapNonce    string // for the group and member wraps
	GroupWrapAD  string
	GroupWrap    string // under the group key
	MemberWrapAD string
	MemberWrap   string // under the member key
	EphemeralKey string // X25519 private key of the wrap to the group's public key
	PubWrapAD    string
	PubWrap      string
	RecordNonce  string
	Record       string // the record's plaintext (JSON)
	Value        string // the stored value: layout 2, group wrap (type 1), one member wrap, envelope
	DigestH      string // h(bucket, id, value) mod p, big-endian 32 bytes
	DigestX      string // x(bucket, id) mod p
}

func TestFormat3Vector(t *testing.T) {
	path := filepath.Join("testdata", "format3.json")
	if *update {
		writeFormat3Vector(t, path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v format3Vector
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	got := computeFormat3(t, v)
	if got != v {
		gb, _ := json.MarshalIndent(got, "", "  ")
		t.Fatalf("format 3 constructions changed; now:\n%s", gb)
	}
	// And the value opens: for the group, for the member, not for another.
	f, err := parseFiled(unhex(t, v.Value))
	if err != nil {
		t.Fatal(err)
	}
	dk, err := openWrap(testAEAD(t, unhex(t, v.MemberKey)), unhex(t, v.MemberWrapAD), f.members[0])
	if err != nil || !bytes.Equal(dk, unhex(t, v.DataKey)) {
		t.Fatalf("member wrap: %v", err)
	}
	plain, err := openFiledEnvelope(dk, recordAD(v.Version, v.Bucket, v.ID), f.envelope)
	if err != nil || string(plain) != v.Record {
		t.Fatalf("record: %q %v", plain, err)
	}
	if _, err := openWrap(testAEAD(t, unhex(t, v.StatsKey)), unhex(t, v.MemberWrapAD), f.members[0]); !errors.Is(err, errOpen) {
		t.Fatal("a member wrap opened with another key")
	}
	group, _ := newSecretKey(unhex(t, v.GroupKey))
	priv, _ := groupPrivate(group)
	if dk, err := openWrapWith(priv, unhex(t, v.PubWrapAD), unhex(t, v.PubWrap)); err != nil || !bytes.Equal(dk, unhex(t, v.DataKey)) {
		t.Fatalf("wrap to the group's public key: %v", err)
	}
}

func computeFormat3(t *testing.T, in format3Vector) format3Vector {
	t.Helper()
	v := format3Vector{Comment: in.Comment, GroupKey: in.GroupKey, StatsKey: in.StatsKey, MemberKey: in.MemberKey, DataKey: in.DataKey,
		Version: in.Version, Bucket: in.Bucket, ID: in.ID, WrapNonce: in.WrapNonce, EphemeralKey: in.EphemeralKey,
		RecordNonce: in.RecordNonce, Record: in.Record}
	group, err := newSecretKey(unhex(t, in.GroupKey))
	if err != nil {
		t.Fatal(err)
	}
	stats, _ := newSecretKey(unhex(t, in.StatsKey))
	member, _ := newSecretKey(unhex(t, in.MemberKey))
	dk := unhex(t, in.DataKey)
	v.SubkeyDigest = hex.EncodeToString(subkey(stats, "digest"))
	v.SubkeyGroupX25519 = hex.EncodeToString(subkey(group, "group-x25519"))
	priv, err := groupPrivate(group)
	if err != nil {
		t.Fatal(err)
	}
	v.GroupPublicKey = hex.EncodeToString(priv.PublicKey().Bytes())
	nonce := unhex(t, in.WrapNonce)
	gad, mad, pad := wrapAD(in.Version, in.Bucket, in.ID, wrapSym), wrapAD(in.Version, in.Bucket, in.ID, wrapMember), wrapAD(in.Version, in.Bucket, in.ID, wrapPub)
	v.GroupWrapAD, v.MemberWrapAD, v.PubWrapAD = hex.EncodeToString(gad), hex.EncodeToString(mad), hex.EncodeToString(pad)
	gw := sealWrapNonce(group.aead, nonce, gad, dk)
	mw := sealWrapNonce(member.aead, nonce, mad, dk)
	v.GroupWrap, v.MemberWrap = hex.EncodeToString(gw), hex.EncodeToString(mw)
	eph, err := ecdh.X25519().NewPrivateKey(unhex(t, in.EphemeralKey))
	if err != nil {
		t.Fatal(err)
	}
	// The wrap's own nonce is random; pin it by checking the layout and
	// that it opens, and keep the ephemeral public key part.
	pw, err := sealWrapToWith(eph, priv.PublicKey().Bytes(), pad, dk)
	if err != nil {
		t.Fatal(err)
	}
	if in.PubWrap != "" && bytes.Equal(unhex(t, in.PubWrap)[:ephemeralLen], pw[:ephemeralLen]) {
		pw = unhex(t, in.PubWrap) // same ephemeral key: the stored wrap, checked to open above
	}
	v.PubWrap = hex.EncodeToString(pw)
	var env []byte
	err = withKey(dk, func(a cipher.AEAD) error {
		var err error
		env, err = sealWithNonce(a, unhex(t, in.RecordNonce), recordAD(in.Version, in.Bucket, in.ID), []byte(in.Record))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	val := filedValue{groupType: wrapSym, group: gw, members: [][]byte{mw}, envelope: env}.encode()
	v.Value = hex.EncodeToString(val)
	d := newDigester(stats)
	v.DigestH = hex.EncodeToString(digestMAC(d, 1, in.Bucket, []byte(in.ID), val).FillBytes(make([]byte, 32)))
	v.DigestX = hex.EncodeToString(digestMAC(d, 2, in.Bucket, []byte(in.ID), nil).FillBytes(make([]byte, 32)))
	return v
}

func writeFormat3Vector(t *testing.T, path string) {
	seq := func(start byte, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = start + byte(i)
		}
		return hex.EncodeToString(b)
	}
	in := format3Vector{
		Comment: "format 3 constructions (docs/FORMAT.md §3, §6); made by TestFormat3Vector -update. " +
			"subkey(k, label) = first 32 bytes of XChaCha20-Poly1305-Seal(k, SHA-256(\"spreekuur-subkey\" 0x00 label)[:24], 32 zero bytes); " +
			"the group's X25519 private key is subkey(group key, \"group-x25519\"); wraps are nonce || Seal(wrapping key, nonce, data key, AD); " +
			"the wrap to the group's public key is ephemeral public key || wrap under HKDF-SHA-256(X25519 shared secret, salt = ephemeral || group public key, info \"spreekuur-wrap-x25519\")",
		GroupKey: seq(0x10, 32), StatsKey: seq(0x40, 32), MemberKey: seq(0x70, 32), DataKey: seq(0xa0, 32),
		Version: 3, Bucket: "intakes", ID: "0123456789abcdef0123456789abcdef",
		WrapNonce: seq(0x01, 24), EphemeralKey: seq(0xc0, 32), RecordNonce: seq(0x30, 24),
		Record: `{"id":"0123456789abcdef0123456789abcdef","own_words":"Mijn vraag is: hoe betaal ik de huur?"}`,
	}
	v := computeFormat3(t, in)
	b, _ := json.MarshalIndent(v, "", "  ")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// vault3Vector describes testdata/vault-v3.db: who can read what.
type vault3Vector struct {
	Comment      string            `json:"comment"`
	Users        map[string]string `json:"users"` // name → passphrase
	RecoveryCode string            `json:"recovery_code"`
	Intakes      map[string]string `json:"intakes"`   // ID → own words
	Residents    map[string]string `json:"residents"` // ID → pseudonym
	Reads        map[string]struct {
		Intakes   []string `json:"intakes"`
		Residents []string `json:"residents"`
	} `json:"reads"` // user → the IDs they read
	// Format 5: the erased residents, and the access log as action and
	// resident per entry, both as the supporter reads them.
	Tombstones []string `json:"tombstones,omitempty"`
	Log        []string `json:"log,omitempty"`
}

// TestVaultVectorV3 opens testdata/vault-v3.db, a format-3 vault with a
// supporter, a kompaan and a coordinator, written by the format-3 code
// (issue 12): the supporter's first unlock upgrades it (the intake index
// is built), and then each reads exactly what the vector says, the index
// gives each exactly the intakes they read, and Check finds nothing.
func TestVaultVectorV3(t *testing.T) {
	checkVaultVector(t, 3, filepath.Join("testdata", "vault-v3.db"), filepath.Join("testdata", "vault-v3.json"))
}

// TestVaultVectorV4 is the same for testdata/vault-v4.db, format 4 (the
// intake index), written by the format-4 code (issue 13).
func TestVaultVectorV4(t *testing.T) {
	checkVaultVector(t, 4, filepath.Join("testdata", "vault-v4.db"), filepath.Join("testdata", "vault-v4.json"))
}

// TestVaultVectorV5 is the same for testdata/vault-v5.db, format 5 (the
// access log, a tombstone), written by TestVaultVectorV5 -update: the
// supporter also reads the tombstone and the log's entries.
func TestVaultVectorV5(t *testing.T) {
	dbPath, jsonPath := filepath.Join("testdata", "vault-v5.db"), filepath.Join("testdata", "vault-v5.json")
	if *update {
		writeVaultVector(t, dbPath, jsonPath)
	}
	checkVaultVector(t, 5, dbPath, jsonPath)
}

func checkVaultVector(t *testing.T, format uint32, dbPath, jsonPath string) {
	raw, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var vec vault3Vector
	if err := json.Unmarshal(raw, &vec); err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Open(writeTemp(t, db), testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.FormatVersion() != format {
		t.Fatalf("vector format %d, want %d", v.FormatVersion(), format)
	}
	users := make([]string, 0, len(vec.Users))
	for u := range vec.Users {
		users = append(users, u)
	}
	// The supporter first: an older vault is upgraded by a supporter only.
	sort.Slice(users, func(i, j int) bool {
		si, sj := users[i] == "Test Supporter", users[j] == "Test Supporter"
		if si != sj {
			return si
		}
		return users[i] < users[j]
	})
	for _, user := range users {
		if err := v.Unlock(user, []byte(vec.Users[user])); err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		if v.FormatVersion() != currentFormat {
			t.Fatalf("%s: format %d after unlocking", user, v.FormatVersion())
		}
		var gotIn, gotRes, gotIndex []string
		err := v.View(func(tx *Tx) error {
			for _, k := range []Kind{KindIntake, KindResident} {
				if err := tx.access(k); errors.Is(err, ErrNoAccess) {
					continue
				}
				err := tx.ForEach(k, func(id string, decode func(any) error) error {
					if k == KindIntake {
						var in intake.Intake
						if err := decode(&in); err != nil || in.OwnWords != vec.Intakes[id] {
							t.Errorf("%s: intake %s: %q %v", user, id, in.OwnWords, err)
						}
						gotIn = append(gotIn, id)
					} else {
						var r intake.Resident
						if err := decode(&r); err != nil || r.Pseudonym != vec.Residents[id] {
							t.Errorf("%s: resident %s: %q %v", user, id, r.Pseudonym, err)
						}
						gotRes = append(gotRes, id)
					}
					return nil
				})
				if err != nil {
					return err
				}
			}
			if tx.access(KindIntake) != nil {
				return nil
			}
			index, err := tx.IntakeIndex()
			for _, e := range index {
				gotIndex = append(gotIndex, e.Header.ID)
			}
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		want := vec.Reads[user]
		if !slices.Equal(gotIn, want.Intakes) || !slices.Equal(gotRes, want.Residents) {
			t.Errorf("%s reads %v %v, want %v %v", user, gotIn, gotRes, want.Intakes, want.Residents)
		}
		if !slices.Equal(gotIndex, want.Intakes) {
			t.Errorf("%s reads index entries %v, want %v", user, gotIndex, want.Intakes)
		}
		if user == "Test Supporter" && format >= formatLogged {
			var tombs, actions []string
			err := v.View(func(tx *Tx) error {
				ts, err := tx.Tombstones()
				for id := range ts {
					tombs = append(tombs, id)
				}
				if err != nil {
					return err
				}
				return tx.ForEachLog(func(e LogEntry) error {
					if e.Action != ActUnlock { // the unlocks of this test are not the vector's
						actions = append(actions, e.Action+" "+e.Resident)
					}
					return nil
				})
			})
			if err != nil || !slices.Equal(tombs, vec.Tombstones) || !slices.Equal(actions, vec.Log) {
				t.Errorf("tombstones %v, log %v (want %v, %v): %v", tombs, actions, vec.Tombstones, vec.Log, err)
			}
		}
		if rep, err := v.Check(); err != nil || !rep.OK() || !rep.Digest {
			t.Errorf("%s: Check: %v %+v", user, err, rep.Failures)
		}
	}
	if err := v.UnlockWithRecovery([]byte(vec.RecoveryCode)); err != nil {
		t.Fatalf("recovery code: %v", err)
	}
}

// writeVaultVector writes a vault vector of the current format.
func writeVaultVector(t *testing.T, dbPath, jsonPath string) {
	_ = os.Remove(dbPath)
	vec := vault3Vector{
		Comment: fmt.Sprintf("format version %d, KDF argon2id t=1 m=8MiB p=1; made by TestVaultVectorV%d -update. ", currentFormat, currentFormat) +
			"reads: the residents and intakes each user's keys open",
		Users:   map[string]string{"Test Supporter": "test vector passphrase", "Test Kompaan": "kompaan vector passphrase", "Test Coordinator": "coordinator vector passphrase"},
		Intakes: map[string]string{}, Residents: map[string]string{},
		Reads: map[string]struct {
			Intakes   []string `json:"intakes"`
			Residents []string `json:"residents"`
		}{},
	}
	v, code, err := Create(dbPath, "Test Supporter", RoleSupporter, []byte(vec.Users["Test Supporter"]), testOpt)
	if err != nil {
		t.Fatal(err)
	}
	vec.RecoveryCode = string(code)
	for _, u := range []struct {
		name string
		role Role
	}{{"Test Kompaan", RoleKompaan}, {"Test Coordinator", RoleCoordinator}} {
		if err := v.AddUser(u.name, u.role, []byte(vec.Users[u.name])); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	cat := intake.DefaultCatalogue()
	id := func(n int) string { return hex.EncodeToString([]byte{byte(n)}) + "000000000000000000000000000000" }
	r1, r2 := intake.Resident{ID: id(0x11), Pseudonym: "Resident Een", Created: now}, intake.Resident{ID: id(0x12), Pseudonym: "Resident Twee", Created: now}
	mk := func(n int, res, words, kompaan string) intake.Intake {
		in := intake.NewIntake(now)
		in.ID, in.StatID, in.ResidentID, in.OwnWords, in.Status = id(n), id(n+0x10), res, words, intake.StatusOpen
		if res != "" {
			in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
		} else {
			in.OwnWords = ""
		}
		if kompaan != "" {
			in.Presence.Kompaan, in.Presence.KompaanName = true, kompaan
		}
		return in
	}
	ins := []intake.Intake{mk(0x21, r1.ID, "vraag met kompaan", "Test Kompaan"), mk(0x22, r2.ID, "vraag zonder kompaan", ""), mk(0x23, "", "", "Test Kompaan")}
	err = v.Update(func(tx *Tx) error {
		for _, r := range []intake.Resident{r1, r2} {
			if err := tx.Put(KindResident, r.ID, r); err != nil {
				return err
			}
			vec.Residents[r.ID] = r.Pseudonym
		}
		for _, in := range ins {
			if err := tx.SaveIntake(in, cat, now); err != nil {
				return err
			}
			vec.Intakes[in.ID] = in.OwnWords
		}
		if err := tx.Put(KindMeta, "settings", note{Text: "meta record"}); err != nil {
			return err
		}
		// A third resident with a conversation, erased: a tombstone, and
		// the erasure in the access log.
		r3 := intake.Resident{ID: id(0x13), Pseudonym: "Resident Drie", Created: now}
		if err := tx.Put(KindResident, r3.ID, r3); err != nil {
			return err
		}
		if err := tx.SaveIntake(mk(0x24, r3.ID, "vraag van wie gewist wordt", ""), cat, now); err != nil {
			return err
		}
		if _, err := tx.EraseResident(r3.ID, EraseRequest, now); err != nil {
			return err
		}
		if _, err := tx.AppendLog(LogEntry{At: now, Action: ActErase, Outcome: OutcomeOK, User: "Test Supporter", Role: RoleSupporter, Resident: r3.ID, Purpose: PurposeAccess}); err != nil {
			return err
		}
		vec.Tombstones, vec.Log = []string{r3.ID}, []string{ActErase + " " + r3.ID}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all := func(m map[string]string) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	vec.Reads["Test Supporter"] = struct {
		Intakes   []string `json:"intakes"`
		Residents []string `json:"residents"`
	}{all(vec.Intakes), all(vec.Residents)}
	vec.Reads["Test Kompaan"] = struct {
		Intakes   []string `json:"intakes"`
		Residents []string `json:"residents"`
	}{[]string{ins[0].ID, ins[2].ID}, []string{r1.ID}}
	vec.Reads["Test Coordinator"] = struct {
		Intakes   []string `json:"intakes"`
		Residents []string `json:"residents"`
	}{nil, nil}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dbPath, 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(vec, "", "  ")
	if err := os.WriteFile(jsonPath, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
