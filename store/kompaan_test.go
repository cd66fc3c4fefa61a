package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

var (
	kimPass = []byte("kim's own passphrase")
	boPass  = []byte("bo's own passphrase")
)

type kompaanWorld struct {
	v    *Vault
	code []byte // the recovery code
	path string
	now  time.Time
	r    map[string]intake.Resident // by label
	in   map[string]intake.Intake
}

// newKompaanWorld: a supporter, two kompanen (Kim, Bo), and intakes
//
//	i1  resident r1, Kim present
//	i2  resident r2, no kompaan
//	i3  resident r3, Bo present
//	i4  no resident (no consent), Kim present
//	i5  resident r1, a note written by Kim (she took part by writing)
func newKompaanWorld(t *testing.T) *kompaanWorld {
	t.Helper()
	v, path, code := newVault(t)
	for name, pass := range map[string][]byte{"Kim": kimPass, "Bo": boPass} {
		if err := v.AddUser(name, RoleKompaan, pass); err != nil {
			t.Fatal(err)
		}
	}
	w := &kompaanWorld{v: v, path: path, code: code, now: time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC),
		r: map[string]intake.Resident{}, in: map[string]intake.Intake{}}
	for _, l := range []string{"r1", "r2", "r3"} {
		w.r[l] = intake.NewResident("Bewoner "+l, w.now)
	}
	mk := func(label, res, kompaan string) {
		in := intake.NewIntake(w.now)
		in.Status = intake.StatusOpen
		in.OwnWords = "vraag " + label
		if res != "" {
			in.ResidentID = w.r[res].ID
			in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: w.now}
		}
		if kompaan != "" {
			in.Presence.Kompaan, in.Presence.KompaanName = true, kompaan
		}
		w.in[label] = in
	}
	mk("i1", "r1", "Kim")
	mk("i2", "r2", "")
	mk("i3", "r3", "Bo")
	mk("i4", "", "kim") // names compare without case
	mk("i5", "r1", "")
	i5 := w.in["i5"]
	i5.Notes = []intake.Note{{Author: "Kim", Role: intake.RoleKompaan, At: w.now, Text: "samen gebeld"}}
	w.in["i5"] = i5
	err := v.Update(func(tx *Tx) error {
		for _, r := range w.r {
			if err := tx.Put(KindResident, r.ID, r); err != nil {
				return err
			}
		}
		for _, in := range w.in {
			if err := tx.SaveIntake(in, intake.DefaultCatalogue(), w.now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// readable lists the labels of what the unlocked user reads through the
// store's API. The intake index must give the same intakes, each entry
// what its intake says: the kompaan rule holds for the index too.
func (w *kompaanWorld) readable(t *testing.T) (intakes, residents []string) {
	t.Helper()
	label := map[string]string{}
	for l, in := range w.in {
		label[in.ID] = l
	}
	for l, r := range w.r {
		label[r.ID] = l
	}
	var indexed []string
	err := w.v.View(func(tx *Tx) error {
		entries := map[string]intake.IndexEntry{}
		for _, k := range []Kind{KindIntake, KindResident} {
			err := tx.ForEach(k, func(id string, decode func(any) error) error {
				if k == KindIntake {
					var in intake.Intake
					if err := decode(&in); err != nil {
						return err
					}
					entries[id] = in.IndexEntry()
					intakes = append(intakes, label[id])
					return nil
				}
				var x json.RawMessage
				if err := decode(&x); err != nil {
					return err
				}
				residents = append(residents, label[id])
				return nil
			})
			if err != nil {
				return err
			}
		}
		index, err := tx.IntakeIndex()
		if err != nil {
			return err
		}
		for _, e := range index {
			indexed = append(indexed, label[e.Header.ID])
			if !sameEntry(e, entries[e.Header.ID]) {
				t.Errorf("the index entry of %s says %+v, the intake %+v", label[e.Header.ID], e, entries[e.Header.ID])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(indexed)
	sort.Strings(intakes)
	if !slices.Equal(indexed, intakes) {
		t.Errorf("the index gives intakes %v, the intakes bucket %v", indexed, intakes)
	}
	sort.Strings(intakes)
	sort.Strings(residents)
	return intakes, residents
}

func (w *kompaanWorld) unlock(t *testing.T, user string, pass []byte) {
	t.Helper()
	if err := w.v.Unlock(user, pass); err != nil {
		t.Fatalf("unlock %s: %v", user, err)
	}
}

// TestKompaanRuleByKeys: a kompaan's keys open exactly the intakes they
// took part in (named as the kompaan, or author of a note) and those
// intakes' residents — through the API and in the raw file: their slot
// holds no group key, and their member key opens no other wrap.
func TestKompaanRuleByKeys(t *testing.T) {
	w := newKompaanWorld(t)
	tests := []struct {
		user                string
		pass                []byte
		intakes, residents  []string
		forbidden, notThere string
	}{
		{testUser, []byte(testPass), []string{"i1", "i2", "i3", "i4", "i5"}, []string{"r1", "r2", "r3"}, "", ""},
		{"Kim", kimPass, []string{"i1", "i4", "i5"}, []string{"r1"}, "i2", "r2"},
		{"Bo", boPass, []string{"i3"}, []string{"r3"}, "i1", "r1"},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			w.unlock(t, tt.user, tt.pass)
			in, res := w.readable(t)
			if !slices.Equal(in, tt.intakes) || !slices.Equal(res, tt.residents) {
				t.Fatalf("%s reads intakes %v residents %v, want %v %v", tt.user, in, res, tt.intakes, tt.residents)
			}
			if tt.forbidden == "" {
				return
			}
			err := w.v.View(func(tx *Tx) error {
				var in intake.Intake
				if err := tx.Get(KindIntake, w.in[tt.forbidden].ID, &in); !errors.Is(err, ErrNoAccess) {
					t.Errorf("Get %s: %v, want ErrNoAccess", tt.forbidden, err)
				}
				var r intake.Resident
				if err := tx.Get(KindResident, w.r[tt.notThere].ID, &r); !errors.Is(err, ErrNoAccess) {
					t.Errorf("Get %s: %v, want ErrNoAccess", tt.notThere, err)
				}
				if err := tx.Get(KindMeta, "settings", &r); !errors.Is(err, ErrNoAccess) {
					t.Errorf("Get meta: %v, want ErrNoAccess", err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// What a program with the store package and this passphrase
			// gets: the slot's keys, and the wraps they open.
			p := openOwnSlot(t, w.v, tt.pass)
			if p.Notes != nil || p.Member == nil || p.Version != slotPayloadV3 || p.User == nil {
				t.Fatalf("kompaan slot: version %d, group key %v, member key %v", p.Version, p.Notes != nil, p.Member != nil)
			}
			opened := rawWrapsOpenedBy(t, w.v, p.Member)
			want := map[string]bool{}
			for _, l := range tt.intakes {
				want["intakes/"+w.in[l].ID] = true
				want[bucketIndex+"/"+w.in[l].ID] = true
			}
			for _, l := range tt.residents {
				want["residents/"+w.r[l].ID] = true
			}
			if len(opened) != len(want) {
				t.Fatalf("the member key opens %d wraps in the file, want %d", len(opened), len(want))
			}
			for id := range opened {
				if !want[id] {
					t.Fatalf("the member key opens the wrap of %s", id)
				}
			}
		})
	}
}

func openOwnSlot(t *testing.T, v *Vault, pass []byte) slotPayload {
	t.Helper()
	for id, raw := range slotBytes(t, v) {
		if _, p, err := openSlot(id, raw, pass); err == nil {
			return p
		}
	}
	t.Fatal("no slot opens")
	return slotPayload{}
}

// rawWrapsOpenedBy tries member on every wrap of every resident and intake
// in the file and returns the IDs it opens.
func rawWrapsOpenedBy(t *testing.T, v *Vault, member []byte) map[string]bool {
	t.Helper()
	a := testAEAD(t, member)
	out := map[string]bool{}
	err := v.db.View(func(tx *bolt.Tx) error {
		for _, bucket := range []string{string(KindResident), string(KindIntake), bucketIndex} {
			k := Kind(bucket)
			if bucket == bucketIndex {
				k = KindIntake // an entry carries its intake's wraps
			}
			err := tx.Bucket([]byte(bucket)).ForEach(func(id, val []byte) error {
				f, err := parseFiled(val)
				if err != nil {
					return err
				}
				for _, w := range append([][]byte{f.group}, f.members...) {
					if _, err := openWrap(a, wrapAD(v.version, string(k), string(id), wrapMember), w); err == nil {
						out[bucket+"/"+string(id)] = true
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKompaanWrites: what a kompaan writes, supporters read at once (the
// wrap to the group's public key) and settle at their next unlock; other
// kompanen do not read it. A supporter naming another kompaan moves the
// intake's key to them.
func TestKompaanWrites(t *testing.T) {
	w := newKompaanWorld(t)
	w.unlock(t, "Kim", kimPass)
	r := intake.NewResident("Nieuw via Kim", w.now)
	in := intake.NewIntake(w.now)
	in.ResidentID, in.OwnWords = r.ID, "nieuwe vraag"
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: w.now}
	in.Presence.Kompaan, in.Presence.KompaanName = true, "Kim"
	w.r["r6"], w.in["i6"] = r, in
	i1 := w.in["i1"]
	i1.Notes = append(i1.Notes, intake.Note{Author: "Kim", Role: intake.RoleKompaan, At: w.now, Text: "aanvulling"})
	w.in["i1"] = i1
	err := w.v.Update(func(tx *Tx) error {
		if err := tx.Put(KindResident, r.ID, r); err != nil {
			return err
		}
		if err := tx.SaveIntake(in, intake.DefaultCatalogue(), w.now); err != nil {
			return err
		}
		return tx.SaveIntake(i1, intake.DefaultCatalogue(), w.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	// A kompaan cannot overwrite what is not theirs.
	err = w.v.Update(func(tx *Tx) error { return tx.Put(KindIntake, w.in["i2"].ID, w.in["i2"]) })
	if !errors.Is(err, ErrNoAccess) {
		t.Fatalf("kompaan overwriting another intake: %v", err)
	}
	if in, res := w.readable(t); !slices.Equal(in, []string{"i1", "i4", "i5", "i6"}) || !slices.Equal(res, []string{"r1", "r6"}) {
		t.Fatalf("Kim after writing: %v %v", in, res)
	}
	pending := groupWrapTypes(t, w.v)
	if pending[in.ID] != wrapPub || pending[r.ID] != wrapPub || pending[i1.ID] != wrapPub || pending[w.in["i2"].ID] != wrapSym {
		t.Fatalf("group wrap types after Kim wrote: %v", pending)
	}

	w.unlock(t, "Bo", boPass)
	if in, _ := w.readable(t); !slices.Equal(in, []string{"i3"}) {
		t.Fatalf("Bo reads %v", in)
	}

	w.unlock(t, testUser, []byte(testPass)) // settles what Kim wrote
	for id, typ := range groupWrapTypes(t, w.v) {
		if typ != wrapSym {
			t.Fatalf("record %s still has group wrap type %d after a supporter's unlock", id, typ)
		}
	}
	var got intake.Intake
	if err := w.v.View(func(tx *Tx) error { return tx.Get(KindIntake, i1.ID, &got) }); err != nil || len(got.Notes) != 1 {
		t.Fatalf("supporter reading Kim's note: %v %+v", err, got.Notes)
	}
	// The supporter names Bo instead of Kim in i4: the key moves.
	i4 := w.in["i4"]
	i4.Presence.KompaanName = "Bo"
	if err := w.v.Update(func(tx *Tx) error { return tx.SaveIntake(i4, intake.DefaultCatalogue(), w.now) }); err != nil {
		t.Fatal(err)
	}
	if rep, err := w.v.Check(); err != nil || !rep.OK() || !rep.Digest || !rep.CrossChecked {
		t.Fatalf("Check: %v %+v", err, rep)
	}
	w.unlock(t, "Kim", kimPass)
	if in, _ := w.readable(t); !slices.Equal(in, []string{"i1", "i5", "i6"}) {
		t.Fatalf("Kim after i4 moved to Bo: %v", in)
	}
	w.unlock(t, "Bo", boPass)
	if in, res := w.readable(t); !slices.Equal(in, []string{"i3", "i4"}) || !slices.Equal(res, []string{"r3"}) {
		t.Fatalf("Bo after i4 moved to her: %v %v", in, res)
	}
}

func groupWrapTypes(t *testing.T, v *Vault) map[string]byte {
	t.Helper()
	out := map[string]byte{}
	err := v.db.View(func(tx *bolt.Tx) error {
		for _, k := range []Kind{KindResident, KindIntake} {
			_ = tx.Bucket([]byte(k)).ForEach(func(id, val []byte) error {
				out[string(id)] = val[1]
				return nil
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRemoveKompaanRekeys: removing a kompaan gives the records they held
// a key for new data keys, so their old member key opens nothing.
func TestRemoveKompaanRekeys(t *testing.T) {
	w := newKompaanWorld(t)
	kim := openOwnSlot(t, w.v, kimPass)
	before := rawWrapsOpenedBy(t, w.v, kim.Member)
	if len(before) != 7 { // i1, i4, i5 and their index entries, r1
		t.Fatalf("Kim's key opens %d wraps before", len(before))
	}
	envBefore := rawValue(t, w.v, string(KindIntake), w.in["i4"].ID)
	if err := w.v.RemoveUser("Kim"); err != nil {
		t.Fatal(err)
	}
	if after := rawWrapsOpenedBy(t, w.v, kim.Member); len(after) != 0 {
		t.Fatalf("a removed kompaan's key still opens %v", after)
	}
	if bytes.Equal(envBefore, rawValue(t, w.v, string(KindIntake), w.in["i4"].ID)) {
		t.Fatal("i4 kept its sealed value")
	}
	if in, res := w.readable(t); len(in) != 5 || len(res) != 3 {
		t.Fatalf("supporter after removal: %v %v", in, res)
	}
	if rep, err := w.v.Check(); err != nil || !rep.OK() {
		t.Fatalf("Check after removal: %v %+v", err, rep.Failures)
	}
	w.unlock(t, "Bo", boPass)
	if in, _ := w.readable(t); !slices.Equal(in, []string{"i3"}) {
		t.Fatalf("Bo after Kim's removal: %v", in)
	}
}

// TestKompaanPassphraseChanges: a kompaan's new slot (passwd, or reset
// with the recovery code) keeps their member key and no group key.
func TestKompaanPassphraseChanges(t *testing.T) {
	w := newKompaanWorld(t)
	w.unlock(t, "Kim", kimPass)
	newPass := []byte("kim kiest een nieuwe zin")
	if err := w.v.ChangePassphrase(newPass); err != nil {
		t.Fatal(err)
	}
	w.unlock(t, "Kim", newPass)
	if in, _ := w.readable(t); !slices.Equal(in, []string{"i1", "i4", "i5"}) {
		t.Fatalf("Kim after passwd: %v", in)
	}
	if err := w.v.UnlockWithRecovery(w.code); err != nil {
		t.Fatal(err)
	}
	reset := []byte("kim kreeg een nieuwe zin")
	if err := w.v.SetPassphraseWithRecovery("Kim", reset); err != nil {
		t.Fatal(err)
	}
	w.unlock(t, "Kim", reset)
	if in, _ := w.readable(t); !slices.Equal(in, []string{"i1", "i4", "i5"}) {
		t.Fatalf("Kim after a reset with the recovery code: %v", in)
	}
	if p := openOwnSlot(t, w.v, reset); p.Notes != nil || p.Member == nil {
		t.Fatal("the reset slot of a kompaan holds the group key")
	}
}

// TestMigrateKompaanVector upgrades testdata/vault-v1-kompaan.db, written
// by the format-1 code: only a supporter may; afterwards every record reads
// as before, Check finds nothing, and the kompaan reads only the intakes
// they took part in — and their slot is converted at their first unlock,
// holding no group key any more. Read-only, the file is read as format 1
// and left untouched.
func TestMigrateKompaanVector(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "vault-v1-kompaan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vec struct {
		Users   map[string]string `json:"users"`
		Records []struct {
			Kind      Kind   `json:"kind"`
			ID        string `json:"id"`
			OwnWords  string `json:"own_words"`
			Pseudonym string `json:"pseudonym"`
			Kompaan   string `json:"kompaan"`
			Resident  string `json:"resident"`
		} `json:"records"`
	}
	if err := json.Unmarshal(raw, &vec); err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(filepath.Join("testdata", "vault-v1-kompaan.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v.db")
	if err := os.WriteFile(path, db, 0o600); err != nil {
		t.Fatal(err)
	}

	// Read-only: format 1 as it is, for a supporter; the file unchanged.
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := ro.Unlock("Test Supporter", []byte(vec.Users["Test Supporter"])); err != nil || ro.FormatVersion() != 1 {
		t.Fatalf("read-only supporter: %v, format %d", err, ro.FormatVersion())
	}
	var r intake.Resident
	if err := ro.View(func(tx *Tx) error { return tx.Get(KindResident, vec.Records[0].ID, &r) }); err != nil || r.Pseudonym != vec.Records[0].Pseudonym {
		t.Fatalf("read-only read: %v %+v", err, r)
	}
	if err := ro.Update(func(tx *Tx) error { return nil }); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only Update: %v", err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, db) {
		t.Fatal("a read-only open changed the file")
	}

	v, err := Open(path, testOpt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, u := range []string{"Test Kompaan", "Test Coordinator"} {
		if err := v.Unlock(u, []byte(vec.Users[u])); !errors.Is(err, ErrNeedsUpgrade) || v.FormatVersion() != 1 {
			t.Fatalf("%s on a format-1 vault: %v (format %d)", u, err, v.FormatVersion())
		}
	}
	if err := v.Unlock("Test Supporter", []byte(vec.Users["Test Supporter"])); err != nil || v.FormatVersion() != currentFormat {
		t.Fatalf("supporter upgrade: %v, format %d", err, v.FormatVersion())
	}
	check := func(who string, wantIntakes []string, wantResidents []string) {
		t.Helper()
		var gotIn, gotRes []string
		err := v.View(func(tx *Tx) error {
			if err := tx.ForEach(KindIntake, func(id string, decode func(any) error) error {
				var in intake.Intake
				if err := decode(&in); err != nil {
					return err
				}
				for _, rec := range vec.Records {
					if rec.ID == id && (in.OwnWords != rec.OwnWords || in.Presence.KompaanName != rec.Kompaan || in.ResidentID != rec.Resident) {
						t.Errorf("%s: intake %s reads %+v", who, id, in)
					}
				}
				gotIn = append(gotIn, id[30:])
				return nil
			}); err != nil {
				return err
			}
			return tx.ForEach(KindResident, func(id string, decode func(any) error) error {
				var r intake.Resident
				if err := decode(&r); err != nil {
					return err
				}
				gotRes = append(gotRes, id[30:])
				return nil
			})
		})
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		if !slices.Equal(gotIn, wantIntakes) || !slices.Equal(gotRes, wantResidents) {
			t.Fatalf("%s reads intakes %v residents %v, want %v %v", who, gotIn, gotRes, wantIntakes, wantResidents)
		}
	}
	check("supporter", []string{"21", "22", "23"}, []string{"11", "12"})
	if rep, err := v.Check(); err != nil || !rep.OK() || !rep.Digest || !rep.CrossChecked {
		t.Fatalf("Check after the upgrade: %v %+v", err, rep)
	}

	kompaanPass := []byte(vec.Users["Test Kompaan"])
	if p := openOwnSlot(t, v, kompaanPass); p.Version != slotPayloadV1 || p.Notes == nil {
		t.Fatalf("the kompaan's slot before their unlock: version %d", p.Version)
	}
	if err := v.Unlock("Test Kompaan", kompaanPass); err != nil {
		t.Fatalf("kompaan after the upgrade: %v", err)
	}
	check("kompaan", []string{"21", "23"}, []string{"11"})
	if p := openOwnSlot(t, v, kompaanPass); p.Version != slotPayloadV3 || p.Notes != nil || p.Member == nil || p.User == nil {
		t.Fatalf("the kompaan's slot after their unlock: version %d, group key %v", p.Version, p.Notes != nil)
	}
	if err := v.Unlock("Test Coordinator", []byte(vec.Users["Test Coordinator"])); err != nil {
		t.Fatalf("coordinator after the upgrade: %v", err)
	}
	if err := v.View(func(tx *Tx) error { return tx.Get(KindIntake, vec.Records[2].ID, &r) }); !errors.Is(err, ErrNoAccess) {
		t.Fatalf("coordinator reading an intake: %v", err)
	}
}

// TestKompaanStatFlags: a kompaan holds no key to the residents' lists of
// statistics records, yet saves an intake; its record counts as its
// resident's first until a supporter's unlock puts it in the list.
func TestKompaanStatFlags(t *testing.T) {
	w := newKompaanWorld(t)
	w.unlock(t, "Kim", kimPass)
	// r1 has i1 and i5 in March; Kim opens a third intake for r1 in April
	// and one more in March.
	april := intake.NewIntake(w.now.AddDate(0, 1, 0))
	march := intake.NewIntake(w.now.Add(time.Hour))
	// Of two intakes in one month, the one with the lower statistics ID
	// counts as the first: this one comes last.
	march.StatID = strings.Repeat("f", 32)
	for _, in := range []*intake.Intake{&april, &march} {
		in.ResidentID = w.r["r1"].ID
		in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: w.now}
		in.Presence.Kompaan, in.Presence.KompaanName = true, "Kim"
	}
	err := w.v.Update(func(tx *Tx) error {
		if err := tx.SaveIntake(april, intake.DefaultCatalogue(), w.now); err != nil {
			return err
		}
		return tx.SaveIntake(march, intake.DefaultCatalogue(), w.now)
	})
	if err != nil {
		t.Fatalf("kompaan saving: %v", err)
	}
	flags := func(id string) [3]bool {
		r := statOf(t, w.v, id)
		return [3]bool{r.FirstInMonth, r.FirstInQuarter, r.FirstInYear}
	}
	if f := flags(march.StatID); f != [3]bool{true, true, true} {
		t.Fatalf("before a supporter's unlock: %v", f)
	}
	w.unlock(t, testUser, []byte(testPass))
	if f := flags(march.StatID); f[0] || f[1] || f[2] {
		t.Errorf("March, after a supporter's unlock: %v, want none (i1 or i5 came first)", f)
	}
	if f := flags(april.StatID); f != [3]bool{true, true, false} {
		t.Errorf("April, after a supporter's unlock: %v, want first in its month and quarter, not its year", f)
	}
	if rep, err := w.v.Check(); err != nil || !rep.OK() {
		t.Fatalf("Check: %v %+v", err, rep.Failures)
	}
}
